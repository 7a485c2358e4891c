"""What every part of the store shares: the connection, transactions, rows, stored text.

``StoreCore`` is the base of ``app.store.Store`` and of its record groups (``app.store_books``,
``app.store_library``); only ``Store.open`` makes one.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.domain import Book
from app.errors import InvalidInput, StoreWriteError
from app.lock import WriterLock
from app.protection import sqldb
from app.store_file import (
    file_identity,
    write_failure,
)

if TYPE_CHECKING:
    import sqlite_utils


def date_text(value: date | None) -> str | None:
    """A date as stored: ISO text, or NULL."""
    return value.isoformat() if value else None


def parse_date(value: str | None) -> date | None:
    """A stored date back as a ``date`` (NULL or empty: None)."""
    return date.fromisoformat(value) if value else None


def time_text(value: datetime) -> str:
    """A local date-time as stored: ISO text to the minute, without its zone."""
    return value.replace(tzinfo=None).isoformat(timespec="minutes")


def list_text(values: Sequence[str]) -> str:
    """A list of strings as stored: JSON text."""
    return json.dumps(list(values), ensure_ascii=False)


def parse_list(value: str | None) -> list[str]:
    """A stored list back (NULL or empty: an empty list)."""
    if not value:
        return []
    parsed = json.loads(value)
    return [str(item) for item in parsed] if isinstance(parsed, list) else []


class StoreCore:
    """An open connection to a store file, with its transactions and row helpers."""

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

    @staticmethod
    def _book(row: dict[str, Any]) -> Book:
        return Book(
            id=row["id"],
            title=row["title"],
            subtitle=row["subtitle"],
            destination=row["destination"],
            start_date=parse_date(row["start_date"]),
            end_date=parse_date(row["end_date"]),
            marking=row["marking"],
            prepared_by=row["prepared_by"],
            organization=row["organization"],
            purpose=row["purpose"],
            page_size=row["page_size"],
            timezone=row["timezone"],
            language=row["language"],
            created_at=row["created_at"],
            updated_at=row["updated_at"],
        )
