"""The one base of everything pushed on the app's QUndoStack, and the ways to push it.

A change is made once before its command is pushed: when the store refuses it (read-only file,
disk full, a broken rule) the user sees why and nothing lands on the stack. ``QUndoStack.push``
calls ``redo`` at once, so a command remembers that it was applied by hand and skips that first
``redo``. Later undo/redo failures are reported (``failed``) instead of escaping from Qt's C++
callbacks.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from app.errors import BriefBookError
from ui.context import AppContext

Action = Callable[[], None]
Report = Callable[[str], None]


class StoreCommand(QUndoCommand):
    """``apply`` makes the change, ``revert`` takes it back; both write the store."""

    def __init__(self, context: AppContext, text: str) -> None:
        super().__init__(text)
        self.context = context
        self._applied_by_hand = False

    def apply(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError

    def mark_applied(self) -> None:
        """The change was just made by hand: the stack's first ``redo`` must not repeat it."""
        self._applied_by_hand = True

    def redo(self) -> None:
        if self._applied_by_hand:
            self._applied_by_hand = False
            return
        self._guarded(self.apply, "Redo")

    def undo(self) -> None:
        self._guarded(self.revert, "Undo")

    def _guarded(self, change: Action, verb: str) -> None:
        try:
            change()
        except BriefBookError as error:
            self.failed(verb, error)

    def failed(self, verb: str, error: BriefBookError) -> None:
        """A later undo or redo was refused by the store (``verb`` is "Undo" or "Redo").

        By default the stack must not claim a change the store refused: drop this command.
        """
        self.setObsolete(True)
        self.context.events.user_error.emit(str(error))


class CallableCommand(StoreCommand):
    """A command made of two callables: ``do`` makes a change and ``undo`` reverts it."""

    def __init__(self, context: AppContext, text: str, do: Action, undo: Action, report: Report):
        super().__init__(context, text)
        self._do = do
        self._undo = undo
        self._report = report

    def apply(self) -> None:
        self._do()

    def revert(self) -> None:
        self._undo()

    def failed(self, verb: str, error: BriefBookError) -> None:
        self._report(f"{verb} of “{self.text()}” failed: {error}")


def run(context: AppContext, command: StoreCommand) -> bool:
    """Make the change now and, if the store took it, push it for undo. False if refused."""
    if context.read_only:
        # A locked editor let something through (a checkbox in a list, say): say why, quietly.
        context.events.status_message.emit("The store is open read-only; nothing was changed.")
        return False
    try:
        command.apply()
    except BriefBookError as error:
        context.events.user_error.emit(str(error))
        return False
    push_done(context, command)
    return True


def push_applied(context: AppContext, command: StoreCommand) -> None:
    """Make the change now and push it; a refused write raises (for autosave to retry)."""
    command.apply()
    push_done(context, command)


def push_done(context: AppContext, command: StoreCommand) -> None:
    """Push a command whose change the caller has already made (and seen the store take)."""
    command.mark_applied()
    context.undo_stack.push(command)


def run_undoable(
    context: AppContext,
    text: str,
    do: Action,
    undo: Action,
    report: Report,
    report_later: Report | None = None,
) -> bool:
    """Make a change now and, if the store took it, push it for undo; False if refused.

    ``report`` tells the user why the change was refused now; ``report_later`` why a later
    undo or redo failed (by then the user may be looking at another page).
    """
    try:
        do()
    except BriefBookError as error:
        report(str(error))
        return False
    push_done(context, CallableCommand(context, text, do, undo, report_later or report))
    return True
