"""Protection in the app: the passphrase before content, File ▸ Protect…, the idle lock,
locked PDF exports and sealed bundles.

Modal passphrase dialogs are answered by replacing ``exec`` with a typist that fills the fields
and presses the button, so the dialog's own checks run (wrong, then right).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from workspace_support import Answers

from app.backups import backup_dir_for, daily_backup, list_backups
from app.domain import Book
from app.protection import conversion, keys
from app.store import Store
from ui.dialogs.passphrase_dialog import PassphraseDialog
from ui.session.startup import Session

SECRET = "four words are best"
WRONG = "three words wrong"


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
    path = tmp_path / "data" / "briefbook.sqlite"
    path.parent.mkdir()
    with Store.open(path) as store:
        store.save_book(Book(title="Tbilisi energy talks"))
        daily_backup(store)
    return path


@pytest.fixture
def encrypted_path(store_path: Path) -> Path:
    conversion.convert_store(store_path, keys.Passphrase(SECRET))
    keys.forget_all()
    return store_path


class Typist:
    """Answers passphrase dialogs: each entry is typed in turn, then the dialog's button."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.entries: list[str] = []
        self.problems: list[str] = []
        self.seen: list[PassphraseDialog] = []
        self.before_exec: Callable[[], None] | None = None
        seal_ticks: list[bool] = []
        self.seal_ticks = seal_ticks

        def exec_(dialog: PassphraseDialog) -> int:
            self.seen.append(dialog)
            if self.before_exec is not None:
                self.before_exec()
            if dialog.optional is not None and self.seal_ticks:
                dialog.optional.setChecked(self.seal_ticks.pop(0))
            while self.entries:
                secret = self.entries.pop(0)
                dialog.field.setText(secret)
                if dialog.again is not None:
                    dialog.again.setText(secret)
                dialog.accept()
                if dialog.result() == QDialog.DialogCode.Accepted:
                    return 1
                self.problems.append(dialog.message.text())
            if dialog.optional is not None and not dialog.optional.isChecked():
                dialog.accept()
                return 1
            return 0

        monkeypatch.setattr(PassphraseDialog, "exec", exec_)


@pytest.fixture
def typist(monkeypatch: pytest.MonkeyPatch) -> Typist:
    return Typist(monkeypatch)


def test_the_passphrase_is_asked_before_any_content_shows(
    qtbot: QtBot, session: Session, encrypted_path: Path, typist: Typist
) -> None:
    before = encrypted_path.read_bytes()
    windows_while_asking: list[object] = []
    typist.before_exec = lambda: windows_while_asking.append(session.window)
    typist.entries += [WRONG, SECRET]
    assert session.start(encrypted_path)
    assert windows_while_asking == [None]  # no window, so no content, while asking
    assert len(typist.problems) == 1 and "does not open this store" in typist.problems[0]
    assert session.window is not None and session.context is not None
    assert [b.title for b in session.context.store.list_books()] == ["Tbilisi energy talks"]
    assert session.idle_lock is not None
    # The wrong try changed nothing; the right one only read.
    assert encrypted_path.read_bytes()[:16] == before[:16]


def test_giving_up_on_the_passphrase_opens_nothing(
    qtbot: QtBot, session: Session, encrypted_path: Path, typist: Typist, answers: Answers
) -> None:
    before = encrypted_path.read_bytes()
    typist.entries += [WRONG]
    answers.choose.append(2)  # then "Quit" among open another / create / quit
    assert not session.start(encrypted_path)
    assert session.window is None
    assert "without its passphrase it was not opened" in answers.asked[0]
    assert encrypted_path.read_bytes() == before


