"""The table view for a book's ordered attachments: drag rows to reorder, drop records in."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from ui.book.ordered_model import OrderedRecordModel


def ordered_table_view(
    model: OrderedRecordModel,
    widths: Sequence[int],
    stretch: Sequence[int] = (),
    parent: QWidget | None = None,
) -> QTableView:
    """A single-selection table that reorders by drag and accepts drops from a library.

    ``widths`` are the starting widths of the first columns; ``stretch`` columns share the
    rest, so the table fits its pane without a horizontal scroll bar.
    """
    table = QTableView(parent)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setDragEnabled(True)
    table.setAcceptDrops(True)
    table.setDropIndicatorShown(True)
    # Not InternalMove: that mode refuses drops coming from the libraries.
    table.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
    table.setDragDropOverwriteMode(False)
    table.setDefaultDropAction(Qt.DropAction.MoveAction)
    table.setWordWrap(False)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(not stretch)
    for column, width in enumerate(widths):
        header.resizeSection(column, width)
    for column in stretch:
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    return table
