"""CPU time of every cold export of N generated 8 x 6 journeys, per journey and per format.

    python benchmarks/exports_cpu.py [--n 10] [--maps DIR] [--formats svg,png,pdf] [--reps 1] [--profile N]

Generates ``--n`` journeys with ``benchmarks/generate.py`` (or loads ``--maps``), plans their exports
(:func:`mkdocs_cjm.export.plan_exports`: the standalone SVG of each journey, counted as its ``svg``
format) and runs every PNG/PDF task in this process, in the pool's order, through the function
the pool's workers run (:func:`mkdocs_cjm.export.pool.worker_tasks`). CPU time is this process's
(``time.process_time``) plus its children's (``resource.getrusage``); the load average is printed beside
the figures (2 shared cores: compare runs made at a similar load). ``--profile N``: a cProfile of the
tasks of the second journey after the timed runs, the N costliest functions. Not a test: nothing here is asserted.
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def cpu() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def load() -> str:
    return " ".join(f"{v:.2f}" for v in os.getloadavg())


def _tree_cpu(pid: int) -> float:
    """CPU-s of process ``pid`` and of its children it has waited for (from /proc)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()
    return sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def run_pool(X, project, journeys, formats, svgs, cache: Path, workers: int) -> float:  # noqa: ANN001
    """The PNG/PDF conversions of ``journeys`` through :func:`run_exports` (worker processes, cold cache): CPU-s
    of the fork server (its preload included: a first pool starts it), of its workers (which it waits for) and of
    this process during the run."""
    import multiprocessing.forkserver as forkserver

    jobs = X.plan_exports(project, journeys, cache_dir=cache, formats=formats, svg_for=lambda j: svgs[j.id])
    own = time.process_time()
    before = 0.0
    server = getattr(forkserver._forkserver, "_forkserver_pid", None)
    if server:
        before = _tree_cpu(server)
    X.run_exports([j for j in jobs if j.fmt != "svg"], workers=workers)
    own = time.process_time() - own
    server = forkserver._forkserver._forkserver_pid
    time.sleep(1.0)  # the fork server waits for its workers on SIGCHLD
    return _tree_cpu(server) - before + own


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=10)
    parser.add_argument("--maps", type=Path, help="maps folder (default: generate --n journeys)")
    parser.add_argument("--formats", default="", help="comma-separated (default: DEFAULT_FORMATS)")
    parser.add_argument("--reps", type=int, default=1, help="runs; the best CPU-s per task is kept")
    parser.add_argument(
        "--pool",
        type=int,
        default=0,
        help="also run the real pool with this many workers (CPU of the fork server's tree)",
    )
    parser.add_argument("--profile", type=int, default=0, help="profile the second journey's tasks")
    args = parser.parse_args()

    from mkdocs_cjm import export as X
    from mkdocs_cjm.export import pool
    from mkdocs_cjm.load.walk import load_project

    work = Path(tempfile.mkdtemp(prefix="cjm-exports-cpu-"))
    maps = args.maps
    if maps is None:
        maps = work / "maps"
        subprocess.run(
            [sys.executable, str(ROOT / "benchmarks" / "generate.py"), str(maps), "--n", str(args.n)], check=True
        )
    formats = [f for f in args.formats.split(",") if f] or list(X.DEFAULT_FORMATS)
    project = load_project(maps)
    journeys = sorted((j for j in project.journeys.values() if not j.is_broken), key=lambda j: j.id)
    print(f"{len(journeys)} journeys, formats {', '.join(formats)}; load {load()} at start")

    # svg: the standalone SVG (what plan_exports draws for every format; the svg download is its bytes).
    per: dict[tuple[str, str], float] = defaultdict(lambda: float("inf"))
    svgs = {}
    for journey in journeys:  # once: drawn again, the renderer's caches answer
        start = cpu()
        svgs[journey.id] = X.standalone_svg(project, journey)
        per[journey.id, "svg"] = cpu() - start
    sizes: dict[str, int] = {}
    for rep in range(args.reps):
        cache = work / f"cache{rep}"
        jobs = X.plan_exports(project, journeys, cache_dir=cache, formats=formats, svg_for=lambda j: svgs[j.id])
        todo = [j for j in jobs if j.fmt != "svg" and not j.skip]
        tasks = pool.worker_tasks(todo, pool.source_date_epoch())
        for task in tasks:
            start = cpu()
            errors = task.run()
            spent = cpu() - start
            if any(errors):
                print("failed:", errors)
            # A task of several formats is shared out by what each format's part took (see the task's timings).
            for job, share in zip(task.jobs, task.shares(spent)):
                per[job.journey_id, job.fmt] = min(per[job.journey_id, job.fmt], share)
                sizes[f"{job.journey_id}.{job.fmt}"] = job.cache_path.stat().st_size
        print(f"run {rep + 1}: load {load()}")

    if args.profile:  # after the timed runs: the process warm, as a worker is after its first journey
        import cProfile
        import pstats

        second = journeys[min(1, len(journeys) - 1)]
        jobs = X.plan_exports(
            project, [second], cache_dir=work / "profiled", formats=formats, svg_for=lambda j: svgs[j.id]
        )
        profiler = cProfile.Profile()
        for task in pool.worker_tasks([j for j in jobs if j.fmt != "svg" and not j.skip], pool.source_date_epoch()):
            profiler.runcall(task.run)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(args.profile)

    if args.pool:
        pool_cpu = run_pool(X, project, journeys, formats, svgs, work / "pool", args.pool)
        print(
            f"real pool, {args.pool} worker(s): {pool_cpu:.3f} CPU-s for {len(journeys)} journeys' PNG/PDF"
            " (fork server, its workers and this process), {pool_cpu / len(journeys):.3f} a journey; load {load()}"
        )

    header = ["journey", *formats, "total"]
    print()
    print("| " + " | ".join(header) + " |")
    print("| " + " | ".join(["---"] + ["---:"] * (len(header) - 1)) + " |")
    totals: dict[str, float] = defaultdict(float)
    for journey in journeys:
        row = [per[journey.id, f] for f in formats]
        for f, v in zip(formats, row):
            totals[f] += v
        print(f"| {journey.id} | " + " | ".join(f"{v:.3f}" for v in row) + f" | {sum(row):.3f} |")
    n = len(journeys)
    mean = [totals[f] / n for f in formats]
    print("| **mean** | " + " | ".join(f"{v:.3f}" for v in mean) + f" | **{sum(mean):.3f}** |")
    for f in formats:
        if f != "svg":
            got = [v for k, v in sizes.items() if k.endswith("." + f)]
            print(f"{f}: {sum(got) / max(1, len(got)):,.0f} bytes a journey")
    print(f"CPU-s per journey {sum(mean):.3f} (N = {n}); load {load()} at the end")


if __name__ == "__main__":
    main()
