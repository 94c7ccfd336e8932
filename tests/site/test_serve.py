"""``mkdocs serve``: editing, adding or deleting a map, a persona or the brand
file rebuilds the site; a map that becomes invalid shows its errors on its
page and the server keeps running.

Runs the real command (``python -m mkdocs serve --livereload``) on a free
port in a temporary project and polls its pages; the watch's following a
changed ``maps_dir`` is checked against a stand-in server.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import SimpleNamespace
from typing import Callable

import pytest
import yaml

TIMEOUT = 60.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, b""


class Server:
    def __init__(self, root: Path, port: int):
        self.root = root
        self.base = f"http://127.0.0.1:{port}/"
        self.log = root / "serve.log"
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONUNBUFFERED="1")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}"],
            cwd=root,
            env=env,
            stdout=self.log.open("wb"),
            stderr=subprocess.STDOUT,
        )

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait(self, uri: str, ok: Callable[[int, bytes], bool], what: str) -> bytes:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, f"mkdocs serve stopped:\n{self.output()[-3000:]}"
            status, body = _get(self.base + uri)
            if ok(status, body):
                return body
            time.sleep(0.25)
        raise AssertionError(f"timed out waiting for {what} at {uri}:\n{self.output()[-3000:]}")

    def page(self, uri: str, text: str) -> bytes:
        return self.wait(uri, lambda s, b: s == 200 and text.encode() in b, repr(text))

    def gone(self, uri: str) -> None:
        self.wait(uri, lambda s, b: s == 404, "a 404")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def _start(root: Path, **options: object) -> Server:
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    cjm = {"today": "2026-11-23", "exports": True, "export_formats": ["svg", "png"], **options}
    config = {
        "site_name": "Serve test",
        "theme": {"name": "material", "font": False},
        "plugins": ["search", {"cjm": cjm}],
    }
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return Server(root, _free_port())


@pytest.fixture
def server(example_root: Path):
    srv = _start(example_root, serve_exports=True)
    try:
        yield srv
    finally:
        srv.stop()


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_serve_rebuilds_on_map_persona_and_brand_changes(server: Server) -> None:
    maps = server.root / "maps"
    journey = "journeys/click-and-collect/"
    server.page(journey, "Buy online, collect in store")
    png = server.wait("journeys/click-and-collect.png", lambda s, b: s == 200 and b.startswith(b"\x89PNG"), "the PNG")

    # edit a map: its page, its downloads and the index follow
    _edit(maps / "click-and-collect.yml", "title: Buy online, collect in store", "title: Click and collect, renamed")
    server.page(journey, "Click and collect, renamed")
    server.page("journeys/", "Click and collect, renamed")
    server.page("journeys/click-and-collect.svg", "Click and collect, renamed")
    assert server.wait("journeys/click-and-collect.png", lambda s, b: s == 200 and b != png, "a new PNG") != png

    # a map that becomes invalid shows its errors; the server keeps running
    _edit(maps / "click-and-collect.yml", "emotion: 4", "emotion: 9")
    body = server.page(journey, "This map has 1 error")
    assert b"maps/click-and-collect.yml:" in body and b"emotion" in body
    server.page("journeys/omni/click-and-collect-future/", "Ad with local stock")
    _edit(maps / "click-and-collect.yml", "emotion: 9", "emotion: 4")
    server.wait(journey, lambda s, b: s == 200 and b"cjm-svg" in b and b"This map has" not in b, "the diagram back")

    # add a map, then delete it
    (maps / "new-journey.yml").write_text(
        "title: A brand-new journey\npersonas: [sarah]\nstages:\n  - name: Only\n    steps:\n      - "
        "touchpoint: Shop window\n",
        encoding="utf-8",
    )
    server.page("journeys/new-journey/", "A brand-new journey")
    server.page("personas/sarah/", "A brand-new journey")
    (maps / "new-journey.yml").unlink()
    server.gone("journeys/new-journey/")
    server.wait(
        "personas/sarah/", lambda s, b: s == 200 and b"A brand-new journey" not in b, "the persona page without it"
    )

    # edit a persona
    _edit(maps / "personas" / "sarah.yml", "tagline: the busy professional", "tagline: always in a hurry")
    server.page("personas/sarah/", "always in a hurry")

    # edit the brand file: promise pages and the journey's promise strip follow
    _edit(maps / "brand.yml", "name: Effortless", "name: No effort at all")
    server.page("promises/effortless/", "No effort at all")
    server.page(journey, "No effort at all")
    assert server.proc.poll() is None
    log = server.output()
    assert "Traceback" not in log, log[-3000:]
    assert "Diagram downloads:" in log  # exports ran inside the server (worker processes from a threaded process)


def test_serve_takes_unchanged_pages_from_the_last_rebuild(example_root: Path) -> None:
    """By default a rebuild makes again only the pages whose inputs changed, and no downloads
    (``mkdocs build`` makes them); the pages still link them."""
    srv = _start(example_root)
    try:
        journey = "journeys/click-and-collect/"
        body = srv.page(journey, "Buy online, collect in store")
        assert b'href="../click-and-collect.png"' in body
        assert _get(srv.base + "journeys/click-and-collect.png")[0] == 404
        _edit(example_root / "maps" / "click-and-collect.yml", "emotion: 4", "emotion: 5")
        srv.wait("journeys/", lambda s, b: s == 200, "the index")
        deadline = time.monotonic() + TIMEOUT
        lines: list[str] = []
        while time.monotonic() < deadline and len(lines) < 2:
            lines = [line for line in srv.output().splitlines() if "Generated pages:" in line]
            time.sleep(0.25)
        assert len(lines) >= 2, srv.output()[-3000:]
        first, second = (line.split("Generated pages: ", 1)[1] for line in lines[:2])
        assert first.startswith("0 of "), first  # the first build makes every page
        unchanged, total = (int(x) for x in second.split(" unchanged")[0].split(" of "))
        assert 0 < unchanged < total, second  # the rebuild: the edited journey's pages only
        assert "Diagram downloads are made by 'mkdocs build'" in srv.output()
        assert "Traceback" not in srv.output()
    finally:
        srv.stop()


def test_serve_keeps_watching_a_maps_folder_that_goes_away_and_comes_back(server: Server) -> None:
    maps, away = server.root / "maps", server.root / "maps-away"
    journey = "journeys/click-and-collect/"
    server.page(journey, "Buy online, collect in store")

    # the folder goes: the site is rebuilt without maps, and says so
    maps.rename(away)
    server.gone(journey)
    server.page("journeys/", "maps folder not found")

    # it comes back: the pages come back, and edits are seen again
    away.rename(maps)
    server.page(journey, "Buy online, collect in store")
    _edit(maps / "click-and-collect.yml", "title: Buy online, collect in store", "title: Back and watched")
    server.page(journey, "Back and watched")

    # and once more: a watch is not lost the second time either
    maps.rename(away)
    server.gone(journey)
    away.rename(maps)
    _edit(maps / "click-and-collect.yml", "title: Back and watched", "title: Watched twice")
    server.page(journey, "Watched twice")
    assert "Traceback" not in server.output()


def test_serve_watches_a_maps_folder_that_appears_later(example_root: Path) -> None:
    (example_root / "maps").rename(example_root / "later")
    (example_root / "docs").mkdir()
    (example_root / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    config = {
        "site_name": "Serve test",
        "theme": {"name": "material", "font": False},
        "plugins": [{"cjm": {"today": "2026-11-23"}}],
    }
    (example_root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    srv = Server(example_root, _free_port())
    try:
        srv.page("journeys/", "maps folder not found")
        (example_root / "later").rename(example_root / "maps")
        srv.page("journeys/click-and-collect/", "Buy online, collect in store")
        _edit(
            example_root / "maps" / "click-and-collect.yml",
            "title: Buy online, collect in store",
            "title: Seen after it appeared",
        )
        srv.page("journeys/click-and-collect/", "Seen after it appeared")
        assert "Traceback" not in srv.output()
    finally:
        srv.stop()


class _FakeServer:
    """What :class:`~mkdocs_cjm.serve_watch.MapsWatch` uses of MkDocs' LiveReloadServer."""

    def __init__(self) -> None:
        self._watched_paths: dict[str, int] = {}
        self._watch_refs: dict[str, object] = {}
        self._rebuild_cond = threading.Condition()
        self._want_rebuild = False
        self.observer = self
        self.parents: list[str] = []

    def watch(self, path: str) -> None:
        self._watched_paths[path] = 1

    def unwatch(self, path: str) -> None:
        del self._watched_paths[path]

    def schedule(self, handler: object, path: str, recursive: bool) -> None:
        self.parents.append(path)


