"""What the export pool's fork server loads before it forks a worker (:func:`mkdocs_cjm.export.pool._pool_context`).

Importing this module imports the conversion code, the painter and cairocffi, and :func:`prime` resolves
the fonts of the export SVG (:data:`mkdocs_cjm.render.geometry.FONT_STACK`) on an image surface: every
worker forked from the server starts with fontconfig loaded (about 0.1 CPU-s a process otherwise) and with
the faces its PNGs and PDFs use, so whatever a worker converts first, the files are the same
(:func:`mkdocs_cjm.export.paint.font_face`). Nothing else imports it: the build process draws nothing.
"""

from __future__ import annotations

from . import conversion, surfaces  # noqa: F401  (loaded once, in the server)
from .paint import prime_fonts


def prime() -> None:
    """Resolve every face of the export SVG's font (idempotent: a forked worker finds them done). Never
    raises: a fork server whose preload fails stops every pool, and a worker whose start fails breaks
    its pool; a font that cannot be had fails the conversion that asks for it instead, reported as such."""
    from ..render.geometry import FONT_STACK

    try:
        prime_fonts([FONT_STACK.split(",")[0].strip("\"' ")])
    except Exception:  # pragma: no cover - no cairo, no fonts
        pass


prime()
