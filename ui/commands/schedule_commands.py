"""Undoable changes to a book's schedule."""

from __future__ import annotations

import logging

from app.domain import Meeting
from app.errors import BriefBookError
from ui.commands.base import StoreCommand
from ui.context import AppContext

log = logging.getLogger(__name__)


class MeetingCommand(StoreCommand):
    """Puts a meeting into one of two states: ``before`` on undo, ``after`` on redo.

    ``None`` means the meeting does not exist. The page writes the change itself and pushes
    the command with ``push_done`` (so that a refused write never reaches the undo stack).
    """

    def __init__(
        self, context: AppContext, text: str, before: Meeting | None, after: Meeting | None
    ) -> None:
        super().__init__(context, text)
        self.before = before
        self.after = after

    def apply(self) -> None:
        self._set(self.after, self.before)

    def revert(self) -> None:
        self._set(self.before, self.after)

    def _set(self, state: Meeting | None, other: Meeting | None) -> None:
        book_id = next((m.book_id for m in (state, other) if m is not None), "")
        if state is None and other is not None:
            self.context.store.delete_meeting(other.id)
        elif state is not None:
            self.context.store.save_meeting(state, keep_timestamp=True)
        self.context.events.book_changed.emit(book_id)

    def failed(self, verb: str, error: BriefBookError) -> None:
        # The command stays on the stack: the meeting may be writable again on the next try.
        log.warning("Undo/redo of a meeting change failed: %s", error)
        self.context.events.user_error.emit(str(error))