def test_the_watch_follows_mkdocs_yml_naming_another_maps_folder(tmp_path: Path) -> None:
    """The plugin keeps its watch across rebuilds; a new maps_dir gets a watch of its own."""
    from mkdocs_cjm.serve_watch import MapsWatch

    first, second = tmp_path / "maps", tmp_path / "other"
    first.mkdir()
    second.mkdir()
    server = _FakeServer()
    watch = MapsWatch.start(server, first)
    assert watch.follow(first) is watch and set(server._watched_paths) == {str(first)}
    moved = watch.follow(second)
    assert moved is not watch and moved.path == str(second) and str(second) in server._watched_paths
    assert server.parents == [str(tmp_path), str(tmp_path)]
    watch.on_event(SimpleNamespace(src_path=str(first), event_type="deleted"))
    assert server._want_rebuild is False  # the old folder is not the site's any more
    moved.on_event(SimpleNamespace(src_path=str(second), event_type="deleted"))
    assert server._want_rebuild is True and moved.lost


def test_a_gone_maps_folder_is_looked_for_until_it_is_back(tmp_path: Path) -> None:
    """No event needed: while the maps folder is gone, the watch rebuilds once it is there again."""
    from mkdocs_cjm.serve_watch import POLL_SECONDS, MapsWatch

    maps = tmp_path / "maps"
    server = _FakeServer()
    watch = MapsWatch.start(server, maps)  # not there: looked for
    time.sleep(3 * POLL_SECONDS)
    assert server._want_rebuild is False
    maps.mkdir()
    deadline = time.monotonic() + 20 * POLL_SECONDS
    while not server._want_rebuild and time.monotonic() < deadline:
        time.sleep(POLL_SECONDS / 5)
    assert server._want_rebuild is True
    watch.follow(maps)
    assert str(maps) in server._watched_paths and not watch.lost
