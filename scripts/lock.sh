#!/usr/bin/env bash
# Re-compile the locks from pyproject.toml's ranges: bash scripts/lock.sh [uv pip compile args]
#   e.g. --upgrade (every package to its newest allowed release) or --upgrade-package pyyaml
#   requirements/test.lock  the project with its test extras (scripts/test.sh installs it)
#   requirements/site.lock  the project alone (scripts/site.sh), at the same versions as test.lock
#   requirements/zensical.lock  Zensical, for the test that builds the example with it
#                           (tests/support/zensical.py installs it into .venv-zensical), shared packages
#                           (Markdown, pymdown-extensions, Jinja2) at the versions of test.lock
# Both are universal (one file for Python 3.11+, any platform; markers where versions differ), hold
# the build backend of [build-system] too, and list the sha256 of every file on PyPI for each version.
# Without --upgrade, versions already in a lock are kept; run it after changing pyproject.toml's ranges.
# The tool, uv, is installed on demand into .venv-tools (a dev-only need, not a dependency of the project).
set -euo pipefail
cd "$(dirname "$0")/.."
UV_VERSION=0.13.9
if [ "$(.venv-tools/bin/uv --version 2>/dev/null | cut -d' ' -f2)" != "$UV_VERSION" ]; then
  "${PYTHON:-python3}" -m venv .venv-tools
  .venv-tools/bin/python -m pip install --quiet "uv==$UV_VERSION"
fi
mkdir -p requirements
build_requires() {
  "${PYTHON:-python3}" -c 'import tomllib as t
print(*t.load(open("pyproject.toml", "rb"))["build-system"]["requires"], sep="\n")'
}
compile() {  # compile OUTPUT [args]: pyproject.toml's dependencies and the build backend (stdin) into OUTPUT
  local out=$1; shift
  build_requires | .venv-tools/bin/uv pip compile --quiet pyproject.toml - --universal --python-version 3.11 \
    --generate-hashes --custom-compile-command "bash scripts/lock.sh" -o "$out" "$@"
}
compile requirements/test.lock --extra test "$@"
compile requirements/site.lock --constraint requirements/test.lock
echo zensical | .venv-tools/bin/uv pip compile --quiet - --universal --python-version 3.11 --generate-hashes \
  --custom-compile-command "bash scripts/lock.sh" --constraint requirements/test.lock -o requirements/zensical.lock "$@"
echo "Locks written: requirements/test.lock, requirements/site.lock, requirements/zensical.lock (commit them)"
