"""Encrypting, re-keying and decrypting a store together with its backups.

Every file is converted the same crash-safe way: SQLCipher's ``sqlcipher_export`` writes the
whole database into a new file beside the old one (``.NAME.converting``), the new file is
checked (integrity check, same schema version, same row counts) and flushed to disk, and one
``os.replace`` puts it in the old one's place. A kill at any moment leaves each file either
whole as it was or whole as it is meant to be: never a mix, never half a file under the store's
name. Leftover ``.converting`` files are removed by the next conversion (and by ``tidy``).

The store is converted first, then each backup, so the content is protected as early as
possible; a conversion stopped half-way is finished by running it again (files already in the
wanted state are skipped). Afterwards the store's folder and its backup folder hold no plain
copy: every backup was re-made encrypted and the plain file it replaced is gone (see
docs/reliability.md for what removing a file does and does not mean on an SSD).

The caller passes the new passphrase; the current one must already be remembered
(``keys.unlock``) for a store that is encrypted now.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.atomic_file import fsync_file, fsync_folder
from app.errors import StoreRefused, StoreWriteError
from app.protection import keys, sqldb

Progress = Callable[[float, str], None]
CONVERTING_SUFFIX = ".converting"
MIN_PASSPHRASE_LENGTH = 8


@dataclass
class ConversionReport:
    """What a conversion did: files converted, files already right, files it could not open."""

    converted: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)


def check_new_passphrase(secret: str) -> None:
    """Refuse a passphrase too short to protect anything (the rules in docs/reliability.md)."""
    if len(secret) < MIN_PASSPHRASE_LENGTH:
        raise StoreRefused(
            f"A passphrase needs at least {MIN_PASSPHRASE_LENGTH} characters (a few words are "
            "best); nothing was changed."
        )
    if secret != secret.strip():
        raise StoreRefused("A passphrase cannot begin or end with a space; nothing was changed.")


def temporary_for(path: Path) -> Path:
    return path.with_name(f".{path.name}{CONVERTING_SUFFIX}")


def tidy(folder: Path) -> list[Path]:
    """Remove what a conversion killed half-way left in ``folder``: partial new files."""
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    for leftover in folder.iterdir():
        name = leftover.name
        if name.startswith(".") and (
            name.endswith(CONVERTING_SUFFIX) or name.endswith(CONVERTING_SUFFIX + "-journal")
        ):
            with contextlib.suppress(OSError):
                leftover.unlink()
                removed.append(leftover)
    return removed


def _source_pragma(path: Path) -> str | None:
    if not keys.is_encrypted(path):
        return None
    passphrase = keys.passphrase_for_file(path)
    assert passphrase is not None
    return passphrase.pragma_for(keys.file_salt(path))


def _counts(conn: Any, schema: str) -> dict[str, int]:
    names = [
        row[0]
        for row in conn.execute(
            f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' "
            "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name"
        )
    ]
    return {
        name: int(conn.execute(f'SELECT count(*) FROM {schema}."{name}"').fetchone()[0])
        for name in names
    }


def convert_file(path: Path, target: keys.Passphrase | None) -> None:
    """Rewrite one closed store file encrypted with ``target`` (None: plain), atomically."""
    temporary = temporary_for(path)
    for leftover in (temporary, temporary.with_name(temporary.name + "-journal")):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()
    from app.store_file import create_private_file

    source = sqldb.connect_cipher(str(path), _source_pragma(path))
    try:
        # Changes still in the journal go into the main file first, and the journal empties.
        with contextlib.suppress(*sqldb.OperationalError):
            source.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        version = int(source.execute("PRAGMA user_version").fetchone()[0])
        application = int(source.execute("PRAGMA application_id").fetchone()[0])
        create_private_file(temporary)
        new_key = target.pragma_for_new_file() if target is not None else ""
        source.execute("ATTACH DATABASE ? AS converted KEY ?", [str(temporary), new_key])
        try:
            source.execute("SELECT sqlcipher_export('converted')").fetchall()
            source.execute(f"PRAGMA converted.user_version = {version}")
            source.execute(f"PRAGMA converted.application_id = {application}")
            source.commit()
            if _counts(source, "main") != _counts(source, "converted"):
                raise StoreWriteError(f"The converted copy of {path} is incomplete.")
            problems = source.execute("PRAGMA converted.integrity_check").fetchall()
            if problems != [("ok",)]:
                raise StoreWriteError(f"The converted copy of {path} fails SQLite's check.")
        finally:
            source.execute("DETACH DATABASE converted")
    except BaseException:
        source.close()
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        raise
    source.close()
    fsync_file(temporary)
    for suffix in ("-wal", "-shm"):
        # Emptied by the checkpoint above; a journal left beside the new file would be
        # replayed into it (and may hold plain pages of the old one).
        with contextlib.suppress(FileNotFoundError):
            path.with_name(path.name + suffix).unlink()
    os.replace(temporary, path)
    fsync_folder(path.parent)


def _state_is(path: Path, target: keys.Passphrase | None) -> bool:
    """Whether ``path`` is already what the conversion wants (so a resumed run skips it)."""
    if target is None:
        return not keys.is_encrypted(path)
    if not keys.is_encrypted(path):
        return False
    return keys.try_passphrase(path, target._secret) is not None


def _backup_files(store_path: Path) -> list[Path]:
    from app.backups import backup_dir_for, list_backups

    folder = backup_dir_for(store_path)
    files = [info.path for info in list_backups(store_path, check=False)]
    if folder.is_dir():
        # Partial daily backups (killed before their rename) hold content too.
        files += [item for item in folder.iterdir() if item.name.endswith(".partial")]
    return files


def convert_store(
    store_path: Path,
    target: keys.Passphrase | None,
    *,
    kind: str = "cli",
    progress: Progress | None = None,
) -> ConversionReport:
    """Encrypt (``target`` a passphrase), re-key, or decrypt (``target`` None) a store and its
    backups. Takes the store's writer lock: the app closes its own store first.
    """
    from app.backups import backup_dir_for
    from app.lock import acquire_writer_lock

    store_path = Path(store_path)
    if not store_path.is_file() or store_path.stat().st_size == 0:
        raise StoreRefused(f"There is no store at {store_path}; nothing was changed.")
    if not sqldb.cipher_available():
        raise StoreRefused(
            "This installation of BriefBook cannot encrypt stores (SQLCipher is missing)."
        )
    report = ConversionReport()
    if target is not None:
        # A store already encrypted with it (a conversion stopped half-way) opens with it.
        target = keys.remember(target)
    with acquire_writer_lock(store_path, kind):
        folder = backup_dir_for(store_path)
        report.removed += tidy(store_path.parent) + tidy(folder)
        # The store must open before anything is touched: a wrong passphrase changes nothing.
        from app.store_file import inspect_file

        inspect_file(store_path)
        files = [store_path, *_backup_files(store_path)]
        for done, file in enumerate(files):
            if progress is not None:
                progress(done / len(files), file.name)
            if file.name.endswith(".partial"):
                file.unlink()
                report.removed.append(file)
                continue
            if _state_is(file, target):
                report.unchanged.append(file)
                continue
            try:
                convert_file(file, target)
            except keys.PassphraseNeeded:
                report.skipped.append(file)
                continue
            except StoreRefused:
                if file == store_path:
                    raise
                # A backup no passphrase here opens, or a damaged one: left as it is.
                report.skipped.append(file)
                continue
            except sqldb.DatabaseError as error:
                if file == store_path:
                    raise StoreWriteError(
                        f"Could not convert {store_path}: {error}; it was left as it was."
                    ) from error
                report.skipped.append(file)
                continue
            except OSError as error:
                raise StoreWriteError(
                    f"Could not write beside {file}: {error.strerror or error}; that file "
                    "was left as it was."
                ) from error
            report.converted.append(file)
        if progress is not None:
            progress(1.0, "")
    return report
