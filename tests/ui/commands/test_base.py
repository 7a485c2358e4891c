"""ui/commands/base.py: the one base of the undo stack's commands."""

from __future__ import annotations

from app.errors import InvalidInput
from ui.commands.base import StoreCommand, run, run_undoable
from ui.context import AppContext


class _Counting(StoreCommand):
    def __init__(self, context: AppContext, refuse: bool = False) -> None:
        super().__init__(context, "count")
        self.applied = 0
        self.reverted = 0
        self.refuse = refuse

    def apply(self) -> None:
        if self.refuse:
            raise InvalidInput("no")
        self.applied += 1

    def revert(self) -> None:
        self.reverted += 1


def test_run_applies_once_and_the_first_redo_is_skipped(context: AppContext) -> None:
    command = _Counting(context)
    assert run(context, command)
    assert command.applied == 1 and context.undo_stack.count() == 1
    context.undo_stack.undo()
    context.undo_stack.redo()
    assert (command.applied, command.reverted) == (2, 1)


def test_a_refused_change_never_reaches_the_stack(context: AppContext) -> None:
    errors: list[str] = []
    context.events.user_error.connect(errors.append)
    assert not run(context, _Counting(context, refuse=True))
    assert context.undo_stack.count() == 0 and errors == ["no"]


def test_a_refused_redo_drops_the_command_and_says_why(context: AppContext) -> None:
    errors: list[str] = []
    context.events.user_error.connect(errors.append)
    command = _Counting(context)
    assert run(context, command)
    context.undo_stack.undo()
    command.refuse = True
    context.undo_stack.redo()
    assert errors == ["no"]
    assert context.undo_stack.count() == 0  # the obsolete command was dropped (and deleted)


def test_callables_report_a_later_failure_with_the_verb(context: AppContext) -> None:
    done: list[str] = []
    later: list[str] = []

    def undo() -> None:
        raise InvalidInput("disk full")

    assert run_undoable(context, "Add x", lambda: done.append("x"), undo, later.append)
    assert done == ["x"] and context.undo_stack.count() == 1
    context.undo_stack.undo()
    assert later == ["Undo of “Add x” failed: disk full"]
