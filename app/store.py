"""The store: one SQLite file holding books, people, notes, schedules and images.

This module (with ``app/schema.py`` and ``app/search.py``) is the only place that speaks SQL.
Callers pass dataclasses from ``app.domain`` in and get dataclasses out. Every change that
touches several rows runs in one transaction (sqlite-utils' ``atomic``), and the search index is
updated inside that same transaction so it can never disagree with the data.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app import search as search_index
from app.domain import (
    Book,
    BookContent,
    Image,
    Meeting,
    Note,
    NoteSummary,
    Participant,
    ParticipantEntry,
    Person,
    PersonSummary,
    SearchHit,
    Section,
    new_id,
    now_stamp,
)
from app.errors import InvalidInput, NotFound, StoreRefused, StoreWriteError
from app.lock import WriterLock, acquire_writer_lock
from app.protection import keys, sqldb
from app.schema import APPLICATION_ID, MIGRATIONS
from app.store_file import (
    connect_read_only,
    copy_store_file,
    create_private_file,
    ensure_folder,
    file_identity,
    inspect_file,
    refuse_unwritable,
    write_failure,
)

if TYPE_CHECKING:
    import sqlite_utils

BUSY_TIMEOUT_MS = 5000


# --- dates and lists as stored text -------------------------------------------------------


def _date_text(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _parse_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _time_text(value: datetime) -> str:
    return value.replace(tzinfo=None).isoformat(timespec="minutes")


def _list_text(values: Sequence[str]) -> str:
    return json.dumps(list(values), ensure_ascii=False)


def _parse_list(value: str | None) -> list[str]:
    if not value:
        return []
    parsed = json.loads(value)
    return [str(item) for item in parsed] if isinstance(parsed, list) else []


def _copy_aside(path: Path, version: int) -> Path:
    """Copy a store into its backup folder before migrating it (see ``app.backups``)."""
    from app.backups import migration_backup_path

    target = migration_backup_path(path, version)
    copy_store_file(path, target)
    return target


def _statements(script: str) -> Iterator[str]:
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                yield buffer
            buffer = ""
    if buffer.strip() and not buffer.strip().startswith("--"):
        yield buffer


class Store:
    """An open BriefBook store. Use ``Store.open(path)``; close it (or use ``with``)."""

    def __init__(self, conn: sqlite3.Connection, path: Path, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self.conn = conn
        self.closed = False
        self._db: sqlite_utils.Database | None = None
        self.migrated_from: int | None = None
        self.backup_before_migration: Path | None = None
        self.writer_lock: WriterLock | None = None
        self._file_identity = file_identity(path)

    @property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils over the connection, for upserts and savepoint transactions.

        Made on the first write: importing sqlite-utils costs ~50 ms, which the app's
        start-up and every read-only command need not pay.
        """
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn, execute_plugins=False)
        return self._db

    # --- lifecycle ------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        read_only: bool = False,
        migrations: dict[int, str] | None = None,
        lock: str | None = None,
    ) -> Store:
        """Open (creating if needed) the store at ``path``, migrating it to the latest schema.

        ``lock`` ("desktop" or "cli") takes the store's writer lock (``app.lock``) before any
        write and keeps it until ``close()``: a store another process has open for writing
        raises ``StoreLocked`` naming it. Read-only opens never lock and work while locked.
        ``migrations`` replaces the schema's list, for tests of the migration machinery only.
        """
        path = Path(path)
        version = inspect_file(path)
        if lock is None or read_only:
            return cls._open_unlocked(path, version, read_only, migrations)
        ensure_folder(path)
        refuse_unwritable(path)
        writer_lock = acquire_writer_lock(path, lock)
        try:
            # Inspected again under the lock: the previous holder may have migrated it.
            store = cls._open_unlocked(path, inspect_file(path), False, migrations)
        except BaseException:
            writer_lock.release()
            raise
        store.writer_lock = writer_lock
        return store

    @classmethod
    def _open_unlocked(
        cls,
        path: Path,
        version: int,
        read_only: bool,
        migrations: dict[int, str] | None,
    ) -> Store:
        steps = migrations if migrations is not None else MIGRATIONS
        latest = max(steps)
        if version > latest:
            raise StoreRefused(f"{path} was written by a newer BriefBook; update BriefBook.")
        backup = None
        if read_only:
            if not path.exists():
                raise StoreRefused(f"{path} does not exist.")
            conn = connect_read_only(path)
        else:
            ensure_folder(path)
            refuse_unwritable(path)
            if 0 < version < latest:
                backup = _copy_aside(path, version)
            try:
                create_private_file(path)
                conn = keys.connect_file(path, check_same_thread=False)
            except sqldb.ErrorOrOSError as error:
                raise StoreRefused(f"Cannot open {path} for writing: {error}.") from error
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        store = cls(conn, path, read_only=read_only)
        if not read_only:
            try:
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = FULL")
                store._migrate(version, steps)
            except sqldb.Error as error:
                conn.close()
                raise StoreRefused(f"Cannot prepare {path} as a store: {error}.") from error
            if version and version < latest:
                store.migrated_from = version
                store.backup_before_migration = backup
        elif version < latest:
            conn.close()
            raise StoreRefused(f"{path} needs an upgrade and cannot be opened read-only.")
        return store

    def _migrate(self, version: int, steps: dict[int, str]) -> None:
        for number in sorted(n for n in steps if n > version):
            with self.db.atomic():
                for statement in _statements(steps[number]):
                    self.conn.execute(statement)
                self.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                self.conn.execute(f"PRAGMA user_version = {number}")
                self.conn.execute(
                    "CREATE TABLE IF NOT EXISTS schema_migrations "
                    "(version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
                )
                self.conn.execute(
                    "INSERT OR REPLACE INTO schema_migrations VALUES (?, ?)", [number, now_stamp()]
                )

    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def applied_migrations(self) -> list[int]:
        return [
            row[0] for row in self.conn.execute("SELECT version FROM schema_migrations ORDER BY 1")
        ]

    def close(self) -> None:
        if not self.read_only and file_identity(self.path) != self._file_identity:
            # Moved or renamed while open: SQLite will not fold its journal (still under the
            # old name) into the file, so do it here and the saved changes go with the file.
            with contextlib.suppress(*sqldb.Error):
                self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        with contextlib.suppress(*sqldb.Error):
            self.conn.close()
        self.closed = True
        if self.writer_lock is not None:
            self.writer_lock.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic change: everything inside commits together or not at all."""
        if self.read_only:
            raise StoreWriteError(f"{self.path} is open read-only; the change was not saved.")
        if not self.conn.in_transaction:
            self._refuse_moved_file()
        try:
            with self.db.atomic():
                yield
        except sqldb.IntegrityError as error:
            raise InvalidInput(f"The change breaks a rule of the store: {error}.") from error
        except sqldb.DatabaseError as error:
            raise StoreWriteError(write_failure(self.path, error)) from error

    def _refuse_moved_file(self) -> None:
        """Refuse to write when the store file was deleted, moved or replaced while open.

        SQLite would keep writing into the vanished file and the change would be lost on close.
        """
        if file_identity(self.path) != self._file_identity:
            raise StoreWriteError(
                f"{self.path} was moved, replaced or deleted while open; the change was not "
                "saved. Reopen the store (or restore a backup) and try again."
            )

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cursor = self.conn.execute(sql, params)
        keys = [column[0] for column in cursor.description]
        return [dict(zip(keys, row, strict=True)) for row in cursor]

    def _one(self, sql: str, params: Sequence[Any] = ()) -> dict[str, Any] | None:
        rows = self._rows(sql, params)
        return rows[0] if rows else None

    # --- books ----------------------------------------------------------------------------

    @staticmethod
    def _book(row: dict[str, Any]) -> Book:
        return Book(
            id=row["id"],
            title=row["title"],
            subtitle=row["subtitle"],
            destination=row["destination"],
            start_date=_parse_date(row["start_date"]),
            end_date=_parse_date(row["end_date"]),
            marking=row["marking"],
            prepared_by=row["prepared_by"],
            organization=row["organization"],
            purpose=row["purpose"],
            page_size=row["page_size"],
            timezone=row["timezone"],
            created_at=row["created_at"],
            updated_at=row["updated_at"],
        )

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
            "start_date": _date_text(saved.start_date),
            "end_date": _date_text(saved.end_date),
            "marking": saved.marking,
            "prepared_by": saved.prepared_by,
            "organization": saved.organization,
            "purpose": saved.purpose,
            "page_size": saved.page_size,
            "timezone": saved.timezone,
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

    def duplicate_book(self, book_id: str, title: str | None = None) -> Book:
        """Copy a book for the next trip: sections, participants and notes; no dates or schedule."""
        source = self.get_book(book_id)
        copy = replace(
            source,
            id=new_id(),
            title=title or f"{source.title} (copy)",
            start_date=None,
            end_date=None,
            created_at="",
            updated_at="",
        )
        with self.transaction():
            copy = self.save_book(copy)
            for section in self.list_sections(book_id):
                self.save_section(replace(section, id=new_id(), book_id=copy.id, created_at=""))
            for participant in self.list_participants(book_id):
                self.save_participant(replace(participant, book_id=copy.id))
            for position, note in enumerate(self.list_book_notes(book_id)):
                self.attach_note(copy.id, note.id, position)
        return copy

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
        """Delete images no person uses any more; returns how many."""
        with self.transaction():
            cursor = self.conn.execute(
                "DELETE FROM images WHERE sha256 NOT IN "
                "(SELECT photo FROM people WHERE photo IS NOT NULL)"
            )
        return cursor.rowcount

    # --- people ---------------------------------------------------------------------------

    @staticmethod
    def _person(row: dict[str, Any]) -> Person:
        return Person(
            id=row["id"],
            name=row["name"],
            native_name=row["native_name"],
            honorific=row["honorific"],
            title=row["title"],
            organization=row["organization"],
            country=row["country"],
            bio=row["bio"],
            photo=row["photo"],
            photo_alt=row["photo_alt"],
            pronunciation=row["pronunciation"],
            languages=_parse_list(row["languages"]),
            tags=_parse_list(row["tags"]),
            source=row["source"],
            last_verified=_parse_date(row["last_verified"]),
            created_at=row["created_at"],
            updated_at=row["updated_at"],
        )

    def list_people(self) -> list[Person]:
        return [self._person(r) for r in self._rows("SELECT * FROM people ORDER BY name, id")]

    def count_people(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM people").fetchone()[0])

    def get_person(self, person_id: str) -> Person:
        row = self._one("SELECT * FROM people WHERE id = ?", [person_id])
        if row is None:
            raise NotFound(f"No person with id {person_id}.")
        return self._person(row)

    def save_person(self, person: Person, *, keep_timestamp: bool = False) -> Person:
        if not person.name.strip():
            raise InvalidInput("A person needs a name.")
        stamp = now_stamp()
        existing = self._one("SELECT created_at FROM people WHERE id = ?", [person.id])
        saved = replace(
            person,
            created_at=(existing or {}).get("created_at") or person.created_at or stamp,
            updated_at=person.updated_at if keep_timestamp and person.updated_at else stamp,
        )
        record = {
            "id": saved.id,
            "name": saved.name,
            "native_name": saved.native_name,
            "honorific": saved.honorific,
            "title": saved.title,
            "organization": saved.organization,
            "country": saved.country,
            "bio": saved.bio,
            "photo": saved.photo,
            "photo_alt": saved.photo_alt,
            "pronunciation": saved.pronunciation,
            "languages": _list_text(saved.languages),
            "tags": _list_text(saved.tags),
            "source": saved.source,
            "last_verified": _date_text(saved.last_verified),
            "created_at": saved.created_at,
            "updated_at": saved.updated_at,
        }
        with self.transaction():
            self.db.table("people").upsert(record, pk="id")
            search_index.index_person(self.conn, saved)
        return saved

    def delete_person(self, person_id: str) -> None:
        """Remove a person from the library and from every book and meeting."""
        with self.transaction():
            self.conn.execute("DELETE FROM people WHERE id = ?", [person_id])
            search_index.remove(self.conn, "person", [person_id])

    def list_people_summaries(self) -> list[PersonSummary]:
        """Every person as a small summary for library tables, in one query (fast at 10,000)."""
        cursor = self.conn.execute(
            "SELECT p.id, p.name, p.native_name, p.title, p.organization, p.country,"
            " p.last_verified, p.photo IS NOT NULL,"
            " (SELECT count(*) FROM participants WHERE person_id = p.id)"
            " FROM people p ORDER BY p.name, p.id"
        )
        return [
            PersonSummary(
                id=row[0],
                name=row[1],
                native_name=row[2],
                title=row[3],
                organization=row[4],
                country=row[5],
                last_verified=_parse_date(row[6]),
                has_photo=bool(row[7]),
                books_using=int(row[8]),
            )
            for row in cursor
        ]

    def books_using_person(self, person_id: str) -> list[Book]:
        rows = self._rows(
            "SELECT b.* FROM books b JOIN participants p ON p.book_id = b.id "
            "WHERE p.person_id = ? ORDER BY b.title",
            [person_id],
        )
        return [self._book(row) for row in rows]

    # --- participants ---------------------------------------------------------------------

    def list_participants(self, book_id: str) -> list[Participant]:
        rows = self._rows(
            "SELECT * FROM participants WHERE book_id = ? ORDER BY position, rowid", [book_id]
        )
        return [
            Participant(r["book_id"], r["person_id"], r["role"], r["talking_points"], r["position"])
            for r in rows
        ]

    def list_participant_entries(self, book_id: str) -> list[ParticipantEntry]:
        rows = self._rows(
            "SELECT p.book_id AS p_book_id, p.role AS p_role, p.talking_points AS p_talking_points,"
            " p.position AS p_position, people.* FROM participants p "
            "JOIN people ON people.id = p.person_id WHERE p.book_id = ? ORDER BY p.position, p.rowid",
            [book_id],
        )
        return [
            ParticipantEntry(
                Participant(
                    row["p_book_id"],
                    row["id"],
                    row["p_role"],
                    row["p_talking_points"],
                    row["p_position"],
                ),
                self._person(row),
            )
            for row in rows
        ]

    def save_participant(self, participant: Participant) -> Participant:
        """Attach a person to a book, or update their role, talking points or position."""
        record = {
            "book_id": participant.book_id,
            "person_id": participant.person_id,
            "role": participant.role,
            "talking_points": participant.talking_points,
            "position": participant.position,
        }
        with self.transaction():
            self.db.table("participants").upsert(record, pk=("book_id", "person_id"))
        return participant

    def attach_person(
        self, book_id: str, person_id: str, role: str = "", talking_points: str = ""
    ) -> Participant:
        """Attach a person at the end of the book's participants."""
        row = self._one("SELECT max(position) AS p FROM participants WHERE book_id = ?", [book_id])
        position = 0 if row is None or row["p"] is None else row["p"] + 1
        return self.save_participant(
            Participant(book_id, person_id, role, talking_points, position)
        )

    def detach_person(self, book_id: str, person_id: str) -> None:
        """Remove a person from a book and from that book's meetings."""
        with self.transaction():
            self.conn.execute(
                "DELETE FROM participants WHERE book_id = ? AND person_id = ?", [book_id, person_id]
            )
            self.conn.execute(
                "DELETE FROM meeting_participants WHERE person_id = ? AND meeting_id IN "
                "(SELECT id FROM meetings WHERE book_id = ?)",
                [person_id, book_id],
            )

    def reorder_participants(self, book_id: str, person_ids: Sequence[str]) -> None:
        with self.transaction():
            for position, person_id in enumerate(person_ids):
                self.conn.execute(
                    "UPDATE participants SET position = ? WHERE book_id = ? AND person_id = ?",
                    [position, book_id, person_id],
                )

    # --- notes ----------------------------------------------------------------------------

    @staticmethod
    def _note(row: dict[str, Any]) -> Note:
        return Note(
            id=row["id"],
            title=row["title"],
            sector=row["sector"],
            country=row["country"],
            body=row["body"],
            sources=_parse_list(row["sources"]),
            last_verified=_parse_date(row["last_verified"]),
            internal=bool(row["internal"]),
            created_at=row["created_at"],
            updated_at=row["updated_at"],
        )

    def list_notes(self) -> list[Note]:
        return [self._note(r) for r in self._rows("SELECT * FROM notes ORDER BY sector, title, id")]

    def count_notes(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM notes").fetchone()[0])

    def get_note(self, note_id: str) -> Note:
        row = self._one("SELECT * FROM notes WHERE id = ?", [note_id])
        if row is None:
            raise NotFound(f"No note with id {note_id}.")
        return self._note(row)

    def save_note(self, note: Note, *, keep_timestamp: bool = False) -> Note:
        if not note.title.strip():
            raise InvalidInput("A note needs a title.")
        stamp = now_stamp()
        existing = self._one("SELECT created_at FROM notes WHERE id = ?", [note.id])
        saved = replace(
            note,
            created_at=(existing or {}).get("created_at") or note.created_at or stamp,
            updated_at=note.updated_at if keep_timestamp and note.updated_at else stamp,
        )
        record = {
            "id": saved.id,
            "title": saved.title,
            "sector": saved.sector,
            "country": saved.country,
            "body": saved.body,
            "sources": _list_text(saved.sources),
            "last_verified": _date_text(saved.last_verified),
            "internal": int(saved.internal),
            "created_at": saved.created_at,
            "updated_at": saved.updated_at,
        }
        with self.transaction():
            self.db.table("notes").upsert(record, pk="id")
            search_index.index_note(self.conn, saved)
        return saved

    def delete_note(self, note_id: str) -> None:
        with self.transaction():
            self.conn.execute("DELETE FROM notes WHERE id = ?", [note_id])
            search_index.remove(self.conn, "note", [note_id])

    def list_book_notes(self, book_id: str) -> list[Note]:
        rows = self._rows(
            "SELECT notes.* FROM book_notes bn JOIN notes ON notes.id = bn.note_id "
            "WHERE bn.book_id = ? ORDER BY bn.position, bn.rowid",
            [book_id],
        )
        return [self._note(row) for row in rows]

    def attach_note(self, book_id: str, note_id: str, position: int | None = None) -> None:
        if position is None:
            row = self._one(
                "SELECT max(position) AS p FROM book_notes WHERE book_id = ?", [book_id]
            )
            position = 0 if row is None or row["p"] is None else row["p"] + 1
        with self.transaction():
            self.db.table("book_notes").upsert(
                {"book_id": book_id, "note_id": note_id, "position": position},
                pk=("book_id", "note_id"),
            )

    def detach_note(self, book_id: str, note_id: str) -> None:
        with self.transaction():
            self.conn.execute(
                "DELETE FROM book_notes WHERE book_id = ? AND note_id = ?", [book_id, note_id]
            )

    def reorder_book_notes(self, book_id: str, note_ids: Sequence[str]) -> None:
        with self.transaction():
            for position, note_id in enumerate(note_ids):
                self.conn.execute(
                    "UPDATE book_notes SET position = ? WHERE book_id = ? AND note_id = ?",
                    [position, book_id, note_id],
                )

    def list_note_summaries(self) -> list[NoteSummary]:
        """Every note as a small summary for library tables, in one query (no bodies)."""
        cursor = self.conn.execute(
            "SELECT n.id, n.title, n.sector, n.country, n.last_verified, n.internal,"
            " (SELECT count(*) FROM book_notes WHERE note_id = n.id)"
            " FROM notes n ORDER BY n.sector, n.title, n.id"
        )
        return [
            NoteSummary(
                id=row[0],
                title=row[1],
                sector=row[2],
                country=row[3],
                last_verified=_parse_date(row[4]),
                internal=bool(row[5]),
                books_using=int(row[6]),
            )
            for row in cursor
        ]

    def books_using_note(self, note_id: str) -> list[Book]:
        rows = self._rows(
            "SELECT b.* FROM books b JOIN book_notes n ON n.book_id = b.id "
            "WHERE n.note_id = ? ORDER BY b.title",
            [note_id],
        )
        return [self._book(row) for row in rows]

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
            "start": _time_text(saved.start),
            "end": _time_text(saved.end),
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

    # --- whole books ----------------------------------------------------------------------

    def load_book_content(self, book_id: str) -> BookContent:
        """Everything a book uses, read in one consistent snapshot."""
        with self._read_snapshot():
            book = self.get_book(book_id)
            participants = self.list_participant_entries(book_id)
            images: dict[str, Image] = {}
            for entry in participants:
                sha = entry.person.photo
                if sha and sha not in images:
                    image = self.get_image(sha)
                    if image is not None:
                        images[sha] = image
            return BookContent(
                book=book,
                sections=self.list_sections(book_id),
                participants=participants,
                notes=self.list_book_notes(book_id),
                meetings=self.list_meetings(book_id),
                images=images,
            )

    def restore_book_content(self, content: BookContent) -> None:
        """Put back a book exactly as ``load_book_content`` read it (undo of a delete).

        One transaction: the book, its sections, participants, note links and schedule with
        their original ids and timestamps. People, notes and photos that were removed from the
        libraries since are recreated; ones still there are left as they are now.
        """
        book_id = content.book.id
        with self.transaction():
            self.save_book(content.book, keep_timestamp=True)
            for sha, image in content.images.items():
                if self.get_image(sha) is None:
                    self.put_image(image)
            for section in content.sections:
                self.save_section(section, keep_timestamp=True)
            for entry in content.participants:
                if self._one("SELECT id FROM people WHERE id = ?", [entry.person.id]) is None:
                    self.save_person(entry.person, keep_timestamp=True)
                self.save_participant(entry.participant)
            for position, note in enumerate(content.notes):
                if self._one("SELECT id FROM notes WHERE id = ?", [note.id]) is None:
                    self.save_note(note, keep_timestamp=True)
                self.attach_note(book_id, note.id, position)
            for meeting in content.meetings:
                # A person deleted from the library since cannot be linked again.
                people = [
                    person_id
                    for person_id in meeting.participants
                    if self._one("SELECT id FROM people WHERE id = ?", [person_id]) is not None
                ]
                self.save_meeting(replace(meeting, participants=people), keep_timestamp=True)

    # --- search, backup, integrity --------------------------------------------------------

    def search(
        self, query: str, limit: int = 50, kinds: Iterable[str] | None = None
    ) -> list[SearchHit]:
        """Ranked hits for a user's query; the query is plain text, never FTS syntax."""
        return search_index.search(self.conn, query, limit=limit, kinds=kinds)

    def rebuild_search_index(self) -> None:
        with self.transaction():
            search_index.rebuild(self.conn, self)

    def backup(self, target: str | os.PathLike[str], progress: Any = None) -> Path:
        """Write a consistent copy of the store to ``target`` with SQLite's backup API.

        The copy is made beside the target and moved into place, so a failure leaves no
        partial file.
        """
        target = Path(target)
        if target.is_dir():
            raise StoreWriteError(f"{target} is a folder; give a file name for the backup.")
        if not target.parent.exists():
            raise StoreWriteError(f"The folder {target.parent} does not exist.")
        temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            create_private_file(temporary)
            copy = keys.connect_copy(self.path, temporary)
            try:
                with self._read_snapshot():
                    self.conn.backup(copy, pages=256, progress=progress)
                copy.execute("PRAGMA journal_mode = DELETE")
            finally:
                copy.close()
            os.replace(temporary, target)
        except sqldb.ErrorOrOSError as error:
            for leftover in (temporary, temporary.with_name(temporary.name + "-journal")):
                with contextlib.suppress(OSError):
                    leftover.unlink()
            reason = getattr(error, "strerror", None) or str(error)
            if getattr(error, "errno", None) == errno.ENOSPC or (
                getattr(error, "sqlite_errorcode", 0) & 0xFF == 13  # SQLITE_FULL
            ):
                reason = "the disk is full"
            raise StoreWriteError(f"Could not write the backup {target}: {reason}.") from error
        return target

    @contextlib.contextmanager
    def _read_snapshot(self) -> Iterator[None]:
        """Hold one read transaction: every read inside sees one state of the store.

        A book's content read this way is consistent while the app autosaves, and a stepped
        backup copies one state and never restarts (SQLite restarts a backup whenever another
        connection writes between two steps, which under steady autosaves may never end).
        In WAL mode writers go on meanwhile.
        """
        if self.conn.in_transaction:
            yield
            return
        self.conn.execute("BEGIN")
        try:
            self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            yield
        finally:
            with contextlib.suppress(*sqldb.Error):
                self.conn.execute("ROLLBACK")

    def integrity_problems(self) -> list[str]:
        """SQLite's integrity and foreign-key checks; an empty list means the file is sound."""
        problems = [row[0] for row in self.conn.execute("PRAGMA integrity_check") if row[0] != "ok"]
        for row in self.conn.execute("PRAGMA foreign_key_check"):
            problems.append(f"table {row[0]} row {row[1]} points to a missing {row[2]} record")
        return problems


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
