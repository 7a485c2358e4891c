"""Undoable changes to the store, for the shared QUndoStack.

A change is tried once before it is pushed: when the store refuses it (read-only file, disk
full, a broken rule) the user sees why and nothing lands on the undo stack. Later undo/redo
failures are reported (a dialog, through ``AppEvents.user_error``) instead of escaping from Qt's C++ callbacks.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand, QUndoStack

from app.errors import BriefBookError

Action = Callable[[], None]
Report = Callable[[str], None]


class StoreCommand(QUndoCommand):
    """A command made of two callables: one that makes a change and one that reverts it."""

    def __init__(self, text: str, do: Action, undo: Action, report: Report) -> None:
        super().__init__(text)
        self._do = do
        self._undo = undo
        self._report = report
        self._already_done = False

    def mark_done(self) -> None:
        """The change was just made by hand: the stack's first ``redo`` must not repeat it."""
        self._already_done = True

    def redo(self) -> None:
        if self._already_done:
            self._already_done = False
            return
        self._run(self._do, "Redo")

    def undo(self) -> None:
        self._run(self._undo, "Undo")

    def _run(self, action: Action, verb: str) -> None:
        try:
            action()
        except BriefBookError as error:
            self._report(f"{verb} of “{self.text()}” failed: {error}")


def run_undoable(
    stack: QUndoStack,
    text: str,
    do: Action,
    undo: Action,
    report: Report,
    report_later: Report | None = None,
) -> bool:
    """Make a change now and, if the store took it, put it on ``stack``; False if refused.

    ``report`` tells the user why the change was refused now; ``report_later`` why a later
    undo or redo failed (by then the user may be looking at another page).
    """
    try:
        do()
    except BriefBookError as error:
        report(str(error))
        return False
    command = StoreCommand(text, do, undo, report_later or report)
    command.mark_done()
    stack.push(command)
    return True
