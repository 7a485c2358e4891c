"""The comments side panel: a book's comments with filters, one thread at a time, replies,
resolve and reopen, and the box where a new comment is written.

The list is a ``QAbstractListModel`` over the store's comments behind a filter proxy (open,
mine, resolved, all). Every change goes through ``ui.commands.review_commands`` (undoable);
the panel reloads when the book changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.review.document_review import when_text
from app.review.model import TARGET_LABELS, Comment, Reply
from app.review.store_review import ReviewStore
from ui.commands import review_commands
from ui.context import AppContext
from ui.dialogs.preferences import Preferences
from ui.widgets.labels import heading_label, hint_label

COMMENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
FILTERS = {"open": "Open", "mine": "Mine", "resolved": "Resolved", "all": "All"}

_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Target:
    """Something a comment can be about."""

    kind: str
    id: str
    title: str

    @property
    def label(self) -> str:
        if self.kind == "book":
            return "The whole book"
        return f"{TARGET_LABELS[self.kind]}: {self.title}"


def book_targets(context: AppContext, book_id: str) -> list[Target]:
    """The book and everything in it a comment may be about, in book order.

    Read record by record (not ``load_book_content``, which also reads every photo): the
    panel refreshes after each autosave.
    """
    store = context.store
    found = [Target("book", book_id, store.get_book(book_id).title)]
    found += [Target("section", s.id, s.title or "Untitled") for s in store.list_sections(book_id)]
    found += [
        Target("participant", e.person.id, e.person.name)
        for e in store.list_participant_entries(book_id)
    ]
    found += [Target("note", n.id, n.title) for n in store.list_book_notes(book_id)]
    found += [Target("meeting", m.id, m.title) for m in store.list_meetings(book_id)]
    return found


class CommentsModel(QAbstractListModel):
    """The comments of one book, oldest first."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.comments: list[Comment] = []
        self.titles: dict[tuple[str, str], str] = {}

    def set_comments(self, comments: list[Comment], titles: dict[tuple[str, str], str]) -> None:
        self.beginResetModel()
        self.comments = comments
        self.titles = titles
        self.endResetModel()

    def comment_at(self, row: int) -> Comment | None:
        return self.comments[row] if 0 <= row < len(self.comments) else None

    def about(self, comment: Comment) -> str:
        title = self.titles.get((comment.target_kind, comment.target_id))
        if comment.target_kind == "book":
            return "The book"
        return title if title is not None else f"{TARGET_LABELS[comment.target_kind]} (removed)"

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.comments)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        comment = self.comment_at(index.row()) if index.isValid() else None
        if comment is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            replies = len(comment.replies)
            tail = f"  · {replies} repl{'y' if replies == 1 else 'ies'}" if replies else ""
            done = "  · resolved" if comment.resolved else ""
            first_line = comment.text.strip().splitlines()[0] if comment.text.strip() else ""
            return f"{self.about(comment)} — {comment.author}{tail}{done}\n{first_line}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return comment.text
        if role == COMMENT_ID_ROLE:
            return comment.id
        if role == Qt.ItemDataRole.ForegroundRole and comment.resolved:
            from PySide6.QtGui import QPalette
            from PySide6.QtWidgets import QApplication

            return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        return None


