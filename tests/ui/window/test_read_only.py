"""A store another program writes to opens read-only: browse, search and export, never edit."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QToolBar,
)
from pytestqt.qtbot import QtBot
from workspace_support import Answers

from app.backups import backup_dir_for
from app.domain import Book
from app.sample import SAMPLE_BOOK_ID, ensure_sample_book
from app.store import Store
from ui.session.startup import Session
from ui.window.main_window import MainWindow
from ui.window.read_only import BROWSE_PROPERTY, DISABLE_PROPERTY, READ_ONLY_SUFFIX, is_locked

OPEN_READ_ONLY = 0


def fingerprint(path: Path) -> dict[str, str]:
    """The bytes of the store and its journal files, to prove nothing was written."""
    return {
        candidate.name: hashlib.sha256(candidate.read_bytes()).hexdigest()
        for candidate in sorted(path.parent.iterdir())
        if candidate.name.startswith(path.name) and candidate.is_file()
    }


@pytest.fixture
def held_store(tmp_path: Path) -> Iterator[tuple[Path, Store]]:
    """A store with the sample book, held for writing as another desktop app would."""
    path = tmp_path / "shared" / "briefbook.sqlite"
    path.parent.mkdir()
    holder = Store.open(path, lock="desktop")
    ensure_sample_book(holder)
    holder.save_book(Book(title="Another trip"))
    yield path, holder
    holder.close()


@pytest.fixture
def read_only_window(
    qtbot: QtBot, tmp_path: Path, answers: Answers, held_store: tuple[Path, Store]
) -> Iterator[tuple[Session, MainWindow]]:
    path, _holder = held_store
    session = Session(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat), tmp_path)
    answers.choose.append(OPEN_READ_ONLY)
    assert session.start(path)
    assert session.window is not None
    qtbot.addWidget(session.window)
    yield session, session.window
    session.window.close()
    session.close()


def test_a_locked_store_is_offered_read_only_naming_the_holder(
    read_only_window: tuple[Session, MainWindow], answers: Answers
) -> None:
    session, window = read_only_window
    assert "is open for writing by BriefBook (desktop)" in answers.asked[0]
    assert session.context is not None and session.context.read_only
    assert session.context.store.read_only
    assert window.windowTitle().endswith(READ_ONLY_SUFFIX)
    banner = window.findChild(QToolBar, "readOnlyBanner")
    assert banner is not None and banner.isVisible()
    assert "open for writing by BriefBook (desktop)" in window.statusBar().currentMessage()
    badge = window.statusBar().findChild(QLabel, "readOnlyBadge")
    assert badge is not None and badge.text() == "Read-only" and badge.isVisible()


def test_every_editor_refuses_edits_and_browsing_still_works(
    read_only_window: tuple[Session, MainWindow],
) -> None:
    _, window = read_only_window
    checked = 0
    for key, page in window.pages.items():
        window.show_page(key)
        assert page.read_only, key
        for widget in page.findChildren(QLineEdit) + page.findChildren(QTextEdit):
            if isinstance(widget.parentWidget(), QComboBox | QAbstractSpinBox):
                continue
            if widget.property(BROWSE_PROPERTY):
                assert not widget.isReadOnly(), (key, widget.objectName())
                continue
            if widget.property(DISABLE_PROPERTY):  # "Add a person: type a name…"
                assert not widget.isEnabled(), key
                continue
            assert widget.isReadOnly(), (key, widget.accessibleName() or widget.objectName())
            checked += 1
        for widget in page.findChildren(QPlainTextEdit) + page.findChildren(QAbstractSpinBox):
            if not widget.objectName().startswith("qt_"):  # Qt's calendar popup has its own
                assert widget.isReadOnly(), key
        for button in page.findChildren(QAbstractButton):
            if is_locked(button):
                assert not button.isEnabled(), (key, button.text())
        for combo in page.findChildren(QComboBox):
            assert not combo.isEnabled(), key
        for view in page.findChildren(QAbstractItemView):
            if view.window() is not window:
                continue  # a combo box's or completer's popup list
            assert view.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers, key
            assert view.dragDropMode() == QAbstractItemView.DragDropMode.NoDragDrop, key
    assert checked > 30  # the lock saw the editors of every page

    people = window.pages["people_library"]
    assert not people.filter_edit.isReadOnly()  # filtering is browsing
    people.filter_edit.setText("Asadov")
    assert people.proxy.rowCount() == 1


def test_typing_and_commands_change_nothing(
    qtbot: QtBot, read_only_window: tuple[Session, MainWindow], held_store: tuple[Path, Store]
) -> None:
    session, window = read_only_window
    path, holder = held_store
    holder.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = fingerprint(path)

    window.open_book(SAMPLE_BOOK_ID, "overview")
    form = window.pages["overview"]
    title = form.title.text()
    qtbot.keyClicks(form.title, "XYZ")
    assert form.title.text() == title

    window.show_page("sections")
    sections = window.pages["sections"]
    body = sections.editor.editor.toPlainText()
    sections.editor.editor.setFocus()
    qtbot.keyClicks(sections.editor.editor, "typed while read-only")
    assert sections.editor.editor.toPlainText() == body
    # Page logic that re-enables its buttons (a new selection) cannot undo the lock.
    sections._select_row(1)
    sections._update_actions()
    sections.editor.editor.setReadOnly(False)
    assert not sections.add_action.isEnabled() and not sections.delete_action.isEnabled()
    assert sections.editor.editor.isReadOnly()

    for action in (
        window.new_book_action,
        window.duplicate_book_action,
        window.delete_book_action,
        window.import_action,
        window.restore_action,
        window.undo_action,
    ):
        window._refresh_actions()
        assert not action.isEnabled(), action.text()
        action.trigger()  # a shortcut or a stale menu cannot get round it either
    for action in (window.export_action, window.find_action, window.backup_action):
        assert action.isEnabled(), action.text()

    window.flush_pages()
    assert session.context is not None
    assert len(session.context.store.list_books()) == 2
    assert fingerprint(path) == before
    assert not backup_dir_for(path).exists()  # no automatic backup of someone else's store


def test_search_and_export_work_read_only(
    read_only_window: tuple[Session, MainWindow], tmp_path: Path
) -> None:
    session, window = read_only_window
    assert session.context is not None
    hits = session.context.store.search("Asadov")
    assert "person" in {hit.kind for hit in hits}
    window.open_search()
    assert window._search_panel is not None

    from exports.api import export_book

    target = tmp_path / "book.docx"
    for _ in export_book(session.context.store, SAMPLE_BOOK_ID, "docx", target):
        pass
    assert target.stat().st_size > 1000


def test_locked_store_can_be_left_for_another(
    qtbot: QtBot, tmp_path: Path, answers: Answers, held_store: tuple[Path, Store]
) -> None:
    path, _ = held_store
    session = Session(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat), tmp_path)
    answers.choose.append(2)  # Quit
    assert not session.start(path)
    assert session.window is None
    session.close()


def test_lazily_built_pages_lock_themselves_when_shown(
    qtbot: QtBot, tmp_path: Path, answers: Answers, held_store: tuple[Path, Store]
) -> None:
    """A page made after the window (lazy construction) locks on its first show."""
    from PySide6.QtGui import QUndoStack

    from ui.book.overview_page import BookFormPage
    from ui.context import AppContext, AppEvents

    path, _ = held_store
    store = Store.open(path, read_only=True)
    context = AppContext(
        store=store,
        store_path=path,
        settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat),
        undo_stack=QUndoStack(),
        events=AppEvents(),
        read_only=True,
    )
    page = BookFormPage(context)
    qtbot.addWidget(page)
    page.set_book(SAMPLE_BOOK_ID)
    assert not page.read_only
    page.show()
    assert page.read_only and page.title.isReadOnly()
    page.close()
    store.close()


def test_checkbox_in_a_list_cannot_write(read_only_window: tuple[Session, MainWindow]) -> None:
    session, window = read_only_window
    window.open_book(SAMPLE_BOOK_ID, "sections")
    page = window.pages["sections"]
    section = page.model.sections[0]
    index = page.model.index(0, 0)
    flipped = Qt.CheckState.Unchecked if section.handout else Qt.CheckState.Checked
    page.model.setData(index, flipped.value, Qt.ItemDataRole.CheckStateRole)
    assert session.context is not None
    assert session.context.store.get_section(section.id).handout == section.handout


def test_dropping_people_on_a_book_attaches_nothing_read_only(
    read_only_window: tuple[Session, MainWindow], held_store: tuple[Path, Store]
) -> None:
    from PySide6.QtCore import Qt

    from ui.library.record_mime import PERSON_IDS_MIME, ids_mime_data

    _session, window = read_only_window
    path, holder = held_store
    holder.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = fingerprint(path)
    other = next(book for book in holder.list_books() if book.title == "Another trip")
    person = holder.list_people()[0]
    assert window.navigator.tree.dragDropMode() == window.navigator.tree.DragDropMode.NoDragDrop
    model = window.navigator.model
    payload = ids_mime_data(PERSON_IDS_MIME, [person.id])
    model.dropMimeData(payload, Qt.DropAction.CopyAction, -1, 0, model.find(other.id, "book"))
    assert holder.list_participants(other.id) == []
    assert "Read-only" in window.statusBar().currentMessage()
    assert fingerprint(path) == before
