"""Full-text search over the store with SQLite FTS5 and forgiving folding.

Each searchable record has a row in ``search_docs`` (original text, for snippets) and a row with
the same rowid in the FTS5 table ``search_index`` holding the folded text. A user's query is split
into words in Python and every word is quoted, so nothing a user types is parsed as FTS syntax.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import sqlite_utils

from app.domain import Book, Meeting, Note, Person, SearchHit, Section
from app.textfold import alternate_spelling, fold, fold_with_map, query_terms

if TYPE_CHECKING:
    from app.store import Store

SNIPPET_CHARS = 140
_SCAN_CHUNK = 2000  # fold long bodies piece by piece until the first match
KINDS = ("book", "section", "person", "note", "meeting")
# bm25 weights for the columns title, body, alt: a hit in a title ranks first.
_RANKING = "bm25(search_index, 8.0, 1.0, 1.0)"
_SPACE = re.compile(r"\s+")
_MARKUP = re.compile(r"[*_`#>|]+")


def _join(*parts: str) -> str:
    return "\n".join(part for part in parts if part)


def _put(
    db: sqlite_utils.Database, kind: str, ref: str, book_id: str | None, title: str, body: str
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
    alt = alternate_spelling(f"{title}\n{body}")
    db.execute(
        "INSERT INTO search_index (rowid, title, body, alt) VALUES (?, ?, ?, ?)",
        [rowid, fold(title), fold(body), alt],
    )


def remove(db: sqlite_utils.Database, kind: str, refs: Sequence[str]) -> None:
    """Drop records from the index (call inside the transaction that deletes them)."""
    for ref in refs:
        row = db.execute(
            "SELECT rowid FROM search_docs WHERE kind = ? AND ref = ?", [kind, ref]
        ).fetchone()
        if row is not None:
            db.execute("DELETE FROM search_index WHERE rowid = ?", [row[0]])
            db.execute("DELETE FROM search_docs WHERE rowid = ?", [row[0]])


def index_book(db: sqlite_utils.Database, book: Book) -> None:
    body = _join(book.subtitle, book.destination, book.organization, book.prepared_by, book.purpose)
    _put(db, "book", book.id, book.id, book.title, body)


def index_section(db: sqlite_utils.Database, section: Section) -> None:
    _put(db, "section", section.id, section.book_id, section.title, section.body)


def index_person(db: sqlite_utils.Database, person: Person) -> None:
    body = _join(
        person.native_name,
        person.honorific,
        person.title,
        person.organization,
        person.country,
        person.pronunciation,
        ", ".join(person.languages),
        ", ".join(person.tags),
        person.bio,
    )
    _put(db, "person", person.id, None, person.name, body)


def index_note(db: sqlite_utils.Database, note: Note) -> None:
    body = _join(note.sector, note.country, note.body, "\n".join(note.sources))
    _put(db, "note", note.id, None, note.title, body)


def index_meeting(db: sqlite_utils.Database, meeting: Meeting) -> None:
    _put(
        db,
        "meeting",
        meeting.id,
        meeting.book_id,
        meeting.title,
        _join(meeting.location, meeting.objective),
    )


def rebuild(db: sqlite_utils.Database, store: Store) -> None:
    """Re-index everything (after a bulk import, or to repair the index)."""
    db.execute("DELETE FROM search_index")
    db.execute("DELETE FROM search_docs")
    for book in store.list_books():
        index_book(db, book)
        for section in store.list_sections(book.id):
            index_section(db, section)
        for meeting in store.list_meetings(book.id):
            index_meeting(db, meeting)
    for person in store.list_people():
        index_person(db, person)
    for note in store.list_notes():
        index_note(db, note)


def match_expression(query: str) -> str:
    """The FTS5 MATCH expression for a user's query: every word quoted, prefix-matched."""
    clauses = []
    for spellings in query_terms(query):
        options = " OR ".join(f'"{spelling}"*' for spelling in spellings)
        clauses.append(f"({options})" if len(spellings) > 1 else options)
    return " AND ".join(clauses)


def search(
    db: sqlite_utils.Database, query: str, limit: int = 50, kinds: Iterable[str] | None = None
) -> list[SearchHit]:
    """Ranked hits for ``query`` with a snippet of the text around the first match."""
    expression = match_expression(query)
    if not expression:
        return []
    params: list[Any] = [expression]
    kind_filter = ""
    if kinds is not None:
        chosen = [kind for kind in kinds if kind in KINDS]
        if not chosen:
            return []
        kind_filter = f" AND d.kind IN ({', '.join('?' for _ in chosen)})"
        params.extend(chosen)
    params.append(limit)
    rows = db.execute(
        f"SELECT d.kind, d.ref, d.book_id, d.title, d.body, {_RANKING} AS rank "
        "FROM search_index JOIN search_docs d ON d.rowid = search_index.rowid "
        f"WHERE search_index MATCH ?{kind_filter} ORDER BY rank LIMIT ?",
        params,
    ).fetchall()
    terms = query_terms(query)
    hits = []
    for kind, ref, book_id, title, body, rank in rows:
        snippet, highlights = make_snippet(body, terms)
        hits.append(SearchHit(kind, ref, title, snippet, book_id, highlights, float(rank)))
    return hits


def _patterns(terms: list[list[str]]) -> list[re.Pattern[str]]:
    """One pattern per spelling: the spelling at the start of a word of folded text."""
    return [
        re.compile(r"(?<!\w)" + re.escape(spelling))
        for spellings in terms
        for spelling in spellings
    ]


def _match_spans(text: str, patterns: list[re.Pattern[str]]) -> list[tuple[int, int]]:
    """Spans (in ``text``) of words that start with any of the spellings."""
    spans: list[tuple[int, int]] = []
    variants = [text]
    if "ə" in text or "Ə" in text:  # the a-spelling of a schwa has the same length
        variants.append(text.replace("ə", "a").replace("Ə", "A"))
    for variant in variants:
        folded, source = fold_with_map(variant)
        for pattern in patterns:
            for match in pattern.finditer(folded):
                spans.append((source[match.start()], source[match.end() - 1] + 1))
    return sorted(set(spans))


def _plain(text: str) -> str:
    return _SPACE.sub(" ", _MARKUP.sub("", text))


def make_snippet(body: str, terms: list[list[str]]) -> tuple[str, list[tuple[int, int]]]:
    """A one-line excerpt of ``body`` around its first match, with highlight spans.

    Long bodies are scanned a piece at a time, so only the text up to the first match is folded.
    """
    patterns = _patterns(terms)
    for offset in range(0, len(body), _SCAN_CHUNK):
        piece = _plain(body[offset : offset + _SCAN_CHUNK + 2 * SNIPPET_CHARS])
        spans = _match_spans(piece, patterns)
        if spans:
            return _window(piece, spans, cut_before=offset > 0)
    text = _plain(body).strip() if len(body) < _SCAN_CHUNK else _plain(body[:_SCAN_CHUNK]).strip()
    if len(text) > SNIPPET_CHARS:
        return text[:SNIPPET_CHARS].rstrip() + "…", []
    return text, []


def _window(
    text: str, spans: list[tuple[int, int]], cut_before: bool
) -> tuple[str, list[tuple[int, int]]]:
    first = spans[0][0]
    start = max(0, first - SNIPPET_CHARS // 3)
    if start > 0:
        space = text.rfind(" ", 0, start)
        start = space + 1 if space >= 0 and first - space < SNIPPET_CHARS // 2 else start
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
