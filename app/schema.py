"""The store's schema as numbered migrations. Append new migrations; never edit a released one.

A migration is SQL, or a function that changes the data through the connection (run in the same
transaction as the version bump).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

Migration = str | Callable[[sqlite3.Connection], None]

# PRAGMA application_id marks a file as a BriefBook store ("BrBk").
APPLICATION_ID = 0x4272426B

# The columns the rich-text editor writes as Markdown.
MARKDOWN_COLUMNS = (
    ("books", "purpose"),
    ("sections", "body"),
    ("people", "bio"),
    ("participants", "talking_points"),
    ("notes", "body"),
)


def _repair_emphasis(conn: sqlite3.Connection) -> None:
    """Emphasis saved broken by the editor before December 2026 (``app.markdown_repair``)."""
    # Imported here: the repair brings the Markdown parser, which opening a store never needs.
    from app.markdown_repair import repair_broken_emphasis

    for table, column in MARKDOWN_COLUMNS:
        rows = conn.execute(
            f"SELECT rowid, {column} FROM {table} WHERE {column} LIKE '%*%' OR {column} LIKE '%~%'"
        ).fetchall()
        for rowid, text in rows:
            repaired = repair_broken_emphasis(text)
            if repaired != text:
                conn.execute(f"UPDATE {table} SET {column} = ? WHERE rowid = ?", [repaired, rowid])


MIGRATIONS: dict[int, Migration] = {
    1: """
