"""Which SQLite a store file is opened with, and the errors either driver raises.

A plain store is opened with the standard library's ``sqlite3``, exactly as before encryption
existed. An encrypted store (SQLCipher 4: the file starts with its 16-byte salt instead of
SQLite's magic string) is opened with ``sqlcipher3`` and keyed with the raw key derived from
the passphrase (``app.protection.keys``). The two drivers raise different exception classes, so
code that handles database errors catches the tuples below (``except sqldb.Error``).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

try:  # pragma: no cover - exercised by whichever build is installed
    from sqlcipher3 import dbapi2 as _cipher
except ImportError:  # pragma: no cover - a build without SQLCipher opens plain stores only
    _cipher = None

SQLITE_MAGIC = b"SQLite format 3\x00"

# Catch these instead of ``sqlite3.X``: a connection to an encrypted store raises sqlcipher3's.
Error: tuple[type[Exception], ...] = (sqlite3.Error,)
DatabaseError: tuple[type[Exception], ...] = (sqlite3.DatabaseError,)
OperationalError: tuple[type[Exception], ...] = (sqlite3.OperationalError,)
IntegrityError: tuple[type[Exception], ...] = (sqlite3.IntegrityError,)
if _cipher is not None:
    Error += (_cipher.Error,)
    DatabaseError += (_cipher.DatabaseError,)
    OperationalError += (_cipher.OperationalError,)
    IntegrityError += (_cipher.IntegrityError,)


def cipher_available() -> bool:
    """Whether this installation can open and write encrypted stores."""
    return _cipher is not None


def cipher_version() -> str:
    if _cipher is None:
        return ""
    conn = _cipher.connect(":memory:")
    try:
        return str(conn.execute("PRAGMA cipher_version").fetchone()[0])
    finally:
        conn.close()


def is_plain_database_error(error: BaseException) -> bool:
    """A DatabaseError/OperationalError as such (not a programming error's subclass)."""
    names = {"DatabaseError", "OperationalError"}
    return type(error).__name__ in names and isinstance(error, DatabaseError)


def file_header(path: Path) -> bytes:
    try:
        with Path(path).open("rb") as handle:
            return handle.read(len(SQLITE_MAGIC))
    except OSError:
        return b""


def looks_encrypted(path: Path) -> bool:
    """True for a file that may be an encrypted store: not plain SQLite, and whole pages.

    An encrypted file cannot be told from random bytes without its key; its size, a whole
    number of pages (512 bytes at the least), rules out most other files.
    """
    header = file_header(path)
    if len(header) != len(SQLITE_MAGIC) or header == SQLITE_MAGIC:
        return False
    try:
        size = Path(path).stat().st_size
    except OSError:
        return False
    return size % 512 == 0


def read_only_uri(path: Path) -> str:
    """A read-only URI (any driver) that leaves no -wal/-shm files beside a file that had none.

    SQLite creates them even for a read-only connection to a WAL-mode file. Without a -wal file
    the main file holds the whole database, so reading it as immutable is exact; with one, a
    normal read-only connection is needed to see the committed changes it holds.
    """
    uri = f"{path.resolve().as_uri()}?mode=ro"
    if not path.with_name(path.name + "-wal").exists():
        uri += "&immutable=1"
    return uri


def connect_cipher(target: str, key_pragma: str | None, **options: Any) -> Any:
    """A sqlcipher3 connection to ``target`` (a path or URI), keyed with ``key_pragma``.

    ``key_pragma`` is the value for ``PRAGMA key`` (``"x'…'"``, a raw key) or None for a plain
    database opened through SQLCipher (conversion reads a plain store this way).
    """
    if _cipher is None:
        from app.errors import StoreRefused

        raise StoreRefused(
            "This installation of BriefBook cannot open encrypted stores (SQLCipher is missing)."
        )
    conn = _cipher.connect(target, **options)
    try:
        # SQLCipher logs a failed page check to stderr; a wrong passphrase is reported by us.
        conn.execute("PRAGMA cipher_log_level = NONE")
        if key_pragma is not None:
            conn.execute(f'PRAGMA key = "{key_pragma}"')
    except BaseException:
        conn.close()
        raise
    return conn


# For code that reports a failed file operation and a failed database call alike.
ErrorOrOSError: tuple[type[Exception], ...] = (OSError, *Error)
# A damaged header can name a text encoding the file's text is not in (app/store_file.py).
DatabaseOrDecodeError: tuple[type[Exception], ...] = (*DatabaseError, UnicodeDecodeError)
