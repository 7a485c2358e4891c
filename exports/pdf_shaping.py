"""HarfBuzz shaping through reportlab, one font at a time.

reportlab 5.1 shapes a paragraph's words with uharfbuzz (``ParagraphStyle.shaping``), but
``reportlab.pdfbase.ttfonts.shapeFragWord`` shapes a whole word with the *first* fragment's font
and then looks the glyph ids up in each fragment's own font. A word whose characters come from
two fonts (``(محمد)``: the brackets from Noto Sans Arabic, a Latin letter glued to a CJK one ...)
gets glyph ids of one font drawn with another: wrong or missing letters. ``install`` replaces the
function reportlab's paragraph module calls with ``shape_word``, which cuts the word into runs
of one font each and lets reportlab shape each run. It also leaves out the ``dlig`` feature
reportlab asks for: discretionary ligatures change how a name is written (Noto Sans Arabic
turns محمد into a single vowelled ﷴ glyph).

Upstream: reportlab 5.1.0 ``shapeFragWord`` (reproduced by
``tests/exports/test_scripts.py::test_reportlab_still_shapes_a_mixed_font_word_with_one_font``,
which fails once reportlab shapes each font itself; then remove this module).

Copy and search: a glyph HarfBuzz makes that the font's ``cmap`` does not name (an Indic
conjunct, a ligature) gets a private-use code from reportlab, and its ToUnicode map then sends
readers that code instead of the letters. ``shape_word`` records which letters each such glyph
stood for, and ``to_unicode_cmap`` (put in place of reportlab's ``makeToUnicodeCMap``) writes
them, so a PDF reader's search and copy find the name as typed. (Same upstream version.)

reportlab 5.1's ``PDFTextObject.setRise`` reads the last operator of a text object that may
have none yet: a line whose first glyph HarfBuzz lifts or lowers (a Thai, Tibetan or Lao vowel
mark on the first letter drawn) raised ``IndexError``. ``install`` gives it an empty operator
to read (reproduced by ``test_a_line_may_start_with_a_raised_glyph``).
"""

from __future__ import annotations

import itertools
import unicodedata
from collections import Counter
from typing import Any

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import paragraph as rl_paragraph

FEATURES = {"kern": True, "liga": True}

_original = ttfonts.shapeFragWord
_original_cmap = ttfonts.makeToUnicodeCMap
_PRIVATE = range(0xE000, 0xF900)
# Font face name -> private-use code reportlab gave a glyph -> the letters it stands for.
_PRIVATE_TEXT: dict[str, dict[int, str]] = {}


def _face_name(font_name: str) -> str:
    face = pdfmetrics.getFont(font_name).face
    return bytes(face.name).decode("latin-1")


def _record_private(text: str, shaped: Any) -> None:
    """Remember, for each private-use glyph in ``shaped``, the letters it draws: the letters of
    the word that no glyph with a real code point accounts for, taken from its own cluster
    first (compared decomposed, so a two-part Bengali vowel drawn as two glyphs counts once)."""
    glyphs: list[tuple[int, str, str]] = []  # (cluster, glyph char, font name)
    for item in shaped[1:]:
        frag, string = item[0], item[1]
        data = getattr(string, "__shapeData__", None)
        if data is None or hasattr(frag, "cbDefn"):
            continue
        glyphs.extend(
            (d.cluster, char, frag.fontName) for char, d in zip(string, data, strict=True)
        )
    private = sorted(g for g in glyphs if ord(g[1]) in _PRIVATE)
    if not private:
        return
    drawn = "".join(char for _, char, _ in glyphs if ord(char) not in _PRIVATE)
    wanted = Counter(_decomposed(text)) - Counter(_decomposed(drawn))
    starts = sorted({cluster for cluster, _, _ in glyphs} | {len(text)})
    ends = dict(itertools.pairwise(starts))
    for cluster, char, font in private:
        own = _decomposed(text[cluster : ends.get(cluster, len(text))])
        picked = [letter for letter in own if wanted[letter] > 0]
        if not picked:  # reordered out of its cluster: the next letter not yet drawn
            later = _decomposed(text[cluster:])
            picked = [letter for letter in later if wanted[letter] > 0][:1]
        if not picked:
            continue
        wanted -= Counter(picked)
        registry = _PRIVATE_TEXT.setdefault(_face_name(font), {})
        registry.setdefault(ord(char), "".join(picked))


