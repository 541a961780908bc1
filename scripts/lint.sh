#!/usr/bin/env bash
# Format, lint and type-check (what CI checks after the tests). Usage: scripts/lint.sh [--fix]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--fix" ]; then .venv/bin/ruff format -q . && .venv/bin/ruff check --fix -q . || true; fi
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy cbec
