"""Deterministic benchmark data: N rich journey maps with personas, a brand and metrics.

Every journey has 8 stages of 6 steps, and every step fills every lane
(touchpoint, actions, questions, motivations, pain points, emotion, quote,
opportunities, metrics, brand promises, the custom lane), so a map is about
60 KB of YAML and its page about 38 KB of text. Journey ``i`` is generated
from its own seeded random source, so the first 20 journeys of N = 200 are
the journeys of N = 20.

    python3 benchmarks/generate.py OUT_DIR [--n 200]

writes ``OUT_DIR/brand.yml``, ``OUT_DIR/personas/*.yml``,
``OUT_DIR/data/metrics.csv`` and ``OUT_DIR/<area>/<journey>.yml``.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import random
import shutil
from pathlib import Path

import yaml

_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

STAGES = 8
STEPS = 6
PERSONAS = 5
#: Journeys per folder (folders become nav sections).
PER_AREA = 25

AREAS = ("discovery", "purchase", "delivery", "returns", "loyalty", "service", "stores", "membership")
CHANNELS = [
    ("social", "Instagram and TikTok", "online"),
    ("web", "Website", "online"),
    ("app", "Mobile app", "online"),
    ("email", "Email", "online"),
    ("chat", "Live chat", "online"),
    ("store", "Store", "offline"),
    ("phone", "Customer care line", "offline"),
    ("courier", "Post and courier", "offline"),
]
PROMISES = [
    (
        "effortless",
        "Effortless",
        "Shopping with us never feels like work, whichever channel you start in.",
        "Three taps or fewer to the thing you came for, no forms filled in twice.",
    ),
    (
        "fits-first-time",
        "Fits first time",
        "What you order fits and looks the way you expected when it arrives.",
        "Size advice based on garments you already own, honest photos on real bodies.",
    ),
    (
        "we-make-it-right",
        "We make it right",
        "When something goes wrong, we own it and fix it before you have to chase us.",
        "Refunds within two working days, proactive updates on delays, one person per case.",
    ),
]
PERSONA_NAMES = [
    ("maya", "Maya Okafor", "the busy professional"),
    ("leo", "Leo Brandt", "the careful saver"),
    ("priya", "Priya Shah", "the trend spotter"),
    ("tom", "Tom Gallagher", "the reluctant shopper"),
    ("ana", "Ana Costa", "the loyal regular"),
]

WORDS = (
    "order basket size fit delivery parcel refund return store app website email chat courier locker "
    "collection review photo model fabric colour stock price sale voucher account login password checkout "
    "payment card wallet tracking slot evening weekend queue desk assistant advice chart measure sleeve "
    "length waist jacket blazer trousers shirt dress coat shoes label barcode printer label receipt "
    "survey rating message update notification promise reminder wishlist filter search result page "
    "screen button form address postcode phone call hold minute hour day week team manager system feed "
    "catalogue supplier warehouse picking packing scan status exchange credit balance points member tier"
).split()
VERBS = (
    "checks opens compares reads saves taps scrolls asks waits finds chooses enters confirms tracks prints "
    "books cancels rates shares returns measures tries".split()
)
FEELINGS = ("quick", "clear", "confusing", "slow", "easy", "annoying", "reassuring", "hidden", "obvious", "helpful")


def _sentence(rng: random.Random, words: int) -> str:
    chosen = [rng.choice(WORDS) for _ in range(words)]
    chosen[0] = chosen[0].capitalize()
    if words > 4 and rng.random() < 0.25:
        index = rng.randrange(1, words)
        chosen[index] = f"*{chosen[index]}*"
    return " ".join(chosen)


def _action(rng: random.Random) -> str:
    return f"{rng.choice(VERBS).capitalize()} the {rng.choice(WORDS)} {_sentence(rng, 5).lower()}"


def _question(rng: random.Random) -> str:
    return f"Is the {rng.choice(WORDS)} {rng.choice(FEELINGS)} for {_sentence(rng, 3).lower()}?"


def brand() -> dict:
    return {
        "name": "Benchmark Threads",
        "promises": [{"id": i, "name": n, "statement": s, "looks_like": like} for i, n, s, like in PROMISES],
        "channels": [{"id": i, "name": n, "kind": k} for i, n, k in CHANNELS],
        "lanes": [{"id": "backstage", "name": "Behind the scenes", "after": "opportunities"}],
    }


def persona(index: int) -> dict:
    rng = random.Random(f"persona-{index}")
    pid, name, tagline = PERSONA_NAMES[index]
    return {
        "name": name,
        "tagline": tagline,
        "role": _sentence(rng, 8),
        "value": ("high", "medium", "low")[index % 3],
        "bio": " ".join(_sentence(rng, 12) + "." for _ in range(4)),
        "goals": [_sentence(rng, 9) for _ in range(2)],
        "needs": [_sentence(rng, 8) for _ in range(3)],
        "pain_points": [_sentence(rng, 10) for _ in range(3)],
        "behaviours": [_sentence(rng, 9) for _ in range(3)],
        "channels": [c[0] for c in CHANNELS[index % 4 : index % 4 + 4]],
        "quote": _sentence(rng, 12) + ".",
        "evidence": ["Customer survey, Q2 2026 (n=1,204)", "Eight diary-study participants, May 2026"],
    }


def journey_id(index: int) -> str:
    return f"journey-{index + 1:04d}"


def journey_path(index: int) -> str:
    return f"{AREAS[(index // PER_AREA) % len(AREAS)]}/{journey_id(index)}.yml"


def journey(index: int, n: int) -> dict:
    """Journey ``index`` of ``n`` (pairs 2k, 2k+1 are current and future counterparts)."""
    rng = random.Random(f"journey-{index}")
    state = "current" if index % 2 == 0 else "future"
    partner = index + 1 if state == "current" else index - 1
    data: dict = {
        "title": f"{_sentence(rng, 4)} ({index + 1})",
        "summary": _sentence(rng, 18) + ".",
        "state": state,
    }
    if partner < n:
        data["counterpart"] = journey_id(partner)
    data.update(
        {
            "personas": [PERSONA_NAMES[index % PERSONAS][0], PERSONA_NAMES[(index + 2) % PERSONAS][0]],
            "goal": _sentence(rng, 12),
            "scope": _sentence(rng, 6),
            "owner": f"{rng.choice(WORDS).capitalize()} team",
            "reviewed": _dt.date(2026, 1, 1) + _dt.timedelta(days=rng.randrange(300)),
            "review_every": 90,
            "evidence": [f"{_sentence(rng, 5)} (n={rng.randrange(20, 900)})" for _ in range(2)],
            "promises": [p[0] for p in PROMISES],
            "tags": sorted({rng.choice(WORDS) for _ in range(3)}),
        }
    )
    stages = []
    for s in range(STAGES):
        steps = []
        for t in range(STEPS):
            sid = f"s{s + 1}-{t + 1}"
            step: dict = {
                "id": sid,
                "touchpoint": _sentence(rng, 4),
                "channel": CHANNELS[rng.randrange(len(CHANNELS))][0] if t % 5 else "Word of mouth",
                "actions": [_action(rng) for _ in range(2)],
                "questions": [_question(rng)],
                "motivations": [_sentence(rng, 8)],
                "pain_points": [_sentence(rng, 8) for _ in range(2)],
                "emotion": rng.randint(1, 5),
                "quote": _sentence(rng, 8) + ".",
                "opportunities": [_sentence(rng, 7) for _ in range(2)],
                "owner": f"{rng.choice(WORDS).capitalize()} team",
                "metrics": [
                    {
                        "name": f"{rng.choice(WORDS).capitalize()} rate",
                        "id": f"m{s + 1}-{t + 1}",
                        "actual": round(rng.uniform(1, 60), 1),
                        "target": round(rng.uniform(1, 60), 1),
                        "unit": "%",
                        "better": rng.choice(("higher", "lower")),
                        "source": f"Web analytics, Q{rng.randint(1, 4)} 2026",
                    }
                ],
                "promise": {
                    p[0]: {"rating": rng.choice(("meets", "partial", "misses")), "note": _sentence(rng, 6) + "."}
                    for p in PROMISES
                },
                "lanes": {"backstage": [_sentence(rng, 8)]},
            }
            if t == STEPS - 1 and s < STAGES - 1:
                # A labelled branch into the next stage, and a loop back.
                step["next"] = [
                    {"to": f"s{s + 2}-1", "label": "goes on"},
                    {"to": f"s{s + 1}-1", "label": "starts over"},
                ]
            steps.append(step)
        stages.append(
            {
                "id": f"stage-{s + 1}",
                "name": f"{_sentence(rng, 2)} {s + 1}",
                "goal": _sentence(rng, 10),
                "description": _sentence(rng, 20) + ".",
                "steps": steps,
            }
        )
    data["stages"] = stages
    return data


def metrics_csv(n: int) -> str:
    """Measured values: two periods for the first metric of stage 1, one for stage 2."""
    rows = ["journey,step,metric,actual,period"]
    for index in range(n):
        rng = random.Random(f"csv-{index}")
        jid = journey_id(index)
        rows.append(f"{jid},s1-1,m1-1,{rng.uniform(1, 60):.1f},2026-09")
        rows.append(f"{jid},s1-1,m1-1,{rng.uniform(1, 60):.1f},2026-10-31")
        rows.append(f"{jid},s2-3,m2-3,{rng.uniform(1, 60):.1f},2026-10")
    return "\n".join(rows) + "\n"


def dump(data: dict) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=110, default_flow_style=False)


def generate(maps_dir: Path, n: int = 200) -> Path:
    """Write the maps folder for ``n`` journeys (replacing what was there)."""
    maps_dir = Path(maps_dir)
    if maps_dir.exists():
        shutil.rmtree(maps_dir)
    (maps_dir / "personas").mkdir(parents=True)
    (maps_dir / "data").mkdir()
    (maps_dir / "brand.yml").write_text(dump(brand()), encoding="utf-8")
    for index in range(PERSONAS):
        (maps_dir / "personas" / f"{PERSONA_NAMES[index][0]}.yml").write_text(dump(persona(index)), encoding="utf-8")
    (maps_dir / "data" / "metrics.csv").write_text(metrics_csv(n), encoding="utf-8")
    for index in range(n):
        path = maps_dir / journey_path(index)
        path.parent.mkdir(exist_ok=True)
        path.write_text(dump(journey(index, n)), encoding="utf-8")
    return maps_dir


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--n", type=int, default=200)
    args = parser.parse_args()
    generate(args.out, args.n)
    print(f"{args.n} journeys in {args.out}")


if __name__ == "__main__":
    main()
