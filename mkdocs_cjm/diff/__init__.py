"""``mkdocs-cjm diff``: what a change to the maps does to the customer.

:mod:`.gitread` reads the maps at a git revision (through ``git`` itself, never touching the working tree),
:mod:`.compare` turns two projects into a list of :class:`~.compare.Change`, :mod:`.report` prints them as
Markdown or JSON, and :mod:`.cli` is the command.
"""
