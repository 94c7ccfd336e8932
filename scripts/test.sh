#!/usr/bin/env bash
# Run the test suite: bash scripts/test.sh [pytest args]
# Installs the project with its test extras into .venv; browser tests need
# Chromium (Debian package `chromium`), installed here when running as root.
source "$(dirname "$0")/env.sh" test
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Chromium and fonts for the browser tests (apt-get)..."
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core poppler-utils >/dev/null) \
    || echo "warning: could not install chromium; browser tests will be skipped" >&2
fi
if [ -f package.json ] && command -v npm >/dev/null 2>&1 && [ ! -d node_modules ]; then
  npm install --silent --no-audit --no-fund >/dev/null 2>&1 || echo "warning: npm install failed; axe tests will be skipped" >&2
fi
exec .venv/bin/python -m pytest "$@"
