#!/usr/bin/env bash
# Build (default) or serve the example site: bash scripts/site.sh [build|serve]
source "$(dirname "$0")/env.sh"
case "${1:-build}" in
  build) .venv/bin/mkdocs build --strict && echo "Site built in site/ - serve it with: bash scripts/site.sh serve" ;;
  serve) .venv/bin/mkdocs serve --livereload -a "${ADDR:-127.0.0.1:8000}" ;;
  *) echo "usage: bash scripts/site.sh [build|serve]" >&2; exit 2 ;;
esac
