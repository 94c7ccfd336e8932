"""CPU time of every cold export of N generated 8 x 6 journeys, per journey and per worker call.

    python benchmarks/exports_cpu.py [--n 10] [--maps DIR] [--formats svg,png,pdf] [--reps 1]
                                     [--alone] [--pool WORKERS] [--profile N]

Generates ``--n`` journeys with ``benchmarks/generate.py`` (or loads ``--maps``), plans their exports
(:func:`mkdocs_cjm.export.plan_exports`: the standalone SVG of each journey, the ``svg`` column: the
svg download is its bytes) and runs every PNG/PDF worker call in this process, in the pool's order,
through what the pool's workers run (:func:`mkdocs_cjm.export.pool.worker_tasks`): one call per journey,
its formats painted in one walk (the ``png+pdf`` column). ``--alone`` runs, in the same process and
just before, one call per format (as the pool did before the walk was shared), for the per-format
figures. ``--pool W`` also runs the real pool (W worker processes, cold cache) and reports the CPU-s of
the fork server's tree (its preload, the workers it waited for) and of this process.

CPU time is this process's (``time.process_time``) plus its waited-for children's (``resource.getrusage``);
the load average is printed beside the figures (2 shared cores: compare runs made at a similar load).
``--reps R``: the best of R runs per call. ``--profile N``: a cProfile of the second journey's calls after
the timed runs (the process warm, as a worker is after its first journey), the N costliest functions.
Not a test: nothing here is asserted.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def cpu() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def load() -> str:
    return " ".join(f"{v:.2f}" for v in os.getloadavg())


def _tree_cpu(pid: int) -> float:
    """CPU-s of process ``pid`` and of the children it has waited for (from /proc)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()
    return sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def run_pool(X: Any, jobs: list[Any], workers: int) -> float:
    """``jobs`` through :func:`run_exports` (worker processes): CPU-s of the fork server (its preload
    included: the first pool starts it), of the workers it waited for and of this process."""
    import multiprocessing.forkserver as forkserver

    server = getattr(forkserver._forkserver, "_forkserver_pid", None)
    before = _tree_cpu(server) if server else 0.0
    own = time.process_time()
    X.run_exports(jobs, workers=workers)
    own = time.process_time() - own
    time.sleep(1.0)  # the fork server waits for its workers on SIGCHLD
    return _tree_cpu(forkserver._forkserver._forkserver_pid) - before + own


def timed_calls(pool: Any, todo: list[Any], together: bool, per: dict[tuple[str, str], float]) -> None:
    """Run each worker call of ``todo`` here; the best CPU-s per (journey, column) into ``per``."""
    for task in pool.worker_tasks(todo, pool.source_date_epoch(), together=together):
        start = cpu()
        errors = task.run()
        spent = cpu() - start
        if any(errors):
            print("failed:", errors)
        column = "+".join(j.fmt for j in task.jobs)
        key = (task.jobs[0].journey_id, column)
        per[key] = min(per.get(key, float("inf")), spent)


def table(journeys: list[Any], columns: list[str], per: dict[tuple[str, str], float]) -> float:
    print("| journey | " + " | ".join(columns) + " | total |")
    print("| --- | " + " | ".join(["---:"] * (len(columns) + 1)) + " |")
    totals: dict[str, float] = defaultdict(float)
    for journey in journeys:
        row = [per[journey.id, c] for c in columns]
        for c, v in zip(columns, row):
            totals[c] += v
        print(f"| {journey.id} | " + " | ".join(f"{v:.3f}" for v in row) + f" | {sum(row):.3f} |")
    mean = [totals[c] / len(journeys) for c in columns]
    print("| **mean** | " + " | ".join(f"{v:.3f}" for v in mean) + f" | **{sum(mean):.3f}** |")
    return sum(mean)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=10)
    parser.add_argument("--maps", type=Path, help="maps folder (default: generate --n journeys)")
    parser.add_argument("--formats", default="", help="comma-separated (default: DEFAULT_FORMATS)")
    parser.add_argument("--reps", type=int, default=1, help="runs; the best CPU-s per call is kept")
    parser.add_argument("--alone", action="store_true", help="also one worker call per format, first")
    parser.add_argument("--pool", type=int, default=0, help="also run the real pool with this many workers")
    parser.add_argument("--profile", type=int, default=0, help="profile the second journey's calls")
    args = parser.parse_args()

    from mkdocs_cjm import export as X
    from mkdocs_cjm.export import pool
    from mkdocs_cjm.load.walk import load_project

    work = Path(tempfile.mkdtemp(prefix="cjm-exports-cpu-"))
    maps = args.maps
    if maps is None:
        maps = work / "maps"
        generate = [sys.executable, str(ROOT / "benchmarks" / "generate.py"), str(maps), "--n", str(args.n)]
        subprocess.run(generate, check=True)
    formats = [f for f in args.formats.split(",") if f] or list(X.DEFAULT_FORMATS)
    project = load_project(maps)
    journeys = sorted((j for j in project.journeys.values() if not j.is_broken), key=lambda j: j.id)
    print(f"{len(journeys)} journeys, formats {', '.join(formats)}; load {load()} at start")

    per: dict[tuple[str, str], float] = {}
    svgs = {}
    for journey in journeys:  # once: drawn again, the renderer's caches answer
        start = cpu()
        svgs[journey.id] = X.standalone_svg(project, journey)
        per[journey.id, "svg"] = cpu() - start

    def planned(cache: Path, of: list[Any] = journeys) -> list[Any]:
        jobs = X.plan_exports(project, of, cache_dir=cache, formats=formats, svg_for=lambda j: svgs[j.id])
        todo = [j for j in jobs if j.fmt != "svg" and not j.skip]
        todo.sort(key=lambda j: -len(j.svg))  # as start_exports does
        return todo

    drawn = [f for f in formats if f != "svg"]
    for rep in range(args.reps):
        if args.alone:
            timed_calls(pool, planned(work / f"alone{rep}"), False, per)
        todo = planned(work / f"together{rep}")
        timed_calls(pool, todo, True, per)
        print(f"run {rep + 1}: load {load()}")
    for fmt in drawn:
        sizes = [j.cache_path.stat().st_size for j in todo if j.fmt == fmt]
        print(f"{fmt}: {sum(sizes) / max(1, len(sizes)):,.0f} bytes a journey")

    if args.alone:
        print("\nOne worker call per format:\n")
        alone = table(journeys, ["svg", *drawn], per)
        print(f"CPU-s per journey {alone:.3f}")
    print("\nOne worker call per journey (what the pool runs):\n")
    together = table(journeys, ["svg", "+".join(drawn)], per)
    print(f"CPU-s per journey {together:.3f} (N = {len(journeys)}); load {load()}")

    if args.pool:
        spent = run_pool(X, planned(work / "pool"), args.pool)
        print(
            f"\nreal pool, {args.pool} worker(s): {spent:.3f} CPU-s for {len(journeys)} journeys' {'+'.join(drawn)}"
            f" (fork server, its workers, this process): {spent / len(journeys):.3f} a journey; load {load()}"
        )

    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        for task in pool.worker_tasks(planned(work / "profiled", journeys[1:2]), pool.source_date_epoch()):
            profiler.runcall(task.run)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(args.profile)


if __name__ == "__main__":
    main()
