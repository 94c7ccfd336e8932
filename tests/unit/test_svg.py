"""The swimlane SVG: structure, lanes, arrows, curves, escaping, exports."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

import pytest
from support.journeys import brand, busy_journey, project_for

from mkdocs_cjm.model import Brand, Journey, Metric, NextLink, PromiseRating, Stage, Step
from mkdocs_cjm.render import geometry as G
from mkdocs_cjm.render.markup import TYPE, icon_name, short_ref, symbol_name
from mkdocs_cjm.render.svg import render_diagram, render_svg

SVG = "{http://www.w3.org/2000/svg}"
#: The prefixes of the definition ids of the test journeys' drawings.
SMALL, M, BUSY = short_ref("cjm-small"), short_ref("cjm-m"), short_ref("cjm-busy")


def realistic_journey(n_stages: int = 8, per_stage: int = 6) -> Journey:
    """Every lane filled with typical (short) map text."""
    stages = []
    k = 0
    for s in range(n_stages):
        steps = []
        for _ in range(per_stage):
            steps.append(
                Step(
                    id=f"r{k}",
                    touchpoint=f"Product page {k} with size advice",
                    channel=["social", "web", "app", "email", "store", "phone"][k % 6],
                    actions=["Checks the size guide", "Reads reviews about fit"],
                    questions=["Will it fit like my last blazer?"],
                    motivations=["Needs an outfit by Monday"],
                    pain_points=["Size guide is a generic table", "Stock shown for online only"],
                    emotion=(k % 5) + 1,
                    quote="Didn't I just type that?",
                    opportunities=["Size advice from past orders"],
                    metrics=[
                        Metric("ctr", "Click-through rate", 1.8, 2.5, "%"),
                        Metric("wait", "Wait at desk", 14, 5, "min", better="lower"),
                    ],
                    promise={
                        "effortless": PromiseRating("effortless", "meets", "Two taps from ad to product page."),
                        "fits-first-time": PromiseRating("fits-first-time", "partial", "Generic size table."),
                        "make-it-right": PromiseRating("make-it-right", "misses"),
                    },
                    lanes={"backstage": ["Stock feed refreshed hourly"]},
                    next=[NextLink(f"r{k + 1}", "in stock"), NextLink(f"r{max(k - 3, 0)}", "back")]
                    if k % 9 == 4
                    else None,
                )
            )
            k += 1
        stages.append(Stage(id=f"st{s}", name=f"Stage {s + 1}", goal="Be sure it fits before paying", steps=steps))
    return Journey(id="realistic", title="Realistic", stages=stages)


def small_journey() -> Journey:
    return Journey(
        id="small",
        title="Small journey",
        stages=[
            Stage(
                id="aware",
                name="Awareness",
                goal="Find an outfit",
                steps=[
                    Step(id="ad", touchpoint="Instagram ad", channel="social", emotion=4, actions=["Sees the ad"]),
                    Step(id="land", touchpoint="Landing page", channel="web", emotion=2),
                ],
            ),
            Stage(
                id="buy",
                name="Purchase",
                steps=[Step(id="pay", touchpoint="Checkout", channel="web", emotion=5)],
            ),
        ],
    )


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def lanes_of(root: ET.Element) -> list[str]:
    return [g.get("data-lane") for g in root.iter(SVG + "g") if g.get("data-lane")]


def cells_lane(root, lane):
    return next(g for g in root.iter(SVG + "g") if g.get("data-lane") == lane)


def cells(root: ET.Element, lane: str) -> list[ET.Element]:
    for g in root.iter(SVG + "g"):
        if g.get("data-lane") == lane:
            return [c for c in g if c.get("data-step")]
    return []


# -- structure ---------------------------------------------------------------------
def test_stage_order_and_one_card_per_step():
    journey = busy_journey(3, 4)
    root = parse(render_svg(project_for(journey), journey))
    stages = [g.get("data-stage") for g in root.iter(SVG + "g") if g.get("data-stage")]
    assert stages == ["st0", "st1", "st2"]
    cards = cells(root, "touchpoint")
    assert [c.get("data-step") for c in cards] == [s.id for s in journey.steps]
    links = [a for a in root.iter(SVG + "a")]
    assert len(links) == len(journey.steps)
    assert links[0].get("href") == "#step-s0"


def test_step_href_callback_and_title_desc():
    journey = small_journey()
    svg = render_svg(project_for(journey), journey, step_href=lambda step: f"../x/#{step.anchor}?a=1&b=2")
    root = parse(svg)
    assert [a.get("href") for a in root.iter(SVG + "a")][0] == "../x/#step-ad?a=1&b=2"
    assert root.get("role") == "img"
    title_id = root.get("aria-labelledby")
    title = root.find(SVG + "title")
    assert title is not None and title.get("id") == title_id and title.text == "Small journey"
    desc = root.find(SVG + "desc")
    assert desc.text == "Swimlane diagram of 2 stages and 3 steps; the same content follows as text below the diagram."


def test_lanes_present_in_order_and_empty_ones_omitted():
    journey = busy_journey(2, 4)
    root = parse(render_svg(project_for(journey), journey))
    assert lanes_of(root) == [
        "touchpoint",
        "actions",
        "questions",
        "motivations",
        "pain_points",
        "emotion",
        "quote",
        "opportunities",
        "backstage",
        "metrics",
        "promise",
        "promise",
        "promise",
    ]
    journey = small_journey()
    root = parse(render_svg(project_for(journey), journey))
    assert lanes_of(root) == ["touchpoint", "actions", "emotion"]
    # Only the step with an action has a card in the actions lane: empty cells stay empty.
    assert [c.get("data-step") for c in cells(root, "actions")] == ["ad"]


def test_custom_lane_label_and_promise_rows():
    journey = busy_journey(2, 4)
    html = render_diagram(project_for(journey), journey)
    assert 'data-lane-label="backstage"' in html and "Behind the scenes" in html
    root = parse(render_svg(project_for(journey), journey))
    promise_rows = [g.get("data-promise") for g in root.iter(SVG + "g") if g.get("data-lane") == "promise"]
    assert promise_rows == ["effortless", "fits-first-time", "make-it-right"]
    # A journey benchmarking one promise draws one row.
    journey.promises = ["fits-first-time"]
    root = parse(render_svg(project_for(journey), journey))
    assert [g.get("data-promise") for g in root.iter(SVG + "g") if g.get("data-lane") == "promise"] == [
        "fits-first-time"
    ]


def test_touchpoint_card_shows_channel_icon_and_online_offline_tag():
    journey = small_journey()
    journey.stages[1].steps[0].channel = "store"
    svg = render_svg(project_for(journey), journey)
    root = parse(svg)
    texts = ["".join(t.itertext()) for t in root.iter(SVG + "text")]
    assert "Instagram and TikTok" in texts and "online" in texts and "offline" in texts
    assert (
        f'href="#{SMALL}{icon_name("instagram", "muted", 14)}"' in svg
        and f'href="#{SMALL}{icon_name("store", "muted", 14)}"' in svg
    )
    assert (
        f'<path id="{SMALL}{icon_name("store", "muted", 14)}" transform="scale(0.583)" '
        'style="fill:var(--cjm-muted)" data-icon="store" d="M' in svg
    )


def test_brand_channel_icon_field_wins():
    journey = small_journey()
    b = brand()
    b.channels[0].icon = "rocket-launch"
    svg = render_svg(project_for(journey, b), journey)
    assert f'href="#{SMALL}{icon_name("rocket-launch", "muted", 14)}"' in svg
    b.channels[0].icon = "../../../etc/passwd"
    svg = render_svg(project_for(journey, b), journey)
    assert "passwd" not in svg and f'href="#{SMALL}{icon_name("instagram", "muted", 14)}"' in svg


# -- arrows ------------------------------------------------------------------------
def test_branches_and_loops_are_drawn_as_labelled_arrows():
    journey = busy_journey(2, 4)
    root = parse(render_svg(project_for(journey), journey))
    links = [g for g in root.iter(SVG + "g") if g.get("data-link")]
    found = {(g.get("data-from"), g.get("data-to"), g.get("data-link")) for g in links}
    assert found == {
        ("s1", "s2", "branch"),
        ("s1", "s4", "branch"),
        ("s5", "s0", "loop"),
        ("s3", "s3", "loop"),
        ("s4", "s6", "branch"),  # skips s5: unusual even without a label
    }
    label_groups = [g for g in root.iter(SVG + "g") if g.get("data-link-label")]
    labels = {"".join(t.itertext()) for g in label_groups for t in g.iter(SVG + "text")}
    assert {"in stock", "starts over", "retries"} <= labels
    assert any(label.startswith("out of stock") for label in labels)
    for g in links:
        path = g.find(SVG + "path")
        assert path.get("marker-end", "").startswith(f"url(#{BUSY}a)")
    assert root.find(f".//{SVG}marker") is not None


def _arrow_geometry(root):
    out = {}
    rects = {}
    for g in root.iter(SVG + "g"):
        if g.get("data-link-label"):
            rects[(g.get("data-from"), g.get("data-to"))] = g.find(SVG + "rect")
    for g in root.iter(SVG + "g"):
        if g.get("data-link"):
            d = g.find(SVG + "path").get("d")
            nums = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", d)]
            key = (g.get("data-from"), g.get("data-to"))
            out[key] = (nums, rects.get(key))
    return out


def test_loops_run_above_branches_and_labels_do_not_overlap():
    journey = busy_journey(2, 4)
    root = parse(render_svg(project_for(journey), journey))
    geo = _arrow_geometry(root)
    # Control-point height: smaller y = higher.
    top = {k: min(v[0][1::2]) for k, v in geo.items()}
    assert top[("s5", "s0")] < top[("s1", "s2")]
    assert top[("s5", "s0")] < top[("s1", "s4")]
    boxes = []
    for _nums, rect in geo.values():
        if rect is not None:
            boxes.append(tuple(float(rect.get(a)) for a in ("x", "y", "width", "height")))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            overlap = a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]
            assert not overlap, (a, b)
    # Arrows stay above the first lane's cards.
    first_lane = next(g for g in root.iter(SVG + "g") if g.get("data-lane") == "touchpoint")
    card_top = min(_placed(first_lane, c)[1] for c in first_lane if c.get("transform"))
    for nums, _rect in geo.values():
        assert max(nums[1::2]) <= card_top


def test_plain_following_step_is_not_an_arrow():
    journey = small_journey()
    journey.stages[0].steps[0].next = [NextLink("land")]
    root = parse(render_svg(project_for(journey), journey))
    assert not [g for g in root.iter(SVG + "g") if g.get("data-link")]


# -- emotion -----------------------------------------------------------------------
def test_emotion_markers_and_gap():
    journey = Journey(
        id="feel",
        title="Feelings",
        stages=[
            Stage(
                id="a",
                name="A",
                steps=[Step(id=f"x{i}", touchpoint=f"T{i}", emotion=e) for i, e in enumerate([4, 2, None, 1, 5, 3])],
            )
        ],
    )
    root = parse(render_svg(project_for(journey), journey))
    markers = [g for g in root.iter(SVG + "g") if g.get("data-emotion")]
    assert [(g.get("data-step"), g.get("data-emotion")) for g in markers] == [
        ("x0", "4"),
        ("x1", "2"),
        ("x3", "1"),
        ("x4", "5"),
        ("x5", "3"),
    ]
    assert ["".join(g.find(SVG + "text").itertext()) for g in markers] == ["4", "2", "1", "5", "3"]
    lane = next(g for g in root.iter(SVG + "g") if g.get("data-lane") == "emotion")
    curves = [p for p in lane.iter(SVG + "path") if "cjm-emo-line" in (p.get("class") or "")]
    assert len(curves) == 2  # broken at x2
    ys = {g.get("data-emotion"): float(g.find(SVG + "circle").get("cy")) for g in markers}
    assert ys["5"] < ys["4"] < ys["3"] < ys["2"] < ys["1"]
    neutral = [line for line in lane.iter(SVG + "line") if "cjm-neutral" in (line.get("class") or "")]
    assert len(neutral) == 1 and neutral[0].get("stroke-dasharray") and float(neutral[0].get("y1")) == ys["3"]
    # Each curve passes through its markers' centres.
    first = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", curves[0].get("d"))]
    assert first[1] == ys["4"] and first[-1] == ys["2"]


def test_no_emotion_lane_without_scores():
    journey = small_journey()
    for step in journey.steps:
        step.emotion = None
    root = parse(render_svg(project_for(journey), journey))
    assert "emotion" not in lanes_of(root)


# -- metrics and promises ----------------------------------------------------------------
def _metric_journey(metrics):
    return Journey(
        id="m", title="M", stages=[Stage(id="a", name="A", steps=[Step(id="s", touchpoint="T", metrics=metrics)])]
    )


def test_metric_marks_honour_better():
    metrics = [
        Metric("ctr", "Click-through rate", actual=1.8, target=2.5, unit="%"),
        Metric("nps", "NPS", actual=42, target=30),
        Metric("wait", "Wait", actual=3, target=5, unit="min", better="lower"),
        Metric("abandon", "Abandonment", actual=61, target=40, unit="%", better="lower"),
        Metric("new", "Not measured yet", actual=None, target=10),
        Metric("free", "No target", actual=7),
    ]
    journey = _metric_journey(metrics)
    svg = render_svg(project_for(journey), journey)
    root = parse(svg)
    marks = [
        (g.get("data-on-target"), next((t.get("data-trend") for t in g.iter(SVG + "text")), None))
        for g in root.iter(SVG + "g")
        if g.get("data-on-target")
    ]
    assert marks == [("no", "down"), ("yes", "up"), ("yes", "down"), ("no", "up")]
    texts = ["".join(t.itertext()) for t in root.iter(SVG + "text")]
    assert "1.8%" in texts and "target 2.5%" in texts and "3\u00a0min" in texts and "\u2014" in texts and "7" in texts
    # Off target is a ring with a cross, on target a filled disc: shape, not only colour.
    on = next(g for g in root.iter(SVG + "g") if g.get("data-on-target") == "yes")
    off = next(g for g in root.iter(SVG + "g") if g.get("data-on-target") == "no")
    assert on.find(SVG + "use").get("href") == f"#{M}{symbol_name('meets')}"
    assert off.find(SVG + "use").get("href") == f"#{M}{symbol_name('misses')}"
    defs = {g.get("id"): g for g in root.iter(SVG + "g") if g.get("id")}
    meets, misses = (
        defs[f"{M}{symbol_name('meets')}"].find(SVG + "circle"),
        defs[f"{M}{symbol_name('misses')}"].find(SVG + "circle"),
    )
    assert meets.get("fill") is None and "fill:var(--cjm-ok)" in meets.get("style")  # filled disc with a tick
    assert misses.get("fill") == "none" and "stroke:var(--cjm-bad)" in misses.get("style")  # ring with a cross
    assert on.find(SVG + "title").text.startswith("on target")
    assert off.find(SVG + "title").text.startswith("off target")


def test_symbols_in_defs_are_coloured_without_class_selectors():
    # <use> instances live in a shadow tree that page CSS class selectors do not
    # reach: shapes inside <defs> carry their colour themselves.
    journey = small_journey()
    journey.steps[0].promise = {"effortless": PromiseRating("effortless", "meets")}
    journey.steps[1].promise = {"effortless": PromiseRating("effortless", "partial")}
    journey.steps[2].promise = {"effortless": PromiseRating("effortless", "misses")}
    journey.steps[0].next = [NextLink("pay", "skip")]
    for standalone in (False, True):
        root = parse(render_svg(project_for(journey), journey, standalone=standalone))
        defs = root.find(SVG + "defs")
        # Pages define each symbol once; exports draw it where it goes (cairosvg parses each <use> again).
        symbols = [g for g in (root.iter(SVG + "g") if standalone else defs) if g.get("data-symbol")]
        assert {g.get("data-symbol") for g in symbols} == {"meets", "partial", "misses"}
        shapes = [el for g in symbols for el in g.iter() if el.tag in (SVG + "circle", SVG + "path")]
        assert len(shapes) == 2 * len(symbols)
        assert (root.find(f".//{SVG}use") is None) == standalone
        for el in shapes:
            if standalone:
                assert "var(" not in (el.get("style") or "")
                assert el.get("fill", "none") != "none" or el.get("stroke")
            else:
                assert "var(--cjm-" in el.get("style", ""), ET.tostring(el)
        marker_path = defs.find(f"{SVG}marker/{SVG}path")
        assert ("var(--cjm-arrow)" in marker_path.get("style", "")) != standalone


def test_promise_symbols_and_notes():
    journey = small_journey()
    steps = journey.steps
    steps[0].promise = {"effortless": PromiseRating("effortless", "meets", "Two taps <b>only</b>")}
    steps[1].promise = {"effortless": PromiseRating("effortless", "partial", "")}
    steps[2].promise = {"effortless": PromiseRating("effortless", "misses", "Form asks twice")}
    root = parse(render_svg(project_for(journey), journey))
    row = next(g for g in root.iter(SVG + "g") if g.get("data-promise") == "effortless")
    ratings = [(c.get("data-step"), c.get("data-rating")) for c in row if c.get("data-step")]
    assert ratings == [("ad", "meets"), ("land", "partial"), ("pay", "misses")]
    titles = [c.find(SVG + "title").text for c in row if c.get("data-step")]
    assert titles[0] == "Effortless: meets \u2014 Two taps <b>only</b>"
    words = ["".join(t.itertext()) for t in row.iter(SVG + "text")]
    assert words == ["meets", "partial", "misses"]
    symbols = [u.get("href") for u in row.iter(SVG + "use") if u.get("href")[6:7] == "s"]
    assert symbols == [
        f"#{SMALL}{symbol_name('meets')}",
        f"#{SMALL}{symbol_name('partial')}",
        f"#{SMALL}{symbol_name('misses')}",
    ]
    # Promises nobody rated get no row.
    assert [g.get("data-promise") for g in root.iter(SVG + "g") if g.get("data-lane") == "promise"] == ["effortless"]


# -- hostile input -----------------------------------------------------------------
HOSTILE = [
    "<script>alert(1)</script>",
    "</svg><img src=x onerror=alert(1)>",
    "{{ x }} {% if %} ${x}",
    "&amp; &lt; & < > \" ' `code`",
    "control\x0b\x0c\x00\x01\x1f\x7f\x85 chars \ud800 \ufffe",
    "]]> <![CDATA[ x ]]> <!-- c -->",
    "\u202eRTL override\u202c and \u200f marks",
]


def test_hostile_text_is_escaped_and_well_formed():
    stages = []
    for n, text in enumerate(HOSTILE):
        step = Step(
            id=f"h{n}",
            touchpoint=text,
            channel=text,
            actions=[text],
            questions=[text],
            motivations=[text],
            pain_points=[text],
            emotion=3,
            quote=text,
            opportunities=[text],
            metrics=[Metric(f"m{n}", text, actual=1, target=2, unit=text)],
            promise={"effortless": PromiseRating("effortless", "misses", text)},
            next=[NextLink(f"h{(n + 2) % len(HOSTILE)}", text)],
            lanes={"backstage": [text]},
        )
        stages.append(Stage(id=f"st{n}", name=text, goal=text, steps=[step]))
    journey = Journey(id="hostile", title=HOSTILE[1], stages=stages)
    b = brand()
    b.promises[0].name = HOSTILE[0]
    b.lanes[0].name = HOSTILE[1]
    project = project_for(journey, b)
    for svg in (render_svg(project, journey), render_svg(project, journey, standalone=True)):
        root = parse(svg)
        assert root.tag == SVG + "svg"
        assert (
            not list(root.iter("script")) and not list(root.iter(SVG + "script")) and not list(root.iter(SVG + "img"))
        )
        assert "<script" not in svg and "<img" not in svg
        assert "\x0b" not in svg and "\x00" not in svg and "\ud800" not in svg
        svg.encode("utf-8")
    html = render_diagram(project, journey)
    ET.fromstring(html)
    assert "\n\n" not in html and "<script" not in html
    # The text is shown, escaped, not dropped.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_page_links_live_beside_the_image():
    """On a page the drawing is one image (role=img) that may not hold focusable
    content: the step links are a transparent SVG laid over it."""
    journey = busy_journey(2, 3)
    html = render_diagram(project_for(journey), journey, step_href=lambda step: "#" + step.anchor)
    root = ET.fromstring(html)
    scroller = root.find("div[@class='cjm-diagram__scroll']")
    drawing, overlay = list(scroller)
    assert drawing.get("role") == "img" and drawing.get("class") == "cjm-svg"
    assert not list(drawing.iter(SVG + "a"))
    assert overlay.get("class") == "cjm-svg-links"
    assert (overlay.get("width"), overlay.get("height")) == (drawing.get("width"), drawing.get("height"))
    links = list(overlay.iter(SVG + "a"))
    assert [a.get("href") for a in links] == ["#" + s.anchor for s in journey.steps]
    assert all(a.get("aria-label") for a in links)
    cards = cells(drawing, "touchpoint")
    for link, card in zip(links, cards):
        rect = link.find(SVG + "rect")
        assert (float(rect.get("x")), float(rect.get("y"))) == _placed(cells_lane(drawing, "touchpoint"), card)
        assert rect.get("height") == card.find(SVG + "rect").get("height")


def test_odd_ids_and_hrefs_never_make_blank_lines():
    journey = small_journey()
    journey.id = "odd\n\nid"
    journey.stages[0].id = "a\n\n<b>"
    journey.steps[0].id = "s\r\n\r\n1"
    html = render_diagram(project_for(journey), journey, step_href=lambda step: "#x\n\n" + step.id)
    assert "\n" not in html and "\r" not in html
    ET.fromstring(html)


def test_diagram_fragment_shape():
    journey = busy_journey(2, 3)
    html = render_diagram(project_for(journey), journey)
    assert html.startswith('<div class="cjm-diagram" data-search-exclude')
    assert not re.search(r"\n\s*\n", html)
    root = ET.fromstring(html)
    scroller = root.find("div[@class='cjm-diagram__scroll']")
    assert scroller is not None and scroller.find(SVG + "svg") is not None
    labels = root.find("div[@class='cjm-diagram__labels']")
    names = [d.get("data-lane-label") for d in labels]
    assert names[:3] == ["touchpoint", "actions", "questions"]


# -- odd but valid data, scale, determinism -----------------------------------------
def test_odd_but_valid_data_does_not_crash():
    odd = [
        Journey(id="empty", title="", stages=[]),
        Journey(id="nosteps", title="x", stages=[Stage(id="a", name="A", steps=[])]),
        Journey(id="one", title="x", stages=[Stage(id="a", name="", steps=[Step(id="s", touchpoint="")])]),
        Journey(
            id="bare",
            title="x",
            stages=[Stage(id="a", name="A", steps=[Step(id="s", touchpoint="T", channel="carrier pigeon")])],
        ),
        Journey(
            id="weird",
            title="x",
            stages=[
                Stage(
                    id="a",
                    name="A" * 500,
                    goal="ü" * 500,
                    steps=[
                        Step(
                            id="s",
                            touchpoint="W" * 500,
                            actions=["", " "],
                            metrics=[Metric("m", "", actual=float("nan"), target=1e20)],
                            emotion=9,
                            promise={"nope": PromiseRating("nope", "meets")},
                        )
                    ],
                )
            ],
        ),
    ]
    for journey in odd:
        project = project_for(journey, Brand())
        for standalone in (False, True):
            ET.fromstring(render_svg(project, journey, standalone=standalone))
        ET.fromstring(render_diagram(project, journey))


def test_determinism():
    a = busy_journey(3, 4)
    b = busy_journey(3, 4)
    assert render_diagram(project_for(a), a) == render_diagram(project_for(b), b)
    assert render_svg(project_for(a), a, standalone=True) == render_svg(project_for(b), b, standalone=True)


def test_long_journey_grows_wide_not_squeezed():
    small = busy_journey(2, 3, long=False)
    big = busy_journey(12, 40, long=False, jid="big")
    svg_small = render_svg(project_for(small), small)
    svg_big = render_svg(project_for(big), big)
    root = parse(svg_big)
    width = float(root.get("width"))
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    assert width > 480 * G.CARD_W  # 480 cards at full width, never squeezed
    assert width > float(parse(svg_small).get("width")) * 50
    assert "max-width:none" in root.get("style")
    cards = cells(root, "touchpoint")
    assert len(cards) == 480
    xs = [_translation(c)[0] for c in cards]
    assert all(b - a >= G.CARD_W + G.GUTTER for a, b in zip(xs, xs[1:]))


def _styled(node, name):
    """An attribute of a node, or what its text-style class gives it (pages: cjm-diagram.css, checked against TYPE)."""
    if node.get(name) is not None:
        return node.get(name)
    for cls in (node.get("class") or "").split():
        found = re.search(rf'\b{name}="([^"]*)"', TYPE.get(cls, ""))
        if found:
            return found.group(1)
    return None


def _translation(node) -> tuple[float, float]:
    """The ``translate(x [y])`` of a node's transform (0, 0 without one)."""
    found = re.fullmatch(r"translate\(([-\d.]+)(?: ([-\d.]+))?\)", node.get("transform") or "translate(0)")
    return float(found.group(1)), float(found.group(2) or 0)


