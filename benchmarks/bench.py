"""The mkdocs-cjm benchmark: what the plugin costs beside the pages it makes.

    bash benchmarks/run.sh                    # N = 200, 3 repetitions, exports included
    bash benchmarks/run.sh --n 20,200,1000    # several N, and how each figure grows
    python3 benchmarks/bench.py --help        # --reps, --no-exports, --no-serve, --what-if, --report

For each N it generates N rich journeys (:mod:`generate`: 8 stages x 6
steps, every lane, 5 personas, a brand file, a metrics CSV; deterministic)
under ``benchmarks/out/n<N>/`` and measures, in one run:

(a) ``mkdocs build`` of the site with the plugin (option ``exports: false``);
(b) the floor: a plain mkdocs-material build of the same content as ordinary
    Markdown pages (the plugin's generated Markdown, the diagram as a static
    ``![diagram](<slug>.svg)`` image next to the page), same theme settings;
(c) the plugin's own stages, timed inside one process: load + validate
    (YAML parsing, schema validation, model objects), site model (cross-references,
    metrics CSV), SVG, page Markdown; and exports (``export_all``, cold then warm);
(d) peak memory: max RSS of each build process, and the Python heap of the
    plugin's stages under tracemalloc;

plus incremental rebuilds as ``mkdocs serve`` makes them (the configuration
loaded again in the same process, MkDocs keeping the plugin and its state)
after one map of N changed, with how many maps
were parsed and drawn again, and ``mkdocs-cjm check``. (a) and (b) run
alternating, each in a fresh subprocess (``load_config`` +
``mkdocs.commands.build.build``); every figure is the median of ``--reps``
runs. Times are CPU seconds of the measured code (``time.process_time``;
for subprocesses, their rusage) because the machines this runs on are
shared: wall-clock time is shown beside them. Exports run in worker
processes and are timed by the wall clock. Results are printed as Markdown
tables and saved to ``benchmarks/out/results-n<N>.json``; the growth table
compares every N measured (this run's, then saved ones).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as _dt
import importlib.util
import inspect
import json
import logging
import math
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Optional

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
TODAY = "2026-11-23"
#: The file the incremental rebuild edits (journey 1 of every N).
TOUCHED = "discovery/journey-0001.yml"

sys.path.insert(0, str(HERE))
if str(ROOT) not in sys.path:
    sys.path.insert(1, str(ROOT))

import generate  # noqa: E402

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


# -- sites ---------------------------------------------------------------------------
def _theme() -> dict[str, Any]:
    return {"name": "material", "font": False}


def _write_yaml(path: Path, data: dict[str, Any]) -> None:
    import yaml

    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def _home(docs: Path) -> None:
    docs.mkdir(parents=True, exist_ok=True)
    (docs / "index.md").write_text("# Home\n\nThe benchmark site.\n", encoding="utf-8")


def plugin_site(folder: Path, maps: Path, exports: bool = False) -> Path:
    """(a): a Material site whose pages all come from the plugin (``exports``: the plugin's default, on)."""
    if folder.exists():
        shutil.rmtree(folder)
    _home(folder / "docs")
    config = folder / "mkdocs.yml"
    _write_yaml(
        config,
        {
            "site_name": "Benchmark",
            "theme": _theme(),
            "plugins": [
                "search",
                {"cjm": {"maps_dir": os.path.relpath(maps, folder), "today": TODAY, "exports": exports}},
            ],
        },
    )
    return config


def plain_site(folder: Path, maps: Path) -> tuple[Path, dict[str, int]]:
    """(b): the same pages as ordinary Markdown files, the diagrams as static SVG images."""
    from mkdocs_cjm import text as T
    from mkdocs_cjm.load.walk import load_project
    from mkdocs_cjm.pages import DIAGRAM_SLOT, PageRenderer
    from mkdocs_cjm.plugin import ASSETS, ASSETS_DIR, MARKDOWN_EXTENSIONS
    from mkdocs_cjm.render.svg import render_svg

    if folder.exists():
        shutil.rmtree(folder)
    docs = folder / "docs"
    _home(docs)
    project = load_project(maps, docs_dir=docs)
    pages = PageRenderer(project, today=_dt.date.fromisoformat(TODAY)).all_pages()
    sizes = {"pages": 0, "markdown_bytes": 0, "svg_bytes": 0}
    for page in pages:
        markdown = page.markdown
        if page.kind == "journey":
            journey = project.journeys[page.depends_on[0]]
            slot = DIAGRAM_SLOT.format(id=T.attr(journey.id))
            if slot in markdown and not journey.is_broken:
                stem = page.uri.rsplit("/", 1)[-1][: -len(".md")]
                svg = render_svg(project, journey)
                (docs / page.uri).parent.mkdir(parents=True, exist_ok=True)
                (docs / page.uri).with_suffix(".svg").write_text(svg, encoding="utf-8")
                sizes["svg_bytes"] += len(svg.encode("utf-8"))
                markdown = markdown.replace(slot, f"![diagram]({stem}.svg)", 1)
        path = docs / page.uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(markdown, encoding="utf-8")
        sizes["pages"] += 1
        sizes["markdown_bytes"] += len(markdown.encode("utf-8"))
    from importlib import resources

    for asset in ASSETS:
        target = docs / ASSETS_DIR / asset
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(resources.files("mkdocs_cjm").joinpath("assets", asset).read_bytes())
    config = folder / "mkdocs.yml"
    _write_yaml(
        config,
        {
            "site_name": "Benchmark",
            "theme": _theme(),
            "plugins": ["search"],
            "markdown_extensions": list(MARKDOWN_EXTENSIONS),
            "extra_css": [f"{ASSETS_DIR}/{a}" for a in ASSETS],
        },
    )
    return config, sizes


# -- children (each run in a fresh interpreter) ------------------------------------------
def _quiet() -> None:
    logging.getLogger("mkdocs").setLevel(logging.ERROR)


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _gc_freeze_variant() -> None:
    """What-if (``--what-if``): ``gc.freeze()`` once the plugin has loaded the maps
    (``on_files``) and ``gc.unfreeze()`` after the build, so the cyclic garbage collector
    stops re-scanning the long-lived project model on every full collection.

    (An earlier what-if, the diagram put in at ``on_post_page`` rather than
    ``on_page_content`` so the search plugin does not parse it, is now in plugin.py.)"""
    import gc

    from mkdocs_cjm.plugin import CjmPlugin

    on_files, on_post_build = CjmPlugin.on_files, CjmPlugin.on_post_build

    def frozen_on_files(self: Any, files: Any, *, config: Any) -> Any:
        result = on_files(self, files, config=config)
        gc.freeze()
        return result

    def unfreezing_on_post_build(self: Any, *, config: Any) -> Any:
        gc.unfreeze()
        return on_post_build(self, config=config)

    frozen_on_files.mkdocs_priority = getattr(on_files, "mkdocs_priority", 0)  # type: ignore[attr-defined]
    CjmPlugin.on_files = frozen_on_files  # type: ignore[method-assign]
    CjmPlugin.on_post_build = unfreezing_on_post_build  # type: ignore[method-assign]


def child_build(config_file: str, variant: str = "") -> dict[str, Any]:
    _quiet()
    start = time.perf_counter()
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    if variant == "gc-freeze":
        _gc_freeze_variant()
    imported, cpu = time.perf_counter(), time.process_time()
    config = load_config(config_file)
    config.plugins.on_startup(command="build", dirty=False)  # as the `mkdocs build` command does
    build(config)
    done = time.perf_counter()
    return {
        "seconds": done - imported,
        "cpu": time.process_time() - cpu,
        "with_imports": done - start,
        "maxrss_mb": _maxrss_mb(),
    }


class _Timers:
    """Wraps functions of a module to add up the time spent in them (outermost calls only)."""

    def __init__(self) -> None:
        self.totals: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self._depth: dict[str, int] = {}

    def wrap(self, module: Any, name: str, label: str) -> None:
        original = getattr(module, name, None)
        if original is None:
            return
        self.totals.setdefault(label, 0.0)
        self.calls.setdefault(label, 0)
        self._depth.setdefault(label, 0)

        def timed(*args: Any, **kwargs: Any) -> Any:
            self.calls[label] += 1
            if self._depth[label]:
                return original(*args, **kwargs)
            self._depth[label] += 1
            start = time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                self.totals[label] += time.process_time() - start
                self._depth[label] -= 1

        setattr(module, name, timed)


def child_stages(maps: str, trace: bool) -> dict[str, Any]:
    """The plugin's stages on the maps folder, as one cold build does them."""
    import tracemalloc

    from mkdocs_cjm import pages as pages_mod
    from mkdocs_cjm.load import valid, walk, yaml_reader
    from mkdocs_cjm.render import svg as svg_mod

    timers = _Timers()
    timers.wrap(yaml_reader, "parse_yaml", "parse")
    timers.wrap(valid, "validate", "validate")
    timers.wrap(walk, "link_project", "link")
    timers.wrap(walk, "apply_metrics_csv", "csv")
    if trace:
        tracemalloc.start()
    result: dict[str, Any] = {}
    clock = time.process_time  # CPU time: other work on the machine does not count
    start = clock()
    project = walk.load_project(Path(maps), docs_dir=None, cache={})
    result["load"] = clock() - start
    result.update({f"load.{k}": v for k, v in timers.totals.items()})
    result["journeys"] = len(project.journeys)
    result["errors"] = len(project.errors())
    start = clock()
    diagrams = [svg_mod.render_diagram(project, j) for j in project.journeys.values() if not j.is_broken]
    result["svg"] = clock() - start
    result["svg_bytes"] = sum(len(d) for d in diagrams)
    start = clock()
    renderer = pages_mod.PageRenderer(project, today=_dt.date.fromisoformat(TODAY))
    made = renderer.all_pages()
    result["pages"] = clock() - start
    result["markdown_bytes"] = sum(len(p.markdown) for p in made)
    if trace:
        result["traced_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    result["maxrss_mb"] = _maxrss_mb()
    return result


def child_incremental(config_file: str, maps: str) -> dict[str, Any]:
    """Cold build, an unchanged rebuild, and a rebuild after one map changed, in one process."""
    _quiet()
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from mkdocs_cjm.load import yaml_reader

    parses = {"n": 0}
    original = yaml_reader.parse_yaml

    def counting(*args: Any, **kwargs: Any) -> Any:
        parses["n"] += 1
        return original(*args, **kwargs)

    yaml_reader.parse_yaml = counting

    started = {"done": False}

    def one_build() -> dict[str, Any]:
        parses["n"] = 0
        start, cpu = time.perf_counter(), time.process_time()
        config = load_config(config_file)  # loaded again, as `mkdocs serve` does (MkDocs keeps the plugin)
        if not started["done"]:  # as `mkdocs serve` does once
            config.plugins.on_startup(command="serve", dirty=False)
            started["done"] = True
        build(config)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        plugin = config.plugins["cjm"]
        state = plugin.state
        assert state is not None and state.maps_dir == Path(maps).resolve()
        cache = getattr(plugin, "page_cache", None)
        return {
            "seconds": seconds,
            "cpu": cpu,
            "parsed": parses["n"],
            "diagrams_rendered": state.diagrams_rendered,
            "pages_converted": len(cache.converted) if cache is not None else None,
            "pages_rendered": len(cache.rendered) if cache is not None else None,
        }

    touched = Path(maps) / TOUCHED
    before = touched.read_text(encoding="utf-8")
    try:
        cold = one_build()
        unchanged = one_build()
        touched.write_text(before.replace("quote: ", "quote: Edited. ", 1), encoding="utf-8")
        one = one_build()
    finally:
        touched.write_text(before, encoding="utf-8")
    return {"cold": cold, "unchanged": unchanged, "one_changed": one}


def measure_serve_live(config_file: Path, maps: Path, timeout: float = 1800) -> dict[str, Any]:
    """The real ``mkdocs serve``: seconds from saving one map to its page showing the edit
    (the wall clock; what the browser's reload waits for), twice."""
    import socket
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    touched = maps / TOUCHED
    before = touched.read_text(encoding="utf-8")
    url = f"http://127.0.0.1:{port}/journeys/discovery/journey-0001/"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    log_path = config_file.parent / "serve.log"
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}", "-f", str(config_file)],
        cwd=ROOT,
        env=env,
        stdout=log_path.open("wb"),
        stderr=subprocess.STDOUT,
    )

    def page() -> str:
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                return response.read().decode("utf-8", "replace")
        except Exception:
            return ""

    def reloads() -> int:
        return log_path.read_text(encoding="utf-8", errors="replace").count("Reloading browsers")

    def wait(marker: str, since: float, after: int = -1) -> float:
        """Until the browsers were told to reload (after the ``after``-th time) and the page shows ``marker``."""
        while time.perf_counter() - since < timeout:
            if (after < 0 or reloads() > after) and marker in page():
                return time.perf_counter() - since
            time.sleep(0.05)
        raise TimeoutError(marker)

    result: dict[str, Any] = {}
    try:
        start = time.perf_counter()
        result["first_build"] = wait("journey-0001", start)
        time.sleep(1.0)
        for rep, text in enumerate(("Edited once. ", "Edited twice. ")):
            count = reloads()
            start = time.perf_counter()
            touched.write_text(before.replace("quote: ", f"quote: {text}", 1), encoding="utf-8")
            result[f"save_to_page_{rep + 1}"] = wait(text.strip(), start, count)
            time.sleep(1.0)
    finally:
        touched.write_text(before, encoding="utf-8")
        proc.terminate()
        proc.wait(timeout=60)
    result["log_tail"] = log_path.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-4:]
    return result


