"""Splitting prose into the words a spelling checker should look at.

``words(text, markdown=True)`` returns each word with its place in ``text``. What is not prose
is left out before splitting, by blanking it with spaces so every offset stays true: code
(fenced and inline), link and image targets, reference definitions, autolinks and HTML tags,
URLs, e-mail addresses, paths, domain names, and identifiers with digits or inner underscores
(``COP29``, ``3rd``, ``snake_case``). Of the words left, acronyms in capitals (``SOCAR``),
words with a capital inside (``iPhone``, ``McKinsey``) and single letters are not checked.

This is masking, not parsing: the Markdown structure itself (headings, lists, emphasis, tables)
is punctuation to the word pattern and needs no parser.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# A word: letters, with apostrophes inside (don't, Mammadov's, l'État). Hyphens split words.
WORD_PATTERN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_WORD = WORD_PATTERN

_FENCED_CODE = re.compile(r"^ {0,3}(```|~~~)[^\n]*\n.*?(?:^ {0,3}\1[^\n]*$|\Z)", re.M | re.S)
_INLINE_CODE = re.compile(r"(`+)[^`].*?\1", re.S)
_LINK_TARGET = re.compile(r"\]\([^)\n]*\)")
_REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[[^\]\n]+\]:[^\n]*$", re.M)
_ANGLE = re.compile(r"<[^<>\n]+>")  # autolinks <https://...> and inline HTML tags
_ENTITY = re.compile(r"&#?\w+;")
# Each starts only where a word or chunk starts (lookbehinds), so a long text costs one pass;
# each runs only when the text has the character it needs (most paragraphs need none of them).
_ALWAYS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r"(?<![\w.+-])(?:[a-z][a-z0-9+.-]*://|www\.)\S+", re.I), ("://", "www.", "WWW.")),
    (re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), ("@",)),  # e-mail addresses
    (re.compile(r"(?<!\S)[^\s/\\]*[/\\]\S*"), ("/", "\\")),  # paths, and/or-style pairs
    (re.compile(r"(?<![\w.-])[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}\b"), (".",)),  # mfa.gov.az
    # with digits or inner underscores: COP29, 3rd, snake_case
    (re.compile(r"\b\w*?(?:\d|[^\W\d_]_[^\W\d_])\w*"), ("_", *"0123456789")),
)
_MARKDOWN_ONLY: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (_FENCED_CODE, ("```", "~~~")),
    (_INLINE_CODE, ("`",)),
    (_LINK_TARGET, ("](",)),
    (_REFERENCE_DEFINITION, ("]:",)),
    (_ANGLE, ("<",)),
    (_ENTITY, ("&",)),
)


class Word(NamedTuple):
    """One word of a text: ``text[start:end] == word``. (A tuple: a frozen dataclass costs
    ~4 µs a word to make, a third of a paragraph's checking.)"""

    start: int
    end: int
    word: str


def _blank(text: str, pattern: re.Pattern[str]) -> str:
    return pattern.sub(lambda match: " " * len(match.group(0)), text)


def mask(text: str, markdown: bool = True) -> str:
    """``text`` with everything that is not prose replaced by spaces (same length)."""
    for pattern, needs in (*(_MARKDOWN_ONLY if markdown else ()), *_ALWAYS):
        if any(needle in text for needle in needs):
            text = _blank(text, pattern)
    return text


def is_checkable(word: str) -> bool:
    """Whether a word is one a dictionary should judge (not an acronym, mixed-case name or
    single letter)."""
    if len(word) < 2 or word.isupper():
        return False  # single letters; acronyms: SOCAR, UNCLASSIFIED
    # A capital after the first letter: iPhone, McKinsey, DiCaprio are names, not typos.
    rest = word[1:]
    return rest == rest.lower()


def words(text: str, markdown: bool = True) -> list[Word]:
    """The checkable words of ``text`` in order (see the module docstring for what is left out)."""
    masked = mask(text, markdown)
    found: list[Word] = []
    for match in _WORD.finditer(masked):
        word = match.group(0)
        if is_checkable(word):
            found.append(Word(match.start(), match.end(), word))
    return found


def all_words(text: str) -> list[str]:
    """Every run of letters in ``text`` (any script, any case), for building a names lexicon."""
    return [match.group(0) for match in _WORD.finditer(text)]


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column