def _placed(lane, cell) -> tuple[float, float]:
    """Where a cell's group sits in the drawing: its lane's translation (the lane's top) and its own."""
    (lx, ly), (cx, cy) = _translation(lane), _translation(cell)
    return lx + cx, ly + cy


def _inherited(parents, node, name, default):
    while node is not None:
        if _styled(node, name) is not None:
            return _styled(node, name)
        node = parents.get(node)
    return default


def _card(root, cell) -> tuple[float, float, float]:
    """The left, top and height of a cell's card in the cell's coordinates: its first rect, or the definition its
    first <use> copies (a list's card lies left of the cell's origin, where the items' text starts)."""
    card = next(el for el in cell.iter() if el.tag in (SVG + "rect", SVG + "use"))
    if card.tag == SVG + "use":
        shape = next(el for el in root.find(SVG + "defs") if el.get("id") == card.get("href")[1:])
        return float(shape.get("x", 0)) + float(card.get("x", 0)), float(card.get("y", 0)), float(shape.get("height"))
    return float(card.get("x", 0)), float(card.get("y", 0)), float(card.get("height"))


def _texts_inside_cards(svg: str) -> int:
    """Asserts that every text of every card lies within the card; returns how many were checked."""
    from mkdocs_cjm.render.textmetrics import text_width

    root = parse(svg)
    parents = {child: parent for parent in root.iter() for child in parent}
    checked = 0
    for lane in root.iter(SVG + "g"):
        if not lane.get("data-lane") or lane.get("data-lane") == "emotion":
            continue
        for cell in lane:
            if not cell.get("data-step"):
                continue
            left_side, top, height = _card(root, cell)
            for text in cell.iter(SVG + "text"):
                x, y = float(text.get("x", 0)) - left_side, float(text.get("y"))
                size = float(_inherited(parents, text, "font-size", 12))
                bold = _inherited(parents, text, "font-weight", "400") == "700"
                content = "".join(text.itertext())
                w = text_width(content, size, bold=bold)
                if _styled(text, "text-anchor") == "middle":
                    left, right = x - w / 2, x + w / 2
                elif _styled(text, "text-anchor") == "end" or text.get("direction") == "rtl":
                    left, right = x - w, x
                else:
                    left, right = x, x + w
                assert G.PAD_X / 2 <= left and right <= G.CARD_W - G.PAD_X / 2, (content, left, right)
                assert top + size <= y <= top + height - 2, (content, y, top, height)
                checked += 1
    return checked


