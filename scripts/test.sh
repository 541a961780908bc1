#!/usr/bin/env bash
# Install what the tests need and run the whole suite (SQLite unless DATABASE_URL is set).
# Usage: ./scripts/test.sh [pytest arguments]
source "$(dirname "$0")/_env.sh"
pip_install -e ".[test]"
need_assets
if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
# PDF publication draws Chinese with Debian's Noto CJK fonts.
if [ ! -d /usr/share/fonts/opentype/noto ] && command -v apt-get >/dev/null; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq fonts-noto-cjk >/dev/null
fi
python -m pytest "$@"
