"""The ``mkdocs-cjm diff BASE [HEAD]`` command: the summary of what a change does to the customer."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..load.walk import load_project
from ..site import Project
from ..siteconfig import SiteConfig, UsageError, read_site_config
from .compare import compare
from .gitread import GitError, load_at, resolve, toplevel
from .report import to_json, to_markdown

WORKING_TREE = "working tree"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command's arguments."""
    parser.add_argument("base", metavar="BASE", help="the git revision before the change (a branch, tag or commit)")
    parser.add_argument(
        "head", metavar="HEAD", nargs="?", default=None, help="the git revision after it (default: the working tree)"
    )
    parser.add_argument(
        "--format", "-f", choices=("markdown", "json"), default="markdown", help="markdown (default) or json"
    )
    parser.add_argument(
        "--path",
        default=".",
        metavar="PATH",
        help="the site folder (with mkdocs.yml) or an mkdocs.yml file; its maps_dir is compared (default: .)",
    )
    parser.add_argument(
        "--svg", metavar="DIR", default=None, help="also write the swimlane of each changed journey, marked, into DIR"
    )


def run(args: argparse.Namespace) -> int:
    """Print the summary; raises :class:`UsageError` on bad usage or an unknown revision."""
    site = read_site_config(Path(args.path))  # UsageError for a path that is not there
    try:
        repo = toplevel(site.root)
        base_commit = resolve(repo, args.base)
        head_commit = resolve(repo, args.head) if args.head is not None else None
    except GitError as exc:
        raise UsageError(str(exc)) from None
    try:
        base = _load(repo, base_commit, site)
        head = _load(repo, head_commit, site)
    except (GitError, ValueError) as exc:
        raise UsageError(str(exc)) from None
    result = compare(base, head)
    head_label = args.head if args.head is not None else WORKING_TREE
    if args.format == "json":
        sys.stdout.write(to_json(result, args.base, head_label))
    else:
        sys.stdout.write(to_markdown(result, args.base, head_label))
    if args.svg:
        from .marks import write_marked

        write_marked(Path(args.svg), base, head, result)
    return 0


def _load(repo: Path, commit: str | None, site: SiteConfig) -> Project:
    if commit is None:
        return load_project(site.maps_dir, display_root=site.root, max_file_size=site.max_file_size, layout=site.layout)
    return load_at(repo, commit, site.root, site.maps_dir, max_file_size=site.max_file_size, layout=site.layout)
