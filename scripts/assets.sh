#!/usr/bin/env bash
# Install the front-end assets from the npm registry and copy the files the UI serves locally.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error; else npm install --no-audit --no-fund --loglevel=error; fi
dest=cbec/web/static/vendor
mkdir -p "$dest"
cp node_modules/htmx.org/dist/htmx.min.js "$dest/htmx.min.js"
cp node_modules/echarts/dist/echarts.min.js "$dest/echarts.min.js"
cp node_modules/@picocss/pico/css/pico.min.css "$dest/pico.min.css"
echo "assets installed in $dest"
