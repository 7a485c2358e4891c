"""Folding text for forgiving search: case, accents and the ASCII spellings officers type.

Azerbaijani and Turkish letters have customary ASCII spellings (ş→s, ı→i ...). The schwa ``ə`` is
written both ``e`` and ``a`` (Məmmədov: Mammadov, Memmedov), so text holding it is indexed in both
spellings and a query holding it asks for both.

Other scripts:

- Kazakh and Uzbek Cyrillic letters fold to their Russian neighbours (қ ғ ү ұ ө ә ң һ ҳ і →
  к г у у о а н х х и), so ``Токаев`` finds ``Тоқаев``.
- Arabic script: harakat (combining marks) and tatweel are dropped; alef with hamza or madda
  and alef wasla fold to alef, hamza on waw/yeh to waw/yeh, alef maqsura and Persian yeh to
  yeh, Persian kaf to kaf, ta marbuta to heh.
- Hebrew: niqqud and cantillation (combining marks) are dropped.
- Chinese, Japanese and Korean have no spaces between words: the index holds each of their
  characters as a word of its own (``cjk_spaced``) and a query's CJK word becomes a phrase, so
  part of a name finds it.
- ``transliteration`` gives the Latin spelling (anyascii) of the words in other scripts, for
  the index's alternate column: a Latin query finds a name written in Cyrillic, Greek,
  Georgian, Armenian, Arabic ... (Greek also in its customary spelling: ου → ou).
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
# Applied after case folding and accent stripping.
_AFTER = {
    # Kazakh, Uzbek (and Bashkir, Tatar) Cyrillic -> Russian letters.
    "қ": "к",
    "ғ": "г",
    "ү": "у",
    "ұ": "у",
    "ө": "о",
    "ә": "а",
    "ң": "н",
    "һ": "х",
    "ҳ": "х",
    "і": "и",
    # Arabic script (alef/waw/yeh with hamza or madda already lose it by decomposition).
    "ٱ": "ا",
    "ى": "ي",
    "ی": "ي",
    "ک": "ك",
    "ة": "ه",
    "ـ": "",  # tatweel: stretches a word, is not a letter
}
_SCHWA = frozenset("əƏ")
_NON_ASCII_RUN = re.compile(r"([^\x00-\x7f]+)")
_CJK = re.compile(
    "([\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff"
    "\ua960-\ua97f\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f])"
)
# Letters of scripts other than Latin (Greek and Cyrillic onwards, CJK, Hangul, Ethiopic ...).
_OTHER_SCRIPT = re.compile(
    "[\u0370-\u1dff\u2c00-\u2dff\u2e80-\u2fdf\u3040-\ua4cf\ua640-\ua6ff"
    "\ua800-\ud7ff\uf900-\ufaff\ufb1d-\ufdff\ufe70-\ufeff\U00010000-\U0003134f]"
)


def _fold_char(char: str) -> str:
    if char in _SPECIAL:
        return _SPECIAL[char]
    decomposed = unicodedata.normalize("NFKD", char)
    base = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return "".join(_AFTER.get(c, c) for c in base)


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


def cjk_spaced(text: str) -> str:
    """``text`` with each Chinese, Japanese or Korean character set apart as a word of its own
    (what the index holds, so that part of a name is a run of whole words)."""
    if text.isascii() or not _CJK.search(text):
        return text
    return " ".join(_CJK.sub(r" \1 ", text).split())


def is_cjk(char: str) -> bool:
    """True for a character ``cjk_spaced`` sets apart."""
    return _CJK.fullmatch(char) is not None


def transliteration(text: str) -> str:
    """The Latin spelling (anyascii, folded) of the words of ``text`` written in other scripts
    than Latin; "" when there are none (the common case costs one regex search)."""
    if text.isascii() or not _OTHER_SCRIPT.search(text):
        return ""
    from anyascii import anyascii  # 1 MB of tables, loaded only for such text

    words = [word for word in words_of(fold(text)) if _OTHER_SCRIPT.search(word)]
    spelled: dict[str, None] = {}
    for word in dict.fromkeys(words):
        spelled[fold(anyascii(word))] = None
        greek = _customary_greek(word)
        if greek != word:
            spelled[fold(anyascii(greek))] = None
    return " ".join(word for word in spelled if word.strip())


# Greek digraphs as names are customarily spelled in Latin (ELOT 743), where anyascii spells
# letter by letter: Παπαδοπούλου is Papadopoulou, not Papadopoyloy; Ευάγγελος is Evangelos.
_GREEK_DIGRAPHS = (("ου", "ou"), ("αυ", "av"), ("ευ", "ev"), ("γγ", "ng"), ("μπ", "b"))


def _customary_greek(word: str) -> str:
    for greek, latin in _GREEK_DIGRAPHS:
        word = word.replace(greek, latin)
    return word


def words_of(text: str) -> list[str]:
    """The words of ``text``: runs of letters and digits with the marks that belong to them
    (Indic vowel signs, Thai tone marks), as FTS5 splits them. Everything else separates."""
    words: list[str] = []
    start = -1
    for index, char in enumerate(text):
        if char.isalnum() or (start >= 0 and unicodedata.category(char)[0] == "M"):
            if start < 0:
                start = index
        elif start >= 0:
            words.append(text[start:index])
            start = -1
    if start >= 0:
        words.append(text[start:])
    return words


def query_terms(query: str) -> list[list[str]]:
    """Split a user's query into words; each word is a list of its folded spellings.

    Punctuation separates words and is never passed on, so FTS syntax in a query is just text.
    """
    terms: list[list[str]] = []
    for word in words_of(query):
        spellings = [fold(word)]
        alternate = alternate_spelling(word)
        if alternate and alternate not in spellings:
            spellings.append(alternate)
        spellings = [s.strip() for s in spellings if s.strip()]
        if spellings:
            terms.append(spellings)
    return terms
