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
from app.errors import StoreRefused
from app.paths import log_dir
from app.store import Store
from ui import dialogs
from ui.context import AppContext, AppEvents
from ui.errors import ErrorReporter, logger, setup_logging
from ui.icons import app_icon
from ui.main_window import MainWindow

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


def open_store_interactively(
    path: Path, parent: QWidget | None = None, give_up_text: str = "Quit"
) -> Store | None:
    """Open the store at ``path``; when it is refused, say why and offer another file."""
    while True:
        try:
            return Store.open(path, lock="desktop")
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

    def start(self, store_path: Path, open_file: Path | None = None) -> bool:
        """Open the store and show its window; False when the user gave up."""
        store = open_store_interactively(store_path, None, "Quit")
        if store is None:
            return False
        self._show(store)
        # The ~50,000 objects of start-up live as long as the app: moved out of the
        # collector's sight, a full collection no longer rescans them (a 35 ms stall each).
        gc.freeze()
        if open_file is not None:
            self.open_bundle(open_file)
        return True

    def _show(self, store: Store) -> MainWindow:
        context = AppContext(
            store=store,
            store_path=store.path,
            settings=self.settings,
            undo_stack=QUndoStack(),
            events=AppEvents(),
        )
        first_book = None
        if not store.list_books():
            # First run: a real book to look at beats an empty window.
            from app.sample import ensure_sample_book

            first_book = ensure_sample_book(store).id
            logger.info("first run: sample book added")
        window = MainWindow(context, self.log_folder)
        window.store_switch_requested.connect(self.switch_store)
        if first_book is not None:
            window.open_book(first_book)
        self.window, self.context = window, context
        window.show()
        logger.info("store opened (schema %s)", store.schema_version)
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
        store = open_store_interactively(path, old_window, "Cancel")
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
                old_context.store.close()
            if old_window is not None:
                old_window.deleteLater()
            self._show(store)
        finally:
            if isinstance(app, QApplication):
                app.setQuitOnLastWindowClosed(quit_on_close)
        return True

    def close(self) -> None:
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
