"""SVG path data (``d``) drawn onto a cairo context, as cairosvg draws it.

:func:`parse_path` reads the commands ``M m L l H h V v C c S s A a Z z`` (numbers
in any SVG spelling: ``1.5.5``, ``1e-3``, ``-2-3``; arc flags written together,
``0 01``) and raises :class:`Unsupported` on anything else, so the caller falls
back to cairosvg. :func:`draw_path` replays the commands with cairosvg's own
geometry (an arc is a cairo arc in a rotated and stretched space, its radii grown
when too small), and returns the angle an ``orient="auto"`` end marker takes:
that of the last segment's end tangent, as cairosvg computes it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from math import atan2, copysign, cos, hypot, pi, radians, sin
from typing import Any, Optional

_NUMBER = re.compile(r"[ \t\r\n,]*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)")
_FLAG = re.compile(r"[ \t\r\n,]*([01])")
_COMMAND = re.compile(r"[ \t\r\n,]*([A-Za-z])")
_SPACE = re.compile(r"[ \t\r\n,]*$")

#: Numbers each command takes (``None`` for an arc: 7 with two flags).
_ARITY = {"M": 2, "L": 2, "H": 1, "V": 1, "C": 6, "S": 4, "A": None, "Z": 0}

Segment = tuple[str, tuple[float, ...]]


class Unsupported(ValueError):
    """Something in the SVG the painter does not draw: the document goes to cairosvg instead."""


def _numbers(d: str, pos: int, count: int) -> tuple[tuple[float, ...], int]:
    out = []
    for _ in range(count):
        match = _NUMBER.match(d, pos)
        if match is None:
            raise Unsupported(f"path data: a number expected at {pos}")
        out.append(float(match.group(1)))
        pos = match.end()
    return tuple(out), pos


def _arc(d: str, pos: int) -> tuple[tuple[float, ...], int]:
    (rx, ry, rotation), pos = _numbers(d, pos, 3)
    flags = []
    for _ in range(2):
        match = _FLAG.match(d, pos)
        if match is None:
            raise Unsupported(f"path data: an arc flag expected at {pos}")
        flags.append(float(match.group(1)))
        pos = match.end()
    (x, y), pos = _numbers(d, pos, 2)
    if rx < 0 or ry < 0:
        raise Unsupported("path data: a negative arc radius")
    return (rx, ry, rotation, flags[0], flags[1], x, y), pos


@lru_cache(maxsize=4096)
def parse_path(d: str) -> tuple[Segment, ...]:
    """The commands of path data, each with its numbers (implicit repeats made explicit)."""
    segments: list[Segment] = []
    pos, end = 0, len(d)
    command = ""
    while True:
        match = _COMMAND.match(d, pos)
        if match is not None:
            command = match.group(1)
            pos = match.end()
            if command.upper() not in _ARITY:
                raise Unsupported(f"path command {command!r}")
        elif _SPACE.match(d, pos) is not None:
            break
        elif not command or command in "zZ":
            raise Unsupported(f"path data: a command expected at {pos}")
        upper = command.upper()
        arity = _ARITY[upper]
        if arity is None:
            values, pos = _arc(d, pos)
        else:
            values, pos = _numbers(d, pos, arity)
        segments.append((command, values))
        if upper == "M":  # numbers after a move are lines
            command = "l" if command == "m" else "L"
        if pos >= end:
            break
    if segments and segments[0][0] not in "mM":
        segments.insert(0, ("M", (0.0, 0.0)))  # cairosvg starts at the element's origin
    return tuple(segments)


def draw_path(ctx: Any, segments: tuple[Segment, ...]) -> Optional[float]:
    """Add ``segments`` to ``ctx``'s path; returns the end tangent angle (radians) of the last
    segment for an ``orient="auto"`` end marker, ``None`` when it has none (a move, a close, an arc)."""
    x = y = 0.0  # current point
    sx = sy = 0.0  # start of the subpath
    cx2 = cy2 = 0.0  # last control point of a curve (for S/s)
    last = ""
    angle: Optional[float] = None
    for command, v in segments:
        upper = command.upper()
        rel = command != upper
        ox, oy = (x, y) if rel else (0.0, 0.0)
        if upper == "M":
            x, y = ox + v[0], oy + v[1]
            sx, sy = x, y
            ctx.move_to(x, y)
            angle = None
        elif upper == "L":
            nx, ny = ox + v[0], oy + v[1]
            angle = atan2(ny - y, nx - x)
            x, y = nx, ny
            ctx.line_to(x, y)
        elif upper == "H":
            nx = ox + v[0]
            angle = 0.0 if nx > x else pi
            x = nx
            ctx.line_to(x, y)
        elif upper == "V":
            ny = oy + v[0]
            angle = copysign(pi / 2, ny - y)
            y = ny
            ctx.line_to(x, y)
        elif upper in "CS":
            if upper == "C":
                x1, y1, x2, y2, nx, ny = ox + v[0], oy + v[1], ox + v[2], oy + v[3], ox + v[4], oy + v[5]
            else:
                x1, y1 = (2 * x - cx2, 2 * y - cy2) if last in "cCsS" and last else (x, y)
                x2, y2, nx, ny = ox + v[0], oy + v[1], ox + v[2], oy + v[3]
            ctx.curve_to(x1, y1, x2, y2, nx, ny)
            angle = atan2(ny - y2, nx - x2)
            cx2, cy2, x, y = x2, y2, nx, ny
        elif upper == "A":
            nx, ny = ox + v[5], oy + v[6]
            _arc_to(ctx, x, y, v, nx - x, ny - y)
            x, y = nx, ny
            angle = None
        else:  # Z
            ctx.close_path()
            x, y = sx, sy
            angle = None
        last = command
    return angle


def _arc_to(ctx: Any, x1: float, y1: float, v: tuple[float, ...], dx: float, dy: float) -> None:
    """An elliptical arc from (x1, y1) by (dx, dy), by cairosvg's construction."""
    rx, ry, rotation, large, sweep = v[0], v[1], radians(v[2]), bool(v[3]), bool(v[4])
    if not rx or not ry:  # a straight line
        ctx.line_to(x1 + dx, y1 + dy)
        return
    ratio = ry / rx
    # The end point with the rotation undone and the ellipse made a circle.
    xe = dx * cos(-rotation) - dy * sin(-rotation)
    ye = (dy * cos(-rotation) + dx * sin(-rotation)) / ratio
    angle = atan2(ye, xe)
    xe = hypot(xe, ye)
    rx = max(rx, xe / 2)
    xc = xe / 2
    yc = (rx**2 - xc**2) ** 0.5
    if not (large ^ sweep):
        yc = -yc
    xe, ye = xe * cos(angle), xe * sin(angle)
    xc, yc = xc * cos(angle) - yc * sin(angle), yc * cos(angle) + xc * sin(angle)
    angle1 = atan2(-yc, -xc)
    angle2 = atan2(ye - yc, xe - xc)
    ctx.save()
    ctx.translate(x1, y1)
    ctx.rotate(rotation)
    ctx.scale(1, ratio)
    (ctx.arc if sweep else ctx.arc_negative)(xc, yc, rx, angle1, angle2)
    ctx.restore()