def child_check(maps: str) -> dict[str, Any]:
    """``load_project`` + its problems, as ``mkdocs-cjm check`` does (used when cli.py is missing)."""
    start = time.process_time()
    from mkdocs_cjm.load.walk import load_project

    project = load_project(Path(maps))
    errors = [p for p in project.all_problems() if p.is_error]
    return {"seconds": time.process_time() - start, "errors": len(errors)}


def _call_export_all(export_all: Callable[..., Any], project: Any, out_dir: Path, cache_dir: Path) -> Any:
    """Call ``export_all`` with the arguments its signature names (the API is the issue-4 engineer's)."""
    params = inspect.signature(export_all).parameters
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    for name, param in params.items():
        value: Any = inspect.Parameter.empty
        if name in ("project",):
            value = project
        elif name in ("journeys",):
            value = [j for j in project.journeys.values() if not j.is_broken]
        elif name in ("out_dir", "output_dir", "site_dir", "dest", "target", "out"):
            value = out_dir
        elif name in ("cache_dir", "cache"):
            value = cache_dir
        if value is inspect.Parameter.empty:
            if param.default is inspect.Parameter.empty and param.kind not in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
                raise TypeError(f"export_all: do not know what to pass as {name!r}")
            continue
        if param.kind is param.POSITIONAL_ONLY or (param.kind is param.POSITIONAL_OR_KEYWORD and not kwargs):
            args.append(value)
        else:
            kwargs[name] = value
    return export_all(*args, **kwargs)


