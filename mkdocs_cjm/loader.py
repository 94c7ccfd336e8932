"""The loader's public names, kept here for code written against the single module it once was.

The loader is the package :mod:`mkdocs_cjm.load`; new code imports from its modules
(:func:`mkdocs_cjm.load.walk.load_project`, :func:`mkdocs_cjm.load.yaml_reader.parse_yaml`, ...).
"""

from __future__ import annotations

from .load.build import (
    MAX_ARROWS,
    MAX_NEXT,
    as_list,
    as_text,
    build_brand,
    build_journey,
    build_persona,
    check_docs_path,
    file_id,
    texts,
)
from .load.metrics_csv import CSV_COLUMNS, apply_metrics_csv
from .load.positions import Positions, Sources, YamlFile, where
from .load.valid import valid_part
from .load.walk import holds_maps, load_project
from .load.yaml_events import MAX_DEPTH, MAX_NODES
from .load.yaml_reader import MAX_FILE_SIZE, last_position, parse_yaml, read_yaml
from .site import Project
from .validate import slugify

__all__ = [
    "CSV_COLUMNS",
    "MAX_ARROWS",
    "MAX_DEPTH",
    "MAX_FILE_SIZE",
    "MAX_NEXT",
    "MAX_NODES",
    "Positions",
    "Sources",
    "YamlFile",
    "apply_metrics_csv",
    "as_list",
    "as_text",
    "build_brand",
    "build_journey",
    "build_persona",
    "check_docs_path",
    "file_id",
    "holds_maps",
    "last_position",
    "load_project",
    "parse_yaml",
    "read_yaml",
    "slugify",
    "sources",
    "texts",
    "valid_part",
    "where",
]


def sources(project: Project) -> Sources:
    """Positions and display names of the files :func:`load_project` read (:attr:`Project.sources`)."""
    return project.sources
