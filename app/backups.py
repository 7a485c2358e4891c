"""Automatic, rotating backups of a store, and restoring one.

Backups live in ``<store folder>/backups/`` (owner-only), named after the store and the local
time they were taken so that they sort by time: ``briefbook-20261126-174500.sqlite`` for the
daily copy, ``...-before-migration-v1.sqlite`` before a schema upgrade and
``...-before-restore.sqlite`` for the store a restore replaced. Copies are made with SQLite's
backup API, so they are consistent even while the app writes, and each new copy is checked with
SQLite's integrity check before it may push an older one out of the rotation.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.atomic_file import fsync_folder
from app.backup_names import (
    BACKUP_FOLDER,
    KIND_BEFORE_MIGRATION,
    KIND_BEFORE_RESTORE,
    KIND_DAILY,
    backup_dir_for,
    ensure_private_dir,
    free_name,
    migration_backup_path,
    parse_name,
)
from app.errors import StoreDamaged, StoreRefused, StoreWriteError
from app.lock import acquire_writer_lock
from app.store import Store
from app.store_file import copy_store_file, file_integrity_problems, inspect_file

DEFAULT_KEEP = 10

# The names callers know from here; where backups go and their names live in app.backup_names.
__all__ = [
    "BACKUP_FOLDER",
    "DEFAULT_KEEP",
    "KIND_BEFORE_MIGRATION",
    "KIND_BEFORE_RESTORE",
    "KIND_DAILY",
    "BackupInfo",
    "backup_dir_for",
    "daily_backup",
    "find_newest_good_backup",
    "list_backups",
    "migration_backup_path",
    "prune_backups",
    "restore_backup",
    "verify_backup",
]


@dataclass(frozen=True)
class BackupInfo:
    """One backup file of a store. ``ok`` is None when it was not checked."""

    path: Path
    taken_at: datetime
    size: int
    kind: str
    ok: bool | None
    problem: str = ""


def verify_backup(path: Path) -> str | None:
    """Why ``path`` cannot be restored, in a short phrase, or None when it is a sound store."""
    path = Path(path)
    if not path.is_file():
        return "it does not exist or is not a file"
    if path.stat().st_size == 0:
        return "it is empty"
    try:
        inspect_file(path)
        problems = file_integrity_problems(path)
    except StoreDamaged:
        return "it is damaged (cut short or unreadable)"
    except StoreRefused as error:
        if "newer BriefBook" in str(error):
            return "it was written by a newer BriefBook"
        return "it is not a BriefBook store"
    if problems:
        return f"it fails SQLite's integrity check ({problems[0]})"
    return None


def list_backups(
    store_path: Path, backup_dir: Path | None = None, *, check: bool = True
) -> list[BackupInfo]:
    """The store's backups, newest first; with ``check`` each one is verified (slower)."""
    folder = backup_dir or backup_dir_for(store_path)
    found: list[BackupInfo] = []
    if not folder.is_dir():
        return found
    for file in folder.iterdir():
        parsed = parse_name(Path(store_path), file)
        if parsed is None or not file.is_file():
            continue
        problem = verify_backup(file) if check else None
        found.append(
            BackupInfo(
                path=file,
                taken_at=parsed[0],
                size=file.stat().st_size,
                kind=parsed[1],
                ok=(problem is None) if check else None,
                problem=problem or "",
            )
        )
    found.sort(key=lambda info: (info.taken_at, info.path.name), reverse=True)
    return found


def find_newest_good_backup(store_path: Path, backup_dir: Path | None = None) -> Path | None:
    """The newest backup that passes the integrity check, to offer when a store is damaged."""
    for info in list_backups(store_path, backup_dir, check=False):
        if verify_backup(info.path) is None:
            return info.path
    return None


def prune_backups(
    store_path: Path, backup_dir: Path | None = None, keep: int = DEFAULT_KEEP
) -> list[Path]:
    """Delete all but the ``keep`` newest backups of the store; returns the deleted files."""
    if keep < 1:
        raise ValueError("keep must be at least 1")
    removed = []
    for info in list_backups(store_path, backup_dir, check=False)[keep:]:
        with contextlib.suppress(FileNotFoundError):
            info.path.unlink()
            removed.append(info.path)
    return removed


