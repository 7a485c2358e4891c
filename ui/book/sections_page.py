"""The Sections page: the book's sections on the left, the selected one's editor on the right."""

from __future__ import annotations

from dataclasses import replace
from functools import partial

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListView,
    QMenu,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain import Section
from app.errors import NotFound
from app.spelling.languages import LANGUAGES, dictionary_name
from app.templates import guidance_for
from ui.book.section_editor import SectionEditor
from ui.book.section_model import SectionDelegate, SectionListModel
from ui.commands import book_commands as cmd
from ui.commands.base import run
from ui.context import AppContext
from ui.dialogs.preferences import Preferences
from ui.session.autosave import Autosaver
from ui.session.spelling import bind_spelling
from ui.widgets.icons import icon
from ui.widgets.labels import hint_label
from ui.window.pages import BookPage

NO_SECTIONS = "This book has no sections yet. Click “Add section” to write the first one."
SPLITTER_KEY = "sections/splitter"


class SectionsPage(BookPage):
    """List + editor for the open book's brief sections."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.autosaver = Autosaver(context, self)
        self.current_id: str | None = None
        self._loaded_body = ""
        self._switching = False

        self.model = SectionListModel(context.store, self)
        self.view = QListView(self)
        self.view.setObjectName("sectionList")
        self.view.setAccessibleName("Sections")
        self.view.setModel(self.model)
        self.view.setItemDelegate(SectionDelegate(self.view))
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.view.setSpacing(2)
        self.editor = SectionEditor(self)
        self.spelling = bind_spelling(
            self.editor.editor, context, lambda: self.book_id, self._section_language
        )
        self.editor.editor.image_source = self._picture_bytes

        self.add_action = self._action(
            "add", "Add section", self.add_section, QKeySequence("Ctrl+Shift+N")
        )
        self.rename_action = self._action(
            "rename", "Rename section", self.rename_current, QKeySequence("F2")
        )
        self.delete_action = self._action("delete", "Delete section", self.delete_current)
        self.up_action = self._action(
            "move_up", "Move section up", lambda: self.move_current(-1), QKeySequence("Alt+Up")
        )
        self.down_action = self._action(
            "move_down", "Move section down", lambda: self.move_current(1), QKeySequence("Alt+Down")
        )
        # A section written in another language than the book is checked in its own.
        self.language_menu = QMenu("Spelling language", self)
        self.language_menu.setObjectName("sectionLanguageMenu")
        self.language_group = QActionGroup(self)
        for code, text in (("", "Same as the book"), *((c.code, c.label) for c in LANGUAGES)):
            choice = QAction(
                text if code == "" or dictionary_name(code) else f"{text} (not checked)", self
            )
            choice.setData(code)
            choice.setCheckable(True)
            self.language_group.addAction(choice)
            self.language_menu.addAction(choice)
        self.language_group.triggered.connect(
            lambda action: self.set_section_language(self.current_id, action.data())
        )
        self.language_menu.aboutToShow.connect(self._check_current_language)
        self.language_action = self.language_menu.menuAction()
        self.language_action.setIcon(icon("spelling"))
        self.language_action.setToolTip("The section's spelling language")
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.view.addAction(self.delete_action)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self._list_panel())
        self.splitter.addWidget(self.editor)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([240, 760])
        state = context.settings.value(SPLITTER_KEY)
        if state is not None:
            self.splitter.restoreState(state)
        self.splitter.splitterMoved.connect(self._save_splitter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 8)
        layout.addWidget(self.splitter)

        self.model.rename_requested.connect(self.rename_section)
        self.model.handout_requested.connect(self.set_handout)
        self.model.reorder_requested.connect(self.reorder)
        self.view.selectionModel().currentChanged.connect(self._on_current_changed)
        self.editor.edited.connect(self._on_edited)
        context.events.book_changed.connect(self._on_book_changed)
        context.events.reveal_word.connect(self._reveal_word)
        self.apply_preferences()
        self._update_actions()

    def _action(
        self, name: str, text: str, slot: object, shortcut: QKeySequence | None = None
    ) -> QAction:
        action = QAction(icon(name), text, self)
        action.setObjectName(f"section_{name}")
        if shortcut is not None:
            action.setShortcut(shortcut)
            action.setToolTip(
                f"{text} ({shortcut.toString(QKeySequence.SequenceFormat.NativeText)})"
            )
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
        action.triggered.connect(slot)
        return action

    def _list_panel(self) -> QWidget:
        panel = QWidget(self)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 6, 0)
        layout.setSpacing(6)
        heading = QLabel("Sections", panel)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        heading.setFont(font)
        hint = hint_label("Drag to reorder. Ticked sections go into the handout.", panel)
        buttons = QHBoxLayout()
        buttons.setSpacing(2)
        add_button = QToolButton(panel)
        add_button.setDefaultAction(self.add_action)
        add_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        buttons.addWidget(add_button)
        buttons.addStretch(1)
        language_button = QToolButton(panel)
        language_button.setDefaultAction(self.language_action)
        language_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        language_button.setAutoRaise(True)
        buttons.addWidget(language_button)
        for action in (self.up_action, self.down_action, self.rename_action, self.delete_action):
            button = QToolButton(panel)
            button.setDefaultAction(action)
            button.setAutoRaise(True)
            buttons.addWidget(button)
        layout.addWidget(heading)
        layout.addWidget(hint)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        panel.setMinimumWidth(200)
        return panel

    def _picture_bytes(self, sha: str) -> bytes | None:
        """A picture a section's body names (``![alt](image:SHA)``), for the editor to show."""
        image = self.context.store.get_image(sha)
        return image.data if image is not None else None

    def _save_splitter(self) -> None:
        self.context.settings.setValue(SPLITTER_KEY, self.splitter.saveState())

    # --- BookPage --------------------------------------------------------------------------

    def set_book(self, book_id: str | None) -> None:
        self.flush()
        super().set_book(book_id)
        self.current_id = None
        self.model.set_book(book_id)
        if self.model.rowCount():
            self._select_row(0)
        else:
            self._show_section(None)
        self._update_actions()

    def flush(self) -> None:
        if self.current_id:
            self.autosaver.capture(self._key(self.current_id))
        self.autosaver.flush()

    def has_unsaved_changes(self) -> bool:
        return self.autosaver.is_dirty()

    def apply_preferences(self) -> None:
        """Use the editor text size chosen in Preferences (0: the system font)."""
        size = Preferences(self.context.settings).editor_font_size
        font = QApplication.font()
        if size > 0:
            font.setPointSize(size)
        self.editor.editor.document().setDefaultFont(font)

    def focus_record(self, record_id: str) -> None:
        row = self.model.row_of(record_id)
        if row >= 0:
            self._select_row(row)
            self.editor.editor.setFocus()

    # --- selection and loading -------------------------------------------------------------

    def _select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.view.scrollTo(index)

    def _on_current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        section = self.model.section_at(current.row()) if current.isValid() else None
        if section is not None and section.id == self.current_id:
            return
        self._switching = True
        try:
            self.flush()
        finally:
            self._switching = False
        self._show_section(section)
        self._update_actions()

    def _show_section(self, section: Section | None) -> None:
        if section is None:
            self.current_id = None
            self._loaded_body = ""
            self.editor.clear(NO_SECTIONS if self.book_id else "")
            return
        self.current_id = section.id
        unsaved = self.autosaver.pending_value(self._key(section.id))
        self._loaded_body = section.body
        self.spelling.refresh()
        self.editor.load(
            section.title, unsaved if unsaved is not None else section.body, guidance_for(section)
        )

    def _section_language(self) -> str:
        section = self.current_section()
        return section.language if section is not None else ""

    def _reveal_word(self, kind: str, record_id: str, word: str) -> None:
        """Select ``word`` in the section just opened (a misspelling chosen in preflight)."""
        if kind != "section" or record_id != self.current_id or not word:
            return
        document = self.editor.editor.document()
        flags = QTextDocument.FindFlag.FindCaseSensitively | QTextDocument.FindFlag.FindWholeWords
        found = document.find(word, 0, flags)
        if not found.isNull():
            self.editor.editor.setTextCursor(found)
            self.editor.editor.ensureCursorVisible()
            self.editor.editor.setFocus()

    @staticmethod
    def _key(section_id: str) -> str:
        return f"section:{section_id}"

    def current_section(self) -> Section | None:
        return (
            self.model.section_at(self.model.row_of(self.current_id)) if self.current_id else None
        )

    # --- autosave --------------------------------------------------------------------------

    def _on_edited(self) -> None:
        section_id = self.current_id
        if section_id is None:
            return
        self.autosaver.mark_dirty(
            self._key(section_id),
            self.editor.markdown,
            partial(self._write_body, section_id),
        )

    def _write_body(self, section_id: str, body: str) -> None:
        store = self.context.store
        section = store.get_section(section_id)
        if section.body != body:
            store.save_section(replace(section, body=body))
        if section_id == self.current_id:
            self._loaded_body = body
        self.context.events.book_changed.emit(section.book_id)

    def _on_book_changed(self, book_id: str) -> None:
        if book_id != self.book_id:
            return
        previous_row = self.model.row_of(self.current_id) if self.current_id else -1
        self.model.reload()
        if self._switching:
            return  # a save made while moving to another section: that move goes on
        row = self.model.row_of(self.current_id) if self.current_id else -1
        if row < 0:
            # The section shown was deleted (or its creation undone): show its neighbour.
            self.current_id = None
            if self.model.rowCount():
                self._select_row(min(max(previous_row, 0), self.model.rowCount() - 1))
            else:
                self._show_section(None)
        else:
            if not self.view.currentIndex().isValid():
                self._select_row(row)  # a reset dropped the selection: same section again
            section = self.model.sections[row]
            self.editor.set_title(section.title)
            changed_elsewhere = section.body != self._loaded_body
            if changed_elsewhere and not self.autosaver.is_dirty(self._key(section.id)):
                self._show_section(section)  # for instance by an import
        self._update_actions()

    # --- structural changes (undoable) -----------------------------------------------------

    def _update_actions(self) -> None:
        has_book = self.book_id is not None
        row = self.model.row_of(self.current_id) if self.current_id else -1
        self.add_action.setEnabled(has_book)
        for action in (self.rename_action, self.delete_action, self.language_action):
            action.setEnabled(row >= 0)
        self.up_action.setEnabled(row > 0)
        self.down_action.setEnabled(0 <= row < self.model.rowCount() - 1)

    def add_section(self, title: str | None = None) -> str | None:
        """Add a section after the current one; asks for its title when none is given."""
        if self.book_id is None:
            return None
        if not isinstance(title, str):
            title, accepted = QInputDialog.getText(self, "Add section", "Title of the new section:")
            if not accepted:
                return None
        title = title.strip()
        if not title:
            return None
        self.flush()
        row = self.model.row_of(self.current_id) if self.current_id else -1
        section = Section(book_id=self.book_id, title=title)
        position = row + 1 if row >= 0 else None
        if not run(self.context, cmd.AddSectionCommand(self.context, section, position)):
            return None
        self.focus_record(section.id)
        return section.id

    def rename_current(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.view.setFocus()
            self.view.edit(index)

    def rename_section(self, section_id: str, title: str) -> None:
        section = self._fresh(section_id)
        if section is not None and title.strip() and title.strip() != section.title:
            run(
                self.context, cmd.SectionFieldCommand(self.context, section, "title", title.strip())
            )

    def set_handout(self, section_id: str, included: bool) -> None:
        section = self._fresh(section_id)
        if section is not None and section.handout != included:
            run(self.context, cmd.SectionFieldCommand(self.context, section, "handout", included))

    def set_section_language(self, section_id: str | None, language: str) -> None:
        """Check the section in ``language`` ("" = the book's); undoable."""
        section = self._fresh(section_id) if section_id else None
        if section is not None and section.language != language:
            run(self.context, cmd.SectionFieldCommand(self.context, section, "language", language))
            self.spelling.refresh()

    def _check_current_language(self) -> None:
        section = self.current_section()
        current = section.language if section is not None else ""
        for action in self.language_group.actions():
            action.setChecked(action.data() == current)

    def delete_current(self) -> None:
        if self.current_id:
            self.delete_section(self.current_id)

    def delete_section(self, section_id: str) -> None:
        self.flush()
        section = self._fresh(section_id)
        if section is None:
            return
        self.autosaver.discard(self._key(section_id))
        if run(self.context, cmd.DeleteSectionCommand(self.context, section)):
            self.context.events.status_message.emit(
                f"Deleted the section “{section.title}”. Edit ▸ Undo brings it back."
            )

    def move_current(self, step: int) -> None:
        order = self.model.ids()
        if self.current_id not in order:
            return
        row = order.index(self.current_id)
        target = row + step
        if 0 <= target < len(order):
            order[row], order[target] = order[target], order[row]
            self.reorder(order)

    def reorder(self, new_order: list[str]) -> None:
        if self.book_id is None or new_order == self.model.ids():
            return
        self.flush()
        before = self.model.ids()
        run(self.context, cmd.ReorderSectionsCommand(self.context, self.book_id, before, new_order))

    def _fresh(self, section_id: str) -> Section | None:
        try:
            return self.context.store.get_section(section_id)
        except NotFound:
            return None
