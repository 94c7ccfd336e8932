"""Reading a site's ``mkdocs.yml`` for ``mkdocs-cjm check``: where the maps are, and the plugin's options.

The file is read with a plain YAML loader (unknown tags such as ``!ENV`` and
``!!python/name`` are tolerated, ``INHERIT`` is followed); the ``cjm``
plugin's options are validated by the plugin's own
:class:`~mkdocs_cjm.config.CjmConfig`, imported when a check runs, not with
this module, so that importing it stays MkDocs-free.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

import yaml

from .load.walk import holds_maps
from .problems import Problem
from .uris import Layout

#: MkDocs' default ``docs_dir`` (the plugin options' defaults are in :mod:`mkdocs_cjm.config`).
DEFAULT_DOCS_DIR = "docs"
CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")
PLUGIN_NAME = "cjm"
_MAX_CONFIG_SIZE = 4 * 1024 * 1024
_MAX_INHERIT = 8


class UsageError(Exception):
    """Bad command-line use (exit code 2)."""


class _ConfigLoader(yaml.SafeLoader):
    """A safe loader that reads any tag as the plain value under it.

    The pure-Python loader is used on purpose: a hostile ``mkdocs.yml`` can
    at worst raise ``RecursionError``, which is caught, where libyaml's C
    composer would crash the interpreter.
    """


def _untagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node, deep=True)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_scalar(node)


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """``!ENV NAME`` or ``!ENV [NAME, OTHER, default]``, as MkDocs reads them."""
    if isinstance(node, yaml.ScalarNode):
        return os.environ.get(str(loader.construct_scalar(node)))
    if isinstance(node, yaml.SequenceNode):
        items = loader.construct_sequence(node, deep=True)
        if not items:
            return None
        *names, default = items if len(items) > 1 else (items[0], None)
        for name in names:
            if isinstance(name, str) and name in os.environ:
                return yaml.safe_load(os.environ[name]) if os.environ[name] else ""
        return default
    return None


_ConfigLoader.add_constructor("!ENV", _env)
_ConfigLoader.add_multi_constructor("", _untagged)


@dataclass
class SiteConfig:
    """What ``check`` needs to know about a site."""

    #: The site folder: file names in messages are relative to it.
    root: Path
    maps_dir: Path
    docs_dir: Optional[Path]
    review_every: int
    max_file_size: int
    today: _dt.date
    #: The mkdocs.yml read, if any.
    config_file: Optional[Path] = None
    #: Whether mkdocs.yml enables the cjm plugin (None: no mkdocs.yml).
    plugin_enabled: Optional[bool] = None
    #: Where the pages go (the options journeys_dir, personas_dir, promises_dir): decides URI collisions.
    layout: Layout = field(default_factory=Layout)
    problems: list[Problem] = field(default_factory=list)
    #: The plugin options, validated (:class:`~mkdocs_cjm.config.CjmConfig`; an option in error has its default).
    options: Any = None


def add_site_path(parser: argparse.ArgumentParser) -> None:
    """The ``PATH`` argument of the commands that read a site (:func:`read_site_config` takes it)."""
    parser.add_argument(
        "path",
        nargs="?",
        default=".",
        metavar="PATH",
        help="a site folder (with mkdocs.yml), an mkdocs.yml file or a maps folder (default: .)",
    )


def find_config(path: Path) -> Optional[Path]:
    """The mkdocs.yml of a site folder (or the file itself), if there is one."""
    if path.is_file():
        return path if path.name in CONFIG_NAMES or path.suffix in (".yml", ".yaml") else None
    for name in CONFIG_NAMES:
        candidate = path / name
        if candidate.is_file():
            return candidate
    return None


def read_site_config(path: Path, *, today: Optional[_dt.date] = None) -> SiteConfig:
    """Where the maps are and the plugin options, from a site or maps folder.

    ``path`` is a site folder (holding mkdocs.yml), an mkdocs.yml file, or a
    maps folder. Raises :class:`UsageError` when ``path`` does not exist, or is a
    folder with no mkdocs.yml, no ``maps`` folder and no map files.
    """
    path = Path(path)
    if not path.exists():
        raise UsageError(f"{path}: no such file or folder")
    config_file = find_config(path)
    if config_file is None:
        if not path.is_dir():
            raise UsageError(f"{path}: expected a site folder (with mkdocs.yml), an mkdocs.yml file or a maps folder")
        return _maps_folder_config(path.resolve(), today=today, shown=path)

    root = config_file.parent
    display = config_file.name
    data, text, problem = _read_config(config_file, display)
    if problem is not None:
        site = _site_config(root, {}, today=today, docs_dir=root / DEFAULT_DOCS_DIR, config_file=config_file)
        site.problems.append(problem)
        return site

    problems: list[Problem] = []
    docs_dir = data.get("docs_dir", DEFAULT_DOCS_DIR)
    if not (isinstance(docs_dir, str) and docs_dir):
        if docs_dir is not None:
            problems.append(_config_problem(display, text, "docs_dir", f"found {docs_dir!r}, expected a folder name"))
        docs_dir = DEFAULT_DOCS_DIR

    options, found = _plugin_options(data.get("plugins"))
    if not found:
        problems.append(
            Problem(
                display,
                *_line_of(text, "plugins"),
                "plugins",
                f"mkdocs.yml does not enable the '{PLUGIN_NAME}' plugin; "
                f"checking '{_option_defaults().maps_dir}' with the default options",
                severity="warning",
                code="config",
                hint=f"add '- {PLUGIN_NAME}' under 'plugins:'",
            )
        )
    if not isinstance(options, dict):
        if options is not None:
            problems.append(
                _config_problem(
                    display, text, f"plugins.{PLUGIN_NAME}", f"found {options!r}, expected a mapping of options"
                )
            )
        options = {}
    site = _site_config(
        root, options, today=today, docs_dir=root / docs_dir, config_file=config_file, display=display, text=text
    )
    site.plugin_enabled = found
    site.problems[:0] = problems
    return site


def _maps_folder_config(maps_dir: Path, *, today: Optional[_dt.date], shown: Path) -> SiteConfig:
    """The site of a maps folder, or of a folder without mkdocs.yml that holds one
    (``shown``: the folder as given, for the message when it is neither)."""
    # If the site above it uses it, that site's options apply.
    parent_config = find_config(maps_dir.parent)
    if parent_config is not None:
        site = read_site_config(parent_config, today=today)
        if site.maps_dir.resolve() == maps_dir:
            return site
    default = _option_defaults().maps_dir
    if (maps_dir / default).is_dir():
        # A site folder without mkdocs.yml: its maps folder, with the default options.
        return _site_config(maps_dir, {}, today=today)
    if not holds_maps(maps_dir):
        raise UsageError(
            f"{shown}: no mkdocs.yml, no '{default}' folder and no map files here; "
            "expected a site folder (with mkdocs.yml), an mkdocs.yml file or a maps folder"
        )
    # Names in messages are relative to the folder above it, as in a site.
    return _site_config(maps_dir.parent, {}, today=today, maps_dir=maps_dir)


def _option_defaults() -> Any:
    """The plugin options' defaults (:class:`mkdocs_cjm.config.CjmConfig`)."""
    from .config import CjmConfig  # MkDocs' config classes (about 0.1 s): only when a check runs

    return CjmConfig()


