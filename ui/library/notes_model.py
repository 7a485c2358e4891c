"""Sector notes as tables: the whole library, and the notes attached to one book in order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import QObject, Qt

from app.domain import Note, NoteSummary
from app.store import Store
from ui.book.ordered_model import OrderedRecordModel
from ui.library.record_mime import NOTE_IDS_MIME
from ui.library.staleness import StaleBadge, verified_text
from ui.library.summary_table import ID_ROLE, SORT_ROLE, Index, SummaryTableModel

__all__ = ["ID_ROLE", "SORT_ROLE", "BookNotesModel", "NotesModel"]

COLUMNS = ("Title", "Sector", "Country", "Verified", "Internal", "Books")
TITLE, SECTOR, COUNTRY, VERIFIED, INTERNAL, BOOKS = range(len(COLUMNS))
INTERNAL_TEXT = "Internal"
INTERNAL_TIP = "Internal: kept out of handouts"


class NotesModel(SummaryTableModel[NoteSummary]):
    """Every note in the library; ``reload()`` after changes made elsewhere."""

    COLUMNS = COLUMNS
    MIME_TYPE = NOTE_IDS_MIME

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._badge = StaleBadge()

    def load(self) -> Sequence[NoteSummary]:
        self._badge.today = date.today()
        return self._store.list_note_summaries()

    def update_from(self, note: Note) -> None:
        row = self.row_of(note.id)
        if row < 0:
            return
        self.replace_record(
            replace(
                self.record(row),
                title=note.title,
                sector=note.sector,
                country=note.country,
                last_verified=note.last_verified,
                internal=note.internal,
            )
        )

    def display(self, item: NoteSummary, column: int) -> Any:
        if column == VERIFIED:
            return verified_text(item.last_verified)
        if column == INTERNAL:
            return INTERNAL_TEXT if item.internal else ""
        if column == BOOKS:
            return item.books_using
        return (item.title, item.sector, item.country)[column]

    def sort_key(self, item: NoteSummary, column: int) -> Any:
        if column == VERIFIED:
            return item.last_verified.isoformat() if item.last_verified else ""
        if column == INTERNAL:
            return int(item.internal)
        return super().sort_key(item, column)

    def filter_fields(self, item: NoteSummary) -> Sequence[str]:
        return (item.title, item.sector, item.country)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= self.rowCount():
            return None
        column = index.column()
        item = self.record(index.row())
        if column == VERIFIED and role in (
            Qt.ItemDataRole.DecorationRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return self._badge.data(item.last_verified, role)
        if column == INTERNAL and role == Qt.ItemDataRole.ToolTipRole and item.internal:
            return INTERNAL_TIP
        if role == Qt.ItemDataRole.TextAlignmentRole and column == BOOKS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return super().data(index, role)


class BookNotesModel(OrderedRecordModel[Note]):
    """The notes attached to the open book, in book order; ``load(book_id)`` reads them."""

    COLUMNS = COLUMNS[: INTERNAL + 1]
    MIME_TYPE = NOTE_IDS_MIME

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._badge = StaleBadge()
        self.book_id: str | None = None

    def load(self, book_id: str | None) -> None:
        if book_id != self.book_id:
            self.clear()
        self.book_id = book_id
        self._badge.today = date.today()
        self.set_rows(self._store.list_book_notes(book_id) if book_id else [])

    def row_id(self, item: Note) -> str:
        return item.id

    def display(self, item: Note, column: int) -> Any:
        if column == VERIFIED:
            return verified_text(item.last_verified)
        if column == INTERNAL:
            return INTERNAL_TEXT if item.internal else ""
        return (item.title, item.sector, item.country)[column]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= self.rowCount():
            return None
        column = index.column()
        item = self.item(index.row())
        if column == VERIFIED and role in (
            Qt.ItemDataRole.DecorationRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return self._badge.data(item.last_verified, role)
        if column == INTERNAL and role == Qt.ItemDataRole.ToolTipRole and item.internal:
            return INTERNAL_TIP
        return super().data(index, role)
