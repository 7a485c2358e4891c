"""Reading and writing review state in the store: the review switch, statuses, comments.

The tables come from migration 3 (``app/schema.py``). Every write runs inside
``Store.transaction()`` so it nests in a bundle import or an undo step. A status change also
moves the section's ``updated_at``: bundles merge a section's status with the section record,
so a clearance is as new as the section says.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from app.domain import now_stamp
from app.errors import InvalidInput, NotFound
from app.review.model import (
    CLEARED,
    DRAFT,
    STATUSES,
    TARGET_KINDS,
    BookReview,
    Comment,
    Reply,
    ReviewSettings,
    SectionStatus,
)
from app.store import Store


def _rows(conn: sqlite3.Connection, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
    cursor = conn.execute(sql, params)
    keys = [column[0] for column in cursor.description]
    return [dict(zip(keys, row, strict=True)) for row in cursor]


class ReviewStore:
    """Review state of the books in one open ``Store``."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @property
    def conn(self) -> sqlite3.Connection:
        return self.store.conn

    # --- the review switch ------------------------------------------------------------------

    def settings(self, book_id: str) -> ReviewSettings:
        rows = _rows(self.conn, "SELECT * FROM book_reviews WHERE book_id = ?", [book_id])
        if not rows:
            return ReviewSettings(book_id)
        row = rows[0]
        return ReviewSettings(
            book_id=book_id,
            enabled=bool(row["enabled"]),
            signed_off_by=row["signed_off_by"],
            signed_off_at=row["signed_off_at"],
            updated_at=row["updated_at"],
        )

    def save_settings(self, settings: ReviewSettings, *, keep_timestamp: bool = False) -> None:
        stamp = settings.updated_at if keep_timestamp and settings.updated_at else now_stamp()
        with self.store.transaction():
            self.conn.execute(
                "INSERT INTO book_reviews (book_id, enabled, signed_off_by, signed_off_at,"
                " updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(book_id) DO UPDATE SET"
                " enabled = excluded.enabled, signed_off_by = excluded.signed_off_by,"
                " signed_off_at = excluded.signed_off_at, updated_at = excluded.updated_at",
                [
                    settings.book_id,
                    int(settings.enabled),
                    settings.signed_off_by,
                    settings.signed_off_at,
                    stamp,
                ],
            )

    def set_enabled(self, book_id: str, enabled: bool) -> None:
        """Switch review on or off for a book; statuses and comments are kept either way."""
        self.store.get_book(book_id)
        self.save_settings(replace(self.settings(book_id), enabled=enabled))

    def sign_off(self, book_id: str, who: str) -> ReviewSettings:
        """Record that ``who`` signed the whole book off; every section must be cleared."""
        settings = self.settings(book_id)
        if not settings.enabled:
            raise InvalidInput("Review is off for this book: switch it on to sign the book off.")
        if not who.strip():
            raise InvalidInput("Signing off needs the name of the person who signs.")
        statuses = list(self.statuses(book_id).values())
        waiting = sum(1 for status in statuses if not status.cleared)
        if not statuses or waiting:
            raise InvalidInput(
                "Only a book whose sections are all cleared can be signed off"
                + (f"; {waiting} still wait." if waiting else "; this one has no sections.")
            )
        signed = replace(settings, signed_off_by=who.strip(), signed_off_at=now_stamp())
        self.save_settings(signed)
        return signed

    def withdraw_sign_off(self, book_id: str) -> None:
        self.save_settings(replace(self.settings(book_id), signed_off_by="", signed_off_at=None))

    # --- statuses ---------------------------------------------------------------------------

    @staticmethod
    def _status(row: dict[str, Any]) -> SectionStatus:
        return SectionStatus(
            section_id=row["section_id"],
            status=row["status"],
            cleared_by=row["cleared_by"],
            cleared_at=row["cleared_at"],
            changed_at=row["changed_at"],
        )

    def statuses(self, book_id: str) -> dict[str, SectionStatus]:
        """Every section of the book with its status, in book order (drafts included)."""
        rows = _rows(
            self.conn,
            "SELECT s.id AS sid, r.* FROM sections s LEFT JOIN section_reviews r"
            " ON r.section_id = s.id WHERE s.book_id = ? ORDER BY s.position, s.created_at",
            [book_id],
        )
        return {
            row["sid"]: self._status(row) if row["section_id"] else SectionStatus(row["sid"])
            for row in rows
        }

    def status(self, section_id: str) -> SectionStatus:
        rows = _rows(self.conn, "SELECT * FROM section_reviews WHERE section_id = ?", [section_id])
        return self._status(rows[0]) if rows else SectionStatus(section_id)

    def set_status(self, section_id: str, status: str, who: str = "") -> SectionStatus:
        """Move a section to ``status``; clearing records ``who`` and the time."""
        if status not in STATUSES:
            raise InvalidInput(f'"{status}" is not a status; use one of {", ".join(STATUSES)}.')
        if status == CLEARED and not who.strip():
            raise InvalidInput("Clearing a section needs the name of the person who clears it.")
        stamp = now_stamp()
        record = SectionStatus(
            section_id=section_id,
            status=status,
            cleared_by=who.strip() if status == CLEARED else "",
            cleared_at=stamp if status == CLEARED else None,
            changed_at=stamp,
        )
        self.put_status(record)
        return record

    def put_status(self, record: SectionStatus, *, touch_section: bool = True) -> None:
        """Write a status as given (undo and bundles use this to put one back exactly)."""
        self.store.get_section(record.section_id)
        cleared = record.status == CLEARED
        with self.store.transaction():
            self.conn.execute(
                "INSERT INTO section_reviews (section_id, status, cleared_by, cleared_at,"
                " changed_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(section_id) DO UPDATE SET"
                " status = excluded.status, cleared_by = excluded.cleared_by,"
                " cleared_at = excluded.cleared_at, changed_at = excluded.changed_at",
                [
                    record.section_id,
                    record.status if record.status in STATUSES else DRAFT,
                    record.cleared_by if cleared else "",
                    record.cleared_at if cleared else None,
                    record.changed_at or now_stamp(),
                ],
            )
            if touch_section:
                self.conn.execute(
                    "UPDATE sections SET updated_at = ? WHERE id = ?",
                    [now_stamp(), record.section_id],
                )

    # --- comments ---------------------------------------------------------------------------

    @staticmethod
    def _comment(row: dict[str, Any]) -> Comment:
        return Comment(
            id=row["id"],
            book_id=row["book_id"],
            target_kind=row["target_kind"],
            target_id=row["target_id"],
            quote=row["quote"],
            anchor_start=row["anchor_start"],
            author=row["author"],
            text=row["text"],
            resolved=bool(row["resolved"]),
            created_at=row["created_at"],
            updated_at=row["updated_at"],
        )

    def comments(self, book_id: str) -> list[Comment]:
        """The book's comments, oldest first, each with its replies oldest first."""
        comments = [
            self._comment(row)
            for row in _rows(
                self.conn,
                "SELECT * FROM comments WHERE book_id = ? ORDER BY created_at, id",
                [book_id],
            )
        ]
        by_id = {comment.id: comment for comment in comments}
        for row in _rows(
            self.conn,
            "SELECT r.* FROM comment_replies r JOIN comments c ON c.id = r.comment_id"
            " WHERE c.book_id = ? ORDER BY r.created_at, r.id",
            [book_id],
        ):
            by_id[row["comment_id"]].replies.append(
                Reply(
                    comment_id=row["comment_id"],
                    author=row["author"],
                    text=row["text"],
                    id=row["id"],
                    created_at=row["created_at"],
                )
            )
        return comments

    def comment(self, comment_id: str) -> Comment:
        rows = _rows(self.conn, "SELECT book_id FROM comments WHERE id = ?", [comment_id])
        if not rows:
            raise NotFound(f"No comment with id {comment_id}.")
        for comment in self.comments(rows[0]["book_id"]):
            if comment.id == comment_id:
                return comment
        raise NotFound(f"No comment with id {comment_id}.")  # pragma: no cover - just read

    def save_comment(self, comment: Comment, *, keep_timestamp: bool = False) -> Comment:
        """Insert or update a comment; its replies are added to the stored ones (never removed)."""
        if comment.target_kind not in TARGET_KINDS:
            raise InvalidInput(f'A comment cannot be about a "{comment.target_kind}".')
        if not comment.text.strip():
            raise InvalidInput("A comment needs some text.")
        stamp = now_stamp()
        saved = replace(
            comment,
            created_at=comment.created_at or stamp,
            updated_at=comment.updated_at if keep_timestamp and comment.updated_at else stamp,
        )
        with self.store.transaction():
            self.conn.execute(
                "INSERT INTO comments (id, book_id, target_kind, target_id, quote, anchor_start,"
                " author, text, resolved, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET"
                " target_kind = excluded.target_kind, target_id = excluded.target_id,"
                " quote = excluded.quote, anchor_start = excluded.anchor_start,"
                " author = excluded.author, text = excluded.text,"
                " resolved = excluded.resolved, updated_at = excluded.updated_at",
                [
                    saved.id,
                    saved.book_id,
                    saved.target_kind,
                    saved.target_id,
                    saved.quote,
                    saved.anchor_start,
                    saved.author,
                    saved.text,
                    int(saved.resolved),
                    saved.created_at,
                    saved.updated_at,
                ],
            )
            for reply in saved.replies:
                self.insert_reply(replace(reply, comment_id=saved.id))
        return saved

    def insert_reply(self, reply: Reply) -> None:
        """Add a reply as given, unless one with its id is there (bundles merge replies so)."""
        with self.store.transaction():
            self.conn.execute(
                "INSERT OR IGNORE INTO comment_replies (id, comment_id, author, text, created_at)"
                " VALUES (?, ?, ?, ?, ?)",
                [
                    reply.id,
                    reply.comment_id,
                    reply.author,
                    reply.text,
                    reply.created_at or now_stamp(),
                ],
            )

    def add_reply(self, reply: Reply) -> Reply:
        if not reply.text.strip():
            raise InvalidInput("A reply needs some text.")
        saved = replace(reply, created_at=reply.created_at or now_stamp())
        self.comment(reply.comment_id)
        with self.store.transaction():
            self.insert_reply(saved)
            self.conn.execute(
                "UPDATE comments SET updated_at = ? WHERE id = ?", [now_stamp(), reply.comment_id]
            )
        return saved

    def delete_reply(self, reply_id: str) -> None:
        with self.store.transaction():
            self.conn.execute("DELETE FROM comment_replies WHERE id = ?", [reply_id])

    def set_resolved(self, comment_id: str, resolved: bool) -> None:
        self.comment(comment_id)
        with self.store.transaction():
            self.conn.execute(
                "UPDATE comments SET resolved = ?, updated_at = ? WHERE id = ?",
                [int(resolved), now_stamp(), comment_id],
            )

    def move_anchor(self, comment_id: str, start: int | None) -> None:
        """Remember where the quoted words are now (no new ``updated_at``: not a change)."""
        with self.store.transaction():
            self.conn.execute(
                "UPDATE comments SET anchor_start = ? WHERE id = ?", [start, comment_id]
            )

    def delete_comment(self, comment_id: str) -> None:
        with self.store.transaction():
            self.conn.execute("DELETE FROM comments WHERE id = ?", [comment_id])

    # --- housekeeping -----------------------------------------------------------------------

    def prune_orphans(self) -> int:
        """Delete review rows and versions of books and sections that are gone (kept until
        now so that undoing a deletion brings them back), and version records nothing uses
        any more; returns how many rows went. Call it when no undo can reach a deletion (a
        new session). Cheap when nothing was deleted: records are only scanned after a
        book's versions went."""
        statements = (
            "DELETE FROM section_reviews WHERE section_id NOT IN (SELECT id FROM sections)",
            "DELETE FROM book_reviews WHERE book_id NOT IN (SELECT id FROM books)",
            "DELETE FROM comments WHERE book_id NOT IN (SELECT id FROM books)",
            "DELETE FROM book_versions WHERE book_id NOT IN (SELECT id FROM books)",
        )
        # Most sessions find nothing to prune: look first, so that start-up opens no write
        # transaction (the first one imports sqlite-utils, ~85 ms of the app's cold start).
        orphans = " UNION ALL ".join(
            f"SELECT 1 FROM {s.removeprefix('DELETE FROM ')}" for s in statements
        )
        if self.conn.execute(f"SELECT EXISTS ({orphans})").fetchone()[0] == 0:
            return 0
        removed = 0
        with self.store.transaction():
            for statement in statements[:-1]:
                removed += self.conn.execute(statement).rowcount
            gone = self.conn.execute(statements[-1]).rowcount
            removed += gone
            if gone:
                from app.review.versions import unused_records

                for sha in unused_records(self.store):
                    self.conn.execute("DELETE FROM version_blobs WHERE sha256 = ?", [sha])
                    removed += 1
        return removed

    # --- together ---------------------------------------------------------------------------

    def load(self, book_id: str) -> BookReview:
        """The book's review settings, statuses and comments."""
        return BookReview(
            settings=self.settings(book_id),
            statuses=self.statuses(book_id),
            comments=self.comments(book_id),
        )


def load_review(store: Store, book_id: str) -> BookReview:
    """A book's whole review state (a read; works on a read-only store)."""
    return ReviewStore(store).load(book_id)
