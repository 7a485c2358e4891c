"""The WYSIWYG editor for one section: a formatting toolbar, the text, and a word count."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QMimeData, QSize, Qt, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QFont,
    QImage,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTextEdit,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ui.widgets import text_format
from ui.widgets.icons import icon
from ui.widgets.rich_text import document_to_markdown, html_to_markdown, load_markdown

_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
MARKDOWN_MIME = "text/markdown"


def count_words(text: str) -> int:
    return len(_WORD.findall(text))


def stored_picture(
    source: Callable[[str], bytes | None] | None, sha: str, max_width: int
) -> QImage | None:
    """A stored picture for the editor, no wider than the text; None shows Qt's placeholder."""
    data = source(sha) if source is not None else None
    if not data:
        return None
    picture = QImage.fromData(data)
    if picture.isNull():
        return None
    if picture.width() > max_width:
        picture = picture.scaledToWidth(max_width, Qt.TransformationMode.SmoothTransformation)
    return picture


class RichTextEdit(QTextEdit):
    """QTextEdit that pastes structure only and keeps Tab/Enter meaningful for Markdown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptRichText(True)
        self.setTabChangesFocus(False)
        self.document().setDocumentMargin(16)
        self._placeholder = ""
        self.max_line_width = 0  # 0: lines as wide as the editor
        # Pictures a body names as image:SHA256 (a Word import): their bytes, from the store.
        self.image_source: Callable[[str], bytes | None] | None = None

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._limit_line_width()

    def _limit_line_width(self) -> None:
        # Very long lines are hard to read: past max_line_width the text keeps that width.
        wide = 0 < self.max_line_width < self.viewport().width()
        if wide:
            self.setLineWrapMode(QTextEdit.LineWrapMode.FixedPixelWidth)
            self.setLineWrapColumnOrWidth(self.max_line_width)
        elif self.lineWrapMode() != QTextEdit.LineWrapMode.WidgetWidth:
            self.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)

    def set_placeholder(self, text: str) -> None:
        """Guidance shown while the text is empty. Painted here because QTextEdit's own
        placeholder is a single line that gets cut off."""
        self._placeholder = text
        self.setAccessibleDescription(text)
        self.viewport().update()

    def placeholder(self) -> str:
        return self._placeholder

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._placeholder or not self.document().isEmpty():
            return
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        painter.setFont(self.document().defaultFont())
        margin = round(self.document().documentMargin())
        area = self.viewport().rect().adjusted(margin + 2, margin, -margin, -margin)
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
        painter.drawText(area, int(flags), self._placeholder)
        painter.end()

    def loadResource(self, kind: int, name: QUrl | str) -> Any:
        url = QUrl(name) if isinstance(name, str) else name
        if kind == QTextDocument.ResourceType.ImageResource.value and url.scheme() == "image":
            return stored_picture(self.image_source, url.path(), self.max_line_width or 820)
        return super().loadResource(kind, name)

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return source.hasHtml() or source.hasText() or source.hasFormat(MARKDOWN_MIME)

    def insertFromMimeData(self, source: QMimeData) -> None:
        if source.hasFormat(MARKDOWN_MIME):
            markdown = bytes(source.data(MARKDOWN_MIME).data()).decode("utf-8", "replace")
        elif source.hasHtml():
            markdown = html_to_markdown(source.html())
        else:
            self.textCursor().insertText(source.text())
            return
        cursor = self.textCursor()
        text_format.insert_markdown(cursor, markdown)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            cursor = self.textCursor()
            forward = key == Qt.Key.Key_Tab and not shift
            if text_format.move_in_table(cursor, forward):
                self.setTextCursor(cursor)
                return
            if text_format.change_indent(cursor, 1 if forward else -1):
                return
            # A tab in a paragraph would become a code block in Markdown: move focus instead.
            self.focusNextPrevChild(forward)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not shift:
            cursor = self.textCursor()
            if text_format.heading_level(cursor) and cursor.atBlockEnd():
                # After a heading the next paragraph is body text, as in a word processor.
                cursor.beginEditBlock()
                cursor.insertBlock()
                text_format.set_heading(cursor, 0)
                cursor.endEditBlock()
                self.setTextCursor(cursor)
                return
        super().keyPressEvent(event)


class _LinkDialog(QDialog):
    def __init__(self, parent: QWidget, url: str, text: str, ask_text: bool) -> None:
        super().__init__(parent)
        self.setWindowTitle("Link")
        layout = QFormLayout(self)
        self.url = QLineEdit(url)
        self.url.setPlaceholderText("https://…")
        self.text = QLineEdit(text)
        if ask_text:
            layout.addRow("Text:", self.text)
        layout.addRow("Address:", self.url)
        hint = QLabel("Leave the address empty to remove the link.")
        hint.setEnabled(False)
        layout.addRow(hint)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addRow(buttons)
        self.url.setMinimumWidth(360)


class _TableDialog(QDialog):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle("Insert table")
        layout = QFormLayout(self)
        self.rows = QSpinBox(minimum=2, maximum=50, value=3)
        self.columns = QSpinBox(minimum=1, maximum=10, value=3)
        layout.addRow("Rows (including the header row):", self.rows)
        layout.addRow("Columns:", self.columns)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addRow(buttons)


class SectionEditor(QWidget):
    """Toolbar + editor + word count. Emits ``edited`` on every change made by the user."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = RichTextEdit(self)
        self.editor.setObjectName("sectionText")
        self.editor.setAccessibleName("Section text")
        self.editor.max_line_width = 820
        self.title_label = QLabel(self)
        self.title_label.setObjectName("sectionTitle")
        title_font = self.title_label.font()
        title_font.setPointSizeF(title_font.pointSizeF() * 1.35)
        title_font.setWeight(QFont.Weight.DemiBold)
        self.title_label.setFont(title_font)
        self.word_count = QLabel(self)
        self.word_count.setObjectName("wordCount")
        self.word_count.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.toolbar = QToolBar("Formatting", self)
        self.toolbar.setIconSize(QSize(20, 20))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.actions_by_name: dict[str, QAction] = {}
        self._loading = False
        self._build_actions()

        header = QHBoxLayout()
        header.setContentsMargins(4, 0, 4, 0)
        header.addWidget(self.title_label, 1)
        header.addWidget(self.word_count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(header)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.editor, 1)

        self.editor.document().contentsChanged.connect(self._on_contents_changed)
        self.editor.cursorPositionChanged.connect(self._sync_toolbar)
        self.editor.currentCharFormatChanged.connect(self._sync_toolbar)
        self.set_enabled(False)

    # --- content ---------------------------------------------------------------------------

    def load(self, title: str, markdown: str, placeholder: str = "") -> None:
        """Show a section's text; the editor's undo history starts afresh."""
        self._loading = True
        try:
            self.title_label.setText(title)
            load_markdown(self.editor.document(), markdown)
            self.editor.set_placeholder(placeholder)
            self.editor.moveCursor(QTextCursor.MoveOperation.Start)
        finally:
            self._loading = False
        self._update_word_count()
        self.set_enabled(True)

    def clear(self, message: str = "") -> None:
        self._loading = True
        try:
            self.title_label.setText("")
            load_markdown(self.editor.document(), "")
            self.editor.set_placeholder(message)
        finally:
            self._loading = False
        self._update_word_count()
        self.set_enabled(False)

    def set_title(self, title: str) -> None:
        self.title_label.setText(title)

    def markdown(self) -> str:
        return document_to_markdown(self.editor.document())

    def set_enabled(self, enabled: bool) -> None:
        self.editor.setReadOnly(not enabled)
        self.toolbar.setEnabled(enabled)

    def _on_contents_changed(self) -> None:
        self._update_word_count()
        if not self._loading:
            self.edited.emit()

    def _update_word_count(self) -> None:
        words = count_words(self.editor.toPlainText())
        self.word_count.setText("1 word" if words == 1 else f"{words:,} words")

    # --- toolbar ---------------------------------------------------------------------------

    def _add(
        self,
        name: str,
        text: str,
        slot: object,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        checkable: bool = False,
    ) -> QAction:
        action = QAction(icon(name), text, self)
        action.setObjectName(f"format_{name}")
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setToolTip(
                f"{text} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
            )
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setCheckable(checkable)
        action.triggered.connect(slot)
        self.addAction(action)
        self.toolbar.addAction(action)
        self.actions_by_name[name] = action
        return action

    def _build_actions(self) -> None:
        key = QKeySequence.StandardKey
        self._add("bold", "Bold", self.toggle_bold, key.Bold, checkable=True)
        self._add("italic", "Italic", self.toggle_italic, key.Italic, checkable=True)
        self.toolbar.addSeparator()
        self._add("body_text", "Body text", lambda: self.set_heading(0), "Ctrl+0")
        for level in (1, 2, 3):
            self._add(
                f"heading{level}",
                f"Heading {level}",
                lambda _=False, n=level: self.set_heading(n),
                f"Ctrl+{level}",
                checkable=True,
            )
        self.toolbar.addSeparator()
        self._add(
            "list_bullet", "Bulleted list", lambda: self.toggle_list(False), "Ctrl+Shift+8", True
        )
        self._add(
            "list_numbered", "Numbered list", lambda: self.toggle_list(True), "Ctrl+Shift+7", True
        )
        self._add("outdent", "Decrease indent", lambda: self.indent(-1), "Ctrl+[")
        self._add("indent", "Increase indent", lambda: self.indent(1), "Ctrl+]")
        self.toolbar.addSeparator()
        self._add("link", "Link…", self.edit_link, "Ctrl+L")
        self._add("table", "Insert table…", self.ask_insert_table)

    def _sync_toolbar(self) -> None:
        cursor = self.editor.textCursor()
        char_format = cursor.charFormat()
        level = text_format.heading_level(cursor)
        states = {
            "bold": char_format.fontWeight() >= QFont.Weight.DemiBold and not level,
            "italic": char_format.fontItalic(),
            "heading1": level == 1,
            "heading2": level == 2,
            "heading3": level == 3,
            "list_bullet": text_format.list_style(cursor) in text_format.BULLET_STYLES,
            "list_numbered": text_format.list_style(cursor) == text_format.NUMBERED,
        }
        for name, checked in states.items():
            action = self.actions_by_name[name]
            action.blockSignals(True)
            action.setChecked(bool(checked))
            action.blockSignals(False)
        in_list = text_format.can_indent(cursor)
        self.actions_by_name["indent"].setEnabled(in_list)
        self.actions_by_name["outdent"].setEnabled(in_list)

    # --- formatting (also the public API for tests and menus) ------------------------------

    def _apply(self, change: object) -> None:
        cursor = self.editor.textCursor()
        change(cursor)  # type: ignore[operator]
        self.editor.setTextCursor(cursor)
        self.editor.setFocus()
        self._sync_toolbar()

    def toggle_bold(self) -> None:
        bold = self.editor.textCursor().charFormat().fontWeight() < QFont.Weight.DemiBold
        self._apply(lambda c: text_format.toggle_bold(c, bold))

    def toggle_italic(self) -> None:
        italic = not self.editor.textCursor().charFormat().fontItalic()
        self._apply(lambda c: text_format.toggle_italic(c, italic))

    def set_heading(self, level: int) -> None:
        current = text_format.heading_level(self.editor.textCursor())
        target = 0 if level == current else level
        self._apply(lambda c: text_format.set_heading(c, target))

    def toggle_list(self, numbered: bool) -> None:
        self._apply(lambda c: text_format.toggle_list(c, numbered))

    def indent(self, step: int) -> None:
        self._apply(lambda c: text_format.change_indent(c, step))

    def edit_link(self) -> None:
        cursor = self.editor.textCursor()
        url = text_format.link_at(cursor)
        ask_text = not cursor.hasSelection() and not url
        dialog = _LinkDialog(self, url, cursor.selectedText(), ask_text)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.set_link(dialog.url.text().strip(), dialog.text.text() if ask_text else "")

    def set_link(self, url: str, text: str = "") -> None:
        self._apply(lambda c: text_format.set_link(c, url, text))

    def ask_insert_table(self) -> None:
        dialog = _TableDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.insert_table(dialog.rows.value(), dialog.columns.value())

    def insert_table(self, rows: int, columns: int) -> None:
        self._apply(lambda c: text_format.insert_table(c, rows, columns))
