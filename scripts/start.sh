#!/usr/bin/env bash
# Installs the project into .venv and starts the bot (reverse WebSocket server for NapCat/Lagrange).
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e .
exec .venv/bin/python -m bot
