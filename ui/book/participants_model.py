"""A book's participants in order: who, in what role, with what title."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt

from app.domain import ParticipantEntry
from app.store import Store
from ui.book.ordered_model import ID_ROLE, Index, OrderedRecordModel
from ui.library.record_mime import PERSON_IDS_MIME

__all__ = ["ID_ROLE", "ParticipantsModel"]

COLUMNS = ("Name", "Role", "Title", "Organization")
NAME, ROLE, TITLE, ORGANIZATION = range(len(COLUMNS))


class ParticipantsModel(OrderedRecordModel[ParticipantEntry]):
    """The open book's participants; ``load(book_id)`` reads them again."""

    COLUMNS = COLUMNS
    MIME_TYPE = PERSON_IDS_MIME

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.book_id: str | None = None

    def load(self, book_id: str | None) -> None:
        if book_id != self.book_id:
            self.clear()
        self.book_id = book_id
        self.set_rows(self._store.list_participant_entries(book_id) if book_id else [])

    def row_id(self, item: ParticipantEntry) -> str:
        return item.person.id

    def display(self, item: ParticipantEntry, column: int) -> Any:
        person = item.person
        if column == NAME:
            return f"{person.honorific} {person.name}".strip()
        if column == ROLE:
            return item.participant.role
        if column == TITLE:
            return person.title
        return person.organization

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            role == Qt.ItemDataRole.ToolTipRole
            and index.isValid()
            and index.column() == NAME
            and index.row() < self.rowCount()
        ):
            person = self.item(index.row()).person
            return "\n".join(part for part in (person.name, person.native_name) if part)
        return super().data(index, role)
