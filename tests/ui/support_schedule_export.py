"""Helpers for the schedule, search, export, file-action and worker tests.

Kept in a plain module (not a conftest) so these tests do not depend on fixtures owned by the
main window's tests. Everything a test touches lives in its ``tmp_path``.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QUndoStack

from app.store import Store
from ui.context import AppContext, AppEvents


@dataclass
class Workspace:
    """A temp store with its app context; close() releases the store."""

    context: AppContext
    tmp_path: Path

    @property
    def store(self) -> Store:
        return self.context.store

    def close(self) -> None:
        self.context.store.close()


def make_workspace(tmp_path: Path, *, sample: bool = True) -> Workspace:
    """A store in ``tmp_path`` (holding the sample book unless ``sample`` is false)."""
    store_path = tmp_path / "store.sqlite"
    store = Store.open(store_path)
    if sample:
        from app.sample import ensure_sample_book

        ensure_sample_book(store)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    context = AppContext(
        store=store,
        store_path=store_path,
        settings=settings,
        undo_stack=QUndoStack(),
        events=AppEvents(),
    )
    return Workspace(context, tmp_path)
