"""Peak memory of ``mkdocs build``: the plugin's site against the plain site of the same pages (issue 14, target 5).

    python benchmarks/memory.py --n 200                # RSS by MkDocs event and peak, (a) and (b), fresh processes
    python benchmarks/memory.py --n 20 --trace         # and what the plugin's build holds, by source line
    python benchmarks/memory.py --n 100 --work /tmp/mem --reps 2

The maps are generated under ``WORK/n<N>/maps`` (:mod:`generate`), then (a) ``bench.plugin_site`` (exports off)
and (b) ``bench.plain_site`` are built, each in a fresh interpreter (``load_config``, ``on_startup("build")`` as
the ``mkdocs build`` command does, ``mkdocs.commands.build.build``). Each child notes its resident memory
(``/proc/self/statm``) when each MkDocs event first fires and its peak (``ru_maxrss``), and its CPU time.
With ``--trace`` the plugin's build runs under ``tracemalloc`` too (slower: not for the peak figures): the
largest allocations still alive after ``files`` and after ``post_build``, by line.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
if str(ROOT) not in sys.path:
    sys.path.insert(1, str(ROOT))

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
#: The events whose first firing is noted, in build order.
EVENTS = ("config", "pre_build", "files", "nav", "env", "post_build")
_PAGE = os.sysconf("SC_PAGE_SIZE")


def rss_mb() -> float:
    """The resident memory of this process now, in MB."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * _PAGE / 2**20


def _top(snapshot: Any, limit: int = 15) -> list[tuple[str, float, int]]:
    stats = snapshot.statistics("lineno")
    return [
        (f"{s.traceback[0].filename.rsplit('/', 2)[-2:]}:{s.traceback[0].lineno}", s.size / 2**20, s.count)
        for s in stats[:limit]
    ]


def child(config_file: str, trace: bool) -> dict[str, Any]:
    """Build one site in this (fresh) process; figures by event."""
    import logging

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.plugins import PluginCollection

    if trace:
        import tracemalloc

        tracemalloc.start()
    at: dict[str, float] = {}
    traced: dict[str, Any] = {}
    run_event = PluginCollection.run_event

    def noting(self: Any, name: str, item: Any = None, **kwargs: Any) -> Any:
        result = run_event(self, name, item, **kwargs)
        if name in EVENTS and name not in at:
            at[name] = rss_mb()
            if trace and name in ("files", "post_build"):
                import gc

                gc.collect()
                snapshot = tracemalloc.take_snapshot()
                traced[name] = {
                    "total_mb": sum(s.size for s in snapshot.statistics("filename")) / 2**20,
                    "top": _top(snapshot),
                }
        return result

    PluginCollection.run_event = noting  # type: ignore[method-assign]
    cpu = time.process_time()
    config = load_config(config_file)
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    config.plugins.on_shutdown()
    return {
        "cpu": time.process_time() - cpu,
        "at": at,
        "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "traced": traced,
    }


def run_child(config_file: Path, trace: bool = False) -> dict[str, Any]:
    """:func:`child` in a fresh interpreter."""
    fd, out = tempfile.mkstemp(suffix=".json")
    os.close(fd)
    try:
        args = [sys.executable, __file__, "_child", str(config_file), out] + (["--trace"] if trace else [])
        proc = subprocess.run(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if proc.returncode != 0:
            raise RuntimeError(f"build of {config_file} failed:\n{proc.stdout[-4000:]}")
        return json.loads(Path(out).read_text(encoding="utf-8"))
    finally:
        os.unlink(out)


def sites(n: int, work: Path) -> tuple[Path, Path]:
    """The maps of ``n`` journeys and the two sites' configuration files (made once)."""
    import bench
    import generate

    base = work / f"n{n}"
    maps = base / "maps"
    if not (maps / "brand.yml").exists():
        generate.generate(maps, n)
    plugin = bench.plugin_site(base / "plugin", maps, exports=False)
    plain = base / "plain" / "mkdocs.yml"
    if not plain.exists():
        plain = bench.plain_site(base / "plain", maps)[0]
    return plugin, plain


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["_child"]:
        config_file, out, *rest = argv[1:]
        Path(out).write_text(json.dumps(child(config_file, "--trace" in rest)), encoding="utf-8")
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=200, help="journeys (default 200)")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "cjm-memory")
    parser.add_argument("--reps", type=int, default=1, help="builds of each site; the lowest peak is shown")
    parser.add_argument("--trace", action="store_true", help="also a tracemalloc run of (a)")
    parser.add_argument("--only", choices=("a", "b"), help="build one site only")
    args = parser.parse_args(argv)
    plugin, plain = sites(args.n, args.work)
    print(f"N = {args.n}; load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} at start")
    runs: dict[str, list[dict[str, Any]]] = {"a": [], "b": []}
    for _ in range(args.reps):
        for name, config in (("a", plugin), ("b", plain)):
            if args.only in (None, name):
                runs[name].append(run_child(config))
    print("| RSS (MB) after | " + " | ".join(EVENTS) + " | peak | CPU s |")
    print("| --- |" + " ---: |" * (len(EVENTS) + 2))
    best: dict[str, float] = {}
    for name, label in (("a", "(a) plugin"), ("b", "(b) plain")):
        for run in runs[name]:
            cells = [f"{run['at'].get(e, float('nan')):.0f}" for e in EVENTS]
            print(f"| {label} | " + " | ".join(cells) + f" | **{run['maxrss_mb']:.0f}** | {run['cpu']:.2f} |")
        if runs[name]:
            best[name] = min(r["maxrss_mb"] for r in runs[name])
    if len(best) == 2:
        print(f"\npeak (a) {best['a']:.0f} MB, (b) {best['b']:.0f} MB: **{best['a'] / best['b']:.2f}x** (target 1.5x)")
    if args.trace:
        run = run_child(plugin, trace=True)
        for event, found in run["traced"].items():
            print(f"\ntracemalloc after {event}: {found['total_mb']:.1f} MB traced; largest by line:")
            for where, mb, count in found["top"]:
                print(f"  {mb:8.2f} MB {count:9d} blocks  {where}")
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} at end")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