def test_protect_from_the_file_menu_saves_edits_and_encrypts_store_and_backups(
    qtbot: QtBot, session: Session, store_path: Path, typist: Typist
) -> None:
    assert session.start(store_path)
    window = session.window
    assert window is not None and session.context is not None
    with qtbot.waitSignal(session.backup_runner.finished, timeout=20_000):
        pass
    book = session.context.store.list_books()[0]
    window.open_book(book.id, "overview")
    window.pages["overview"].title.setText("Tbilisi, edited just before protecting")
    typist.entries += ["short", SECRET]  # a too-short one is refused in the dialog
    [protect] = window.protection_actions
    assert protect.text() == "&Protect with a passphrase…"
    protect.trigger()
    assert "at least 8" in typist.problems[0]
    assert session.window is not None and session.window is not window
    assert keys.is_encrypted(store_path)
    assert all(keys.is_encrypted(info.path) for info in list_backups(store_path, check=False))
    assert [a.text() for a in session.window.protection_actions] == [
        "C&hange passphrase…",
        "Remo&ve protection…",
    ]
    assert session.context is not None
    titles = [b.title for b in session.context.store.list_books()]
    assert titles == ["Tbilisi, edited just before protecting"]
    assert session.idle_lock is not None


def test_remove_protection_from_the_file_menu(
    qtbot: QtBot, session: Session, encrypted_path: Path, typist: Typist, answers: Answers
) -> None:
    typist.entries += [SECRET]
    assert session.start(encrypted_path)
    assert session.window is not None
    answers.ask.append(True)  # "Store … without encryption?"
    session.window.protection_actions[1].trigger()
    assert not keys.is_encrypted(encrypted_path)
    assert session.idle_lock is None
    for info in list_backups(encrypted_path, check=True):
        assert info.ok and not keys.is_encrypted(info.path)


def test_the_idle_lock_saves_hides_and_asks_again(
    qtbot: QtBot, session: Session, encrypted_path: Path, typist: Typist
) -> None:
    typist.entries += [SECRET]
    assert session.start(encrypted_path)
    window, lock = session.window, session.idle_lock
    assert window is not None and lock is not None and session.context is not None
    assert lock.timer.isActive() and lock.timer.interval() == 15 * 60_000  # the default
    book = session.context.store.list_books()[0]
    window.open_book(book.id, "overview")
    window.pages["overview"].title.setText("Typed just before the lock")

    with qtbot.waitSignal(lock.locked_changed):
        lock.timer.timeout.emit()  # the idle time ran out

    assert lock.screen is not None and lock.screen.isVisible()
    assert lock.screen.geometry() == window.rect()
    assert window.windowTitle() == "BriefBook — locked"
    window.setWindowTitle("Tbilisi – Overview – BriefBook")  # a late save renames the window
    assert window.windowTitle() == "BriefBook — locked"
    assert not window.export_action.isEnabled() and not window.find_action.isEnabled()
    with Store.open(encrypted_path, read_only=True) as store:  # saved before hiding
        assert store.get_book(book.id).title == "Typed just before the lock"
    lock.screen.field.setText(WRONG)
    assert not lock.screen.try_unlock()
    assert "does not open this store" in lock.screen.message.text()
    assert lock.locked
    lock.screen.field.setText(SECRET)
    with qtbot.waitSignal(lock.locked_changed):
        assert lock.screen.try_unlock()
    assert not lock.locked
    assert window.windowTitle() == "Tbilisi – Overview – BriefBook"
    assert window.export_action.isEnabled()
    assert window.pages["overview"].title.text() == "Typed just before the lock"
    assert lock.timer.isActive()


def test_the_idle_time_is_a_preference(
    qtbot: QtBot, session: Session, encrypted_path: Path, typist: Typist, settings: QSettings
) -> None:
    from ui.dialogs.preferences import PreferencesDialog

    typist.entries += [SECRET]
    assert session.start(encrypted_path)
    dialog = PreferencesDialog(settings)
    qtbot.addWidget(dialog)
    assert dialog.idle_lock.value() == 15
    dialog.idle_lock.setValue(5)
    dialog.accept()
    assert session.idle_lock is not None
    session.idle_lock.restart()
    assert session.idle_lock.timer.interval() == 5 * 60_000
    dialog.idle_lock.setValue(0)
    dialog.accept()
    session.idle_lock.restart()
    assert not session.idle_lock.timer.isActive()


