"""File-menu actions: import a bundle, share a book as a bundle, back up the store."""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.bundle import export_bundle
from app.sample import SAMPLE_BOOK_ID, ensure_sample_book
from app.store import Store
from ui.context import AppContext, AppEvents
from ui.window import file_actions
from ui.window.file_actions import backup_store, describe_counts, import_bundle, share_bundle


@pytest.fixture
def make_context() -> Iterator[Callable[..., AppContext]]:
    """Makes app contexts on stores in given folders (with the sample book unless told not
    to); closes their stores after the test."""
    made: list[AppContext] = []

    def make(folder: Path, sample: bool = True) -> AppContext:
        folder.mkdir(parents=True, exist_ok=True)
        store = Store.open(folder / "store.sqlite")
        if sample:
            ensure_sample_book(store)
        settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
        context = AppContext(store, folder / "store.sqlite", settings, QUndoStack(), AppEvents())
        made.append(context)
        return context

    yield make
    for context in made:
        context.store.close()


@pytest.fixture
def window(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def no_questions(monkeypatch):
    """Fail the test if a question or an error dialog pops up unexpectedly."""

    def unexpected(*args):
        raise AssertionError(f"unexpected dialog: {args[1:3]}")

    monkeypatch.setattr(QMessageBox, "question", unexpected)
    monkeypatch.setattr(QMessageBox, "critical", unexpected)


def _save_as(monkeypatch, path: Path | None) -> None:
    from ui.dialogs import passphrase_dialog

    # "Seal the bundle with a passphrase?" left unticked: a plain bundle.
    monkeypatch.setattr(passphrase_dialog, "ask_share_seal", lambda *args: "")
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *args: (str(path) if path else "", "")
    )


def _open(monkeypatch, path: Path | None) -> None:
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *args: (str(path) if path else "", "")
    )


def _errors(monkeypatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, title, text: shown.append(text))
    return shown


def test_share_writes_a_bundle_and_adds_the_extension(
    qtbot, tmp_path, window, monkeypatch, no_questions, make_context
):
    context = make_context(tmp_path)
    _save_as(monkeypatch, tmp_path / "for a colleague")
    with qtbot.waitSignal(context.events.status_message) as said:
        written = share_bundle(window, context, SAMPLE_BOOK_ID)
    assert written == tmp_path / "for a colleague.bbk"
    with zipfile.ZipFile(written) as archive:
        assert "bundle.json" in archive.namelist()
        assert any(name.startswith("images/") for name in archive.namelist())
    assert "for a colleague.bbk" in said.args[0]
    assert context.settings.value(file_actions.BUNDLE_FOLDER_KEY) == str(tmp_path)


def test_cancelling_a_file_dialog_does_nothing(
    tmp_path, window, monkeypatch, no_questions, make_context
):
    context = make_context(tmp_path, sample=False)
    _save_as(monkeypatch, None)
    _open(monkeypatch, None)
    assert share_bundle(window, context, _any_book(context.store)) is None
    assert backup_store(window, context) is None
    assert import_bundle(window, context) is None


def _any_book(store: Store) -> str:
    from app.domain import Book

    return store.save_book(Book(title="Scratch")).id


def test_import_into_an_empty_store_shows_the_book(
    qtbot, tmp_path, window, monkeypatch, no_questions, make_context
):
    source = make_context(tmp_path / "a")
    bundle = export_bundle(source.store, SAMPLE_BOOK_ID, tmp_path / "baku.bbk")
    target = make_context(tmp_path / "b", sample=False)
    events = target.events
    _open(monkeypatch, bundle)
    opened: list[list[str]] = []
    events.open_record.connect(lambda *args: opened.append(list(args)))
    with qtbot.waitSignals([events.books_changed, events.people_changed, events.notes_changed]):
        book_id = import_bundle(window, target)
    assert book_id == SAMPLE_BOOK_ID
    qtbot.waitUntil(lambda: opened == [["book", SAMPLE_BOOK_ID, SAMPLE_BOOK_ID]])
    assert target.store.get_book(SAMPLE_BOOK_ID).title == "Baku trade and development meetings"
    assert len(target.store.list_meetings(SAMPLE_BOOK_ID)) == 6
    assert any("Asadov" in p.name for p in target.store.list_people())


