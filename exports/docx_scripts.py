"""Scripts in the DOCX: which font slot, language and direction each run of text carries.

Word picks a character's font from one of four slots of ``w:rFonts`` (``ascii``/``hAnsi`` for
Latin and other simple alphabets, ``eastAsia`` for Chinese, Japanese and Korean, ``cs`` for
complex scripts once the run says ``w:cs`` or ``w:rtl``), and lays out right-to-left only runs
marked ``w:rtl`` in paragraphs marked ``w:bidi``. Left alone it guesses, substitutes fonts and
sets Arabic left to right. So a text run that holds another script is cut into runs of one
script each, and each names its font in every slot, its language (``w:lang``: Word's fallback
font choice and spelling follow it) and, for Arabic, Hebrew and Thaana, ``w:rtl``.

The fonts named are the ones the PDF embeds (``resources/fonts``); a machine without them
substitutes by the language given.
"""

from __future__ import annotations

import bisect
import unicodedata
from dataclasses import dataclass

from lxml import etree

from app.glyphs import first_strong_is_rtl

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"


@dataclass(frozen=True)
class Script:
    """How Word should set one script: the font, the language tag and the ``w:lang``
    attribute it goes in (``val``, ``eastAsia`` or ``bidi``), and the run's direction."""

    name: str
    font: str
    lang: str
    lang_slot: str = "bidi"  # complex scripts
    rtl: bool = False

    @property
    def complex(self) -> bool:
        return self.lang_slot == "bidi"


def _cs(name: str, lang: str, rtl: bool = False) -> Script:
    return Script(name, f"Noto Sans {name}", lang, "bidi", rtl)


def _simple(name: str, lang: str) -> Script:
    return Script(name, f"Noto Sans {name}", lang, "val")


ARABIC = _cs("Arabic", "ar-SA", rtl=True)
PERSIAN = Script("Persian", "Noto Sans Arabic", "fa-IR", "bidi", True)
URDU = Script("Urdu", "Noto Sans Arabic", "ur-PK", "bidi", True)
HAN = Script("Han", "Droid Sans Fallback", "zh-CN", "eastAsia")
JAPANESE = Script("Japanese", "Droid Sans Fallback", "ja-JP", "eastAsia")
HANGUL = Script("Hangul", "NanumGothic", "ko-KR", "eastAsia")

# (first, last, script) by code point; characters outside these take the paragraph's fonts.
_RANGES: list[tuple[int, int, Script]] = sorted(
    [
        (0x0590, 0x05FF, _cs("Hebrew", "he-IL", rtl=True)),
        (0xFB1D, 0xFB4F, _cs("Hebrew", "he-IL", rtl=True)),
        (0x0600, 0x06FF, ARABIC),
        (0x0750, 0x077F, ARABIC),
        (0x08A0, 0x08FF, ARABIC),
        (0xFB50, 0xFDFF, ARABIC),
        (0xFE70, 0xFEFF, ARABIC),
        (0x0780, 0x07BF, _cs("Thaana", "dv-MV", rtl=True)),
        (0x0900, 0x097F, _cs("Devanagari", "hi-IN")),
        (0xA8E0, 0xA8FF, _cs("Devanagari", "hi-IN")),
        (0x0980, 0x09FF, _cs("Bengali", "bn-BD")),
        (0x0A00, 0x0A7F, _cs("Gurmukhi", "pa-IN")),
        (0x0A80, 0x0AFF, _cs("Gujarati", "gu-IN")),
        (0x0B00, 0x0B7F, _cs("Oriya", "or-IN")),
        (0x0B80, 0x0BFF, _cs("Tamil", "ta-IN")),
        (0x0C00, 0x0C7F, _cs("Telugu", "te-IN")),
        (0x0C80, 0x0CFF, _cs("Kannada", "kn-IN")),
        (0x0D00, 0x0D7F, _cs("Malayalam", "ml-IN")),
        (0x0D80, 0x0DFF, _cs("Sinhala", "si-LK")),
        (0x0E00, 0x0E7F, _cs("Thai", "th-TH")),
        (0x0E80, 0x0EFF, _cs("Lao", "lo-LA")),
        (0x1000, 0x109F, _cs("Myanmar", "my-MM")),
        (0x1780, 0x17FF, _cs("Khmer", "km-KH")),
        (0x0F00, 0x0FFF, Script("Tibetan", "Noto Serif Tibetan", "dz-BT", "bidi")),
        (0x2D30, 0x2D7F, _simple("Tifinagh", "zgh-MA")),
        (0x19E0, 0x19FF, _cs("Khmer", "km-KH")),
        (0x10A0, 0x10FF, _simple("Georgian", "ka-GE")),
        (0x1C90, 0x1CBF, _simple("Georgian", "ka-GE")),
        (0x0530, 0x058F, _simple("Armenian", "hy-AM")),
        (0x1200, 0x139F, _simple("Ethiopic", "am-ET")),
        (0x2D80, 0x2DDF, _simple("Ethiopic", "am-ET")),
        (0x1100, 0x11FF, HANGUL),
        (0x3130, 0x318F, HANGUL),
        (0xA960, 0xA97F, HANGUL),
        (0xAC00, 0xD7FF, HANGUL),
        (0x3040, 0x30FF, JAPANESE),
        (0x31F0, 0x31FF, JAPANESE),
        (0x2E80, 0x2FDF, HAN),
        (0x3000, 0x303F, HAN),
        (0x3190, 0x31EF, HAN),
        (0x3400, 0x4DBF, HAN),
        (0x4E00, 0x9FFF, HAN),
        (0xF900, 0xFAFF, HAN),
        (0xFF00, 0xFFEF, HAN),
        (0x20000, 0x3134F, HAN),
    ],
    key=lambda item: item[0],
)
_STARTS = [first for first, _, _ in _RANGES]
_PERSIAN_LETTERS = frozenset("پچژگکی")
_URDU_LETTERS = frozenset("ٹڈڑںہھےۓ")


