"""Paragraphs in any script: shaping, direction and line breaking chosen per paragraph.

A paragraph whose text the style's own Noto face draws whole (every Latin, Cyrillic and Greek
paragraph) is laid out exactly as before: no shaping, no reordering, one regex search of cost.
Any other paragraph gets a variant of its style:

- ``shaping`` on when one of its fonts needs HarfBuzz (Arabic joining, Indic conjuncts and
  vowel reordering, Thai/Lao/Khmer/Myanmar marks);
- right-aligned, and its lines reordered right to left, when its first strong character is
  right-to-left (Unicode's rules P2/P3, as Word and browsers choose);
- reportlab's ``CJK`` wrapping (a line may break between any two characters) when it holds
  Chinese, Japanese or Korean and nothing that needs shaping.

reportlab 5.1 reorders right-to-left text only with the ``rlbidi`` package, which is not on
PyPI; HarfBuzz already puts each word's glyphs in visual order, so what is left is the order
of the words on each line: ``visual_order`` does that when a line is drawn (after wrapping, so
lines still break in reading order), keeping runs of left-to-right words and numbers in their
own order inside right-to-left text and the other way round.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import ShapedStr
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from app.glyphs import first_strong_is_rtl
from exports.fonts import (
    MONO,
    base_family,
    font_runs,
    is_bold,
    is_script_family,
    needs_fallback,
    script_face,
    script_font,
    use_family,
)

_CJK_FAMILIES = frozenset(("BriefBookHan", "BriefBookHangul"))
_PIECES = re.compile(r" +|[^ ]+")
RIGHT_TO_LEFT, LEFT_TO_RIGHT = "rtl", "ltr"


def script_style(style: ParagraphStyle, text: str) -> ParagraphStyle:
    """``style``, or the variant of it that ``text``'s scripts need (cached on the style).

    A paragraph written wholly in one other script takes that script's font as its own (no
    font changes inside it: reportlab then lays it out on its simpler, faster paths)."""
    family = base_family(style.fontName)
    if not needs_fallback(text, family) and not _has_marks(text):
        return style
    runs = font_runs(text, family)
    families = {fam for _, fam in runs if fam}
    shaping = _has_marks(text) or any(script_font(fam).shaped for fam in families)
    rtl_fonts = any(script_font(fam).rtl for fam in families)
    direction = RIGHT_TO_LEFT if first_strong_is_rtl(text) else LEFT_TO_RIGHT
    cjk = not shaping and bool(families & _CJK_FAMILIES)
    whole = ""
    if len(families) == 1 and all(fam for _, fam in runs) and family != MONO:
        whole = next(iter(families))  # code keeps its own font: its indent is &nbsp;
    key = (shaping, rtl_fonts, direction, cjk, whole)
    variants: dict[tuple[object, ...], ParagraphStyle] = style.__dict__.setdefault(
        "_script_variants", {}
    )
    if key not in variants:
        variant = style.clone(f"{style.name}-{'-'.join(map(str, key))}")
        variant.__dict__.pop("_script_variants", None)
        variant.shaping = 1 if shaping else 0
        if whole:
            variant.fontName = script_face(whole, is_bold(style.fontName))
        if cjk:
            variant.wordWrap = "CJK"
        if direction == RIGHT_TO_LEFT and style.alignment == TA_LEFT:
            variant.alignment = TA_RIGHT
        variant.bidi_direction = direction if (rtl_fonts or direction == RIGHT_TO_LEFT) else ""
        variant.script_variant = True
        variants[key] = variant
    return variants[key]


def _has_marks(text: str) -> bool:
    """Decomposed accents (Vietnamese typed as base letter + combining mark) need HarfBuzz to
    sit on their letter."""
    if text.isascii():
        return False
    return any(unicodedata.combining(char) for char in text)


class ScriptParagraph(Paragraph):
    """A reportlab Paragraph that draws each line's words in visual order when its style says
    the text holds right-to-left runs (``bidi_direction``, set by ``script_style``).

    The flag lives on the style, so the parts reportlab makes when it splits a paragraph across
    pages (``self.__class__(None, style, ...)``) keep it.

    A paragraph in other scripts is wrapped once per width: reportlab wraps a paragraph again
    for each keep-together group, list and table cell that measures it, and the lines of a
    shaped paragraph depend on the width alone.
    """

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if not getattr(self.style, "script_variant", False):
            return super().wrap(availWidth, availHeight)
        if getattr(self, "_wrapped_width", None) == availWidth and hasattr(self, "blPara"):
            return self.width, self.height
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        self._wrapped_width = availWidth
        return size

    def drawPara(self, debug: int = 0) -> None:
        direction = getattr(self.style, "bidi_direction", "")
        lines = getattr(self.blPara, "lines", None)
        if not direction or self.blPara.kind != 1 or not lines:
            super().drawPara(debug)
            return
        saved = [line.words for line in lines]
        for line in lines:
            line.words = visual_order(line.words, direction)
        try:
            super().drawPara(debug)
        finally:
            for line, words in zip(lines, saved, strict=True):
                line.words = words


def _kind(frag: Any, piece: str | None) -> str:
    """R (right-to-left word), L (left-to-right word), E (a number) or N (space, punctuation,
    an image or anchor)."""
    if piece is None or piece.isspace():
        return "N"
    if any(char.isdigit() for char in piece) and not any(char.isalpha() for char in piece):
        return "E"
    if _is_rtl_font(frag):
        # HarfBuzz output: presentation forms or private-use glyph codes; the font says R.
        return "R" if any(unicodedata.category(char)[0] in "LC" for char in piece) else "N"
    if any(char.isalpha() or unicodedata.category(char) == "Co" for char in piece):
        return "L"
    return "N"


def _is_rtl_font(frag: Any) -> bool:
    family = base_family(str(frag.fontName))
    return is_script_family(family) and script_font(family).rtl


def _is_punctuation(char: str) -> bool:
    return unicodedata.category(char)[0] in "PS"


def _tokens(words: list[Any]) -> list[tuple[Any, str | None]]:
    """Words, spaces, and the punctuation at either end of a left-to-right word (a full stop
    after a Latin name in Arabic text belongs to the Arabic, Unicode's rule N1/N2)."""
    tokens: list[tuple[Any, str | None]] = []
    for frag in words:
        text = getattr(frag, "text", None)
        if hasattr(frag, "cbDefn") or not text:
            tokens.append((frag, None))
            continue
        # Slicing reportlab's ShapedStr keeps each glyph's shaping data. A right-to-left
        # font's word is left whole: HarfBuzz has already put its punctuation in place.
        split = not _is_rtl_font(frag)
        for start, end in _pieces(text):
            if split and not text[start].isspace():
                head, tail = start, end
                while head < tail and _is_punctuation(text[head]):
                    head += 1
                while tail > head and _is_punctuation(text[tail - 1]):
                    tail -= 1
                if head < tail:
                    # One token per mark, so that brackets can pair (rule N0).
                    tokens += [(frag, text[i : i + 1]) for i in range(start, head)]
                    tokens.append((frag, text[head:tail]))
                    tokens += [(frag, text[i : i + 1]) for i in range(tail, end)]
                    continue
            tokens.append((frag, text[start:end]))
    return tokens


_ADDED = 0x7FFFFFFF  # reportlab's cluster for a space it put between two shaped words


def _pieces(text: str) -> list[tuple[int, int]]:
    """Spans of words and of the spaces between them. In shaped text only the spaces reportlab
    added between words count: a glyph HarfBuzz made that reportlab names with a space (Noto
    Sans Arabic draws the zero-width non-joiner in a Persian name with its space glyph) is
    part of its word."""
    data = getattr(text, "__shapeData__", None)
    if data is None:
        return [match.span() for match in _PIECES.finditer(text)]
    spans: list[tuple[int, int]] = []
    start = 0
    for index in range(1, len(text) + 1):
        if index == len(text) or _is_gap(text, data, index) != _is_gap(text, data, start):
            spans.append((start, index))
            start = index
    return spans


def _is_gap(text: str, data: Any, index: int) -> bool:
    return text[index] == " " and data[index].cluster == _ADDED


def _is_space(piece: str | None) -> bool:
    return piece is not None and piece.isspace()


def _runs_reversed(units: list[list[int]]) -> list[int]:
    return [index for unit in reversed(units) for index in unit]


_OPENING = {"(": ")", "[": "]", "{": "}", "«": "»", "‹": "›"}
_MIRROR = str.maketrans("()[]{}«»‹›<>", ")(][}{»«›‹><")


def _resolve_brackets(tokens: list[tuple[Any, str | None]], kinds: list[str], rtl: bool) -> None:
    """Unicode's rule N0 on paired brackets, in place: a pair takes the paragraph's direction
    when it encloses a word of that direction, or when it encloses only words of the other
    direction but the text before it is of the paragraph's direction; else the other one.
    ``(Salman Al-Fares)`` after an Arabic name in an Arabic sentence stays with the Arabic."""
    own, other = ("R", "L") if rtl else ("L", "R")
    stack: list[tuple[str, int]] = []
    pairs: list[tuple[int, int]] = []
    for index, (_, piece) in enumerate(tokens):
        if kinds[index] != "N" or piece is None or len(piece) != 1:
            continue
        if piece in _OPENING:
            stack.append((_OPENING[piece], index))
        elif stack and any(closing == piece for closing, _ in stack):
            while stack:
                closing, opened = stack.pop()
                if closing == piece:
                    pairs.append((opened, index))
                    break
    for opened, closed in sorted(pairs):
        inside = {"R" if k == "E" else k for k in kinds[opened + 1 : closed]}
        if own in inside:
            chosen = own
        elif other in inside:
            before = next(
                ("R" if k == "E" else k for k in reversed(kinds[:opened]) if k in "RLE"), own
            )
            chosen = other if before == other else own
        else:
            continue
        kinds[opened] = kinds[closed] = chosen


def visual_order(words: list[Any], direction: str) -> list[Any]:
    """A line's fragments (logical order) as fragments in the order they are drawn, left to
    right: a word-level form of Unicode's bidirectional algorithm (paired brackets and
    mirroring included; no explicit embeddings or isolates)."""
    tokens = _tokens(words)
    kinds = [_kind(frag, piece) for frag, piece in tokens]
    rtl = direction == RIGHT_TO_LEFT
    _resolve_brackets(tokens, kinds, rtl)
    count = len(tokens)
    start, end = 0, count
    # Spaces at either end of a line stay where they are (they are not part of its width).
    while start < end and _is_space(tokens[start][1]):
        start += 1
    while end > start and _is_space(tokens[end - 1][1]):
        end -= 1
    reversed_level: set[int] = set()  # tokens drawn right to left: their brackets mirror
    if rtl:
        # Left-to-right words (with the spaces and numbers between them) keep their order.
        units: list[list[int]] = []
        index = start
        while index < end:
            if kinds[index] == "L":
                last = index
                probe = index + 1
                while probe < end and kinds[probe] != "R":
                    if kinds[probe] == "L":
                        last = probe
                    probe += 1
                units.append(list(range(index, last + 1)))
                index = last + 1
            else:
                units.append([index])
                reversed_level.add(index)
                index += 1
        order = _runs_reversed(units)
    else:
        # Right-to-left words, with the spaces and numbers between them, are reversed.
        order = []
        index = start
        while index < end:
            if kinds[index] == "R":
                last = index
                probe = index + 1
                while probe < end and kinds[probe] != "L":
                    if kinds[probe] in ("R", "E"):
                        last = probe
                    probe += 1
                order.extend(range(last, index - 1, -1))
                reversed_level.update(range(index, last + 1))
                index = last + 1
            else:
                order.append(index)
                index += 1
    out: list[Any] = []
    for index in [*range(start), *order, *range(end, count)]:
        frag, piece = tokens[index]
        if piece is None:
            out.append(frag)
            continue
        if index in reversed_level and not _is_rtl_font(frag):
            piece = _mirrored(piece)  # HarfBuzz mirrors the right-to-left fonts' own
        clone = frag.clone()
        clone.text = piece
        out.append(clone)
    return out


def _mirrored(piece: str) -> str:
    mirrored = piece.translate(_MIRROR)
    if mirrored == piece:
        return piece
    data = getattr(piece, "__shapeData__", None)
    if data is None:
        return mirrored
    return ShapedStr(mirrored, shapeData=data)  # same glyph advances


def text_width(text: str, font_name: str, size: float) -> float:
    """The width of one line of ``text`` in ``font_name``, each run measured in its own font."""
    family = base_family(font_name)
    if not needs_fallback(text, family):
        return float(stringWidth(text, font_name, size))
    total = 0.0
    for piece, script in font_runs(text, family):
        total += stringWidth(piece, use_family(script) if script else font_name, size)
    return total


def draw_string(
    canvas: Canvas,
    x: float,
    y: float,
    text: str,
    font_name: str,
    size: float,
    colour: Any,
    align: str = "left",
) -> None:
    """One line of page furniture (the marking, the footer's title) at baseline ``y``: drawn
    as before when the font has every character, else as a one-line paragraph with font
    fallback, shaping and direction. ``x`` is the left edge, the centre or the right edge."""
    family = base_family(font_name)
    if not needs_fallback(text, family):
        canvas.setFont(font_name, size)
        canvas.setFillColor(colour)
        draw = {"left": canvas.drawString, "centre": canvas.drawCentredString}
        draw.get(align, canvas.drawRightString)(x, y, text)
        return
    from xml.sax.saxutils import escape

    style = ParagraphStyle(
        f"line-{font_name}-{size}",
        fontName=font_name,
        fontSize=size,
        leading=size * 1.2,
        textColor=colour,
        alignment=TA_LEFT,
    )
    style = script_style(style, text)
    runs = []
    for piece, script in font_runs(text, family):
        markup = escape(piece)
        if script:
            markup = f'<font face="{script_face(script, is_bold(font_name))}">{markup}</font>'
        runs.append(markup)
    paragraph = ScriptParagraph("".join(runs), style)
    width = text_width(text, font_name, size) + size  # room for shaping's small differences
    _, height = paragraph.wrap(width, size * 4)
    left = {"left": x, "centre": x - width / 2}.get(align, x - width)
    # The first line's baseline sits one font size below the paragraph's top.
    paragraph.drawOn(canvas, left, y - (height - size))
