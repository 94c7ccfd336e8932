#!/usr/bin/env bash
# Run the test suite: bash scripts/test.sh [--newest] [pytest args]
# Installs the project with its test extras into .venv at the versions of
# requirements/test.lock; browser tests need Chromium (Debian package
# `chromium`), installed here when running as root.
# --newest: in a new .venv-newest, the newest releases that pyproject.toml
# allows instead, and what moved from the lock is printed before and after.
if [ "${1:-}" = --newest ]; then
  shift
  CJM_NEWEST=1  # read by env.sh; not exported, so nothing the tests start sees it
fi
source "$(dirname "$0")/env.sh" test
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Chromium and fonts for the browser tests (apt-get)..."
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core poppler-utils >/dev/null) \
    || echo "warning: could not install chromium; browser tests will be skipped" >&2
fi
if [ -f package.json ] && command -v npm >/dev/null 2>&1 && [ ! -d node_modules ]; then
  npm install --silent --no-audit --no-fund >/dev/null 2>&1 || echo "warning: npm install failed; axe tests will be skipped" >&2
fi
if [ -n "${CJM_NEWEST:-}" ]; then
  status=0
  "$VENV/bin/python" -m pytest "$@" || status=$?
  cat "$VENV/what-moved.txt"
  exit "$status"
fi
exec "$VENV/bin/python" -m pytest "$@"
