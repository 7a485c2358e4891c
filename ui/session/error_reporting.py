"""Nothing vanishes silently: uncaught exceptions go to a private log file and a dialog.

The log holds exception types, ids and tracebacks (file, line, function and source line) only.
Exception messages are left out because they can quote user text, and note or bio text must
never reach the log.
"""

from __future__ import annotations

import io
import logging
import os
import sys
import threading
import traceback
from collections.abc import Callable
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.errors import BriefBookError

LOG_NAME = "briefbook.log"
LOGGER_NAME = "briefbook"
logger = logging.getLogger(LOGGER_NAME)


class _PrivateRotatingFileHandler(RotatingFileHandler):
    """Creates the log and its rotated copies readable by the owner only (POSIX)."""

    def _open(self) -> io.TextIOWrapper:
        descriptor = os.open(self.baseFilename, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        if os.name == "posix":
            os.fchmod(descriptor, 0o600)
        return os.fdopen(descriptor, "a", encoding=self.encoding or "utf-8")


def setup_logging(folder: Path) -> Path:
    """Log to ``folder/briefbook.log`` (folder and file owner-only); returns the file."""
    folder.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        folder.chmod(0o700)
    path = folder / LOG_NAME
    for handler in list(logger.handlers):
        if isinstance(handler, _PrivateRotatingFileHandler):
            logger.removeHandler(handler)
            handler.close()
    handler = _PrivateRotatingFileHandler(path, maxBytes=512_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    return path


def close_logging() -> None:
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()


def describe_exception(exc_type: type[BaseException], tb: TracebackType | None) -> str:
    """Type and traceback without the message (which may quote a user's text)."""
    frames = "".join(traceback.format_tb(tb)) if tb is not None else "  (no traceback)\n"
    name = f"{exc_type.__module__}.{exc_type.__qualname__}"
    return f"Uncaught {name} (message withheld for privacy)\nTraceback:\n{frames}"


class ErrorReporter:
    """The app's ``sys.excepthook``: log, then tell the user in a dialog."""

    def __init__(self, log_file: Path, parent: Callable[[], QWidget | None] = lambda: None) -> None:
        self.log_file = log_file
        self.parent = parent
        self._showing = False
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook

    def install(self) -> None:
        sys.excepthook = self.handle
        threading.excepthook = self._handle_thread

    def uninstall(self) -> None:
        sys.excepthook = self._previous_hook
        threading.excepthook = self._previous_thread_hook

    def _handle_thread(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            self.handle(args.exc_type, args.exc_value, args.exc_traceback)

    def handle(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        logger.error(describe_exception(exc_type, tb))
        if threading.current_thread() is not threading.main_thread():
            return  # dialogs belong to the GUI thread; the log has it
        if self._showing:
            return  # an error while showing the dialog: logged, not shown twice
        self._showing = True
        try:
            self.show_dialog(exc_type, exc)
        except Exception as dialog_error:  # the dialog itself failed: keep it in the log
            logger.error(describe_exception(type(dialog_error), dialog_error.__traceback__))
        finally:
            self._showing = False

    def message_for(self, exc_type: type[BaseException], exc: BaseException) -> str:
        if isinstance(exc, BriefBookError):
            return str(exc)
        return (
            f"BriefBook hit an unexpected problem ({exc_type.__name__}). What you saved "
            "before is safe; the last action may not have finished."
        )

    def show_dialog(self, exc_type: type[BaseException], exc: BaseException) -> None:
        box = QMessageBox(self.parent())
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle("Something went wrong")
        box.setText(self.message_for(exc_type, exc))
        box.setInformativeText(
            f"The details were written to the log file {self.log_file}. "
            "You can keep working, or quit and start BriefBook again."
        )
        keep = box.addButton("Keep working", QMessageBox.ButtonRole.AcceptRole)
        show_log = box.addButton("Show log folder", QMessageBox.ButtonRole.HelpRole)
        quit_button = box.addButton("Quit", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(keep)
        box.exec()
        if box.clickedButton() is show_log:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.log_file.parent)))
        elif box.clickedButton() is quit_button:
            app = QApplication.instance()
            if app is not None:
                # Closing the windows first lets them flush pending edits.
                QApplication.closeAllWindows()
                app.quit()
