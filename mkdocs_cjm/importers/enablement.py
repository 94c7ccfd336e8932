"""enablement-map-studio files: the ``kind: cjm`` documents of its multi-document YAML (placeholder)."""

from __future__ import annotations

from . import Imported, Note


def read_enablement(text: str, file: str) -> Imported:
    """Not read yet."""
    result = Imported()
    result.notes.append(Note(file, 0, "enablement-map-studio files are not imported yet"))
    return result
