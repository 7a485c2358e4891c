"""The filter proxy shared by the people and notes libraries.

Filtering folds case, accents and Azerbaijani/Turkish letters the same way search does, so
"asadov", "Asadov" and "Əsədov" all find Səməddin Əsədov. The source model supplies each row's
folded text (``filter_text(row)``) and sorts itself (see ``ui.library.summary_table``).
"""

from __future__ import annotations

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from app.textfold import query_terms
from ui.library.summary_table import SummaryTableModel


class LibraryFilterProxy(QSortFilterProxyModel):
    """Rows whose folded text contains every word of the query, in any of its spellings."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._terms: list[list[str]] = []
        # Per source row, for the current terms: worked out in one pass when first needed
        # and forgotten whenever the source's rows change or move.
        self._accepted: list[bool] | None = None
        self.sourceModelChanged.connect(self._watch_source)

    def _watch_source(self) -> None:
        source = self.sourceModel()
        self._forget()
        if source is None:
            return
        for signal in (
            source.modelAboutToBeReset,
            source.layoutAboutToBeChanged,
            source.rowsAboutToBeInserted,
            source.rowsAboutToBeRemoved,
            source.dataChanged,
        ):
            signal.connect(self._forget)

    def _forget(self, *_: object) -> None:
        self._accepted = None

    def set_query(self, text: str) -> None:
        terms = query_terms(text)
        if terms == self._terms:
            return
        # Qt 6.10 replaced invalidateFilter() (now deprecated: a warning) with this pair.
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            self._terms, self._accepted = terms, None
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._terms, self._accepted = terms, None
            self.invalidateFilter()

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        if not self._terms:
            return True
        accepted = self._accepted
        if accepted is None:
            source = self.sourceModel()
            if not isinstance(source, SummaryTableModel):
                return True
            accepted = self._accepted = source.rows_matching(self._terms)
        return source_row >= len(accepted) or accepted[source_row]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # The source sorts itself in milliseconds; this proxy keeps the source's order.
        source = self.sourceModel()
        if isinstance(source, SummaryTableModel):
            source.sort_rows(column, order)
        else:
            super().sort(column, order)
