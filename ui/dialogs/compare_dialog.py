"""Versions side by side: pick two versions (or a version and now), see what changed part by
part, and restore one section or the whole book from the older one (undoably).

The comparison itself is ``app.review.compare``; this dialog only lays it out: changed parts
first in the list's order of the book, removed lines shaded red on the left, added lines green
on the right, and inside a changed line the words that differ marked more strongly.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.errors import BriefBookError
from app.review import compare, versions
from ui.commands import review_commands
from ui.context import AppContext
from ui.widgets.labels import hint_label

NOW = -1
PART_KEY_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_WORDS = {
    compare.CHANGED: "changed",
    compare.ADDED: "added",
    compare.REMOVED: "removed",
    compare.SAME: "",
}
_OLD_LINE = "#FDE2E1"
_OLD_WORDS = "#F7B2AE"
_NEW_LINE = "#DDF4E4"
_NEW_WORDS = "#A6E3B8"


def _marked(text: str, spans: list[tuple[int, int]], colour: str) -> str:
    out, at = [], 0
    for start, end in spans:
        out.append(escape(text[at:start]))
        out.append(f"<span style='background:{colour}'>{escape(text[start:end])}</span>")
        at = end
    out.append(escape(text[at:]))
    return "".join(out)


def side_by_side_html(old: str, new: str) -> tuple[str, str]:
    """Two HTML columns of the same rows: the old text and the new, changes shaded."""
    left, right = [], []
    for row in compare.rows(old, new):
        a = row.old if row.old is not None else ""
        b = row.new if row.new is not None else ""
        if row.tag == "equal":
            left.append(escape(a))
            right.append(escape(b))
            continue
        if row.tag == "replace":
            old_spans, new_spans = compare.word_changes(a, b)
            a_html = _marked(a, old_spans, _OLD_WORDS)
            b_html = _marked(b, new_spans, _NEW_WORDS)
        else:
            a_html, b_html = escape(a), escape(b)
        left.append(
            f"<span style='background:{_OLD_LINE}'>{a_html or '&nbsp;'}</span>"
            if row.old is not None
            else "&nbsp;"
        )
        right.append(
            f"<span style='background:{_NEW_LINE}'>{b_html or '&nbsp;'}</span>"
            if row.new is not None
            else "&nbsp;"
        )

    def page(lines: list[str]) -> str:
        body = "".join(f"<div style='margin:0 0 4px 0'>{line or '&nbsp;'}</div>" for line in lines)
        return f"<div style='white-space:pre-wrap'>{body}</div>"

    return page(left), page(right)


class CompareDialog(QDialog):
    """Compare two versions of a book (or one and the book now), and restore from one."""

    compared = Signal(int)  # number of changed parts shown

    def __init__(self, context: AppContext, book_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.book_id = book_id
        self.changes: list[compare.PartChange] = []
        self.old_state: versions.State | None = None
        book = context.store.get_book(book_id)
        self.setWindowTitle(f"Versions of “{book.title}”")
        self.setSizeGripEnabled(True)
        self.resize(1180, 720)

        self.first = QComboBox(self)
        self.first.setObjectName("compareFrom")
        self.first.setAccessibleName("Older version")
        self.second = QComboBox(self)
        self.second.setObjectName("compareTo")
        self.second.setAccessibleName("Newer version")
        self.save_button = QPushButton("Save version…", self)
        self.save_button.setObjectName("saveVersion")
        self.save_button.setToolTip("Keep the book as it is now as a named version")
        choose = QHBoxLayout()
        choose.addWidget(QLabel("Compare", self))
        choose.addWidget(self.first, 1)
        choose.addWidget(QLabel("with", self))
        choose.addWidget(self.second, 1)
        choose.addSpacing(12)
        choose.addWidget(self.save_button)

        self.parts = QListWidget(self)
        self.parts.setObjectName("compareParts")
        self.parts.setAccessibleName("Parts of the book")
        self.parts.setMinimumWidth(220)
        self.summary = hint_label("", self)
        self.old_title = QLabel(self)
        self.new_title = QLabel(self)
        for label in (self.old_title, self.new_title):
            font = label.font()
            font.setBold(True)
            label.setFont(font)
        self.old_view = QTextBrowser(self)
        self.old_view.setObjectName("compareOld")
        self.new_view = QTextBrowser(self)
        self.new_view.setObjectName("compareNew")
        self.old_view.verticalScrollBar().valueChanged.connect(
            self.new_view.verticalScrollBar().setValue
        )
        self.new_view.verticalScrollBar().valueChanged.connect(
            self.old_view.verticalScrollBar().setValue
        )
        old_side = QVBoxLayout()
        old_side.addWidget(self.old_title)
        old_side.addWidget(self.old_view, 1)
        new_side = QVBoxLayout()
        new_side.addWidget(self.new_title)
        new_side.addWidget(self.new_view, 1)
        texts = QWidget(self)
        columns = QHBoxLayout(texts)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.addLayout(old_side, 1)
        columns.addLayout(new_side, 1)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.parts, 1)
        left_layout.addWidget(self.summary)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(texts)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 920])

        self.restore_section_button = QPushButton(self)
        self.restore_section_button.setObjectName("restoreSection")
        self.restore_book_button = QPushButton(self)
        self.restore_book_button.setObjectName("restoreBook")
        close = QPushButton("Close", self)
        close.clicked.connect(self.accept)
        actions = QHBoxLayout()
        actions.addWidget(self.restore_section_button)
        actions.addWidget(self.restore_book_button)
        actions.addStretch(1)
        actions.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addLayout(choose)
        layout.addWidget(splitter, 1)
        layout.addLayout(actions)

        self.first.currentIndexChanged.connect(self.refresh)
        self.second.currentIndexChanged.connect(self.refresh)
        self.parts.currentRowChanged.connect(self._show_part)
        self.save_button.clicked.connect(self.ask_save_version)
        self.restore_section_button.clicked.connect(self.restore_section)
        self.restore_book_button.clicked.connect(self.restore_book)
        self.fill_versions()

    # --- versions ----------------------------------------------------------------------------

    def fill_versions(self, select_first: int | None = None) -> None:
        found = versions.list_versions(self.context.store, self.book_id)
        for box in (self.first, self.second):
            box.blockSignals(True)
            box.clear()
        self.second.addItem("The book now", NOW)
        for info in reversed(found):
            when = info.created_at[:16].replace("T", " ")
            self.first.addItem(f"{info.label} ({when} UTC)", info.number)
            self.second.addItem(f"{info.label} ({when} UTC)", info.number)
        exported = versions.latest_export_version(self.context.store, self.book_id)
        wanted = select_first or (exported.number if exported else None)
        if wanted is not None:
            self.first.setCurrentIndex(max(0, self.first.findData(wanted)))
        for box in (self.first, self.second):
            box.blockSignals(False)
        self.refresh()

    def choose(self, first: int, second: int = NOW) -> None:
        self.first.setCurrentIndex(self.first.findData(first))
        self.second.setCurrentIndex(self.second.findData(second))

    def _label(self, number: int) -> str:
        return "now" if number == NOW else f"version {number}"

    def refresh(self) -> None:
        first = self.first.currentData()
        second = self.second.currentData()
        self.parts.clear()
        self.changes = []
        self.old_state = None
        if first is None:
            self.summary.setText(
                "No versions yet. Every export saves one; “Save version…” keeps one by hand."
            )
            self._show_part(-1)
            return
        store = self.context.store
        self.old_state = versions.load_version(store, self.book_id, int(first))
        new_state = (
            versions.book_state(store, self.book_id)
            if second == NOW
            else versions.load_version(store, self.book_id, int(second))
        )
        self.changes = compare.compare_states(self.old_state, new_state)
        changed = [c for c in self.changes if c.kind != compare.SAME]
        bold = QFont(self.parts.font())
        bold.setBold(True)
        for change in self.changes:
            word = KIND_WORDS[change.kind]
            item = QListWidgetItem(f"{change.title}  —  {word}" if word else change.title)
            item.setData(PART_KEY_ROLE, change.key)
            if change.kind == compare.SAME:
                item.setForeground(QBrush(QColor("#7A808A")))
            else:
                item.setFont(bold)
            self.parts.addItem(item)
        parts = "1 part" if len(changed) == 1 else f"{len(changed)} parts"
        self.summary.setText(
            f"{parts} changed from {self._label(int(first))} to {self._label(int(second))}."
            if changed
            else f"Nothing changed from {self._label(int(first))} to {self._label(int(second))}."
        )
        first_changed = next((i for i, c in enumerate(self.changes) if c.kind != compare.SAME), 0)
        self.parts.setCurrentRow(first_changed if self.changes else -1)
        self.compared.emit(len(changed))

    def current_change(self) -> compare.PartChange | None:
        row = self.parts.currentRow()
        return self.changes[row] if 0 <= row < len(self.changes) else None

    def _show_part(self, row: int) -> None:
        change = self.changes[row] if 0 <= row < len(self.changes) else None
        first, second = self.first.currentData(), self.second.currentData()
        if change is None or first is None:
            self.old_view.clear()
            self.new_view.clear()
            self.old_title.setText("")
            self.new_title.setText("")
        else:
            old_html, new_html = side_by_side_html(change.old, change.new)
            self.old_view.setHtml(old_html)
            self.new_view.setHtml(new_html)
            self.old_title.setText(f"{self._label(int(first)).capitalize()}: {change.title}")
            self.new_title.setText(f"{self._label(int(second)).capitalize()}: {change.title}")
        self._update_buttons()

    def _update_buttons(self) -> None:
        change = self.current_change()
        first = self.first.currentData()
        writable = not self.context.read_only
        version = f"version {first}" if first is not None else "a version"
        restorable = (
            change is not None
            and change.section_id is not None
            and change.kind in (compare.CHANGED, compare.REMOVED)
        )
        title = change.title if change is not None and change.section_id else "this section"
        self.restore_section_button.setText(f"Restore “{title}” from {version}")
        self.restore_section_button.setEnabled(writable and restorable)
        self.restore_book_button.setText(f"Restore the whole book from {version}")
        self.restore_book_button.setEnabled(writable and self.old_state is not None)
        self.save_button.setEnabled(writable)

    # --- actions -----------------------------------------------------------------------------

    def ask_save_version(self) -> None:
        name, accepted = QInputDialog.getText(
            self, "Save version", "Name of this version (for instance “Sent to the front office”):"
        )
        if accepted:
            self.save_version(name)

    def save_version(self, name: str) -> int | None:
        try:
            info = versions.save_version(self.context.store, self.book_id, name=name)
        except BriefBookError as error:
            self.context.events.user_error.emit(str(error))
            return None
        self.context.events.status_message.emit(f"Saved {info.label}.")
        self.fill_versions(select_first=info.number)
        return info.number

    def restore_section(self) -> None:
        change = self.current_change()
        first = self.first.currentData()
        if change is None or change.section_id is None or self.old_state is None:
            return
        review_commands.restore_section(
            self.context, self.book_id, self.old_state, change.section_id, f"version {first}"
        )
        self.refresh()

    def restore_book(self) -> None:
        first = self.first.currentData()
        if self.old_state is None:
            return
        review_commands.restore_book(self.context, self.book_id, self.old_state, f"version {first}")
        self.refresh()
