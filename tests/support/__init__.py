"""What the tests share: ``maps`` (the maps they write), ``schemas`` (schema agreement), ``site`` (real
MkDocs builds) and ``browser`` (Chromium, a static server, URL scanners). Fixtures are in tests/conftest.py.
"""
