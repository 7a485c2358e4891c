"""Store.restore_book_content: undoing a book's deletion brings back all of it."""

from __future__ import annotations

from pathlib import Path

from app.sample import SAMPLE_BOOK_ID, ensure_sample_book
from app.store import Store


def test_restore_after_delete_gives_the_same_book(tmp_path: Path) -> None:
    with Store.open(tmp_path / "store.sqlite") as store:
        ensure_sample_book(store)
        before = store.load_book_content(SAMPLE_BOOK_ID)
        store.delete_book(SAMPLE_BOOK_ID)
        assert store.list_books() == []
        store.restore_book_content(before)
        after = store.load_book_content(SAMPLE_BOOK_ID)
        assert after == before
        assert store.search("Asadov", kinds=["meeting", "section", "book"])  # index back too
        assert store.integrity_problems() == []


def test_restore_recreates_people_and_notes_deleted_since(tmp_path: Path) -> None:
    with Store.open(tmp_path / "store.sqlite") as store:
        ensure_sample_book(store)
        before = store.load_book_content(SAMPLE_BOOK_ID)
        store.delete_book(SAMPLE_BOOK_ID)
        person = before.participants[0].person
        store.delete_person(person.id)
        store.delete_note(before.notes[0].id)
        store.restore_book_content(before)
        after = store.load_book_content(SAMPLE_BOOK_ID)
        assert [e.person.id for e in after.participants] == [
            e.person.id for e in before.participants
        ]
        assert [n.id for n in after.notes] == [n.id for n in before.notes]
        assert after.meetings == before.meetings
