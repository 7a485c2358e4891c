"""An import is one step on the undo stack: Ctrl+Z takes the whole of it back, redo restores it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from app.importing.people_import import read_contacts
from app.sample import SAMPLE_BOOK_ID
from ui.context import AppContext
from ui.dialogs.import_people_dialog import ImportPeopleDialog
from ui.window import import_actions

DATA = Path(__file__).parents[2] / "app" / "importing" / "data"
CSV = "Full name;Position;Org\nSAMEDDIN F. ASADOV;Deputy Minister;MDDT\nLeyla Huseynova;Director;Port of Baku\n"


def choose_file(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(path), ""))


def titles(context: AppContext, book_id: str) -> list[str]:
    return [section.title for section in context.store.list_sections(book_id)]


def test_sections_added_to_a_book_come_off_in_one_undo(
    qtbot, sample_context: AppContext, answers, monkeypatch: pytest.MonkeyPatch
) -> None:
    choose_file(monkeypatch, DATA / "desk-libreoffice.docx")
    answers.choose.append(0)  # add to the open book
    before = titles(sample_context, SAMPLE_BOOK_ID)
    import_actions.import_any(None, sample_context, SAMPLE_BOOK_ID)  # type: ignore[arg-type]
    imported = titles(sample_context, SAMPLE_BOOK_ID)
    assert imported == [*before, "Logistics corridor", "Volumes", "Asks"]
    stack = sample_context.undo_stack
    assert stack.undoText() == "Import desk-libreoffice.docx"

    # An edit after the import survives undo and redo of it.
    store = sample_context.store
    asks = store.list_sections(SAMPLE_BOOK_ID)[-1]
    store.save_section(replace(asks, body=asks.body + "\nAdded after the import.\n"))
    stack.undo()
    assert titles(sample_context, SAMPLE_BOOK_ID) == before
    stack.redo()
    assert titles(sample_context, SAMPLE_BOOK_ID) == imported
    assert "Added after the import." in store.list_sections(SAMPLE_BOOK_ID)[-1].body


def test_a_new_book_from_a_word_document_is_undone_whole(
    qtbot, sample_context: AppContext, answers, monkeypatch: pytest.MonkeyPatch
) -> None:
    choose_file(monkeypatch, DATA / "desk-google-docs.docx")
    answers.choose.append(1)  # a new book
    books_before = [book.id for book in sample_context.store.list_books()]
    book_id = import_actions.import_any(None, sample_context, SAMPLE_BOOK_ID)  # type: ignore[arg-type]
    assert book_id not in books_before
    stack = sample_context.undo_stack
    assert stack.undoText() == "Import desk-google-docs.docx"
    stack.undo()
    assert [book.id for book in sample_context.store.list_books()] == books_before
    stack.redo()
    assert titles(sample_context, book_id) == ["Corridor status", "Numbers", "Asks"]
    book = sample_context.store.load_book_content(book_id)
    assert len(book.images) == 1  # the picture is back with its section


def test_people_added_and_updated_are_taken_back_by_one_undo(
    qtbot, sample_context: AppContext, tmp_path: Path
) -> None:
    path = tmp_path / "delegation.csv"
    path.write_text(CSV, encoding="utf-8")
    store = sample_context.store
    asadov = next(p for p in store.list_people() if p.name == "Sameddin F. Asadov")
    people_before = sorted(p.name for p in store.list_people())

    dialog = ImportPeopleDialog(sample_context, path, read_contacts(path))
    qtbot.addWidget(dialog)
    qtbot.waitUntil(dialog.import_button.isEnabled, timeout=5000)
    with qtbot.waitSignal(dialog.imported, timeout=5000):
        dialog.import_button.click()
    assert store.get_person(asadov.id).organization == "MDDT"
    assert "Leyla Huseynova" in [p.name for p in store.list_people()]
    stack = sample_context.undo_stack
    assert stack.undoText() == "Import delegation.csv"

    stack.undo()
    assert sorted(p.name for p in store.list_people()) == people_before
    assert store.get_person(asadov.id).organization == asadov.organization
    assert store.search("Leyla Huseynova") == []

    stack.redo()
    assert store.get_person(asadov.id).organization == "MDDT"
    assert [h.title for h in store.search("Leyla Huseynova") if h.kind == "person"] == [
        "Leyla Huseynova"
    ]
