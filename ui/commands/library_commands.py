"""The structural changes of the libraries and a book's attachments, each undoable.

Adding or deleting a person or note, and attaching, detaching or reordering a book's
participants and notes, go through here so every page offers the same undo. Each function
returns False (after reporting why) when the store refused the change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from app.domain import Image, Note, Participant, Person
from app.errors import NotFound
from app.store import Store
from ui.commands.base import Action, Report, run_undoable
from ui.context import AppContext


def _report(context: AppContext, report: Report | None) -> Report:
    return report or context.events.user_error.emit


def _run(context: AppContext, text: str, do: Action, undo: Action, report: Report | None) -> bool:
    return run_undoable(
        context,
        text,
        do,
        undo,
        _report(context, report),
        context.events.user_error.emit,
    )


def _moved(order: Sequence[str], ids: Sequence[str], row: int) -> list[str]:
    """``order`` with ``ids`` taken out and put back, in their order, before position ``row``."""
    moving = list(dict.fromkeys(ids))
    row = max(0, min(row, len(order)))
    before = [item for item in order[:row] if item not in moving]
    after = [item for item in order[row:] if item not in moving]
    return [*before, *moving, *after]


# --- people -------------------------------------------------------------------------------


def add_person(context: AppContext, person: Person, report: Report | None = None) -> bool:
    """Add ``person`` to the library; undo removes them again (keeping later edits for redo)."""
    store, events = context.store, context.events
    latest = [person]

    def do() -> None:
        latest[0] = store.save_person(latest[0], keep_timestamp=bool(latest[0].updated_at))
        events.people_changed.emit()

    def undo() -> None:
        try:
            latest[0] = store.get_person(person.id)
        except NotFound:
            return
        store.delete_person(person.id)
        events.people_changed.emit()

    return _run(context, f"Add {person.name}", do, undo, report)


@dataclass
class _PersonLinks:
    """What deleting a person removes besides the record, so undo can put it all back."""

    person: Person
    photo: Image | None
    participants: list[Participant] = field(default_factory=list)
    book_orders: dict[str, list[str]] = field(default_factory=dict)
    meetings: dict[str, list[str]] = field(default_factory=dict)  # meeting id -> person ids


def _person_links(store: Store, person_id: str) -> _PersonLinks:
    person = store.get_person(person_id)
    links = _PersonLinks(person, store.get_image(person.photo) if person.photo else None)
    for book in store.books_using_person(person_id):
        participants = store.list_participants(book.id)
        links.book_orders[book.id] = [p.person_id for p in participants]
        links.participants += [p for p in participants if p.person_id == person_id]
        for meeting in store.list_meetings(book.id):
            if person_id in meeting.participants:
                links.meetings[meeting.id] = list(meeting.participants)
    return links


def _restore_person(store: Store, links: _PersonLinks) -> None:
    with store.transaction():
        if links.photo is not None:
            store.put_image(links.photo)
        store.save_person(links.person, keep_timestamp=True)
        for participant in links.participants:
            store.save_participant(participant)
        for book_id, order in links.book_orders.items():
            store.reorder_participants(book_id, order)
        for meeting_id, people in links.meetings.items():
            try:
                meeting = store.get_meeting(meeting_id)
            except NotFound:
                continue
            known = set(meeting.participants) | {links.person.id}
            store.save_meeting(
                replace(meeting, participants=[p for p in people if p in known]),
                keep_timestamp=True,
            )


def delete_person(context: AppContext, person_id: str, report: Report | None = None) -> bool:
    """Delete a person from the library and every book; undo restores roles and meetings."""
    store, events = context.store, context.events
    try:
        links = _person_links(store, person_id)
    except NotFound as error:
        _report(context, report)(str(error))
        return False

    def changed() -> None:
        events.people_changed.emit()
        for book_id in links.book_orders:
            events.book_changed.emit(book_id)

    def do() -> None:
        store.delete_person(person_id)
        changed()

    def undo() -> None:
        _restore_person(store, links)
        changed()

    return _run(context, f"Delete {links.person.name}", do, undo, report)


# --- notes --------------------------------------------------------------------------------


def add_note(context: AppContext, note: Note, report: Report | None = None) -> bool:
    """Add ``note`` to the library; undo removes it again."""
    store, events = context.store, context.events
    latest = [note]

    def do() -> None:
        latest[0] = store.save_note(latest[0], keep_timestamp=bool(latest[0].updated_at))
        events.notes_changed.emit()

    def undo() -> None:
        try:
            latest[0] = store.get_note(note.id)
        except NotFound:
            return
        store.delete_note(note.id)
        events.notes_changed.emit()

    return _run(context, f"Add note {note.title}", do, undo, report)


def delete_note(context: AppContext, note_id: str, report: Report | None = None) -> bool:
    """Delete a note from the library and every book; undo puts it back in place."""
    store, events = context.store, context.events
    try:
        note = store.get_note(note_id)
    except NotFound as error:
        _report(context, report)(str(error))
        return False
    orders = {
        book.id: [n.id for n in store.list_book_notes(book.id)]
        for book in store.books_using_note(note_id)
    }

    def changed() -> None:
        events.notes_changed.emit()
        for book_id in orders:
            events.book_changed.emit(book_id)

    def do() -> None:
        store.delete_note(note_id)
        changed()

    def undo() -> None:
        with store.transaction():
            store.save_note(note, keep_timestamp=True)
            for book_id, order in orders.items():
                store.attach_note(book_id, note_id)
                store.reorder_book_notes(book_id, order)
        changed()

    return _run(context, f"Delete note {note.title}", do, undo, report)


# --- a book's participants ----------------------------------------------------------------


def place_participants(
    context: AppContext,
    book_id: str,
    person_ids: Sequence[str],
    row: int,
    report: Report | None = None,
    role: str = "",
) -> bool:
    """Attach people (new ones, with ``role``) or move them (attached ones) to ``row``.

    This is what a drop does, from the library or within the list. Undo restores the old
    list: newly attached people are detached again.
    """
    store, events = context.store, context.events
    before = store.list_participants(book_id)
    old_order = [p.person_id for p in before]
    new_ids = [pid for pid in dict.fromkeys(person_ids) if pid not in old_order]
    new_order = _moved(old_order, person_ids, row)
    if new_order == old_order and not new_ids:
        return True

    def do() -> None:
        with store.transaction():
            for person_id in new_ids:
                store.attach_person(book_id, person_id, role=role)
            store.reorder_participants(book_id, new_order)
        events.book_changed.emit(book_id)
        events.people_changed.emit()

    def undo() -> None:
        with store.transaction():
            for person_id in new_ids:
                store.detach_person(book_id, person_id)
            store.reorder_participants(book_id, old_order)
        events.book_changed.emit(book_id)
        events.people_changed.emit()

    if new_ids:
        names = ", ".join(_person_name(store, pid) for pid in new_ids[:3])
        more = f" and {len(new_ids) - 3} more" if len(new_ids) > 3 else ""
        text = f"Attach {names}{more}"
    else:
        text = "Reorder participants"
    return _run(context, text, do, undo, report)


def _person_name(store: Store, person_id: str) -> str:
    try:
        return store.get_person(person_id).name
    except NotFound:
        return "a person"


def detach_participant(
    context: AppContext, book_id: str, person_id: str, report: Report | None = None
) -> bool:
    """Take a person off a book (and its meetings); undo restores role, points and place."""
    store, events = context.store, context.events
    before = store.list_participants(book_id)
    order = [p.person_id for p in before]
    kept = next((p for p in before if p.person_id == person_id), None)
    if kept is None:
        return True
    meetings = {
        m.id: list(m.participants)
        for m in store.list_meetings(book_id)
        if person_id in m.participants
    }

    def do() -> None:
        store.detach_person(book_id, person_id)
        events.book_changed.emit(book_id)
        events.people_changed.emit()

    def undo() -> None:
        with store.transaction():
            store.save_participant(kept)
            store.reorder_participants(book_id, order)
            for meeting_id, people in meetings.items():
                try:
                    meeting = store.get_meeting(meeting_id)
                except NotFound:
                    continue
                known = set(meeting.participants) | {person_id}
                store.save_meeting(
                    replace(meeting, participants=[p for p in people if p in known]),
                    keep_timestamp=True,
                )
        events.book_changed.emit(book_id)
        events.people_changed.emit()

    text = f"Detach {_person_name(store, person_id)}"
    return _run(context, text, do, undo, report)


# --- a book's notes -----------------------------------------------------------------------


def place_book_notes(
    context: AppContext,
    book_id: str,
    note_ids: Sequence[str],
    row: int,
    report: Report | None = None,
) -> bool:
    """Attach notes (new ones) or move them (attached ones) to ``row`` of a book's notes."""
    store, events = context.store, context.events
    old_order = [n.id for n in store.list_book_notes(book_id)]
    new_ids = [nid for nid in dict.fromkeys(note_ids) if nid not in old_order]
    new_order = _moved(old_order, note_ids, row)
    if new_order == old_order and not new_ids:
        return True

    def do() -> None:
        with store.transaction():
            for note_id in new_ids:
                store.attach_note(book_id, note_id)
            store.reorder_book_notes(book_id, new_order)
        events.book_changed.emit(book_id)
        events.notes_changed.emit()

    def undo() -> None:
        with store.transaction():
            for note_id in new_ids:
                store.detach_note(book_id, note_id)
            store.reorder_book_notes(book_id, old_order)
        events.book_changed.emit(book_id)
        events.notes_changed.emit()

    text = f"Attach {len(new_ids)} note(s)" if new_ids else "Reorder notes"
    if len(new_ids) == 1:
        text = f"Attach note {_note_title(store, new_ids[0])}"
    return _run(context, text, do, undo, report)


def _note_title(store: Store, note_id: str) -> str:
    try:
        return store.get_note(note_id).title
    except NotFound:
        return "a note"


def detach_book_note(
    context: AppContext, book_id: str, note_id: str, report: Report | None = None
) -> bool:
    """Take a note off a book (it stays in the library); undo puts it back in place."""
    store, events = context.store, context.events
    order = [n.id for n in store.list_book_notes(book_id)]
    if note_id not in order:
        return True

    def do() -> None:
        store.detach_note(book_id, note_id)
        events.book_changed.emit(book_id)
        events.notes_changed.emit()

    def undo() -> None:
        with store.transaction():
            store.attach_note(book_id, note_id)
            store.reorder_book_notes(book_id, order)
        events.book_changed.emit(book_id)
        events.notes_changed.emit()

    text = f"Detach note {_note_title(store, note_id)}"
    return _run(context, text, do, undo, report)
