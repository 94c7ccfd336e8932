"""Page Markdown for journeys, personas, promises and the index (MkDocs-free).

:class:`PageRenderer` turns a :class:`~mkdocs_cjm.site.Project` into a
``{uri: markdown}`` mapping through Jinja templates (``*.md.j2`` in
``mkdocs_cjm/render/templates``; a folder given in ``template_dirs`` - the
theme's ``custom_dir``/``cjm`` under MkDocs - overrides any of them). Links
between pages are relative ``.md`` links, so any Markdown site generator can
resolve them. Every text from the maps passes through a filter of
:mod:`mkdocs_cjm.text`; the templates do no escaping of their own.
"""

from __future__ import annotations

import datetime as _dt
import functools
import hashlib
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Optional, TypeVar

import jinja2

from . import text as T
from .insight import finding as F
from .model import LANE_LABELS, RATINGS, Journey, Persona, Promise, Stage, Step
from .nesting import Parent
from .render.charts import Band, Series, chart_block, line_chart
from .site import Project, ReviewStatus, journey_owners, next_links, owner_name, review_status
from .uris import Layout, PageUris, plan_pages

_V = TypeVar("_V")
#: Not in a memo (a value may be None).
_MISSING = object()

EMOTION_WORDS = {1: "very negative", 2: "negative", 3: "neutral", 4: "positive", 5: "delighted"}
RATING_SYMBOLS = {"meets": "✓", "partial": "◐", "misses": "✗"}
RATING_WORDS = {"meets": "meets", "partial": "partially meets", "misses": "misses"}

#: Kinds of page that show a diagram across the window (the wall view): Material's navigation
#: and table of contents hidden there (option ``full_width``), the text below at a readable measure.
WALL_KINDS = frozenset({"journey", "compare"})

#: The most rows a list of a site-wide insight page shows (KPIs, opportunities): past it a note counts the rest.
#: At 200 journeys of 48 steps the full lists were 12 MB of Markdown, 37 s of Python-Markdown on every save.
INSIGHT_ROWS = 300

#: The placeholder a journey page holds where the diagram goes.
DIAGRAM_SLOT = '<div class="cjm-diagram-slot" data-cjm-journey="{id}"></div>'


@dataclass
class Page:
    """One generated page: its Markdown and the map file it comes from."""

    uri: str
    markdown: str
    title: str
    #: Path of the source file relative to the maps folder (for "edit this page").
    source: str = ""
    kind: str = "journey"
    #: Journey ids whose content this page shows (for incremental rebuilds).
    depends_on: tuple[str, ...] = ()
    folder: tuple[str, ...] = field(default_factory=tuple)
    #: The navigation section the page goes in when the plugin adds ours to the nav
    #: ("Insights", "Teams"); journeys, personas and promises have their own.
    section: str = ""


@functools.lru_cache(maxsize=65536)
def _relpath(to_uri: str, start: str) -> str:
    return posixpath.relpath(to_uri, start)


def rating_counts(steps: Iterable[Step], promise_id: str) -> dict[str, int]:
    """How many of ``steps`` miss, partially meet and meet a promise."""
    counts = {r: 0 for r in RATINGS}
    for step in steps:
        rating = step.promise.get(promise_id)
        if rating is not None:
            counts[rating.rating] += 1
    return counts


def added_counts(counts: Iterable[dict[str, int]]) -> dict[str, int]:
    """:func:`rating_counts` of several groups of steps, added up."""
    total = {r: 0 for r in RATINGS}
    for one in counts:
        for rating, count in one.items():
            total[rating] += count
    return total


def rel(from_uri: str, to_uri: str, anchor: str = "") -> str:
    """A relative link from one page to another (``.md`` paths)."""
    # posixpath.relpath makes both paths absolute (a getcwd() each); pages link to
    # the same few targets thousands of times, so the result is cached.
    link = _relpath(to_uri, posixpath.dirname(from_uri) or ".")
    return link + (f"#{anchor}" if anchor else "")


#: A persona's feeling at one step: (journey, stage, step, score).
Feeling = tuple[Journey, Stage, Step, int]


