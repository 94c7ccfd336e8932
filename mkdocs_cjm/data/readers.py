"""One reader for the CSV dialects that analytics, CRM, contact-centre and survey tools export.

The delimiter (``,`` ``;`` or tab) is the one the header line uses; UTF-8 with or without a BOM; blank lines and
the ``#`` lines before the header are skipped (GA4's preamble, whose ``# Start date:`` / ``# End date:`` lines
give the default period); a row whose first cell is ``Grand total`` or ``Total`` is not data.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass, field
from typing import Iterator, Optional, Union

from ..problems import Problem

_TOTALS = {"grand total", "total"}
_DATE_LINE = re.compile(r"^#\s*(start|end) date\s*:\s*(\d{4})(\d{2})(\d{2})\s*$", re.IGNORECASE)
_CURRENCY = "£$€¥₹"
_NUMBER = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$")


@dataclass
class Table:
    """A data file's header and data rows, each row with its 1-based line in the file."""

    header: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    delimiter: str = ","
    #: From the ``# Start date`` / ``# End date`` lines, as ``YYYY-MM-DD`` ('' where absent).
    start: str = ""
    end: str = ""
    header_line: int = 1
    #: The file name shown in messages.
    display: str = ""

    @property
    def period(self) -> str:
        """The period the file's preamble names: ``start to end``, one day, or ''."""
        if self.start and self.end and self.start != self.end:
            return f"{self.start} to {self.end}"
        return self.start or self.end

    def column(self, name: str) -> Optional[int]:
        """The index of a column by its (trimmed) name, or None."""
        try:
            return self.header.index(name)
        except ValueError:
            return None


def _delimiter(header_line: str) -> str:
    """The delimiter the header line uses: the most frequent of tab, ``;`` and ``,`` outside quotes."""
    outside = re.sub(r'"[^"]*"', "", header_line)
    counts = {d: outside.count(d) for d in ("\t", ";", ",")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_table(raw: bytes, display: str) -> Union[Table, Problem]:
    """The table in a data file's bytes, or the problem that stops it from being read."""

    def problem(line: int, message: str, hint: str = "") -> Problem:
        return Problem(display, line, 1 if line else 0, "", message, code="data", hint=hint)

    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return problem(raw[: exc.start].count(b"\n") + 1, "file is not UTF-8 text", "export or save it as UTF-8")
    if "\x00" in text:
        return problem(1, "file holds binary data, expected CSV text")
    start = end = ""
    header_index = None
    for index, (offset, line) in enumerate(_lines(text)):  # noqa: B007 - offset is used after the loop
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("#"):
            found = _DATE_LINE.match(stripped)
            if found:
                day = f"{found.group(2)}-{found.group(3)}-{found.group(4)}"
                if found.group(1).lower() == "start":
                    start = day
                else:
                    end = day
            continue
        header_index = index
        delimiter = _delimiter(line)
        break
    else:
        return problem(1, "file has no header row", "a data file is CSV with a header row of column names")
    reader = csv.reader(io.StringIO(text[offset:], newline=None), delimiter=delimiter)
    table = Table([], delimiter=delimiter, start=start, end=end, header_line=header_index + 1, display=display)
    rows = table.rows
    try:
        table.header = [cell.strip() for cell in next(reader)]
        for row in reader:
            first = row[0].strip() if row else ""
            if not first:
                if not "".join(row).strip():
                    continue  # a blank line
            elif len(first) <= 11 and first.lower() in _TOTALS:
                continue
            rows.append((header_index + reader.line_num, row))
    except csv.Error as exc:
        return problem(header_index + reader.line_num, f"CSV syntax error: {exc}")
    return table


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """The lines of ``text`` with the offset of each, one by one (the start of a file is read without splitting
    all of it)."""
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        if end < 0:
            end = len(text)
        yield start, text[start:end]
        start = end + 1


def parse_number(text: str, decimal_comma: bool = False) -> Optional[float]:
    """A cell as a number, or None: thousands separators, a ``%`` sign and a currency sign are allowed
    (``1,234``, ``62.5%``, ``£12.50``); with ``decimal_comma`` (a ``;`` file) ``,`` is the decimal mark and
    ``.`` or a space separates thousands."""
    if "_" not in text and not (decimal_comma and "." in text):
        try:  # the common case: a plain number
            value = float(text)
        except ValueError:
            pass
        else:
            return value if math.isfinite(value) else None
    cell = text.strip().replace("\u00a0", "").replace("\u202f", "")
    if cell.endswith("%"):
        cell = cell[:-1].rstrip()
    sign = ""
    if cell[:1] in "+-" and cell:
        sign, cell = cell[0], cell[1:].lstrip()
    if cell[:1] and cell[:1] in _CURRENCY:
        cell = cell[1:].lstrip()
    elif cell[-1:] and cell[-1:] in _CURRENCY:
        cell = cell[:-1].rstrip()
    if cell[:1] in "+-" and cell and not sign:
        sign, cell = cell[0], cell[1:]
    if decimal_comma:
        if re.fullmatch(r"\d{1,3}([. ]\d{3})+(,\d*)?", cell):
            cell = re.sub(r"[. ]", "", cell)
        cell = cell.replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d*)?", cell):
        cell = cell.replace(",", "")
    if not _NUMBER.match(cell):
        return None
    value = float(sign + cell)
    return value if math.isfinite(value) else None
