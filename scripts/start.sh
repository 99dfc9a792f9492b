#!/usr/bin/env bash
# Installs the project into .venv (only when its dependencies changed) and starts the bot: the
# reverse WebSocket server NapCat / Lagrange.OneBot connect to. Settings come from .env and the
# environment. PYTHON=python3.12 picks the interpreter; --install-only installs and stops there
# (for systemd, which starts .venv/bin/python -m bot itself).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/venv.sh
ensure_venv
if [ "${1:-}" = "--install-only" ]; then
    echo "已安装到 $(pwd)/.venv" >&2
    exit 0
fi
exec .venv/bin/python -m bot "$@"