def persona_feelings(journeys: list[Journey], persona_id: str) -> list[tuple[Journey, list[Feeling]]]:
    """Each (unbroken) journey with the persona's score at each step that has one, in order."""
    out = []
    for journey in journeys:
        if journey.is_broken:
            continue
        rows = [
            (journey, stage, step, score)
            for stage in journey.stages
            for step in stage.steps
            if (score := step.emotion_of(persona_id)) is not None
        ]
        if rows:
            out.append((journey, rows))
    return out


def feelings_chart(persona: Persona, journey: Journey, rows: list[Feeling], uid: str) -> str:
    """A persona's feeling at each step of one journey, as a small line chart with its stages as bands."""
    bands: list[Band] = []
    for n, (_, stage, _, _) in enumerate(rows):
        if bands and rows[bands[-1].first][1] is stage:
            bands[-1] = Band(bands[-1].label, bands[-1].first, n)
        else:
            bands.append(Band(stage.name, n, n))
    name, title = T.plain(persona.name), T.plain(journey.title)
    heading = f"{name}'s feeling in {title}"
    svg = line_chart(
        uid=uid,
        title=heading,
        desc=f"{name}'s feeling at each step that has one, from 1 (very negative) to 5 (delighted), "
        "with the stages as bands; the table below lists the same scores.",
        bands=bands,
        series=[Series(persona.name, tuple(float(score) for *_, score in rows))],
        points=[step.touchpoint or step.id for _, _, step, _ in rows],
    )
    return chart_block(svg, "Chart: " + heading, "persona", {"journey": journey.id})


def worst_moments(feelings: list[tuple[Journey, list[Feeling]]], count: int = 5) -> list[Feeling]:
    """The ``count`` lowest scores across journeys (ties: in journey and step order)."""
    every = [row for _, rows in feelings for row in rows]
    order = sorted(range(len(every)), key=lambda i: (every[i][3], i))
    return [every[i] for i in order[:count]]


