"""Offline guarantee: a whole working session never touches the network.

Socket creation, connecting, binding, sending and name lookups are patched to record and fail,
and on Linux the process's own TCP/UDP sockets are compared before and after, which also
catches native code. The session: open the store, the daily backup, the sample book, an edit,
search, both export formats in both editions, a bundle out and back in, a backup restored; and
the desktop app started offscreen on the same store, every page shown, then closed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from network_guard import NetworkGuard, NetworkUsed

from app.backups import daily_backup, list_backups, restore_backup
from app.store import Store


@pytest.fixture
def network_guard(monkeypatch: pytest.MonkeyPatch) -> Iterator[NetworkGuard]:
    guard = NetworkGuard(monkeypatch)
    yield guard
    assert guard.attempts == [], f"network used: {guard.attempts}"
    assert guard.new_inet_sockets() == set()


def test_the_guard_catches_a_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    """Not vacuous: a lookup and a connection attempt are both caught and recorded."""
    import socket
    import urllib.request

    guard = NetworkGuard(monkeypatch)
    with pytest.raises(NetworkUsed):
        urllib.request.urlopen("http://example.invalid/", timeout=1)
    with pytest.raises(NetworkUsed):
        socket.getaddrinfo("example.invalid", 443)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock, pytest.raises(NetworkUsed):
        sock.connect(("127.0.0.1", 9))
    assert any("create_connection" in attempt for attempt in guard.attempts)
    assert any("getaddrinfo" in attempt for attempt in guard.attempts)
    assert any("socket.connect" in attempt for attempt in guard.attempts)


def test_a_core_session_stays_offline(network_guard: NetworkGuard, store_path: Path) -> None:
    sample = pytest.importorskip("app.sample", reason="app.sample (the sample book) not there yet")
    exports_api = pytest.importorskip("exports.api", reason="exports.api not there yet")
    bundle = pytest.importorskip("app.bundle", reason="app.bundle not there yet")
    out = store_path.parent / "out"
    out.mkdir()

    with Store.open(store_path, lock="desktop") as store:
        daily_backup(store)
        book = sample.ensure_sample_book(store)
        section = store.list_sections(book.id)[0]
        store.save_section(section.__class__(**{**section.__dict__, "body": "Edited offline."}))
        assert store.search("edited offline")
        assert store.search("Samaddin Asadov")  # romanized search of the sample's people
        for fmt in ("pdf", "docx"):
            for handout in (False, True):
                target = out / f"book-{fmt}-{'handout' if handout else 'full'}.{fmt}"
                for _progress in exports_api.export_book(store, book.id, fmt, target, handout):
                    pass
                assert target.stat().st_size > 0
        shared = bundle.export_bundle(store, book.id, out / "trip.bbk")

    with Store.open(store_path.with_name("colleague.sqlite"), lock="cli") as colleague:
        bundle.import_bundle(colleague, shared)
        assert [b.title for b in colleague.list_books()] == [book.title]

    [backup] = list_backups(store_path)
    restore_backup(backup.path, store_path)


def test_the_desktop_app_stays_offline(
    network_guard: NetworkGuard, store_path: Path, tmp_path: Path, qapp: object
) -> None:
    pytest.importorskip("ui.window.main_window", reason="ui/window/main_window.py not there yet")
    ui_app = pytest.importorskip("ui.session.startup", reason="ui/session/startup.py not there yet")
    from PySide6.QtCore import QSettings

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    session = ui_app.Session(settings, tmp_path / "logs")
    try:
        assert session.start(store_path)  # first run: adds the sample book and shows it
        window = session.window
        assert window is not None and window.current_book_id
        for key in list(window.pages):
            window.show_page(key)
        assert window.close()
    finally:
        session.close()
