"""Idle lock: after a quiet spell the window hides its content and asks for the passphrase.

Only for an encrypted store (a plain one has no passphrase to ask). The spell is the
Preferences setting "Lock after" (default 15 minutes; 0 turns it off). Any key, click or wheel
in the app restarts it.

Locking first saves every pending edit (the pages' autosave, flushed), then covers the whole
window with the lock screen, disables every action (their shortcuts too), hides the app's other
windows and takes the book's title out of the window title. Nothing is closed or thrown away:
an edit that could not be saved stays in its editor, under the cover, and the right passphrase
uncovers everything as it was. The passphrase is checked against the store file and held in
memory only, like every other passphrase.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.dialogs.passphrase_dialog import unlock_checker
from ui.widgets.labels import error_label, heading_label, hint_label

DEFAULT_MINUTES = 15
LOCKED_TITLE = "BriefBook — locked"
SETTINGS_KEY = "preferences/idle_lock_minutes"
_ACTIVITY = (
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
)


def lock_minutes(settings: QSettings) -> int:
    """The idle time before the lock, in minutes (0: never)."""
    value = settings.value(SETTINGS_KEY, DEFAULT_MINUTES)
    try:
        return max(0, min(24 * 60, int(str(value))))
    except (TypeError, ValueError):
        return DEFAULT_MINUTES


class LockScreen(QFrame):
    """What covers the window while it is locked: a passphrase field and an Unlock button."""

    unlocked = Signal()

    def __init__(self, store_path: Path, parent: QWidget, saved: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self.setAutoFillBackground(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._check = unlock_checker(store_path)
        self.field = QLineEdit(self)
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setAccessibleName("Passphrase")
        self.field.setPlaceholderText("Passphrase")
        self.field.setMinimumWidth(320)
        self.field.setInputMethodHints(
            Qt.InputMethodHint.ImhSensitiveData | Qt.InputMethodHint.ImhNoPredictiveText
        )
        self.field.returnPressed.connect(self.try_unlock)
        self.button = QPushButton("Unlock", self)
        self.button.setDefault(True)
        self.button.clicked.connect(self.try_unlock)
        self.message = error_label(self)

        card = QFrame(self)
        card.setObjectName("lockCard")
        card.setMaximumWidth(520)
        card.setStyleSheet(
            "QFrame#lockCard { border: 1px solid palette(mid); border-radius: 8px; "
            "background: palette(base); }"
        )
        row = QHBoxLayout()
        row.addWidget(self.field, 1)
        row.addWidget(self.button)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(28, 24, 28, 24)
        inner.setSpacing(12)
        inner.addWidget(heading_label("BriefBook is locked", card, scale=1.5))
        inner.addWidget(
            hint_label(
                f"{store_path.name} is encrypted, and BriefBook locked itself after a while "
                "without use. "
                + (
                    "Your work was saved."
                    if saved
                    else "Your last change could not be saved yet; it is kept, and saved once "
                    "the problem is fixed."
                )
                + " Type the passphrase to go on.",
                card,
            )
        )
        inner.addLayout(row)
        inner.addWidget(self.message)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addWidget(card, 3)
        centred.addStretch(1)
        outer.addLayout(centred)
        outer.addStretch(2)

    def try_unlock(self) -> bool:
        secret = self.field.text()
        self.field.clear()
        if not secret:
            self._say("Type the passphrase first.")
            return False
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            problem = self._check(secret)
        finally:
            QGuiApplication.restoreOverrideCursor()
        if problem is not None:
            self._say(problem)
            return False
        self.message.setVisible(False)
        self.unlocked.emit()
        return True

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(True)
        self.field.setFocus()


class IdleLock(QObject):
    """Watches the app for input and locks ``window`` after the idle time."""

    locked_changed = Signal(bool)

    def __init__(self, window: QMainWindow, store_path: Path, settings: QSettings) -> None:
        super().__init__(window)
        self.window = window
        self.store_path = store_path
        self.settings = settings
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock)
        self.screen: LockScreen | None = None
        self._actions: list[tuple[QAction, bool]] = []
        self._hidden: list[QWidget] = []
        self._title = ""
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        window.installEventFilter(self)
        self.restart()

    @property
    def locked(self) -> bool:
        return self.screen is not None

    def restart(self) -> None:
        """Start the idle time again (after input, or when the setting changed)."""
        minutes = lock_minutes(self.settings)
        if minutes == 0 or self.locked:
            self.timer.stop()
            return
        self.timer.start(minutes * 60_000)

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self.window and self.screen is not None:
            if kind == QEvent.Type.Resize:
                self.screen.setGeometry(self.window.rect())
            elif kind == QEvent.Type.WindowTitleChange:
                # A save landing meanwhile renames the window after its book: keep the name
                # for later, and the book's title out of sight (and out of the task bar).
                title = self.window.windowTitle()
                if title != LOCKED_TITLE:
                    self._title = title
                    self.window.setWindowTitle(LOCKED_TITLE)
        elif kind in _ACTIVITY and not self.locked:
            self.restart()  # reads the setting again: Preferences may have changed it
        return False

    def lock(self) -> None:
        """Save pending edits, then cover the window and ask for the passphrase."""
        if self.locked:
            return
        self.timer.stop()
        flush = getattr(self.window, "flush_pages", None)
        # An edit that cannot be saved stays in its editor, under the cover.
        saved = bool(flush()) if callable(flush) else True
        for widget in QApplication.topLevelWidgets():
            if widget is not self.window and widget.isVisible():
                widget.hide()
                self._hidden.append(widget)
        self._actions = [
            (action, action.isEnabled()) for action in self.window.findChildren(QAction)
        ]
        for action, _enabled in self._actions:
            action.setEnabled(False)
        self._title = self.window.windowTitle()
        self.window.setWindowTitle(LOCKED_TITLE)
        screen = LockScreen(self.store_path, self.window, saved)
        screen.unlocked.connect(self.unlock)
        screen.setGeometry(self.window.rect())
        screen.show()
        screen.raise_()
        screen.field.setFocus()
        self.screen = screen
        self.locked_changed.emit(True)

    def unlock(self) -> None:
        if self.screen is None:
            return
        screen, self.screen = self.screen, None
        screen.hide()
        screen.deleteLater()
        for action, enabled in self._actions:
            action.setEnabled(enabled)
        self._actions = []
        self.window.setWindowTitle(self._title)
        for widget in self._hidden:
            widget.show()
        self._hidden = []
        self.locked_changed.emit(False)
        self.restart()
