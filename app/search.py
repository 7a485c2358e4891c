"""Full-text search over the store with SQLite FTS5 and forgiving folding.

Each searchable record has a row in ``search_docs`` (original text, for snippets) and a row with
the same rowid in the FTS5 table ``search_index`` holding the folded text. A user's query is split
into words in Python and every word is quoted, so nothing a user types is parsed as FTS syntax.
"""

from __future__ import annotations

import functools
import re
import sqlite3
from collections.abc import Iterable, Sequence

from app.domain import Book, Meeting, Note, Person, SearchHit, Section
from app.textfold import (
    alternate_spelling,
    cjk_spaced,
    fold,
    fold_with_map,
    is_cjk,
    query_terms,
    transliteration,
)

SNIPPET_CHARS = 140
# A query matching more records than this ranks only the newest of them (see search()).
RANKED_CANDIDATES = 2000
KINDS = ("book", "section", "person", "note", "meeting")
# bm25 weights for the columns title, body, alt: a hit in a title ranks first.
_RANKING = "bm25(search_index, 8.0, 1.0, 1.0)"
_MARKUP = "*_`#>|"  # Markdown marks left out of snippets
_BULLETS = ("- ", "+ ")  # "*" bullets are gone with the marks
_ENDS_CLAUSE = (".", ":", ";", "!", "?", ",", "…")


def _join(*parts: str) -> str:
    return "\n".join(part for part in parts if part)


def _put(
    db: sqlite3.Connection, kind: str, ref: str, book_id: str | None, title: str, body: str
) -> None:
    row = db.execute(
        "SELECT rowid FROM search_docs WHERE kind = ? AND ref = ?", [kind, ref]
    ).fetchone()
    if row is None:
        cursor = db.execute(
            "INSERT INTO search_docs (kind, ref, book_id, title, body) VALUES (?, ?, ?, ?, ?)",
            [kind, ref, book_id, title, body],
        )
        rowid = cursor.lastrowid
    else:
        rowid = row[0]
        db.execute(
            "UPDATE search_docs SET book_id = ?, title = ?, body = ? WHERE rowid = ?",
            [book_id, title, body, rowid],
        )
        db.execute("DELETE FROM search_index WHERE rowid = ?", [rowid])
    db.execute(
        "INSERT INTO search_index (rowid, title, body, alt) VALUES (?, ?, ?, ?)",
        [rowid, cjk_spaced(fold(title)), cjk_spaced(fold(body)), _alternates(f"{title}\n{body}")],
    )


def _alternates(text: str) -> str:
    """What the ``alt`` column holds: the ``ə→a`` spelling of a text with a schwa, and the
    Latin spelling of its words in other scripts (both "" for most texts)."""
    parts = [alternate_spelling(text), transliteration(text)]
    return cjk_spaced(" ".join(part for part in parts if part))


def remove(db: sqlite3.Connection, kind: str, refs: Sequence[str]) -> None:
    """Drop records from the index (call inside the transaction that deletes them)."""
    for ref in refs:
        row = db.execute(
            "SELECT rowid FROM search_docs WHERE kind = ? AND ref = ?", [kind, ref]
        ).fetchone()
        if row is not None:
            db.execute("DELETE FROM search_index WHERE rowid = ?", [row[0]])
            db.execute("DELETE FROM search_docs WHERE rowid = ?", [row[0]])


def index_book(db: sqlite3.Connection, book: Book) -> None:
    body = _join(book.subtitle, book.destination, book.organization, book.prepared_by, book.purpose)
    _put(db, "book", book.id, book.id, book.title, body)


def index_section(db: sqlite3.Connection, section: Section) -> None:
    from app.body_images import without_targets

    _put(db, "section", section.id, section.book_id, section.title, without_targets(section.body))


def index_person(db: sqlite3.Connection, person: Person) -> None:
    body = _join(
        person.native_name,
        person.title,
        person.organization,
        person.country,
        person.pronunciation,
        ", ".join(person.languages),
        ", ".join(person.tags),
        person.bio,
        # Last: in a snippet "Ms." before the title read as if it belonged to the title.
        person.honorific,
    )
    _put(db, "person", person.id, None, person.name, body)


def index_note(db: sqlite3.Connection, note: Note) -> None:
    body = _join(note.sector, note.country, note.body, "\n".join(note.sources))
    _put(db, "note", note.id, None, note.title, body)


def index_meeting(db: sqlite3.Connection, meeting: Meeting) -> None:
    _put(
        db,
        "meeting",
        meeting.id,
        meeting.book_id,
        meeting.title,
        _join(meeting.location, meeting.objective),
    )


