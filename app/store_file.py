"""The store's file on disk: what a file is before it is opened, copies, private files.

Everything here works on paths and plain connections (``app.protection.keys.connect_file``), without a ``Store``: checking
a file without writing a byte (``inspect_file``), SQLite's integrity check of a closed file,
consistent copies, owner-only files and folders, and the sentence for a failed write.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

from app.errors import StoreDamaged, StoreRefused
from app.protection import keys, sqldb
from app.protection.sqldb import read_only_uri
from app.schema import APPLICATION_ID, LATEST_VERSION

SQLITE_MAGIC = b"SQLite format 3\x00"


def inspect_file(path: Path) -> int:
    """Return the schema version of an existing store file, or 0 for an empty/new file.

    Reads without writing a byte; raises ``StoreRefused`` for anything that is not a BriefBook
    store this version can open.
    """
    if path.is_dir():
        raise StoreRefused(f"{path} is a folder, not a BriefBook store; choose a file.")
    if not path.exists() or path.stat().st_size == 0:
        return 0
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_MAGIC))
    except OSError as error:
        raise StoreRefused(f"Cannot read {path}: {error.strerror or error}.") from error
    encrypted = sqldb.looks_encrypted(path) and sqldb.cipher_available()
    if encrypted:
        # An encrypted store (or junk): only its passphrase tells them apart.
        keys.passphrase_for_file(path)
    elif header != SQLITE_MAGIC:
        raise StoreRefused(
            f"{path} is not a BriefBook store (it is not an SQLite database); "
            "it was left untouched. Open or create another store."
        )
    _refuse_truncated(path, encrypted=encrypted)
    try:
        conn = keys.connect_file(path, read_only_uri(path), uri=True)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        finally:
            conn.close()
    except sqldb.DatabaseOrDecodeError as error:
        # A damaged header can name a text encoding the file's text is not in: the sqlite3
        # module then fails to decode the schema (seen once the store grew in version 2).
        raise StoreDamaged(
            f"{path} is damaged or not a BriefBook store ({error}); it was left untouched. "
            "Restore a backup or open another store."
        ) from error
    if app_id != APPLICATION_ID:
        if tables == 0 and version == 0:
            return 0
        raise StoreRefused(
            f"{path} is an SQLite database of another program, not a BriefBook store; "
            "it was left untouched. Open or create another store."
        )
    if version > LATEST_VERSION:
        raise StoreRefused(
            f"{path} was written by a newer BriefBook (store version {version}; this one "
            f"knows up to {LATEST_VERSION}). Update BriefBook to open it."
        )
    return int(version)


def _refuse_truncated(path: Path, *, encrypted: bool = False) -> None:
    """Refuse a file shorter than the database its header describes (a cut-off copy)."""
    with path.open("rb") as handle:
        header = handle.read(100)
    size = path.stat().st_size
    if encrypted:
        # SQLCipher encrypts the header too; its pages are 4096 bytes (its default).
        header = header[:16] + (4096).to_bytes(2, "big") + header[18:]
    page_size = int.from_bytes(header[16:18], "big") if len(header) >= 18 else 0
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big") if len(header) >= 100 and not encrypted else 0
    # The page count is trustworthy only when stamped by the same write as the change counter.
    counted = len(header) >= 100 and header[24:28] == header[92:96] and not encrypted
    has_wal = path.with_name(path.name + "-wal").exists()
    short = (
        len(header) < 100
        or page_size < 512
        or (not has_wal and size % page_size != 0)
        or (counted and not has_wal and size < pages * page_size)
    )
    if short:
        raise StoreDamaged(
            f"{path} is damaged (the file is cut short); it was left untouched. "
            "Restore a backup or open another store."
        )


def file_integrity_problems(path: Path) -> list[str]:
    """SQLite's integrity check of a closed store or backup file, read without changing it."""
    try:
        conn = keys.connect_file(path, read_only_uri(path), uri=True)
        try:
            rows = conn.execute("PRAGMA integrity_check").fetchall()
        finally:
            conn.close()
    except StoreRefused as error:
        return [str(error)]
    except sqldb.DatabaseError as error:
        return [str(error)]
    return [row[0] for row in rows if row[0] != "ok"]


def copy_store_file(source: Path, target: Path) -> None:
    """Copy the store at ``source`` to a new owner-only file with SQLite's backup API.

    Consistent even while another process writes, and includes changes still in a -wal file.
    A copy of an encrypted store is encrypted with the same passphrase (``app.protection``).
    Raises ``StoreDamaged`` when SQLite cannot read the source.
    """
    try:
        origin = keys.connect_file(source, f"{source.resolve().as_uri()}?mode=ro", uri=True)
        try:
            create_private_file(target)
            copy = keys.connect_copy(source, target)
            try:
                origin.backup(copy)
                copy.execute("PRAGMA journal_mode = DELETE")
            finally:
                copy.close()
        finally:
            origin.close()
    except sqldb.DatabaseError as error:
        with contextlib.suppress(OSError):
            target.unlink()
        raise StoreDamaged(f"{source} cannot be copied: {error}.") from error


def connect_read_only(path: Path) -> Any:
    """A read-only connection that also works in a folder the user cannot write to."""
    uri = f"{path.resolve().as_uri()}?mode=ro"
    wal = path.with_name(path.name + "-wal")
    if not os.access(path.parent, os.W_OK | os.X_OK) and not wal.exists():
        # SQLite would need to create a -shm file there. Nobody can be writing this store
        # (a writer needs the folder for its journal), so reading it as immutable is exact.
        uri += "&immutable=1"
    conn = keys.connect_file(path, uri, uri=True, check_same_thread=False)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqldb.Error as error:
        conn.close()
        raise StoreRefused(f"Cannot read {path}: {error}.") from error
    return conn


def ensure_folder(path: Path) -> None:
    """Create the store's folder (owner-only) when it does not exist yet."""
    if not path.parent.exists():
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as error:
            raise StoreRefused(f"Cannot create the folder {path.parent}: {error}.") from error


def refuse_unwritable(path: Path) -> None:
    """Refuse a store its user cannot write (a read-only file or folder) before touching it.

    SQLite would open such a file read-only without a word and fail at the first save.
    """
    folder = path.parent
    if path.exists() and not os.access(path, os.W_OK):
        raise StoreRefused(
            f"{path} is read-only (no permission to change it); it was left untouched. "
            "Open it read-only, or copy it to a folder you can write to."
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise StoreRefused(
            f"The folder {folder} is read-only (no permission to write there), and a store "
            "needs its folder for its journal; nothing was changed. Open the store read-only, "
            "or move it to a folder you can write to."
        )


def write_failure(path: Path, error: Exception) -> str:
    """A plain sentence for a failed write, from SQLite's primary error code."""
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF
    if code == 13:  # SQLITE_FULL
        return f"The disk holding {path} is full; the change was not saved. Free some space and try again."
    if code == 8:  # SQLITE_READONLY
        return f"{path} cannot be written (it is read-only); the change was not saved."
    if code in (10, 14):  # SQLITE_IOERR, SQLITE_CANTOPEN
        return f"Could not write to {path} (the disk or file is not available: {error}); the change was not saved."
    return f"Could not save to {path}: {error}."


def create_private_file(path: Path) -> None:
    """Create ``path`` readable by its owner only (POSIX), before SQLite first writes to it."""
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)


def file_identity(path: Path) -> tuple[int, int] | None:
    """The file's (device, inode), to notice a store file moved or replaced; None if absent."""
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_dev, info.st_ino)