class CommentFilter(QSortFilterProxyModel):
    """Open, mine (written or answered by the user), resolved, or all comments."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode = "open"
        self.user = ""

    def set_mode(self, mode: str, user: str) -> None:
        # Qt 6.10 replaced invalidateFilter() (now deprecated: a warning) with this pair.
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            self.mode, self.user = mode, user
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.mode, self.user = mode, user
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, CommentsModel)
        comment = model.comment_at(source_row)
        if comment is None:
            return False
        if self.mode == "open":
            return not comment.resolved
        if self.mode == "resolved":
            return comment.resolved
        if self.mode == "mine":
            me = self.user.casefold()
            return comment.author.casefold() == me or any(
                reply.author.casefold() == me for reply in comment.replies
            )
        return True


class CommentsPanel(QWidget):
    """Side panel: filter, list, the chosen thread with its replies, and a new comment box."""

    comment_chosen = Signal(str)  # comment id (the page shows its section and words)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("commentsPanel")
        self.context = context
        self.book_id: str | None = None
        self.targets: list[Target] = []
        self._pending_quote = ""
        self._pending_anchor: int | None = None

        self.filter = QComboBox(self)
        self.filter.setObjectName("commentFilter")
        self.filter.setAccessibleName("Show comments")
        for key, label in FILTERS.items():
            self.filter.addItem(label, key)
        self.model = CommentsModel(self)
        self.proxy = CommentFilter(self)
        self.proxy.setSourceModel(self.model)
        self.list = QListView(self)
        self.list.setObjectName("commentList")
        self.list.setAccessibleName("Comments")
        self.list.setModel(self.proxy)
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.setAlternatingRowColors(True)
        self.empty = hint_label("", self)

        self.thread_view = QTextBrowser(self)
        self.thread_view.setObjectName("commentThread")
        self.thread_view.setOpenLinks(False)
        self.reply_box = QPlainTextEdit(self)
        self.reply_box.setObjectName("replyText")
        self.reply_box.setPlaceholderText("Write a reply…")
        self.reply_box.setFixedHeight(56)
        self.reply_button = QPushButton("Reply", self)
        self.reply_button.setObjectName("replyButton")
        self.resolve_button = QPushButton("Resolve", self)
        self.resolve_button.setObjectName("resolveButton")
        self.delete_button = QPushButton("Delete", self)
        self.delete_button.setObjectName("deleteComment")

        self.compose_title = QLabel(self)
        self.compose_title.setWordWrap(True)
        self.target_box = QComboBox(self)
        self.target_box.setObjectName("commentTarget")
        self.target_box.setAccessibleName("What the comment is about")
        self.compose_box = QPlainTextEdit(self)
        self.compose_box.setObjectName("newCommentText")
        self.compose_box.setPlaceholderText("Write a comment…")
        self.compose_box.setFixedHeight(70)
        self.add_button = QPushButton("Add comment", self)
        self.add_button.setObjectName("addCommentButton")
        self.new_button = QPushButton("New comment…", self)
        self.new_button.setObjectName("newComment")

        top = QHBoxLayout()
        top.addWidget(heading_label("Comments", self, scale=1.1), 1)
        top.addWidget(self.filter)
        actions = QHBoxLayout()
        actions.addWidget(self.reply_button)
        actions.addStretch(1)
        actions.addWidget(self.resolve_button)
        actions.addWidget(self.delete_button)
        compose_actions = QHBoxLayout()
        compose_actions.addWidget(self.new_button)
        compose_actions.addStretch(1)
        compose_actions.addWidget(self.add_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.list, 2)
        layout.addWidget(self.empty)
        layout.addWidget(self.thread_view, 2)
        layout.addWidget(self.reply_box)
        layout.addLayout(actions)
        layout.addSpacing(6)
        layout.addWidget(self.compose_title)
        layout.addWidget(self.target_box)
        layout.addWidget(self.compose_box)
        layout.addLayout(compose_actions)
        self.setMinimumWidth(260)

        self.filter.currentIndexChanged.connect(self._on_filter)
        self.list.selectionModel().currentChanged.connect(self._on_current)
        self.reply_button.clicked.connect(self.reply)
        self.resolve_button.clicked.connect(self.toggle_resolved)
        self.delete_button.clicked.connect(self.delete_current)
        self.add_button.clicked.connect(self.add)
        self.new_button.clicked.connect(lambda: self.start_comment(None))
        self.target_box.currentIndexChanged.connect(self._on_target)
        self.reply_box.textChanged.connect(self._update_buttons)
        self.compose_box.textChanged.connect(self._update_buttons)
        context.events.book_changed.connect(self._on_book_changed)
        self._update_buttons()

    # --- loading -----------------------------------------------------------------------------

    @property
    def user(self) -> str:
        return Preferences(self.context.settings).user_name

    def set_book(self, book_id: str | None) -> None:
        self.book_id = book_id
        self._pending_quote, self._pending_anchor = "", None
        self.reload()

    def reload(self) -> None:
        chosen = self.current_id()
        if self.book_id is None:
            self.targets = []
            self.model.set_comments([], {})
        else:
            self.targets = book_targets(self.context, self.book_id)
            titles = {(t.kind, t.id): t.title for t in self.targets}
            self.model.set_comments(ReviewStore(self.context.store).comments(self.book_id), titles)
        self._fill_targets()
        self.proxy.set_mode(str(self.filter.currentData()), self.user)
        if chosen:
            self.select(chosen)
        self._show_thread()
        self._update_empty()

    def _on_book_changed(self, book_id: str) -> None:
        if book_id == self.book_id and self.isVisible():
            self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.reload()

    def _fill_targets(self) -> None:
        wanted = self.target_box.currentData()
        self.target_box.blockSignals(True)
        self.target_box.clear()
        for target in self.targets:
            self.target_box.addItem(target.label, f"{target.kind}:{target.id}")
        index = self.target_box.findData(wanted) if wanted else -1
        self.target_box.setCurrentIndex(max(0, index))
        self.target_box.blockSignals(False)
        self._show_compose_title()

    # --- the list ----------------------------------------------------------------------------

    def _on_filter(self) -> None:
        self.proxy.set_mode(str(self.filter.currentData()), self.user)
        self._update_empty()
        self._show_thread()

    def set_filter(self, key: str) -> None:
        self.filter.setCurrentIndex(self.filter.findData(key))

    def _update_empty(self) -> None:
        shown = self.proxy.rowCount()
        mode = str(self.filter.currentData())
        if shown:
            self.empty.hide()
            return
        if not self.model.rowCount():
            text = "No comments yet. Select words in the text and press “Comment…”."
        else:
            text = {
                "open": "No open comments: everything is resolved.",
                "mine": "None of the comments are yours.",
                "resolved": "No resolved comments.",
            }.get(mode, "No comments.")
        self.empty.setText(text)
        self.empty.show()

    def current_comment(self) -> Comment | None:
        index = self.list.currentIndex()
        if not index.isValid():
            return None
        return self.model.comment_at(self.proxy.mapToSource(index).row())

    def current_id(self) -> str | None:
        comment = self.current_comment()
        return comment.id if comment is not None else None

    def select(self, comment_id: str) -> bool:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(COMMENT_ID_ROLE) == comment_id:
                self.list.setCurrentIndex(index)
                return True
        return False

    def _on_current(self) -> None:
        self._show_thread()
        comment = self.current_comment()
        if comment is not None:
            self.comment_chosen.emit(comment.id)

    def _show_thread(self) -> None:
        comment = self.current_comment()
        self._update_buttons()
        if comment is None:
            self.thread_view.setHtml("")
            return
        parts = [
            f"<p style='color:#5B6270'>About <b>{escape(self.model.about(comment))}</b>"
            + (" · <i>resolved</i>" if comment.resolved else "")
            + "</p>"
        ]
        if comment.quote:
            parts.append(
                "<p style='background:#FFF1B8; padding:2px'>“" + escape(comment.quote) + "”</p>"
            )
        parts.append(self._note(comment.author, comment.created_at, comment.text))
        for reply in comment.replies:
            parts.append(
                "<div style='margin-left:14px'>"
                + self._note(reply.author, reply.created_at, reply.text)
                + "</div>"
            )
        self.thread_view.setHtml("".join(parts))

    @staticmethod
    def _note(author: str, stamp: str, text: str) -> str:
        body = "<br>".join(escape(line) for line in text.splitlines())
        return (
            f"<p><b>{escape(author or 'Unknown')}</b> "
            f"<span style='color:#5B6270'>{escape(when_text(stamp))}</span><br>{body}</p>"
        )

    def _update_buttons(self) -> None:
        comment = self.current_comment()
        writable = not self.context.read_only and self.book_id is not None
        has = comment is not None and writable
        self.reply_button.setEnabled(has and bool(self.reply_box.toPlainText().strip()))
        self.reply_box.setEnabled(has)
        self.resolve_button.setEnabled(has)
        self.delete_button.setEnabled(has)
        self.resolve_button.setText("Reopen" if comment and comment.resolved else "Resolve")
        self.add_button.setEnabled(writable and bool(self.compose_box.toPlainText().strip()))
        self.new_button.setEnabled(writable)

    # --- changes -----------------------------------------------------------------------------

    def reply(self) -> None:
        comment = self.current_comment()
        text = self.reply_box.toPlainText().strip()
        if comment is None or not text or self.book_id is None:
            return
        reply = Reply(comment.id, self.user, text)
        if review_commands.add_reply(self.context, self.book_id, reply):
            self.reply_box.clear()
            self.select(comment.id)

    def toggle_resolved(self) -> None:
        comment = self.current_comment()
        if comment is None or self.book_id is None:
            return
        review_commands.set_resolved(self.context, self.book_id, comment.id, not comment.resolved)

    def delete_current(self) -> None:
        comment = self.current_comment()
        if comment is not None and self.book_id is not None:
            review_commands.delete_comment(self.context, self.book_id, comment.id)

    def start_comment(
        self, target: tuple[str, str] | None, quote: str = "", anchor: int | None = None
    ) -> None:
        """Get the new comment box ready: about ``target`` (or what is chosen) and ``quote``."""
        if target is not None:
            index = self.target_box.findData(f"{target[0]}:{target[1]}")
            if index >= 0:
                self.target_box.setCurrentIndex(index)
        self._pending_quote, self._pending_anchor = quote.strip(), anchor
        self._show_compose_title()
        self.compose_box.setFocus()

    def _on_target(self) -> None:
        self._pending_quote, self._pending_anchor = "", None
        self._show_compose_title()

    def _show_compose_title(self) -> None:
        quote = self._pending_quote
        if quote:
            short = quote if len(quote) <= 60 else quote[:57] + "…"
            self.compose_title.setText(f"New comment on “{short}”")
        else:
            self.compose_title.setText("New comment")

    def add(self) -> None:
        data = self.target_box.currentData()
        text = self.compose_box.toPlainText().strip()
        if not data or not text or self.book_id is None:
            return
        kind, target_id = str(data).split(":", 1)
        comment = Comment(
            book_id=self.book_id,
            target_kind=kind,
            target_id=target_id,
            author=self.user,
            text=text,
            quote=self._pending_quote if kind == "section" else "",
            anchor_start=self._pending_anchor if kind == "section" else None,
        )
        if review_commands.add_comment(self.context, comment):
            self.compose_box.clear()
            self._pending_quote, self._pending_anchor = "", None
            self._show_compose_title()
            if str(self.filter.currentData()) == "resolved":
                self.set_filter("open")
            self.reload()
            self.select(comment.id)
