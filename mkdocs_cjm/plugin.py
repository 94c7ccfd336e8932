"""The ``cjm`` MkDocs plugin: a thin adapter from MkDocs hooks to the core.

``on_files`` loads the maps (:mod:`mkdocs_cjm.load`), renders the pages
(:mod:`mkdocs_cjm.pages`) and adds them as generated files;
``on_page_content`` puts each journey's diagram (:mod:`mkdocs_cjm.render.svg`)
in place of its placeholder; ``on_post_build`` writes the SVG/PNG/PDF
downloads (:mod:`mkdocs_cjm.export`); ``on_serve`` watches the maps folder, also when it
goes away and comes back (:mod:`mkdocs_cjm.serve_watch`).

The plugin has ``on_startup``, so MkDocs keeps the one instance for all the
rebuilds of ``mkdocs serve``; it owns what they share: its :attr:`CjmPlugin.state`
(parsed maps and drawn diagrams, see :meth:`BuildState.reuse`), its watch, and,
while serving, its :attr:`CjmPlugin.page_cache` (generated pages whose inputs
did not change are taken from the last rebuild: :mod:`mkdocs_cjm.page_cache`).
"""

from __future__ import annotations

import datetime as _dt
import gc
from importlib import resources
from pathlib import Path
from typing import Any, Callable, Literal, Optional, TypeVar

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from . import export as X
from . import page_cache as PC
from .config import CjmConfig
from .markdown import JourneyExtension
from .model import Journey
from .pages import TEMPLATE_BYTECODE
from .problems import Problem
from .progress import Ticker
from .serve_watch import MapsWatch
from .site import Project
from .state import ASSETS, ASSETS_DIR, SCRIPTS, BuildState

_T = TypeVar("_T")

log = get_plugin_logger(__name__)

#: Material's offline plugin loads this shim from a CDN; the package ships it.
IFRAME_WORKER_CDN = "unpkg.com/iframe-worker/shim"
IFRAME_WORKER = "iframe-worker-shim.js"
MARKDOWN_EXTENSIONS = ("attr_list", "md_in_html", "tables", "admonition", "toc")


