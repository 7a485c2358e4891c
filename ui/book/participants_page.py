"""The open book's participants: attach, order, role and book-specific talking points."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSize, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain import PARTICIPANT_ROLES, ParticipantEntry, Person, SearchHit
from app.errors import BriefBookError, NotFound
from ui.book.attach_search import AttachSearchField, joined
from ui.book.ordered_view import ordered_table_view
from ui.book.participants_model import NAME, ORGANIZATION, TITLE, ParticipantsModel
from ui.book.section_editor import SectionEditor
from ui.commands import library_commands
from ui.context import AppContext
from ui.library.photo_field import PhotoView
from ui.session.autosave import SaveTimer
from ui.session.spelling import bind_spelling
from ui.widgets.inline_message import InlineMessage
from ui.widgets.labels import heading_label, hint_label
from ui.window.pages import BookPage
from ui.window.read_only import keep_for_browsing

POINTS_PLACEHOLDER = (
    "What to raise with this person on this trip. "
    "Talking points appear in the full edition only, never in the handout."
)


def role_combo(parent: QWidget) -> QComboBox:
    """The usual roles to pick from, and room to type any other."""
    combo = QComboBox(parent)
    combo.setEditable(True)
    combo.addItems(list(PARTICIPANT_ROLES))
    combo.setCurrentIndex(-1)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    line = combo.lineEdit()
    if line is not None:
        line.setPlaceholderText("Host, Counterpart, Delegation…")
    return combo


class NewPersonForm(QFrame):
    """Create a person and attach them in one step, without leaving the book."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.name_edit = QLineEdit(self)
        self.title_edit = QLineEdit(self)
        self.organization_edit = QLineEdit(self)
        self.role_combo = role_combo(self)
        self.create_button = QPushButton("Create and attach", self)
        self.create_button.setDefault(True)
        self.cancel_button = QPushButton("Cancel", self)
        self.message = InlineMessage(self)
        grid = QGridLayout(self)
        grid.addWidget(QLabel("<b>New person</b> (added to the People library too)"), 0, 0, 1, 4)
        grid.addWidget(QLabel("Name"), 1, 0)
        grid.addWidget(self.name_edit, 1, 1)
        grid.addWidget(QLabel("Role"), 1, 2)
        grid.addWidget(self.role_combo, 1, 3)
        grid.addWidget(QLabel("Title"), 2, 0)
        grid.addWidget(self.title_edit, 2, 1)
        grid.addWidget(QLabel("Organization"), 2, 2)
        grid.addWidget(self.organization_edit, 2, 3)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addStretch(1)  # keeps the buttons compact while there is no message
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.create_button)
        grid.addLayout(buttons, 3, 0, 1, 4)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.name_edit.returnPressed.connect(self.create_button.click)

    def start(self, name: str) -> None:
        for edit in (self.name_edit, self.title_edit, self.organization_edit):
            edit.clear()
        self.role_combo.setCurrentIndex(-1)
        self.role_combo.setEditText("")
        self.message.clear()
        self.name_edit.setText(name.strip())
        self.show()
        self.name_edit.setFocus()