def test_an_import_that_would_update_records_asks_first(
    qtbot, tmp_path, window, monkeypatch, make_context
):
    sending = make_context(tmp_path / "a")
    receiving = make_context(tmp_path / "b")  # its copies are newer, except the edit below
    section = sending.store.list_sections(SAMPLE_BOOK_ID)[0]
    sending.store.save_section(replace(section, title="Situation (revised)"))
    bundle = export_bundle(sending.store, SAMPLE_BOOK_ID, tmp_path / "revised.bbk")
    _open(monkeypatch, bundle)
    questions: list[str] = []

    def answer(choice):
        def ask(_parent, _title, text, *_args):
            questions.append(text)
            return choice

        return ask

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Cancel))
    assert import_bundle(window, receiving) is None
    assert "will update 1 section" in questions[0]
    assert receiving.store.get_section(section.id).title == section.title  # unchanged

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    with qtbot.waitSignal(receiving.events.status_message) as said:
        assert import_bundle(window, receiving) == SAMPLE_BOOK_ID
    assert receiving.store.get_section(section.id).title == "Situation (revised)"
    assert "updated 1 section" in said.args[0]


def test_a_refused_bundle_shows_why_and_changes_nothing(
    tmp_path, window, monkeypatch, make_context
):
    context = make_context(tmp_path, sample=False)
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "briefbook-bundle", "version": 1, "book": {"title": 5}}')
    _open(monkeypatch, bad)
    errors = _errors(monkeypatch)
    books_changed: list[bool] = []
    context.events.books_changed.connect(lambda: books_changed.append(True))
    assert import_bundle(window, context) is None
    assert len(errors) == 1
    assert "book.title" in errors[0]
    assert "Nothing in your store was changed." in errors[0]
    assert context.store.list_books() == []
    assert books_changed == []


def test_backup_writes_a_store_that_opens_with_the_same_books(
    tmp_path, window, monkeypatch, no_questions, make_context
):
    context = make_context(tmp_path)
    (tmp_path / "backups").mkdir()
    _save_as(monkeypatch, tmp_path / "backups" / "before the trip")
    written = backup_store(window, context)
    assert written == tmp_path / "backups" / "before the trip.sqlite"
    with Store.open(written, read_only=True) as copy:
        assert [b.id for b in copy.list_books()] == [SAMPLE_BOOK_ID]
        assert copy.integrity_problems() == []
    assert context.settings.value(file_actions.BACKUP_FOLDER_KEY) == str(tmp_path / "backups")


def test_backup_onto_the_store_itself_is_refused(tmp_path, window, monkeypatch, make_context):
    context = make_context(tmp_path)
    before = context.store_path.stat().st_size
    _save_as(monkeypatch, context.store_path)
    errors = _errors(monkeypatch)
    assert backup_store(window, context) is None
    assert "the store itself" in errors[0]
    assert context.store_path.stat().st_size == before


def test_backup_into_a_missing_folder_says_so(tmp_path, window, monkeypatch, make_context):
    context = make_context(tmp_path)
    _save_as(monkeypatch, tmp_path / "gone" / "copy.sqlite")
    errors = _errors(monkeypatch)
    assert backup_store(window, context) is None
    assert "does not exist" in errors[0]


def test_counts_are_described_in_words():
    assert describe_counts({"person": 2, "note": 1, "meeting": 0}) == "2 people and 1 sector note"
    assert describe_counts({"section": 1}) == "1 section"
    assert describe_counts({"book": 0}) == "nothing"
    assert (
        describe_counts({"book": 1, "image": 3, "meeting": 2}) == "1 book, 3 photos and 2 meetings"
    )