CREATE TABLE books (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    subtitle TEXT NOT NULL DEFAULT '',
    destination TEXT NOT NULL DEFAULT '',
    start_date TEXT,
    end_date TEXT,
    marking TEXT NOT NULL DEFAULT '',
    prepared_by TEXT NOT NULL DEFAULT '',
    organization TEXT NOT NULL DEFAULT '',
    purpose TEXT NOT NULL DEFAULT '',
    page_size TEXT NOT NULL DEFAULT 'letter',
    timezone TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE sections (
    id TEXT PRIMARY KEY,
    book_id TEXT NOT NULL REFERENCES books(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    handout INTEGER NOT NULL DEFAULT 1,
    position INTEGER NOT NULL DEFAULT 0,
    template_key TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX sections_by_book ON sections(book_id, position);
CREATE TABLE images (
    sha256 TEXT PRIMARY KEY,
    mime TEXT NOT NULL,
    data BLOB NOT NULL,
    size INTEGER NOT NULL,
    width INTEGER NOT NULL DEFAULT 0,
    height INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE TABLE people (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    native_name TEXT NOT NULL DEFAULT '',
    honorific TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    organization TEXT NOT NULL DEFAULT '',
    country TEXT NOT NULL DEFAULT '',
    bio TEXT NOT NULL DEFAULT '',
    photo TEXT REFERENCES images(sha256),
    photo_alt TEXT NOT NULL DEFAULT '',
    pronunciation TEXT NOT NULL DEFAULT '',
    languages TEXT NOT NULL DEFAULT '[]',
    tags TEXT NOT NULL DEFAULT '[]',
    source TEXT NOT NULL DEFAULT '',
    last_verified TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE participants (
    book_id TEXT NOT NULL REFERENCES books(id) ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    role TEXT NOT NULL DEFAULT '',
    talking_points TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (book_id, person_id)
);
CREATE INDEX participants_by_person ON participants(person_id);
CREATE TABLE notes (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    sector TEXT NOT NULL DEFAULT '',
    country TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL DEFAULT '',
    sources TEXT NOT NULL DEFAULT '[]',
    last_verified TEXT,
    internal INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE book_notes (
    book_id TEXT NOT NULL REFERENCES books(id) ON DELETE CASCADE,
    note_id TEXT NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (book_id, note_id)
);
CREATE INDEX book_notes_by_note ON book_notes(note_id);
CREATE TABLE meetings (
    id TEXT PRIMARY KEY,
    book_id TEXT NOT NULL REFERENCES books(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    start TEXT NOT NULL,
    "end" TEXT NOT NULL,
    timezone TEXT NOT NULL DEFAULT 'UTC',
    location TEXT NOT NULL DEFAULT '',
    objective TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX meetings_by_book ON meetings(book_id, start);
CREATE TABLE meeting_participants (
    meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (meeting_id, person_id)
);
CREATE INDEX meeting_participants_by_person ON meeting_participants(person_id);

-- Search: one row per searchable record with its original text (for snippets), and an FTS5
-- index over the folded text (see app/textfold.py) sharing the row's rowid.
CREATE TABLE search_docs (
    rowid INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    ref TEXT NOT NULL,
    book_id TEXT,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    UNIQUE (kind, ref)
);
CREATE VIRTUAL TABLE search_index USING fts5(
    title, body, alt,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3'
);
""",
    2: _repair_emphasis,
    # Spelling (app/spelling): a language per book and per section ("" = the default: the
    # book's, or English as spelt where the user is), the personal dictionary (one per store,
    # so backups, restores and the CLI see the same words), and words ignored in one book.
    3: """
ALTER TABLE books ADD COLUMN language TEXT NOT NULL DEFAULT '';
ALTER TABLE sections ADD COLUMN language TEXT NOT NULL DEFAULT '';
CREATE TABLE personal_words (
    word TEXT PRIMARY KEY,
    created_at TEXT NOT NULL
);
CREATE TABLE book_ignored_words (
    book_id TEXT NOT NULL REFERENCES books(id) ON DELETE CASCADE,
    word TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (book_id, word)
);
""",
    # Search in every script (app/textfold.py): combining marks belong to their word (Indic
    # vowel signs), CJK characters are indexed one by one, and the alternate column also holds
    # the Latin spelling of other scripts. The index is filled again by the store, in the same
    # transaction (REINDEX_AFTER), since SQL cannot fold text.
    4: """
DROP TABLE search_index;
CREATE VIRTUAL TABLE search_index USING fts5(
    title, body, alt,
    tokenize = "unicode61 remove_diacritics 2 categories 'L* N* Co M*'",
    prefix = '1 2 3'
);
""",
    # 5: review and clearance (issue 15). Statuses, comments and
    # replies live in their own tables so the sections table keeps its shape; versions store
    # each distinct record once (content-addressed, compressed) and a version is a manifest.
    # Review rows name their book or section without a foreign key: deleting a book or a
    # section is undoable by putting the same ids back, and its review must come back with it
    # (``app.review.store_review.ReviewStore.prune_orphans`` clears what no undo can reach).
    5: """
CREATE TABLE book_reviews (
    book_id TEXT PRIMARY KEY,
    enabled INTEGER NOT NULL DEFAULT 0,
    signed_off_by TEXT NOT NULL DEFAULT '',
    signed_off_at TEXT,
    updated_at TEXT NOT NULL
);
CREATE TABLE section_reviews (
    section_id TEXT PRIMARY KEY,
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'in_review', 'cleared')),
    cleared_by TEXT NOT NULL DEFAULT '',
    cleared_at TEXT,
    changed_at TEXT NOT NULL
);
-- Editing a cleared section's words sends it back to review, whoever writes the text (the
-- editor, an import, a restore), so no code path can keep a stale clearance.
CREATE TRIGGER sections_edit_unclears AFTER UPDATE OF title, body ON sections
WHEN NEW.body IS NOT OLD.body OR NEW.title IS NOT OLD.title
BEGIN
    UPDATE section_reviews
    SET status = 'in_review', cleared_by = '', cleared_at = NULL, changed_at = NEW.updated_at
    WHERE section_id = NEW.id AND status = 'cleared';
END;
CREATE TABLE comments (
    id TEXT PRIMARY KEY,
    book_id TEXT NOT NULL,
    target_kind TEXT NOT NULL
        CHECK (target_kind IN ('book', 'section', 'participant', 'note', 'meeting')),
    target_id TEXT NOT NULL,
    quote TEXT NOT NULL DEFAULT '',
    anchor_start INTEGER,
    author TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL DEFAULT '',
    resolved INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX comments_by_book ON comments(book_id, created_at);
CREATE TABLE comment_replies (
    id TEXT PRIMARY KEY,
    comment_id TEXT NOT NULL REFERENCES comments(id) ON DELETE CASCADE,
    author TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX replies_by_comment ON comment_replies(comment_id, created_at);
CREATE TABLE version_blobs (
    sha256 TEXT PRIMARY KEY,
    data BLOB NOT NULL,
    base TEXT REFERENCES version_blobs(sha256),
    depth INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE TABLE book_versions (
    book_id TEXT NOT NULL,
    number INTEGER NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    export TEXT NOT NULL DEFAULT '',
    manifest TEXT NOT NULL REFERENCES version_blobs(sha256),
    PRIMARY KEY (book_id, number)
) WITHOUT ROWID;
""",
    # House styles (issue 18).
    # A style's settings are JSON (app/styles/records.py); what it embeds (logo, TrueType files,
    # a reference Word document) is stored once by SHA-256 in house_style_files. A book without
    # a row in book_styles uses the default style (the one flagged, else the built-in look).
    6: """
CREATE TABLE house_styles (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    settings TEXT NOT NULL DEFAULT '{}',
    is_default INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE house_style_files (
    sha256 TEXT PRIMARY KEY,
    mime TEXT NOT NULL,
    data BLOB NOT NULL,
    size INTEGER NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE book_styles (
    book_id TEXT PRIMARY KEY REFERENCES books(id) ON DELETE CASCADE,
    style_id TEXT NOT NULL
);
""",
}

# Migrations after which the search index is rebuilt from the records (its folding changed).
REINDEX_AFTER = frozenset({4})

LATEST_VERSION = max(MIGRATIONS)
