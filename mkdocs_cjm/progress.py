"""Progress of long work, said at most every few seconds: a build's pages, an export's conversions.

A :class:`Ticker` is told each step of some work as it happens and says a line only when ``seconds`` have
passed since the last one (and, if asked, at the end), so a short build prints nothing and a long one
shows that it is moving. It does not import MkDocs: the caller hands it what to say with.
"""

from __future__ import annotations

import time
from typing import Callable


class Ticker:
    """Says ``line(done, total)`` through ``say`` at most every ``seconds`` (``at_end``: also when done == total)."""

    def __init__(
        self,
        say: Callable[[str], None],
        line: Callable[[int, int], str],
        seconds: float = 10.0,
        *,
        at_end: bool = True,
    ) -> None:
        self.say, self.line, self.seconds, self.at_end = say, line, seconds, at_end
        self._last = time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if (self.at_end and done == total) or now - self._last >= self.seconds:
            self._last = now
            self.say(self.line(done, total))
