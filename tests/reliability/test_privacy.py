"""Privacy: everything BriefBook writes is owner-only on POSIX, and logs hold no user text.

Files are created under a wide-open umask (0o000), so the owner-only modes come from BriefBook
itself and not from the tester's umask.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from app.backups import backup_dir_for, daily_backup, list_backups, restore_backup
from app.domain import Book, Note, Person
from app.lock import lock_path_for
from app.schema import LATEST_VERSION, MIGRATIONS
from app.store import Store

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")

BIO_MARKER = "Zanzibar-quince bio: met the minister's daughter in 2019"
NOTE_MARKER = "Marmalade-heron note: the pipeline tender is rigged"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    previous = os.umask(0)
    try:
        yield
    finally:
        os.umask(previous)


@posix_only
def test_store_journal_lock_and_backups_are_owner_only(tmp_path: Path, open_umask: None) -> None:
    store_path = tmp_path / "new folder" / "briefbook.sqlite"
    with Store.open(store_path) as old:
        old.save_book(Book(title="before the upgrade"))
    upgrade = {**MIGRATIONS, LATEST_VERSION + 1: "CREATE TABLE privacy_probe (x INTEGER);"}
    store = Store.open(store_path, migrations=upgrade, lock="desktop")
    try:
        store.save_book(Book(title="Private"))
        daily = daily_backup(store, now=datetime(2026, 11, 26, 9, 0))
        wal = store_path.with_name(store_path.name + "-wal")
        shm = store_path.with_name(store_path.name + "-shm")
        created = {
            "store folder": (store_path.parent, 0o700),
            "store": (store_path, 0o600),
            "-wal": (wal, 0o600),
            "-shm": (shm, 0o600),
            "lock file": (lock_path_for(store_path), 0o600),
            "backup folder": (backup_dir_for(store_path), 0o700),
            "daily backup": (daily, 0o600),
            "migration backup": (store.backup_before_migration, 0o600),
        }
        for name, (path, expected) in created.items():
            assert path is not None and path.exists(), name
            assert mode(path) == expected, f"{name} is {oct(mode(path))}"
    finally:
        store.close()
    assert store.backup_before_migration is not None
    aside = restore_backup(
        store.backup_before_migration, store_path, now=datetime(2026, 11, 26, 10, 0)
    )
    assert aside is not None
    assert mode(aside) == 0o600 and mode(store_path) == 0o600
    assert all(mode(info.path) == 0o600 for info in list_backups(store_path))


@posix_only
def test_manual_backup_is_owner_only(store_path: Path, tmp_path: Path, open_umask: None) -> None:
    with Store.open(store_path) as store:
        target = store.backup(tmp_path / "copy.sqlite")
    assert mode(target) == 0o600


@posix_only
def test_log_files_are_owner_only(tmp_path: Path, open_umask: None) -> None:
    errors = pytest.importorskip(
        "ui.session.error_reporting",
        reason="ui/session/error_reporting.py (the app's logging) not there yet",
    )
    try:
        log_file = errors.setup_logging(tmp_path / "logs")
        errors.logger.info("probe")
    finally:
        errors.close_logging()
    assert mode(log_file.parent) == 0o700
    assert mode(log_file) == 0o600


def test_logs_hold_no_bio_or_note_text(
    tmp_path: Path, store_path: Path, qapp: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A desktop session with private text, a refused store and an uncaught error whose
    message quotes a bio: the log records the events but none of the text."""
    errors = pytest.importorskip(
        "ui.session.error_reporting",
        reason="ui/session/error_reporting.py (the app's logging) not there yet",
    )
    ui_app = pytest.importorskip("ui.session.startup", reason="ui/session/startup.py not there yet")
    from PySide6.QtCore import QSettings

    from ui.widgets import message_boxes

    with Store.open(store_path) as store:
        person = store.save_person(Person(name="Private Person", bio=BIO_MARKER))
        note = store.save_note(Note(title="Private note", body=NOTE_MARKER))
        book = store.save_book(Book(title="Private trip"))
        store.attach_person(book.id, person.id, talking_points=BIO_MARKER)
        store.attach_note(book.id, note.id)
    refused_path = tmp_path / "not-a-store.sqlite"
    refused_path.write_text(f"{BIO_MARKER}\n{NOTE_MARKER}\n", encoding="utf-8")
    monkeypatch.setattr(message_boxes, "choose", lambda *args, **kwargs: 2)  # "Cancel" / "Quit"

    log_folder = tmp_path / "logs"
    log_file = errors.setup_logging(log_folder)
    reporter = errors.ErrorReporter(log_file)
    shown: list[str] = []
    monkeypatch.setattr(reporter, "show_dialog", lambda _type, exc: shown.append(str(exc)))
    try:
        settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
        session = ui_app.Session(settings, log_folder)
        try:
            assert not session.start(refused_path)  # refused, logged, the user gives up
            assert session.start(store_path)
            window = session.window
            assert window is not None
            window.open_book(book.id)
            for key in list(window.pages):
                window.show_page(key)
            try:
                raise RuntimeError(f"could not render {BIO_MARKER} / {NOTE_MARKER}")
            except RuntimeError as error:
                reporter.handle(type(error), error, error.__traceback__)
            assert window.close()
        finally:
            session.close()
    finally:
        errors.close_logging()

    assert shown and BIO_MARKER in shown[0]  # the user is told; the log is not
    logged = "\n".join(
        path.read_text(encoding="utf-8") for path in log_folder.iterdir() if path.is_file()
    )
    assert "store refused" in logged and "RuntimeError" in logged  # the events were logged
    for secret in (BIO_MARKER, NOTE_MARKER, "Zanzibar", "Marmalade", "pipeline tender"):
        assert secret not in logged


def test_rotation_uses_local_calendar_days(store_path: Path) -> None:
    """Backups named by local time sort by time (also what the privacy-minded user sees)."""
    with Store.open(store_path) as store:
        late = daily_backup(store, now=datetime(2026, 11, 26, 23, 59, 59))
        early = daily_backup(store, now=datetime(2026, 11, 26, 23, 59, 59) + timedelta(seconds=2))
    assert late is not None and early is not None
    assert sorted([early.name, late.name]) == [late.name, early.name]
