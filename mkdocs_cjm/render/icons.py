"""Material Design icons for channels and glyphs, read from mkdocs-material.

mkdocs-material ships the Material Design Icons as SVG files
(``material/templates/.icons/material/<name>.svg``, 24×24 view box). This
module reads the ``<path d=…>`` of the few icons the diagram uses, caches it,
and falls back to simple drawn shapes when the package (or an icon) is
missing, so the renderer works without MkDocs.
"""

from __future__ import annotations

import importlib.util
import re
from functools import lru_cache
from pathlib import Path
from typing import Optional

__all__ = ["icon_path", "channel_icon", "FALLBACKS"]

_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_D = re.compile(r'<path\b[^>]*?\sd="([^"]*)"')
_SAFE_D = re.compile(r"^[MmLlHhVvCcSsQqTtAaZz0-9eE.,+\- \n]*$")

#: Drawn stand-ins (24×24) used when mkdocs-material is not installed.
FALLBACKS: dict[str, str] = {
    "circle": "M12 4a8 8 0 1 0 0 16a8 8 0 1 0 0-16m0 2a6 6 0 1 1 0 12a6 6 0 1 1 0-12",
    "alert": "M12 2L1 21h22zM11 9h2v5h-2zm0 7h2v2h-2z",
    "lightbulb-outline": (
        "M12 2a7 7 0 0 0-4 12.7V17h8v-2.3A7 7 0 0 0 12 2m0 2a5 5 0 0 1 2.5 9.3l-.5.3V15h-4v-1.4l-.5-.3A5 5 0 0 1 12 4"
        "M9 19h6v2H9z"
    ),
}


@lru_cache(maxsize=1)
def _icon_dir() -> Optional[Path]:
    try:
        spec = importlib.util.find_spec("material")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin:
        return None
    folder = Path(spec.origin).parent / "templates" / ".icons" / "material"
    return folder if folder.is_dir() else None


@lru_cache(maxsize=256)
def icon_path(name: str) -> Optional[str]:
    """The path data of a Material icon (24×24), or None when it is unknown."""
    name = normalise(name)
    if not name:
        return None
    folder = _icon_dir()
    if folder is not None:
        try:
            text = (folder / f"{name}.svg").read_text(encoding="utf-8")
        except OSError:
            text = ""
        paths = _D.findall(text)
        if paths and all(_SAFE_D.match(d) for d in paths):
            return " ".join(d.strip() for d in paths)
    return FALLBACKS.get(name)


def normalise(name: str) -> str:
    """``web``, ``material/web``, ``:material-web:`` -> ``web``; '' when not a plain icon name."""
    value = (name or "").strip().strip(":").lower()
    for prefix in ("material/", "material-", "mdi-", "mdi/"):
        if value.startswith(prefix):
            value = value[len(prefix) :]
            break
    return value if _NAME.match(value) else ""


_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.I), icon)
    for pattern, icon in (
        (r"instagram", "instagram"),
        (r"facebook", "facebook"),
        (r"tiktok|tik tok", "music-note"),
        (r"youtube|video", "youtube"),
        (r"whatsapp", "whatsapp"),
        (r"twitter", "twitter"),
        (r"linkedin", "linkedin"),
        (r"social|community|forum", "account-group"),
        (r"e-?mail|newsletter|\bmail\b", "email"),
        (r"chat|messag|bot\b", "chat"),
        (r"\bsms\b|text message|push|notification", "message-text"),
        (r"\bapps?\b|mobile|phone app|ios|android", "cellphone"),
        (r"phone|call|care line|hotline|telephone|contact cent", "phone"),
        (r"search|google|seo", "magnify"),
        (r"\bads?\b|advert|campaign|banner|\btv\b|radio|billboard|poster", "bullhorn"),
        (r"post|courier|deliver|parcel|shipping|locker", "truck-delivery"),
        (r"store|shop|branch|retail|boutique", "store"),
        (r"checkout|payment|\bpay\b|card", "credit-card-outline"),
        (r"web|site|online|portal|browser|internet", "web"),
        (r"event|meeting|in person|visit", "account-multiple"),
        (r"print|letter|catalog|brochure|flyer", "newspaper-variant-outline"),
        (r"review|rating", "star-outline"),
    )
)

DEFAULT_CHANNEL_ICON = "map-marker"


@lru_cache(maxsize=512)
def channel_icon(channel_id: str, channel_name: str, explicit: str = "") -> str:
    """The icon name for a channel: its own ``icon`` when it names a known
    icon, else a guess from its id and name, else a map marker."""
    if explicit and icon_path(explicit):
        return normalise(explicit)
    text = f"{channel_id} {channel_name}"
    for pattern, icon in _RULES:
        if pattern.search(text) and icon_path(icon):
            return icon
    return DEFAULT_CHANNEL_ICON if icon_path(DEFAULT_CHANNEL_ICON) else "circle"
