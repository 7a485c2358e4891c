"""The people library as a table: one row per person, loaded in one query.

Rows are small ``PersonSummary`` values (no bios, no photo bytes), so 10,000 people load,
sort and filter smoothly. Filter through ``LibraryFilterProxy``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import QObject, Qt

from app.domain import Person, PersonSummary
from app.store import Store
from ui.library.record_mime import PERSON_IDS_MIME
from ui.library.staleness import StaleBadge, verified_text
from ui.library.summary_table import ID_ROLE, SORT_ROLE, Index, SummaryTableModel

__all__ = ["ID_ROLE", "SORT_ROLE", "PeopleModel"]

COLUMNS = ("Name", "Native name", "Title", "Organization", "Country", "Verified", "Books")
NAME, NATIVE, TITLE, ORGANIZATION, COUNTRY, VERIFIED, BOOKS = range(len(COLUMNS))


class PeopleModel(SummaryTableModel[PersonSummary]):
    """People from the store's library; ``reload()`` after changes made elsewhere."""

    COLUMNS = COLUMNS
    MIME_TYPE = PERSON_IDS_MIME

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._badge = StaleBadge()

    def load(self) -> Sequence[PersonSummary]:
        self._badge.today = date.today()
        return self._store.list_people_summaries()

    def update_from(self, person: Person) -> None:
        """Show a saved person's new fields without reloading the whole library."""
        row = self.row_of(person.id)
        if row < 0:
            return
        self.replace_record(
            replace(
                self.record(row),
                name=person.name,
                native_name=person.native_name,
                title=person.title,
                organization=person.organization,
                country=person.country,
                last_verified=person.last_verified,
                has_photo=person.photo is not None,
            )
        )

    def display(self, item: PersonSummary, column: int) -> Any:
        if column == VERIFIED:
            return verified_text(item.last_verified)
        if column == BOOKS:
            return item.books_using
        return (item.name, item.native_name, item.title, item.organization, item.country)[column]

    def sort_key(self, item: PersonSummary, column: int) -> Any:
        if column == VERIFIED:  # never-verified first: they need attention most
            return item.last_verified.isoformat() if item.last_verified else ""
        return super().sort_key(item, column)

    def filter_fields(self, item: PersonSummary) -> Sequence[str]:
        return (item.name, item.native_name, item.title, item.organization, item.country)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= self.rowCount():
            return None
        column = index.column()
        if column == VERIFIED and role in (
            Qt.ItemDataRole.DecorationRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return self._badge.data(self.record(index.row()).last_verified, role)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == BOOKS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return super().data(index, role)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and section == BOOKS:
            return "How many books this person takes part in"
        return super().headerData(section, orientation, role)