def test_wrapped_text_stays_inside_cards():
    journey = busy_journey(2, 5)
    assert _texts_inside_cards(render_svg(project_for(journey), journey)) > 100


def test_the_example_maps_text_stays_inside_cards():
    """The example's maps have what a synthetic journey lacks: opportunity priorities, long channel names."""
    from support.maps import EXAMPLE_MAPS

    from mkdocs_cjm.loader import load_project

    project = load_project(EXAMPLE_MAPS)
    checked = sum(_texts_inside_cards(render_svg(project, j)) for j in project.journeys.values())
    assert checked > 500


def test_a_priority_marker_breaks_between_its_parts():
    from mkdocs_cjm.render.cells import _marker_lines
    from mkdocs_cjm.render.textmetrics import text_width

    marker = "impact 4 \u00b7 effort 2 \u00b7 in-progress"
    lines = _marker_lines(marker, text_width("impact 4 \u00b7 effort 2", G.SMALL[0]) + 1, G.SMALL[0])
    assert lines == ["impact 4 \u00b7 effort 2", "in-progress"]
    assert _marker_lines(marker, 1000, G.SMALL[0]) == [marker]


# -- standalone export -------------------------------------------------------------
def test_standalone_svg_is_self_contained_and_renders_with_cairosvg():
    cairosvg = pytest.importorskip("cairosvg")
    from PIL import Image

    journey = busy_journey(2, 3)
    svg = render_svg(project_for(journey), journey, standalone=True)
    root = parse(svg)
    assert root.get("xmlns") is None  # ElementTree folds it into the tag
    assert root.tag == SVG + "svg" and svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert "var(" not in svg and "DejaVu Sans, Liberation Sans, Arial, sans-serif" in svg
    assert 'data-label="touchpoint"' in svg  # labels drawn inside
    width, height = float(root.get("width")), float(root.get("height"))
    png = cairosvg.svg2png(bytestring=svg.encode("utf-8"))
    image = Image.open(io.BytesIO(png))
    assert image.size == (round(width), round(height))
    # Not blank: the light palette was applied (band tint, dark text).
    colours = image.convert("RGB").getcolors(maxcolors=1 << 20)
    assert len(colours) > 20
    pixel = image.convert("RGB").getpixel((2, 2))
    assert pixel == (255, 255, 255)


