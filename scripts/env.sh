# Sourced by the scripts: a virtual environment ($VENV) with the project installed.
# Normally .venv, at the versions of a lock: requirements/test.lock for the tests, requirements/site.lock
# for the site (both compiled from pyproject.toml by scripts/lock.sh, with hashes).
# With CJM_NEWEST=1 set by the sourcing script (bash scripts/test.sh --newest): a new .venv-newest with the
# newest releases that pyproject.toml's ranges allow; what moved from the lock is printed and kept in
# .venv-newest/what-moved.txt.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PY=${PYTHON:-python3}
# `source env.sh test` for the tests; anything else (a sourcing script's own arguments) is the site's lock.
case "${1:-}" in
  test) extra=test ;;
  *) extra= ;;
esac
lock="requirements/${extra:-site}.lock"
if [ -n "${CJM_NEWEST:-}" ]; then
  VENV=.venv-newest
  rm -rf "$VENV"
  "$PY" -m venv "$VENV"
  # The build backend too ([build-system] requires), as the lock has it.
  mapfile -t build < <("$PY" -c 'import tomllib as t
print(*t.load(open("pyproject.toml", "rb"))["build-system"]["requires"], sep="\n")')
  echo "Installing the newest releases that pyproject.toml allows into $VENV..."
  "$VENV/bin/python" -m pip install --quiet "${build[@]}" -e ".${extra:+[$extra]}"
  "$VENV/bin/python" tools/what_moved.py "$lock" | tee "$VENV/what-moved.txt"
else
  VENV=.venv
  if [ ! -x "$VENV/bin/python" ]; then
    "$PY" -m venv "$VENV"
  fi
  stamp="$VENV/.installed${extra:+-$extra}"
  # The stamp holds the digest of the lock and pyproject.toml: a change to either reinstalls.
  want=$(cat "$lock" pyproject.toml | sha256sum | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "Installing the versions of $lock into $VENV..."
    "$VENV/bin/python" -m pip install --quiet --require-hashes -r "$lock"
    # setuptools (the build backend) comes from the lock, so no isolated build fetches another one.
    "$VENV/bin/python" -m pip install --quiet --no-deps --no-build-isolation -e .
    echo "$want" > "$stamp"
  fi
fi
export NO_MKDOCS_2_WARNING=1
