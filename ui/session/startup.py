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
from PySide6.QtWidgets import QApplication

from app import __version__, handoff
from app.paths import log_dir
from app.store import Store
from ui.context import AppContext, AppEvents
from ui.dialogs.preferences import Preferences
from ui.session.backup_runner import BackupRunner
from ui.session.bundle_inbox import BundleInbox, FileOpenFilter
from ui.session.error_reporting import ErrorReporter, logger, setup_logging
from ui.session.fonts import FontRegistrar
from ui.session.idle_lock import IdleLock
from ui.session.protection import change_protection, start_idle_lock
from ui.session.store_opening import (
    holder_text,
    open_store_interactively,
    restore_with_progress,
    restored_notice,
)
from ui.session.workarounds import keep_booleans_alive
from ui.widgets import message_boxes
from ui.widgets.icons import app_icon
from ui.window.main_window import MainWindow

APP_NAME = "BriefBook"
BACKUP_DELAY_MS = 1500  # the day's backup starts this long after the window shows
FONTS_DELAY_MS = 300  # the bundled script fonts are unpacked this long after it shows
ORGANIZATION = "BriefBook"
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


class Session(QObject):
    """The open store and its window; opening another store replaces both."""

    def __init__(self, settings: QSettings, log_folder: Path) -> None:
        super().__init__()
        self.settings = settings
        self.log_folder = log_folder
        self.window: MainWindow | None = None
        self.context: AppContext | None = None
        self.backup_runner = BackupRunner(lambda: self.window, self)
        self.inbox: BundleInbox | None = None
        self.idle_lock: IdleLock | None = None
        self.handed_off = False
        self._waiting_files: list[Path] = []
        self.fonts = FontRegistrar(self)
        self._fonts_started = False

    def start(self, store_path: Path, open_file: Path | None = None) -> bool:
        """Open the store and show its window; False when the user gave up, or when the
        bundle ``open_file`` went to the BriefBook window that already has the store open
        (``handed_off``: what a double-clicked ``.bbk`` does while the app runs)."""
        if open_file is not None and handoff.running_window_can_take(store_path):
            try:
                handoff.send(store_path, open_file)
            except OSError as error:
                logger.warning("could not hand the bundle over: %s", error.strerror or error)
            else:
                logger.info("bundle handed to the running window")
                self.handed_off = True
                return False
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
        window.protection_requested.connect(self.change_protection)
        if first_book is not None:
            window.open_book(first_book)
        self.window, self.context = window, context
        window.show()
        if not self._fonts_started:
            # Names in every script on a machine without these fonts; after the first paint.
            self._fonts_started = True
            QTimer.singleShot(FONTS_DELAY_MS, self, self.fonts.start)
        logger.info(
            "store opened (schema %s%s)",
            store.schema_version,
            ", read-only" if store.read_only else "",
        )
        self.idle_lock = start_idle_lock(window, context)
        if not store.read_only:
            # Off the GUI thread, and not before the first screen is up: copying a large store
            # competes with the first paint for the processor and the interpreter.
            QTimer.singleShot(BACKUP_DELAY_MS, self, lambda: self._start_backup(store))
            self.inbox = BundleInbox(store.path, self.open_bundle_in_front, self)
        if self._waiting_files:
            QTimer.singleShot(0, self, self._open_waiting_files)
        for notice in notices or []:
            window.statusBar().showMessage(notice, 30_000)
            message_boxes.inform(window, "Backup restored", notice)
        return window

    def open_bundle(self, path: Path) -> str | None:
        """Import a bundle opened from the desktop, asking before it updates records."""
        if self.window is None or self.context is None:
            return None
        if path.suffix.lower() not in (".bbk", ".json"):
            message_boxes.warn(
                self.window,
                "Cannot open this file",
                f"{path.name} is not a BriefBook bundle (.bbk or .json).",
            )
            return None
        from ui.window.file_actions import import_bundle_file

        return import_bundle_file(self.window, self.context, path)

    def _start_backup(self, store: Store) -> None:
        context = self.context
        if context is None or context.store is not store or store.read_only:
            return  # the store was closed, switched or restored meanwhile
        self.backup_runner.start(store.path, Preferences(self.settings).backup_keep)

    def open_bundle_in_front(self, path: Path) -> str | None:
        """A bundle handed over while the app runs: bring the window up, then import it.

        One that arrives before there is a window (macOS sends the file that launched the
        app as an event, possibly while a store dialog is up) waits for the window."""
        if self.window is None:
            self._waiting_files.append(path)
            return None
        if self.window.isMinimized():
            self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()
        return self.open_bundle(path)

    def _open_waiting_files(self) -> None:
        waiting, self._waiting_files = self._waiting_files, []
        for path in waiting:
            self.open_bundle_in_front(path)

    def _stop_inbox(self) -> None:
        if self.inbox is not None:
            self.inbox.stop()
            self.inbox.deleteLater()
            self.inbox = None

    def switch_store(self, path: Path) -> bool:
        """Open another store in a new window; the old one closes (saving first)."""
        old_window = self.window
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
            self.close()  # the old store: its backup finished, its inbox closed
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
            message_boxes.warn(
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
            self.close()
            self.window = None
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
                notices.insert(0, restored_notice(backup, kept))
            reopened = self._show(store, notices)
            if failure is not None:
                message_boxes.warn(
                    reopened,
                    "Backup not restored",
                    failure,
                    "Your store was not changed; it is open again as it was.",
                )
            return failure is None
        finally:
            if isinstance(app, QApplication):
                app.setQuitOnLastWindowClosed(quit_on_close)

    def change_protection(self, action: str) -> bool:
        """Protect the open store with a passphrase, change it, or remove it (File menu)."""
        return change_protection(self, action)

    def close(self) -> None:
        """Close the open store: after its backup has finished, with its inbox unwatched."""
        self.backup_runner.wait()
        self._stop_inbox()
        if self.idle_lock is not None:
            self.idle_lock.stop()
            self.idle_lock = None
        if self.context is not None:
            if self.context.spelling is not None:
                self.context.spelling.wait_for_workers()  # they read the store's file
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
    keep_booleans_alive()  # before any Qt call: see ui/session/workarounds.py
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
        app.installEventFilter(FileOpenFilter(session.open_bundle_in_front, app))
        if not session.start(Path(store_path), Path(open_file) if open_file else None):
            return 0 if session.handed_off else 1
        return app.exec()
    finally:
        session.close()
        logger.info("BriefBook closed")
        if reporter is not None:
            reporter.uninstall()
