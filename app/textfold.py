"""Folding text for forgiving search: case, accents and the ASCII spellings officers type.

Azerbaijani and Turkish letters have customary ASCII spellings (ş→s, ı→i ...). The schwa ``ə`` is
written both ``e`` and ``a`` (Məmmədov: Mammadov, Memmedov), so text holding it is indexed in both
spellings and a query holding it asks for both.
"""

from __future__ import annotations

import re
import unicodedata

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


def _fold_char(char: str) -> str:
    if char in _SPECIAL:
        return _SPECIAL[char]
    decomposed = unicodedata.normalize("NFKD", char)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    return base.casefold()


def fold(text: str, schwa: str = "e") -> str:
    """Lower-case ``text`` and strip accents; ``ə`` becomes ``schwa``."""
    out = []
    for char in text:
        out.append(schwa if char in _SCHWA else _fold_char(char))
    return "".join(out)


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """Fold ``text`` and return, for each folded character, the index of its source character."""
    folded: list[str] = []
    source: list[int] = []
    for index, char in enumerate(text):
        piece = _fold_char(char)
        folded.append(piece)
        source.extend([index] * len(piece))
    return "".join(folded), source


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