def _decomposed(text: str) -> str:
    return unicodedata.normalize("NFKD", text)


# (word class, font, size, text, features) -> (result class, width, shaped text), or None
# when HarfBuzz changed nothing. reportlab wraps a paragraph again at every split, in tables
# and in keep-together groups, and shapes every word again each time; a word of one fragment
# is shaped once per export instead. Bounded: cleared when it grows past _CACHE_LIMIT.
_CACHE: dict[tuple[Any, ...], tuple[type, float, str] | None] = {}
_CACHE_LIMIT = 50_000


def _shape(word: Any, features: dict[str, bool], force: bool) -> Any:
    key = None
    if len(word) == 2 and not hasattr(word[1][0], "cbDefn") and not force:
        frag, text = word[1]
        key = (type(word), frag.fontName, frag.fontSize, str(text), tuple(features.items()))
        if key in _CACHE:
            cached = _CACHE[key]
            if cached is None:
                return word
            kind, width, shaped_text = cached
            return kind([width, (frag, shaped_text)])
    shaped = _original(word, features, force)
    if shaped is not word:
        text = "".join(item[1] for item in word[1:] if not hasattr(item[0], "cbDefn"))
        _record_private(text, shaped)
    if key is not None:
        if len(_CACHE) >= _CACHE_LIMIT:
            _CACHE.clear()
        single = shaped is word or (len(shaped) == 2 and shaped[1][0] is word[1][0])
        if single:
            _CACHE[key] = None if shaped is word else (type(shaped), shaped[0], shaped[1][1])
    return shaped


def to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap, with each recorded private-use glyph mapped to its letters."""
    face = fontname.split("+", 1)[-1]
    known = next((v for k, v in _PRIVATE_TEXT.items() if face.startswith(k)), {})
    cmap: str = _original_cmap(fontname, subset)
    for index, code in enumerate(subset):
        if code not in _PRIVATE:
            continue
        # A glyph that adds no letter of its own (a mark's second part, a joining stroke)
        # stands for no text: readers skip it rather than show a private-use character.
        letters = known.get(code, "")
        utf16 = letters.encode("utf-16-be").hex().upper()
        cmap = cmap.replace(f"<{index:02X}> <{code:04X}>", f"<{index:02X}> <{utf16}>", 1)
    return cmap


def _font_of(item: Any) -> str | None:
    frag = item[0]
    return None if hasattr(frag, "cbDefn") else str(frag.fontName)


def shape_word(word: Any, features: dict[str, bool] | None = None, force: bool = False) -> Any:
    """reportlab's ``shapeFragWord`` applied to each single-font run of ``word``."""
    if isinstance(word, ttfonts.ShapedFragWord):
        return word
    features = FEATURES if features is None else features
    items = word[1:]
    fonts = {_font_of(item) for item in items} - {None}
    if len(fonts) <= 1:
        return _shape(word, features, force)
    groups: list[list[Any]] = []
    for item in items:
        font = _font_of(item)
        if groups and font is not None and _font_of(groups[-1][-1]) == font:
            groups[-1].append(item)
        else:
            groups.append([item])
    total = 0.0
    parts: list[Any] = []
    for group in groups:
        font = _font_of(group[0])
        if font is None:  # an image or anchor: kept as it is
            parts.extend(group)
            continue
        width = sum(stringWidth(text, font, frag.fontSize) for frag, text in group)
        piece = type(word)([width, *group])
        shaped = _shape(piece, features, force)
        total += shaped[0]
        parts.extend(shaped[1:])
    return ttfonts.makeShapedFragWord(word)([total, *parts])


_original_set_rise = PDFTextObject.setRise


def _set_rise(self: PDFTextObject, rise: float) -> None:
    if not self._code:
        self._code.append("")
    _original_set_rise(self, rise)


def install() -> None:
    """Make reportlab's paragraphs shape through ``shape_word`` (idempotent)."""
    rl_paragraph.shapeFragWord = shape_word
    ttfonts.makeToUnicodeCMap = to_unicode_cmap
    PDFTextObject.setRise = _set_rise
