# Shared by run.sh and test.sh: a virtual environment with the project installed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
export PATH="$ROOT/.venv/bin:$PATH"
pip_install() { .venv/bin/python -m pip install --quiet --disable-pip-version-check "$@"; }
need_assets() {
  [ -f cbec/web/static/vendor/echarts.min.js ] && [ -f cbec/web/static/vendor/htmx.min.js ] \
    && [ -f cbec/web/static/vendor/pico.min.css ] || bash scripts/assets.sh
}