class CjmPlugin(BasePlugin[CjmConfig]):
    """Turns the journey maps of ``maps_dir`` into pages of the site."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        #: This build's state, kept for the next rebuild of the same maps folder.
        self.state: Optional[BuildState] = None
        self._watch: Optional[MapsWatch] = None
        #: The page whose Markdown is being converted: (docs path, name in messages, lines of front matter).
        self._page: Optional[tuple[str, str, int]] = None
        #: ``mkdocs serve`` is running (set by :meth:`on_startup`).
        self.serving = False
        #: A one-off ``mkdocs build`` / ``gh-deploy`` (set by :meth:`on_startup`): nothing is kept for a next
        #: build. A build without ``on_startup`` (MkDocs' ``build()`` called from Python) keeps it.
        self.one_off = False
        #: Generated pages kept across the rebuilds of ``mkdocs serve`` (option ``fast_serve``).
        self.page_cache = PC.PageCache()
        #: Pages built so far and all of this build's pages; says so every 10 s (a long first build).
        self._page_count = [0, 0]
        self._built = Ticker(log.info, self._pages_line, at_end=False)
        self._nav: Optional[Navigation] = None

    # -- start and end -----------------------------------------------------------
    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        """Note whether we are serving; that the hook is here makes MkDocs keep this plugin
        (and :attr:`state`) across the rebuilds of ``mkdocs serve``."""
        self.serving = command == "serve"
        self.one_off = command in ("build", "gh-deploy")

    @property
    def fast(self) -> bool:
        """Whether this build takes unchanged generated pages from the last one."""
        return bool(self.serving and self.config.enabled and self.config.fast_serve and self.state is not None)

    def on_shutdown(self) -> None:
        """The command is over (the server is gone: so is the watch of its maps folder); MkDocs may use this
        plugin again in the same process, for a command of its own."""
        self._watch = None
        self.serving = self.one_off = False
        if self.state is not None:
            self.state.cancel_exports()

    # -- configuration ---------------------------------------------------------
    def on_config(self, config: MkDocsConfig) -> Optional[MkDocsConfig]:
        if not self.config.enabled:
            return None
        root = Path(config.config_file_path or ".").resolve().parent
        maps_dir = (root / self.config.maps_dir).resolve()
        today = self._today()
        for extension in MARKDOWN_EXTENSIONS:
            if extension not in config.markdown_extensions:
                config.markdown_extensions.append(extension)
        if not any(isinstance(e, JourneyExtension) for e in config.markdown_extensions):
            # The ``journey`` block on every page, drawn from the maps this build loads (see embed_*).
            config.markdown_extensions.append(JourneyExtension(host=self))
        for asset in ASSETS:
            uri = f"{ASSETS_DIR}/{asset}"
            if uri not in config.extra_css:
                config.extra_css.append(uri)
        for script in SCRIPTS:
            uri = f"{ASSETS_DIR}/{script}"
            if uri not in [str(s) for s in config.extra_javascript]:
                config.extra_javascript.append(uri)
        template_dirs = [Path(config.theme.custom_dir) / "cjm"] if config.theme.custom_dir else []
        if self.state is not None:
            # A rebuild (mkdocs serve): what the last build kept (models, pages, the page cache) is not garbage;
            # keep the cyclic collector from walking it while this build loads the maps (unfrozen at its end).
            gc.freeze()
        self.state = BuildState.reuse(
            self.state,
            maps_dir=maps_dir,
            root=root,
            docs_dir=Path(config.docs_dir).resolve(),
            options=self.config,
            today=today,
            template_dirs=template_dirs,
        )
        return config

    def _today(self) -> _dt.date:
        """The option ``today`` (a date: :class:`~mkdocs_cjm.config.Date` read it), else the build date."""
        return self.config.today or _dt.date.today()

    # -- files and pages -------------------------------------------------------------
    @event_priority(-50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Optional[Files]:
        if not self.config.enabled or self.state is None:
            return None
        state = self.state
        state.use_directory_urls = bool(config.use_directory_urls)
        state.keep_for_rebuild = not self.one_off
        if self._watch is not None:  # mkdocs serve: the maps folder may have come back
            self._watch = self._watch.follow(state.maps_dir)
        state.load()
        for problem in state.project.all_problems():
            (log.error if problem.is_error else log.warning)(problem.format())
        for page in state.pages:
            if files.get_file_from_path(page.uri) is not None:
                log.warning(f"{page.uri} exists in docs_dir and is replaced by the page generated from the maps")
                files.remove(files.get_file_from_path(page.uri))
            file = File.generated(config, page.uri, content=page.markdown)
            if page.source:
                file.edit_uri = state.edit_uri(page.source)
            files.append(file)
        for asset in ASSETS + SCRIPTS:
            content = resources.files("mkdocs_cjm").joinpath("assets", asset).read_bytes()
            files.append(File.generated(config, f"{ASSETS_DIR}/{asset}", content=content))
        self._localize_polyfills(files, config)
        if self.config.nav and config.nav is not None:
            config.nav = state.patch_nav(config.nav)
        if self._exporting():  # the conversions run in worker processes while MkDocs builds the pages
            self._downloads(state.start_exports)
        # The project model, caches and pages live until the build ends: keep the cyclic
        # collector from walking them again on every full collection while pages render.
        gc.freeze()
        return files

    def _exporting(self) -> bool:
        """Whether this build makes the diagram downloads (``mkdocs serve`` only with ``serve_exports``)."""
        assert self.state is not None
        return bool(self.state.export_formats) and (not self.serving or self.config.serve_exports)

    def _downloads(self, work: Callable[[], _T]) -> _T:
        """Run export work, turning a missing Cairo into a plugin error that says what to do."""
        try:
            return work()
        except (ImportError, OSError) as exc:
            raise PluginError(
                f"cjm: could not make the diagram downloads: {exc}. They need CairoSVG and the Cairo library "
                "(Debian/Ubuntu: apt install libcairo2); or set the plugin option 'exports: false'."
            ) from exc

    def _localize_polyfills(self, files: Files, config: MkDocsConfig) -> None:
        """Serve the offline plugin's iframe-worker shim from the site, not from a CDN."""
        polyfills = config.extra.get("polyfills") if config.extra is not None else None
        if not polyfills or not any(IFRAME_WORKER_CDN in str(p) for p in polyfills):
            return
        uri = f"{ASSETS_DIR}/{IFRAME_WORKER}"
        config.extra["polyfills"] = [uri if IFRAME_WORKER_CDN in str(p) else p for p in polyfills]
        if files.get_file_from_path(uri) is None:
            content = resources.files("mkdocs_cjm").joinpath("assets", IFRAME_WORKER).read_bytes()
            files.append(File.generated(config, uri, content=content))

    @event_priority(-100)  # every file added
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Optional[Navigation]:
        if self.fast:
            self._nav = nav
            self.page_cache.begin(_build_signature(config, files))
        return None

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Optional[Page]:
        """While serving, a generated page whose content the last rebuild stored is neither read nor
        converted (:func:`stored_page`)."""
        if not self.fast or self.state is None:
            return None
        uri = page.file.src_uri
        title = self.state.page_title(uri)
        if title is None:
            return None
        try:
            markdown = page.file.content_string
        except (OSError, UnicodeDecodeError, TypeError, AssertionError):
            return None
        self.page_cache.markdown(uri, markdown, title, self.state.page_drawing(uri))
        stored = self.page_cache.stored(uri)
        return stored_page(page, stored) if stored is not None else None

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> Optional[str]:
        if not self.config.enabled or self.state is None:
            return None
        uri = page.file.src_uri
        title = self.state.page_title(uri)
        if title is not None:
            page.meta["title"] = title
            self._page = None  # a generated page: map text never opens a journey block
        else:
            self._page = (page.file.src_uri, self._shown(page), _front_matter_lines(page, markdown))
        hide = self.state.page_hide(page.file.src_uri)
        if hide:
            shown = page.meta.get("hide")
            kept = [str(h) for h in shown] if isinstance(shown, list) else []
            page.meta["hide"] = list(dict.fromkeys(kept + list(hide)))
        if title is None:
            return None
        if self.fast:
            if not self.page_cache.has_key(uri):  # on_pre_page could not read the page's file
                return self.page_cache.markdown(uri, markdown, title, self.state.page_drawing(uri))
            if self.page_cache.is_hit(uri):  # a stored page's Markdown is "" already; another's becomes ""
                return None if isinstance(page, _StoredPage) else ""
        return _one_copy(page, markdown)

    def _shown(self, page: Page) -> str:
        """A page's file as messages name it: relative to the folder of mkdocs.yml."""
        assert self.state is not None
        path = Path(page.file.abs_src_path or self.state.docs_dir / page.file.src_uri)
        try:
            return path.resolve().relative_to(self.state.root).as_posix()
        except ValueError:
            return page.file.src_uri

    # -- the journey block (mkdocs_cjm.markdown's EmbedHost) -------------------------------
    def embed_page(self, md: Any, lines: list[str]) -> Optional[tuple[str, str, int]]:
        return self._page if self.config.enabled and self.state is not None else None

    def embed_project(self) -> Project:
        assert self.state is not None
        return self.state.project

    def embed_href(self, page_uri: str, journey: Journey) -> str:
        assert self.state is not None
        return self.state.href_from(page_uri, journey)

    def embed_report(self, problem: Problem) -> None:
        log.error(problem.format())

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> Optional[str]:
        if not self.config.enabled or self.state is None:
            return None
        uri = page.file.src_uri
        if self.fast and self.page_cache.is_hit(uri):
            content: Optional[str] = self.page_cache.content(page, html, [])
            removed = self.page_cache.removed(uri)
        else:
            content = self.state.page_content(uri, html)
            removed = self.state.removed_urls.get(uri, [])
            if self.fast and content is not None:
                content = self.page_cache.content(page, content, removed)
        if removed:
            shown = ", ".join(repr(url) for url in dict.fromkeys(r.url for r in removed))
            log.warning(
                f"{page.file.src_uri}: removed {len(removed)} address(es) that map text may not use: {shown} "
                "(links may go to pages of the site, http(s) and mailto; images only to files of the site)"
            )
        return content

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> Optional[jinja2.Environment]:
        if self.serving and env.bytecode_cache is None:
            # MkDocs makes a new environment per rebuild: without this, every theme template is compiled again.
            env.bytecode_cache = TEMPLATE_BYTECODE
        self._built = Ticker(log.info, self._pages_line, at_end=False)
        self._page_count = [0, len(files.documentation_pages())]
        if not self.fast or self._nav is None:
            return env
        env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({PC.CACHED_TEMPLATE: ""}), env.loader])
        pages = [
            f.page for f in files.documentation_pages() if f.page is not None and self.state.is_generated(f.src_uri)
        ]
        self.page_cache.plan(pages, self._nav.items, config.plugins.values())
        return env

    @event_priority(-100)  # after the search plugin's
    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation) -> Any:
        if self.fast:
            self.page_cache.context(page)
        return context

    @event_priority(100)  # before any minifier rewrites the placeholder
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> Optional[str]:
        if not self.config.enabled or self.state is None:
            return None
        self._page_count[0] += 1
        self._built(*self._page_count)
        uri = page.file.src_uri
        filled = self.state.fill_diagram(uri, output)
        if self.fast and self.state.is_generated(uri):
            return self.page_cache.output(uri, filled if filled is not None else output)
        return filled

    def _pages_line(self, done: int, total: int) -> str:
        """What a long build says while MkDocs builds the pages (every 10 s)."""
        line = f"Building pages: {done} of {total}"
        exports = self.state.exports_done() if self.state is not None else None
        if exports is not None:
            line += f"; diagram downloads: {exports[0]} of {exports[1]} PNG/PDF conversions done"
        return line

    def on_build_error(self, *, error: Exception) -> None:
        gc.unfreeze()
        if self.state is not None:
            self.state.cancel_exports()

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        gc.unfreeze()
        if not self.config.enabled or self.state is None:
            return
        self.state.prune()
        if self.fast:
            cache = self.page_cache
            log.info(
                f"Generated pages: {len(self.state.pages) - len(cache.rendered)} of {len(self.state.pages)} "
                f"unchanged since the last rebuild, {len(cache.converted)} converted, {len(cache.rendered)} rendered"
            )
            cache.prune()
        if not self._exporting():
            if self.state.export_formats:
                log.info(
                    "Diagram downloads are made by 'mkdocs build' (while serving, only with 'serve_exports: true')"
                )
            return
        progress = X.progress_every(lambda line: log.info(f"Exporting diagrams: {line}"), seconds=10.0)
        stats = self._downloads(lambda: self.state.write_exports(Path(config.site_dir), progress=progress))
        if stats is not None:
            for failure in stats.failures:
                log.error(failure.format())
            for skipped in stats.skipped:
                log.warning(skipped.format())
            log.info(f"Diagram downloads: {stats.summary()}")

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        if self.config.enabled and self.state is not None:
            self._watch = MapsWatch.start(server, self.state.maps_dir)
        return server


