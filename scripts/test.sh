#!/usr/bin/env bash
# Installs the project with its test tools into .venv and runs lint and the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[test]"
.venv/bin/python -m ruff check .
.venv/bin/python -m mypy bot plugins
.venv/bin/python -m pytest "$@"
