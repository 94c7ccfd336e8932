"""Small value helpers shared by the loader, the checks and the adapters: dates and XML's forbidden characters."""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any, Optional

#: The characters XML 1.0 forbids, as the inside of a regular expression's ``[...]``: the C0 controls except tab,
#: line feed and carriage return, and U+FFFE/U+FFFF. Lone surrogates are forbidden too, but only text from a
#: pure-Python parser can hold them (see :data:`mkdocs_cjm.render.textmetrics._ILLEGAL`).
XML_FORBIDDEN_CHARS = "\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff"
#: One character of :data:`XML_FORBIDDEN_CHARS`.
XML_FORBIDDEN = re.compile(f"[{XML_FORBIDDEN_CHARS}]")


def parse_date(text: str) -> Optional[_dt.date]:
    """The date an ISO 8601 text (``YYYY-MM-DD``) gives, or None when it gives none."""
    try:
        return _dt.date.fromisoformat(text)
    except ValueError:
        return None


def as_date(value: Any) -> Optional[_dt.date]:
    """A date from a value: a date, the day of a date and time, or ISO 8601 text; None for anything else."""
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        return parse_date(value)
    return None


def option_date(value: Any) -> Optional[_dt.date]:
    """A date given as an option or on the command line: :func:`as_date`, with blanks around text
    ignored; an empty text is None."""
    return as_date(value.strip() if isinstance(value, str) else value)
