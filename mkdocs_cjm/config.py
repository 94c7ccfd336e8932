"""Options of the ``cjm`` plugin (``plugins: [cjm: {...}]`` in ``mkdocs.yml``)."""

from __future__ import annotations

import datetime as _dt

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class CjmConfig(Config):
    enabled = c.Type(bool, default=True)
    """Build the journey-map pages; ``false`` turns the plugin off."""

    maps_dir = c.Type(str, default="maps")
    """Folder of the maps, personas and brand file, relative to ``mkdocs.yml``."""

    review_every = c.Type(int, default=180)
    """Days after ``reviewed`` at which a map is overdue for review (a map's own ``review_every`` wins)."""

    journeys_dir = c.Type(str, default="journeys")
    """Where journey pages go in the site (also the URL prefix)."""

    personas_dir = c.Type(str, default="personas")
    """Where persona pages go."""

    promises_dir = c.Type(str, default="promises")
    """Where brand-promise pages go."""

    nav = c.Type(bool, default=True)
    """Add Journeys / Personas / Brand promises sections to an explicit ``nav`` that lists none of the pages."""

    max_file_size = c.Type(int, default=1024 * 1024)
    """Largest map file read, in bytes; a larger one is an error."""

    today = c.Optional(c.Type((str, _dt.date)))
    """Fix "today" (YYYY-MM-DD) for review badges, for reproducible builds; default: the build date."""

    exports = c.Type(bool, default=True)
    """Make SVG, PNG and PDF downloads of each diagram (cached by content hash)."""

    export_formats = c.ListOfItems(c.Choice(("svg", "png", "pdf")), default=["svg", "png", "pdf"])
    """Which downloads to make when ``exports`` is on."""
