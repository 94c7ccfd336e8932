"""Glyph-width measuring and line wrapping."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support.maps import REPO

from mkdocs_cjm.render import textmetrics as tm
from mkdocs_cjm.render.textmetrics import char_width, clean, ellipsize, is_rtl, text_width, wrap

DATA = Path(tm.__file__).with_name("data") / "glyph_widths.json"


def test_table_is_compact_and_covers_the_scripts():
    raw = json.loads(DATA.read_text(encoding="utf-8"))
    assert DATA.stat().st_size < 64_000
    for font in ("regular", "bold"):
        starts = {int(key, 16) for key in raw["fonts"][font]}
        assert 0x20 in starts
    for ch in "AzÄłƏΩЖשعé–→▲✓":
        assert ch in tm._REGULAR, ch
        assert ch in tm._BOLD, ch


def test_known_widths_match_dejavu():
    # DejaVu Sans advances (units/em 2048): "A" 1401, "W" 2025, "i" 569, space 651.
    assert char_width("A") == pytest.approx(1401 / 2048, abs=0.001)
    assert char_width("W") == pytest.approx(2025 / 2048, abs=0.001)
    assert char_width("i") == pytest.approx(569 / 2048, abs=0.001)
    assert text_width("Hello", 10) == pytest.approx(10 * sum(char_width(c) for c in "Hello"))
    assert text_width("Bold", 12, bold=True) > text_width("Bold", 12)


def test_cjk_wider_than_latin_and_combining_marks_are_zero():
    assert char_width("日") == 1.0
    assert char_width("한") == 1.0
    assert text_width("日本語", 12) > text_width("abc", 12)
    assert char_width("\u0301") == 0
    assert char_width("\u05b8") == 0  # Hebrew point qamats
    assert char_width("\u064e") == 0  # Arabic fatha
    assert char_width("\u200d") == 0  # zero-width joiner
    assert text_width("e\u0301", 12) == text_width("e", 12)
    assert char_width("\U0001f600") >= 1.0  # emoji
    assert char_width("\U00010400") == pytest.approx(tm.FALLBACK_EM)  # unknown: fallback


def test_rtl_detection():
    assert is_rtl("שלום עולם")
    assert is_rtl("123 مرحبا")
    assert not is_rtl("Hello שלום")
    assert not is_rtl("123 !")
    assert not is_rtl("")


@pytest.mark.parametrize(
    "text",
    [
        "The quick brown fox jumps over the lazy dog and keeps running through the field",
        "東京駅の店舗で受け取れるか確認する、在庫があるかどうかも知りたい",
        "Hello 東京駅で受け取りできますか？ and back to Latin words again",
        "يتحقق من توفر المقاس في المتجر القريب من العمل قبل الخروج",
        "Zoë’s café naïve résumé e\u0301 a\u0308 o\u0302 " * 4,
        "Supercalifragilisticexpialidocious-unbreakable-wordwithoutanyspacesatallforaverylongtime",
        "x" * 300,
        "Loves it 😍👍🏽 👩‍👩‍👧 and more",
        "click-and-collect/returns – pick-up",
    ],
)
@pytest.mark.parametrize("width", [40, 97, 164, 180])
@pytest.mark.parametrize("bold", [False, True])
def test_wrapping_never_exceeds_the_width(text, width, bold):
    lines = wrap(text, width, 12, bold)
    assert lines
    for line in lines:
        assert line == line.strip()
        if len(line) > 1 and text_width(line[0], 12, bold) <= width:
            assert text_width(line, 12, bold) <= width + 1e-6, (line, text_width(line, 12, bold))
    # Nothing lost but spaces.
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_wrapping_breaks_at_spaces_when_it_can():
    lines = wrap("The quick brown fox jumps over the lazy dog", 100, 12)
    assert len(lines) > 1
    assert " ".join(lines) == "The quick brown fox jumps over the lazy dog"
    assert wrap("short", 100, 12) == ["short"]
    assert wrap("", 100, 12) == []
    assert wrap("   ", 100, 12) == []


def test_long_words_are_hard_broken():
    word = "Supercalifragilisticexpialidocious"
    lines = wrap(word, 60, 12)
    assert len(lines) > 2
    assert "".join(lines) == word
    assert all(text_width(line, 12) <= 60 for line in lines)


def test_hyphenated_words_break_after_the_hyphen():
    lines = wrap("buy click-and-collect-tomorrow", 90, 12)
    assert any(line.endswith("-") for line in lines[:-1])
    assert "".join(lines).replace(" ", "") == "buyclick-and-collect-tomorrow"


def test_no_break_before_combining_mark_or_inside_zwj_sequence():
    text = "e\u0301" * 40
    for line in wrap(text, 50, 12):
        assert not line.startswith("\u0301")
    family = "👩\u200d👩\u200d👧" * 6
    for line in wrap(family, 100, 12):
        assert not line.startswith("\u200d") and not line.endswith("\u200d")


def test_cjk_breaks_between_characters():
    lines = wrap("東京駅で受け取りできますか", 60, 12)
    assert len(lines) >= 3
    assert all(text_width(line, 12) <= 60 for line in lines)
    assert "".join(lines) == "東京駅で受け取りできますか"


def test_ellipsize():
    assert ellipsize("short", 100, 11) == "short"
    cut = ellipsize("a long label for a loop arrow that goes on", 80, 11)
    assert cut.endswith("\u2026") and text_width(cut, 11) <= 80


def test_clean_strips_xml_illegal_characters():
    assert clean("a\x0bb\x00c\x1f\x7f d\ud800\ufffe") == "abc d"
    assert clean("  many   spaces\tand\nlines ") == "many spaces and lines"
    assert clean(None) == ""
    assert clean(12) == "12"


def test_generator_script_is_committed():
    script = REPO / "tools" / "gen_glyph_widths.py"
    assert script.exists()
    assert "ImageFont" in script.read_text(encoding="utf-8")


def test_visual_order_for_renderers_without_bidi():
    from mkdocs_cjm.render.textmetrics import needs_visual_order, visual_order

    assert visual_order("שלום עולם") == "םלוע םולש"
    # Latin and number runs keep their order; brackets in reversed runs are mirrored.
    assert visual_order("בודקת (להחזיר) 123 ABC def!") == "!ABC def 123 (ריזחהל) תקדוב"
    assert visual_order('מחיר 1,000 ש"ח') == 'ח"ש 1,000 ריחמ'
    # Combining marks stay with their base letter.
    assert visual_order("שָׁלוֹם") == "םוֹלשָׁ"
    assert needs_visual_order("שלום") and not needs_visual_order("مرحبا") and not needs_visual_order("Hello")
