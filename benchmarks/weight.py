"""Page weight (issue 14, target 4): a journey page against the plain page of the same text.

    python benchmarks/weight.py [OUT_DIR] [--n 3] [--no-build] [--breakdown]

Generates ``--n`` journeys (:mod:`generate`: 8 stages x 6 steps, every lane) under ``OUT_DIR``
(default ``/tmp/wt4``), builds (a) the plugin's site and (b) the plain site of the same pages
(:func:`bench.plugin_site`, :func:`bench.plain_site`) with ``mkdocs build``, and prints what
:func:`bench.site_sizes` measures on journey 1 of both, the ratio of the pages, and (``--breakdown``)
the bytes of the inline SVG by tag and by attribute. Targets: the inline SVG under 120 KB, the page at
most 2x the plain one.
"""

from __future__ import annotations

import argparse
import collections
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench  # noqa: E402

_TAG = re.compile(r"<([a-zA-Z]+)\b([^>]*)>")
_ATTR = re.compile(r'\s([a-zA-Z:-]+)="[^"]*"')


def breakdown(svg: str) -> tuple[collections.Counter[str], collections.Counter[str], collections.Counter[str]]:
    """Bytes of opening tags by tag name, bytes of attributes by name, and counts of tags."""
    tags: collections.Counter[str] = collections.Counter()
    attrs: collections.Counter[str] = collections.Counter()
    counts: collections.Counter[str] = collections.Counter()
    for match in _TAG.finditer(svg):
        name = match.group(1)
        tags[name] += len(match.group(0)) + (0 if match.group(0).endswith("/>") else len(name) + 3)
        counts[name] += 1
        for attr in _ATTR.finditer(match.group(2)):
            attrs[attr.group(1)] += len(attr.group(0))
    return tags, attrs, counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, nargs="?", default=Path("/tmp/wt4"))
    parser.add_argument("--n", type=int, default=3)
    parser.add_argument("--no-build", action="store_true", help="measure the sites built before")
    parser.add_argument("--breakdown", action="store_true", help="bytes of the inline SVG by tag and attribute")
    args = parser.parse_args(argv)
    out: Path = args.out
    if not args.no_build:
        if out.exists():
            shutil.rmtree(out)
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(out / "maps"), "--n", str(args.n)], check=True)
        bench.plugin_site(out / "a", out / "maps")
        bench.plain_site(out / "b", out / "maps")
        for site in "ab":
            subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=out / site, check=True)
    sizes = {site: bench.site_sizes(out / site / "site", bench.JOURNEY_PAGE) for site in "ab"}
    for site, figures in sizes.items():
        print(site, figures)
    a, b = sizes["a"]["page_bytes"], sizes["b"]["page_bytes"]
    print(f"inline SVG {sizes['a']['inline_svg_bytes']:,} bytes (target < 120,000)")
    print(f"page {a:,} / plain {b:,} = {a / b:.2f}x (target <= 2x)")
    if args.breakdown:
        page = (out / "a" / "site" / bench.JOURNEY_PAGE).read_text(encoding="utf-8")
        found = re.search(r'<svg\b[^>]*class="cjm-svg".*?</svg>', page, re.S)
        svg = found.group(0) if found else ""
        tags, attrs, counts = breakdown(svg)
        text = len(re.sub(r"<[^>]*>", "", svg).encode("utf-8"))
        print(f"text content {text:,} bytes")
        print("tags:", ", ".join(f"{k} {v:,} ({counts[k]})" for k, v in tags.most_common(12)))
        print("attributes:", ", ".join(f"{k} {v:,}" for k, v in attrs.most_common(16)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
