#!/usr/bin/env bash
# Run the benchmark: bash benchmarks/run.sh [--n 200] [--n 20,1000] [--reps 3] [--no-exports]
# Uses the project's .venv (scripts/env.sh creates it); prints Markdown tables and the ratio (a)/(b).
source "$(dirname "$0")/../scripts/env.sh"
exec .venv/bin/python benchmarks/bench.py "$@"
