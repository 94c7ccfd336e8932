"""Arrow routing and ``next`` links: the same levels as before, in better than quadratic time, and caps.

``reference_route`` is the former router (a scan over every arrow placed so
far for each arrow: quadratic), copied verbatim; the router in
:mod:`mkdocs_cjm.render.layout` must give every arrow the same ends and level
on random arrow sets, and the same SVG bytes for the example site's maps and
the benchmark's maps. Measured on 2 shared cores, load and render of one
journey (before: stopped after 150 s; issue 8 saw 108 s and 514 s):

- two steps linking each other 7,500 times each (15,000 links): 0.14 s now
  (two warnings, one arrow: a -> b is the following step);
- 300 steps each linking the 299 others: load 1.2 s now; 301 errors, so the
  journey is broken and not drawn (drawing its first 50 links a step anyway,
  15,000 arrows, takes 2.7 s); ``mkdocs build`` of either map: 2.9 s.

No test here is timed; the hostile maps only have to finish.
"""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

import pytest
from support.maps import EXAMPLE_MAPS, REPO, make_site, write

from mkdocs_cjm.check import run_check
from mkdocs_cjm.loader import MAX_ARROWS, MAX_NEXT, load_project
from mkdocs_cjm.model import Journey, NextLink, Stage, Step
from mkdocs_cjm.render import layout as L
from mkdocs_cjm.render.layout import CARD_W, PORT_GAP, SELF_LOOP_W, Arrow
from mkdocs_cjm.render.svg import render_diagram, render_svg
from mkdocs_cjm.site import Project, next_links, unusual_links


# -- the former router -------------------------------------------------------------
def reference_route(arrows: list[Arrow], xs: list[float], *, loops_above_all: bool = False) -> int:
    """The quadratic router this project used before issue 8, kept as the reference.

    Issue 16 changed one rule: a loop back runs above the forward arrows it spans,
    not above every forward arrow (``loops_above_all=True``: the rule before).

    Place arrow ends on their cards and stack arrows in levels.

    Ends on one card are spread along its top so that arrows leaving or
    reaching the card do not cross next to it: ends whose other card lies to
    the left sit on the left, nearest first; ends going right sit on the
    right, farthest first; a self-loop sits in the middle. Forward branches
    and self-loops take the lowest levels (shortest first, so they nest);
    loops back to an earlier step run above all of them. Two arrows share a
    level only when neither their spans nor their labels overlap, and an
    arrow's leg never runs through another arrow's label where a higher
    level avoids it. Returns the number of levels used.
    """
    if not arrows:
        return 0
    ends: dict[int, list[tuple[tuple, int, int]]] = {}
    for n, arrow in enumerate(arrows):
        cx_s = xs[arrow.source] + CARD_W / 2
        cx_t = xs[arrow.target] + CARD_W / 2
        if arrow.source == arrow.target:
            ends.setdefault(arrow.source, []).append(((1, 0.0, 0, n), n, 2))
            ends.setdefault(arrow.source, []).append(((1, 0.0, 1, n), n, 1))
            continue
        for step, other, role in ((arrow.source, cx_t, 1), (arrow.target, cx_s, 2)):
            here = xs[step] + CARD_W / 2
            group = 0 if other < here else 2
            ends.setdefault(step, []).append(((group, -other, role, n), n, role))
    for step, found in ends.items():
        found.sort()
        gaps = [0.0]
        for k in range(1, len(found)):
            same_loop = found[k][1] == found[k - 1][1] and arrows[found[k][1]].source == arrows[found[k][1]].target
            gaps.append(SELF_LOOP_W if same_loop else PORT_GAP)
        total = sum(gaps)
        room = CARD_W - 40
        scale = min(1.0, room / total) if total else 1.0
        x = xs[step] + CARD_W / 2 - total * scale / 2
        for gap, (_, n, role) in zip(gaps, found):
            x += gap * scale
            if role == 1:
                arrows[n].x1 = x
            else:
                arrows[n].x2 = x

    by_level: dict[int, list[tuple[float, float]]] = {}
    placed: list[tuple[int, float, float, float, float]] = []  # level, label lo/hi, legs

    def spans(arrow: Arrow) -> tuple[float, float, float, float]:
        lo, hi = min(arrow.x1, arrow.x2), max(arrow.x1, arrow.x2)
        label_lo = label_hi = (arrow.x1 + arrow.x2) / 2
        if arrow.label_w:
            label_lo -= arrow.label_w / 2 + 6
            label_hi += arrow.label_w / 2 + 6
            lo, hi = min(lo, label_lo), max(hi, label_hi)
        return lo - 6, hi + 6, label_lo, label_hi

    def free(level: int, lo: float, hi: float) -> bool:
        return all(hi <= a or lo >= b for a, b in by_level.get(level, ()))

    def place(group: list[Arrow], floors: dict[int, int]) -> int:
        top = 0
        for arrow in sorted(group, key=lambda a: (abs(a.x2 - a.x1), a.source, a.target)):
            lo, hi, label_lo, label_hi = spans(arrow)
            lower = floors.get(id(arrow), 0)
            upper = 1 << 30
            for p_level, p_label_lo, p_label_hi, p_x1, p_x2 in placed:
                # A higher arrow's leg must not run through this arrow's label ...
                if arrow.label_w and (label_lo - 3 <= p_x1 <= label_hi + 3 or label_lo - 3 <= p_x2 <= label_hi + 3):
                    lower = max(lower, p_level)
                # ... nor this arrow's legs through a lower arrow's label (where avoidable).
                if p_label_hi > p_label_lo and any(p_label_lo - 3 <= x <= p_label_hi + 3 for x in (arrow.x1, arrow.x2)):
                    upper = min(upper, p_level - 1)
            level = lower
            while level <= upper and not free(level, lo, hi):
                level += 1
            if level > upper:
                level = lower
                while not free(level, lo, hi):
                    level += 1
            by_level.setdefault(level, []).append((lo, hi))
            placed.append((level, label_lo, label_hi, arrow.x1, arrow.x2))
            arrow.level = level
            top = max(top, level + 1)
        return top

    forward = [a for a in arrows if not a.loop or a.source == a.target]
    loops = [a for a in arrows if a.loop and a.source != a.target]
    used = place(forward, {})
    floors = {}
    for arrow in loops:
        lo, hi, _, _ = spans(arrow)
        under = [level for level, taken in by_level.items() if any(not (hi <= a or lo >= b) for a, b in taken)]
        floors[id(arrow)] = used if loops_above_all else max(under, default=-1) + 1
    return max(used, place(loops, floors))


