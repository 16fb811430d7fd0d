#!/usr/bin/env bash
# Set up (first time only) and serve the app on http://localhost:8501
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup_env.sh app
exec .venv/bin/python -m streamlit run app.py --server.port "${PORT:-8501}" --server.address "${ADDRESS:-localhost}" "$@"