class _StoredPage(Page):
    """A generated page whose content the last rebuild stored (:func:`stored_page`)."""

    _cjm_stored: Any

    def read_source(self, config: MkDocsConfig) -> None:
        self.markdown, self.meta = "", {}

    def render(self, config: MkDocsConfig, files: Files) -> None:
        stored = self._cjm_stored
        self.content, self.toc, self.present_anchor_ids = stored.html, stored.toc, stored.anchors
        self._title_from_render = None
        self.links_to_anchors = {}


def stored_page(page: Page, stored: Any) -> Optional[Page]:
    """``page`` made to take its content from ``stored`` (:class:`~mkdocs_cjm.page_cache.Content`): MkDocs
    neither reads its Markdown nor builds a Python-Markdown converter for it (N = 200: 0.4 s a rebuild).
    The plugin's ``on_page_markdown`` still gives it its title; ``on_page_content`` its stored HTML. A page of
    a class another plugin made is left as it is (None): its Markdown is then converted as an empty text."""
    if type(page) is not Page:
        return None
    page.__class__ = _StoredPage
    page._cjm_stored = stored
    return page


def _one_copy(page: Page, markdown: str) -> Optional[str]:
    """A generated page's Markdown as the plugin made it (the string its file holds) when MkDocs' copy of it
    is the same text (a generated page has no front matter), so that the build holds one copy of each page's
    Markdown to its end rather than two (N = 20: 17.7 MB less)."""
    try:
        source = page.file.content_string
    except (OSError, UnicodeDecodeError, TypeError, AssertionError):
        return None
    return source if source is not markdown and source == markdown else None


