"""Checking text: a dictionary and a book's lexicon together, and what preflight reports.

``Checker.misspellings(text)`` gives the misspelt words of a text with their places;
``field_misspellings`` groups them for a report (each word once, where it first occurs, how
often). ``SpellingSetup`` is what preflight needs to check a whole book: the dictionaries, the
book's lexicon and the default language.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.spelling.dictionaries import Dictionaries, Dictionary
from app.spelling.languages import resolve
from app.spelling.lexicon import Lexicon
from app.spelling.tokens import Word, line_and_column, words


class Checker:
    """Judges words in one language, accepting the lexicon's. Without a dictionary (a language
    BriefBook has none for) it flags nothing: such text is not checked at all."""

    def __init__(self, dictionary: Dictionary | None, lexicon: Lexicon) -> None:
        self.dictionary = dictionary
        self.lexicon = lexicon

    @property
    def active(self) -> bool:
        """Whether this checker judges anything (it has a dictionary)."""
        return self.dictionary is not None

    def is_misspelt(self, word: str) -> bool:
        """Whether ``word`` (already known to be checkable, see ``tokens.words``) is wrong."""
        dictionary = self.dictionary
        if dictionary is None or word in self.lexicon or not dictionary.covers(word):
            return False
        return not dictionary.knows(word)

    def verdict(self, word: str) -> bool | None:
        """Like ``is_misspelt`` but never asks Hunspell: None when the dictionary has not been
        asked about ``word`` yet (the editor asks in idle time instead of while typing)."""
        dictionary = self.dictionary
        if dictionary is None or word in self.lexicon or not dictionary.covers(word):
            return False
        known = dictionary.remembered(word)
        return None if known is None else not known

    def misspellings(self, text: str, markdown: bool = True) -> list[Word]:
        """The misspelt words of ``text``, in order, with their offsets."""
        if self.dictionary is None:
            return []
        return [word for word in words(text, markdown) if self.is_misspelt(word.word)]

    def suggestions(self, word: str) -> list[str]:
        """Hunspell's suggestions for ``word``, best first (slow: on demand only)."""
        return self.dictionary.suggestions(word) if self.dictionary is not None else []


@dataclass(frozen=True)
class FieldMisspelling:
    """One misspelt word of a field: where it first occurs (1-based line and column) and how
    many times it occurs."""

    word: str
    line: int
    column: int
    count: int


def field_misspellings(checker: Checker, text: str, markdown: bool) -> list[FieldMisspelling]:
    """Each misspelt word of ``text`` once, in order of first occurrence."""
    first: dict[str, Word] = {}
    counts: dict[str, int] = {}
    for found in checker.misspellings(text, markdown):
        first.setdefault(found.word, found)
        counts[found.word] = counts.get(found.word, 0) + 1
    report = []
    for word, found in first.items():
        line, column = line_and_column(text, found.start)
        report.append(FieldMisspelling(word, line, column, counts[word]))
    return report


@dataclass
class SpellingSetup:
    """Everything needed to check one book: dictionaries, its lexicon, the default language."""

    dictionaries: Dictionaries
    lexicon: Lexicon
    default_language: str

    def checker(self, book_language: str, section_language: str = "") -> Checker:
        language = resolve(book_language, section_language, self.default_language)
        return Checker(self.dictionaries.get(language), self.lexicon)