# -- same levels as the former router ---------------------------------------------------
def _random_case(rng: random.Random) -> tuple[list[Arrow], list[float]]:
    """Arrows between random steps: forward, back, self-loops, repeats, with and without labels."""
    dense = rng.random() < 0.3  # few steps, many arrows: heavy overlap, port squeezing
    if dense:
        sizes = [rng.randint(1, 2) for _ in range(rng.randint(1, 2))]
    else:
        sizes = [rng.randint(0, 5) for _ in range(rng.randint(1, 5))]
    xs = L.columns(sizes).xs or L.columns([1]).xs
    arrows = []
    for _ in range(rng.randint(0, 120 if dense else 40)):
        source, target = rng.randrange(len(xs)), rng.randrange(len(xs))
        label_w = rng.choice([0.0, 0.0, round(rng.uniform(20, 220), 3), 48.0, 188.0, 234.0])
        arrows.append(Arrow(source, target, "x" if label_w else "", label_w=label_w, loop=target <= source))
    return arrows, xs


def _routed(route, arrows: list[Arrow], xs: list[float]) -> tuple[int, list[tuple[float, float, int]]]:
    copies = [dataclasses.replace(arrow) for arrow in arrows]
    used = route(copies, xs)
    return used, [(arrow.x1, arrow.x2, arrow.level) for arrow in copies]


def test_router_gives_the_levels_of_the_former_router_on_random_arrows() -> None:
    rng = random.Random(8)
    raised = 0  # arrows lifted above the lowest level: the cases must exercise stacking
    for case in range(400):
        arrows, xs = _random_case(rng)
        expected = _routed(reference_route, arrows, xs)
        assert _routed(L.route_arrows, arrows, xs) == expected, f"case {case}"
        raised += sum(1 for _, _, level in expected[1] if level > 1)
    assert raised > 1000


def test_loops_back_run_above_the_arrows_they_span_only() -> None:
    """Issue 16: a loop back no longer runs above every forward arrow, so the band above
    the cards is lower where the arrows stacked in one place and looped back in another."""
    xs = L.columns([3, 3]).xs
    stacked = [Arrow(3, 5, "x", label_w=60.0), Arrow(3, 4, "x", label_w=60.0), Arrow(4, 5, "y", label_w=60.0)]
    loop = Arrow(1, 0, "back", label_w=60.0, loop=True)
    used, routed = _routed(L.route_arrows, [*stacked, loop], xs)
    assert [level for _, _, level in routed] == [1, 0, 0, 0]
    assert used == 2
    assert reference_route([dataclasses.replace(a) for a in [*stacked, loop]], xs, loops_above_all=True) == 3
    # over the forward arrows it spans, a loop still runs above them
    over = Arrow(5, 3, "over", label_w=60.0, loop=True)
    assert _routed(L.route_arrows, [*stacked, over], xs)[1][-1][2] == 2


