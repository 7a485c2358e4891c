"""Review on the Sections page: the review bar, the comments panel, and the quoted words
highlighted in the editor.

``SectionsPage`` owns one ``SectionReview`` and tells it when a book opens, a section is shown,
or a section's text was saved; this class does the rest, so the page stays about sections.

Offsets of quoted words are positions in the editor's plain text (each block's text joined by
newlines); ``app.review.anchors.locate`` finds the words again after edits around them.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import (
    QColor,
    QKeySequence,
    QShortcut,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QTextEdit

from app.domain import Section
from app.errors import NotFound
from app.review.anchors import Anchor, locate
from app.review.document_review import when_text
from app.review.model import CLEARED, IN_REVIEW, Comment, SectionStatus, sign_off_holds
from app.review.store_review import ReviewStore
from ui.book.comments_panel import CommentsPanel
from ui.book.review_panel import SectionReviewBar
from ui.book.review_style import QUOTE_HIGHLIGHT, QUOTE_HIGHLIGHT_CURRENT
from ui.commands import review_commands
from ui.context import AppContext
from ui.dialogs.preferences import Preferences

COMMENTS_VISIBLE_KEY = "sections/comments_visible"


def plain_text(document: QTextDocument) -> str:
    """The text offsets refer to: every block's text, joined by newlines."""
    texts = []
    block = document.begin()
    while block.isValid():
        texts.append(block.text())
        block = block.next()
    return "\n".join(texts)


def document_position(document: QTextDocument, offset: int) -> int:
    """The document position of a ``plain_text`` offset."""
    at = 0
    block = document.begin()
    while block.isValid():
        length = len(block.text())
        if offset <= at + length:
            return block.position() + (offset - at)
        at += length + 1
        block = block.next()
    return max(0, document.characterCount() - 1)


