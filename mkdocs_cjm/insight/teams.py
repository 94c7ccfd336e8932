"""Team pages: what each ``owner`` owns of the customer's experience, across journeys.

A team is an ``owner`` text of a journey, a step or an opportunity (spaces
trimmed; otherwise as written, so ``CRM team`` and ``CRM Team`` are two). A
step without its own owner belongs to its journey's owner, an opportunity
without one to its step's (:func:`mkdocs_cjm.site.step_owner`,
:func:`~mkdocs_cjm.site.idea_owner`). Each team gets a page listing the
journeys, touchpoints, pain points, opportunities, off-target KPIs and promise
misses it owns, each linked to its step on the journey page; an index lists
the teams with counts. Journeys with errors are left out: their pages show the
errors, not the steps.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Optional

from ..model import Journey, Metric, Opportunity, Promise, PromiseRating
from ..page_cache import digest
from ..site import Project, StepRef, idea_owner, owner_name, step_owner
from ..validate import slugify

if TYPE_CHECKING:  # pragma: no cover
    from ..pages import Page, PageRenderer

#: The nav section of the team pages.
SECTION = "Teams"
#: Slugs a team page may not take (the index is ``teams/index``).
RESERVED_SLUGS = frozenset({"index"})
#: The slug of a team whose name has no letter or digit to make one of.
FALLBACK_SLUG = "team"


@dataclass
class Team:
    """One owner and everything it owns, in journey and step order."""

    name: str
    slug: str = ""
    journeys: list[Journey] = field(default_factory=list)
    touchpoints: list[StepRef] = field(default_factory=list)
    pain_points: list[tuple[StepRef, str]] = field(default_factory=list)
    opportunities: list[tuple[StepRef, Opportunity]] = field(default_factory=list)
    off_target: list[tuple[StepRef, Metric]] = field(default_factory=list)
    misses: list[tuple[StepRef, Promise, PromiseRating]] = field(default_factory=list)
    #: What the team's page shows of each journey it has a part in: (journey id, digest of its items).
    views: list[tuple[str, str]] = field(default_factory=list)

    @property
    def journey_ids(self) -> tuple[str, ...]:
        """The journeys this team has a part in (owned, or owning something in them), in order."""
        found = [j.id for j in self.journeys]
        for ref in self.touchpoints:
            found.append(ref.journey.id)
        for ref, _ in self.opportunities:
            found.append(ref.journey.id)
        return tuple(dict.fromkeys(found))

    def view(self) -> tuple:
        """What the team's page shows of its items, beside the journeys' titles, states and pages and the
        brand's promises (which every page shows): its page is made again only when this changes."""
        return tuple(self.views)

    def counts(self) -> dict[str, int]:
        """How many of each kind of thing the team owns (the index's columns)."""
        return {
            "journeys": len(self.journeys),
            "touchpoints": len(self.touchpoints),
            "pain_points": len(self.pain_points),
            "opportunities": len(self.opportunities),
            "off_target": len(self.off_target),
            "misses": len(self.misses),
        }

    def take(self, share: "Team") -> None:
        """Add what one journey gives this team (a share of :func:`journey_shares`)."""
        self.journeys.extend(share.journeys)
        self.touchpoints.extend(share.touchpoints)
        self.pain_points.extend(share.pain_points)
        self.opportunities.extend(share.opportunities)
        self.off_target.extend(share.off_target)
        self.misses.extend(share.misses)
        self.views.extend(share.views)


def _at(ref: StepRef) -> tuple:
    step = ref.step
    return (ref.journey.id, ref.stage.name, step.touchpoint, step.anchor, step.emotion, sorted(step.emotions.values()))


def _share_view(share: "Team") -> str:
    """A digest of what a team's page shows of one journey's share."""
    return digest(
        repr(
            (
                [(j.id, j.summary) for j in share.journeys],
                [_at(ref) for ref in share.touchpoints],
                [(_at(ref), text) for ref, text in share.pain_points],
                [(_at(ref), idea.marker, idea.text) for ref, idea in share.opportunities],
                [(_at(ref), m.name, m.actual, m.target, m.unit, m.better) for ref, m in share.off_target],
                [(_at(ref), promise.id, rating.note) for ref, promise, rating in share.misses],
            )
        )
    )


