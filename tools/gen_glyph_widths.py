#!/usr/bin/env python3
"""Generate ``mkdocs_cjm/render/data/glyph_widths.json``: per-glyph advance widths.

The diagram wraps text by measured width (like matplotlib's AFM tables), so
the renderer needs each character's advance width. This script reads DejaVu
Sans (regular and bold), asks Pillow for the advance of every character the
font maps in a useful set of Unicode blocks, and writes a compact table:

    {"unit": 1000, "fonts": {"regular": {"<start hex>": [w, w, ...], ...}, "bold": {...}}}

Widths are in thousandths of an em. Runs of consecutive code points share one
key. Characters the font lacks are left out (the renderer falls back to
``unicodedata``: wide/fullwidth 1 em, combining marks 0, others 0.62 em).
Combining marks and format characters are stored as 0; wide (W/F) characters
are left to the fallback so emoji and CJK are measured the same way.

Usage: python3 tools/gen_glyph_widths.py [font dir]
"""

from __future__ import annotations

import json
import struct
import sys
import unicodedata
from pathlib import Path

from PIL import ImageFont

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "mkdocs_cjm" / "render" / "data" / "glyph_widths.json"
FONT_DIR = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/usr/share/fonts/truetype/dejavu")
FONTS = {"regular": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf"}
REF_SIZE = 2048  # DejaVu's units per em: Pillow then returns font units
UNIT = 1000

RANGES = [
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x00FF),  # Latin-1 Supplement
    (0x0100, 0x017F),  # Latin Extended-A
    (0x0180, 0x024F),  # Latin Extended-B
    (0x0250, 0x02AF),  # IPA Extensions
    (0x02B0, 0x02FF),  # Spacing Modifier Letters
    (0x0370, 0x03FF),  # Greek and Coptic
    (0x0400, 0x052F),  # Cyrillic + Supplement
    (0x0590, 0x05FF),  # Hebrew
    (0x0600, 0x06FF),  # Arabic
    (0x1E00, 0x1EFF),  # Latin Extended Additional (Vietnamese, ...)
    (0x1F00, 0x1FFF),  # Greek Extended
    (0x2000, 0x206F),  # General Punctuation
    (0x2070, 0x209F),  # Superscripts and Subscripts
    (0x20A0, 0x20CF),  # Currency Symbols
    (0x2100, 0x214F),  # Letterlike Symbols
    (0x2150, 0x218F),  # Number Forms
    (0x2190, 0x21FF),  # Arrows
    (0x2200, 0x22FF),  # Mathematical Operators
    (0x2460, 0x24FF),  # Enclosed Alphanumerics
    (0x25A0, 0x25FF),  # Geometric Shapes (▲ ▼ ● ◐)
    (0x2600, 0x26FF),  # Miscellaneous Symbols
    (0x2700, 0x27BF),  # Dingbats (✓ ✗)
    (0xFB00, 0xFB4F),  # Alphabetic Presentation Forms (ligatures, Hebrew)
    (0xFE70, 0xFEFF),  # Arabic Presentation Forms-B
]


def cmap_codepoints(path: Path) -> set[int]:
    """Code points mapped by a TrueType font's Unicode cmap (formats 4 and 12)."""
    data = path.read_bytes()
    num_tables = struct.unpack(">H", data[4:6])[0]
    cmap_offset = None
    for i in range(num_tables):
        tag, _, offset, _ = struct.unpack(">4sIII", data[12 + 16 * i : 28 + 16 * i])
        if tag == b"cmap":
            cmap_offset = offset
    if cmap_offset is None:
        raise SystemExit(f"{path}: no cmap table")
    count = struct.unpack(">H", data[cmap_offset + 2 : cmap_offset + 4])[0]
    found: set[int] = set()
    for i in range(count):
        platform, encoding, sub = struct.unpack(">HHI", data[cmap_offset + 4 + 8 * i : cmap_offset + 12 + 8 * i])
        if platform not in (0, 3):
            continue
        base = cmap_offset + sub
        fmt = struct.unpack(">H", data[base : base + 2])[0]
        if fmt == 4:
            seg_x2 = struct.unpack(">H", data[base + 6 : base + 8])[0]
            segs = seg_x2 // 2
            ends = struct.unpack(f">{segs}H", data[base + 14 : base + 14 + seg_x2])
            starts_at = base + 16 + seg_x2
            starts = struct.unpack(f">{segs}H", data[starts_at : starts_at + seg_x2])
            deltas = struct.unpack(f">{segs}h", data[starts_at + seg_x2 : starts_at + 2 * seg_x2])
            ro_at = starts_at + 2 * seg_x2
            range_offsets = struct.unpack(f">{segs}H", data[ro_at : ro_at + seg_x2])
            for s in range(segs):
                for cp in range(starts[s], ends[s] + 1):
                    if cp == 0xFFFF:
                        continue
                    if range_offsets[s] == 0:
                        glyph = (cp + deltas[s]) & 0xFFFF
                    else:
                        at = ro_at + 2 * s + range_offsets[s] + 2 * (cp - starts[s])
                        glyph = struct.unpack(">H", data[at : at + 2])[0]
                        if glyph:
                            glyph = (glyph + deltas[s]) & 0xFFFF
                    if glyph:
                        found.add(cp)
        elif fmt == 12:
            groups = struct.unpack(">I", data[base + 12 : base + 16])[0]
            for g in range(groups):
                start, end, _ = struct.unpack(">III", data[base + 16 + 12 * g : base + 28 + 12 * g])
                found.update(range(start, end + 1))
    return found


def table_for(path: Path) -> dict[str, list[int]]:
    font = ImageFont.truetype(str(path), REF_SIZE, layout_engine=ImageFont.Layout.BASIC)
    mapped = cmap_codepoints(path)
    runs: dict[str, list[int]] = {}
    for lo, hi in RANGES:
        run_start = None
        run: list[int] = []
        for cp in range(lo, hi + 2):
            ch = chr(cp) if cp <= hi else None
            keep = (
                ch is not None
                and cp in mapped
                and unicodedata.category(ch) not in ("Cc", "Cs", "Co", "Cn")
                and unicodedata.east_asian_width(ch) not in ("W", "F")
            )
            if keep:
                if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
                    width = 0
                else:
                    width = round(font.getlength(ch) * UNIT / REF_SIZE)
                if run_start is None:
                    run_start = cp
                run.append(width)
            elif run_start is not None:
                runs[f"{run_start:04x}"] = run
                run_start, run = None, []
    return runs


def main() -> None:
    table = {
        "source": "DejaVu Sans 2.37 via tools/gen_glyph_widths.py",
        "unit": UNIT,
        "fonts": {name: table_for(FONT_DIR / file) for name, file in FONTS.items()},
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    lines = ["{"]
    lines.append(f'"source": {json.dumps(table["source"])},')
    lines.append(f'"unit": {UNIT},')
    lines.append('"fonts": {')
    names = list(table["fonts"])
    for n, name in enumerate(names):
        lines.append(f'"{name}": {{')
        runs = table["fonts"][name]
        keys = list(runs)
        for k, key in enumerate(keys):
            comma = "," if k < len(keys) - 1 else ""
            lines.append(f'"{key}": {json.dumps(runs[key], separators=(",", ":"))}{comma}')
        lines.append("}" + ("," if n < len(names) - 1 else ""))
    lines.append("}")
    lines.append("}")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    total = sum(len(v) for runs in table["fonts"].values() for v in runs.values())
    print(f"wrote {OUT.relative_to(ROOT)}: {total} glyph widths, {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