def _memo(function: Callable[[object], str]) -> Callable[[object], str]:
    """A template filter that remembers its result for each text (filters are pure)."""
    cache: dict[str, str] = {}

    def filtered(value: object) -> str:
        if value.__class__ is not str:
            return function(value)
        try:
            return cache[value]  # type: ignore[index]
        except KeyError:
            result = cache[value] = function(value)  # type: ignore[index]
            return result

    return filtered


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory for the process (every build of ``mkdocs serve``
    makes a new renderer). Jinja checks each entry against the template's source, so an
    edited override template is compiled again."""

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self._store.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()


#: Shared by every Jinja environment of the process (ours, and while serving MkDocs' own).
TEMPLATE_BYTECODE = _MemoryBytecodeCache()


class PageRenderer:
    """Renders every page of a project."""

    def __init__(
        self,
        project: Project,
        *,
        layout: Layout = Layout(),
        today: Optional[_dt.date] = None,
        review_every: int = 180,
        kpi_stale_after: int = 90,
        use_directory_urls: bool = True,
        template_dirs: Iterable[Path] = (),
        downloads: Optional[Callable[[Journey], list[tuple[str, str]]]] = None,
        memo: Optional[dict[str, str]] = None,
        content_key: Optional[Callable[[Journey], str]] = None,
        views: Optional[dict[str, Any]] = None,
    ):
        """``memo`` (kept by the caller across rebuilds) holds journey pages' Markdown by a key
        of all they show (:meth:`journey_key`), ``content_key`` giving a journey's own part
        (its content); the keys this renderer used are in :attr:`memo_used`. ``views`` (also kept
        by the caller) holds what the site-wide pages take from each journey (:meth:`of_journey`);
        the keys used are in :attr:`views_used`."""
        self.project = project
        self.memo = memo
        self.content_key = content_key
        self.memo_used: set[str] = set()
        self.views = views
        self.views_used: set[str] = set()
        self._shared_key: Optional[str] = None
        self._parents: Optional[dict[str, list[Parent]]] = None
        self._teams: Optional[list[Any]] = None
        self._team_uris: dict[str, str] = {}
        self.layout = layout
        self.today = today or _dt.date.today()
        self.review_every = review_every
        #: Days after which a KPI's value is stale (:mod:`mkdocs_cjm.insight.kpis`).
        self.kpi_stale_after = kpi_stale_after
        #: How MkDocs places pages, for the links of raw HTML (:func:`mkdocs_cjm.uris.built_href`).
        self.use_directory_urls = use_directory_urls
        self.downloads = downloads
        loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader(str(d)) for d in template_dirs if Path(d).is_dir()]
        loaders.append(jinja2.PackageLoader("mkdocs_cjm", "render/templates"))
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(loaders),
            autoescape=False,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
            bytecode_cache=TEMPLATE_BYTECODE,
        )
        # Per renderer (one build): the same texts recur across journey, promise and persona pages.
        self.env.filters.update(
            md=_memo(T.md_inline),
            cell=_memo(lambda v: T.md_inline(v, cell=True)),
            label=_memo(T.md_label),
            cell_label=_memo(lambda v: T.md_label(v, cell=True)),
            literal=_memo(T.literal),
            mdblock=T.md_block,
            attr=_memo(T.attr),
            plain=_memo(T.plain),
            num=functools.partial(T.number, page=True),
        )
        self._journey_uris: dict[int, tuple[Journey, str]] = {}
        #: Every page's URI, no two the same (planned by the loader, or here for another layout).
        self.uris: PageUris = (
            project.page_uris
            if project.page_uris is not None and project.page_uris.layout == layout
            else plan_pages(project, layout)[0]
        )
        self._counterparts: Optional[dict[str, Journey]] = None
        self.env.globals.update(
            lane_labels=LANE_LABELS,
            emotion_words=EMOTION_WORDS,
            rating_symbols=RATING_SYMBOLS,
            max_rows=INSIGHT_ROWS,
            rating_words=RATING_WORDS,
            ratings=RATINGS,
        )

    # -- helpers offered to templates ------------------------------------------
    def _context(self, uri: str, **extra):
        project = self.project
        layout = self.layout

        def link(target: str, anchor: str = "") -> str:
            return rel(uri, target, anchor)

        return dict(
            project=project,
            brand=project.brand,
            layout=layout,
            uri=uri,
            link=link,
            journey_uri=self.journey_uri,
            persona_uri=self.uris.persona,
            promise_uri=self.uris.promise,
            review=self.review,
            today=self.today,
            next_links=next_links,
            team_uri=self.team_uri,
            **extra,
        )

    def teams(self) -> list[Any]:
        """Every team of the project (:func:`mkdocs_cjm.insight.teams.collect_teams`, each journey's share kept
        across rebuilds: :meth:`of_journey`), collected once per build; journey pages link their owners' pages."""
        if self._teams is None:
            from .insight import teams as TM

            project = self.project
            journeys = sorted(project.journeys.values(), key=lambda j: (j.folder, journey_order(j)))
            self._teams = TM.collect_teams(
                project, journeys, lambda j: self.of_journey("teams", j, lambda: TM.journey_shares(project, j))
            )
            self._team_uris = {t.name: self.layout.insight("teams", t.slug) for t in self._teams}
        return self._teams

    def team_uris(self) -> dict[str, str]:
        """Each team's page, by the team's name (:meth:`teams`)."""
        self.teams()
        return self._team_uris

    def team_uri(self, owner: str) -> str:
        """The page of the team an ``owner`` text names ("" for none)."""
        return self.team_uris().get(owner_name(owner), "") if owner else ""

    def journey_uri(self, journey: Journey) -> str:
        """``layout.journey(journey)``, computed once per journey."""
        hit = self._journey_uris.get(id(journey))
        if hit is not None and hit[0] is journey:
            return hit[1]
        uri = self.uris.journey(journey)
        self._journey_uris[id(journey)] = (journey, uri)
        return uri

    def counterpart_of(self, journey: Journey) -> Optional[Journey]:
        """``project.counterpart_of(journey)`` with the reverse look-up by dict, not a scan per journey."""
        if journey.counterpart:
            return self.project.journeys.get(journey.counterpart)
        if self._counterparts is None:
            self._counterparts = {}
            for other in self.project.journeys.values():
                if other.counterpart:
                    self._counterparts.setdefault(other.counterpart, other)
        # A journey naming itself has a counterpart, so never reaches this look-up.
        return self._counterparts.get(journey.id)

    def comparison_uri(self, journey: Journey) -> str:
        """The as-is against to-be page of the pair ``journey`` is in ("" for none)."""
        from .insight.compare import comparison_uri

        return comparison_uri(self, journey)

    def parents_of(self, journey: Journey) -> list[Parent]:
        """:func:`~mkdocs_cjm.nesting.parents`, from an index built once (not a scan per journey)."""
        if self._parents is None:
            self._parents = {}
            for other in self.project.journeys.values():
                body = self.project.content_of(other)
                if body is None:
                    continue
                for stage in body.stages:
                    for step in stage.steps:
                        if step.journey:
                            self._parents.setdefault(step.journey, []).append(Parent(other, stage, step))
        return self._parents.get(journey.id, [])

    def _shared(self) -> str:
        """What of the project any journey page may show beyond its journey: the brand, every
        persona's name, each journey's id, title, state, counterpart and page; the settings."""
        if self._shared_key is None:
            project = self.project
            parts = [
                repr(project.brand),
                repr([(p.id, p.name) for p in project.personas.values()]),
                repr(
                    [
                        (j.id, j.title, j.state, j.counterpart, j.is_broken, self.journey_uri(j))
                        for j in project.journeys.values()
                    ]
                ),
                repr((self.layout, self.today, self.review_every, self.kpi_stale_after, self.use_directory_urls)),
                _templates_signature(self.env),
            ]
            self._shared_key = _digest("\0".join(parts))
        return self._shared_key

    def journey_key(self, journey: Journey, downloads: list[tuple[str, str]]) -> str:
        """Everything a journey's page shows: its content, its personas, where it belongs, its
        downloads, and what of the project any journey page shows (:meth:`_shared`)."""
        assert self.content_key is not None
        parents = [(p.journey.id, p.stage.name, repr(p.step)) for p in self.parents_of(journey)]
        personas = repr(self.project.personas_of(journey))
        teams = repr([(name, self.team_uri(name)) for name in journey_owners(journey)])
        parts = (self.content_key(journey), personas, repr(parents), repr(downloads), teams, self._shared())
        return _digest("\0".join(parts))

    def _render(self, template: str, uri: str, **extra) -> str:
        return self.env.get_template(template).render(self._context(uri, **extra)).rstrip() + "\n"

    def render_page(self, template: str, uri: str, **extra) -> str:
        """A page's Markdown from ``template`` with the usual context and ``extra`` (for the insight modules)."""
        return self._render(template, uri, **extra)

    # -- pages -------------------------------------------------------------------
    def journey_page(self, journey: Journey) -> Page:
        uri = self.journey_uri(journey)
        if journey.is_broken:
            markdown = self._render("broken.md.j2", uri, journey=journey, problems=journey.problems)
        else:
            downloads = self.downloads(journey) if self.downloads else []
            key = self.journey_key(journey, downloads) if self.memo is not None and self.content_key else ""
            if key:
                self.memo_used.add(key)
                markdown = self.memo.get(key, "") if self.memo is not None else ""
                if markdown:
                    return Page(uri, markdown, journey.title, journey.source, "journey", (journey.id,), journey.folder)
            markdown = self._journey_markdown(journey, uri, downloads)
            if key and self.memo is not None:
                self.memo[key] = markdown
        return Page(uri, markdown, journey.title, journey.source, "journey", (journey.id,), journey.folder)

    def _journey_markdown(self, journey: Journey, uri: str, downloads: list[tuple[str, str]]) -> str:
        project = self.project
        promises = project.journey_promises(journey)
        strip = [(p, [rating_counts(stage.steps, p.id) for stage in journey.stages]) for p in promises]
        return self._render(
            "journey.md.j2",
            uri,
            journey=journey,
            personas=project.personas_of(journey),
            missing_personas=[p for p in journey.personas if p not in project.personas],
            counterpart=self.counterpart_of(journey),
            comparison=self.comparison_uri(journey),
            parents=self.parents_of(journey),
            promises=promises,
            promise_strip=strip,
            steps_by_id={s.id: s for s in journey.steps},
            channel_for=project.channel_for,
            custom_lanes=[lane for lane in map(project.custom_lane, project.lanes_in_order()) if lane],
            diagram=DIAGRAM_SLOT.format(id=T.attr(journey.id)),
            downloads=downloads,
        )

    def memoized_over(
        self, kind: str, uri: str, journeys: Iterable[Journey], render: Callable[[], str], extra: object = ()
    ) -> str:
        """``render()`` of a page that shows only ``journeys``, ``extra`` (a value whose ``repr()`` tells the
        rest it shows) and what any journey page shows of the project, kept across rebuilds by their content
        (:meth:`_memoized`): the comparison, team and start pages."""
        if self.content_key is None or self.memo is None:
            return render()
        keys = tuple(self.content_key(j) for j in journeys)
        return self._memoized((kind, uri, keys, repr(extra), self._shared()), render)

    def of_journey(self, name: str, journey: Journey, compute: Callable[[], _V]) -> _V:
        """``compute()``: what a site-wide page (teams, promises, the journeys index...) takes from one
        journey, drawn from that journey and the brand alone. Kept in :attr:`views` across rebuilds by the
        journey's file, id and content key, so that a rebuild after one map changed computes it for that
        journey only (N = 200: the team pages walked 9,600 steps on every rebuild). ``name`` says which
        value it is; the value must not be changed by the caller."""
        if self.views is None or self.content_key is None:
            return compute()
        key = f"{name}\0{journey.source}\0{journey.id}\0{self.content_key(journey)}"
        self.views_used.add(key)
        found = self.views.get(key, _MISSING)
        if found is _MISSING:
            found = self.views[key] = compute()
        return found

    def _memoized(self, parts: tuple, render: Callable[[], str]) -> str:
        """``render()``, or the Markdown kept in :attr:`memo` for the same ``parts`` (all the page shows)."""
        if self.memo is None:
            return render()
        key = _digest(repr(parts))
        self.memo_used.add(key)
        markdown = self.memo.get(key)
        if markdown is None:
            markdown = self.memo[key] = render()
        return markdown

    def _steps_view(self, journey: Journey, name: str, of_step: Callable[[Step], object]) -> str:
        """Where each step of a journey is (stage, touchpoint, anchor) and ``of_step`` of it (``name`` says
        which: it keys the result), as a digest: what the persona and promise pages show of a journey, beside
        its title and page (in :meth:`_shared`). Kept across rebuilds by the journey's content (:meth:`of_journey`)."""

        def view() -> str:
            return _digest(
                repr(tuple((st.name, s.touchpoint, s.anchor, of_step(s)) for st in journey.stages for s in st.steps))
            )

        return self.of_journey("view\0" + name, journey, view)

    def persona_page(self, persona: Persona) -> Page:
        uri = self.uris.persona(persona.id)
        journeys = self.project.journeys_of(persona.id)
        photo = T.url(rel(uri, persona.photo)) if persona.photo else ""

        def render() -> str:
            feelings = persona_feelings(journeys, persona.id)
            return self._render(
                "persona.md.j2",
                uri,
                persona=persona,
                journeys=journeys,
                photo=photo,
                feelings=feelings,
                charts=[
                    feelings_chart(persona, j, rows, f"cjm-feelings-{n}") for n, (j, rows) in enumerate(feelings, 1)
                ],
                worst=worst_moments(feelings),
            )

        emotion = lambda step: step.emotion_of(persona.id)  # noqa: E731
        view = tuple(
            (j.id, j.summary, j.is_broken, self._steps_view(j, "emotion\0" + persona.id, emotion)) for j in journeys
        )
        markdown = self._memoized(("persona", uri, repr(persona), photo, view, self._shared()), render)
        return Page(uri, markdown, persona.name, persona.source, "persona", tuple(j.id for j in journeys))

    def promise_page(self, promise: Promise) -> Page:
        uri = self.uris.promise(promise.id)
        journeys = [
            j for j in self.project.journeys.values() if not j.is_broken and promise in self.project.journey_promises(j)
        ]

        def render() -> str:
            benchmarks = self.project.benchmarks(promise.id)
            groups = {r: [b for b in benchmarks if b.rating.rating == r] for r in RATINGS}
            unassessed = [
                (j, st, s) for j in journeys for st in j.stages for s in st.steps if promise.id not in s.promise
            ]
            return self._render(
                "promise.md.j2",
                uri,
                promise=promise,
                groups=groups,
                journeys=journeys,
                unassessed=unassessed,
                total=len(benchmarks),
            )

        rating = lambda step: repr(step.promise.get(promise.id))  # noqa: E731
        view = tuple(
            (j.id, j in journeys, self._steps_view(j, "promise\0" + promise.id, rating))
            for j in self.project.journeys.values()
        )
        markdown = self._memoized(("promise", uri, repr(promise), view, self._shared()), render)
        return Page(uri, markdown, promise.name, self.project.brand.source, "promise", tuple(j.id for j in journeys))

    def journey_ratings(self, journey: Journey) -> list[dict[str, int]]:
        """:func:`rating_counts` of a journey's steps for each of the brand's promises, in order (kept
        across rebuilds: :meth:`of_journey`)."""
        promises = self.project.brand.promises
        return self.of_journey("ratings", journey, lambda: [rating_counts(journey.steps, p.id) for p in promises])

    def promises_index(self) -> Page:
        uri = self.uris.indexes.get("promises") or self.layout.promises_index()
        promises = self.project.brand.promises
        counts = {j.id: self.journey_ratings(j) for j in self.project.journeys.values()}
        rows = [(p, added_counts(c[i] for c in counts.values())) for i, p in enumerate(promises)]
        journeys = [j for j in self.project.journeys.values() if not j.is_broken]
        matrix = [(j, counts[j.id]) for j in journeys]
        markdown = self._render("promises.md.j2", uri, rows=rows, matrix=matrix)
        return Page(
            uri, markdown, "Brand promises", self.project.brand.source, "promises", tuple(j.id for j in journeys)
        )

    def personas_index(self) -> Page:
        uri = self.uris.indexes.get("personas") or self.layout.personas_index()
        personas = list(self.project.personas.values())
        markdown = self._render("personas.md.j2", uri, personas=personas)
        return Page(uri, markdown, "Personas", "", "personas", tuple(self.project.journeys))

    def journeys_index(self) -> Page:
        uri = self.layout.journeys_index()
        groups: dict[tuple[str, ...], list[Journey]] = {}
        for journey in self.project.journeys.values():
            groups.setdefault(journey.folder, []).append(journey)
        for journeys in groups.values():
            journeys.sort(key=journey_order)
        ordered = sorted(groups.items(), key=lambda kv: kv[0])
        general = [p for p in self.project.problems] + [p for p in self.project.brand.problems]
        for problems in self.project.broken_files.values():
            general.extend(problems)
        review = self.review
        journeys = [j for _, group in ordered for j in group]
        values = [F.journey_facets(j, review) for j in journeys]
        attrs = {id(j): F.facet_attrs(v) for j, v in zip(journeys, values)}
        markdown = self._render(
            "index.md.j2",
            uri,
            groups=ordered,
            general_problems=sorted(set(general)),
            facets=F.facets(self.project, journeys, values),
            facet_attrs=lambda j: attrs[id(j)],
            attention=F.needs_attention(self.project, journeys, review),
            review_labels=F.REVIEW_LABELS,
            start_uri=self.layout.insight("start"),
        )
        return Page(uri, markdown, "Journeys", "", "index", tuple(self.project.journeys))

    def review(self, journey: Journey) -> tuple[ReviewStatus, Optional[_dt.date]]:
        """A journey's review status and due date, with this site's ``today`` and ``review_every``."""
        return review_status(journey, today=self.today, default_every=self.review_every)

    def all_pages(self) -> list[Page]:
        pages = [self.journeys_index()]
        pages.extend(
            self.journey_page(j)
            for j in sorted(self.project.journeys.values(), key=lambda j: (j.folder, journey_order(j)))
        )
        if self.project.personas:
            pages.append(self.personas_index())
            pages.extend(self.persona_page(p) for p in self.project.personas.values())
        if self.project.brand.promises:
            pages.append(self.promises_index())
            pages.extend(self.promise_page(p) for p in self.project.brand.promises)
        from .insight import insight_pages  # the insight modules use this module's helpers

        pages.extend(insight_pages(self))
        return pages


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _templates_signature(env: jinja2.Environment) -> str:
    """Names, sizes and times of the override templates (a change in one renders every page again)."""
    loader = env.loader
    parts = []
    for sub in getattr(loader, "loaders", ()):
        for folder in getattr(sub, "searchpath", ()):
            for path in sorted(Path(folder).glob("*.j2")):
                stat = path.stat()
                parts.append(f"{path}:{stat.st_size}:{stat.st_mtime_ns}")
    return "\n".join(parts)


def journey_order(journey: Journey) -> tuple[str, int, str]:
    """Journeys by title, a current state before its future state."""
    return (T.plain(journey.title).casefold(), 0 if journey.state == "current" else 1, journey.id)
