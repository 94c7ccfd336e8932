"""Reading the maps folder: YAML with source positions, validation, the model.

Data flows one way: files -> :func:`~mkdocs_cjm.load.yaml_reader.read_yaml` (values plus the line and column of
every key path) -> :func:`mkdocs_cjm.validate.validate` against :mod:`mkdocs_cjm.schema` -> model objects
(:mod:`~mkdocs_cjm.load.build`) -> :func:`mkdocs_cjm.site.link_project`. Nothing here writes a file, and nothing
raises on bad input: every problem becomes a :class:`~mkdocs_cjm.problems.Problem` with file, line, column and key
path.

- :mod:`~mkdocs_cjm.load.walk`: the folder walk and :func:`~mkdocs_cjm.load.walk.load_project`, the entry point
  (with the parse cache and parsing in several processes);
- :mod:`~mkdocs_cjm.load.yaml_reader`: one file's bytes to values with positions (encoding, syntax problems);
- :mod:`~mkdocs_cjm.load.yaml_events`: the values built from libyaml's events (keys, aliases, tags, limits);
- :mod:`~mkdocs_cjm.load.positions`: where a key path is in a file;
- :mod:`~mkdocs_cjm.load.valid`: what of a file its schema accepts;
- :mod:`~mkdocs_cjm.load.build`: journeys, personas and the brand from validated values;
- :mod:`~mkdocs_cjm.load.metrics_csv`: measured values from ``data/*.csv``.

This package module imports nothing, so that :mod:`mkdocs_cjm.site` can use :mod:`~mkdocs_cjm.load.positions`
without a cycle; :mod:`mkdocs_cjm.loader` re-exports the public names.
"""
