"""cairo's drawing calls made straight on a cairocffi context (for the painter, :mod:`mkdocs_cjm.export.paint`)."""

from __future__ import annotations

from functools import partial
from typing import Any

#: cairo functions called as ``cairo_<name>(context, ...)`` with the same arguments as cairocffi's methods.
_PLAIN = (
    "save restore translate scale rotate move_to line_to curve_to rel_line_to rel_curve_to close_path "
    "new_path new_sub_path rectangle arc arc_negative clip fill fill_preserve stroke set_source_rgba "
    "set_line_width set_line_cap set_line_join set_fill_rule set_font_size"
).split()


class Direct:
    """A cairocffi context's drawing calls made straight on cairo, without the status check cairocffi
    makes after each call (a third of the painter's Python time; :func:`mkdocs_cjm.export.paint.paint` checks once)."""

    def __init__(self, ctx: Any) -> None:
        from cairocffi import cairo, ffi

        self.lib, self.ffi, self.pointer = cairo, ffi, ctx._pointer
        for name in _PLAIN:
            setattr(self, name, partial(getattr(cairo, "cairo_" + name), ctx._pointer))
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
        self.lib.cairo_set_dash(self.pointer, self.ffi.new("double[]", dashes), len(dashes), 0)

    def get_current_point(self) -> tuple[float, float]:
        point = self._point
        self.lib.cairo_get_current_point(self.pointer, point, point + 1)
        return point[0], point[1]
