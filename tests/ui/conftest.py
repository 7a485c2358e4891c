"""Fixtures for the main window, book form and section editor tests.

Everything a test touches lives in its ``tmp_path``: the store, the QSettings file, the log
folder. Modal questions go through ``ui.widgets.message_boxes``; the ``answers`` fixture replies to them.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QUndoStack
from workspace_support import Answers

from app.store import Store
from ui.context import AppContext, AppEvents
from ui.widgets import message_boxes


@pytest.fixture(autouse=True)
def _user_paths_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A QSettings() made without a path must not touch the real user's settings, nor
    spelling's unpacked dictionaries the real user's cache folder."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = tmp_path / "qsettings"
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    yield


@pytest.fixture(autouse=True)
def _no_unanswered_passphrase_dialog(monkeypatch: pytest.MonkeyPatch) -> None:
    """A passphrase dialog no test answers would wait forever: fail at once instead."""
    from ui.dialogs.passphrase_dialog import PassphraseDialog

    def unexpected(dialog: PassphraseDialog) -> int:
        raise AssertionError(f"unexpected passphrase dialog: {dialog.windowTitle()}")

    monkeypatch.setattr(PassphraseDialog, "exec", unexpected)


def make_app_context(tmp_path: Path, name: str = "store.sqlite") -> AppContext:
    store_path = tmp_path / name
    return AppContext(
        store=Store.open(store_path),
        store_path=store_path,
        settings=QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat),
        undo_stack=QUndoStack(),
        events=AppEvents(),
    )


@pytest.fixture
def context(tmp_path: Path) -> Iterator[AppContext]:
    """An empty store."""
    ctx = make_app_context(tmp_path)
    yield ctx
    ctx.undo_stack.clear()
    if ctx.spelling is not None:
        ctx.spelling.wait_for_workers()
    ctx.store.close()


@pytest.fixture
def sample_context(context: AppContext) -> AppContext:
    """A store holding the sample book (Baku)."""
    from app.sample import ensure_sample_book

    ensure_sample_book(context.store)
    return context


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    recorded = Answers()

    def ask(parent: object, title: str, text: str, *args: object, **kwargs: object) -> bool:
        recorded.asked.append(text)
        recorded.details.append(str(kwargs.get("informative", "")))
        assert recorded.ask, f"unexpected question: {text}"
        return recorded.ask.pop(0)

    def choose(
        parent: object, title: str, text: str, options: list[str], *a: object, **k: object
    ) -> int:
        recorded.asked.append(text)
        assert recorded.choose, f"unexpected choice: {text}"
        return recorded.choose.pop(0)

    def warn(parent: object, title: str, text: str, informative: str = "") -> None:
        recorded.warnings.append((title, text))

    def inform(parent: object, title: str, text: str, informative: str = "") -> None:
        recorded.infos.append((title, text))

    monkeypatch.setattr(message_boxes, "ask", ask)
    monkeypatch.setattr(message_boxes, "inform", inform)
    monkeypatch.setattr(message_boxes, "choose", choose)
    monkeypatch.setattr(message_boxes, "warn", warn)
    return recorded


@pytest.fixture
def window(
    qtbot: object, sample_context: AppContext, answers: Answers, tmp_path: Path
) -> Iterator[object]:
    """The main window on the sample book (closed before the store is)."""
    from ui.window.main_window import MainWindow

    main = MainWindow(sample_context, log_folder=tmp_path / "logs")
    qtbot.addWidget(main)  # type: ignore[attr-defined]
    main.show()
    yield main
    main.close()
