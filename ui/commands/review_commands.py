"""Undoable review changes: the review switch, statuses, comments, restoring from a version.

Each is a pair of callables on the one undo base (``ui.commands.base.run_undoable``): the
change, and what puts the store back. Whatever a command replaces is read from the store when
the command is made, so undo restores exactly what was there.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from app.errors import NotFound
from app.review import versions
from app.review.model import Comment, Reply, ReviewSettings, SectionStatus
from app.review.store_review import ReviewStore
from ui.commands.base import run_undoable
from ui.context import AppContext


def _run(context: AppContext, text: str, do: Callable[[], None], undo: Callable[[], None]) -> bool:
    if context.read_only:
        context.events.status_message.emit("The store is open read-only; nothing was changed.")
        return False
    return run_undoable(context, text, do, undo, context.events.user_error.emit)


def _changed(context: AppContext, book_id: str) -> Callable[[], None]:
    return lambda: context.events.book_changed.emit(book_id)


def _then(first: Callable[[], object], after: Callable[[], None]) -> Callable[[], None]:
    def both() -> None:
        first()
        after()

    return both


def set_review_enabled(context: AppContext, book_id: str, enabled: bool) -> bool:
    reviews = ReviewStore(context.store)
    before = reviews.settings(book_id).enabled
    changed = _changed(context, book_id)
    text = "Switch review on" if enabled else "Switch review off"
    return _run(
        context,
        text,
        _then(lambda: reviews.set_enabled(book_id, enabled), changed),
        _then(lambda: reviews.set_enabled(book_id, before), changed),
    )


def sign_off(context: AppContext, book_id: str, who: str, signing: bool) -> bool:
    """Sign the whole book off as ``who`` (``signing``), or withdraw the sign-off, undoably."""
    reviews = ReviewStore(context.store)
    before = reviews.settings(book_id)
    changed = _changed(context, book_id)
    made: list[ReviewSettings] = []

    def do() -> None:
        if made:
            reviews.save_settings(made[0], keep_timestamp=True)
        elif signing:
            made.append(reviews.sign_off(book_id, who))
        else:
            reviews.withdraw_sign_off(book_id)
        changed()

    return _run(
        context,
        "Sign off the book" if signing else "Withdraw the sign-off",
        do,
        _then(lambda: reviews.save_settings(before, keep_timestamp=True), changed),
    )


def set_status(
    context: AppContext, book_id: str, section_id: str, title: str, status: str, who: str
) -> bool:
    """Move a section to ``status`` (clearing signs it with ``who``), undoably."""
    reviews = ReviewStore(context.store)
    before: SectionStatus = reviews.status(section_id)
    changed = _changed(context, book_id)
    made: list[SectionStatus] = []

    def do() -> None:
        if made:
            reviews.put_status(made[0])
        else:
            made.append(reviews.set_status(section_id, status, who))
        changed()

    from app.review.model import status_label

    return _run(
        context,
        f"Mark “{title}” {status_label(status).lower()}",
        do,
        _then(lambda: reviews.put_status(before), changed),
    )


def add_comment(context: AppContext, comment: Comment) -> bool:
    reviews = ReviewStore(context.store)
    changed = _changed(context, comment.book_id)
    saved: list[Comment] = []

    def do() -> None:
        saved[:] = [reviews.save_comment(saved[0] if saved else comment, keep_timestamp=True)]
        changed()

    return _run(
        context,
        "Add comment",
        do,
        _then(lambda: reviews.delete_comment(comment.id), changed),
    )


def add_reply(context: AppContext, book_id: str, reply: Reply) -> bool:
    reviews = ReviewStore(context.store)
    changed = _changed(context, book_id)
    saved: list[Reply] = []

    def do() -> None:
        if saved:
            reviews.insert_reply(saved[0])
        else:
            saved.append(reviews.add_reply(reply))
        changed()

    return _run(context, "Reply", do, _then(lambda: reviews.delete_reply(reply.id), changed))


def set_resolved(context: AppContext, book_id: str, comment_id: str, resolved: bool) -> bool:
    reviews = ReviewStore(context.store)
    changed = _changed(context, book_id)
    return _run(
        context,
        "Resolve comment" if resolved else "Reopen comment",
        _then(lambda: reviews.set_resolved(comment_id, resolved), changed),
        _then(lambda: reviews.set_resolved(comment_id, not resolved), changed),
    )


def delete_comment(context: AppContext, book_id: str, comment_id: str) -> bool:
    reviews = ReviewStore(context.store)
    kept = reviews.comment(comment_id)
    changed = _changed(context, book_id)
    return _run(
        context,
        "Delete comment",
        _then(lambda: reviews.delete_comment(comment_id), changed),
        _then(lambda: reviews.save_comment(kept, keep_timestamp=True), changed),
    )


def restore_section(
    context: AppContext, book_id: str, state: versions.State, section_id: str, label: str
) -> bool:
    """Put one section back as a version has it; undo puts the book back as it is now."""
    store = context.store
    now = versions.book_state(store, book_id)
    statuses = ReviewStore(store).statuses(book_id)
    changed = _changed(context, book_id)
    title = next((s["title"] for s in state["sections"] if s["id"] == section_id), "section")

    def undo() -> None:
        versions.restore_book(store, book_id, now)
        _put_statuses(context, statuses)
        changed()

    return _run(
        context,
        f"Restore “{title}” from {label}",
        _then(lambda: versions.restore_section(store, book_id, state, section_id), changed),
        undo,
    )


def restore_book(context: AppContext, book_id: str, state: versions.State, label: str) -> bool:
    """Make the whole book what a version says; undo puts it back as it is now."""
    store = context.store
    now = versions.book_state(store, book_id)
    statuses = ReviewStore(store).statuses(book_id)
    changed = _changed(context, book_id)

    def undo() -> None:
        versions.restore_book(store, book_id, now)
        _put_statuses(context, statuses)
        changed()

    def do() -> None:
        versions.restore_book(store, book_id, state)
        changed()
        context.events.books_changed.emit()  # the title may have changed

    return _run(context, f"Restore the book from {label}", do, undo)


def _put_statuses(context: AppContext, statuses: dict[str, SectionStatus]) -> None:
    """Statuses as they were (a section a restore deleted and brought back lost its own)."""
    reviews = ReviewStore(context.store)
    with context.store.transaction():
        for status in statuses.values():
            with contextlib.suppress(NotFound):  # a section gone for good
                reviews.put_status(status, touch_section=False)