def script_of(char: str) -> Script | None:
    """The script a character is set in, or None for Latin, Cyrillic, Greek and neutrals."""
    code = ord(char)
    index = bisect.bisect_right(_STARTS, code) - 1
    if index >= 0:
        first, last, script = _RANGES[index]
        if first <= code <= last:
            return script
    return None


def _is_neutral(char: str) -> bool:
    return unicodedata.category(char)[0] in "ZPSNMC"


def _refine(script: Script, piece: str, whole: str) -> Script:
    """Arabic-script text in Persian or Urdu, Han text in Japanese: told by their letters."""
    if script is ARABIC:
        if _URDU_LETTERS.intersection(piece):
            return URDU
        if _PERSIAN_LETTERS.intersection(piece):
            return PERSIAN
    if script is HAN and any(0x3040 <= ord(char) <= 0x30FF for char in whole):
        return JAPANESE
    return script


def script_runs(text: str) -> list[tuple[str, Script | None]]:
    """``text`` cut into runs of one script (None: the paragraph's own fonts). Spaces, digits
    and punctuation stay in the run they follow, so a name and its comma share a run."""
    runs: list[tuple[str, Script | None]] = []
    current: Script | None = None
    piece: list[str] = []
    for char in text:
        script = script_of(char)
        if script is None and piece and _is_neutral(char):
            piece.append(char)
            continue
        if script is not None and current is not None and script.font == current.font:
            script = current  # Japanese kana and kanji, Persian letters: one run
        if piece and script is not current:
            runs.append(("".join(piece), current))
            piece = []
        current = script
        piece.append(char)
    if piece:
        runs.append(("".join(piece), current))
    return [(piece, _refine(s, piece, text) if s else None) for piece, s in runs]


def needs_scripts(text: str) -> bool:
    """True when ``text`` holds a character of a script in the table (cheap for Latin text)."""
    if text.isascii():
        return False
    return any(script_of(char) is not None for char in text if ord(char) >= 0x0530)


def _child(rpr: etree._Element, tag: str, attrs: dict[str, str], index: int = -1) -> None:
    element = etree.Element(W + tag)
    for key, value in attrs.items():
        element.set(W + key, value)
    if index < 0:
        rpr.append(element)
    else:
        rpr.insert(index, element)


def script_rpr(rpr: etree._Element | None, script: Script) -> etree._Element:
    """A copy of ``rpr`` (or a new ``w:rPr``) that sets ``script``'s fonts, language and
    direction, in schema order (``rFonts`` after ``rStyle``; ``rtl``, ``cs``, ``lang`` last:
    the writer's own run properties all come before them)."""
    import copy

    out = copy.deepcopy(rpr) if rpr is not None else etree.Element(W + "rPr")
    at = 1 if len(out) and etree.QName(out[0]).localname == "rStyle" else 0
    font = script.font
    _child(out, "rFonts", dict.fromkeys(("ascii", "hAnsi", "eastAsia", "cs"), font), at)
    if script.rtl:
        _child(out, "rtl", {})
    elif script.complex:
        _child(out, "cs", {})
    _child(out, "lang", {script.lang_slot: script.lang})
    return out


def paragraph_is_rtl(p: etree._Element) -> bool:
    """True when a ``w:p``'s first strong character is right-to-left."""
    text = "".join(t.text or "" for t in p.iter(W + "t"))
    return not text.isascii() and first_strong_is_rtl(text)
