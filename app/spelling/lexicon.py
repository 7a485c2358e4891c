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
from app.spelling.tokens import all_words

_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'"})
_POSSESSIVES = ("'s", "'")


def _key(word: str) -> str:
    return word.translate(_APOSTROPHES).casefold()


class Lexicon:
    """A set of accepted words, compared without regard to case or apostrophe style."""

    def __init__(self, texts: Iterable[str] = ()) -> None:
        self._words: set[str] = set()
        for text in texts:
            self.add_text(text)

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
        for word in all_words(text):
            self._words.add(_key(word))

    def add_word(self, word: str) -> None:
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

    def __len__(self) -> int:
        return len(self._words)
