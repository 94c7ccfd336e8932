"""Options of the ``cjm`` plugin (``plugins: [cjm: {...}]`` in ``mkdocs.yml``).

The one place that knows the options, their defaults and what a good value
is: the plugin is configured through :class:`CjmConfig`, and
``mkdocs-cjm check`` validates ``mkdocs.yml`` with it, so both report a bad
option alike.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Optional

from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ValidationError

from .values import option_date


class FolderName(c.BaseConfigOption[str]):
    """A folder name relative to something else: a string that is not empty
    (``/`` at its ends aside, when ``strip_slashes``)."""

    def __init__(self, default: str, *, strip_slashes: bool = False) -> None:
        super().__init__()
        self.default = default
        self.strip_slashes = strip_slashes

    def run_validation(self, value: object) -> str:
        if isinstance(value, str) and (value.strip("/") if self.strip_slashes else value):
            return value
        raise ValidationError(f"found {value!r}, expected a folder name")


class PositiveInt(c.BaseConfigOption[int]):
    """A whole number above 0 (not a boolean)."""

    def __init__(self, default: int) -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> int:
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return value
        raise ValidationError(f"found {value!r}, expected a whole number above 0")


class Flag(c.BaseConfigOption[bool]):
    """``true`` or ``false``."""

    def __init__(self, default: bool) -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> bool:
        if isinstance(value, bool):
            return value
        raise ValidationError(f"found {value!r}, expected true or false")


class Date(c.BaseConfigOption[Optional[_dt.date]]):
    """A date (``YYYY-MM-DD``); nothing or an empty string: none."""

    def run_validation(self, value: object) -> Optional[_dt.date]:
        if value is None or value == "":
            return None
        date = option_date(value)
        if date is None:
            raise ValidationError(f"found {value!r}, expected a date (YYYY-MM-DD)")
        return date


class CjmConfig(Config):
    enabled = Flag(True)
    """Build the journey-map pages; ``false`` turns the plugin off."""

    maps_dir = FolderName("maps")
    """Folder of the maps, personas and brand file, relative to ``mkdocs.yml``."""

    review_every = PositiveInt(180)
    """Days after ``reviewed`` at which a map is overdue for review (a map's own ``review_every`` wins)."""

    kpi_stale_after = PositiveInt(90)
    """Days after which a KPI's value counts as stale on the KPI page: measured longer ago than this
    before ``today`` (its period's date, else the map's ``reviewed`` date)."""

    journeys_dir = FolderName("journeys", strip_slashes=True)
    """Where journey pages go in the site (also the URL prefix)."""

    personas_dir = FolderName("personas", strip_slashes=True)
    """Where persona pages go."""

    promises_dir = FolderName("promises", strip_slashes=True)
    """Where brand-promise pages go."""

    nav = Flag(True)
    """Add Journeys / Personas / Brand promises sections to an explicit ``nav`` that lists none of the pages."""

    max_file_size = PositiveInt(1024 * 1024)
    """Largest map file read, in bytes; a larger one is an error."""

    today = Date()
    """Fix "today" (YYYY-MM-DD) for review badges, for reproducible builds; default: the build date."""

    full_width = Flag(True)
    """Journey and comparison pages give the diagram the window's width: Material's navigation and
    table of contents are hidden there (the header and search stay); ``false`` keeps them."""

    exports = Flag(True)
    """Make SVG, PNG and PDF downloads of each diagram (cached by content hash)."""

    export_formats = c.ListOfItems(c.Choice(("svg", "png", "pdf", "a1", "a0")), default=["svg", "png", "pdf"])
    """Which downloads to make when ``exports`` is on; ``a1`` and ``a0`` add a poster: one A1 or A0
    landscape PDF page with the whole map as large as the paper allows (the print stylesheet names it)."""

    fast_serve = Flag(True)
    """``mkdocs serve``: take generated pages whose inputs did not change from the last rebuild
    (no Markdown conversion, search parsing or theme rendering for them)."""

    serve_exports = Flag(False)
    """``mkdocs serve``: make the downloads on every rebuild too (default: only ``mkdocs build`` makes
    them; pages link them either way)."""


def validate_options(options: dict[str, Any]) -> tuple[CjmConfig, list[tuple[str, str]], list[tuple[str, str]]]:
    """The plugin options of ``options`` validated, with every error (MkDocs stops at the
    first) and warning as ``(option, message)``; an option in error keeps its default."""
    config = CjmConfig()
    config.load_dict(options)
    defaults = dict(CjmConfig._schema)
    errors: list[tuple[str, str]] = []
    warnings: list[tuple[str, str]] = []
    for _ in range(len(defaults) + 1):
        failed, warnings = config.validate()
        if not failed:
            break
        for key, error in failed:
            errors.append((key, str(error)))
            config[key] = defaults[key].default
    return config, errors, [(key, str(message)) for key, message in warnings]
