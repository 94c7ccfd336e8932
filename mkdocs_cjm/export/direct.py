"""cairo's drawing calls made straight on cairocffi contexts (for the painter, :mod:`mkdocs_cjm.export.paint`).

:class:`Direct` is one context; :class:`Fan` makes each call on several at once, so that one walk of a
drawing paints a journey's PNG and PDF (and posters) together.
"""

from __future__ import annotations

from functools import partial
from typing import Any, Callable, Sequence

#: cairo functions called as ``cairo_<name>(context, ...)`` with the same arguments as cairocffi's methods.
_PLAIN = (
    "save restore translate scale rotate move_to line_to curve_to rel_line_to rel_curve_to close_path "
    "new_path new_sub_path rectangle arc arc_negative clip fill fill_preserve stroke "
    "set_line_width set_line_cap set_line_join set_fill_rule set_font_size"
).split()
#: What a :class:`Fan` makes on each of its contexts (the answers, ``text_extents`` and
#: ``get_current_point``, are asked of one context at a time: they differ by surface).
FANNED = (*_PLAIN, "set_source_rgba", "show_text", "set_font_face", "set_dash")


class Direct:
    """A cairocffi context's drawing calls made straight on cairo, without the status check cairocffi
    makes after each call (a third of the painter's Python time; :func:`mkdocs_cjm.export.paint.paint` checks once).
    ``swap_rb``: every colour is set with red and blue swapped (see :mod:`~mkdocs_cjm.export.surfaces`)."""

    def __init__(self, ctx: Any, swap_rb: bool = False) -> None:
        from cairocffi import cairo, ffi

        self.ctx = ctx
        self.lib, self.ffi, self.pointer = cairo, ffi, ctx._pointer
        for name in _PLAIN:
            setattr(self, name, partial(getattr(cairo, "cairo_" + name), ctx._pointer))
        rgba = partial(cairo.cairo_set_source_rgba, ctx._pointer)
        if swap_rb:
            self.set_source_rgba: Callable[[float, float, float, float], None] = lambda r, g, b, a: rgba(b, g, r, a)
        else:
            self.set_source_rgba = rgba
        self._extents = ffi.new("cairo_text_extents_t *")
        self._point = ffi.new("double[2]")

    def show_text(self, text: str) -> None:
        self.lib.cairo_show_text(self.pointer, text.encode("utf-8"))

    def text_extents(self, text: str) -> tuple[float, float, float, float, float, float]:
        e = self._extents
        self.lib.cairo_text_extents(self.pointer, text.encode("utf-8"), e)
        return e.x_bearing, e.y_bearing, e.width, e.height, e.x_advance, e.y_advance

    def set_font_face(self, face: Any) -> None:
        self.lib.cairo_set_font_face(self.pointer, face._pointer)

    def set_dash(self, dashes: tuple[float, ...]) -> None:
        if dashes:
            self.lib.cairo_set_dash(self.pointer, self.ffi.new("double[]", dashes), len(dashes), 0)
        else:  # solid (most strokes): no array to allocate
            self.lib.cairo_set_dash(self.pointer, self.ffi.NULL, 0, 0)

    def get_current_point(self) -> tuple[float, float]:
        point = self._point
        self.lib.cairo_get_current_point(self.pointer, point, point + 1)
        return point[0], point[1]


def _fanned(calls: Sequence[Callable[..., Any]]) -> Callable[..., None]:
    if len(calls) == 2:
        first, second = calls
        return lambda *args: (first(*args), second(*args))  # type: ignore[func-returns-value]

    def each(*args: Any) -> None:
        for call in calls:
            call(*args)

    return each


class Fan:
    """The drawing calls of :class:`Direct` made on every one of ``targets``, in order (one target:
    its own calls, nothing in between). ``targets`` is what the painter asks per context."""

    def __init__(self, targets: Sequence[Direct]) -> None:
        self.targets = tuple(targets)
        for name in FANNED:
            calls = [getattr(target, name) for target in self.targets]
            setattr(self, name, calls[0] if len(calls) == 1 else _fanned(calls))
