"""Starting the desktop app: ``run_gui`` is what ``briefbook`` with no command calls."""

from __future__ import annotations

import gc
import os
import platform
import signal
import sys
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QTimer, qVersion
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget

from app import __version__
from app.backups import find_newest_good_backup, list_backups, restore_backup
from app.errors import StoreDamaged, StoreLocked, StoreRefused
from app.lock import lock_holder
from app.paths import log_dir
from app.store import Store
from ui import dialogs
from ui.backup_runner import BackupRunner
from ui.context import AppContext, AppEvents
from ui.errors import ErrorReporter, logger, setup_logging
from ui.icons import app_icon
from ui.main_window import MainWindow
from ui.preferences import Preferences
from ui.workers import Worker, run_blocking

APP_NAME = "BriefBook"
ORGANIZATION = "BriefBook"
STORE_FILTER = "BriefBook stores (*.sqlite *.db);;All files (*)"
NO_DISPLAY_MESSAGE = (
    "briefbook: no graphical display found (DISPLAY and WAYLAND_DISPLAY are not set); "
    "run a command such as `briefbook books` instead, or set QT_QPA_PLATFORM=offscreen."
)


def app_version() -> str:
    return __version__


def has_display() -> bool:
    """False on Linux without X11 or Wayland, where Qt would abort instead of failing."""
    if not sys.platform.startswith("linux"):
        return True
    return any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def configure_application(app: QApplication) -> None:
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationVersion(app_version())
    app.setDesktopFileName("briefbook")
    app.setWindowIcon(app_icon())


def default_settings() -> QSettings:
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APP_NAME)


def holder_text(path: Path) -> str:
    """Who has the store open for writing, in words ("BriefBook (desktop) — user ann, ...")."""
    owner = lock_holder(path)
    return owner.describe() if owner is not None else "another BriefBook program"


def _taken(backup: Path, store_path: Path) -> str:
    for info in list_backups(store_path, check=False):
        if info.path == backup:
            return info.taken_at.strftime("%d %b %Y, %H:%M")
    return backup.name


