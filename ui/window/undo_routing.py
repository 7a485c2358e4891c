"""Edit ▸ Undo/Redo: the focused text field's own history first, then the app's undo stack.

While the officer types in a section or a field, Ctrl+Z takes back typing (the text document's
own undo). Elsewhere, or once the field has nothing left to undo, it takes back the last
structural change (a rename, a move, a deleted book...) from the shared QUndoStack.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QUndoStack
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

TextTarget = QTextEdit | QPlainTextEdit | QLineEdit


def text_target(window: QWidget) -> TextTarget | None:
    """The editable text widget that has the keyboard focus in ``window``, if any."""
    widget = QApplication.focusWidget()
    if widget is None or widget.window() is not window:
        return None
    if isinstance(widget, (QTextEdit, QPlainTextEdit)) and not widget.isReadOnly():
        return widget
    if isinstance(widget, QLineEdit) and not widget.isReadOnly():
        # A spin box's or date edit's inner line edit has no useful history of its own.
        parent = widget.parentWidget()
        return None if isinstance(parent, QAbstractSpinBox) else widget
    return None


def can_undo(target: TextTarget, redo: bool = False) -> bool:
    if isinstance(target, QLineEdit):
        return target.isRedoAvailable() if redo else target.isUndoAvailable()
    document = target.document()
    return document.isRedoAvailable() if redo else document.isUndoAvailable()


PLACE_ATTRIBUTE = "briefbook_place"


@dataclass(frozen=True)
class Place:
    """Where the officer was when a change was made: the open book and the page."""

    book_id: str | None
    page_key: str | None


class UndoRouter(QObject):
    """Drives the window's Undo and Redo actions.

    Every change pushed on the stack remembers the page it was made on. Undoing or redoing it
    from elsewhere goes back to that page and says in the status bar what was taken back, so
    nothing changes out of sight.
    """

    def __init__(
        self,
        window: QWidget,
        stack: QUndoStack,
        undo_action: QAction,
        redo_action: QAction,
        before_stack_change: Callable[[], object],
        current_place: Callable[[], Place] | None = None,
        go_to: Callable[[Place], object] | None = None,
        say: Callable[[str], object] | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.stack = stack
        self.undo_action = undo_action
        self.redo_action = redo_action
        self.before_stack_change = before_stack_change
        self.current_place = current_place
        self.go_to = go_to
        self.say = say
        self._watched: TextTarget | None = None
        stack.indexChanged.connect(self._remember_place)
        for signal in (stack.canUndoChanged, stack.canRedoChanged, stack.indexChanged):
            signal.connect(self.refresh)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus_changed)
        self.refresh()

    def undo(self) -> None:
        target = text_target(self.window)
        if target is not None and can_undo(target):
            target.undo()
            return
        # Pending autosaves land on the stack first, so Undo takes back the latest change.
        self.before_stack_change()
        if self.stack.canUndo():
            self._step(self.stack.index() - 1, "Undid", self.stack.undoText(), self.stack.undo)

    def redo(self) -> None:
        target = text_target(self.window)
        if target is not None and can_undo(target, redo=True):
            target.redo()
            return
        self.before_stack_change()
        if self.stack.canRedo():
            self._step(self.stack.index(), "Redid", self.stack.redoText(), self.stack.redo)

    def _step(self, index: int, verb: str, text: str, step: Callable[[], None]) -> None:
        command = self.stack.command(index)
        place = getattr(command, PLACE_ATTRIBUTE, None) if command is not None else None
        step()
        here = self.current_place() if self.current_place is not None else None
        if place is None or here is None or place == here:
            return
        if self.go_to is not None:
            self.go_to(place)
        if self.say is not None:
            self.say(f"{verb}: {text}." if text else f"{verb} the last change.")

    def _remember_place(self, index: int) -> None:
        """A command just pushed has no place yet: it was made where the officer is now."""
        if self.current_place is None or index < 1:
            return
        command = self.stack.command(index - 1)
        if command is not None and getattr(command, PLACE_ATTRIBUTE, None) is None:
            setattr(command, PLACE_ATTRIBUTE, self.current_place())

    def refresh(self, *_: object) -> None:
        # While the app shuts down, the stack or the actions may already be gone.
        if not all(shiboken6.isValid(o) for o in (self.stack, self.undo_action, self.window)):
            return
        target = text_target(self.window)
        text_undo = target is not None and can_undo(target)
        text_redo = target is not None and can_undo(target, redo=True)
        self.undo_action.setEnabled(text_undo or self.stack.canUndo())
        self.redo_action.setEnabled(text_redo or self.stack.canRedo())
        undo_text = "typing" if text_undo else self.stack.undoText()
        redo_text = "typing" if text_redo else self.stack.redoText()
        self.undo_action.setText(f"&Undo {undo_text}".strip())
        self.redo_action.setText(f"&Redo {redo_text}".strip())

    def _on_focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        self._unwatch()
        target = text_target(self.window)
        if target is not None:
            if isinstance(target, QLineEdit):
                target.textChanged.connect(self.refresh)
            else:
                target.undoAvailable.connect(self.refresh)
                target.redoAvailable.connect(self.refresh)
            self._watched = target
        self.refresh()

    def _unwatch(self) -> None:
        target, self._watched = self._watched, None
        if target is None:
            return
        # RuntimeError: the widget was deleted meanwhile; nothing left to disconnect.
        with contextlib.suppress(RuntimeError):
            if isinstance(target, QLineEdit):
                target.textChanged.disconnect(self.refresh)
            else:
                target.undoAvailable.disconnect(self.refresh)
                target.redoAvailable.disconnect(self.refresh)

    def detach(self) -> None:
        """Stop following the focus (the window is closing)."""
        self._unwatch()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            with contextlib.suppress(RuntimeError):
                app.focusChanged.disconnect(self._on_focus_changed)
