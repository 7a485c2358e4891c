"""The words spelling never flags in a book: the names, places and titles the book is about.

A briefing book is full of names no dictionary holds (Əsədov, Mammadov, Kress, Sumqayıt). Every
word of every person's name and native-script name, the destination, the schedule's places, the
sector notes' titles, the personal dictionary and the book's ignored words is accepted, in any
case and with a possessive ("Mammadov's"). Words are taken whole from a name in any script, so
the Latin words inside a non-Latin name are accepted too, never checked.
"""

from __future__ import annotations

from collections.abc import Iterable

from app.domain import LexiconSources
from app.spelling.tokens import WORD_PATTERN

_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'"})
_POSSESSIVES = ("'s", "'")
_BATCH = 1000


def _key(word: str) -> str:
    # "İ".casefold() is "i" + a combining dot above: drop the dot so İlham, ILHAM and Ilham meet.
    return word.translate(_APOSTROPHES).casefold().replace("\u0307", "")


class Lexicon:
    """A set of accepted words, compared without regard to case or apostrophe style."""

    def __init__(self, texts: Iterable[str] = ()) -> None:
        # A large library has 60,000 names and titles: the pattern runs over a thousand texts
        # at a time (a few milliseconds: a regular expression holds the GIL while it runs, and
        # the lexicon is built in a worker beside the GUI thread), and each different word is
        # folded once. Words are cut before case folding: "İ".casefold() adds a combining dot,
        # which is not a letter and would cut "İlham" in two.
        found: set[str] = set()
        batch: list[str] = []
        for text in texts:
            batch.append(text)
            if len(batch) == _BATCH:
                found.update(WORD_PATTERN.findall("\n".join(batch)))
                batch.clear()
        found.update(WORD_PATTERN.findall("\n".join(batch)))
        self._words: set[str] = {_key(word) for word in found}

    @classmethod
    def from_sources(cls, sources: LexiconSources) -> Lexicon:
        """The lexicon of one book (``Store.lexicon_sources``)."""
        return cls(
            [
                *sources.names,
                *sources.places,
                *sources.note_titles,
                *sources.personal,
                *sources.ignored,
            ]
        )

    def add_text(self, text: str) -> None:
        """Accept every word of ``text`` (a name, a place, a title)."""
        self._words.update(_key(word) for word in WORD_PATTERN.findall(text))

    def add_word(self, word: str) -> None:
        """Accept ``word``."""
        self._words.add(_key(word))

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        key = _key(word)
        if key in self._words:
            return True
        return any(
            key.endswith(ending) and key[: -len(ending)] in self._words for ending in _POSSESSIVES
        )

    def words(self) -> frozenset[str]:
        """The accepted words, folded."""
        return frozenset(self._words)

    def __len__(self) -> int:
        return len(self._words)