def clear(db: sqlite3.Connection) -> None:
    """Empty the index (``Store.rebuild_search_index`` then indexes every record again)."""
    db.execute("DELETE FROM search_index")
    db.execute("DELETE FROM search_docs")


def match_expression(query: str) -> str:
    """The FTS5 MATCH expression for a user's query: every word quoted, prefix-matched."""
    clauses = []
    for spellings in query_terms(query):
        # A CJK word is a phrase of one-character words in the index (``cjk_spaced``).
        options = " OR ".join(f'"{cjk_spaced(spelling)}"*' for spelling in spellings)
        clauses.append(f"({options})" if len(spellings) > 1 else options)
    return " AND ".join(clauses)


def search(
    db: sqlite3.Connection, query: str, limit: int = 50, kinds: Iterable[str] | None = None
) -> list[SearchHit]:
    """Ranked hits for ``query`` with a snippet of the text around the first match.

    Ranking (bm25) costs about a microsecond per matching record, so a short prefix that matches
    most of a large store would cost tens of milliseconds per keystroke. When a query matches
    more than ``RANKED_CANDIDATES`` records, only the most recently added of them (the highest
    rowids) are ranked; typing another letter narrows the set and everything is ranked again.
    """
    expression = match_expression(query)
    if not expression:
        return []
    join, kind_filter = "", ""
    kind_params: list[str] = []
    if kinds is not None:
        chosen = [kind for kind in kinds if kind in KINDS]
        if not chosen:
            return []
        join = " JOIN search_docs d ON d.rowid = search_index.rowid"
        kind_filter = f" AND d.kind IN ({', '.join('?' for _ in chosen)})"
        kind_params = chosen
    floor = db.execute(
        f"SELECT search_index.rowid FROM search_index{join} "
        f"WHERE search_index MATCH ?{kind_filter} "
        "ORDER BY search_index.rowid DESC LIMIT 1 OFFSET ?",
        [expression, *kind_params, RANKED_CANDIDATES - 1],
    ).fetchone()
    # Only the rowids and ranks go through the sorter; the texts are read for the top hits alone.
    ranked = db.execute(
        f"SELECT search_index.rowid, {_RANKING} AS rank FROM search_index{join} "
        f"WHERE search_index MATCH ? AND search_index.rowid >= ?{kind_filter} "
        "ORDER BY rank LIMIT ?",
        [expression, floor[0] if floor else 0, *kind_params, limit],
    ).fetchall()
    if not ranked:
        return []
    docs = {
        row[0]: row[1:]
        for row in db.execute(
            "SELECT rowid, kind, ref, book_id, title, body FROM search_docs "
            f"WHERE rowid IN ({', '.join('?' for _ in ranked)})",
            [rowid for rowid, _ in ranked],
        ).fetchall()
    }
    terms = query_terms(query)
    hits = []
    for rowid, rank in ranked:
        kind, ref, book_id, title, body = docs[rowid]
        snippet, highlights = make_snippet(body, terms)
        hits.append(SearchHit(kind, ref, title, snippet, book_id, highlights, float(rank)))
    return _named_first(hits, terms)


# Among hits whose title holds every word of the query, the record named comes first: a
# person before the meetings named after them (bm25 prefers the meetings' shorter texts).
_TITLE_KIND_ORDER = {"person": 0, "note": 1, "book": 2, "section": 3, "meeting": 4}


def _named_first(hits: list[SearchHit], terms: list[list[str]]) -> list[SearchHit]:
    def key(position: int) -> tuple[int, int, int]:
        hit = hits[position]
        named = all(_first_match(hit.title, tuple(term)) is not None for term in terms)
        return (0, _TITLE_KIND_ORDER.get(hit.kind, 5), position) if named else (1, 0, position)

    return [hits[position] for position in sorted(range(len(hits)), key=key)]


