"""The sidebar: the books, the parts of the open book, and the libraries."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import (
    QAbstractItemModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QAbstractItemView, QTreeView, QVBoxLayout, QWidget

from app.domain import Book
from app.store import Store
from ui.library.record_mime import NOTE_IDS_MIME, PERSON_IDS_MIME, ids_from_mime
from ui.widgets.icons import icon
from ui.window.page_registry import BOOK_PAGE_KEYS, LIBRARY_PAGE_KEYS, PAGE_TITLES

KIND_ROLE = Qt.ItemDataRole.UserRole + 1
KEY_ROLE = Qt.ItemDataRole.UserRole + 2
BOOK_ID_ROLE = Qt.ItemDataRole.UserRole + 3

PAGE_ICONS = {
    "overview": "overview",
    "schedule": "schedule",
    "sections": "sections",
    "participants": "participants",
    "notes": "notes",
    "people_library": "people",
    "notes_library": "notes",
}

_Index = QModelIndex | QPersistentModelIndex

# Combined once: the view asks every row's flags on each layout, and combining enum members
# runs Python code each time.
_HEADING_FLAGS = Qt.ItemFlag.ItemIsEnabled
_PICKABLE_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_LEAF_FLAGS = _PICKABLE_FLAGS | Qt.ItemFlag.ItemNeverHasChildren
_BOOK_TARGET_FLAGS = _PICKABLE_FLAGS | Qt.ItemFlag.ItemIsDropEnabled
_LEAF_TARGET_FLAGS = _LEAF_FLAGS | Qt.ItemFlag.ItemIsDropEnabled


@dataclass(eq=False)
class _Node:
    kind: str  # "root" | "group" | "book" | "page" | "empty"
    title: str
    key: str = ""
    book_id: str = ""
    tooltip: str = ""
    parent: _Node | None = None
    children: list[_Node] = field(default_factory=list)
    index_in_parent: int = 0
    book: Book | None = None  # for the tooltip, made only when asked for

    def add(self, child: _Node) -> _Node:
        child.parent = self
        child.index_in_parent = len(self.children)
        self.children.append(child)
        return child

    def row(self) -> int:
        return self.index_in_parent


def _book_tooltip(book: Book) -> str:
    parts = [book.title]
    if book.destination:
        parts.append(book.destination)
    if book.start_date:
        end = f" – {book.end_date:%d %b %Y}" if book.end_date else ""
        parts.append(f"{book.start_date:%d %b %Y}{end}")
    return "\n".join(parts)


class NavigatorModel(QAbstractItemModel):
    """Books (the open one unfolds into its pages) and the Library group.

    People and notes dragged from the libraries can be dropped on a book (or on its
    Participants / Notes page): the model only says where they landed (``ids_dropped``); the
    window attaches them, undoably.
    """

    ids_dropped = Signal(str, str, list)  # book id, "participants" | "notes", record ids

    def __init__(self, store: Store, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.store = store
        self.open_book_id: str | None = None
        self._icons: dict[str, QIcon] = {}
        self._fonts: dict[str, QFont] = {}
        self.root = _Node("root", "")
        self._build()

    def _icon(self, name: str) -> QIcon:
        if name not in self._icons:
            self._icons[name] = icon(name)
        return self._icons[name]

    def _font(self, kind: str) -> QFont:
        """One font per kind of row, made once: the view asks for it row by row, often."""
        font = self._fonts.get(kind)
        if font is None:
            font = QFont()
            if kind == "group":
                font.setPointSizeF(font.pointSizeF() * 0.85)
                font.setWeight(QFont.Weight.DemiBold)
                font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 108)
            elif kind == "open":
                font.setWeight(QFont.Weight.DemiBold)
            elif kind == "empty":
                font.setItalic(True)
            self._fonts[kind] = font
        return font

    def _build(self, listed: list[Book] | None = None) -> None:
        self.root = _Node("root", "")
        books = self.root.add(_Node("group", "Books", key="books"))
        listed = self.store.list_books() if listed is None else listed
        for book in listed:
            node = books.add(_Node("book", book.title, book_id=book.id, book=book))
            if book.id == self.open_book_id:
                for key in BOOK_PAGE_KEYS:
                    node.add(_Node("page", PAGE_TITLES[key], key=key, book_id=book.id))
        if not listed:
            books.add(_Node("empty", "No books yet", tooltip="File ▸ New book… creates one."))
        library = self.root.add(_Node("group", "Library", key="library"))
        for key in LIBRARY_PAGE_KEYS:
            library.add(_Node("page", PAGE_TITLES[key], key=key))

    def reload(self, open_book_id: str | None = None) -> None:
        listed = self.store.list_books()
        if self._same_books(listed):
            # Only the open book changed (the usual case): move its pages across instead of
            # resetting, which would make the view measure every row again (200 books).
            self._switch_open_book(open_book_id)
            return
        self.beginResetModel()
        self.open_book_id = open_book_id
        self._build(listed)
        self.endResetModel()

    def _book_nodes(self) -> list[_Node]:
        return [node for node in self.root.children[0].children if node.kind == "book"]

    def _same_books(self, listed: list[Book]) -> bool:
        nodes = self._book_nodes()
        return len(nodes) == len(listed) and all(
            node.book == book for node, book in zip(nodes, listed, strict=True)
        )

    def _switch_open_book(self, open_book_id: str | None) -> None:
        if open_book_id == self.open_book_id:
            return
        nodes = {node.book_id: node for node in self._book_nodes()}
        old = nodes.get(self.open_book_id or "")
        if old is not None and old.children:
            old_index = self.createIndex(old.row(), 0, old)
            self.beginRemoveRows(old_index, 0, len(old.children) - 1)
            old.children = []
            self.endRemoveRows()
            self.dataChanged.emit(old_index, old_index, [Qt.ItemDataRole.FontRole])
        self.open_book_id = open_book_id
        new = nodes.get(open_book_id or "")
        if new is not None:
            new_index = self.createIndex(new.row(), 0, new)
            self.beginInsertRows(new_index, 0, len(BOOK_PAGE_KEYS) - 1)
            for key in BOOK_PAGE_KEYS:
                new.add(_Node("page", PAGE_TITLES[key], key=key, book_id=new.book_id))
            self.endInsertRows()
            self.dataChanged.emit(new_index, new_index, [Qt.ItemDataRole.FontRole])

    def find(self, book_id: str | None, key: str) -> QModelIndex:
        """The index of a page (``key``) or, with key "book", of a book."""
        for group in self.root.children:
            for node in group.children:
                if key == "book" and node.kind == "book" and node.book_id == book_id:
                    return self.createIndex(node.row(), 0, node)
                if node.kind == "page" and node.key == key:
                    return self.createIndex(node.row(), 0, node)
                for child in node.children:
                    if child.key == key and child.book_id == book_id:
                        return self.createIndex(child.row(), 0, child)
        return QModelIndex()

    # --- model -----------------------------------------------------------------------------

    def _node(self, index: _Index) -> _Node:
        if index.isValid():
            node = index.internalPointer()
            assert isinstance(node, _Node)
            return node
        return self.root

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column != 0 or row < 0:
            return QModelIndex()
        node = self._node(parent)
        if row >= len(node.children):
            return QModelIndex()
        return self.createIndex(row, column, node.children[row])

    def parent(self, index: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        parent = self._node(index).parent
        if parent is None or parent is self.root:
            return QModelIndex()
        return self.createIndex(parent.row(), 0, parent)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._node(parent).children)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 1

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        node = self._node(index)
        if role == Qt.ItemDataRole.DisplayRole:
            return node.title.upper() if node.kind == "group" else node.title
        if role == Qt.ItemDataRole.DecorationRole:
            if node.kind == "book":
                return self._icon("book")
            if node.kind == "page":
                return self._icon(PAGE_ICONS[node.key])
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if node.book is not None:
                return _book_tooltip(node.book)
            return node.tooltip or None
        if role == Qt.ItemDataRole.FontRole:
            if node.kind == "book":
                return self._font("open") if node.book_id == self.open_book_id else None
            return self._font(node.kind) if node.kind in ("group", "empty") else None
        if role == Qt.ItemDataRole.SizeHintRole and node.kind == "group":
            return QSize(0, 30)
        if role == KIND_ROLE:
            return node.kind
        if role == KEY_ROLE:
            return node.key
        if role == BOOK_ID_ROLE:
            return node.book_id
        return None

    # --- drops from the libraries ----------------------------------------------------------

    def mimeTypes(self) -> list[str]:
        return [PERSON_IDS_MIME, NOTE_IDS_MIME]

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction

    def drop_target(self, payload: QMimeData | None, parent: _Index) -> tuple[str, str, list[str]]:
        """(book id, page key, ids) for a drop of ``payload`` on ``parent``; ids empty: refused."""
        if not parent.isValid():
            return "", "", []
        node = self._node(parent)
        if node.kind not in ("book", "page") or not node.book_id:
            return "", "", []
        for key, mime in (("participants", PERSON_IDS_MIME), ("notes", NOTE_IDS_MIME)):
            if node.kind == "page" and node.key != key:
                continue
            ids = ids_from_mime(payload, mime)
            if ids:
                return node.book_id, key, ids
        return "", "", []

    def canDropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: _Index,
    ) -> bool:
        # Only onto an item (row -1), never between items: the tree's order is not the user's.
        return row == -1 and bool(self.drop_target(data, parent)[2])

    def dropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: _Index,
    ) -> bool:
        book_id, key, ids = self.drop_target(data, parent) if row == -1 else ("", "", [])
        if not ids:
            return False
        self.ids_dropped.emit(book_id, key, ids)
        return True

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        node = self._node(index)
        if node.kind in ("group", "empty"):
            return _HEADING_FLAGS
        if node.kind == "book" or (node.key in ("participants", "notes") and node.book_id):
            return _BOOK_TARGET_FLAGS if node.children else _LEAF_TARGET_FLAGS
        return _PICKABLE_FLAGS if node.children else _LEAF_FLAGS


class Navigator(QWidget):
    """Tree of books and pages. Emits what the user picked; the window decides what opens."""

    book_selected = Signal(str)  # book id
    page_selected = Signal(str)  # navigator key
    context_menu_requested = Signal(str, QPoint)  # book id, global position

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = NavigatorModel(store, self)
        self.tree = QTreeView(self)
        self.tree.setObjectName("navigator")
        self.tree.setAccessibleName("Books and libraries")
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(False)
        self.tree.setIndentation(16)
        # One row height for all: with 200 books, measuring each row (a call into Python per
        # row) made every book switch lay the whole list out again.
        self.tree.setUniformRowHeights(True)
        self.tree.setIconSize(QSize(18, 18))
        self.tree.setItemsExpandable(False)
        self.tree.setExpandsOnDoubleClick(False)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.tree.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.tree.setDropIndicatorShown(True)
        self.tree.selectionModel().currentChanged.connect(self._on_current_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree)
        self._quiet = False
        self._expand()

    def reload(self, open_book_id: str | None, key: str | None) -> None:
        self._quiet = True
        try:
            self.model.reload(open_book_id)
            self._expand()
        finally:
            self._quiet = False
        self.select(open_book_id, key)

    def _expand(self) -> None:
        """Open the groups and the open book: expandAll would visit every book (Python calls
        per row, ~25 ms with 200 books) only to find them empty."""
        root = QModelIndex()
        for row in range(self.model.rowCount(root)):
            group = self.model.index(row, 0, root)
            self.tree.expand(group)
            book_id = self.model.open_book_id
            if book_id is not None:
                book = self.model.find(book_id, "book")
                if book.isValid() and book.parent() == group:
                    self.tree.expand(book)

    def select(self, book_id: str | None, key: str | None) -> None:
        """Highlight a page without emitting anything."""
        index = self.model.find(book_id, key) if key else QModelIndex()
        self._quiet = True
        try:
            if index.isValid():
                self.tree.setCurrentIndex(index)
                self.tree.scrollTo(index)
            else:
                self.tree.selectionModel().clearCurrentIndex()
                self.tree.clearSelection()
        finally:
            self._quiet = False

    def _on_current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if self._quiet or not current.isValid():
            return
        kind = current.data(KIND_ROLE)
        if kind == "book":
            self.book_selected.emit(current.data(BOOK_ID_ROLE))
        elif kind == "page":
            self.page_selected.emit(current.data(KEY_ROLE))

    def _context_menu(self, position: QPoint) -> None:
        index = self.tree.indexAt(position)
        book_id = index.data(BOOK_ID_ROLE) if index.isValid() else ""
        if book_id:
            self.context_menu_requested.emit(book_id, self.tree.viewport().mapToGlobal(position))