class ParticipantDetails(QWidget):
    """The selected participant: who they are, their role and talking points for this book."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.entry: ParticipantEntry | None = None
        self._loading = False
        self._dirty = False
        self.autosave = SaveTimer(self.save_now, parent=self)

        self.photo = PhotoView(QSize(96, 120), self)
        self.name_label = QLabel(self)
        self.name_label.setWordWrap(True)
        self.name_label.setTextFormat(Qt.TextFormat.PlainText)
        font = self.name_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.name_label.setFont(font)
        self.about_label = QLabel(self)
        self.about_label.setWordWrap(True)
        self.about_label.setTextFormat(Qt.TextFormat.PlainText)
        self.open_button = QPushButton("Open profile", self)
        self.open_button.setToolTip("Edit this person in the People library")
        keep_for_browsing(self.open_button)  # shows the profile: browsing, not editing
        self.role_combo = role_combo(self)
        self.points_editor = SectionEditor(self)
        self.points_editor.editor.setAccessibleName("Talking points")
        self.spelling = bind_spelling(
            self.points_editor.editor,
            context,
            lambda: self.entry.participant.book_id if self.entry is not None else None,
        )
        self.points_editor.setMinimumHeight(200)
        self.message = InlineMessage(self)

        who = QVBoxLayout()
        who.addWidget(self.name_label)
        who.addWidget(self.about_label)
        who.addStretch(1)
        who.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        top = QHBoxLayout()
        top.addWidget(self.photo, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(who, 1)
        form = QFormLayout()
        form.addRow("&Role in this book", self.role_combo)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 0, 0, 0)
        layout.addLayout(top)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addWidget(self.points_editor, 1)
        layout.addWidget(self.message)

        self.role_combo.currentTextChanged.connect(self._changed)
        self.points_editor.edited.connect(self._changed)
        self.open_button.clicked.connect(self._open_profile)

    def show_entry(self, entry: ParticipantEntry | None) -> None:
        """Show a participant (saving pending edits of the previous one first)."""
        if entry is None or self.entry is None or entry.person.id != self.entry.person.id:
            self.flush()
        elif self._dirty:
            return  # same participant still being edited: keep what is typed
        self.entry = entry
        self.spelling.refresh()
        self._loading = True
        try:
            self._fill(entry)
        finally:
            self._loading = False
        self.setEnabled(entry is not None)

    def _fill(self, entry: ParticipantEntry | None) -> None:
        person = entry.person if entry else Person(name="")
        image = self.context.store.get_image(person.photo) if person.photo else None
        self.photo.set_image_data(image.data if image else None, "No photo")
        self.photo.setToolTip(person.photo_alt)
        self.name_label.setText(" ".join(p for p in (person.honorific, person.name) if p))
        about = [person.native_name, person.title, person.organization, person.country]
        self.about_label.setText("\n".join(part for part in about if part))
        role = entry.participant.role if entry else ""
        if self.role_combo.currentText() != role:
            self.role_combo.setCurrentIndex(self.role_combo.findText(role))
            self.role_combo.setEditText(role)
        points = entry.participant.talking_points if entry else ""
        if entry is None:
            self.points_editor.clear("Select a participant to write their talking points.")
        elif self.points_editor.markdown() != points or self.points_editor.editor.isReadOnly():
            self.points_editor.load("Talking points for this book", points, POINTS_PLACEHOLDER)
        self.message.clear()

    def _changed(self) -> None:
        if self._loading or self.entry is None:
            return
        self._dirty = True
        self.autosave.touch()

    def save_now(self) -> None:
        self.autosave.cancel()
        entry = self.entry
        if entry is None or not self._dirty:
            return
        store = self.context.store
        book_id = entry.participant.book_id
        attached = {p.person_id for p in store.list_participants(book_id)}
        if entry.person.id not in attached:
            self._dirty = False  # detached meanwhile: a late save must not re-attach them
            return
        current = next(
            p for p in store.list_participants(book_id) if p.person_id == entry.person.id
        )
        updated = replace(
            current,
            role=self.role_combo.currentText().strip(),
            talking_points=self.points_editor.markdown(),
        )
        try:
            store.save_participant(updated)
        except BriefBookError as error:
            self.message.show_error(f"Not saved yet: {error}")
            self.context.events.save_state.emit("failed", str(error))
            self.autosave.retry_later()
            return
        self._dirty = False
        self.entry = ParticipantEntry(updated, entry.person)
        self.message.clear()
        self.context.events.save_state.emit("saved", "")
        self.context.events.book_changed.emit(book_id)

    def flush(self) -> None:
        if self._dirty:
            self.save_now()

    @property
    def dirty(self) -> bool:
        return self._dirty

    def _open_profile(self) -> None:
        if self.entry is not None:
            self.context.events.open_record.emit(
                "person", self.entry.person.id, self.entry.participant.book_id
            )


class ParticipantsPage(BookPage):
    """Who the book's reader will meet, in the order the book lists them."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.model = ParticipantsModel(context.store, self)

        self.search_field = AttachSearchField(
            context,
            "person",
            "Add a person: type a name, title or organization…",
            self,
            self._describe_hit,
        )
        self.search_field.setAccessibleName("Add a participant")
        self.new_button = QPushButton("New person…", self)
        self.new_button.setToolTip("Create a person who is not in the library yet")
        self.new_form = NewPersonForm(self)
        self.new_form.hide()
        self.message = InlineMessage(self)

        self.table = ordered_table_view(self.model, (190, 110), (TITLE, ORGANIZATION), self)

        self.count_label = hint_label("", self)
        self.count_label.setWordWrap(False)
        self.up_button = QPushButton("Move up", self)
        self.down_button = QPushButton("Move down", self)
        self.detach_button = QPushButton("Detach", self)
        self.detach_button.setToolTip("Take this person off the book (they stay in the library)")
        self.details = ParticipantDetails(context, self)

        self.empty_hint = QLabel(
            "No one is attached yet. Type a name above, drag people here from the "
            "People library, or create a new person.",
            self,
        )
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)

        attach_row = QHBoxLayout()
        attach_row.addWidget(self.search_field, 1)
        attach_row.addWidget(self.new_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.up_button)
        buttons.addWidget(self.down_button)
        buttons.addStretch(1)
        buttons.addWidget(self.count_label)
        buttons.addStretch(1)
        buttons.addWidget(self.detach_button)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.empty_hint)
        left_layout.addLayout(buttons)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.details)
        self.splitter.setSizes([560, 440])  # a ratio: QSplitter scales it to the width
        self.splitter.setChildrenCollapsible(False)

        book_view = QWidget(self)
        book_layout = QVBoxLayout(book_view)
        book_layout.setContentsMargins(0, 0, 0, 0)
        book_layout.addLayout(attach_row)
        book_layout.addWidget(self.new_form)
        book_layout.addWidget(self.message)
        book_layout.addWidget(self.splitter, 1)
        no_book = QLabel("Open a book to see and arrange its participants.", self)
        no_book.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(no_book)
        self.stack.addWidget(book_view)

        self.title_label = heading_label("Participants", self)
        hint = hint_label(
            "The people this book profiles, in the order it lists them. Drag rows to "
            "reorder; type in the box below to add someone, or drag people from the People "
            "library onto this book in the list on the left.",
            self,
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(self.title_label)
        layout.addWidget(hint)
        layout.addWidget(self.stack, 1)

        self.search_field.chosen.connect(self._attach_chosen)
        self.new_button.clicked.connect(self.start_new_person)
        self.new_form.create_button.clicked.connect(self.create_new_person)
        self.new_form.cancel_button.clicked.connect(self.new_form.hide)
        self.model.ids_dropped.connect(self.place)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(+1))
        self.detach_button.clicked.connect(self.detach_selected)
        delete = QShortcut(QKeySequence.StandardKey.Delete, self.table)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.detach_selected)
        context.events.book_changed.connect(self._book_changed)
        context.events.people_changed.connect(self._people_changed)
        self.set_book(None)

    # --- BookPage -------------------------------------------------------------------------

    def set_book(self, book_id: str | None) -> None:
        if book_id != self.book_id:
            self.details.flush()
            self.new_form.hide()
            self.message.clear()
        super().set_book(book_id)
        self.stack.setCurrentIndex(1 if book_id else 0)
        self.reload()

    def flush(self) -> None:
        self.details.flush()

    def has_unsaved_changes(self) -> bool:
        return self.details.dirty

    def focus_record(self, record_id: str) -> None:
        row = self.model.row_of(record_id)
        if row >= 0:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, NAME),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.table.scrollTo(self.model.index(row, NAME))

    # --- loading --------------------------------------------------------------------------

    def reload(self) -> None:
        self.model.load(self.book_id)
        self.search_field.set_excluded(set(self.model.ids()))
        count = self.model.rowCount()
        noun = "participant" if count == 1 else "participants"
        self.count_label.setText(f"{count} {noun}" if self.book_id else "")
        self.empty_hint.setVisible(self.book_id is not None and count == 0)
        self._show_current()

    def _book_changed(self, book_id: str) -> None:
        if book_id == self.book_id:
            self.reload()

    def _people_changed(self) -> None:
        if self.book_id is not None:
            self.reload()

    # --- selection ------------------------------------------------------------------------

    def current_person_id(self) -> str | None:
        index = self.table.selectionModel().currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.ids()[index.row()]

    def _current_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_current()

    def _show_current(self) -> None:
        person_id = self.current_person_id()
        row = self.model.row_of(person_id) if person_id else -1
        self.details.show_entry(self.model.item(row) if row >= 0 else None)
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < self.model.rowCount() - 1)
        self.detach_button.setEnabled(row >= 0)

    def _describe_hit(self, hit: SearchHit) -> str:
        try:
            person = self.context.store.get_person(hit.id)
        except NotFound:
            return hit.title
        about = joined(person.title, person.organization)
        native = f" ({person.native_name})" if person.native_name else ""
        return f"{person.name}{native}  —  {about}" if about else person.name + native

    # --- changes --------------------------------------------------------------------------

    def place(self, person_ids: list[str], row: int) -> bool:
        """Attach or move people to ``row`` (drops, the search field and the buttons)."""
        if self.book_id is None:
            return False
        self.details.flush()
        done = library_commands.place_participants(
            self.context, self.book_id, person_ids, row, self.message.show_error
        )
        if done:
            self.message.clear()
            if person_ids:
                self.focus_record(person_ids[0])
        return done

    def _attach_chosen(self, person_id: str) -> None:
        self.place([person_id], self.model.rowCount())

    def move_selected(self, step: int) -> None:
        person_id = self.current_person_id()
        if person_id is None:
            return
        row = self.model.row_of(person_id)
        target = row + step if step < 0 else row + step + 1
        if 0 <= row + step < self.model.rowCount():
            self.place([person_id], target)

    def detach_selected(self) -> None:
        person_id = self.current_person_id()
        if person_id is None or self.book_id is None:
            return
        self.details.flush()
        row = self.model.row_of(person_id)
        if library_commands.detach_participant(
            self.context, self.book_id, person_id, self.message.show_error
        ):
            remaining = self.model.rowCount()
            if remaining:
                self.focus_record(self.model.ids()[min(row, remaining - 1)])

    def start_new_person(self) -> None:
        self.new_form.start(self.search_field.text())

    def create_new_person(self) -> str | None:
        """Create the person typed in the inline form, add them to the library and attach."""
        if self.book_id is None:
            return None
        form = self.new_form
        name = form.name_edit.text().strip()
        if not name:
            form.message.show_warning("Type the person's name first.")
            return None
        person = Person(
            name=name,
            title=form.title_edit.text().strip(),
            organization=form.organization_edit.text().strip(),
        )
        stack = self.context.undo_stack
        stack.beginMacro(f"New participant {name}")
        try:
            created = library_commands.add_person(self.context, person, form.message.show_error)
            attached = created and library_commands.place_participants(
                self.context,
                self.book_id,
                [person.id],
                self.model.rowCount(),
                form.message.show_error,
                role=form.role_combo.currentText().strip(),
            )
        finally:
            stack.endMacro()
        if not attached:
            stack.undo()  # take back whatever part of the macro was made
            return None
        form.hide()
        self.search_field.clear()
        self.focus_record(person.id)
        return person.id
