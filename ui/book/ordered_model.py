"""A book's ordered list of attached records (participants or notes) as a drag-and-drop model.

Drops carry record ids (``ui.library.record_mime``): ids already in the list are moved, others are
attached, both at the drop row. The model itself never writes: it emits ``ids_dropped`` and
the page makes the (undoable) change and reloads, so every path goes through the same code.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from ui.library.record_mime import ids_from_mime, ids_mime_data
from ui.widgets.model_headers import column_title

ID_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex
RowT = TypeVar("RowT")


class OrderedRecordModel(QAbstractTableModel, Generic[RowT]):
    """Rows in book order. Subclasses set ``COLUMNS``, ``MIME_TYPE`` and define
    ``row_id()`` and ``display()``."""

    COLUMNS: tuple[str, ...] = ()
    MIME_TYPE = ""

    # Ids dropped on the list and the row they were dropped before.
    ids_dropped = Signal(list, int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[RowT] = []

    # --- for subclasses -------------------------------------------------------------------

    def row_id(self, item: RowT) -> str:
        raise NotImplementedError

    def display(self, item: RowT, column: int) -> Any:
        raise NotImplementedError

    # --- rows -----------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[RowT]) -> None:
        """Show ``rows``; when only their order or values changed, keep the selection."""
        rows = list(rows)
        new_ids = [self.row_id(item) for item in rows]
        if sorted(new_ids) != sorted(self.ids()):
            self.beginResetModel()
            self._rows = rows
            self.endResetModel()
            return
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        kept = [(self.row_id(self._rows[index.row()]), index.column()) for index in persistent]
        self._rows = rows
        position = {record_id: row for row, record_id in enumerate(new_ids)}
        self.changePersistentIndexList(
            persistent, [self.index(position[rid], column) for rid, column in kept]
        )
        self.layoutChanged.emit()
        if rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(rows) - 1, len(self.COLUMNS) - 1)
            )

    def clear(self) -> None:
        self.set_rows([])

    def item(self, row: int) -> RowT:
        return self._rows[row]

    def ids(self) -> list[str]:
        return [self.row_id(item) for item in self._rows]

    def row_of(self, record_id: str) -> int:
        for row, item in enumerate(self._rows):
            if self.row_id(item) == record_id:
                return row
        return -1

    # --- Qt model API ---------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Vertical:
            return section + 1 if 0 <= section < len(self._rows) else None
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
            return self.row_id(item)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            # Drops land between rows (on the list itself), never "on" a row.
            return Qt.ItemFlag.ItemIsDropEnabled
        return (
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        )

    def mimeTypes(self) -> list[str]:
        return [self.MIME_TYPE]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({index.row() for index in indexes if index.isValid()})
        return ids_mime_data(self.MIME_TYPE, (self.row_id(self._rows[row]) for row in rows))

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDropActions(self) -> Qt.DropAction:
        # Move within the list, copy (attach) from a library.
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        return bool(ids_from_mime(data, self.MIME_TYPE))

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        if action == Qt.DropAction.IgnoreAction:
            return True
        ids = ids_from_mime(data, self.MIME_TYPE)
        if not ids:
            return False
        if row < 0:
            row = parent.row() if parent.isValid() else len(self._rows)
        self.ids_dropped.emit(ids, row)
        # The page has applied the change; the view must not also remove the dragged rows.
        return True
