"""Folding text for forgiving search: case, accents and the ASCII spellings officers type.

Azerbaijani and Turkish letters have customary ASCII spellings (ş→s, ı→i ...). The schwa ``ə`` is
written both ``e`` and ``a`` (Məmmədov: Mammadov, Memmedov), so text holding it is indexed in both
spellings and a query holding it asks for both.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

# Letters whose ASCII spelling is not what Unicode decomposition gives.
_SPECIAL = {
    "ı": "i",
    "İ": "i",
    "ə": "e",
    "Ə": "e",
    "ß": "ss",
    "ø": "o",
    "Ø": "o",
    "ł": "l",
    "Ł": "l",
    "đ": "d",
    "Đ": "d",
    "æ": "ae",
    "Æ": "ae",
    "œ": "oe",
    "Œ": "oe",
}
_SCHWA = frozenset("əƏ")
_WORD = re.compile(r"\w+", re.UNICODE)
_NON_ASCII_RUN = re.compile(r"([^\x00-\x7f]+)")


def _fold_char(char: str) -> str:
    if char in _SPECIAL:
        return _SPECIAL[char]
    decomposed = unicodedata.normalize("NFKD", char)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    return base.casefold()


class _FoldTable(dict[int, str]):
    """A ``str.translate`` table filled on first sight of each character, so folding runs at C
    speed once a text's alphabet has been seen. Remembers characters that fold to other than
    exactly one character, since those shift positions."""

    def __init__(self) -> None:
        super().__init__()
        self.irregular: set[str] = set()

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = _fold_char(char)
        if len(folded) != 1:
            self.irregular.add(char)
        self[code] = folded
        return folded


_TABLE = _FoldTable()


def fold(text: str, schwa: str = "e") -> str:
    """Lower-case ``text`` and strip accents; ``ə`` becomes ``schwa``."""
    if text.isascii():
        return text.lower()
    if schwa != "e":
        text = text.replace("ə", schwa).replace("Ə", schwa)
    # str.translate looks characters up one at a time; on mostly-ASCII prose it is several times
    # faster to lower-case the ASCII runs and translate only the runs of other letters.
    parts = _NON_ASCII_RUN.split(text)
    parts[0::2] = [part.lower() for part in parts[0::2]]
    parts[1::2] = [part.translate(_TABLE) for part in parts[1::2]]
    return "".join(parts)


def fold_with_map(text: str) -> tuple[str, Sequence[int]]:
    """Fold ``text`` and return, for each folded character, the index of its source character."""
    folded = fold(text)
    if len(folded) == len(text) and not _TABLE.irregular.intersection(text):
        return folded, range(len(text))
    pieces: list[str] = []
    source: list[int] = []
    for index, char in enumerate(text):
        piece = fold(char)
        pieces.append(piece)
        source.extend([index] * len(piece))
    return "".join(pieces), source


def alternate_spelling(text: str) -> str:
    """The ``ə→a`` spelling of ``text``, or "" when it has no schwa (nothing extra to index)."""
    if not any(char in _SCHWA for char in text):
        return ""
    return fold(text, schwa="a")


def query_terms(query: str) -> list[list[str]]:
    """Split a user's query into words; each word is a list of its folded spellings.

    Punctuation separates words and is never passed on, so FTS syntax in a query is just text.
    """
    terms: list[list[str]] = []
    for match in _WORD.finditer(query):
        word = match.group(0)
        spellings = [fold(word)]
        alternate = alternate_spelling(word)
        if alternate and alternate not in spellings:
            spellings.append(alternate)
        # "_" counts as a word character for \w but not for FTS5's tokenizer.
        spellings = [s.replace("_", " ").strip() for s in spellings]
        spellings = [s for s in spellings if s]
        if spellings:
            terms.append(spellings)
    return terms
