"""The insight helpers without a build: owners, team slugs, facets, needs attention, the start page's overview links."""

from __future__ import annotations

import datetime as _dt

from mkdocs_cjm.insight import finding as F
from mkdocs_cjm.insight.start import lowest_feelings, overview_pages
from mkdocs_cjm.insight.teams import collect_teams
from mkdocs_cjm.model import (
    Brand,
    Journey,
    Metric,
    Opportunity,
    Promise,
    PromiseRating,
    Provenance,
    Stage,
    Step,
)
from mkdocs_cjm.pages import Page, PageRenderer, worst_moments
from mkdocs_cjm.site import Project, idea_owner, journey_owners, review_status, step_owner

TODAY = _dt.date(2026, 11, 23)


def review(journey: Journey):
    return review_status(journey, today=TODAY, default_every=180)


def journey(jid: str, *steps: Step, **fields) -> Journey:
    return Journey(
        id=jid, title=jid.title(), source=f"{jid}.yml", stages=[Stage("s", "S", steps=list(steps))], **fields
    )


def test_owners_default_to_the_step_then_the_journey() -> None:
    idea = Opportunity("Idea")
    own = Opportunity("Own", owner="Checkout  team", detailed=True)
    step = Step("a", "A", owner=" Web team ", ideas=[idea, own])
    bare = Step("b", "B", ideas=[Opportunity("Other")])
    j = journey("j", step, bare, owner="CX team")
    assert step_owner(j, step) == "Web team" and step_owner(j, bare) == "CX team"
    assert idea_owner(j, step, idea) == "Web team" and idea_owner(j, step, own) == "Checkout team"
    assert journey_owners(j) == ["CX team", "Web team", "Checkout team"]
    assert journey_owners(journey("k", Step("c", "C"))) == []


def test_team_slugs() -> None:
    steps = [
        Step(str(i), str(i), owner=name) for i, name in enumerate(["Index", "!!!", "CX team", "cx-team", "Ünïcode"])
    ]
    teams = collect_teams(Project(), [journey("j", *steps, owner="cx team-2")])
    assert {t.name: t.slug for t in teams} == {
        "!!!": "team",  # nothing to make a slug of
        "CX team": "cx-team",
        "cx team-2": "cx-team-2",
        "cx-team": "cx-team-3",  # "cx-team-2" is taken by a name of that slug
        "Index": "index-2",  # the teams index is index
        "Ünïcode": "unicode",
    }
    assert len({t.slug for t in teams}) == len(teams)


def test_off_target_and_misses_use_the_journey_page_rules() -> None:
    metrics = [
        Metric("a", "Above", actual=3, target=2),
        Metric("b", "Lower is better", actual=3, target=2, better="lower"),
        Metric("c", "Not measured", target=2),
    ]
    step = Step(
        "s",
        "S",
        owner="T",
        metrics=metrics,
        promise={"p": PromiseRating("p", "misses"), "q": PromiseRating("q", "misses")},
    )
    project = Project(brand=Brand(promises=[Promise("p", "P")]))
    (team,) = collect_teams(project, [journey("j", step)])
    assert [m.name for _, m in team.off_target] == ["Lower is better"]
    # a promise the brand does not have is not a miss the team owns (the journey page reports it)
    assert [p.id for _, p, _ in team.misses] == ["p"]


def test_assumption_based_counts_measured_data() -> None:
    measured = Step("s", "S", metrics=[Metric("m", "M", actual=1, provenance=Provenance("x.csv", "", 3))])
    assert journey("a", Step("s", "S")).assumption_based
    assert not journey("b", measured).assumption_based
    assert not journey("c", Step("s", "S"), evidence=["Survey"]).assumption_based


def test_facets_and_needs_attention() -> None:
    promise = Promise("p", "P")
    miss = Step("m", "Miss", promise={"p": PromiseRating("p", "misses")})
    answered = Step("n", "Answered", ideas=[Opportunity("Fix")], promise={"p": PromiseRating("p", "misses")})
    old = journey("old", miss, answered, reviewed=_dt.date(2026, 1, 1), personas=["x"], tags=["t", "t"])
    new = journey("new", Step("a", "A"), reviewed=_dt.date(2026, 11, 1), evidence=["E"], state="future")
    project = Project(brand=Brand(promises=[promise]), journeys={"old": old, "new": new})
    assert F.journey_facets(old, review) == {
        "persona": ["x"],
        "state": ["current"],
        "owner": [],
        "tag": ["t"],
        "review": ["overdue"],
    }
    values = [F.journey_facets(j, review) for j in (old, new)]
    shown = {f.key: f.choices for f in F.facets(project, [old, new], values)}
    # a facet where the journeys do not differ (one persona, one tag, no owner) is no filter
    assert shown == {
        "state": (("current", "Current state"), ("future", "Future state")),
        "review": (("fresh", "✓ Reviewed"), ("overdue", "⚠ Overdue for review")),
    }
    assert F.facets(project, [old], values[:1]) == []
    attention = F.needs_attention(project, [old, new], review)
    assert [(j.id, due) for j, due in attention.overdue] == [("old", _dt.date(2026, 6, 30))]
    assert [j.id for j in attention.assumption_based] == ["old"]
    assert [(ref.step.id, [p.id for p in ps]) for ref, ps in attention.unanswered_misses] == [("m", ["p"])]
    assert len(attention) == 3


def test_worst_moments_take_each_steps_lowest_persona() -> None:
    step = Step("a", "A", emotions={"x": 4, "y": 1})
    calm = Step("b", "B", emotion=3)
    rows = worst_moments(lowest_feelings([journey("j", step, calm, personas=["x", "y"])]))
    assert [(s.id, score) for _, _, s, score in rows] == [("a", 1), ("b", 3)]


def test_overview_pages_are_the_top_pages_of_the_insights_folder() -> None:
    renderer = PageRenderer(Project())
    made = [
        Page("insights/kpis.md", "", "KPIs"),
        Page("insights/teams/index.md", "", "Teams"),
        Page("insights/teams/web.md", "", "Web"),
        Page("insights/compare/journey.md", "", "Compare"),
        Page("journeys/x.md", "", "X"),
    ]
    assert [(p.uri, bool(help)) for p, help in overview_pages(renderer, made)] == [
        ("insights/kpis.md", True),
        ("insights/teams/index.md", True),
    ]
