"""Opening a store from the desktop app, with a way on when it is refused.

Another program writing to it: browse it read-only. Damaged: restore its newest good backup.
Anything else (not a store, newer, unreadable): open another store file or create one.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QWidget

from app.backups import find_newest_good_backup, list_backups, restore_backup
from app.errors import StoreDamaged, StoreLocked, StoreRefused
from app.lock import lock_holder
from app.store import Store
from ui.session.error_reporting import logger
from ui.session.unlocking import unlock_before_opening
from ui.widgets import message_boxes
from ui.widgets.dates import format_date_time

if TYPE_CHECKING:
    from ui.session.workers import Worker

STORE_FILTER = "BriefBook stores (*.sqlite *.db);;All files (*)"


def holder_text(path: Path) -> str:
    """Who has the store open for writing, in words ("BriefBook (desktop) — user ann, ...")."""
    owner = lock_holder(path)
    return owner.describe() if owner is not None else "another BriefBook program"


def _taken(backup: Path, store_path: Path) -> str:
    for info in list_backups(store_path, check=False):
        if info.path == backup:
            return format_date_time(info.taken_at)
    return backup.name


def restore_with_progress(
    parent: QWidget | None, backup: Path, store_path: Path
) -> tuple[Path | None, str | None]:
    """Restore ``backup`` over ``store_path`` in a worker; (where the old store went, error)."""

    from ui.session.workers import run_blocking

    def job(_control: Worker) -> Path | None:
        return restore_backup(backup, store_path, kind="desktop")

    outcome = run_blocking(
        parent, "Restore from backup", f"Restoring {backup.name}…", job, cancellable=False
    )
    if not outcome.ok:
        return None, outcome.error or "The backup could not be restored."
    return outcome.result, None


def _when_locked(path: Path, parent: QWidget | None, give_up_text: str) -> tuple[int, Store | None]:
    """Offer read-only browsing of a store another program writes to. (0 open another, 2 give up)"""
    who = holder_text(path)
    choice = message_boxes.choose(
        parent,
        "Store in use",
        f"{path.name} is open for writing by {who}.",
        ["Open read-only", "Open another store…", give_up_text],
        informative="Read-only, you can browse, search, preview and export its books while it "
        "stays open there; to edit, close it there first. Or open another store.",
    )
    if choice != 0:
        return (0 if choice == 1 else 2), None
    try:
        return 0, Store.open(path, read_only=True)
    except StoreRefused as error:
        message_boxes.warn(parent, "Cannot open the store read-only", str(error))
        return -1, None


def _when_damaged(
    path: Path,
    error: StoreDamaged,
    parent: QWidget | None,
    give_up_text: str,
    notices: list[str] | None,
) -> int:
    """Offer the newest good backup of a damaged store. -1 try again, 0/1/2 as the others."""
    newest = find_newest_good_backup(path)
    options = ["Open another store…", "Create a new store…", give_up_text]
    if newest is not None:
        options.insert(0, f"Restore newest good backup ({_taken(newest, path)})")
    choice = message_boxes.choose(
        parent,
        "The store is damaged",
        str(error),
        options,
        informative=(
            "Restoring replaces it with the backup; the damaged file is kept in the backups "
            "folder. Or open another store file, or start a new, empty one."
            if newest is not None
            else "There is no good backup of it. BriefBook did not change the file; you can "
            "open another store file, or start a new, empty one."
        ),
    )
    if newest is None:
        return choice
    if choice > 0:
        return choice - 1
    kept, failure = restore_with_progress(parent, newest, path)
    if failure is not None:
        message_boxes.warn(parent, "Backup not restored", failure, "Nothing was changed.")
    elif notices is not None:
        notices.append(restored_notice(newest, kept))
    return -1


def restored_notice(backup: Path, kept: Path | None) -> str:
    where = f" The replaced store was kept as {kept}." if kept is not None else ""
    return f"Restored the store from the backup {backup.name}.{where}"


def open_store_interactively(
    path: Path,
    parent: QWidget | None = None,
    give_up_text: str = "Quit",
    notices: list[str] | None = None,
) -> Store | None:
    """Open the store at ``path``; when it is refused, say why and offer a way on.

    Another program writing to it: browse it read-only (the store's ``read_only`` is then
    True). Damaged: restore its newest good backup (then ``notices`` gets a sentence saying
    where the damaged file went). Anything else: open another store or create one.
    """
    while True:
        try:
            if not unlock_before_opening(path, parent):
                # No passphrase: an encrypted store stays shut (or it was never a store).
                raise StoreRefused(
                    f"{path} is encrypted, or it is not a BriefBook store; without its "
                    "passphrase it was not opened."
                )
            return Store.open(path, lock="desktop")
        except StoreLocked:
            logger.warning("store refused: StoreLocked")
            choice, store = _when_locked(path, parent, give_up_text)
            if store is not None:
                return store
        except StoreDamaged as error:
            logger.warning("store refused: StoreDamaged")
            choice = _when_damaged(path, error, parent, give_up_text, notices)
        except StoreRefused as error:
            logger.warning("store refused: %s", type(error).__name__)
            choice = message_boxes.choose(
                parent,
                "Cannot open the store",
                str(error),
                ["Open another store…", "Create a new store…", give_up_text],
                informative="BriefBook did not change that file. You can open another store "
                "file, or start a new, empty one.",
            )
        if choice < 0:
            continue  # try the same store again (restored, or read-only failed)
        if choice == 0:
            chosen, _ = QFileDialog.getOpenFileName(
                parent, "Open store", str(path.parent), STORE_FILTER
            )
        elif choice == 1:
            chosen, _ = QFileDialog.getSaveFileName(
                parent, "Create a new store", str(path.parent / "briefbook.sqlite"), STORE_FILTER
            )
        else:
            return None
        if chosen:
            path = Path(chosen)
