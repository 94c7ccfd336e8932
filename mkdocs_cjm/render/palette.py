"""The diagram's colours, defined once.

Each colour has a light value (resolved: exports and the presentation
attributes every element carries) and a dark value (pages on screen in
Material's ``slate`` scheme). On pages, the light colours that follow
Material's palette are the ``--md-*`` variable with the light value as its
fallback, and a few are translucent so that they blend with the band tints
(:attr:`Colour.page`). ``assets/cjm-diagram.css`` declares every colour as a
``--cjm-<name>`` custom property; ``tests/test_diagram_css.py`` checks it against
this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

__all__ = ["Colour", "COLOURS", "SAME_AS", "OPACITY", "LIGHT", "STYLE", "css_light", "css_dark"]


@dataclass(frozen=True)
class Colour:
    """One colour of the diagram."""

    light: str  #: light colour, opaque: exports and presentation attributes
    dark: Optional[str] = None  #: dark scheme on pages; ``None``: the light value (Material switches it)
    material: str = ""  #: the Material variable pages take the colour from (``--md-…``)
    #: The light value on pages when it is not :attr:`light`: the Material variable's fallback,
    #: or (without a variable) a translucent colour.
    page: str = ""

    def css_light(self) -> str:
        """The light value as ``cjm-diagram.css`` declares it."""
        value = self.page or self.light
        return f"var({self.material}, {value})" if self.material else value

    def css_dark(self) -> Optional[str]:
        return self.dark


#: ``--cjm-<name>`` custom properties. The page's light palette differs from the exports' where noted:
#: translucent colours (muted, card border, lane lines) blend with the band tints on pages.
COLOURS: dict[str, Colour] = {
    "text": Colour("#212121", material="--md-default-fg-color", page="rgba(0, 0, 0, .87)"),
    "muted": Colour("#5f6368", "rgba(226, 228, 233, .72)", page="rgba(0, 0, 0, .65)"),
    "card-bg": Colour("#ffffff", "var(--md-code-bg-color, #262a34)", material="--md-default-bg-color", page="#fff"),
    "card-border": Colour("#c8ccd4", "rgba(226, 228, 233, .18)", page="rgba(0, 0, 0, .2)"),
    "stage-tint": Colour("#4051b5", material="--md-primary-fg-color"),
    "stage-tint-alt": Colour("#212121", material="--md-default-fg-color", page="#000"),
    "accent": Colour("#4051b5", "#8c9eff", material="--md-primary-fg-color"),
    "pain": Colour("#b3261e", "#ff8a80"),
    "opportunity": Colour("#8a5a00", "#ffcc66"),
    "ok": Colour("#1e7b34", "#7ad38c"),
    "bad": Colour("#b3261e", "#ff8a80"),
    "partial": Colour("#8a5a00", "#ffcc66"),
    "emotion-line": Colour("#4051b5", "#8c9eff", material="--md-primary-fg-color"),
    "neutral": Colour("#6b7076", "#a0a6b0"),
    "arrow": Colour("#4a5bc4", "#8c9eff", material="--md-accent-fg-color"),
    "on-marker": Colour("#ffffff", "#1e2129", page="#fff"),
    "lane-line": Colour("#e3e5ea", "rgba(226, 228, 233, .1)", page="rgba(0, 0, 0, .1)"),
}

#: Custom properties that take another colour: ``--cjm-<name>: var(--cjm-<other>)``.
SAME_AS: dict[str, str] = {"negative-zone": "bad"}

#: Opacities: (light, dark). ``--cjm-<name>-opacity`` on pages.
OPACITY: dict[str, tuple[float, float]] = {
    "stage-tint": (0.08, 0.12),
    "stage-tint-alt": (0.04, 0.05),
    "negative-zone": (0.06, 0.08),
}
TAG_ONLINE_OPACITY = 0.1  #: fill of an online tag (of the accent colour)
DASH = "2 2"  #: stroke-dasharray of an offline tag

#: The light palette, resolved (exports; presentation-attribute fallbacks). ``primary`` is the accent.
LIGHT: dict[str, str] = {name: colour.light for name, colour in COLOURS.items() if name != "accent"}
LIGHT["primary"] = COLOURS["accent"].light


def css_light() -> dict[str, str]:
    """The ``--cjm-*`` colour and opacity properties of the light palette, as the stylesheet declares them."""
    out = {f"--cjm-{name}": colour.css_light() for name, colour in COLOURS.items()}
    out.update({f"--cjm-{name}": f"var(--cjm-{other})" for name, other in SAME_AS.items()})
    out.update({f"--cjm-{name}-opacity": _opacity(light) for name, (light, _) in OPACITY.items()})
    return out


def css_dark() -> dict[str, str]:
    """The properties the dark palette sets (the others keep their light declaration)."""
    out = {f"--cjm-{name}": dark for name, colour in COLOURS.items() if (dark := colour.css_dark()) is not None}
    out.update({f"--cjm-{name}-opacity": _opacity(dark) for name, (_, dark) in OPACITY.items()})
    return out


def _opacity(value: float) -> str:
    """CSS spelling of an opacity: ``0.08`` -> ``.08``."""
    return f"{value:g}".removeprefix("0")


def _fill(name: str, opacity: Optional[float] = None) -> str:
    return f'fill="{LIGHT[name]}"' + (f' fill-opacity="{opacity:g}"' if opacity is not None else "")


# class -> presentation attributes (light palette). cjm-diagram.css restyles the same
# classes with the custom properties.
STYLE: dict[str, str] = {
    "cjm-svg": _fill("text"),
    "cjm-band": _fill("stage-tint", OPACITY["stage-tint"][0]),
    "cjm-band cjm-band--alt": _fill("stage-tint-alt", OPACITY["stage-tint-alt"][0]),
    "cjm-muted": _fill("muted"),
    "cjm-card": f'{_fill("card-bg")} stroke="{LIGHT["card-border"]}"',
    "cjm-card cjm-card--tp": f'{_fill("card-bg")} stroke="{LIGHT["card-border"]}"',
    "cjm-accent": _fill("primary"),
    "cjm-accent cjm-accent--pain": _fill("pain"),
    "cjm-accent cjm-accent--opp": _fill("opportunity"),
    "cjm-pain": _fill("pain"),
    "cjm-opp": _fill("opportunity"),
    "cjm-ok": _fill("ok"),
    "cjm-bad": _fill("bad"),
    "cjm-partial": _fill("partial"),
    "cjm-ok-stroke": f'stroke="{LIGHT["ok"]}" fill="none"',
    "cjm-bad-stroke": f'stroke="{LIGHT["bad"]}" fill="none"',
    "cjm-partial-stroke": f'stroke="{LIGHT["partial"]}" fill="none"',
    "cjm-on-marker": _fill("on-marker"),
    "cjm-on-marker-stroke": f'stroke="{LIGHT["on-marker"]}" fill="none"',
    "cjm-bullet": _fill("muted"),
    "cjm-tag cjm-tag--online": f'{_fill("primary", TAG_ONLINE_OPACITY)} stroke="{LIGHT["primary"]}"',
    "cjm-tag cjm-tag--offline": f'fill="none" stroke="{LIGHT["muted"]}"',
    "cjm-tag-text cjm-tag-text--online": _fill("primary"),
    "cjm-tag-text cjm-tag-text--offline": _fill("muted"),
    "cjm-icon": _fill("muted"),
    "cjm-emo-line": f'fill="none" stroke="{LIGHT["emotion-line"]}"',
    "cjm-neutral": f'stroke="{LIGHT["neutral"]}"',
    "cjm-negzone": _fill(SAME_AS["negative-zone"], OPACITY["negative-zone"][0]),
    "cjm-emo cjm-emo--bad": _fill("bad"),
    "cjm-emo cjm-emo--neutral": _fill("neutral"),
    "cjm-emo cjm-emo--ok": _fill("ok"),
    "cjm-arrow": f'fill="none" stroke="{LIGHT["arrow"]}"',
    "cjm-arrowhead": _fill("arrow"),
    "cjm-arrow-label": f'{_fill("card-bg")} stroke="{LIGHT["arrow"]}"',
    "cjm-lane-line": f'stroke="{LIGHT["lane-line"]}"',
    "cjm-bg": _fill("card-bg"),
}
