"""Desktop backups: the daily copy after start, restoring from the File menu, damaged stores."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtWidgets import QDialog, QLabel
from pytestqt.qtbot import QtBot
from workspace_support import Answers

from app.backups import (
    KIND_BEFORE_RESTORE,
    KIND_DAILY,
    backup_dir_for,
    daily_backup,
    list_backups,
)
from app.domain import Book
from app.errors import StoreWriteError
from app.store import Store
from ui.dialogs.preferences import Preferences, PreferencesDialog
from ui.dialogs.restore_dialog import RestoreDialog
from ui.session import backup_runner
from ui.session.startup import Session

DAY_ONE = datetime(2026, 11, 20, 9, 0, 0)


def titles(path: Path) -> list[str]:
    with Store.open(path, read_only=True) as store:
        return sorted(book.title for book in store.list_books())


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def session(
    qtbot: QtBot, tmp_path: Path, answers: Answers, settings: QSettings
) -> Iterator[Session]:
    started = Session(settings, tmp_path / "logs")
    yield started
    if started.window is not None:
        started.window.close()
    started.close()


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    """A store whose backups hold ["day 1"], ["day 1", "day 2"]; the store holds three books."""
    path = tmp_path / "data" / "briefbook.sqlite"
    path.parent.mkdir()
    with Store.open(path) as store:
        for day in range(2):
            store.save_book(Book(title=f"day {day + 1}"))
            daily_backup(store, now=DAY_ONE + timedelta(days=day))
        store.save_book(Book(title="day 3"))
    return path


def backups_of(path: Path, kind: str) -> list[Path]:
    return [info.path for info in list_backups(path, check=False) if info.kind == kind]


# --- the daily backup ---------------------------------------------------------------------


def test_daily_backup_is_made_after_start_in_the_background(
    qtbot: QtBot, session: Session, store_path: Path, settings: QSettings
) -> None:
    settings.setValue("preferences/backup_keep", 2)
    assert session.start(store_path)
    # The window is up before the copy exists: the copy is made by a worker thread.
    assert session.window is not None and session.window.isVisible()
    with qtbot.waitSignal(session.backup_runner.done, timeout=20_000) as made:
        pass
    today = made.args[0]
    assert isinstance(today, Path) and today.exists()
    assert titles(today) == ["day 1", "day 2", "day 3"]
    daily = backups_of(store_path, KIND_DAILY)
    assert daily[0] == today and len(daily) == 2  # keep-2 from Preferences rotated one out
    assert "backup" in session.window.statusBar().currentMessage()


def test_a_failed_backup_is_said_once_in_the_status_bar_never_a_dialog(
    qtbot: QtBot,
    session: Session,
    store_path: Path,
    answers: Answers,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def disk_full(*_args: object, **_kwargs: object) -> None:
        raise StoreWriteError("The disk holding the backups is full; no backup was made.")

    monkeypatch.setattr(backup_runner, "daily_backup", disk_full)
    with qtbot.waitSignal(session.backup_runner.failed, timeout=20_000):
        assert session.start(store_path)
    assert session.window is not None
    assert (
        session.window.statusBar()
        .currentMessage()
        .startswith("Automatic backup failed: The disk holding the backups is full")
    )
    assert answers.warnings == [] and answers.infos == []


def test_keep_n_is_a_preference(qtbot: QtBot, settings: QSettings, store_path: Path) -> None:
    assert Preferences(settings).backup_keep == 10
    dialog = PreferencesDialog(settings, None, store_path)
    qtbot.addWidget(dialog)
    hints = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert str(backup_dir_for(store_path)) in hints
    dialog.backup_keep.setValue(4)
    dialog.accept()
    assert Preferences(settings).backup_keep == 4


# --- damaged store at start ---------------------------------------------------------------


def test_damaged_store_offers_the_newest_good_backup_and_opens_it(
    session: Session, store_path: Path, answers: Answers
) -> None:
    damaged = store_path.read_bytes()[:5000]
    store_path.write_bytes(damaged)
    answers.choose.append(0)  # Restore newest good backup (…)

    assert session.start(store_path)

    assert "damaged" in answers.asked[0]
    assert session.context is not None and not session.context.read_only
    assert sorted(b.title for b in session.context.store.list_books()) == ["day 1", "day 2"]
    kept = backups_of(store_path, KIND_BEFORE_RESTORE)
    assert len(kept) == 1 and kept[0].read_bytes() == damaged  # nothing thrown away
    assert answers.infos and f"kept as {kept[0]}" in answers.infos[0][1]


def test_damaged_store_without_a_backup_offers_the_other_ways(
    session: Session, tmp_path: Path, answers: Answers
) -> None:
    path = tmp_path / "lonely.sqlite"
    with Store.open(path) as store:
        store.save_book(Book(title="only copy"))
    path.write_bytes(path.read_bytes()[:5000])
    before = path.read_bytes()
    answers.choose.append(2)  # [Open another…, Create a new…, Quit]

    assert not session.start(path)
    assert "damaged" in answers.asked[0]
    assert path.read_bytes() == before


# --- File ▸ Restore from backup… -----------------------------------------------------------


def test_restore_dialog_lists_checks_and_chooses(
    qtbot: QtBot, qtmodeltester: object, store_path: Path
) -> None:
    older, newer = sorted(backups_of(store_path, KIND_DAILY))
    newer.write_bytes(newer.read_bytes()[:5000])
    dialog = RestoreDialog(store_path)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=20_000):
        dialog.show()
    qtmodeltester.check(dialog.model, force_py=True)  # type: ignore[attr-defined]

    model = dialog.model
    rows = [
        [model.index(row, column).data() for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]
    assert rows == [
        ["21 Nov 2026, 09:00", "Daily copy", rows[0][2], "Damaged"],
        ["20 Nov 2026, 09:00", "Daily copy", rows[1][2], "OK"],
    ]
    assert rows[1][2].endswith("KB")
    # The first good one is selected; a damaged one cannot be chosen.
    assert dialog.selected() is not None and dialog.selected().path == older  # type: ignore[union-attr]
    assert dialog.restore_button.isEnabled()
    dialog.select_backup(newer)
    assert not dialog.restore_button.isEnabled()
    assert "cannot be restored" in dialog.detail.text()
    dialog.accept()
    assert dialog.isVisible() and dialog.chosen is None

    # Keyboard: arrow down to the good backup, Enter restores it.
    dialog.view.setFocus()
    qtbot.keyClick(dialog.view, Qt.Key.Key_Down)
    assert dialog.selected() is not None and dialog.selected().path == older  # type: ignore[union-attr]
    qtbot.keyClick(dialog.view, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.chosen == older


def test_restore_dialog_without_backups(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = RestoreDialog(tmp_path / "new.sqlite")
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=20_000):
        dialog.show()
    assert dialog.model.rowCount() == 0
    assert "no backups" in dialog.status.text() and not dialog.restore_button.isEnabled()


def choose_in_dialog(monkeypatch: pytest.MonkeyPatch, qtbot: QtBot, backup: Path) -> None:
    """Answer File ▸ Restore from backup… by picking ``backup`` in the real dialog."""

    def exec_(dialog: RestoreDialog) -> int:
        if dialog.model.rowCount() == 0:
            with qtbot.waitSignal(dialog.loaded, timeout=20_000):
                pass
        assert dialog.select_backup(backup)
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(RestoreDialog, "exec", exec_)


def test_restore_from_the_file_menu_saves_edits_restores_and_reopens(
    qtbot: QtBot,
    session: Session,
    store_path: Path,
    answers: Answers,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    oldest = sorted(backups_of(store_path, KIND_DAILY))[0]  # holds "day 1" only
    assert session.start(store_path)
    with qtbot.waitSignal(session.backup_runner.finished, timeout=20_000):
        pass
    window = session.window
    assert window is not None and session.context is not None
    day3 = next(b for b in session.context.store.list_books() if b.title == "day 3")
    window.open_book(day3.id, "overview")
    form = window.pages["overview"]
    form.title.setText("day 3, edited just before the restore")  # still waiting for autosave

    choose_in_dialog(monkeypatch, qtbot, oldest)
    answers.ask.append(True)  # "Replace the store with the backup …?"
    window.restore_action.trigger()

    assert session.window is not None and session.window is not window
    assert session.context is not None
    assert [b.title for b in session.context.store.list_books()] == ["day 1"]
    assert session.window.navigator.isVisible()
    assert "day 1" in session.window.windowTitle()
    kept = backups_of(store_path, KIND_BEFORE_RESTORE)
    assert len(kept) == 1
    # The pending edit was saved before the store was replaced, so the kept copy has it.
    assert "day 3, edited just before the restore" in titles(kept[0])
    assert answers.infos and f"kept as {kept[0]}" in answers.infos[0][1]
    assert f"kept as {kept[0]}" in session.window.statusBar().currentMessage()


def test_a_refused_restore_changes_nothing_and_reopens_the_store(
    qtbot: QtBot, session: Session, store_path: Path, answers: Answers, tmp_path: Path
) -> None:
    assert session.start(store_path)
    with qtbot.waitSignal(session.backup_runner.finished, timeout=20_000):
        pass
    before = titles(store_path)
    bogus = tmp_path / "not-a-backup.sqlite"
    bogus.write_bytes(b"nothing like a store" * 100)

    assert not session.restore_backup(bogus)

    assert session.window is not None and session.context is not None
    assert sorted(b.title for b in session.context.store.list_books()) == before
    assert answers.warnings and answers.warnings[-1][0] == "Backup not restored"
    assert "Nothing was changed" in answers.warnings[-1][1]
    assert backups_of(store_path, KIND_BEFORE_RESTORE) == []


def test_show_backups_folder(
    qtbot: QtBot, session: Session, store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr("ui.window.menu_handlers.QDesktopServices.openUrl", opened.append)
    assert session.start(store_path)
    assert session.window is not None
    session.window.backups_folder_action.trigger()
    assert [url.toLocalFile() for url in opened] == [str(backup_dir_for(store_path))]
