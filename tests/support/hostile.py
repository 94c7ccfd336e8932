"""Maps with a chosen text in every text field: for the escaping tests and the Chromium payload test."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any, Callable

Text = Callable[[], str]


def brand(t: Text) -> dict[str, Any]:
    """A brand file: one promise ``p``, one channel ``c``, a custom lane ``extra``."""
    return {
        "name": t(),
        "promises": [{"id": "p", "name": t(), "statement": t(), "looks_like": t()}],
        "channels": [{"id": "c", "name": t(), "kind": "online"}],
        "lanes": [{"id": "extra", "name": t(), "after": "actions"}],
    }


def persona(t: Text) -> dict[str, Any]:
    """A persona (list it as ``evil``)."""
    return {
        "name": t(),
        "tagline": t(),
        "role": t(),
        "value": "high",
        "bio": t() + "\n\n" + t(),
        "goals": [t()],
        "needs": [t()],
        "pain_points": [t()],
        "behaviours": [t()],
        "channels": [t(), "c"],
        "quote": t(),
        "evidence": [t()],
    }


def step(t: Text, sid: str) -> dict[str, Any]:
    """A step with every lane filled, linking back to step ``a``."""
    return {
        "id": sid,
        "touchpoint": t(),
        "channel": "c",
        "actions": [t(), t()],
        "questions": [t()],
        "motivations": [t()],
        "pain_points": [t(), t()],
        "emotion": 2,
        "quote": t(),
        "opportunities": [t(), {"text": t(), "impact": 4, "effort": 1, "status": "planned", "owner": t()}],
        "owner": t(),
        "metrics": [{"name": t(), "id": "m", "actual": 1, "target": 2, "unit": t(), "source": t()}],
        "promise": {"p": {"rating": "misses", "note": t()}},
        "next": [{"to": "a", "label": t()}],
        "lanes": {"extra": [t()]},
    }


def journey(t: Text, jid: str, title: str | None = None) -> dict[str, Any]:
    """A journey of persona ``evil``: two stages, steps ``a``, ``b`` and ``c``."""
    return {
        "id": jid,
        "title": t() if title is None else title,
        "summary": t(),
        "personas": ["evil"],
        "goal": t(),
        "scope": t(),
        "owner": t(),
        "reviewed": "2026-10-01",
        "evidence": [t()],
        "tags": [t(), t()],
        "stages": [
            {
                "id": "s1",
                "name": t(),
                "goal": t(),
                "description": t() + "\n\n" + t(),
                "steps": [step(t, "a"), step(t, "b")],
            },
            {"id": "s2", "name": t(), "goal": t(), "steps": [step(t, "c")]},
        ],
    }


class _Elements(HTMLParser):
    """Collects (tag, attributes) of every element of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, {k: v or "" for k, v in attrs}))


def injected(html: str) -> list[str]:
    """Elements or attributes that only hostile text could have put there."""
    parser = _Elements()
    parser.feed(html)
    bad = []
    for tag, attrs in parser.found:
        if tag == "img" and attrs.get("src") == "x":
            bad.append("img")
        if tag == "script" and "alert" in attrs.get("src", ""):
            bad.append("script")
        for name, value in attrs.items():
            if name.startswith("on"):
                bad.append(f"{tag}[{name}]")
            if value.strip().lower().startswith("javascript:"):
                bad.append(f"{tag}[{name}]={value}")
    return bad