class SectionReview(QObject):
    """The review parts of the Sections page."""

    def __init__(self, context: AppContext, editor: QTextEdit, parent: QObject) -> None:
        super().__init__(parent)
        self.context = context
        self.editor = editor
        self.reviews = ReviewStore(context.store)
        self.book_id: str | None = None
        self.section: Section | None = None
        self.chosen_comment: str | None = None
        self._comments: list[Comment] = []  # the shown section's quoted comments, read once
        self.bar = SectionReviewBar()
        self.panel = CommentsPanel(context)
        visible = context.settings.value(COMMENTS_VISIBLE_KEY, False) in (True, "true")
        self.panel.setVisible(visible)
        self.bar.comments_button.setChecked(visible)
        self.bar.review_toggled.connect(self.set_enabled)
        self.bar.status_chosen.connect(self.set_status)
        self.bar.comment_requested.connect(self.comment_on_selection)
        self.bar.comments_toggled.connect(self.show_panel)
        self.bar.sign_off_requested.connect(self.sign_off)
        self.panel.comment_chosen.connect(self._on_comment_chosen)
        editor.document().contentsChanged.connect(self.highlight)
        shortcut = QShortcut(QKeySequence("Ctrl+Alt+M"), editor)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.comment_on_selection)

    # --- what the page tells us --------------------------------------------------------------

    def set_book(self, book_id: str | None) -> None:
        self.book_id = book_id
        self.section = None
        self.bar.message.clear()
        self.panel.set_book(book_id)
        self.refresh()

    def section_shown(self, section: Section | None) -> None:
        if section is None or self.section is None or section.id != self.section.id:
            self.bar.message.clear()
        self.section = section
        self.refresh()

    def refresh(self) -> None:
        """Show the book's review state again (after any change to the book)."""
        self._comments = self._read_comments()
        if self.book_id is None:
            self.bar.setEnabled(False)
            self.bar.show_state(False, [], None)
            self.highlight()
            return
        self.bar.setEnabled(not self.context.read_only)
        settings = self.reviews.settings(self.book_id)
        statuses = self.reviews.statuses(self.book_id)
        current = statuses.get(self.section.id) if self.section is not None else None
        signed = sign_off_holds(settings, list(statuses.values()))
        self.bar.show_state(
            settings.enabled,
            list(statuses.values()),
            current,
            settings.signed_off_by if signed else "",
            when_text(settings.signed_off_at) if signed else "",
        )
        self.highlight()

    def before_save(self, section_id: str) -> SectionStatus:
        return self.reviews.status(section_id)

    def after_save(self, section: Section, before: SectionStatus) -> None:
        """Say so when an edit sent a cleared section back to review; follow moved words."""
        after = self.reviews.status(section.id)
        if before.status == CLEARED and after.status == IN_REVIEW:
            who = f" by {before.cleared_by}" if before.cleared_by else ""
            message = f"“{section.title}” was cleared{who}; your edit sent it back to review."
            if self.reviews.settings(section.book_id).enabled:
                self.bar.message.show_info(message)
                self.context.events.status_message.emit(message)
        if self.section is not None and self.section.id == section.id:
            self._remember_anchors()

    # --- changes the user asks for -----------------------------------------------------------

    @property
    def user(self) -> str:
        return Preferences(self.context.settings).user_name

    def set_enabled(self, enabled: bool) -> None:
        if self.book_id is not None:
            review_commands.set_review_enabled(self.context, self.book_id, enabled)
        self.refresh()

    def set_status(self, status: str) -> None:
        if self.book_id is None or self.section is None:
            return
        who = self.user
        if status == CLEARED and not who.strip():
            self.context.events.user_error.emit(
                "Clearing needs your name: set it in Preferences ▸ Review."
            )
        else:
            self.bar.message.clear()
            review_commands.set_status(
                self.context, self.book_id, self.section.id, self.section.title, status, who
            )
        self.refresh()

    def sign_off(self, signing: bool) -> None:
        if self.book_id is None:
            return
        who = self.user
        if signing and not who.strip():
            self.context.events.user_error.emit(
                "Signing off needs your name: set it in Preferences ▸ Review."
            )
        elif review_commands.sign_off(self.context, self.book_id, who, signing):
            self.context.events.status_message.emit(
                f"The book is signed off by {who}." if signing else "The sign-off is withdrawn."
            )
        self.refresh()

    def show_panel(self, visible: bool) -> None:
        self.panel.setVisible(visible)
        self.context.settings.setValue(COMMENTS_VISIBLE_KEY, visible)

    def comment_on_selection(self) -> None:
        """Open the new comment box about this section and the selected words."""
        if self.section is None:
            return
        cursor = self.editor.textCursor()
        quote, anchor = "", None
        if cursor.hasSelection():
            text = plain_text(self.editor.document())
            start = self._plain_offset(cursor.selectionStart())
            end = self._plain_offset(cursor.selectionEnd())
            quote, anchor = (
                text[start:end].strip(),
                start + (len(text[start:end]) - len(text[start:end].lstrip())),
            )
        self.bar.comments_button.setChecked(True)
        self.panel.start_comment(("section", self.section.id), quote, anchor)

    def _plain_offset(self, position: int) -> int:
        document = self.editor.document()
        block = document.findBlock(position)
        at = 0
        current = document.begin()
        while current.isValid() and current != block:
            at += len(current.text()) + 1
            current = current.next()
        return at + (position - block.position())

    def _on_comment_chosen(self, comment_id: str) -> None:
        self.chosen_comment = comment_id
        try:
            comment = self.reviews.comment(comment_id)
        except NotFound:
            return
        # A comment on another section shows that section; one on the book, a participant, a
        # note or a meeting stays in the panel (its thread says what it is about), so choosing
        # it never takes the reader away from the comments.
        if comment.target_kind == "section" and (
            self.section is None or comment.target_id != self.section.id
        ):
            self.context.events.open_record.emit("section", comment.target_id, comment.book_id)
        self.highlight()
        anchor = self._anchors().get(comment_id)
        if anchor is not None:
            cursor = QTextCursor(self.editor.document())
            cursor.setPosition(document_position(self.editor.document(), anchor.start))
            self.editor.setTextCursor(cursor)
            self.editor.ensureCursorVisible()

    # --- highlighting ------------------------------------------------------------------------

    def section_comments(self) -> list[Comment]:
        """The shown section's comments on quoted words (as last read: the highlight runs on
        every keystroke, so it does not query the store)."""
        return self._comments

    def _read_comments(self) -> list[Comment]:
        if self.section is None or self.book_id is None:
            return []
        return [
            c
            for c in self.reviews.comments(self.book_id)
            if c.target_kind == "section" and c.target_id == self.section.id and c.quote
        ]

    def _anchors(self) -> dict[str, Anchor]:
        text = plain_text(self.editor.document())
        found = {}
        for comment in self.section_comments():
            anchor = locate(text, comment.quote, comment.anchor_start)
            if anchor is not None:
                found[comment.id] = anchor
        return found

    def highlight(self) -> None:
        """Shade the words each open comment on this section is about."""
        document = self.editor.document()
        selections = []
        resolved = {c.id for c in self.section_comments() if c.resolved}
        for comment_id, anchor in self._anchors().items():
            if comment_id in resolved and comment_id != self.chosen_comment:
                continue
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(document)
            cursor.setPosition(document_position(document, anchor.start))
            cursor.setPosition(
                document_position(document, anchor.end), QTextCursor.MoveMode.KeepAnchor
            )
            char_format = QTextCharFormat()
            colour = (
                QUOTE_HIGHLIGHT_CURRENT if comment_id == self.chosen_comment else QUOTE_HIGHLIGHT
            )
            char_format.setBackground(QColor(colour))
            selection.cursor = cursor
            selection.format = char_format
            selections.append(selection)
        self.editor.setExtraSelections(selections)

    def highlighted_words(self) -> list[str]:
        """The highlighted stretches of text (for tests and accessibility checks)."""
        return [s.cursor.selectedText() for s in self.editor.extraSelections()]

    def _remember_anchors(self) -> None:
        """Store where quoted words are now, so the next search starts near them."""
        for comment in self.section_comments():
            anchor = self._anchors().get(comment.id)
            start = anchor.start if anchor is not None else comment.anchor_start
            if start != comment.anchor_start and not self.context.read_only:
                self.reviews.move_anchor(comment.id, start)
