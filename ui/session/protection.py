"""The app's side of protection: converting the open store (protect, change the passphrase,
remove protection) in a worker with progress, and the idle lock of an encrypted store's window.
(The passphrase before a store opens: ``ui.session.unlocking``.)

Converting closes the open store first (the conversion takes the writer lock itself, and
rewrites the file), then reopens it: the same steps as restoring a backup.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtWidgets import QWidget

from app.protection import conversion, keys
from ui.dialogs.passphrase_dialog import ask_new_passphrase
from ui.session.error_reporting import logger
from ui.widgets import message_boxes

if TYPE_CHECKING:
    from app.store import Store
    from ui.context import AppContext
    from ui.session.idle_lock import IdleLock
    from ui.session.workers import Worker
    from ui.window.main_window import MainWindow

PROTECT = "protect"
CHANGE = "change"
REMOVE = "remove"


def choose_conversion(
    parent: QWidget | None, action: str, store_path: Path
) -> tuple[bool, keys.Passphrase | None]:
    """Ask what the conversion needs: (go ahead, the new passphrase or None for plain)."""
    if action == PROTECT:
        secret = ask_new_passphrase(
            parent,
            "Protect with a passphrase",
            "Protect this store with a passphrase",
            "The store and its backups are encrypted (SQLCipher, AES-256). Whoever copies the "
            "disk, or finds the laptop, reads nothing without the passphrase. BriefBook asks for "
            "it when it opens the store, and again after the idle time set in Preferences.",
        )
        return (secret is not None), (keys.Passphrase(secret) if secret else None)
    if action == CHANGE:
        secret = ask_new_passphrase(
            parent,
            "Change passphrase",
            "Choose a new passphrase",
            "The store and its backups are re-encrypted with the new passphrase; the old one "
            "stops opening them.",
        )
        return (secret is not None), (keys.Passphrase(secret) if secret else None)
    confirmed = message_boxes.ask(
        parent,
        "Remove protection",
        f"Store {store_path.name} and its backups without encryption?",
        "Remove protection",
        informative="Anyone who copies the disk can then read every book, profile and note. "
        "The files are rewritten as plain SQLite.",
    )
    return confirmed, None


def convert_with_progress(
    parent: QWidget | None, store_path: Path, target: keys.Passphrase | None, title: str
) -> str | None:
    """Convert the (closed) store in a worker behind a progress dialog; the error, or None."""
    from ui.session.workers import run_blocking

    def job(control: Worker) -> conversion.ConversionReport:
        return conversion.convert_store(
            store_path,
            target,
            kind="desktop",
            progress=lambda fraction, _name: control.report(fraction),
        )

    outcome = run_blocking(
        parent, title, f"{title}: rewriting the store and its backups…", job, cancellable=False
    )
    if not outcome.ok:
        return outcome.error or "The store could not be converted."
    report = outcome.result
    logger.info(
        "store converted: %d file(s), %d unchanged, %d left as they were",
        len(report.converted),
        len(report.unchanged),
        len(report.skipped),
    )
    if report.skipped:
        names = ", ".join(file.name for file in report.skipped)
        return (
            f"The store was converted, but these backups could not be (damaged, or locked with "
            f"another passphrase) and were left as they were: {names}."
        )
    return None


def start_idle_lock(window: MainWindow, context: AppContext) -> IdleLock | None:
    """The idle lock of an encrypted store's window (a plain store has nothing to ask)."""
    if not keys.is_encrypted(context.store_path):
        return None
    from ui.session.idle_lock import IdleLock

    return IdleLock(window, context.store_path, context.settings)


class _Session(Protocol):
    """What converting needs of ``ui.session.startup.Session`` (not imported: it imports us)."""

    window: MainWindow | None
    context: AppContext | None

    def close(self) -> None: ...

    def _show(self, store: Store, notices: list[str] | None = None) -> MainWindow: ...


def change_protection(session: _Session, action: str) -> bool:
    """Convert the session's open store: save, close it, convert, reopen it in a new window.

    Anything refused on the way leaves the store as it was, reopened, with the reason shown.
    """
    from PySide6.QtWidgets import QApplication

    from ui.session.store_opening import open_store_interactively

    window, context = session.window, session.context
    if window is None or context is None or context.read_only:
        return False
    store_path = context.store_path
    go, target = choose_conversion(window, action, store_path)
    if not go:
        return False
    if not window.flush_pages():
        message_boxes.warn(
            window,
            "Store not converted",
            "Your last change could not be saved, so the store was not converted.",
            "Fix the problem (disk space, file moved or read-only) and try again.",
        )
        return False
    title = {PROTECT: "Protect with a passphrase", CHANGE: "Change passphrase"}.get(
        action, "Remove protection"
    )
    app = QApplication.instance()
    quit_on_close = isinstance(app, QApplication) and app.quitOnLastWindowClosed()
    if isinstance(app, QApplication):
        app.setQuitOnLastWindowClosed(False)  # the window comes back after the conversion
    try:
        if not window.close():
            return False
        session.close()
        session.window = None
        window.deleteLater()
        failure = convert_with_progress(None, store_path, target, title)
        logger.info("store conversion (%s) %s", action, "failed" if failure else "done")
        if failure is None and action != PROTECT:
            # The old passphrase opens nothing any more: out of memory with it.
            keys.keep_only(keys.remember(target) if target is not None else None)
        store = open_store_interactively(store_path, None, "Quit")
        if store is None:
            if isinstance(app, QApplication):
                app.quit()
            return False
        done = {
            PROTECT: "The store and its backups are encrypted; BriefBook asks for the "
            "passphrase when it opens the store.",
            CHANGE: "The store and its backups now open with the new passphrase only.",
            REMOVE: "The store and its backups are plain SQLite again.",
        }[action]
        reopened = session._show(store)
        if failure is not None:
            message_boxes.warn(reopened, title, failure)
        else:
            reopened.statusBar().showMessage(done, 30_000)
        return failure is None
    finally:
        if isinstance(app, QApplication):
            app.setQuitOnLastWindowClosed(quit_on_close)
