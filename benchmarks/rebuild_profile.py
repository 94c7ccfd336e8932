"""Where a rebuild of ``mkdocs serve`` goes: the edit loop of issue 14, target 1.

    python benchmarks/rebuild_profile.py --n 200               # in-process rebuilds, with a profile
    python benchmarks/rebuild_profile.py --n 200 --serve       # the real `mkdocs serve`: save -> page

In-process mode builds the site as ``mkdocs serve`` does (the configuration
loaded again per build, ``on_startup("serve")`` once, the site in a folder
of its own), then rebuilds with nothing changed and after one map's quote
changed, each ``--reps`` times, and prints wall and CPU seconds of each with
the load average; ``--profile`` adds the functions that took the most time
in the last rebuild after a change. ``--serve`` starts the real
``mkdocs serve --livereload`` and times save → the page showing the edit
(:func:`bench.measure_serve_live`). Maps come from :mod:`generate` under
``benchmarks/out/rebuild-n<N>/``; generated once, kept.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench  # noqa: E402
import generate  # noqa: E402


def _site(n: int) -> tuple[Path, Path]:
    base = bench.OUT / f"rebuild-n{n}"
    maps = base / "maps"
    if not (maps / bench.TOUCHED).is_file():
        generate.generate(maps, n)
    config = bench.plugin_site(base / "site", maps)
    return config, maps


def _one(config_file: Path, first: bool, profile: bool) -> tuple[dict[str, Any], Any]:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    start, cpu = time.perf_counter(), time.process_time()
    profiler = cProfile.Profile() if profile else None
    if profiler is not None:
        profiler.enable()
    config = load_config(str(config_file))
    if first:
        config.plugins.on_startup(command="serve", dirty=False)
    build(config)
    if profiler is not None:
        profiler.disable()
    plugin = config.plugins["cjm"]
    cache = plugin.page_cache
    return {
        "wall": round(time.perf_counter() - start, 2),
        "cpu": round(time.process_time() - cpu, 2),
        "load": round(os.getloadavg()[0], 1),
        "converted": len(cache.converted),
        "rendered": len(cache.rendered),
        "pages": len(plugin.state.pages),
        "which": cache.converted[:4],
    }, profiler


def in_process(n: int, reps: int, profile: bool) -> None:
    bench._quiet()
    config, maps = _site(n)
    touched = maps / bench.TOUCHED
    before = touched.read_text(encoding="utf-8")
    first, _ = _one(config, True, False)
    print(f"N={n} first build: {first}", flush=True)
    profiler = None
    try:
        for rep in range(reps):
            same, _ = _one(config, False, False)
            print(f"nothing changed: {same}", flush=True)
            touched.write_text(before.replace("quote: ", f"quote: Edited {rep}. ", 1), encoding="utf-8")
            changed, profiler = _one(config, False, profile and rep == reps - 1)
            print(f"one map changed: {changed}", flush=True)
    finally:
        touched.write_text(before, encoding="utf-8")
    if profiler is not None:
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("cumulative").print_stats(45)
        stats.sort_stats("tottime").print_stats(30)
        print(out.getvalue())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--reps", type=int, default=2)
    parser.add_argument("--profile", action="store_true", help="profile the last rebuild after a change")
    parser.add_argument("--serve", action="store_true", help="the real `mkdocs serve`: save -> page, twice")
    args = parser.parse_args(argv)
    if args.serve:
        config, maps = _site(args.n)
        result = bench.measure_serve_live(config, maps)
        for key, value in result.items():
            print(f"{key}: {value}")
        print(f"load average: {os.getloadavg()[0]:.1f}")
    else:
        in_process(args.n, args.reps, args.profile)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
