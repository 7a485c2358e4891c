"""Finding a comment's quoted words again after the text around them changed.

A comment keeps the words it is about and the offset where they were last seen. Edits before
the words move them; edits elsewhere leave them. The words are looked for exactly first (the
occurrence nearest the old offset wins, so a repeated phrase keeps its own comment), then with
runs of white space and letter case ignored. Words that are gone are reported as gone: the
comment stays on its section and says the words changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Anchor:
    """Where quoted words are now: ``start`` and ``end`` offsets into the text."""

    start: int
    end: int


def _occurrences(text: str, quote: str) -> list[int]:
    found = []
    start = text.find(quote)
    while start != -1:
        found.append(start)
        start = text.find(quote, start + 1)
    return found


def _folded(text: str) -> tuple[str, list[int]]:
    """``text`` with white space runs made one space and case folded, with a map back."""
    out: list[str] = []
    where: list[int] = []
    index = 0
    while index < len(text):
        match = _SPACE.match(text, index)
        if match:
            out.append(" ")
            where.append(index)
            index = match.end()
            continue
        for char in text[index].casefold():
            out.append(char)
            where.append(index)
        index += 1
    where.append(len(text))
    return "".join(out), where


def locate(text: str, quote: str, hint: int | None = None) -> Anchor | None:
    """Where ``quote`` is in ``text`` now, nearest ``hint``; None when the words are gone."""
    if not quote.strip():
        return None
    near = hint if hint is not None else 0
    exact = _occurrences(text, quote)
    if exact:
        start = min(exact, key=lambda at: (abs(at - near), at))
        return Anchor(start, start + len(quote))
    folded_text, where = _folded(text)
    folded_quote, _ = _folded(quote.strip())
    loose = _occurrences(folded_text, folded_quote)
    if not loose:
        return None
    best = min(loose, key=lambda at: (abs(where[at] - near), at))
    end_index = best + len(folded_quote)
    return Anchor(where[best], where[end_index - 1] + 1)
