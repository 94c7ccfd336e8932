"""Journeys built in Python (no YAML), for the renderer's tests: a brand with many channels, a busy journey."""

from __future__ import annotations

from mkdocs_cjm.model import Brand, Channel, Journey, Lane, Metric, NextLink, Promise, PromiseRating, Stage, Step
from mkdocs_cjm.site import Project

LONG = (
    "Compares the delivery promise on the product page with the one in the basket and again at checkout, "
    "then opens the returns policy in a new tab to see whether a store return is free before committing"
)
SAMPLES = [
    "Sees the ad",
    "Taps \u201cShop now\u201d",
    "Checks the size guide against a blazer she already owns",
    "東京駅の店舗で受け取れるか確認する、在庫があるかどうかも知りたい",
    "يتحقق من توفر المقاس في المتجر القريب من العمل",
    "בודקת אם אפשר להחזיר בחנות",
    "Zoë’s café naïve résumé ñ e\u0301 a\u0308 o\u0302",
    "Loves it 😍👍🏽 👩‍👩‍👧",
    "Supercalifragilisticexpialidocious-unbreakable-wordwithoutanyspacesatallforaverylongtime",
    LONG,
]


def brand() -> Brand:
    return Brand(
        name="Acme Outfitters",
        promises=[
            Promise("effortless", "Effortless", "Getting what you need takes no effort."),
            Promise("fits-first-time", "Fits first time"),
            Promise("make-it-right", "We make it right"),
        ],
        channels=[
            Channel("social", "Instagram and TikTok", "online"),
            Channel("web", "Website", "online"),
            Channel("app", "Mobile app", "online"),
            Channel("email", "Email", "online"),
            Channel("store", "Store", "offline"),
            Channel("phone", "Customer care line", "offline"),
            Channel("courier", "Post and courier", "offline"),
        ],
        lanes=[Lane("backstage", "Behind the scenes", "opportunities")],
    )


def project_for(journey: Journey, brand_: Brand | None = None) -> Project:
    return Project(brand=brand_ or brand(), personas={}, journeys={journey.id: journey})


def busy_journey(n_stages: int = 8, per_stage: int = 6, *, long: bool = True, jid: str = "busy") -> Journey:
    """Every lane filled; long and multilingual text; branches and loops."""
    channels = ["social", "web", "app", "email", "store", "phone", "courier", "Search ads", ""]
    ratings = ["meets", "partial", "misses", None]
    stages = []
    k = 0
    for s in range(n_stages):
        steps = []
        for _ in range(per_stage):
            pick = lambda offset, k=k: SAMPLES[(k + offset) % len(SAMPLES)] if long else f"Item {k}-{offset}"  # noqa: E731
            promise = {}
            for p, pid in enumerate(["effortless", "fits-first-time", "make-it-right"]):
                rating = ratings[(k + p) % 4]
                if rating:
                    promise[pid] = PromiseRating(pid, rating, f"Note {k} for {pid}: " + ("detail " * 5))
            metrics = [
                Metric("ctr", "Click-through rate", actual=1.8 + k % 3, target=2.5, unit="%"),
            ]
            if k % 2:
                metrics.append(
                    Metric(
                        "abandon",
                        "Basket abandonment",
                        actual=None if k % 4 == 1 else 61,
                        target=40,
                        unit="%",
                        better="lower",
                    )
                )
            step = Step(
                id=f"s{k}",
                touchpoint=(pick(1) if k % 3 == 0 else f"Step {k}: product page with size advice")
                if long
                else f"Step {k}",
                channel=channels[k % len(channels)],
                actions=[pick(0), pick(2)],
                questions=[pick(3) + "?"],
                motivations=[pick(4)],
                pain_points=[pick(5), "Ad shows **sold out** items"] if k % 2 == 0 else [pick(5)],
                emotion=None if k % 7 == 5 else (k % 5) + 1,
                quote=pick(6),
                opportunities=[pick(7)],
                metrics=metrics,
                promise=promise,
                lanes={"backstage": [pick(8)]} if k % 2 else {},
            )
            steps.append(step)
            k += 1
        stages.append(
            Stage(
                id=f"st{s}",
                name=f"Stage {s + 1}: " + ("Awareness and discovery" if s % 2 else "Buy"),
                goal=(LONG if s == 1 else "Find something smart for a new job"),
                steps=steps,
            )
        )
    journey = Journey(id=jid, title="Buy online, collect in store", stages=stages)
    all_steps = journey.steps
    if len(all_steps) > 6:
        all_steps[1].next = [
            NextLink(all_steps[2].id, "in stock"),
            NextLink(all_steps[4].id, "out of stock: reserve elsewhere"),
        ]
        all_steps[5].next = [NextLink(all_steps[0].id, "starts over")]
        all_steps[3].next = [NextLink(all_steps[3].id, "retries")]
        all_steps[4].next = [NextLink(all_steps[6].id)]
    return journey
