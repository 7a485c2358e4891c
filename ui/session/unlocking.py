"""The passphrase before an encrypted store opens (``open_store_interactively`` asks here)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from app.protection import keys
from ui.dialogs.passphrase_dialog import ask_to_unlock
from ui.session.error_reporting import logger


def unlock_before_opening(path: Path, parent: QWidget | None) -> bool:
    """For an encrypted store: ask for its passphrase (until right, or cancelled).

    True when the store can be opened now (plain, already unlocked, or just unlocked); False
    when the user cancelled (the caller then offers to open another store, or to quit).
    """
    if not keys.is_encrypted(path):
        return True
    if keys.passphrase_for_file(path, required=False) is not None:
        return True
    logger.info("store is encrypted: asking for its passphrase")
    return ask_to_unlock(parent, path)