def restore_with_progress(
    parent: QWidget | None, backup: Path, store_path: Path
) -> tuple[Path | None, str | None]:
    """Restore ``backup`` over ``store_path`` in a worker; (where the old store went, error)."""

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
    choice = dialogs.choose(
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
        dialogs.warn(parent, "Cannot open the store read-only", str(error))
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
    choice = dialogs.choose(
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
        dialogs.warn(parent, "Backup not restored", failure, "Nothing was changed.")
    elif notices is not None:
        notices.append(_restored_notice(newest, kept))
    return -1


def _restored_notice(backup: Path, kept: Path | None) -> str:
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
            choice = dialogs.choose(
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


class Session(QObject):
    """The open store and its window; opening another store replaces both."""

    def __init__(self, settings: QSettings, log_folder: Path) -> None:
        super().__init__()
        self.settings = settings
        self.log_folder = log_folder
        self.window: MainWindow | None = None
        self.context: AppContext | None = None
        self.backup_runner = BackupRunner(lambda: self.window, self)

    def start(self, store_path: Path, open_file: Path | None = None) -> bool:
        """Open the store and show its window; False when the user gave up."""
        notices: list[str] = []
        store = open_store_interactively(store_path, None, "Quit", notices)
        if store is None:
            return False
        self._show(store, notices)
        # The ~50,000 objects of start-up live as long as the app: moved out of the
        # collector's sight, a full collection no longer rescans them (a 35 ms stall each).
        gc.freeze()
        if open_file is not None:
            self.open_bundle(open_file)
        return True

    def _show(self, store: Store, notices: list[str] | None = None) -> MainWindow:
        context = AppContext(
            store=store,
            store_path=store.path,
            settings=self.settings,
            undo_stack=QUndoStack(),
            events=AppEvents(),
            read_only=store.read_only,
            read_only_holder=holder_text(store.path) if store.read_only else "",
        )
        first_book = None
        if not store.read_only and not store.list_books():
            # First run: a real book to look at beats an empty window.
            from app.sample import ensure_sample_book

            first_book = ensure_sample_book(store).id
            logger.info("first run: sample book added")
        window = MainWindow(context, self.log_folder)
        window.store_switch_requested.connect(self.switch_store)
        window.restore_requested.connect(self.restore_backup)
        if first_book is not None:
            window.open_book(first_book)
        self.window, self.context = window, context
        window.show()
        logger.info(
            "store opened (schema %s%s)",
            store.schema_version,
            ", read-only" if store.read_only else "",
        )
        if not store.read_only:
            # Off the GUI thread: copying a large store must not hold up the first screen.
            self.backup_runner.start(store.path, Preferences(self.settings).backup_keep)
        for notice in notices or []:
            window.statusBar().showMessage(notice, 30_000)
            dialogs.inform(window, "Backup restored", notice)
        return window

    def open_bundle(self, path: Path) -> str | None:
        """Import a bundle opened from the desktop, asking before it updates records."""
        if self.window is None or self.context is None:
            return None
        if path.suffix.lower() not in (".bbk", ".json"):
            dialogs.warn(
                self.window,
                "Cannot open this file",
                f"{path.name} is not a BriefBook bundle (.bbk or .json).",
            )
            return None
        from ui.file_actions import import_bundle_file

        return import_bundle_file(self.window, self.context, path)

    def switch_store(self, path: Path) -> bool:
        """Open another store in a new window; the old one closes (saving first)."""
        old_window, old_context = self.window, self.context
        notices: list[str] = []
        store = open_store_interactively(path, old_window, "Cancel", notices)
        if store is None:
            return False
        app = QApplication.instance()
        quit_on_close = isinstance(app, QApplication) and app.quitOnLastWindowClosed()
        if isinstance(app, QApplication):
            app.setQuitOnLastWindowClosed(False)  # closing the old window must not end the app
        try:
            if old_window is not None and not old_window.close():
                store.close()  # the user kept the old window to save an edit first
                return False
            if old_context is not None:
                self.backup_runner.wait()
                old_context.store.close()
            if old_window is not None:
                old_window.deleteLater()
            self._show(store, notices)
        finally:
            if isinstance(app, QApplication):
                app.setQuitOnLastWindowClosed(quit_on_close)
        return True

    def restore_backup(self, backup: Path) -> bool:
        """Replace the open store with ``backup``: save pending edits, close the store,
        restore, reopen it in a new window and say where the replaced store was kept.

        Anything refused on the way (an edit that cannot be saved, a bad backup) leaves the
        store as it was, reopened, with the reason in a dialog.
        """
        window, context = self.window, self.context
        if window is None or context is None or context.read_only:
            return False
        if not window.flush_pages():
            dialogs.warn(
                window,
                "Backup not restored",
                "Your last change could not be saved, so the store was not replaced.",
                "Fix the problem (disk space, file moved or read-only) and try again.",
            )
            return False
        store_path = context.store_path
        app = QApplication.instance()
        quit_on_close = isinstance(app, QApplication) and app.quitOnLastWindowClosed()
        if isinstance(app, QApplication):
            app.setQuitOnLastWindowClosed(False)  # the window comes back after the restore
        try:
            if not window.close():
                return False
            self.backup_runner.wait()
            context.store.close()
            self.window, self.context = None, None
            window.deleteLater()
            kept, failure = restore_with_progress(None, backup, store_path)
            logger.info("restore from backup %s", "failed" if failure else "done")
            notices: list[str] = []
            store = open_store_interactively(store_path, None, "Quit", notices)
            if store is None:
                if isinstance(app, QApplication):
                    app.quit()
                return False
            if failure is None:
                notices.insert(0, _restored_notice(backup, kept))
            reopened = self._show(store, notices)
            if failure is not None:
                dialogs.warn(
                    reopened,
                    "Backup not restored",
                    failure,
                    "Your store was not changed; it is open again as it was.",
                )
            return failure is None
        finally:
            if isinstance(app, QApplication):
                app.setQuitOnLastWindowClosed(quit_on_close)

    def close(self) -> None:
        self.backup_runner.wait()
        if self.context is not None:
            self.context.store.close()
            self.context = None


def close_on_termination_signals(app: QApplication) -> QTimer:
    """SIGTERM (logout, shutdown) and Ctrl+C close the windows normally, so pending edits
    are saved. Python only sees signals between bytecodes: a light timer gives it the chance
    while Qt's event loop runs."""

    def close_windows(_signum: int, _frame: object) -> None:
        QApplication.closeAllWindows()
        if not QApplication.topLevelWindows() or not any(
            w.isVisible() for w in QApplication.topLevelWindows()
        ):
            app.quit()

    for name in ("SIGTERM", "SIGINT"):
        number = getattr(signal, name, None)
        if number is not None:
            signal.signal(number, close_windows)
    heartbeat = QTimer(app)
    heartbeat.setInterval(300)
    heartbeat.timeout.connect(lambda: None)
    heartbeat.start()
    return heartbeat


def run_gui(store_path: Path, open_file: Path | None = None) -> int:
    """Open the desktop app on ``store_path`` (and import ``open_file`` if given)."""
    if not has_display():
        print(NO_DISPLAY_MESSAGE, file=sys.stderr)
        return 1
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0]])
    configure_application(app)
    close_on_termination_signals(app)
    log_folder = log_dir()
    reporter: ErrorReporter | None = None
    session = Session(default_settings(), log_folder)
    try:
        log_file = setup_logging(log_folder)
        reporter = ErrorReporter(log_file, lambda: session.window)
        reporter.install()
    except OSError as error:
        print(f"briefbook: cannot write the log in {log_folder}: {error.strerror}", file=sys.stderr)
    logger.info(
        "BriefBook %s started (Qt %s, Python %s, %s)",
        app.applicationVersion(),
        qVersion(),
        platform.python_version(),
        platform.system(),
    )
    try:
        if not session.start(Path(store_path), Path(open_file) if open_file else None):
            return 1
        return app.exec()
    finally:
        session.close()
        logger.info("BriefBook closed")
        if reporter is not None:
            reporter.uninstall()