def _front_matter_lines(page: Page, markdown: str) -> int:
    """How many lines of the page's file come before ``markdown`` (its front matter), so that
    a line of ``markdown`` can be told as a line of the file."""
    try:
        source = page.file.content_string
    except (OSError, UnicodeDecodeError, TypeError):
        return 0
    if not markdown or not source.endswith(markdown):
        return 0
    return source[: len(source) - len(markdown)].count("\n")


def _build_signature(config: MkDocsConfig, files: Files) -> str:
    """What of the configuration and the files every page's HTML may depend on."""
    source = Path(config.config_file_path) if config.config_file_path else None
    parts = [
        source.read_bytes().decode("utf-8", "replace") if source is not None and source.is_file() else "",
        repr(sorted((f.src_uri, f.dest_uri) for f in files)),
        # An extension given as an object (ours, the journey block, made anew by each rebuild's on_config)
        # counts by its class: its repr holds its address.
        repr(
            [
                e if isinstance(e, str) else f"{type(e).__module__}.{type(e).__qualname__}"
                for e in config.markdown_extensions
            ]
        ),
        repr([config.get(k) for k in ("site_url", "use_directory_urls", "mdx_configs", "extra")]),
        repr(list(config.theme.dirs)),
        PC.tree_signature([config.theme.custom_dir]),
    ]
    return PC.digest(*parts)
