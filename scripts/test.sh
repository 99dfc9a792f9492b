#!/usr/bin/env bash
# Installs the project with its test tools into .venv (only when its dependencies changed), then
# runs lint, type checks and the whole test suite; arguments go to pytest. .ci/run runs this.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/venv.sh
ensure_venv test
.venv/bin/python -m ruff check .
.venv/bin/python -m mypy bot plugins
# pytest exits 5 when nothing ran; set -e turns that into a failure like any other.
.venv/bin/python -m pytest "$@"
