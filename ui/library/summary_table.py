"""A table model over small, frozen summary records (people or notes) with its own sorting.

Sorting lives here rather than in QSortFilterProxyModel: the proxy calls back into Python
``data()`` twice per comparison, which takes seconds for 10,000 rows, while one ``list.sort``
over precomputed keys takes milliseconds. ``LibraryFilterProxy.sort`` forwards to ``sort_rows``.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)

from app.textfold import alternate_spelling, fold
from ui.library.record_mime import ids_mime_data
from ui.widgets.model_headers import column_title

ID_ROLE = Qt.ItemDataRole.UserRole + 1
FOLD_SLICE = 1000  # rows folded per turn of the event loop (a few ms)
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex


class Summary(Protocol):
    @property
    def id(self) -> str: ...


RecordT = TypeVar("RecordT", bound=Summary)


def folded_for_filter(*texts: str) -> str:
    """Every spelling a filter may look for: the folded words plus their ə→a variants."""
    # Most fields are plain ASCII (English titles, romanized names): fold those whole.
    return " ".join(
        " ".join(text.casefold().split())
        if text.isascii()
        else " ".join(_fold_word(word) for word in text.split())
        for text in texts
        if text
    )


@functools.lru_cache(maxsize=100_000)
def _fold_word(word: str) -> str:
    # Cached per word: names, titles and countries repeat a lot across a large library, and
    # folding character by character is the slow part of a first filter over 10,000 rows.
    if word.isascii():
        return word.casefold()
    alternate = alternate_spelling(word)
    return fold(word) + (" " + alternate if alternate else "")


def sort_text(text: str) -> str:
    """A sort key that ignores case and accents, like the filter."""
    if text.isascii():
        return text.casefold()
    return " ".join(_fold_word_for_sort(word) for word in text.split())


@functools.lru_cache(maxsize=100_000)
def _fold_word_for_sort(word: str) -> str:
    return fold(word)


class SummaryTableModel(QAbstractTableModel, Generic[RecordT]):
    """Rows of summaries with an id index, a folded filter text per row and fast sorting.

    Subclasses define ``COLUMNS``, ``MIME_TYPE``, ``load()``, ``display()``, ``sort_key()``
    and ``filter_fields()``, and may extend ``data()`` for decorations and tooltips.
    """

    COLUMNS: tuple[str, ...] = ()
    MIME_TYPE = ""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[RecordT] = []
        self._filter_texts: list[str | None] = []
        self._row_by_id: dict[str, int] = {}
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._in_order = False  # rows are sorted by (_sort_column, _sort_order)
        # After a reload, the filter texts are folded a slice per turn of the event loop, so
        # the first letter typed in the filter does not fold 10,000 rows at once.
        self._fold_timer = QTimer(self)
        self._fold_timer.setInterval(0)
        self._fold_timer.timeout.connect(self._fold_a_slice)
        self._fold_from = 0

    # --- for subclasses -------------------------------------------------------------------

    def load(self) -> Sequence[RecordT]:
        raise NotImplementedError

    def display(self, item: RecordT, column: int) -> Any:
        raise NotImplementedError

    def sort_key(self, item: RecordT, column: int) -> Any:
        value = self.display(item, column)
        return sort_text(value) if isinstance(value, str) else value

    def filter_fields(self, item: RecordT) -> Sequence[str]:
        raise NotImplementedError

    # --- rows -----------------------------------------------------------------------------

    def reload(self) -> None:
        """Read every row again from the store, keeping the current sort."""
        self.beginResetModel()
        self._rows = list(self.load())
        self._filter_texts = [None] * len(self._rows)
        if self._sort_column >= 0:
            self._sort_in_place()
        self._reindex()
        self.endResetModel()
        self._fold_from = 0
        self._fold_timer.start()

    def replace_record(self, record: RecordT) -> None:
        """Show one record's new values without reloading the table."""
        row = self.row_of(record.id)
        if row < 0:
            return
        self._rows[row] = record
        self._filter_texts[row] = None
        if self._sort_column >= 0 and self._in_order:
            row = self._move_into_place(row)  # a renamed person goes where the name sorts
        else:
            self._in_order = False  # the next sort re-sorts
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))

    def _move_into_place(self, row: int) -> int:
        """Move one changed row to its place in the current sort; its new row."""
        column, descending = self._sort_column, self._sort_order == Qt.SortOrder.DescendingOrder
        key = self.sort_key(self._rows[row], column)
        others = [self.sort_key(item, column) for i, item in enumerate(self._rows) if i != row]
        target = next(
            (i for i, other in enumerate(others) if (other < key if descending else key < other)),
            len(others),
        )
        if target == row:
            return row
        # Qt counts the destination before the move: one further when moving down.
        destination = target + 1 if target > row else target
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), destination)
        self._rows.insert(target, self._rows.pop(row))
        self._filter_texts.insert(target, self._filter_texts.pop(row))
        self._reindex()
        self.endMoveRows()
        return target

    def update_from(self, record: Any) -> None:
        """Show a saved full record (a Person, a Note) without reloading the table."""
        raise NotImplementedError

    def record(self, row: int) -> RecordT:
        return self._rows[row]

    def record_id(self, row: int) -> str:
        return self._rows[row].id

    def row_of(self, record_id: str) -> int:
        return self._row_by_id.get(record_id, -1)

    def ids(self) -> list[str]:
        return [item.id for item in self._rows]

    def filter_text(self, row: int) -> str:
        cached = self._filter_texts[row]
        if cached is None:
            cached = folded_for_filter(*self.filter_fields(self._rows[row]))
            self._filter_texts[row] = cached
        return cached

    def _fold_a_slice(self) -> None:
        end = min(len(self._rows), self._fold_from + FOLD_SLICE)
        for row in range(self._fold_from, end):
            self.filter_text(row)
        self._fold_from = end
        if end >= len(self._rows):
            self._fold_timer.stop()

    def rows_matching(self, terms: list[list[str]]) -> list[bool]:
        """For each row, whether its folded text holds every term in one of its spellings.

        Whole columns at a time in list comprehensions: asked row by row (by the proxy, or
        with ``all``/``any`` per row) the same test costs several times more.
        """
        texts = [self.filter_text(row) for row in range(len(self._rows))]
        accepted = [True] * len(texts)
        for term in terms:
            if len(term) == 1:
                word = term[0]
                accepted = [ok and word in text for ok, text in zip(accepted, texts, strict=True)]
            else:
                accepted = [
                    ok and any(word in text for word in term)
                    for ok, text in zip(accepted, texts, strict=True)
                ]
        return accepted

    def _reindex(self) -> None:
        self._row_by_id = {item.id: row for row, item in enumerate(self._rows)}

    # --- sorting --------------------------------------------------------------------------

    def sort_rows(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.COLUMNS):
            return
        if self._in_order and (column, order) == (self._sort_column, self._sort_order):
            return  # the view asks twice per click (sortByColumn, then the header's signal)
        self._sort_column, self._sort_order = column, order
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        kept = [(self._rows[index.row()].id, index.column()) for index in persistent]
        self._sort_in_place()
        self._reindex()
        self.changePersistentIndexList(
            persistent, [self.index(self._row_by_id[rid], column) for rid, column in kept]
        )
        self.layoutChanged.emit()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sort_rows(column, order)

    def _sort_in_place(self) -> None:
        column = self._sort_column
        keys = [self.sort_key(item, column) for item in self._rows]
        order = sorted(
            range(len(self._rows)),
            key=keys.__getitem__,
            reverse=self._sort_order == Qt.SortOrder.DescendingOrder,
        )
        self._rows = [self._rows[i] for i in order]
        self._filter_texts = [self._filter_texts[i] for i in order]
        self._in_order = True

    # --- Qt model API ---------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return column_title(self.COLUMNS, section, orientation, role)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        item = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(item, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            # Narrow columns elide long titles; the tooltip shows them whole.
            text = self.display(item, index.column())
            return text if isinstance(text, str) and text else None
        if role == ID_ROLE:
            return item.id
        if role == SORT_ROLE:
            return self.sort_key(item, index.column())
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        )

    # Records dragged out of a library are attached where they are dropped (a book's page).
    def mimeTypes(self) -> list[str]:
        return [self.MIME_TYPE]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({index.row() for index in indexes if index.isValid()})
        return ids_mime_data(self.MIME_TYPE, (self._rows[row].id for row in rows))

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction
