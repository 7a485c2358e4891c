"""Dragging people and notes from the libraries onto a book in the navigator attaches them."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from app.domain import Book, Note, Person
from app.sample import SAMPLE_BOOK_ID
from ui.library.record_mime import NOTE_IDS_MIME, PERSON_IDS_MIME, ids_mime_data

COPY = Qt.DropAction.CopyAction


def _library_payload(qtbot, window, key: str, record_ids: list[str]):
    """What the library table itself puts on the drag for these rows."""
    window.show_page(key)
    model = window.pages[key].model
    qtbot.waitUntil(lambda: all(model.row_of(rid) >= 0 for rid in record_ids))  # loads lazily
    return model.mimeData([model.index(model.row_of(rid), 0) for rid in record_ids])


def test_the_navigator_accepts_people_on_a_book_or_its_participants_only(window) -> None:
    model = window.navigator.model
    people = ids_mime_data(PERSON_IDS_MIME, ["p1"])
    notes = ids_mime_data(NOTE_IDS_MIME, ["n1"])
    book = model.find(SAMPLE_BOOK_ID, "book")
    participants = model.find(SAMPLE_BOOK_ID, "participants")
    notes_page = model.find(SAMPLE_BOOK_ID, "notes")
    schedule = model.find(SAMPLE_BOOK_ID, "schedule")
    library = model.find(None, "people_library")
    assert model.canDropMimeData(people, COPY, -1, 0, book)
    assert model.canDropMimeData(people, COPY, -1, 0, participants)
    assert model.canDropMimeData(notes, COPY, -1, 0, notes_page)
    assert model.canDropMimeData(notes, COPY, -1, 0, book)
    assert not model.canDropMimeData(people, COPY, -1, 0, notes_page)
    assert not model.canDropMimeData(people, COPY, -1, 0, schedule)
    assert not model.canDropMimeData(people, COPY, -1, 0, library)
    assert not model.canDropMimeData(people, COPY, 0, 0, book.parent())  # between books
    assert not model.canDropMimeData(people, COPY, -1, 0, QModelIndex())
    assert model.flags(participants) & Qt.ItemFlag.ItemIsDropEnabled
    assert not model.flags(schedule) & Qt.ItemFlag.ItemIsDropEnabled


def test_dropping_people_on_another_book_attaches_them_and_undo_takes_them_back(
    qtbot, window, sample_context
) -> None:
    store = sample_context.store
    other = store.save_book(Book(title="Next trip"))
    newcomer = store.save_person(Person(name="Leyla Hasanova"))
    window.navigator.reload(SAMPLE_BOOK_ID, "overview")
    attached = [p.person_id for p in store.list_participants(SAMPLE_BOOK_ID)]
    payload = _library_payload(qtbot, window, "people_library", [newcomer.id, attached[0]])
    target = window.navigator.model.find(other.id, "book")

    assert window.navigator.model.dropMimeData(payload, COPY, -1, 0, target)

    now = [p.person_id for p in store.list_participants(other.id)]
    assert sorted(now) == sorted([newcomer.id, attached[0]])
    assert window.current_book_id == other.id and window.current_key == "participants"
    assert "Attached 2 people" in window.statusBar().currentMessage()
    sample_context.undo_stack.undo()
    assert store.list_participants(other.id) == []


def test_dropping_people_already_in_the_book_changes_nothing(window, sample_context) -> None:
    store = sample_context.store
    before = [p.person_id for p in store.list_participants(SAMPLE_BOOK_ID)]
    payload = ids_mime_data(PERSON_IDS_MIME, [before[-1]])
    target = window.navigator.model.find(SAMPLE_BOOK_ID, "participants")
    window.navigator.model.dropMimeData(payload, COPY, -1, 0, target)
    assert [p.person_id for p in store.list_participants(SAMPLE_BOOK_ID)] == before
    assert "Already in this book" in window.statusBar().currentMessage()


def test_dropping_a_note_on_the_notes_page_appends_it(qtbot, window, sample_context) -> None:
    store = sample_context.store
    note = store.save_note(Note(title="Ports and logistics", sector="Transport"))
    before = [n.id for n in store.list_book_notes(SAMPLE_BOOK_ID)]
    payload = _library_payload(qtbot, window, "notes_library", [note.id])
    target = window.navigator.model.find(SAMPLE_BOOK_ID, "notes")
    assert window.navigator.model.dropMimeData(payload, COPY, -1, 0, target)
    assert [n.id for n in store.list_book_notes(SAMPLE_BOOK_ID)] == [*before, note.id]
    assert window.current_key == "notes"
