"""``mkdocs serve``: keep watching the maps folder when it goes away and comes back.

MkDocs' live-reload server watches a folder through a watchdog emitter that
stops for good once the folder disappears (and reports that only as a folder
event, which does not rebuild). :class:`MapsWatch` also watches the folder
above the maps folder (not its sub-folders), reacting only to the maps folder
itself appearing, disappearing or moving: then the site is rebuilt, and the
next build watches the maps folder again (:meth:`MapsWatch.follow`). A maps
folder that does not exist when ``serve`` starts is watched once it appears.
While the folder is gone, a thread also looks for it every
:data:`POLL_SECONDS` and rebuilds when it is back: the folder above may not
tell (under load, watchdog was seen to miss a folder renamed back soon after it
went, and the site stayed without its maps).
The plugin keeps its watch (MkDocs keeps the plugin for all of one ``serve``).
This is MkDocs adapter code: the core never imports it.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Any, Optional

#: How often a gone maps folder is looked for (see the module docstring).
POLL_SECONDS = 0.5


class MapsWatch:
    """Watches one maps folder for one live-reload server (the plugin keeps it for its ``serve``)."""

    def __init__(self, server: Any, maps_dir: Path):
        self.server = server
        self.path = os.path.abspath(maps_dir)
        #: The maps folder went away since it was last watched.
        self.lost = False
        #: Events still rebuild (not once the plugin follows another maps folder).
        self.active = True
        self._handler: Optional[Any] = None
        self._polling = False

    @classmethod
    def start(cls, server: Any, maps_dir: Path) -> "MapsWatch":
        """Watch a maps folder (and its appearing again) for ``server``."""
        watch = cls(server, maps_dir)
        watch._watch_parent()
        watch.refresh()
        return watch

    def follow(self, maps_dir: Path) -> "MapsWatch":
        """Before a build: the watch of ``maps_dir``, watched again if it came back; a
        new watch on the same server if ``mkdocs.yml`` now names another maps folder."""
        if os.path.abspath(maps_dir) != self.path:
            self.active = False
            return MapsWatch.start(self.server, maps_dir)
        self.refresh()
        return self

    # -- watching -----------------------------------------------------------------------
    def refresh(self) -> None:
        """Watch the maps folder if it is there and not watched (any more)."""
        if not os.path.isdir(self.path):
            self.lost = True
            self._poll_until_back()
            return
        watched = self.path in getattr(self.server, "_watched_paths", {})
        if watched and not self.lost:
            return
        if watched:
            try:
                self.server.unwatch(self.path)  # its emitter stopped when the folder went
            except (KeyError, ValueError, OSError):
                pass
        self.lost = False
        self.server.watch(self.path)
        ref = getattr(self.server, "_watch_refs", {}).get(self.path)
        if ref is not None:
            # Hear the emitter's last word (the folder is gone), which MkDocs ignores.
            self.server.observer.add_handler_for_watch(self._events(), ref)

    def _poll_until_back(self) -> None:
        """Rebuild once the gone maps folder is back, whether or not an event says so."""
        if self._polling:
            return
        self._polling = True

        def poll() -> None:
            try:
                while self.active and not os.path.isdir(self.path):
                    time.sleep(POLL_SECONDS)
                if self.active:
                    self._rebuild()
            finally:
                self._polling = False

        threading.Thread(target=poll, name="cjm-maps-poll", daemon=True).start()

    def _watch_parent(self) -> None:
        parent = os.path.dirname(self.path)
        if not os.path.isdir(parent):
            return
        self.server.observer.schedule(self._events(), parent, recursive=False)

    def _events(self) -> Any:
        if self._handler is None:
            import watchdog.events

            watch = self

            class Handler(watchdog.events.FileSystemEventHandler):
                def on_any_event(self, event: Any) -> None:
                    watch.on_event(event)

            self._handler = Handler()
        return self._handler

    def on_event(self, event: Any) -> None:
        """The maps folder itself appeared, went or moved: rebuild (other events are not ours)."""
        src = os.fsdecode(event.src_path)
        dest = os.fsdecode(getattr(event, "dest_path", "") or "")
        if not self.active or self.path not in (src, dest):
            return
        if src == self.path and event.event_type in ("deleted", "moved"):
            self.lost = True
        self._rebuild()

    def _rebuild(self) -> None:
        condition = getattr(self.server, "_rebuild_cond", None)
        if condition is None:  # pragma: no cover - another MkDocs server
            return
        with condition:
            self.server._want_rebuild = True
            condition.notify_all()