def journey_shares(project: Project, journey: Journey) -> dict[str, Team]:
    """What one journey (without errors) gives each team, by name, in step order: a journey's
    share depends on it and the brand only, so a rebuild keeps it (``PageRenderer.of_journey``)."""
    teams: dict[str, Team] = {}

    def team(name: str) -> Team:
        found = teams.get(name)
        if found is None:
            found = teams[name] = Team(name)
        return found

    if owner_name(journey.owner):
        team(owner_name(journey.owner)).journeys.append(journey)
    promises = {p.id: p for p in project.journey_promises(journey)}
    for stage in journey.stages:
        for step in stage.steps:
            ref = StepRef(journey, stage, step)
            for idea in step.ideas:
                name = idea_owner(journey, step, idea)
                if name:
                    team(name).opportunities.append((ref, idea))
            owner = step_owner(journey, step)
            if not owner:
                continue
            mine = team(owner)
            mine.touchpoints.append(ref)
            mine.pain_points.extend((ref, text) for text in step.pain_points)
            mine.off_target.extend((ref, m) for m in step.metrics if m.on_target is False)
            mine.misses.extend(
                (ref, promises[pid], rating)
                for pid, rating in step.promise.items()
                if rating.rating == "misses" and pid in promises
            )
    for share in teams.values():
        share.views = [(journey.id, _share_view(share))]
    return teams


def collect_teams(
    project: Project,
    journeys: list[Journey],
    shares: Optional[Callable[[Journey], dict[str, Team]]] = None,
) -> list[Team]:
    """Every team of ``journeys`` (those without errors), by name, each with its own slug;
    ``shares`` gives each journey's :func:`journey_shares` (kept across rebuilds by the caller).

    Slugs are the names' slugs; where two names give one slug, the later name (by
    name order, so the same maps always give the same slugs) gets ``-2``, ``-3``...
    """
    teams: dict[str, Team] = {}
    for journey in journeys:
        if journey.is_broken:
            continue
        given = shares(journey) if shares is not None else journey_shares(project, journey)
        for name, share in given.items():
            found = teams.get(name)
            if found is None:
                found = teams[name] = Team(name)
            found.take(share)
    ordered = sorted(teams.values(), key=lambda t: (t.name.casefold(), t.name))
    taken = set(RESERVED_SLUGS)
    for item in ordered:
        base = slugify(item.name) or FALLBACK_SLUG
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        item.slug = slug
    return ordered


def pages(renderer: "PageRenderer") -> list["Page"]:
    """The teams index and a page per team (none when no map names an owner)."""
    from ..pages import Page

    project = renderer.project
    teams = renderer.teams()
    if not teams:
        return []
    layout = renderer.layout
    index_uri = layout.insight("teams", "index")
    uris = renderer.team_uris()
    counts = [(t.name, t.slug, t.counts()) for t in teams]
    out = [
        Page(
            index_uri,
            renderer.memoized_over(
                "teams",
                index_uri,
                (),
                lambda: renderer.render_page("insight_teams.md.j2", index_uri, teams=teams, team_uris=uris),
                counts,
            ),
            "Teams",
            kind="teams",
            depends_on=tuple(project.journeys),
            section=SECTION,
        )
    ]
    for item in teams:
        out.append(_team_page(renderer, item, uris[item.name], index_uri))
    return out


def _team_page(renderer: "PageRenderer", item: Team, uri: str, index_uri: str) -> "Page":
    """One team's page, made again only when what it shows changes (:meth:`Team.view`)."""
    from ..pages import Page

    def render() -> str:
        journey_href, step_href = _hrefs(renderer, uri)
        return renderer.render_page(
            "insight_team.md.j2", uri, team=item, index_uri=index_uri, journey_href=journey_href, step_href=step_href
        )

    markdown = renderer.memoized_over("team", uri, (), render, (item.name, index_uri, item.view()))
    return Page(uri, markdown, item.name, kind="team", depends_on=item.journey_ids, section=SECTION)


def _hrefs(renderer: "PageRenderer", uri: str) -> tuple[Callable[[StepRef], str], Callable[[StepRef], str]]:
    """Links from the page ``uri`` to a step's journey and to the step, each journey's link
    made once (a team's page may list thousands of steps)."""
    from ..pages import rel

    links: dict[str, str] = {}

    def journey_href(ref: StepRef) -> str:
        found = links.get(ref.journey.id)
        if found is None:
            found = links[ref.journey.id] = rel(uri, renderer.journey_uri(ref.journey))
        return found

    def step_href(ref: StepRef) -> str:
        return journey_href(ref) + "#" + ref.step.anchor

    return journey_href, step_href
