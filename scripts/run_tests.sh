#!/usr/bin/env bash
# Set up (first time only: venv, packages, Debian's chromium) and run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup_env.sh test
exec .venv/bin/python -m pytest "$@"