def child_exports(maps: str, work: str) -> dict[str, Any]:
    from mkdocs_cjm import export
    from mkdocs_cjm.load.walk import load_project

    project = load_project(Path(maps))
    work_dir = Path(work)
    if work_dir.exists():
        shutil.rmtree(work_dir)
    out_dir, cache_dir = work_dir / "site", work_dir / "cache"
    out_dir.mkdir(parents=True)
    cache_dir.mkdir(parents=True)
    runs = {}
    for name in ("cold", "warm"):
        start = time.perf_counter()
        stats = _call_export_all(export.export_all, project, out_dir, cache_dir)
        seconds = time.perf_counter() - start
        runs[name] = {"seconds": seconds, "stats": _stats(stats)}
    return runs


def _stats(value: Any) -> Any:
    """The made/cached counts of an export run (whatever its type)."""
    if isinstance(value, dict):
        return {k: v for k, v in value.items() if isinstance(v, (int, float, str, dict))}
    fields = ("made", "cached", "workers", "by_format")
    found = {k: getattr(value, k) for k in fields if hasattr(value, k)}
    return found or repr(value)[:200]


CHILDREN: dict[str, Callable[..., dict[str, Any]]] = {
    "build": child_build,
    "stages": lambda maps, trace="": child_stages(maps, bool(trace)),
    "incremental": child_incremental,
    "check": child_check,
    "exports": child_exports,
}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_child(kind: str, *args: str, timeout: float = 3600) -> dict[str, Any]:
    fd, out = tempfile.mkstemp(suffix=".json")
    os.close(fd)
    try:
        start, cpu = time.perf_counter(), _children_cpu()
        proc = subprocess.run(
            [sys.executable, __file__, "_child", kind, out, *args],
            cwd=ROOT,
            timeout=timeout,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        wall = time.perf_counter() - start
        process_cpu = _children_cpu() - cpu
        if proc.returncode != 0:
            raise RuntimeError(f"{kind} child failed ({proc.returncode}):\n{proc.stdout[-4000:]}")
        result = json.loads(Path(out).read_text(encoding="utf-8"))
        result["wall"] = wall
        result["process_cpu"] = process_cpu
        return result
    finally:
        os.unlink(out)


# -- check -----------------------------------------------------------------------------
def _check_command(maps: Path) -> Optional[list[str]]:
    if importlib.util.find_spec("mkdocs_cjm.cli") is None:
        return None
    script = Path(sys.executable).parent / "mkdocs-cjm"
    if script.is_file():
        return [str(script), "check", str(maps)]
    return [sys.executable, "-c", "import sys; from mkdocs_cjm.cli import main; sys.exit(main())", "check", str(maps)]


def measure_check(maps: Path, reps: int) -> dict[str, Any]:
    """``mkdocs-cjm check`` on the maps: the whole process, start to exit; median of ``reps``."""
    command = _check_command(maps)
    if command is not None:
        walls, cpus, codes, output = [], [], set(), ""
        for _ in range(reps):
            start, cpu = time.perf_counter(), _children_cpu()
            proc = subprocess.run(command, cwd=maps.parent, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            walls.append(time.perf_counter() - start)
            cpus.append(_children_cpu() - cpu)
            codes.add(proc.returncode)
            output = proc.stdout
        return {
            "how": "`mkdocs-cjm check` (whole process)",
            "seconds": statistics.median(walls),
            "cpu": statistics.median(cpus),
            "exit_codes": sorted(codes),
            "output_tail": output.strip().splitlines()[-3:],
        }
    runs = [run_child("check", str(maps)) for _ in range(reps)]
    return {
        "how": "`load_project` + problems in a fresh process (cli.py not found)",
        "seconds": statistics.median(r["wall"] for r in runs),
        "cpu": statistics.median(r["process_cpu"] for r in runs),
        "errors": runs[0]["errors"],
    }


#: Variants of build (a) measured with ``--what-if``: result key -> (variant, description).
WHAT_IF = {
    "a_gc_freeze": ("gc-freeze", "`gc.freeze()` after `on_files` (proposed)"),
}


# -- one N -----------------------------------------------------------------------------
def _summary(runs: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "cpu": statistics.median(r["cpu"] for r in runs),
        "seconds": statistics.median(r["seconds"] for r in runs),
        "wall": statistics.median(r["wall"] for r in runs),
        "maxrss_mb": max(r["maxrss_mb"] for r in runs),
        "all_cpu": [round(r["cpu"], 2) for r in runs],
        "all_seconds": [round(r["seconds"], 2) for r in runs],
    }


def run_n(
    n: int,
    reps: int,
    exports: bool,
    what_if: bool,
    log: Callable[[str], None],
    serve: bool = True,
    defaults: bool = False,
) -> dict[str, Any]:
    base = OUT / f"n{n}"
    base.mkdir(parents=True, exist_ok=True)
    log(f"N={n}: generating maps and the two sites")
    maps = generate.generate(base / "maps", n)
    content = sum(p.stat().st_size for p in maps.rglob("*") if p.is_file())
    config_a = plugin_site(base / "plugin", maps)
    config_b, sizes = plain_site(base / "plain", maps)
    result: dict[str, Any] = {"n": n, "reps": reps, "maps_bytes": content, **sizes, "loadavg_start": os.getloadavg()[0]}

    log(f"N={n}: builds (a) with the plugin and (b) plain, alternating, {reps} of each")
    runs: dict[str, list[dict[str, Any]]] = {"a": [], "b": [], **{key: [] for key in WHAT_IF}}
    for rep in range(reps):
        runs["a"].append(run_child("build", str(config_a)))
        runs["b"].append(run_child("build", str(config_b)))
        line = f"  rep {rep + 1}: (a) {runs['a'][-1]['cpu']:.2f} s  (b) {runs['b'][-1]['cpu']:.2f} s CPU"
        if what_if:
            for key, (variant, _) in WHAT_IF.items():
                runs[key].append(run_child("build", str(config_a), variant))
                line += f"  (a, what-if {variant}) {runs[key][-1]['cpu']:.2f} s"
        log(line)
    for key, found in runs.items():
        if found:
            result[key] = _summary(found)
    result["ratio"] = result["a"]["cpu"] / result["b"]["cpu"]
    result["ratio_wall"] = result["a"]["seconds"] / result["b"]["seconds"]

    log(f"N={n}: the plugin's stages in-process, {reps} runs (+1 under tracemalloc)")
    stage_runs = [run_child("stages", str(maps)) for _ in range(reps)]
    keys = [k for k, v in stage_runs[0].items() if isinstance(v, float)]
    result["stages"] = {k: statistics.median(r[k] for r in stage_runs) for k in keys}
    for key in ("journeys", "errors", "svg_bytes", "markdown_bytes"):
        result["stages"][key] = stage_runs[0][key]
    result["stages"]["traced_peak_mb"] = run_child("stages", str(maps), "trace")["traced_peak_mb"]

    if serve:
        log(f"N={n}: incremental rebuilds (as mkdocs serve) after changing {TOUCHED}")
        incr_maps = generate.generate(base / "incr" / "maps", n)
        config_i = plugin_site(base / "incr" / "site", incr_maps)
        result["incremental"] = run_child("incremental", str(config_i), str(incr_maps))
        log(f"N={n}: the real mkdocs serve, from saving {TOUCHED} to the reload")
        result["serve_live"] = measure_serve_live(config_i, incr_maps)

    log(f"N={n}: check")
    result["check"] = measure_check(maps, reps)
    if defaults:
        result["defaults"] = run_defaults(n, base, maps, config_b, log)

    previous = OUT / f"results-n{n}.json"
    earlier = json.loads(previous.read_text(encoding="utf-8")).get("exports", {}) if previous.is_file() else {}
    if not exports and earlier.get("status") == "ok":
        result["exports"] = {
            **earlier,
            "carried_from": earlier.get("carried_from")
            or _dt.datetime.fromtimestamp(previous.stat().st_mtime).isoformat(timespec="minutes"),
        }
    elif not exports:
        result["exports"] = {"status": "n/a (skipped: --no-exports)"}
    elif importlib.util.find_spec("mkdocs_cjm.export") is None:
        result["exports"] = {"status": "n/a (exports not available: mkdocs_cjm.export not found)"}
    else:
        log(f"N={n}: exports of {n} journeys, cold then warm (minutes: cairosvg)")
        try:
            result["exports"] = {"status": "ok", **run_child("exports", str(maps), str(base / "exports"))}
        except Exception as exc:  # the export API may still be moving
            result["exports"] = {"status": f"n/a (export_all failed: {str(exc).strip().splitlines()[-1][:200]})"}
    result["loadavg_end"] = os.getloadavg()[0]
    result["machine"] = machine()
    result["date"] = _dt.datetime.now().isoformat(timespec="seconds")
    (OUT / f"results-n{n}.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    return result


def site_sizes(site_dir: Path, journey_page: str) -> dict[str, Any]:
    """What a built site weighs: the folder, one journey page and its inline SVG, the search index."""
    import re

    files = [p for p in site_dir.rglob("*") if p.is_file()]
    page = (site_dir / journey_page).read_text(encoding="utf-8")
    svg = re.search(r'<svg\b[^>]*class="cjm-svg".*?</svg>', page, re.S)
    index = site_dir / "search" / "search_index.json"
    return {
        "site_bytes": sum(p.stat().st_size for p in files),
        "site_files": len(files),
        "page_bytes": len(page.encode("utf-8")),
        "inline_svg_bytes": len(svg.group(0).encode("utf-8")) if svg else 0,
        "search_index_bytes": index.stat().st_size if index.is_file() else 0,
        "png_bytes": sum(p.stat().st_size for p in files if p.suffix == ".png"),
        "pdf_bytes": sum(p.stat().st_size for p in files if p.suffix == ".pdf"),
    }


#: A journey page of every generated site (journey 1 of N), in (a) and in (b).
JOURNEY_PAGE = "journeys/discovery/journey-0001/index.html"


def run_defaults(n: int, base: Path, maps: Path, plain_config: Path, log: Callable[[str], None]) -> dict[str, Any]:
    """``mkdocs build`` with the plugin's default options (exports on): cold (no cache), then warm, beside (b)."""
    config = plugin_site(base / "defaults", maps, exports=True)
    out: dict[str, Any] = {}
    log(f"N={n}: (a) with default options (exports on): cold build, then warm; (b) once more")
    out["cold"] = run_child("build", str(config), timeout=7200)
    out["warm"] = run_child("build", str(config))
    out["plain"] = run_child("build", str(plain_config))
    out["sizes_a"] = site_sizes(base / "defaults" / "site", JOURNEY_PAGE)
    out["sizes_b"] = site_sizes(base / "plain" / "site", JOURNEY_PAGE)
    return out


def machine() -> dict[str, str]:
    from importlib.metadata import version

    import yaml

    cpu = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    with contextlib.suppress(OSError, ValueError, IndexError):
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kb / 2**20:.1f} GiB RAM"
    return {
        "cpu": f"{cpu or platform.processor()} ({os.cpu_count()} cores)",
        "memory": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        "mkdocs": version("mkdocs"),
        "mkdocs-material": version("mkdocs-material"),
        "pyyaml": f"{version('pyyaml')} (libyaml: {'yes' if getattr(yaml, '__with_libyaml__', False) else 'no'})",
        "jinja2": version("jinja2"),
        "cairosvg": version("cairosvg"),
    }


# -- report -----------------------------------------------------------------------------
def _ms(seconds: float, per: int = 1) -> str:
    return f"{seconds * 1000 / per:.1f}"


def report(r: dict[str, Any]) -> str:
    n = r["n"]
    s = r["stages"]
    a, b = r["a"], r["b"]
    lines = [
        f"### N = {n} journeys",
        "",
        f"{r['maps_bytes'] / 2**20:.1f} MiB of maps; {r['pages']} pages with {r['markdown_bytes'] / 2**20:.1f} "
        "MiB of Markdown; "
        f"diagrams: {s['svg_bytes'] / 2**20:.1f} MiB inline HTML. Median of {r['reps']}; times are CPU seconds "
        "of the build "
        f"(load_config + build) unless marked wall. Load average {r['loadavg_start']:.1f} at the start, "
        f"{r['loadavg_end']:.1f} at the end.",
        "",
        "| Measure | Time | Per journey | Memory |",
        "| --- | ---: | ---: | ---: |",
        f"| (a) `mkdocs build` with the plugin (exports off) | {a['cpu']:.2f} s (wall {a['seconds']:.2f} s) | "
        f"{_ms(a['cpu'], n)} ms | {a['maxrss_mb']:.0f} MB peak RSS |",
        f"| (b) plain mkdocs-material build of the same pages (the floor) | {b['cpu']:.2f} s (wall "
        f"{b['seconds']:.2f} s) | {_ms(b['cpu'], n)} ms | {b['maxrss_mb']:.0f} MB peak RSS |",
        f"| **(a)/(b)** | **{r['ratio']:.2f}** (wall {r['ratio_wall']:.2f}) | {_ms(a['cpu'] - b['cpu'], n)} ms "
        f"| {a['maxrss_mb'] - b['maxrss_mb']:+.0f} MB |",
    ]
    for key, (_, description) in WHAT_IF.items():
        if key in r:
            w = r[key]
            lines.append(
                f"| what-if: (a) with {description} | {w['cpu']:.2f} s; (a)/(b) = {w['cpu'] / b['cpu']:.2f} | "
                f"{_ms(w['cpu'] - b['cpu'], n)} ms | {w['maxrss_mb']:.0f} MB peak RSS |"
            )
    lines.append(f"| (c) load + validate (`load_project`, cold) | {_ms(s['load'])} ms | {_ms(s['load'], n)} ms | |")
    parts = (
        ("load.parse", "YAML parsing (libyaml events + positions)"),
        ("load.validate", "schema validation"),
        ("load.link", "site model: cross-references"),
        ("load.csv", "site model: metrics CSV"),
    )
    for key, label in parts:
        if key in s:
            lines.append(f"| &nbsp;&nbsp;of which {label} | {_ms(s[key])} ms | {_ms(s[key], n)} ms | |")
    rest = s["load"] - sum(s.get(k, 0.0) for k, _ in parts)
    lines.append(f"| &nbsp;&nbsp;of which model objects, file walk, hashing | {_ms(rest)} ms | {_ms(rest, n)} ms | |")
    lines.append(f"| (c) SVG diagrams (`render_diagram`) | {_ms(s['svg'])} ms | {_ms(s['svg'], n)} ms | |")
    lines.append(
        f"| **(c) load + validate + SVG** | **{_ms(s['load'] + s['svg'])} ms** | "
        f"**{_ms(s['load'] + s['svg'], n)} ms** | |"
    )
    lines.append(f"| (c) page Markdown (`PageRenderer.all_pages`) | {_ms(s['pages'])} ms | {_ms(s['pages'], n)} ms | |")
    lines.append(f"| (d) the plugin's stages: Python heap peak (tracemalloc) | | | {s['traced_peak_mb']:.0f} MB |")
    ex = r["exports"]
    if ex.get("status") == "ok":
        for name in ("cold", "warm"):
            st = ex[name]["stats"]
            made = (
                f"{st.get('made', '?')} made, {st.get('cached', '?')} cached, {st.get('workers', '?')} workers"
                if isinstance(st, dict)
                else str(st)
            )
            when = f" (from the run of {ex['carried_from']})" if ex.get("carried_from") else ""
            lines.append(
                f"| (c) exports SVG+PNG+PDF, {name} (`export_all`, wall){when} | {ex[name]['seconds']:.2f} s | "
                f"{_ms(ex[name]['seconds'], n)} ms | {made} |"
            )
    else:
        lines.append(f"| (c) exports | {ex['status']} | | |")
    inc = r.get("incremental")
    if inc is None:
        lines.append("| serve: incremental rebuilds | not measured (--no-serve) | | |")
    else:
        lines.append(
            f"| serve: first build in the serving process | {inc['cold']['cpu']:.2f} s | | parsed "
            f"{inc['cold']['parsed']}, drawn {inc['cold']['diagrams_rendered']} |"
        )
        lines.append(
            f"| serve: rebuild, nothing changed | {inc['unchanged']['cpu']:.2f} s | | parsed "
            f"{inc['unchanged']['parsed']}, drawn {inc['unchanged']['diagrams_rendered']} |"
        )
        lines.append(
            f"| **serve: rebuild after changing 1 map of {n}** | {inc['one_changed']['cpu']:.2f} s | | "
            f"**parsed {inc['one_changed']['parsed']}, diagrams re-rendered "
            f"{inc['one_changed']['diagrams_rendered']}, pages converted "
            f"{inc['one_changed'].get('pages_converted', 'n/a')}, "
            f"rendered {inc['one_changed'].get('pages_rendered', 'n/a')}** |"
        )
    live = r.get("serve_live")
    if live:
        lines.append(
            f"| **real `mkdocs serve`: save 1 map of {n} → browsers reloaded, page shows it (wall)** | "
            f"{live['save_to_page_1']:.2f} s, {live['save_to_page_2']:.2f} s | | "
            f"first build {live['first_build']:.1f} s |"
        )
    d = r.get("defaults")
    if d:
        plain = d["plain"]["seconds"]
        for name in ("cold", "warm"):
            b = d[name]
            lines.append(
                f"| **(a) with default options (exports on), {name} (wall)** | {b['seconds']:.2f} s "
                f"(CPU {b['cpu']:.2f} s + workers {max(b['process_cpu'] - b['cpu'], 0):.0f} s) | "
                f"**{b['seconds'] / plain:.2f}× (b)** | {b['maxrss_mb']:.0f} MB peak RSS |"
            )
        lines.append(f"| (b) in the same run (wall) | {plain:.2f} s | | {d['plain']['maxrss_mb']:.0f} MB peak RSS |")
        sa, sb = d["sizes_a"], d["sizes_b"]
        for key, label in (
            ("page_bytes", "journey page"),
            ("inline_svg_bytes", "its inline SVG (b: an <img>)"),
            ("search_index_bytes", "search_index.json"),
            ("site_bytes", "site folder"),
        ):
            ratio = f"{sa[key] / sb[key]:.2f}×" if sb[key] else ""
            lines.append(
                f"| weight: {label}, (a) / (b) | {sa[key] / 1024:,.0f} KB / {sb[key] / 1024:,.0f} KB | {ratio} | |"
            )
    ck = r["check"]
    lines.append(f"| {ck['how']} | {ck['cpu']:.2f} s (wall {ck['seconds']:.2f} s) | {_ms(ck['cpu'], n)} ms | |")
    return "\n".join(lines)


def targets(r: dict[str, Any]) -> str:
    n = r["n"]
    s = r["stages"]
    per = (s["load"] + s["svg"]) * 1000 / n
    inc = r.get("incremental", {}).get("one_changed", {"diagrams_rendered": "n/a", "parsed": "n/a"})
    rows = [
        ("(a)/(b) ≤ 1.3 with exports off", f"{r['ratio']:.2f}", r["ratio"] <= 1.3),
        ("load + validate + SVG ≤ 10 ms per journey", f"{per:.1f} ms", per <= 10),
        (
            "`mkdocs-cjm check` < 2 s" + ("" if n == 200 else " (set for N = 200)"),
            f"{r['check']['cpu']:.2f} s",
            r["check"]["cpu"] < 2,
        ),
        (
            "a rebuild after touching 1 map re-renders 1",
            f"{inc['diagrams_rendered']} re-rendered, {inc['parsed']} parsed",
            inc["diagrams_rendered"] == 1,
        ),
    ]
    lines = [f"Targets at N = {n}:", "", "| Target | Measured | Met |", "| --- | ---: | :-: |"]
    lines += [f"| {t} | {m} | {'n/a' if 'n/a' in m else 'yes' if ok else '**no**'} |" for t, m, ok in rows]
    return "\n".join(lines)


def growth(results: list[dict[str, Any]]) -> str:
    """How each figure grows with N: its value at each N, per journey, and k in value ~ N^k."""
    results = sorted(results, key=lambda r: r["n"])
    if len(results) < 2:
        return ""
    figures: list[tuple[str, Callable[[dict[str, Any]], float], str]] = [
        ("(a) build with the plugin", lambda r: r["a"]["cpu"], "s"),
        ("(b) plain build", lambda r: r["b"]["cpu"], "s"),
        ("(a) − (b): the plugin's cost", lambda r: r["a"]["cpu"] - r["b"]["cpu"], "s"),
        ("(a)/(b)", lambda r: r["ratio"], ""),
        (
            "(a)/(b), what-if gc.freeze",
            lambda r: r["a_gc_freeze"]["cpu"] / r["b"]["cpu"] if "a_gc_freeze" in r else float("nan"),
            "",
        ),
        ("load + validate", lambda r: r["stages"]["load"], "s"),
        ("SVG", lambda r: r["stages"]["svg"], "s"),
        ("page Markdown", lambda r: r["stages"]["pages"], "s"),
        ("check (process)", lambda r: r["check"]["cpu"], "s"),
        (
            "serve rebuild after 1 change",
            lambda r: r["incremental"]["one_changed"]["cpu"] if "incremental" in r else float("nan"),
            "s",
        ),
        ("peak RSS (a)", lambda r: r["a"]["maxrss_mb"], "MB"),
        ("peak RSS (b)", lambda r: r["b"]["maxrss_mb"], "MB"),
        ("plugin heap peak", lambda r: r["stages"]["traced_peak_mb"], "MB"),
        ("maps on disk", lambda r: r["maps_bytes"] / 2**20, "MB"),
    ]
    head = "| Figure | " + " | ".join(f"N = {r['n']}" for r in results) + " | per journey | k (~N^k) |"
    lines = [
        "How each figure grows with N (k = 1: linear; k < 1: a fixed cost dominates; k > 1: faster than the content):",
        "",
        head,
        "| --- |" + " ---: |" * (len(results) + 2),
    ]
    for label, get, unit in figures:
        values = [get(r) for r in results]
        cells = [f"{v:.2f} {unit}".strip() if v == v else "n/a" for v in values]
        if unit == "s":
            per = " → ".join(f"{v * 1000 / r['n']:.1f}" if v == v else "n/a" for v, r in zip(values, results)) + " ms"
        elif unit == "MB":
            per = " → ".join(f"{v * 1024 / r['n']:.0f}" for v, r in zip(values, results)) + " KB"
        else:
            per = ""
        known = [(v, r["n"]) for v, r in zip(values, results) if v == v and v > 0]
        k = (
            math.log(known[-1][0] / known[0][0]) / math.log(known[-1][1] / known[0][1])
            if len(known) >= 2
            else float("nan")
        )
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {per} | " + (f"{k:.2f}" if k == k else "n/a") + " |")
    return "\n".join(lines)


def machine_line(m: dict[str, str]) -> str:
    return (
        f"Machine: {m['cpu']}, {m['memory']}, {m['os']}. Python {m['python']}, mkdocs {m['mkdocs']}, "
        f"mkdocs-material {m['mkdocs-material']}, PyYAML {m['pyyaml']}, Jinja2 {m['jinja2']}, cairosvg {m['cairosvg']}."
    )


def main(argv: Optional[list[str]] = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["_child"]:
        kind, out, *args = argv[1:]
        result = CHILDREN[kind](*args)
        Path(out).write_text(json.dumps(result), encoding="utf-8")
        return 0
    parser = argparse.ArgumentParser(
        description="Benchmark the mkdocs-cjm plugin against a plain mkdocs-material build of the same pages."
    )
    parser.add_argument(
        "--n", action="append", type=str, help="journeys; repeat or comma-separate for several (default 200)"
    )
    parser.add_argument(
        "--reps", type=int, default=3, help="repetitions of each timing; the median is shown (default 3)"
    )
    parser.add_argument(
        "--no-exports",
        action="store_true",
        help="skip the cold/warm export of every journey (minutes at N = 200); an earlier run's export figures "
        "are kept",
    )
    parser.add_argument(
        "--what-if", action="store_true", help="also build (a) with the fixes proposed in RESULTS.md (see WHAT_IF)"
    )
    parser.add_argument("--no-serve", action="store_true", help="skip the incremental (mkdocs serve) rebuilds")
    parser.add_argument(
        "--defaults",
        action="store_true",
        help="also build (a) with the default options (exports on), cold then warm, and weigh both sites",
    )
    parser.add_argument(
        "--report", action="store_true", help="only print the tables of the results saved in benchmarks/out/"
    )
    args = parser.parse_args(argv)
    ns = [int(x) for item in (args.n or ["200"]) for x in item.split(",") if x.strip()]
    OUT.mkdir(exist_ok=True)

    def say(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    results: dict[int, dict[str, Any]] = {}
    for n in ns:
        if args.report:
            results[n] = json.loads((OUT / f"results-n{n}.json").read_text(encoding="utf-8"))
        else:
            results[n] = run_n(
                n, args.reps, not args.no_exports, args.what_if, say, serve=not args.no_serve, defaults=args.defaults
            )
    print(machine_line(next(iter(results.values()))["machine"]))
    for r in results.values():
        print()
        print(report(r))
        print()
        print(targets(r))
        print()
        print(f"RATIO (a)/(b) at N = {r['n']}: {r['ratio']:.2f} (CPU time; wall-clock {r['ratio_wall']:.2f})")
    saved = dict(results)
    for path in OUT.glob("results-n*.json"):
        r = json.loads(path.read_text(encoding="utf-8"))
        saved.setdefault(r["n"], r)
    table = growth(list(saved.values()))
    if table:
        print()
        print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