def _site_config(
    root: Path,
    options: dict[str, Any],
    *,
    today: Optional[_dt.date],
    maps_dir: Optional[Path] = None,
    docs_dir: Optional[Path] = None,
    config_file: Optional[Path] = None,
    display: str = "",
    text: str = "",
) -> SiteConfig:
    """A site with the plugin options ``options``, validated as the plugin validates them
    (:class:`~mkdocs_cjm.config.CjmConfig`); a bad option is reported and keeps its default."""
    from .config import validate_options  # see _option_defaults

    config, errors, warnings = validate_options(options)
    site = SiteConfig(
        root=root,
        maps_dir=maps_dir if maps_dir is not None else root / config.maps_dir,
        docs_dir=docs_dir,
        review_every=config.review_every,
        max_file_size=config.max_file_size,
        today=today or config.today or _dt.date.today(),
        config_file=config_file,
        layout=Layout(config.journeys_dir.strip("/"), config.personas_dir.strip("/"), config.promises_dir.strip("/")),
        options=config,
    )
    site.problems += [_config_problem(display, text, key, message) for key, message in errors]
    known = list(_option_defaults())
    site.problems += [_option_warning(display, text, key, message, known=known) for key, message in warnings]
    return site


def _read_config(config_file: Path, display: str, depth: int = 0) -> tuple[dict[str, Any], str, Optional[Problem]]:
    try:
        if config_file.stat().st_size > _MAX_CONFIG_SIZE:
            return {}, "", Problem(display, 0, 0, "", "file is too large to be an mkdocs.yml", code="config")
        text = config_file.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return (
            {},
            "",
            Problem(display, 0, 0, "", f"cannot read file: {getattr(exc, 'strerror', None) or exc}", code="config"),
        )
    try:
        data = yaml.load(text, Loader=_ConfigLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return (
            {},
            text,
            Problem(display, line, column, "", f"YAML syntax error: {exc.problem or exc.context}", code="config"),
        )
    except (yaml.YAMLError, RecursionError, ValueError, TypeError) as exc:
        return {}, text, Problem(display, 1, 1, "", f"cannot read mkdocs.yml: {exc}", code="config")
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return {}, text, Problem(display, 1, 1, "", "found no mapping at the top of mkdocs.yml", code="config")
    parent = data.get("INHERIT")
    if isinstance(parent, str) and depth < _MAX_INHERIT:
        base, _, problem = _read_config(config_file.parent / parent, display, depth + 1)
        if problem is None:
            data = _deep_merge(base, {k: v for k, v in data.items() if k != "INHERIT"})
    return data, text, None


def _deep_merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def _plugin_options(plugins: Any) -> tuple[Any, bool]:
    """The cjm plugin's options in ``plugins:`` (a list or a mapping), and whether it is there."""
    if isinstance(plugins, dict):
        if PLUGIN_NAME in plugins:
            return plugins[PLUGIN_NAME], True
        return None, False
    if isinstance(plugins, list):
        for item in plugins:
            if item == PLUGIN_NAME:
                return {}, True
            if isinstance(item, dict) and PLUGIN_NAME in item:
                return item[PLUGIN_NAME], True
    return None, False


def _line_of(text: str, key: str) -> tuple[int, int]:
    """Line and column of ``key:`` in a config text (the first one), or (0, 0)."""
    match = re.search(rf"^([ \t-]*){re.escape(key)}\s*:", text, re.M)
    if not match:
        return 0, 0
    line = text.count("\n", 0, match.start()) + 1
    return line, len(match.group(1)) + 1


def _config_problem(display: str, text: str, key: str, message: str) -> Problem:
    line, column = _line_of(text, key.rsplit(".", 1)[-1])
    path = key if key.startswith(("plugins.", "docs_dir")) else f"plugins.{PLUGIN_NAME}.{key}"
    return Problem(display, line, column, path, message, code="config")


def _option_warning(display: str, text: str, key: str, message: str, *, known: list[str]) -> Problem:
    """A warning of the options' validation (MkDocs prints it, and fails a ``--strict`` build)."""
    hint = ""
    if message.startswith("Unrecognised configuration name"):
        message, hint = f"unknown option '{key}': the plugin ignores it", f"the options are {', '.join(known)}"
    line, column = _line_of(text, key)
    path = f"plugins.{PLUGIN_NAME}.{key}"
    return Problem(display, line, column, path, message, severity="warning", code="config", hint=hint)