def test_icons_fall_back_to_drawn_shapes_without_material(monkeypatch):
    from mkdocs_cjm.render import icons

    icons.icon_path.cache_clear()
    icons.channel_icon.cache_clear()
    monkeypatch.setattr(icons, "_icon_dir", lambda: None)
    try:
        journey = small_journey()
        journey.steps[0].pain_points = ["Slow"]
        journey.steps[0].opportunities = ["Faster"]
        fallbacks = {name: icons.FALLBACKS[name] for name in ("alert", "lightbulb-outline", "circle")}
        root = parse(render_svg(project_for(journey), journey))
        paths = {p.get("id"): p.get("d") for p in root.find(SVG + "defs") if p.tag == SVG + "path"}
        assert paths[f"{SMALL}{icon_name('alert', 'pain', 12)}"] == fallbacks["alert"]
        assert paths[f"{SMALL}{icon_name('lightbulb-outline', 'opportunity', 13)}"] == fallbacks["lightbulb-outline"]
        assert paths[f"{SMALL}{icon_name('circle', 'muted', 14)}"] == fallbacks["circle"]
        for use in root.iter(SVG + "use"):
            assert use.get("href")[1:] in {el.get("id") for el in root.find(SVG + "defs")}
        # An export draws each icon where it goes (no <use>: cairosvg parses each one again).
        export = parse(render_svg(project_for(journey), journey, standalone=True))
        drawn = {p.get("d") for p in export.iter(SVG + "path") if "scale(" in p.get("transform", "")}
        assert set(fallbacks.values()) <= drawn
    finally:
        icons.icon_path.cache_clear()
        icons.channel_icon.cache_clear()


