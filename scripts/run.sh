#!/usr/bin/env bash
# Run the platform on the embedded default: SQLite, built-in catalog, labelled sample data.
# Usage: ./scripts/run.sh [PORT]
source "$(dirname "$0")/_env.sh"
pip_install -e .
need_assets
cbec setup
cbec serve --host 127.0.0.1 --port "${1:-8000}"