def daily_backup(
    store: Store,
    backup_dir: Path | None = None,
    keep: int = DEFAULT_KEEP,
    now: datetime | None = None,
) -> Path | None:
    """Copy the store on its first open of each calendar day; keep the ``keep`` newest copies.

    Returns the new backup, or None when today's copy already exists. The copy is checked
    before older copies are rotated out; a store that fails the check raises ``StoreDamaged``
    and leaves the existing backups alone (offer ``find_newest_good_backup`` then). Safe while
    another connection writes: SQLite's backup API copies one consistent state.
    """
    now = now or datetime.now()
    folder = ensure_private_dir(backup_dir or backup_dir_for(store.path))
    if any(
        info.kind == KIND_DAILY and info.taken_at.date() == now.date()
        for info in list_backups(store.path, folder, check=False)
    ):
        return None
    target = free_name(folder, store.path, now, "")
    partial = folder / f".{target.name}.partial"
    try:
        store.backup(partial)
        problems = file_integrity_problems(partial)
        if problems:
            raise StoreDamaged(
                f"{store.path} fails SQLite's integrity check ({problems[0]}); no backup was "
                "made and the earlier backups were kept. Restore the newest good backup."
            )
        os.replace(partial, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
    prune_backups(store.path, folder, keep)
    return target


def _copy_private(source: Path, target: Path) -> None:
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out, source.open("rb") as src:
        shutil.copyfileobj(src, out, 1 << 20)
        out.flush()
        os.fsync(out.fileno())


def _keep_current_aside(store_path: Path, folder: Path, now: datetime) -> Path | None:
    """Keep the store a restore is about to replace, even when it is damaged."""
    if not store_path.exists() or store_path.stat().st_size == 0:
        return None
    aside = free_name(folder, store_path, now, f"-{KIND_BEFORE_RESTORE}")
    try:
        copy_store_file(store_path, aside)
    except StoreRefused:
        # Too damaged for SQLite to read: keep its raw bytes, with its journal if any.
        _copy_private(store_path, aside)
        wal = store_path.with_name(store_path.name + "-wal")
        if wal.exists():
            _copy_private(wal, aside.with_name(aside.name + "-wal"))
    return aside


def restore_backup(
    backup: Path,
    store_path: Path,
    *,
    backup_dir: Path | None = None,
    kind: str = "cli",
    now: datetime | None = None,
) -> Path | None:
    """Replace the store at ``store_path`` with ``backup``; returns where the old store was kept.

    The backup must be a sound BriefBook store (else ``StoreRefused``, nothing changed). The
    current store is copied into the backup folder first, then replaced in one atomic rename.
    Refused with ``StoreLocked`` while another process has the store open for writing: the app
    closes its own store before restoring. ``kind`` names this program in the lock file.
    """
    backup, store_path = Path(backup), Path(store_path)
    problem = verify_backup(backup)
    if problem:
        raise StoreRefused(
            f"The backup {backup} cannot be restored: {problem}. Nothing was changed."
        )
    folder = ensure_private_dir(backup_dir or backup_dir_for(store_path))
    with acquire_writer_lock(store_path, kind):
        incoming = store_path.with_name(f".{store_path.name}.restore-{os.getpid()}.tmp")
        try:
            try:
                _copy_private(backup, incoming)
            except OSError as error:
                raise StoreWriteError(
                    f"Could not copy the backup beside {store_path}: {error.strerror or error}. "
                    "Nothing was changed."
                ) from error
            problem = verify_backup(incoming)
            if problem:
                raise StoreRefused(
                    f"The backup {backup} changed while it was read: {problem}. Nothing was changed."
                )
            aside = _keep_current_aside(store_path, folder, now or datetime.now())
            # A journal left beside the old store would be replayed into the restored one.
            for suffix in ("-wal", "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    store_path.with_name(store_path.name + suffix).unlink()
            os.replace(incoming, store_path)
            fsync_folder(store_path.parent)
        finally:
            with contextlib.suppress(FileNotFoundError):
                incoming.unlink()
    return aside
