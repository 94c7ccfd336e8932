"""The diagram in a real browser: no text overlaps, nothing spills out of its card.

Loads render_diagram() output into a page styled like Material (light and
slate), measures every <text> with getBoundingClientRect and checks the
layout the renderer computed by glyph widths. Screenshots go to
/tmp/cjm-shots/ for a human to look at.
"""

from __future__ import annotations

import pytest
from support.browser import SHOTS
from support.journeys import busy_journey, project_for
from support.maps import REPO

from mkdocs_cjm.model import Journey, Metric, NextLink, PromiseRating, Stage, Step
from mkdocs_cjm.render.svg import render_diagram, render_svg

CSS = (REPO / "mkdocs_cjm" / "assets" / "cjm-diagram.css").read_text(encoding="utf-8")

# The parts of Material's palette and typography the diagram relies on.
MATERIAL_CSS = """
:root,[data-md-color-scheme=default]{--md-hue:225deg;--md-default-fg-color:#000000de;
--md-default-fg-color--light:#0000008a;--md-default-fg-color--lighter:#00000052;
--md-default-fg-color--lightest:#00000012;--md-default-bg-color:#fff;--md-code-bg-color:#f5f5f5;
--md-primary-fg-color:#4051b5;--md-accent-fg-color:#526cfe;
--md-text-font-family:"Roboto",-apple-system,BlinkMacSystemFont,Helvetica,Arial,sans-serif}
[data-md-color-scheme=slate]{--md-hue:232deg;color-scheme:dark;
--md-default-fg-color:hsla(var(--md-hue),15%,90%,0.82);--md-default-fg-color--light:hsla(var(--md-hue),15%,90%,0.56);
--md-default-fg-color--lighter:hsla(var(--md-hue),15%,90%,0.32);--md-default-fg-color--lightest:hsla(var(--md-hue),15%,90%,0.12);
--md-default-bg-color:hsla(var(--md-hue),15%,14%,1);--md-code-bg-color:hsla(var(--md-hue),15%,18%,1)}
html{font-size:125%}
body{margin:0;background:var(--md-default-bg-color);color:var(--md-default-fg-color);font-family:var(--md-text-font-family)}
.md-typeset{font-size:.8rem;line-height:1.6;padding:0 24px 24px}
.md-typeset h1{font-weight:300;font-size:1.6rem;margin:.6em 0}
.md-typeset img,.md-typeset svg,.md-typeset video{max-width:100%;height:auto}
"""

MEASURE_JS = """
() => {
  const out = {texts: [], problems: []};
  const boxes = [];
  // the drawing's text, not the stage strip's copy of the stage names (cjm-wall.js, on site pages)
  for (const t of document.querySelectorAll('.cjm-diagram svg text:not(.cjm-stage-strip text)')) {
    const r = t.getBoundingClientRect();
    if (!t.textContent.trim()) continue;
    const owner = t.closest('[data-step],[data-stage],[data-link-label],[data-label]');
    const shape = owner && owner.querySelector('rect, circle, use');  // the card (a <use> of a lane's card)
    const c = shape ? shape.getBoundingClientRect() : null;
    boxes.push({text: t.textContent, x: r.left, y: r.top, r: r.right, b: r.bottom,
                owner: owner ? (owner.getAttribute('data-step') || owner.getAttribute('data-stage') || 'link') : null,
                lane: t.closest('[data-lane]') ? t.closest('[data-lane]').getAttribute('data-lane') : null,
                card: c ? [c.left, c.top, c.right, c.bottom] : null});
  }
  out.texts = boxes;
  const tol = 0.5;
  for (const b of boxes) {
    if (!b.card) { out.problems.push(['no card', b.text]); continue; }
    const [l, t, r, bt] = b.card;
    if (b.x < l - tol || b.r > r + tol || b.y < t - tol || b.b > bt + tol)
      out.problems.push(['outside card', b.text, b.lane, [b.x, b.y, b.r, b.b], b.card]);
  }
  const sorted = boxes.slice().sort((a, b) => a.x - b.x);
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i];
    for (let j = i + 1; j < sorted.length; j++) {
      const b = sorted[j];
      if (b.x >= a.r - tol) break;
      if (a.y < b.b - tol && b.y < a.b - tol && a.x < b.r - tol && b.x < a.r - tol)
        out.problems.push(['overlap', a.text, b.text, [a.x, a.y, a.r, a.b], [b.x, b.y, b.r, b.b]]);
    }
  }
  const svg = document.querySelector('.cjm-diagram__scroll > svg');
  const scroller = document.querySelector('.cjm-diagram__scroll');
  out.svgWidth = svg.getBoundingClientRect().width;
  out.svgAttrWidth = parseFloat(svg.getAttribute('width'));
  out.scrollWidth = scroller.scrollWidth;
  out.clientWidth = scroller.clientWidth;
  out.svgTop = svg.getBoundingClientRect().top;
  out.labels = [...document.querySelectorAll('.cjm-diagram__label')].map(d => {
    const r = d.getBoundingClientRect();
    return {lane: d.getAttribute('data-lane-label'), top: r.top, left: r.left, height: r.height,
            fits: d.scrollHeight <= d.clientHeight + 1};
  });
  out.lanes = [...svg.querySelectorAll(':scope > g[data-lane]')].map(g => g.getAttribute('data-lane'));
  return out;
}
"""


