"""Starting the app: no display, first run, refused stores, opening a bundle."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot
from workspace_support import Answers

from app.sample import SAMPLE_BOOK_ID
from app.store import Store
from ui.session import startup as ui_app
from ui.session.startup import NO_DISPLAY_MESSAGE, Session, app_version, has_display, run_gui


@pytest.fixture
def session(qtbot: QtBot, tmp_path: Path, answers: Answers) -> Session:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    started = Session(settings, tmp_path / "logs")
    yield started
    if started.window is not None:
        started.window.close()
    started.close()


def test_without_a_display_run_gui_explains_and_returns_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    assert not has_display()
    assert run_gui(tmp_path / "store.sqlite") == 1
    error = capsys.readouterr().err
    assert error.strip() == NO_DISPLAY_MESSAGE and "\n" not in error.strip()
    assert not (tmp_path / "store.sqlite").exists()


def test_version_comes_from_the_package() -> None:
    assert app_version().count(".") >= 1


def test_first_run_shows_the_sample_book(session: Session, tmp_path: Path) -> None:
    assert session.start(tmp_path / "new.sqlite")
    window = session.window
    assert window is not None and window.isVisible()
    assert window.current_book_id == SAMPLE_BOOK_ID
    assert session.context is not None
    assert [b.id for b in session.context.store.list_books()] == [SAMPLE_BOOK_ID]


def test_second_run_does_not_add_the_sample_again(session: Session, tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite"
    with Store.open(path) as store:
        from app.domain import Book

        store.save_book(Book(title="Mine"))
    assert session.start(path)
    assert session.context is not None
    assert [b.title for b in session.context.store.list_books()] == ["Mine"]


def test_refused_store_offers_quit_and_leaves_the_file_alone(
    session: Session, tmp_path: Path, answers: Answers
) -> None:
    path = tmp_path / "not-a-store.sqlite"
    path.write_bytes(b"these are not the bytes of a store" * 50)
    before = path.read_bytes()
    answers.choose.append(2)  # Quit
    assert not session.start(path)
    assert session.window is None
    assert path.read_bytes() == before
    assert "not a BriefBook store" in answers.asked[0] or str(path) in answers.asked[0]


def test_refused_store_then_open_another(
    session: Session, tmp_path: Path, answers: Answers, monkeypatch: pytest.MonkeyPatch
) -> None:
    foreign = tmp_path / "foreign.sqlite"
    with sqlite3.connect(foreign) as db:
        db.execute("CREATE TABLE accounts (id INTEGER)")
    good = tmp_path / "good.sqlite"
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(good), ""))
    answers.choose.append(1)  # Create a new store…
    assert session.start(foreign)
    assert session.context is not None and session.context.store_path == good


def test_switch_store_replaces_the_window(session: Session, tmp_path: Path) -> None:
    assert session.start(tmp_path / "one.sqlite")
    first = session.window
    assert session.switch_store(tmp_path / "two.sqlite")
    assert session.window is not first
    assert session.context is not None and session.context.store_path == tmp_path / "two.sqlite"


def test_opening_a_bundle_imports_it_and_shows_the_book(
    qtbot, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.bundle import export_bundle
    from app.domain import Book

    source = tmp_path / "source.sqlite"
    with Store.open(source) as store:
        book = store.save_book(Book(title="Shared trip"))
        store.add_section(book.id, "Situation", "Shared text.\n")
        bundle = export_bundle(store, book.id, tmp_path / "shared.bbk")
    assert session.start(tmp_path / "mine.sqlite", bundle)
    window = session.window
    assert window is not None and session.context is not None
    assert session.context.store.get_book(book.id).title == "Shared trip"
    qtbot.waitUntil(lambda: window.current_book_id == book.id)  # opens on the next turn


def test_opening_something_else_is_refused(
    session: Session, tmp_path: Path, answers: Answers
) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("hello")
    assert session.start(tmp_path / "mine.sqlite", other)
    assert answers.warnings and "not a BriefBook bundle" in answers.warnings[0][1]


def test_window_icon_and_names(qapp: object) -> None:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    ui_app.configure_application(app)
    assert app.applicationName() == "BriefBook"
    assert app.applicationVersion() == app_version()
    assert not app.windowIcon().isNull()


def test_sigterm_closes_the_window_and_saves(session: Session, tmp_path: Path) -> None:
    import signal

    from PySide6.QtGui import QTextCursor
    from PySide6.QtWidgets import QApplication

    previous = {n: signal.getsignal(n) for n in (signal.SIGTERM, signal.SIGINT)}
    assert session.start(tmp_path / "store.sqlite")
    window = session.window
    app = QApplication.instance()
    assert window is not None and isinstance(app, QApplication)
    heartbeat = ui_app.close_on_termination_signals(app)
    try:
        window.show_page("sections")
        page = window.pages["sections"]
        editor = page.editor.editor  # type: ignore[attr-defined]
        editor.moveCursor(QTextCursor.MoveOperation.End)
        editor.textCursor().insertText(" Saved on SIGTERM.")
        handler = signal.getsignal(signal.SIGTERM)
        assert callable(handler)
        handler(signal.SIGTERM, None)  # what the OS signal runs
        assert not window.isVisible()
        assert session.context is not None
        body = session.context.store.get_section(page.current_id).body  # type: ignore[attr-defined]
        assert " ".join(body.split()).endswith("Saved on SIGTERM.")
    finally:
        heartbeat.stop()
        for number, handler_before in previous.items():
            signal.signal(number, handler_before)
