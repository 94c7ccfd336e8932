# Sourced by the scripts: a virtual environment in .venv with the project installed
# at the versions of a lock: requirements/test.lock for the tests, requirements/site.lock
# for the site (both compiled from pyproject.toml by scripts/lock.sh, with hashes).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
extra=${1:-}
lock="requirements/${extra:-site}.lock"
stamp=".venv/.installed${extra:+-$extra}"
# The stamp holds the digest of the lock and pyproject.toml: a change to either reinstalls.
want=$(cat "$lock" pyproject.toml | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "Installing the versions of $lock into .venv..."
  .venv/bin/python -m pip install --quiet --require-hashes -r "$lock"
  # setuptools (the build backend) comes from the lock, so no isolated build fetches another one.
  .venv/bin/python -m pip install --quiet --no-deps --no-build-isolation -e .
  echo "$want" > "$stamp"
fi
export NO_MKDOCS_2_WARNING=1
