"""The search panel (Ctrl+K / Find): one field, results as you type, Enter opens the hit.

Queries run on a worker thread with their own read-only store connection, so typing never
waits for SQLite. Each query carries a generation number; results of an older query that
arrive late are dropped.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import cache
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QIcon,
    QKeyEvent,
    QPainter,
    QPalette,
    QShowEvent,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from app.domain import SearchHit
from app.errors import NotFound
from app.store import Store
from ui.context import AppContext
from ui.session.workers import Worker
from ui.widgets.icons import icon

DEBOUNCE_MS = 150
RESULT_LIMIT = 50
HIT_ROLE = Qt.ItemDataRole.UserRole + 1

KIND_LABELS = {
    "book": "Book",
    "section": "Section",
    "person": "Person",
    "note": "Sector note",
    "meeting": "Meeting",
}
ModelIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


_KIND_ICON_NAMES = {
    "book": "book",
    "section": "sections",
    "person": "people",
    "note": "notes",
    "meeting": "schedule",
}


@cache
def kind_icon(kind: str) -> QIcon:
    """The navigator's icon for a kind of record, so a hit looks like the page it opens."""
    return icon(_KIND_ICON_NAMES.get(kind, "search"))


def highlighted_html(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` as HTML with the ``spans`` in bold; everything else escaped."""
    out: list[str] = []
    position = 0
    for span_start, end in sorted(spans):
        start = max(span_start, position)
        if end <= start:
            continue
        out.append(html.escape(text[position:start]))
        out.append(f"<b>{html.escape(text[start:end])}</b>")
        position = end
    out.append(html.escape(text[position:]))
    return "".join(out)


@dataclass
class ResultRow:
    """A hit with the line that places it (its kind, and its book for book-bound records)."""

    hit: SearchHit
    where: str


@dataclass
class SearchResults:
    generation: int
    query: str
    rows: list[ResultRow]


def run_query(store: Store, query: str, limit: int = RESULT_LIMIT) -> list[ResultRow]:
    """Search ``store`` and describe where each hit lives (for the second line of a result)."""
    hits = store.search(query, limit=limit)
    titles: dict[str, str] = {}
    rows = []
    for hit in hits:
        where = KIND_LABELS.get(hit.kind, hit.kind.title())
        if hit.book_id and hit.kind != "book":
            if hit.book_id not in titles:
                try:
                    titles[hit.book_id] = store.get_book(hit.book_id).title
                except NotFound:
                    titles[hit.book_id] = ""
            if titles[hit.book_id]:
                where += f" in {titles[hit.book_id]}"
        rows.append(ResultRow(hit, where))
    return rows


class SearchResultsModel(QAbstractListModel):
    """The hits of the latest query, best first."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ResultRow] = []

    def set_rows(self, rows: list[ResultRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def hit_at(self, row: int) -> SearchHit | None:
        return self._rows[row].hit if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: ModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        hit = row.hit
        if role == Qt.ItemDataRole.DisplayRole:
            return hit.title
        if role == Qt.ItemDataRole.DecorationRole:
            return kind_icon(hit.kind)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.where}\n{hit.snippet}" if hit.snippet else row.where
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{row.where}: {hit.title}. {hit.snippet}"
        if role == HIT_ROLE:
            return row
        return None


class HitDelegate(QStyledItemDelegate):
    """Draws a hit as its icon, its title with where it lives, and the snippet with matches
    in bold."""

    PADDING = 8
    ICON = 24

    def _document(self, row: ResultRow, option: QStyleOptionViewItem, width: int) -> QTextDocument:
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        text_color = palette.color(group).name()
        muted = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.PlaceholderText
        ).name()
        hit = row.hit
        snippet = highlighted_html(hit.snippet, hit.highlights)
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setDocumentMargin(0)
        document.setHtml(
            f'<div style="color:{text_color}"><span style="font-weight:600">'
            f"{html.escape(hit.title)}</span>"
            f'&nbsp;&nbsp;<span style="color:{muted}">{html.escape(row.where)}</span></div>'
            + (f'<div style="color:{text_color}">{snippet}</div>' if snippet else "")
        )
        document.setTextWidth(width)
        return document

    def _text_width(self, option: QStyleOptionViewItem) -> int:
        widget = option.widget
        if isinstance(widget, QAbstractItemView):
            total = widget.viewport().width()
        else:
            total = option.rect.width() or 500
        return max(120, total - self.ICON - 4 * self.PADDING)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        row = index.data(HIT_ROLE)
        if row is None:
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        widget = option.widget
        style = widget.style() if widget else QApplication.style()
        text_free = QStyleOptionViewItem(option)
        text_free.text = ""
        text_free.icon = QIcon()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, text_free, painter, widget)
        rect = option.rect
        icon_rect = QRect(
            rect.left() + self.PADDING, rect.top() + self.PADDING, self.ICON, self.ICON
        )
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        mode = QIcon.Mode.Selected if selected else QIcon.Mode.Normal
        kind_icon(row.hit.kind).paint(painter, icon_rect, Qt.AlignmentFlag.AlignCenter, mode)
        document = self._document(row, option, self._text_width(option))
        painter.save()
        left = icon_rect.right() + 1 + 2 * self.PADDING
        painter.translate(left, rect.top() + self.PADDING)
        clip = QRect(0, 0, rect.right() - left, rect.height() - 2 * self.PADDING)
        painter.setClipRect(clip)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.clip = clip.toRectF()
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:
        row = index.data(HIT_ROLE)
        if row is None:
            return super().sizeHint(option, index)
        width = self._text_width(option)
        document = self._document(row, option, width)
        line = option.fontMetrics.lineSpacing()
        height = min(int(document.size().height()), 3 * line)  # title + two snippet lines
        return QSize(width, max(height, self.ICON) + 2 * self.PADDING)


class _SearchField(QLineEdit):
    """The query field; arrow keys and Enter act on the result list below it."""

    navigate = Signal(int)  # rows to move by
    submit = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        steps = {
            Qt.Key.Key_Down: 1,
            Qt.Key.Key_Up: -1,
            Qt.Key.Key_PageDown: 8,
            Qt.Key.Key_PageUp: -8,
        }
        if key in steps:
            self.navigate.emit(steps[Qt.Key(key)])
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submit.emit()
            return
        super().keyPressEvent(event)


class SearchPanel(QDialog):
    """Find anything in the store; opening a hit asks the main window to show it.

    Emits ``results_shown(query, count)`` each time fresh results are on screen.
    """

    results_shown = Signal(str, int)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("Find")
        self.setModal(False)
        self.resize(680, 480)
        self.setMinimumWidth(420)

        self.field = _SearchField()
        self.field.setPlaceholderText("Search books, sections, people, notes and meetings")
        self.field.setClearButtonEnabled(True)
        self.field.setAccessibleName("Search")
        font = self.field.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.field.setFont(font)
        self.field.setMinimumHeight(self.field.sizeHint().height() + 8)

        self.model = SearchResultsModel(self)
        self.results = QListView()
        self.results.setModel(self.model)
        self.results.setItemDelegate(HitDelegate(self.results))
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.results.setAlternatingRowColors(True)
        self.results.setResizeMode(QListView.ResizeMode.Adjust)  # row heights follow the width
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # typing always goes to the field
        self.results.doubleClicked.connect(self._open_index)
        self.results.setAccessibleName("Search results")

        self.status = QLabel()
        self.status.setObjectName("searchStatus")
        self.status.setEnabled(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 8)
        layout.setSpacing(8)
        layout.addWidget(self.field)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.status)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.run_search)
        self.field.textChanged.connect(self._on_text_changed)
        self.field.navigate.connect(self.move_selection)
        self.field.submit.connect(self.open_current)

        # One thread: queries run in order and a queued one is skipped once superseded.
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._generation = 0
        self._workers: set[Worker] = set()
        self._open_when_ready = False
        self._show_status("Type a name, place or word. Romanized spellings work too.")

    # --- showing --------------------------------------------------------------------------

    def activate(self, text: str | None = None) -> None:
        """Show the panel with the field focused (and ``text`` in it, if given)."""
        if text is not None:
            self.field.setText(text)
        self.show()
        self.raise_()
        self.activateWindow()
        self.field.setFocus()
        self.field.selectAll()

    def showEvent(self, event: QShowEvent) -> None:
        # However the panel is shown, typing goes straight into the field, replacing the old query.
        super().showEvent(event)
        self.field.setFocus()
        self.field.selectAll()

    # --- querying -------------------------------------------------------------------------

    def _on_text_changed(self, text: str) -> None:
        if not text.strip():
            self._timer.stop()
            self._generation += 1  # whatever is still running is now stale
            self._open_when_ready = False
            self.model.set_rows([])
            self._show_status("Type a name, place or word. Romanized spellings work too.")
            return
        self._timer.start()

    def run_search(self) -> None:
        """Start the query for the field's text now (the debounce timer calls this)."""
        self._timer.stop()
        query = self.field.text().strip()
        if not query:
            return
        self._generation += 1
        generation = self._generation
        for worker in self._workers:
            worker.cancel()
        store_path = self.context.store_path

        def job(control: Worker) -> SearchResults:
            with Store.open(store_path, read_only=True) as store:
                control.check()
                return SearchResults(generation, query, run_query(store, query))

        worker = Worker(job, name="search")
        worker.signals.finished.connect(self._on_results)
        worker.signals.failed.connect(self._on_failed)
        worker.signals.finished.connect(self._forget_workers)
        worker.signals.failed.connect(self._forget_workers)
        worker.signals.cancelled.connect(self._forget_workers)
        self._workers.add(worker)
        worker.start(self._pool)

    def _forget_workers(self, *_: object) -> None:
        self._workers = {worker for worker in self._workers if worker.running}

    def _on_results(self, results: SearchResults) -> None:
        if results.generation != self._generation:
            return  # an older query finished after a newer one was asked for
        self.model.set_rows(results.rows)
        count = len(results.rows)
        if count:
            self.results.setCurrentIndex(self.model.index(0))
            more = " (best first)" if count < RESULT_LIMIT else f" (the first {RESULT_LIMIT})"
            self._show_status(
                f"{count} result{'s' if count != 1 else ''}{more}  ·  ↑↓ to choose, Enter to open"
            )
        else:
            self._show_status(f"Nothing matches “{results.query}”.")
        self.results_shown.emit(results.query, count)
        if self._open_when_ready:
            self._open_when_ready = False
            self._open_hit(self.current_hit())

    def _on_failed(self, message: str) -> None:
        self._show_status(f"Search failed: {message}")

    def _show_status(self, text: str) -> None:
        self.status.setText(text)

    # --- choosing and opening -------------------------------------------------------------

    def move_selection(self, steps: int) -> None:
        count = self.model.rowCount()
        if not count:
            return
        current = self.results.currentIndex().row()
        row = 0 if current < 0 else min(count - 1, max(0, current + steps))
        index = self.model.index(row)
        self.results.setCurrentIndex(index)
        self.results.scrollTo(index)

    def current_hit(self) -> SearchHit | None:
        return self.model.hit_at(self.results.currentIndex().row())

    def open_current(self) -> None:
        if self._timer.isActive():
            # Enter before the debounce fired: open the best hit as soon as it arrives.
            self._open_when_ready = True
            self.run_search()
            return
        self._open_hit(self.current_hit())

    def _open_index(self, index: QModelIndex) -> None:
        self._open_hit(self.model.hit_at(index.row()))

    def _open_hit(self, hit: SearchHit | None) -> None:
        if hit is None:
            return
        book_id = hit.book_id or (hit.id if hit.kind == "book" else "")
        self.hide()
        self.context.events.open_record.emit(hit.kind, hit.id, book_id)

    # --- shutdown -------------------------------------------------------------------------

    def done(self, result: int) -> None:
        self._timer.stop()
        super().done(result)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.DeferredDelete:
            self.shutdown()
        return super().event(event)

    def shutdown(self) -> None:
        """Stop pending queries and wait for a running one (at most a moment)."""
        self._timer.stop()
        self._generation += 1
        for worker in self._workers:
            worker.cancel()
        self._pool.waitForDone(2000)
