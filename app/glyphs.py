"""Which characters BriefBook's bundled fonts can draw, and which way a text runs.

The PDF writer draws every run of text with the first bundled font that covers it; preflight
names each character that none of them covers before the officer exports. Both read the same
table, ``resources/fonts/coverage.json``: for every bundled font file, the code point ranges its
``cmap`` maps. The table is made from the font files by ``python -m exports.font_coverage`` (a
test checks it still matches them), so this module needs neither reportlab nor the fonts
themselves and stays cheap for the CLI and the app.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Iterable

from app.resources import resource_path

COVERAGE_FILE = "coverage.json"
RTL_CLASSES = frozenset(("R", "AL"))

# Characters that need no glyph of their own: layout controls (joiners, direction marks, soft
# hyphen), variation selectors and the like. A font that lacks one draws nothing, as intended.
_NO_GLYPH_CATEGORIES = frozenset(("Cc", "Cf", "Zl", "Zp"))
_VARIATION_SELECTORS = ((0xFE00, 0xFE0F), (0xE0100, 0xE01EF), (0x180B, 0x180F))


@functools.cache
def coverage() -> dict[str, tuple[tuple[int, int], ...]]:
    """Font file name -> the inclusive code point ranges it draws."""
    data = json.loads(resource_path("fonts", COVERAGE_FILE).read_text(encoding="utf-8"))
    return {name: tuple((a, b) for a, b in ranges) for name, ranges in data["fonts"].items()}


def ranges_of(code_points: Iterable[int]) -> list[tuple[int, int]]:
    """Sorted code points as inclusive ``(first, last)`` ranges."""
    out: list[tuple[int, int]] = []
    for code in sorted(set(code_points)):
        if out and out[-1][1] == code - 1:
            out[-1] = (out[-1][0], code)
        else:
            out.append((code, code))
    return out


def class_pattern(ranges: Iterable[tuple[int, int]], negate: bool = False) -> re.Pattern[str]:
    """A one-character regex class of ``ranges`` (or of everything outside them)."""

    def part(a: int, b: int) -> str:
        first = re.escape(chr(a))
        return first if a == b else f"{first}-{re.escape(chr(b))}"

    body = "".join(part(a, b) for a, b in ranges)
    return re.compile(f"[{'^' if negate else ''}{body}]")


def needs_no_glyph(char: str) -> bool:
    """True for whitespace and invisible controls: nothing to draw, so nothing is missing."""
    if char.isspace() or unicodedata.category(char) in _NO_GLYPH_CATEGORIES:
        return True
    code = ord(char)
    return any(a <= code <= b for a, b in _VARIATION_SELECTORS)


@functools.cache
def _uncovered_pattern() -> re.Pattern[str]:
    every = [pair for ranges in coverage().values() for pair in ranges]
    merged: list[tuple[int, int]] = []
    for a, b in sorted(every):
        if merged and a <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return class_pattern(merged, negate=True)


def undrawable(text: str) -> list[str]:
    """The characters of ``text`` that no bundled font draws, once each, in order of appearance
    (whitespace and invisible controls aside)."""
    if text.isascii():
        return []
    found: dict[str, None] = {}
    for match in _uncovered_pattern().finditer(text):
        char = match.group(0)
        if not needs_no_glyph(char):
            found.setdefault(char, None)
    return list(found)


def describe(char: str) -> str:
    """``U+07D2 NKO LETTER N`` style name of one character."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X} {name}".rstrip()


def is_rtl(char: str) -> bool:
    """True for a strong right-to-left character (Hebrew, Arabic, Thaana, N'Ko ...)."""
    return unicodedata.bidirectional(char) in RTL_CLASSES


def first_strong_is_rtl(text: str) -> bool:
    """True when the first strong character of ``text`` is right-to-left: how Word and browsers
    choose a paragraph's direction (Unicode's rules P2 and P3)."""
    for char in text:
        direction = unicodedata.bidirectional(char)
        if direction in RTL_CLASSES:
            return True
        if direction == "L":
            return False
    return False