def test_a_sealed_bundle_is_shared_and_imported_with_its_passphrase(
    qtbot: QtBot,
    session: Session,
    store_path: Path,
    typist: Typist,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from app.protection import envelope
    from ui.window import file_actions

    assert session.start(store_path)
    window, context = session.window, session.context
    assert window is not None and context is not None
    book = context.store.list_books()[0]
    target = tmp_path / "shared.bbk"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    typist.seal_ticks.append(True)
    typist.entries += ["bundle passphrase"]
    assert file_actions.share_bundle(window, context, book.id) == target
    assert envelope.is_sealed(target)
    assert b"Tbilisi" not in target.read_bytes()

    envelope.forget_passphrases()
    errors: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _w, _t, text: errors.append(text))
    typist.entries += ["not the passphrase"]
    assert file_actions.import_bundle_file(window, context, target) is None
    assert "does not open this bundle" in typist.problems[-1]
    typist.entries += ["bundle passphrase"]
    assert file_actions.import_bundle_file(window, context, target) == book.id
    assert errors == []


def test_the_export_dialog_locks_the_pdf(
    qtbot: QtBot, session: Session, store_path: Path, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    from ui.dialogs.export_dialog import ExportDialog

    assert session.start(store_path)
    assert session.context is not None
    book = session.context.store.list_books()[0]
    dialog = ExportDialog(session.context, book.id)
    qtbot.addWidget(dialog)
    dialog.set_format("docx")
    assert not dialog.lock_fields.isEnabled()
    dialog.set_format("pdf")
    assert dialog.lock_fields.isEnabled()
    dialog.lock_fields.field.setText("handout pass")
    dialog.lock_fields.copying.setChecked(False)
    target = tmp_path / "out" / "locked.pdf"
    target.parent.mkdir()
    dialog.set_destination(target)
    with qtbot.waitSignal(dialog.export_finished, timeout=60_000):
        dialog.start_export()
    assert sorted(p.name for p in target.parent.iterdir()) == ["locked.pdf"]
    reader = PdfReader(target)
    assert reader.is_encrypted
    assert reader.decrypt("handout pass")
    assert backup_dir_for(store_path).is_dir()


def test_a_bundle_handed_to_the_window_goes_into_the_encrypted_store(
    qtbot: QtBot, session: Session, encrypted_path: Path, typist: Typist, tmp_path: Path
) -> None:
    """The bundle inbox's path (a .bbk opened while the app runs) writes through the key."""
    from app.bundle import export_bundle

    source = tmp_path / "colleague.sqlite"
    with Store.open(source) as store:
        book = store.save_book(Book(title="Yerevan water talks"))
        bundle = export_bundle(store, book.id, tmp_path / "yerevan.bbk")
    typist.entries += [SECRET]
    assert session.start(encrypted_path)
    assert session.open_bundle_in_front(bundle) == book.id
    keys.forget_all()
    keys.unlock(encrypted_path, SECRET)
    with Store.open(encrypted_path, read_only=True) as store:
        assert "Yerevan water talks" in [b.title for b in store.list_books()]
    assert b"Yerevan" not in encrypted_path.read_bytes()


def test_change_passphrase_from_the_file_menu(
    qtbot: QtBot, session: Session, encrypted_path: Path, typist: Typist
) -> None:
    typist.entries += [SECRET]
    assert session.start(encrypted_path)
    assert session.window is not None
    typist.entries += ["a brand new passphrase"]
    session.window.protection_actions[0].trigger()
    assert session.window is not None and session.context is not None
    assert [b.title for b in session.context.store.list_books()] == ["Tbilisi energy talks"]
    for file in [encrypted_path, *(i.path for i in list_backups(encrypted_path, check=False))]:
        assert keys.try_passphrase(file, SECRET) is None
        assert keys.try_passphrase(file, "a brand new passphrase") is not None
    assert "new passphrase only" in session.window.statusBar().currentMessage()
    assert [p.matches("a brand new passphrase") for p in keys.known_passphrases()] == [True]