def demo_journey() -> Journey:
    """A realistic journey for the screenshots."""
    s = [
        Step(
            id="insta-ad",
            touchpoint="Instagram carousel ad",
            channel="social",
            actions=["Sees the ad on her commute", "Taps \u201cShop now\u201d"],
            questions=["Is it in my size?"],
            motivations=["Needs an outfit by Monday"],
            pain_points=["Ad shows items that are sold out"],
            emotion=4,
            quote="Oh, that's exactly what I need.",
            opportunities=["Show local stock in the ad"],
            metrics=[Metric("ctr", "Click-through rate", 1.8, 2.5, "%")],
            promise={"effortless": PromiseRating("effortless", "meets", "Two taps from ad to product page.")},
        ),
        Step(
            id="product",
            touchpoint="Product page",
            channel="web",
            actions=["Checks the size guide", "Reads reviews about fit"],
            questions=["Will it fit like my last blazer?"],
            pain_points=["Size guide is a generic table", "Stock shown for online only"],
            emotion=3,
            opportunities=["Size advice from past orders"],
            metrics=[Metric("conv", "Add to basket", 6.1, 5, "%")],
            promise={
                "fits-first-time": PromiseRating("fits-first-time", "partial", "Generic size table."),
                "effortless": PromiseRating("effortless", "meets"),
            },
            next=[NextLink("checkout", "in stock nearby"), NextLink("reserve", "only online")],
            lanes={"backstage": ["Stock feed refreshed hourly"]},
        ),
        Step(
            id="reserve",
            touchpoint="Reserve in another store",
            channel="web",
            actions=["Picks a store across town"],
            pain_points=["Nearest store has no stock"],
            emotion=2,
            quote="Why is it never in my store?",
            promise={"effortless": PromiseRating("effortless", "misses", "Extra trip across town.")},
            next=[NextLink("checkout")],
        ),
        Step(
            id="checkout",
            touchpoint="Checkout",
            channel="app",
            actions=["Chooses click and collect", "Pays with Apple Pay"],
            questions=["When can I pick it up?"],
            pain_points=["Has to type her address twice"],
            emotion=2,
            quote="Didn't I just type that?",
            opportunities=["Remember the delivery address", "Offer a collection slot"],
            metrics=[
                Metric("abandon", "Basket abandonment", 61, 40, "%", better="lower"),
                Metric("time", "Time to pay", None, 90, "s", better="lower"),
            ],
            promise={"effortless": PromiseRating("effortless", "misses", "Address entered twice.")},
            lanes={"backstage": ["Order sent to store picking list"]},
        ),
        Step(
            id="ready-email",
            touchpoint="\u201cReady to collect\u201d email",
            channel="email",
            actions=["Opens the email at lunch"],
            emotion=4,
            quote="Great, on my way home then.",
            promise={"make-it-right": PromiseRating("make-it-right", "meets")},
        ),
        Step(
            id="collect",
            touchpoint="Collection desk",
            channel="store",
            actions=["Queues at the desk", "Tries it on"],
            questions=["Can I try it on here?"],
            pain_points=["Queue of 15 minutes behind returns"],
            emotion=1,
            quote="I could have had it delivered by now.",
            opportunities=["Self-service lockers"],
            metrics=[Metric("wait", "Wait at desk", 14, 5, "min", better="lower")],
            promise={
                "effortless": PromiseRating("effortless", "misses", "15 minute queue."),
                "make-it-right": PromiseRating("make-it-right", "partial"),
            },
            next=[NextLink("product", "doesn't fit: tries another size"), NextLink("home")],
        ),
        Step(
            id="home",
            touchpoint="Wears it on Monday",
            channel="",
            emotion=5,
            quote="Got compliments all day.",
            motivations=["Look sharp in the new job"],
        ),
    ]
    return Journey(
        id="click-and-collect",
        title="Buy online, collect in store",
        stages=[
            Stage(id="aware", name="Awareness", goal="Find something smart for a new job", steps=s[:1]),
            Stage(id="consider", name="Consideration", goal="Be sure it fits before paying", steps=s[1:3]),
            Stage(id="buy", name="Purchase", goal="Pay quickly on the phone", steps=s[3:4]),
            Stage(id="collect", name="Collection", goal="Pick it up on the way home without queuing", steps=s[4:6]),
            Stage(id="use", name="Use", goal="Look good at work", steps=s[6:]),
        ],
    )


def page(diagram: str, scheme: str, title: str) -> str:
    return (
        '<!doctype html><html><head><meta charset="utf-8"><style>'
        + MATERIAL_CSS
        + "</style><style>"
        + CSS
        + f'</style></head><body data-md-color-scheme="{scheme}"><article class="md-typeset"><h1>{title}</h1>'
        + diagram
        + "<p>The text version follows here.</p></article></body></html>"
    )


