"""Reading a date given as an option or on the command line (``YYYY-MM-DD``).

One helper for the plugin's ``today`` option, ``mkdocs-cjm check`` and the
command line. This module does not import MkDocs.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Optional


def parse_date(value: Any) -> Optional[_dt.date]:
    """``value`` as a date: a date as it is, a date and time as its date, a
    ``YYYY-MM-DD`` string (surrounding blanks ignored) parsed; anything else,
    an empty string included, is ``None``."""
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str) and value.strip():
        try:
            return _dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None