def test_channel_icons_are_guessed_from_id_and_name():
    from mkdocs_cjm.render.icons import channel_icon

    assert channel_icon("social", "Instagram and TikTok") == "instagram"
    assert channel_icon("web", "Website") == "web"
    assert channel_icon("app", "Mobile app") == "cellphone"
    assert channel_icon("email", "Email") == "email"
    assert channel_icon("store", "Store") == "store"
    assert channel_icon("phone", "Customer care line") == "phone"
    assert channel_icon("chat", "Live chat") == "chat"
    assert channel_icon("courier", "Post and courier") == "truck-delivery"
    assert channel_icon("search", "Search") == "magnify"
    assert channel_icon("ads", "Display ads") == "bullhorn"
    assert channel_icon("carrier-pigeon", "Carrier pigeon") == "map-marker"
    assert channel_icon("store", "Store", "rocket-launch") == "rocket-launch"
    assert channel_icon("store", "Store", "no-such-icon-anywhere") == "store"


def test_right_to_left_text_keeps_its_direction():
    journey = small_journey()
    journey.steps[0].actions = ["בודקת החזרה בחנות", "يتحقق من المقاس"]
    page = parse(render_svg(project_for(journey), journey))
    rtl = [t for t in page.iter(SVG + "text") if t.get("direction") == "rtl"]
    assert {"".join(t.itertext()) for t in rtl} == {"בודקת החזרה בחנות", "يتحقق من المقاس"}
    assert all(t.get("unicode-bidi") == "embed" for t in rtl)
    export = parse(render_svg(project_for(journey), journey, standalone=True))
    texts = {"".join(t.itertext()): t for t in export.iter(SVG + "text")}
    # cairosvg has no bidi: Hebrew is stored in visual order under an override,
    # Arabic (which must be shaped) in logical order; both centred on their measured width.
    hebrew = texts["תונחב הרזחה תקדוב"]
    assert hebrew.get("style") == "direction:ltr;unicode-bidi:bidi-override" and hebrew.get("text-anchor") == "middle"
    arabic = texts["يتحقق من المقاس"]
    assert arabic.get("direction") == "rtl" and arabic.get("text-anchor") == "middle"
