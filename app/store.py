"""The store: one SQLite file holding books, people, notes, schedules and images.

``Store`` is opened here (locks, migrations, read-only), and holds what spans a whole book or the
whole file (duplicating and restoring books, search, backup, integrity). Its records come in two
groups: ``app.store_books.BookRecords`` (books, sections, meetings, images) and
``app.store_library.LibraryRecords`` (people, notes and their links to books), both on
``app.store_core.StoreCore`` (connection, transactions, rows). These modules, with
``app/store_file.py``, ``app/schema.py`` and ``app/search.py``, are the only places that speak
SQL. Callers pass dataclasses from ``app.domain`` in and get dataclasses out. Every change that
touches several rows runs in one transaction (sqlite-utils' ``atomic``), and the search index is
updated inside that same transaction so it can never disagree with the data.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from app import search as search_index
from app.backup_names import migration_backup_path
from app.body_images import referenced_images
from app.domain import (
    Book,
    BookContent,
    Image,
    LexiconSources,
    SearchHit,
    new_id,
    now_stamp,
)
from app.errors import StoreRefused, StoreWriteError
from app.lock import acquire_writer_lock
from app.protection import keys, sqldb
from app.schema import APPLICATION_ID, MIGRATIONS, REINDEX_AFTER, Migration
from app.store_books import BookRecords
from app.store_file import (
    connect_read_only,
    copy_store_file,
    create_private_file,
    ensure_folder,
    file_identity,
    inspect_file,
    refuse_unwritable,
)
from app.store_library import LibraryRecords
from app.store_spelling import SpellingWords

BUSY_TIMEOUT_MS = 5000


def _copy_aside(path: Path, version: int) -> Path:
    """Copy a store into its backup folder before migrating it (see ``app.backups``)."""
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


class Store(BookRecords, LibraryRecords, SpellingWords):
    """An open BriefBook store. Use ``Store.open(path)``; close it (or use ``with``)."""

    # --- lifecycle ------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        read_only: bool = False,
        migrations: dict[int, Migration] | None = None,
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
        migrations: dict[int, Migration] | None,
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

    def _migrate(self, version: int, steps: dict[int, Migration]) -> None:
        pending = sorted(n for n in steps if n > version)
        # An existing store whose index folding changed is re-indexed once, inside the last
        # step's transaction: after every step, so the records read back in today's shape.
        reindex = bool(version) and any(n in REINDEX_AFTER for n in pending)
        for number in pending:
            with self.db.atomic():
                step = steps[number]
                if callable(step):
                    step(self.conn)
                else:
                    for statement in _statements(step):
                        self.conn.execute(statement)
                if reindex and number == pending[-1]:
                    self.rebuild_search_index()
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
            for word in self.ignored_words(book_id):
                self.ignore_word(copy.id, word)
        return copy

    # --- whole books ----------------------------------------------------------------------

    def load_book_content(self, book_id: str) -> BookContent:
        """Everything a book uses, read in one consistent snapshot."""
        with self._read_snapshot():
            book = self.get_book(book_id)
            participants = self.list_participant_entries(book_id)
            sections = self.list_sections(book_id)
            images: dict[str, Image] = {}
            photos = [entry.person.photo for entry in participants]
            for sha in [*photos, *referenced_images(s.body for s in sections)]:
                if sha and sha not in images:
                    image = self.get_image(sha)
                    if image is not None:
                        images[sha] = image
            return BookContent(
                book=book,
                sections=sections,
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
        """Re-index everything (after a bulk import, or to repair the index)."""
        with self.transaction():
            search_index.clear(self.conn)
            for book in self.list_books():
                search_index.index_book(self.conn, book)
                for section in self.list_sections(book.id):
                    search_index.index_section(self.conn, section)
                for meeting in self.list_meetings(book.id):
                    search_index.index_meeting(self.conn, meeting)
            for person in self.list_people():
                search_index.index_person(self.conn, person)
            for note in self.list_notes():
                search_index.index_note(self.conn, note)

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

    def lexicon_sources(self, book_id: str) -> LexiconSources:
        """Every text whose words spelling must accept in one book (``app.spelling.lexicon``):
        all people's names, the book's destination and meeting places, every note title, the
        personal dictionary and the words ignored in this book. One read snapshot."""
        with self._read_snapshot():
            names: list[str] = []
            for name, native in self.conn.execute("SELECT name, native_name FROM people"):
                names.append(name)
                if native:
                    names.append(native)
            places = [
                row[0]
                for row in self.conn.execute(
                    "SELECT destination FROM books WHERE id = ? UNION ALL "
                    "SELECT location FROM meetings WHERE book_id = ? AND location != ''",
                    [book_id, book_id],
                )
            ]
            return LexiconSources(
                names=names,
                places=places,
                note_titles=[row[0] for row in self.conn.execute("SELECT title FROM notes")],
                personal=self.personal_words(),
                ignored=self.ignored_words(book_id),
            )

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
