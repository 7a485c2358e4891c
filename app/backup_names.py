"""Where a store's backups go and what they are called (no SQLite here).

Backups live in ``<store folder>/backups/`` (owner-only), named after the store and the local
time they were taken so that they sort by time: ``briefbook-20261126-174500.sqlite`` for the
daily copy, ``...-before-migration-v1.sqlite`` before a schema upgrade and
``...-before-restore.sqlite`` for the store a restore replaced. The store names its
before-migration copy through here, and ``app.backups`` makes and lists the copies.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

from app.errors import StoreWriteError

BACKUP_FOLDER = "backups"
KIND_DAILY = "daily"
KIND_BEFORE_RESTORE = "before-restore"
KIND_BEFORE_MIGRATION = "before-migration"
_STAMP = "%Y%m%d-%H%M%S"
_NAME = re.compile(
    r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})(?:-(?P<kind>before-restore|before-migration-v\d+))?"
    r"\.sqlite$"
)


def backup_dir_for(store_path: Path) -> Path:
    """The default backup folder of a store: ``backups/`` beside it."""
    return Path(store_path).parent / BACKUP_FOLDER


def ensure_private_dir(folder: Path) -> Path:
    """Create ``folder`` (owner-only) if needed; returns it."""
    if not folder.is_dir():
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            folder.chmod(0o700)  # mkdir's mode is filtered by the umask
        except OSError as error:
            raise StoreWriteError(
                f"Cannot create the backup folder {folder}: {error.strerror or error}."
            ) from error
    return folder


def stem(store_path: Path) -> str:
    """The store file's name without its suffix: the first part of its backups' names."""
    return Path(store_path).stem or "briefbook"


def free_name(folder: Path, store_path: Path, when: datetime, suffix: str) -> Path:
    """A backup path in ``folder`` stamped ``when`` that no file has yet."""
    # Names carry whole seconds; two copies in one second (only in scripts and tests) get the
    # next free second so that names stay unique and still sort by time.
    for step in range(3600):
        stamp = (when + timedelta(seconds=step)).strftime(_STAMP)
        candidate = folder / f"{stem(store_path)}-{stamp}{suffix}.sqlite"
        if not candidate.exists():
            return candidate
    raise StoreWriteError(f"Too many backups in {folder} for one hour; remove some.")


def migration_backup_path(store_path: Path, version: int, now: datetime | None = None) -> Path:
    """Where to copy a store before migrating it from ``version`` (creates the folder)."""
    folder = ensure_private_dir(backup_dir_for(store_path))
    return free_name(folder, store_path, now or datetime.now(), f"-before-migration-v{version}")


def parse_name(store_path: Path, file: Path) -> tuple[datetime, str] | None:
    """When a backup of ``store_path`` was taken and its kind, from its name; None if not one."""
    match = _NAME.match(file.name)
    if not match or match["stem"] != stem(store_path):
        return None
    try:
        taken = datetime.strptime(match["stamp"], _STAMP)
    except ValueError:
        return None
    kind = match["kind"] or KIND_DAILY
    if kind.startswith(KIND_BEFORE_MIGRATION):
        kind = KIND_BEFORE_MIGRATION
    return taken, kind
