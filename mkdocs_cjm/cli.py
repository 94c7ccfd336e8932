"""The ``mkdocs-cjm`` command line.

Subcommands are listed in :data:`COMMANDS`; adding one is adding a
:class:`Command` (a name, a help line, a function that declares its
arguments and a function that runs it and returns the exit code)::

    def _export_arguments(parser): parser.add_argument("PATH", nargs="?", default=".")
    def _export(args): ...; return 0
    COMMANDS.append(Command("export", "Export diagrams.", _export_arguments, _export))

Exit codes: 0 success, 1 problems found, 2 bad usage.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import gc
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional, Sequence

from .values import parse_date

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]
    description: str = ""


class _UsageError(Exception):
    pass


def _date(text: str) -> _dt.date:
    found = parse_date(text)
    if found is None:
        raise argparse.ArgumentTypeError(f"expected a date (YYYY-MM-DD), found {text!r}")
    return found


# -- check ---------------------------------------------------------------------------
def _check_arguments(parser: argparse.ArgumentParser) -> None:
    from .siteconfig import add_site_path  # imported when used: `mkdocs-cjm --help` stays quick

    add_site_path(parser)
    parser.add_argument(
        "--format",
        "-f",
        choices=("text", "github", "json"),
        default="text",
        help="text: file:line:col: messages (default); github: annotations on the pull request; json",
    )
    parser.add_argument("--strict", action="store_true", help="fail (exit 1) on warnings too")
    parser.add_argument("--no-warnings", action="store_true", help="report errors only")
    parser.add_argument(
        "--today",
        type=_date,
        metavar="YYYY-MM-DD",
        help="the date reviews are due against (default: the plugin option 'today', else today)",
    )
    parser.add_argument(
        "--no-source", action="store_true", help="text format: do not show the source line under each problem"
    )
    parser.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=0,
        metavar="N",
        help="processes that parse a big site (default: one per CPU, at most 4; 1: no extra processes)",
    )


def _check(args: argparse.Namespace) -> int:
    # A big site is millions of small objects without cycles: the cyclic
    # collector would only scan them again and again.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _run_check(args)
    finally:
        if collecting:
            gc.enable()


def _run_check(args: argparse.Namespace) -> int:
    from .check import FORMATS, UsageError, default_jobs, format_text, github_step_summary, run_check, summary

    if args.jobs < 0:
        raise _UsageError(f"--jobs: expected a number of processes, found {args.jobs}")
    try:
        result = run_check(args.path, today=args.today, warnings=not args.no_warnings, jobs=args.jobs or default_jobs())
    except UsageError as exc:
        raise _UsageError(str(exc)) from None
    if args.format == "text":
        sys.stdout.write(format_text(result, source=not args.no_source))
    else:
        sys.stdout.write(FORMATS[args.format](result))
    if args.format != "json":
        sys.stdout.flush()
        print(summary(result), file=sys.stderr)
    if args.format == "github" and os.environ.get("GITHUB_STEP_SUMMARY"):
        try:
            with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as handle:
                handle.write(github_step_summary(result))
        except OSError:
            pass
    return result.exit_code(strict=args.strict)


# -- schema --------------------------------------------------------------------------
def _schema_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out",
        "-o",
        default="schema",
        metavar="DIR",
        help="folder to write journey/persona/brand.schema.json into (default: schema)",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if the files in DIR are missing or differ from this version's schemas",
    )
    parser.add_argument(
        "--print",
        dest="kind",
        choices=("journey", "persona", "brand"),
        help="print one schema to standard output instead",
    )


def _schema(args: argparse.Namespace) -> int:
    from . import schema as S

    if args.kind:
        sys.stdout.write(S.dumps(args.kind))
        return EXIT_OK
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise _UsageError(f"{out}: not a folder")
    stale = []
    for kind in S.SCHEMAS:
        target = out / f"{kind}.schema.json"
        text = S.dumps(kind)
        if args.check:
            try:
                current = target.read_text(encoding="utf-8")
            except OSError:
                current = None
            if current != text:
                stale.append(target)
            continue
        out.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        print(f"wrote {target}", file=sys.stderr)
    if args.check:
        for target in stale:
            print(f"{target}: missing or out of date; run 'mkdocs-cjm schema --out {out}'", file=sys.stderr)
        return EXIT_PROBLEMS if stale else EXIT_OK
    return EXIT_OK


# -- export --------------------------------------------------------------------------
def _export_arguments(parser: argparse.ArgumentParser) -> None:
    from .export import add_arguments

    add_arguments(parser)


def _export(args: argparse.Namespace) -> int:
    from .export import run

    return run(args)


# -- diff ----------------------------------------------------------------------------
def _diff_arguments(parser: argparse.ArgumentParser) -> None:
    from .diff.cli import add_arguments

    add_arguments(parser)


def _diff(args: argparse.Namespace) -> int:
    from .diff.cli import run
    from .siteconfig import UsageError

    try:
        return run(args)
    except UsageError as exc:
        raise _UsageError(str(exc)) from None


# -- import --------------------------------------------------------------------------
def _import_arguments(parser: argparse.ArgumentParser) -> None:
    from .importers.run import add_arguments

    add_arguments(parser)


def _import(args: argparse.Namespace) -> int:
    from .importers.run import run

    return run(args)


# -- generate ------------------------------------------------------------------------
def _generate_arguments(parser: argparse.ArgumentParser) -> None:
    from .generate import add_arguments

    add_arguments(parser)


def _generate(args: argparse.Namespace) -> int:
    from .generate import run
    from .siteconfig import UsageError

    try:
        return run(args)
    except UsageError as exc:
        raise _UsageError(str(exc)) from None


COMMANDS: list[Command] = [
    Command(
        "check",
        "Check maps, personas and brand files without building the site.",
        _check_arguments,
        _check,
        "Validate everything the cjm plugin would read. Exit 0 when there are no errors, 1 on errors "
        "(and on warnings with --strict), 2 on bad usage.",
    ),
    Command(
        "schema",
        "Write JSON Schemas of the map files, for editors.",
        _schema_arguments,
        _schema,
        "Write JSON Schemas (draft 2020-12) of journey, persona and brand files. Point the YAML language "
        "server at them with a first line '# yaml-language-server: $schema=<path>'.",
    ),
    Command(
        "export",
        "Export journey diagrams as SVG, PNG and PDF without building the site.",
        _export_arguments,
        _export,
        "Export the diagram of a journey map, or of every journey in a maps folder, as a standalone SVG "
        "(light palette, styles inlined), a PNG at 2x and a PDF. Files are cached by content hash in "
        ".cache/plugin/cjm next to the site's mkdocs.yml. Exit 0 when done, 1 when a map has errors, 2 on bad usage.",
    ),
    Command(
        "diff",
        "Summarise what a change to the maps does to the customer (for pull-request reviews).",
        _diff_arguments,
        _diff,
        "Compare the maps at two git revisions (HEAD defaults to the working tree), read through git without "
        "touching the working tree, and print a Markdown (or JSON) summary: journeys, personas and promises "
        "added, removed or renamed; stages and steps; feelings, promise ratings, metrics, pain points, "
        "opportunities, review dates and evidence. Exit 0 on success (broken maps are reported in the summary), "
        "2 on bad usage or a revision that does not exist.",
    ),
    Command(
        "import",
        "Import journey maps from Mermaid journeys, enablement-map-studio files and CSV sheets.",
        _import_arguments,
        _import,
        "Write journeys as DIR/<id>.yml and personas as DIR/personas/<id>.yml from Mermaid journey diagrams "
        "(.mmd, or the mermaid blocks of Markdown pages), enablement-map-studio YAML and CSV sheets. Never "
        "overwrites a file without --force. Exit 0 when written, 1 when files are in the way or nothing was "
        "found, 2 on bad usage or an unreadable source.",
    ),
    Command(
        "generate",
        "Write the journey site as plain Markdown files, for Zensical, MkDocs 2 or any site generator.",
        _generate_arguments,
        _generate,
        "Write every page the cjm plugin adds (journeys, personas, promises, indexes, insights) into DIR as "
        "Markdown with the diagrams drawn in, the downloads next to the journey pages and the stylesheets under "
        "assets/cjm, with relative links. A manifest in DIR (.mkdocs-cjm-generated.json) lists what was written: "
        "unchanged files are not rewritten, files of journeys that went away are removed, --clean removes them "
        "all, and nothing else in DIR is touched. Exit 0 when written, 1 when the maps have errors (the pages "
        "are written all the same), 2 on bad usage or a file in the way.",
    ),
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mkdocs-cjm", description="Customer journey maps as code: tools for the mkdocs-cjm plugin."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for command in COMMANDS:
        child = sub.add_parser(command.name, help=command.help, description=command.description or command.help)
        command.arguments(child)
        child.set_defaults(_run=command.run)
    return parser


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("mkdocs-cjm")
    except Exception:  # pragma: no cover - not installed
        return "unknown"


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)  # exits 2 on bad usage
    try:
        return args._run(args)
    except _UsageError as exc:
        parser.print_usage(sys.stderr)
        print(f"mkdocs-cjm {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # pragma: no cover - output piped into head
        return EXIT_OK
    except KeyboardInterrupt:  # pragma: no cover
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
