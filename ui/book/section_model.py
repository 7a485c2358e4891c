"""The list of a book's sections as a Qt model, with drag-and-drop reordering.

The model only shows what the store holds. Renames, handout toggles and moves are asked for
through signals; the sections page turns them into undoable commands, which write the store,
which makes the model reload. So every change goes through one path, whatever started it.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from app.domain import Section
from app.store import Store
from app.templates import is_talking_points

SECTION_IDS_MIME = "application/x-briefbook-section-ids"
SECTION_ID_ROLE = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex


class SectionListModel(QAbstractListModel):
    """Rows: the sections of one book, in book order. Checkbox: included in the handout."""

    rename_requested = Signal(str, str)  # section id, new title
    handout_requested = Signal(str, bool)  # section id, included
    reorder_requested = Signal(list)  # section ids in the new order

    def __init__(self, store: Store, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.store = store
        self.book_id: str | None = None
        self.sections: list[Section] = []

    # --- loading ---------------------------------------------------------------------------

    def set_book(self, book_id: str | None) -> None:
        self.beginResetModel()
        self.book_id = book_id
        self.sections = self.store.list_sections(book_id) if book_id else []
        self.endResetModel()

    def reload(self) -> None:
        """Re-read from the store, keeping selections when the same sections are only
        reordered or edited."""
        fresh = self.store.list_sections(self.book_id) if self.book_id else []
        if {s.id for s in fresh} != {s.id for s in self.sections}:
            self.beginResetModel()
            self.sections = fresh
            self.endResetModel()
            return
        if [s.id for s in fresh] != [s.id for s in self.sections]:
            self.layoutAboutToBeChanged.emit()
            old_ids = self.ids()
            new_rows = {s.id: row for row, s in enumerate(fresh)}
            persistent = self.persistentIndexList()
            self.sections = fresh
            self.changePersistentIndexList(
                persistent,
                [self.index(new_rows[old_ids[index.row()]], 0) for index in persistent],
            )
            self.layoutChanged.emit()
            return
        self.sections = fresh
        if fresh:
            self.dataChanged.emit(self.index(0, 0), self.index(len(fresh) - 1, 0))

    def row_of(self, section_id: str) -> int:
        for row, section in enumerate(self.sections):
            if section.id == section_id:
                return row
        return -1

    def section_at(self, row: int) -> Section | None:
        return self.sections[row] if 0 <= row < len(self.sections) else None

    def ids(self) -> list[str]:
        return [section.id for section in self.sections]

    # --- model -----------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.sections)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.sections):
            return None
        section = self.sections[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return section.title
        if role == Qt.ItemDataRole.CheckStateRole:
            # The tick says what the handout does: talking points are never in it.
            in_handout = section.handout and not is_talking_points(section)
            return Qt.CheckState.Checked if in_handout else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            if is_talking_points(section):
                return (
                    f"{section.title} — never in the handout: talking points are for our side only"
                )
            where = "in the handout" if section.handout else "left out of the handout"
            return f"{section.title} — {where} (tick to change)"
        if role == SECTION_ID_ROLE:
            return section.id
        return None

    def setData(self, index: _Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or not 0 <= index.row() < len(self.sections):
            return False
        section = self.sections[index.row()]
        if role == Qt.ItemDataRole.EditRole:
            title = str(value).strip()
            if not title or title == section.title:
                return False
            self.rename_requested.emit(section.id, title)
            return True
        if role == Qt.ItemDataRole.CheckStateRole:
            if is_talking_points(section):
                return False  # never in the handout (see the tooltip)
            checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2)
            if checked == section.handout:
                return False
            self.handout_requested.emit(section.id, checked)
            return True
        return False

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        flags = (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsEditable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemNeverHasChildren
        )
        if 0 <= index.row() < len(self.sections) and is_talking_points(self.sections[index.row()]):
            return flags  # no tick to change: see the tooltip
        return flags | Qt.ItemFlag.ItemIsUserCheckable

    # --- drag and drop ---------------------------------------------------------------------

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [SECTION_IDS_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({index.row() for index in indexes if index.isValid()})
        ids = "\n".join(self.sections[row].id for row in rows)
        data = QMimeData()
        data.setData(SECTION_IDS_MIME, QByteArray(ids.encode("utf-8")))
        return data

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: _Index
    ) -> bool:
        return (
            data.hasFormat(SECTION_IDS_MIME)
            and action == Qt.DropAction.MoveAction
            and not parent.isValid()
        )

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: _Index
    ) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        moved = [
            i for i in bytes(data.data(SECTION_IDS_MIME).data()).decode("utf-8").split("\n") if i
        ]
        order = self.ids()
        if not moved or not set(moved) <= set(order):
            return False
        target = len(order) if row < 0 else row
        # Rows above the drop point that move away shift the insertion point up.
        target -= sum(1 for i in moved if order.index(i) < target)
        remaining = [i for i in order if i not in moved]
        new_order = remaining[:target] + moved + remaining[target:]
        if new_order != order:
            self.reorder_requested.emit(new_order)
        # The store change reloads this model; the view must not remove the dragged rows.
        return False


class SectionDelegate(QStyledItemDelegate):
    """Draws the handout tick of a section that can never be in the handout (talking points)
    greyed out, so the box says what the tooltip explains."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        checkable = bool(index.flags() & Qt.ItemFlag.ItemIsUserCheckable)
        if checkable:
            super().paint(painter, option, index)
            return
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        widget = item.widget
        style = widget.style() if widget is not None else QApplication.style()
        check = style.subElementRect(QStyle.SubElement.SE_ItemViewItemCheckIndicator, item, widget)
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, item, painter, widget)
        selected = bool(item.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.Highlight if selected else QPalette.ColorRole.Base
        painter.fillRect(check, item.palette.brush(role))
        box = QStyleOptionViewItem(item)
        box.rect = check
        box.state = (box.state & ~QStyle.StateFlag.State_Enabled) | QStyle.StateFlag.State_Off
        box.palette.setCurrentColorGroup(QPalette.ColorGroup.Disabled)
        box.palette.setBrush(QPalette.ColorRole.Base, item.palette.brush(QPalette.ColorRole.Window))
        style.drawPrimitive(
            QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck, box, painter, widget
        )
