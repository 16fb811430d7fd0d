#!/usr/bin/env bash
# Set up (first time only: venv, packages, Debian's chromium), lint, type-check and run every test.
# Arguments go to pytest, e.g. `scripts/run_tests.sh -m "not slow and not browser"` for an inner loop.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup_env.sh test
echo "[lint] ruff check ." >&2
.venv/bin/ruff check .
echo "[types] mypy core/" >&2
.venv/bin/mypy
exec .venv/bin/python -m pytest "$@"
