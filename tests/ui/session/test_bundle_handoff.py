"""A ``.bbk`` opened while BriefBook runs reaches the running window and opens there."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtGui import QFileOpenEvent
from pytestqt.qtbot import QtBot
from workspace_support import Answers

from app.bundle import export_bundle
from app.domain import Book
from app.store import Store
from ui.session.bundle_inbox import FileOpenFilter
from ui.session.startup import Session


def _bundle(folder: Path, title: str) -> tuple[Path, str]:
    with Store.open(folder / "colleague.sqlite") as colleague:
        book = colleague.save_book(Book(title=title, destination="Ganja"))
        return export_bundle(colleague, book.id, folder / "trip.bbk"), book.id


def _session(tmp_path: Path, name: str) -> Session:
    settings = QSettings(str(tmp_path / f"{name}.ini"), QSettings.Format.IniFormat)
    return Session(settings, tmp_path / "logs")


def test_a_second_launch_hands_its_bundle_to_the_running_window(
    qtbot: QtBot, tmp_path: Path, answers: Answers
) -> None:
    store_path = tmp_path / "store" / "briefbook.sqlite"
    store_path.parent.mkdir()
    bundle, book_id = _bundle(tmp_path, "Ganja follow-up")
    running = _session(tmp_path, "running")
    assert running.start(store_path)
    assert running.window is not None and running.context is not None
    qtbot.addWidget(running.window)
    try:
        second = _session(tmp_path, "second")
        assert not second.start(store_path, bundle)  # no second window, no read-only offer
        assert second.handed_off and second.window is None
        assert answers.choose == [] and answers.asked == []
        qtbot.waitUntil(lambda: running.window.current_book_id == book_id, timeout=10_000)
        assert running.context.store.get_book(book_id).title == "Ganja follow-up"
    finally:
        running.window.close()
        running.close()


def test_a_launch_with_a_bundle_opens_it_itself_when_no_window_holds_the_store(
    qtbot: QtBot, tmp_path: Path, answers: Answers
) -> None:
    store_path = tmp_path / "briefbook.sqlite"
    bundle, book_id = _bundle(tmp_path, "Ganja follow-up")
    session = _session(tmp_path, "only")
    assert session.start(store_path, bundle)
    assert session.window is not None and session.context is not None
    qtbot.addWidget(session.window)
    try:
        assert not session.handed_off
        assert session.context.store.get_book(book_id).title == "Ganja follow-up"
    finally:
        session.window.close()
        session.close()


def test_a_file_opened_from_the_finder_while_running_is_imported(qtbot: QtBot, tmp_path) -> None:
    opened: list[Path] = []
    app = QCoreApplication.instance()
    assert app is not None
    event_filter = FileOpenFilter(opened.append)
    app.installEventFilter(event_filter)
    try:
        QCoreApplication.sendEvent(app, QFileOpenEvent(str(tmp_path / "trip.bbk")))
        qtbot.waitUntil(lambda: opened == [tmp_path / "trip.bbk"])
    finally:
        app.removeEventFilter(event_filter)


def test_a_read_only_window_refuses_to_import(
    qtbot: QtBot, tmp_path: Path, answers: Answers, monkeypatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    store_path = tmp_path / "briefbook.sqlite"
    bundle, book_id = _bundle(tmp_path, "Ganja follow-up")
    refusals: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "critical", lambda _parent, _title, text, *args: refusals.append(text)
    )
    holder = Store.open(store_path, lock="cli")  # someone else writes: no hand-over possible
    try:
        session = _session(tmp_path, "read-only")
        answers.choose.append(0)  # "Open read-only"
        assert session.start(store_path, bundle)
        assert session.context is not None and session.context.read_only
        assert session.window is not None
        qtbot.addWidget(session.window)
        assert refusals and "open read-only" in refusals[0]
        assert book_id not in {book.id for book in holder.list_books()}
        session.window.close()
        session.close()
    finally:
        holder.close()


def test_bundles_are_imported_one_at_a_time(qtbot: QtBot, tmp_path: Path) -> None:
    from PySide6.QtCore import QEventLoop, QObject, QTimer

    from app import handoff
    from ui.session.bundle_inbox import BundleInbox

    store_path = tmp_path / "briefbook.sqlite"
    depth, most, opened = [0], [0], []

    def slow_import(path: Path) -> None:
        # Like a real import: a nested event loop, during which another request lands.
        depth[0] += 1
        most[0] = max(most[0], depth[0])
        if path.name == "a.bbk":
            handoff.send(store_path, tmp_path / "b.bbk")
        loop = QEventLoop()
        QTimer.singleShot(300, loop.quit)
        loop.exec()
        opened.append(path.name)
        depth[0] -= 1

    owner = QObject()
    inbox = BundleInbox(store_path, slow_import, owner)
    handoff.send(store_path, tmp_path / "a.bbk")
    qtbot.waitUntil(lambda: opened == ["a.bbk", "b.bbk"], timeout=10_000)
    assert most[0] == 1
    inbox.stop()


def test_a_file_opened_before_the_window_exists_waits_for_it(
    qtbot: QtBot, tmp_path: Path, answers: Answers
) -> None:
    store_path = tmp_path / "briefbook.sqlite"
    bundle, book_id = _bundle(tmp_path, "Ganja follow-up")
    session = _session(tmp_path, "early")
    assert session.open_bundle_in_front(bundle) is None  # no window yet: kept
    assert session.start(store_path)
    assert session.window is not None and session.context is not None
    qtbot.addWidget(session.window)
    try:
        qtbot.waitUntil(lambda: session.window.current_book_id == book_id, timeout=10_000)
    finally:
        session.window.close()
        session.close()