@functools.lru_cache(maxsize=64)
def _any_term(spellings: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern matching any spelling at the start of a word of folded text (longest first,
    so a highlight covers the longest spelling typed). Cached: a query compiles it once."""
    ordered = sorted(set(spellings), key=len, reverse=True)
    # Each CJK character starts a word of its own (part of a name is found).
    return re.compile(
        r"(?:(?<!\w)|(?=[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf"
        r"\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f]))"
        "(?:" + "|".join(re.escape(s) for s in ordered) + ")"
    )


def _spellings(text: str) -> list[str]:
    """``text`` and, when it holds a schwa, its a-spelling (same length, same positions)."""
    if "ə" in text or "Ə" in text:
        return [text, text.replace("ə", "a").replace("Ə", "A")]
    return [text]


def _first_match(text: str, spellings: tuple[str, ...]) -> int | None:
    """Index in ``text`` where the first word starting with a searched spelling begins."""
    found: int | None = None
    for variant in _spellings(text):
        if variant.isascii():
            position = _earliest_word_start(variant.lower(), spellings)
        else:
            folded, source = fold_with_map(variant)
            position = _earliest_word_start(folded, spellings)
            position = None if position is None else source[position]
        if position is not None and (found is None or position < found):
            found = position
    return found


def _earliest_word_start(folded: str, spellings: tuple[str, ...]) -> int | None:
    # str.find runs at C speed; a regex with a look-behind would try every position in Python's
    # engine, three times slower on a typical body.
    found: int | None = None
    for spelling in spellings:
        position = folded.find(spelling)
        cjk = bool(spelling) and is_cjk(spelling[0])
        while (
            position > 0
            and not cjk
            and (folded[position - 1].isalnum() or folded[position - 1] == "_")
        ):
            if found is not None and position > found:
                break
            position = folded.find(spelling, position + 1)
        if position >= 0 and (found is None or position < found):
            found = position
    return found


def _match_spans(text: str, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    """Spans (in ``text``) of words that start with any of the spellings."""
    spans: set[tuple[int, int]] = set()
    for variant in _spellings(text):
        if variant.isascii():
            spans.update(match.span() for match in pattern.finditer(variant.lower()))
            continue
        folded, source = fold_with_map(variant)
        for match in pattern.finditer(folded):
            spans.add((source[match.start()], source[match.end() - 1] + 1))
    return sorted(spans)


def _plain(text: str) -> str:
    """One line of plain text: Markdown marks and list bullets dropped, and lines that end
    without punctuation (a meeting's location before its objective, a note's sector before
    its country) kept apart by a middle dot rather than run together."""
    # Plain string methods: regex substitutions cost several times more on a snippet.
    for mark in _MARKUP:
        if mark in text:
            text = text.replace(mark, "")
    if "\n" not in text:
        return " ".join(text.split())
    out: list[str] = []
    for raw in text.split("\n"):
        line = " ".join(raw.split())
        if line.startswith(_BULLETS):
            line = line[2:]
        if not line:
            continue
        if out and not out[-1].endswith(_ENDS_CLAUSE):
            out.append("·")
        out.append(line)
    return " ".join(out)


def _word_start_before(text: str, limit: int) -> int:
    """A cut point at or shortly before ``limit`` that does not split a word."""
    if limit <= 0:
        return 0
    space = max(text.rfind(" ", 0, limit), text.rfind("\n", 0, limit))
    return space + 1 if space >= 0 and limit - space < SNIPPET_CHARS else limit


def make_snippet(body: str, terms: list[list[str]]) -> tuple[str, list[tuple[int, int]]]:
    """A one-line excerpt of ``body`` around its first match, with highlight spans.

    The first match is found in the folded body with ``str.find``; only a short stretch around it
    is cleaned of Markdown and scanned for the words to highlight.
    """
    spellings = tuple(s for term in terms for s in term)
    first = _first_match(body, spellings) if spellings else None
    if first is not None:
        pattern = _any_term(spellings)
        cut = _word_start_before(body, first - SNIPPET_CHARS)
        piece = _plain(body[cut : first + 2 * SNIPPET_CHARS])
        spans = _match_spans(piece, pattern)
        if spans:  # none only when the match was inside Markdown markup that _plain removed
            return _window(piece, spans, cut_before=cut > 0)
    text = _plain(body[: 3 * SNIPPET_CHARS]).strip()
    if len(text) > SNIPPET_CHARS:
        return text[:SNIPPET_CHARS].rstrip() + "…", []
    return text, []


def _window(
    text: str, spans: list[tuple[int, int]], cut_before: bool
) -> tuple[str, list[tuple[int, int]]]:
    first = spans[0][0]
    start = max(0, first - SNIPPET_CHARS // 3)
    if start > 0 and text[start - 1] != " ":
        # Never open on half a word: back to the word's start if it is near, else forward
        # past it (the match itself is never cut: it starts on a word).
        space = text.rfind(" ", 0, start)
        if space >= 0 and first - space < SNIPPET_CHARS // 2:
            start = space + 1
        else:
            ahead = text.find(" ", start, first)
            start = ahead + 1 if ahead >= 0 else first
    end = min(len(text), start + SNIPPET_CHARS)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > first else end
    while start < first and text[start] == " ":
        start += 1
    prefix = "…" if start > 0 or cut_before else ""
    suffix = "…" if end < len(text) else ""
    snippet = prefix + text[start:end].rstrip() + suffix
    shift = len(prefix) - start
    highlights = [(s + shift, e + shift) for s, e in spans if s >= start and e <= end]
    return snippet, highlights