def measure(browser, diagram: str, scheme: str, shot: str | None = None, *, width: int = 1500, height: int = 1000):
    """Load the diagram in a fresh page; the caller closes ``tab.context``."""
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
    tab = context.new_page()
    tab.set_content(page(diagram, scheme, "Buy online, collect in store"), wait_until="load")
    result = tab.evaluate(MEASURE_JS)
    if shot:
        SHOTS.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(SHOTS / shot), full_page=True)
    return result, tab


def check(result) -> None:
    problems = result["problems"]
    assert not problems, problems[:10]
    assert len(result["texts"]) > 20
    # Labels line up with their lanes and their text fits.
    assert [label["lane"] for label in result["labels"]] == result["lanes"]
    assert all(label["fits"] for label in result["labels"]), result["labels"]
    # Drawn at natural size, never squeezed.
    assert abs(result["svgWidth"] - result["svgAttrWidth"]) < 1


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_busy_journey_text_never_overlaps_or_spills(browser, scheme):
    journey = busy_journey(4, 5)
    diagram = render_diagram(project_for(journey), journey)
    result, tab = measure(
        browser, diagram, scheme, f"busy-{'light' if scheme == 'default' else 'dark'}.png", width=1600
    )
    try:
        check(result)
        assert result["scrollWidth"] > result["clientWidth"]  # scrolls sideways
        # The label column stays put while the drawing scrolls.
        before = tab.evaluate("() => document.querySelector('.cjm-diagram__label').getBoundingClientRect().left")
        tab.evaluate("() => { document.querySelector('.cjm-diagram__scroll').scrollLeft = 2000; }")
        after = tab.evaluate("() => document.querySelector('.cjm-diagram__label').getBoundingClientRect().left")
        svg_left = tab.evaluate("() => document.querySelector('.cjm-diagram svg').getBoundingClientRect().left")
        assert before == after and svg_left < 0
        # The step links laid over the drawing cover the touchpoint cards exactly,
        # and a focused card shows a focus ring.
        boxes = tab.evaluate(
            """() => {
              const r = (e) => {
                const b = e.getBoundingClientRect();
                return [b.left, b.top, b.width, b.height].map(Math.round);
              };
              const cards = 'svg.cjm-svg g[data-lane=touchpoint] > g > rect:first-child';
              return {links: [...document.querySelectorAll('svg.cjm-svg-links a rect')].map(r),
                      cards: [...document.querySelectorAll(cards)].map(r)};
            }"""
        )
        assert boxes["links"] and boxes["links"] == boxes["cards"]
        tab.focus("svg.cjm-svg-links a")
        width = tab.evaluate("() => getComputedStyle(document.querySelector('svg.cjm-svg-links a rect')).strokeWidth")
        assert float(width.rstrip("px")) >= 2
        # Lane labels sit on their lanes.
        tops = tab.evaluate(
            "() => [...document.querySelectorAll('.cjm-diagram svg > g[data-lane]')].map(g => "
            "g.querySelector('rect, circle, line, use').getBoundingClientRect().top)"
        )
        for label, top in zip(result["labels"], tops):
            if label["lane"] != "emotion":
                assert label["top"] <= top <= label["top"] + 12
    finally:
        tab.context.close()


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_demo_journey_screenshots(browser, scheme):
    journey = demo_journey()
    project = project_for(journey)
    diagram = render_diagram(project, journey)
    name = "light" if scheme == "default" else "dark"
    result, tab = measure(browser, diagram, scheme, f"demo-{name}.png", width=1760, height=1300)
    try:
        check(result)
    finally:
        tab.context.close()


def test_rtl_text_reads_right_to_left_inside_its_card(browser):
    journey = busy_journey(2, 5)
    for step in journey.steps:
        step.actions = [
            "يتحقق من توفر المقاس في المتجر القريب من العمل قبل الخروج",
            "בודקת אם אפשר להחזיר בחנות הקרובה",
        ]
        step.touchpoint = "صفحة المنتج"
    diagram = render_diagram(project_for(journey), journey)
    result, tab = measure(browser, diagram, "default", "rtl.png")
    try:
        check(result)
        rtl = tab.evaluate(
            "() => [...document.querySelectorAll('svg text[direction=rtl]')].map(t => getComputedStyle(t).direction)"
        )
        assert rtl and set(rtl) == {"rtl"}
    finally:
        tab.context.close()


def test_standalone_export_png(tmp_path):
    cairosvg = pytest.importorskip("cairosvg")
    journey = demo_journey()
    svg = render_svg(project_for(journey), journey, standalone=True)
    SHOTS.mkdir(parents=True, exist_ok=True)
    cairosvg.svg2png(bytestring=svg.encode("utf-8"), write_to=str(SHOTS / "demo-export.png"))
    assert (SHOTS / "demo-export.png").stat().st_size > 10_000
