"""``python -m mkdocs_cjm.export``: the ``mkdocs-cjm export`` command."""

import sys

from .cli import main_export

sys.exit(main_export())
