"""``mkdocs-cjm import``: read each source in its format, lay out the files, refuse to overwrite, write."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Callable, Optional

from . import Imported, Note
from .mermaid import read_mermaid
from .writer import dump, plan, write

FORMATS = ("mermaid", "enablement-map", "sheet")
_MARKDOWN = {".md", ".markdown", ".mdown"}


class ImportUsageError(Exception):
    """A source that cannot be read at all, or a format that cannot be told."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command's arguments."""
    parser.add_argument("sources", nargs="+", metavar="SOURCE", help="files to import (.mmd, .md, .csv, .yml)")
    parser.add_argument("--out", "-o", required=True, metavar="DIR", help="the maps folder to write into")
    parser.add_argument(
        "--from",
        dest="format",
        choices=FORMATS,
        help="the sources' format (default: told from each file's name and text)",
    )
    parser.add_argument("--force", action="store_true", help="overwrite files that exist already")


def detect(path: Path, text: str) -> str:
    """The format of a source, from its extension and then its text."""
    suffix = path.suffix.lower()
    if suffix in (".mmd", ".mermaid") or suffix in _MARKDOWN:
        return "mermaid"
    if suffix in (".csv", ".tsv"):
        return "sheet"
    if suffix in (".yml", ".yaml"):
        return "enablement-map"
    head = text.lstrip()
    if head.startswith("journey") or head.startswith("---") and "\njourney" in text:
        return "mermaid"
    if "kind: cjm" in text:
        return "enablement-map"
    if "," in head.split("\n", 1)[0] or "\t" in head.split("\n", 1)[0]:
        return "sheet"
    raise ImportUsageError(f"{path}: cannot tell the format; name it with --from {'|'.join(FORMATS)}")


def _readers() -> dict[str, Callable[[str, str, Path], Imported]]:
    from .enablement import read_enablement
    from .sheet import read_sheet

    return {
        "mermaid": lambda text, name, path: read_mermaid(text, name, markdown=path.suffix.lower() in _MARKDOWN),
        "sheet": lambda text, name, path: read_sheet(text, name, stem=path.stem),
        "enablement-map": lambda text, name, path: read_enablement(text, name),
    }


def read_source(path: Path, fmt: Optional[str] = None) -> Imported:
    """One source read in its format (told from the file where ``fmt`` is None)."""
    if path.suffix.lower() in (".xlsx", ".xls", ".ods"):
        raise ImportUsageError(f"{path}: spreadsheets are read as CSV only; save the sheet as CSV (UTF-8) first")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportUsageError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportUsageError(f"{path}: not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _readers()[fmt or detect(path, text)](text, str(path), path)


def run(args: argparse.Namespace) -> int:
    """Import, print what was written and every line not used; 0 done, 1 files in the way or nothing imported."""
    imported = Imported()
    try:
        for source in args.sources:
            imported.merge(read_source(Path(source), args.format))
    except ImportUsageError as exc:
        print(f"mkdocs-cjm import: error: {exc}", file=sys.stderr)
        return 2
    for note in imported.notes:
        print(note)
    if not imported.journeys:
        print("nothing imported: no journey found in the sources", file=sys.stderr)
        return 1
    layout = plan(imported, Path(args.out))
    conflicts = layout.conflicts()
    if conflicts and not args.force:
        for path in conflicts:
            print(f"{path}: exists already; not overwritten (use --force to overwrite)", file=sys.stderr)
        print("nothing written", file=sys.stderr)
        return 1
    try:
        for path in write(layout.files):
            print(f"wrote {path}")
    except OSError as exc:
        print(f"{exc.filename or args.out}: cannot write: {exc.strerror or exc}", file=sys.stderr)
        return 1
    if layout.lanes_to_declare:
        print(f"{Path(args.out) / 'brand.yml'} exists: add these custom lanes to its 'lanes:' list:")
        lanes = [{"id": lane, "name": label} for lane, label in layout.lanes_to_declare.items()]
        sys.stdout.write(dump({"lanes": lanes}))
    return 0


__all__ = ["FORMATS", "ImportUsageError", "Note", "add_arguments", "detect", "read_source", "run"]