def test_the_band_is_never_taller_than_with_loops_above_all() -> None:
    rng = random.Random(16)
    lower = 0
    for case in range(400):
        arrows, xs = _random_case(rng)
        now = L.route_arrows([dataclasses.replace(a) for a in arrows], xs)
        before = reference_route([dataclasses.replace(a) for a in arrows], xs, loops_above_all=True)
        assert now <= before, f"case {case}"
        lower += now < before
    assert lower > 10, lower  # the cases exercise what the loops' own band saves


def test_spans_that_only_touch_share_a_level() -> None:
    # Self-loops on neighbouring cards (one column pitch apart) with labels 24 px narrower than the pitch:
    # spans of label / 2 + 12 px each side meet at one point.
    xs = L.columns([3]).xs
    touching = xs[1] - xs[0] - 24
    arrows = [Arrow(n, n, "x", label_w=touching, loop=True) for n in range(3)]
    assert _routed(L.route_arrows, arrows, xs) == _routed(reference_route, arrows, xs)
    assert [level for _, _, level in _routed(L.route_arrows, arrows, xs)[1]] == [0, 0, 0]
    arrows[1].label_w = touching + 0.5  # now they overlap
    assert [level for _, _, level in _routed(L.route_arrows, arrows, xs)[1]] == [0, 1, 0]


def _journeys_svg(maps: Path) -> list[str]:
    project = load_project(maps)
    out = []
    for journey_id in sorted(project.journeys):
        journey = project.journeys[journey_id]
        assert not journey.is_broken, journey.problems
        out.append(render_diagram(project, journey))
        out.append(render_svg(project, journey, standalone=True))
    return out


@pytest.mark.parametrize("maps", ["example", "benchmark"])
def test_maps_render_byte_identical_with_the_former_router(maps: str, tmp_path: Path, monkeypatch) -> None:
    if maps == "example":
        folder = EXAMPLE_MAPS
    else:
        monkeypatch.syspath_prepend(str(REPO / "benchmarks"))
        from generate import generate

        folder = generate(tmp_path / "maps", 6)
    now = _journeys_svg(folder)
    assert sum(svg.count('data-link="') for svg in now) >= 6  # the maps do have branches and loops
    monkeypatch.setattr(L, "route_arrows", reference_route)
    assert _journeys_svg(folder) == now


# -- repeated next targets -----------------------------------------------------------
REPEATS = """\
title: Repeats
stages:
  - name: One
    steps:
      - id: a
        touchpoint: A
        next:
          - {to: c, label: "Yes"}
          - b
          - {to: c, label: "No"}
          - c
          - {to: c, label: "Yes"}
      - id: b
        touchpoint: B
        next: [c, c]
      - id: c
        touchpoint: C
"""


def _load(tmp_path: Path, text: str) -> tuple[Project, Journey]:
    write(tmp_path / "maps" / "brand.yml", "name: Acme\n")
    write(tmp_path / "maps" / "j.yml", text)
    project = load_project(tmp_path / "maps")
    return project, project.journeys["j"]


def test_a_repeated_target_is_one_link_and_a_warning_with_its_position(tmp_path: Path) -> None:
    project, journey = _load(tmp_path, REPEATS)
    a, b, _ = journey.steps
    assert a.next == [NextLink("c", "Yes"), NextLink("b")]
    assert b.next == [NextLink("c")]
    assert not journey.is_broken
    found = [(p.severity, p.line, p.column, p.path, p.code) for p in journey.problems]
    assert found == [
        ("warning", 10, 13, "stages[0].steps[0].next[2]", "duplicate-next"),
        ("warning", 15, 19, "stages[0].steps[1].next[1]", "duplicate-next"),
    ]
    first, second = journey.problems
    assert first.message == (
        "step 'c' is listed 4 times in 'next'; only the first link is used (label 'Yes'); not shown: 'No'"
    )
    assert second.message == "step 'c' is listed twice in 'next'; only the first link is used"
    # One arrow per pair of steps; b -> c is the following step, drawn as no arrow at all.
    svg = render_svg(project, journey)
    assert svg.count('data-link="') == 2
    assert 'data-from="a" data-to="c"' in svg and 'data-from="b"' not in svg


