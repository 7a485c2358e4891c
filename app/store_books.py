"""The store's books, their sections and schedules, and the images they use."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from app import search as search_index
from app.domain import (
    Book,
    Image,
    Meeting,
    Section,
    now_stamp,
)
from app.errors import InvalidInput, NotFound
from app.store_core import StoreCore, date_text, time_text


class BookRecords(StoreCore):
    """Books, sections, meetings and images: part of ``app.store.Store``."""

    # --- books ----------------------------------------------------------------------------

    def list_books(self) -> list[Book]:
        rows = self._rows("SELECT * FROM books ORDER BY start_date IS NULL, start_date, title")
        return [self._book(row) for row in rows]

    def get_book(self, book_id: str) -> Book:
        row = self._one("SELECT * FROM books WHERE id = ?", [book_id])
        if row is None:
            raise NotFound(f"No book with id {book_id}.")
        return self._book(row)

    def find_book(self, ref: str) -> Book:
        """A book by id or by exact title."""
        row = self._one("SELECT * FROM books WHERE id = ?", [ref])
        if row is not None:
            return self._book(row)
        rows = self._rows("SELECT * FROM books WHERE title = ?", [ref])
        if len(rows) > 1:
            raise NotFound(f'{len(rows)} books are titled "{ref}"; use the book\'s id instead.')
        if not rows:
            raise NotFound(f'No book has the id or title "{ref}"; `briefbook books` lists them.')
        return self._book(rows[0])

    def save_book(self, book: Book, *, keep_timestamp: bool = False) -> Book:
        """Insert or update ``book``; returns it with its timestamps set."""
        _validate_book(book)
        stamp = now_stamp()
        existing = self._one("SELECT created_at FROM books WHERE id = ?", [book.id])
        saved = replace(
            book,
            created_at=(existing or {}).get("created_at") or book.created_at or stamp,
            updated_at=book.updated_at if keep_timestamp and book.updated_at else stamp,
        )
        record = {
            "id": saved.id,
            "title": saved.title,
            "subtitle": saved.subtitle,
            "destination": saved.destination,
            "start_date": date_text(saved.start_date),
            "end_date": date_text(saved.end_date),
            "marking": saved.marking,
            "prepared_by": saved.prepared_by,
            "organization": saved.organization,
            "purpose": saved.purpose,
            "page_size": saved.page_size,
            "timezone": saved.timezone,
            "language": saved.language,
            "created_at": saved.created_at,
            "updated_at": saved.updated_at,
        }
        with self.transaction():
            self.db.table("books").upsert(record, pk="id")
            search_index.index_book(self.conn, saved)
        return saved

    def delete_book(self, book_id: str) -> None:
        """Delete a book with its sections, participants, notes links and schedule.

        People and notes stay in their libraries.
        """
        with self.transaction():
            sections = [
                r["id"] for r in self._rows("SELECT id FROM sections WHERE book_id=?", [book_id])
            ]
            meetings = [
                r["id"] for r in self._rows("SELECT id FROM meetings WHERE book_id=?", [book_id])
            ]
            self.conn.execute("DELETE FROM books WHERE id = ?", [book_id])
            search_index.remove(self.conn, "book", [book_id])
            search_index.remove(self.conn, "section", sections)
            search_index.remove(self.conn, "meeting", meetings)

    # --- sections -------------------------------------------------------------------------

    @staticmethod
    def _section(row: dict[str, Any]) -> Section:
        return Section(
            id=row["id"],
            book_id=row["book_id"],
            title=row["title"],
            body=row["body"],
            handout=bool(row["handout"]),
            position=row["position"],
            template_key=row["template_key"],
            language=row["language"],
            created_at=row["created_at"],
            updated_at=row["updated_at"],
        )

    def list_sections(self, book_id: str) -> list[Section]:
        rows = self._rows(
            "SELECT * FROM sections WHERE book_id = ? ORDER BY position, created_at", [book_id]
        )
        return [self._section(row) for row in rows]

    def get_section(self, section_id: str) -> Section:
        row = self._one("SELECT * FROM sections WHERE id = ?", [section_id])
        if row is None:
            raise NotFound(f"No section with id {section_id}.")
        return self._section(row)

    def save_section(self, section: Section, *, keep_timestamp: bool = False) -> Section:
        stamp = now_stamp()
        existing = self._one("SELECT created_at FROM sections WHERE id = ?", [section.id])
        saved = replace(
            section,
            created_at=(existing or {}).get("created_at") or section.created_at or stamp,
            updated_at=section.updated_at if keep_timestamp and section.updated_at else stamp,
        )
        record = {
            "id": saved.id,
            "book_id": saved.book_id,
            "title": saved.title,
            "body": saved.body,
            "handout": int(saved.handout),
            "position": saved.position,
            "template_key": saved.template_key,
            "language": saved.language,
            "created_at": saved.created_at,
            "updated_at": saved.updated_at,
        }
        with self.transaction():
            self.db.table("sections").upsert(record, pk="id")
            search_index.index_section(self.conn, saved)
        return saved

    def add_section(
        self, book_id: str, title: str, body: str = "", handout: bool = True
    ) -> Section:
        """Append a new section at the end of a book."""
        row = self._one("SELECT max(position) AS p FROM sections WHERE book_id = ?", [book_id])
        position = 0 if row is None or row["p"] is None else row["p"] + 1
        return self.save_section(
            Section(book_id=book_id, title=title, body=body, handout=handout, position=position)
        )

    def delete_section(self, section_id: str) -> None:
        with self.transaction():
            self.conn.execute("DELETE FROM sections WHERE id = ?", [section_id])
            search_index.remove(self.conn, "section", [section_id])

    def reorder_sections(self, book_id: str, section_ids: Sequence[str]) -> None:
        """Give the book's sections the order of ``section_ids``."""
        with self.transaction():
            for position, section_id in enumerate(section_ids):
                self.conn.execute(
                    "UPDATE sections SET position = ? WHERE id = ? AND book_id = ?",
                    [position, section_id, book_id],
                )

    # --- images ---------------------------------------------------------------------------

    def put_image(self, image: Image) -> str:
        """Store image bytes once; returns their SHA-256."""
        with self.transaction():
            self.conn.execute(
                "INSERT OR IGNORE INTO images (sha256, mime, data, size, width, height, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    image.sha256,
                    image.mime,
                    image.data,
                    image.size,
                    image.width,
                    image.height,
                    now_stamp(),
                ],
            )
        return image.sha256

    def get_image(self, sha256: str) -> Image | None:
        row = self._one("SELECT * FROM images WHERE sha256 = ?", [sha256])
        if row is None:
            return None
        return Image(row["sha256"], row["mime"], row["data"], row["width"], row["height"])

    def prune_images(self) -> int:
        """Delete images no person or section body uses any more; returns how many."""
        from app.body_images import referenced_images

        with self.transaction():
            bodies = (row[0] for row in self.conn.execute("SELECT body FROM sections"))
            in_bodies = referenced_images(bodies)
            self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS kept_images (sha256 TEXT)")
            self.conn.execute("DELETE FROM kept_images")
            self.conn.executemany("INSERT INTO kept_images VALUES (?)", [[s] for s in in_bodies])
            cursor = self.conn.execute(
                "DELETE FROM images WHERE sha256 NOT IN "
                "(SELECT photo FROM people WHERE photo IS NOT NULL) "
                "AND sha256 NOT IN (SELECT sha256 FROM kept_images)"
            )
        return cursor.rowcount

    # --- meetings -------------------------------------------------------------------------

    def _meeting(self, row: dict[str, Any]) -> Meeting:
        people = [
            r["person_id"]
            for r in self._rows(
                "SELECT person_id FROM meeting_participants WHERE meeting_id = ? "
                "ORDER BY position, rowid",
                [row["id"]],
            )
        ]
        return Meeting(
            id=row["id"],
            book_id=row["book_id"],
            title=row["title"],
            start=datetime.fromisoformat(row["start"]),
            end=datetime.fromisoformat(row["end"]),
            timezone=row["timezone"],
            location=row["location"],
            objective=row["objective"],
            participants=people,
            created_at=row["created_at"],
            updated_at=row["updated_at"],
        )

    def list_meetings(self, book_id: str) -> list[Meeting]:
        rows = self._rows(
            "SELECT * FROM meetings WHERE book_id = ? ORDER BY start, title", [book_id]
        )
        return [self._meeting(row) for row in rows]

    def get_meeting(self, meeting_id: str) -> Meeting:
        row = self._one("SELECT * FROM meetings WHERE id = ?", [meeting_id])
        if row is None:
            raise NotFound(f"No meeting with id {meeting_id}.")
        return self._meeting(row)

    def save_meeting(self, meeting: Meeting, *, keep_timestamp: bool = False) -> Meeting:
        if meeting.end < meeting.start:
            raise InvalidInput(f'The meeting "{meeting.title}" ends before it starts.')
        _check_timezone(meeting.timezone)
        stamp = now_stamp()
        existing = self._one("SELECT created_at FROM meetings WHERE id = ?", [meeting.id])
        saved = replace(
            meeting,
            participants=list(dict.fromkeys(meeting.participants)),
            created_at=(existing or {}).get("created_at") or meeting.created_at or stamp,
            updated_at=meeting.updated_at if keep_timestamp and meeting.updated_at else stamp,
        )
        record = {
            "id": saved.id,
            "book_id": saved.book_id,
            "title": saved.title,
            "start": time_text(saved.start),
            "end": time_text(saved.end),
            "timezone": saved.timezone,
            "location": saved.location,
            "objective": saved.objective,
            "created_at": saved.created_at,
            "updated_at": saved.updated_at,
        }
        with self.transaction():
            self.db.table("meetings").upsert(record, pk="id")
            self.conn.execute("DELETE FROM meeting_participants WHERE meeting_id = ?", [saved.id])
            for position, person_id in enumerate(saved.participants):
                self.conn.execute(
                    "INSERT INTO meeting_participants (meeting_id, person_id, position) VALUES (?, ?, ?)",
                    [saved.id, person_id, position],
                )
            search_index.index_meeting(self.conn, saved)
        return saved

    def delete_meeting(self, meeting_id: str) -> None:
        with self.transaction():
            self.conn.execute("DELETE FROM meetings WHERE id = ?", [meeting_id])
            search_index.remove(self.conn, "meeting", [meeting_id])


def _validate_book(book: Book) -> None:
    if not book.title.strip():
        raise InvalidInput("A book needs a title.")
    if book.start_date and book.end_date and book.end_date < book.start_date:
        raise InvalidInput(f'The book "{book.title}" ends before it starts.')
    if book.page_size not in ("letter", "a4"):
        raise InvalidInput(f'Page size must be "letter" or "a4", not "{book.page_size}".')
    if book.timezone:
        _check_timezone(book.timezone)


def _check_timezone(name: str) -> None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise InvalidInput(
            f'"{name}" is not a known time zone (use a name such as Asia/Baku).'
        ) from error
