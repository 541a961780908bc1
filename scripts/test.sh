#!/usr/bin/env bash
# Install what the tests need and run the whole suite (SQLite unless DATABASE_URL is set).
# Usage: ./scripts/test.sh [pytest arguments]
source "$(dirname "$0")/_env.sh"
pip_install -e ".[test]"
need_assets
# Debian packages the suite uses: Chromium (browser tests), Noto CJK fonts (PDF publication in
# Chinese), Java 17 (the PySpark test of the monitor stages).
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -d /usr/share/fonts/opentype/noto ] || missing+=(fonts-noto-cjk)
command -v java >/dev/null || missing+=(openjdk-17-jre-headless)
if [ ${#missing[@]} -gt 0 ] && command -v apt-get >/dev/null; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
python -m pytest "$@"