def test_links_built_in_code_are_deduplicated_too() -> None:
    a = Step("a", "A", next=[NextLink("b", "one"), NextLink("b", "two"), NextLink("a"), NextLink("a")])
    b = Step("b", "B", next=[NextLink("a"), NextLink("a")])
    journey = Journey("j", "J", stages=[Stage("s", "S", steps=[a, b])])
    assert next_links(journey, a) == [NextLink("b", "one"), NextLink("a")]
    assert [(step.id, link) for step, link in unusual_links(journey)] == [
        ("a", NextLink("b", "one")),
        ("a", NextLink("a")),
        ("b", NextLink("a")),
    ]


# -- caps --------------------------------------------------------------------------------
def _all_to_all(steps: int, links: int) -> str:
    """``steps`` steps, each leading to the ``links`` steps after it (wrapping round)."""
    lines = ["title: Hostile", "stages:", "  - name: All", "    steps:"]
    for i in range(steps):
        targets = ", ".join(f"s{(i + k) % steps}" for k in range(1, links + 1))
        lines += [f"      - id: s{i}", f"        touchpoint: Step {i}", f"        next: [{targets}]"]
    return "\n".join(lines) + "\n"


def test_more_than_max_next_targets_is_an_error_at_the_key(tmp_path: Path) -> None:
    _, journey = _load(tmp_path, _all_to_all(MAX_NEXT + 2, MAX_NEXT + 1))
    assert journey.is_broken
    errors = [p for p in journey.errors if "different steps" in p.message]
    assert len(errors) == MAX_NEXT + 2  # every step; 52 x 50 kept links also go past MAX_ARROWS (tested below)
    first = errors[0]
    assert (first.file, first.line, first.column, first.path, first.code) == (
        "maps/j.yml",
        7,
        15,
        "stages[0].steps[0].next",
        "too-many-links",
    )
    assert first.message == f"found {MAX_NEXT + 1} different steps in 'next', expected at most {MAX_NEXT}"
    assert all(len(step.next) == MAX_NEXT for step in journey.steps)


def test_max_arrows_is_drawn_and_one_more_is_an_error_at_the_step_past_it(tmp_path: Path) -> None:
    # 50 steps of 40 links: exactly MAX_ARROWS arrows, all routed and drawn.
    assert 50 * 40 == MAX_ARROWS
    project, journey = _load(tmp_path, _all_to_all(50, 40))
    assert not journey.problems
    svg = render_svg(project, journey)
    assert svg.count('data-link="') == MAX_ARROWS
    # 46 steps of 45 links: the 45th step (index 44) takes the count from 1,980 past 2,000.
    _, journey = _load(tmp_path, _all_to_all(46, 45))
    found = [(p.line, p.path, p.code) for p in journey.errors]
    assert found == [(4 + 3 * 44 + 3, "stages[0].steps[44].next", "too-many-links")]
    assert journey.errors[0].message == (
        f"found more than {MAX_ARROWS} arrows (branches and loops) in this journey, expected at most {MAX_ARROWS}; "
        "this step's 'next' goes past the limit"
    )


def test_two_steps_linking_each_other_15000_times_build(tmp_path: Path) -> None:
    steps = []
    for one, other in (("a", "b"), ("b", "a")):
        steps += [f"      - id: {one}", f"        touchpoint: {one}", f"        next: [{', '.join([other] * 7500)}]"]
    text = "\n".join(["title: Ping pong", "stages:", "  - name: S", "    steps:", *steps]) + "\n"
    project, journey = _load(tmp_path, text)
    assert [(p.severity, p.path) for p in journey.problems] == [
        ("warning", "stages[0].steps[0].next[1]"),
        ("warning", "stages[0].steps[1].next[1]"),
    ]
    assert "listed 7500 times" in journey.problems[0].message
    svg = render_svg(project, journey)  # a -> b is the following step: no arrow; b -> a loops back once
    assert svg.count('data-link="') == 1 and 'data-from="b" data-to="a"' in svg


def test_300_steps_linking_all_others_are_reported_by_check(tmp_path: Path) -> None:
    make_site(tmp_path)
    write(tmp_path / "maps" / "hostile.yml", _all_to_all(300, 299))
    problems = [p for p in run_check(tmp_path).problems if p.file == "maps/hostile.yml" and p.is_error]
    assert len(problems) == 301  # each step, and the journey's arrow count
    assert {p.code for p in problems} == {"too-many-links"}
    assert problems[0].path == "stages[0].steps[0].next" and problems[0].line == 7
    assert any(p.path == "stages[0].steps[40].next" and "more than 2000 arrows" in p.message for p in problems)
