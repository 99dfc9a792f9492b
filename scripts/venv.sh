# Sourced by scripts/start.sh and scripts/test.sh: makes .venv with a Python >= 3.11 and installs
# the project into it (editable, with the extras given) only when pyproject.toml or setup.py
# changed since the last install, so a start needs no network once installed.
# Usage: ensure_venv [EXTRAS]   e.g. ensure_venv test
# Messages are for the operator, in Chinese; PYTHON=... picks the interpreter.

MIN_PYTHON="3.11"

_py_version() {  # "3.11" of the given interpreter, empty if it does not run
    "$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || true
}

_version_ok() {  # "X.Y" is at least MIN_PYTHON
    [ -n "$1" ] && python_version="$1" min="$MIN_PYTHON" awk 'BEGIN {
        split(ENVIRON["python_version"], v, "."); split(ENVIRON["min"], m, ".")
        exit !(v[1] > m[1] || (v[1] == m[1] && v[2] >= m[2])) }'
}

_deps_hash() {  # what an install depends on: the two packaging files, the extras, the Python
    .venv/bin/python - "$1" <<'PY'
import hashlib, sys
h = hashlib.sha256()
for name in ("pyproject.toml", "setup.py"):
    with open(name, "rb") as f:
        h.update(f.read())
h.update(sys.argv[1].encode())
h.update(sys.version.encode())
print(h.hexdigest())
PY
}

ensure_venv() {
    local extras="${1:-}" py="${PYTHON:-python3}" have want
    if ! command -v "$py" >/dev/null 2>&1; then
        echo "找不到 Python（$py）。请先安装 Python $MIN_PYTHON 或更新版本，或用 PYTHON=python3.12 指定。" >&2
        return 1
    fi
    want="$(_py_version "$py")"
    if ! _version_ok "$want"; then
        echo "需要 Python $MIN_PYTHON 或更新版本，$py 是 ${want:-无法运行}。请安装新版本，或用 PYTHON=python3.12 指定。" >&2
        return 1
    fi
    if [ -e .venv ]; then
        have="$(_py_version .venv/bin/python)"
        if ! _version_ok "$have"; then
            echo "现有的 .venv 由 Python ${have:-（已损坏）} 创建，低于 $MIN_PYTHON：用 $py（$want）重建。" >&2
            rm -rf .venv
        elif [ -n "${PYTHON:-}" ] && [ "$have" != "$want" ]; then
            echo "现有的 .venv 由 Python $have 创建，PYTHON 指定的是 $want：用 $py 重建。" >&2
            rm -rf .venv
        fi
    fi
    if [ ! -e .venv ]; then
        "$py" -m venv .venv || { echo "用 $py 创建 .venv 失败（Debian/Ubuntu 上先装 python3-venv）。" >&2; return 1; }
    fi

    local stamp=".venv/.installed${extras:+-$extras}" hash spec="."
    hash="$(_deps_hash "$extras")"
    # The test install includes everything the plain install has.
    if [ "$(cat "$stamp" 2>/dev/null)" = "$hash" ]; then return 0; fi
    if [ -z "$extras" ] && [ "$(cat .venv/.installed-test 2>/dev/null)" = "$(_deps_hash test)" ]; then
        return 0
    fi
    [ -n "$extras" ] && spec=".[$extras]"
    echo "安装依赖到 .venv（pyproject.toml 或 setup.py 有变化，或第一次安装；需要能访问 PyPI）…" >&2
    if ! .venv/bin/python -m pip install -q --disable-pip-version-check -e "$spec"; then
        echo "安装依赖失败：请检查网络（PyPI）后重试。" >&2
        return 1
    fi
    echo "$hash" > "$stamp"
}
