"""The Overview page: a book's details (title, trip, dates, marking, page size...)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain import MARKING_PRESETS, PAGE_SIZES, Book
from app.errors import NotFound
from app.spelling.languages import LANGUAGES, label
from app.timezones import known_zones, picker_zones
from ui.book.section_editor import RichTextEdit
from ui.commands import book_commands as cmd
from ui.commands.base import push_applied
from ui.context import AppContext
from ui.session.autosave import Autosaver
from ui.session.spelling import bind_spelling
from ui.widgets.date_edit import OptionalDateEdit
from ui.widgets.labels import error_label, heading_label, hint_label, show_error
from ui.widgets.rich_text import document_to_markdown, load_markdown
from ui.window.pages import BookPage

PAGE_SIZE_NAMES = {"letter": "US Letter", "a4": "A4"}
FORM_WIDTH = 720


def _line_edit(combo: QComboBox) -> QLineEdit:
    edit = combo.lineEdit()
    assert edit is not None, "an editable combo box has a line edit"
    return edit


def timezone_names() -> tuple[str, ...]:
    return picker_zones()


class BookFormPage(BookPage):
    """Edits the open book's own fields; every change autosaves and can be undone."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.autosaver = Autosaver(context, self)
        self._loading = False
        self._loaded_purpose: str | None = None

        self.title_heading = heading_label("", self)
        self.title_heading.setObjectName("bookHeading")
        self.summary = hint_label("", self)
        self.summary.setObjectName("bookSummary")

        self.title = self._line("Title of the book, e.g. “Baku engagement”")
        self.subtitle = self._line("Optional second line on the cover")
        self.destination = self._line("City and country, e.g. “Baku, Azerbaijan”")
        self.start_date = OptionalDateEdit(self, "Start date")
        self.end_date = OptionalDateEdit(self, "End date")
        self.end_date.near = self.start_date.value  # an empty end date opens near the start
        self.dates_message = error_label(self)
        self.timezone = QComboBox(self)
        self.timezone.setEditable(True)
        self.timezone.addItem("")
        self.timezone.addItems(list(timezone_names()))
        _line_edit(self.timezone).setPlaceholderText("Destination time zone, e.g. Asia/Baku")
        completer = QCompleter(list(timezone_names()), self.timezone)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.timezone.setCompleter(completer)
        self.timezone.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        # Purpose is Markdown like the sections, edited the same WYSIWYG way.
        self.purpose = RichTextEdit(self)
        self.purpose.document().setDocumentMargin(6)
        self.purpose.set_placeholder("Why the trip is taking place, in a sentence or two.")
        self.purpose.setTabChangesFocus(True)
        self.purpose.setAccessibleName("Purpose")
        self.purpose.setFixedHeight(self.fontMetrics().lineSpacing() * 6 + 16)
        self.spelling = bind_spelling(self.purpose, context, lambda: self.book_id)
        self.language = QComboBox(self)
        self.language.setObjectName("bookLanguage")
        self.language.setAccessibleName("Spelling language")
        english = label(self.spelling.spelling.default_language)
        self.language.addItem(f"{english} (this computer's English)", "")
        for choice in LANGUAGES:
            checked = "" if choice.dictionary else " (not checked)"
            self.language.addItem(f"{choice.label}{checked}", choice.code)
        self.language.setToolTip(
            "The language the book is written in: its text is checked for spelling in it. "
            "A section can have its own."
        )
        self.marking = QComboBox(self)
        self.marking.setEditable(True)
        self.marking.addItem("")
        self.marking.addItems(list(MARKING_PRESETS))
        self.marking.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        _line_edit(self.marking).setPlaceholderText("Choose a marking or type your own")
        self.prepared_by = self._line("Your name or office")
        self.organization = self._line("Agency or department")
        self.page_size = QComboBox(self)
        for key in PAGE_SIZES:
            self.page_size.addItem(PAGE_SIZE_NAMES.get(key, key), key)
        self.house_style = QComboBox(self)
        self.house_style.setAccessibleName("House style")
        self.house_style.setToolTip(
            "The office look this book exports in; Edit ▸ House styles… makes and changes them"
        )
        self.message = error_label(self)

        self._layout_form()
        self._connect()
        self.set_book(None)

    def _line(self, placeholder: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setPlaceholderText(placeholder)
        edit.setClearButtonEnabled(True)
        return edit

    def _layout_form(self) -> None:
        dates = QHBoxLayout()
        dates.setSpacing(8)
        dates.addWidget(self.start_date, 1)
        dates.addWidget(QLabel("to", self))
        dates.addWidget(self.end_date, 1)

        trip = QFormLayout()
        trip.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        trip.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        trip.setVerticalSpacing(10)
        trip.setHorizontalSpacing(14)
        trip.addRow("&Title:", self.title)
        trip.addRow("S&ubtitle:", self.subtitle)
        trip.addRow("&Destination:", self.destination)
        trip.addRow("Dates:", dates)
        trip.addRow("", self.dates_message)
        trip.addRow("Time &zone:", self.timezone)
        trip.addRow("&Purpose:", self.purpose)
        trip.addRow("Spelling &language:", self.language)
        trip.addRow(self._section_title("On the cover and every page"))
        trip.addRow("&Marking:", self.marking)
        trip.addRow("P&repared by:", self.prepared_by)
        trip.addRow("&Organization:", self.organization)
        trip.addRow("Page si&ze:", self.page_size)
        trip.addRow("House st&yle:", self.house_style)
        trip.addRow("", self.message)

        content = QWidget(self)
        content.setMaximumWidth(FORM_WIDTH)
        column = QVBoxLayout(content)
        column.setContentsMargins(24, 20, 24, 24)
        column.setSpacing(6)
        column.addWidget(self.title_heading)
        column.addWidget(self.summary)
        column.addSpacing(14)
        column.addWidget(self._section_title("The trip"))
        column.addLayout(trip)
        column.addStretch(1)

        holder = QWidget(self)
        centre = QHBoxLayout(holder)
        centre.setContentsMargins(0, 0, 0, 0)
        centre.addWidget(content, 1, Qt.AlignmentFlag.AlignTop)
        centre.addStretch(0)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(holder)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    def _section_title(self, text: str) -> QLabel:
        label = heading_label(text, self, scale=1.1)
        label.setContentsMargins(0, 10, 0, 2)
        return label

    def _connect(self) -> None:
        for edit in (
            self.title,
            self.subtitle,
            self.destination,
            self.prepared_by,
            self.organization,
        ):
            edit.textChanged.connect(self._on_text_changed)
            edit.editingFinished.connect(self.flush)
        self.purpose.textChanged.connect(self._on_text_changed)
        self.marking.currentTextChanged.connect(self._on_text_changed)
        self.marking.activated.connect(self.flush)
        self.timezone.activated.connect(self._on_choice_changed)
        _line_edit(self.timezone).editingFinished.connect(self._on_choice_changed)
        self.page_size.activated.connect(self._on_choice_changed)
        self.language.activated.connect(self._on_choice_changed)
        self.start_date.changed.connect(self._on_choice_changed)
        self.end_date.changed.connect(self._on_choice_changed)
        self.context.events.book_changed.connect(self._on_book_changed)
        self.house_style.activated.connect(self._on_house_style_chosen)
        self.context.events.book_changed.connect(lambda _: self._load_house_styles())

    # --- BookPage --------------------------------------------------------------------------

    def set_book(self, book_id: str | None) -> None:
        if self.book_id and book_id != self.book_id:
            self.flush()
        super().set_book(book_id)
        self._loaded_purpose = None
        show_error(self.message, "")
        show_error(self.dates_message, "")
        self.setEnabled(book_id is not None)
        self._load()
        self.spelling.refresh()

    def flush(self) -> None:
        if self.book_id:
            self.autosaver.capture(self._key())
        self.autosaver.flush()

    def has_unsaved_changes(self) -> bool:
        return self.autosaver.is_dirty()

    def focus_record(self, record_id: str) -> None:
        self.title.setFocus()

    # --- loading ---------------------------------------------------------------------------

    def _key(self) -> str:
        return f"book:{self.book_id}"

    def _stored_book(self) -> Book | None:
        if self.book_id is None:
            return None
        try:
            return self.context.store.get_book(self.book_id)
        except NotFound:
            return None

    def _load(self) -> None:
        book = self._stored_book()
        self._loading = True
        try:
            if book is None:
                book = Book(title="")
            for edit, value in (
                (self.title, book.title),
                (self.subtitle, book.subtitle),
                (self.destination, book.destination),
                (self.prepared_by, book.prepared_by),
                (self.organization, book.organization),
            ):
                if edit.text() != value:
                    edit.setText(value)
            if self._loaded_purpose != book.purpose:
                load_markdown(self.purpose.document(), book.purpose)
                self.purpose.moveCursor(QTextCursor.MoveOperation.Start)
                self._loaded_purpose = book.purpose
            if self.marking.currentText() != book.marking:
                self.marking.setCurrentText(book.marking)
            if self.timezone.currentText() != book.timezone:
                self.timezone.setCurrentText(book.timezone)
            self.page_size.setCurrentIndex(max(0, self.page_size.findData(book.page_size)))
            if self.language.findData(book.language) < 0:
                self.language.addItem(book.language, book.language)  # from a newer BriefBook
            self.language.setCurrentIndex(self.language.findData(book.language))
            self.start_date.set_value(book.start_date)
            self.end_date.set_value(book.end_date)
        finally:
            self._loading = False
        self._load_house_styles()
        self._update_header(book)

    # --- house style (undoable, like the book's other fields) ------------------------------

    def _load_house_styles(self) -> None:
        from app.styles.records import StyleRecords

        records = StyleRecords(self.context.store)
        names = dict(records.style_names())
        chosen = records.book_style_id(self.book_id) if self.book_id else None
        self.house_style.blockSignals(True)
        self.house_style.clear()
        self.house_style.addItem(f"The default ({names[records.default_style_id()]})", None)
        for ident, name in names.items():
            self.house_style.addItem(name, ident)
        index = self.house_style.findData(chosen) if chosen in names else 0
        self.house_style.setCurrentIndex(max(0, index))
        self.house_style.blockSignals(False)

    def _on_house_style_chosen(self, _index: int) -> None:
        if self.book_id is None:
            return
        chosen = self.house_style.currentData()
        if not cmd.choose_house_style(
            self.context, self.book_id, chosen, self.house_style.currentText()
        ):
            self._load_house_styles()  # refused (the user_error said why): show what holds

    def _update_header(self, book: Book) -> None:
        self.title_heading.setText(book.title or "No book open")
        if self.book_id is None:
            self.summary.setText("Choose a book on the left, or create one with File ▸ New book.")
            return
        store = self.context.store
        counts = (
            (len(store.list_sections(self.book_id)), "section"),
            (len(store.list_participants(self.book_id)), "participant"),
            (len(store.list_book_notes(self.book_id)), "sector note"),
            (len(store.list_meetings(self.book_id)), "meeting"),
        )
        self.summary.setText(" · ".join(f"{n} {word}{'' if n == 1 else 's'}" for n, word in counts))

    def _on_book_changed(self, book_id: str) -> None:
        if book_id == self.book_id and not self.autosaver.is_dirty(self._key()):
            self._load()

    # --- saving ----------------------------------------------------------------------------

    def _on_text_changed(self) -> None:
        if not self._loading and self.book_id:
            self.autosaver.mark_dirty(self._key(), self.form_book, self._write)

    def _on_choice_changed(self) -> None:
        self._on_text_changed()
        self.flush()

    def form_book(self) -> Book:
        """The book as the form shows it now."""
        stored = self._stored_book() or Book(title="")
        return replace(
            stored,
            title=self.title.text().strip(),
            subtitle=self.subtitle.text().strip(),
            destination=self.destination.text().strip(),
            start_date=self.start_date.value(),
            end_date=self.end_date.value(),
            marking=self.marking.currentText().strip(),
            prepared_by=self.prepared_by.text().strip(),
            organization=self.organization.text().strip(),
            purpose=self._purpose_markdown(stored),
            page_size=self.page_size.currentData() or "letter",
            timezone=self.timezone.currentText().strip(),
            language=self.language.currentData() or "",
        )

    def _purpose_markdown(self, stored: Book) -> str:
        # Unedited, the stored text is kept as written (the editor would respell its Markdown).
        if not self.purpose.document().isModified():
            return stored.purpose
        return document_to_markdown(self.purpose.document()).strip()

    def validate(self, book: Book, stored: Book) -> Book:
        """``book`` with every refused field put back to its stored value; the reasons are
        shown next to the fields and stay until the field is corrected."""
        dates_problem = ""
        if book.start_date and book.end_date and book.end_date < book.start_date:
            dates_problem = "The end date is before the start date. The dates were not saved."
            book = replace(book, start_date=stored.start_date, end_date=stored.end_date)
        show_error(self.dates_message, dates_problem)
        problem = ""
        if not book.title:
            problem = "A book needs a title. The title was not saved."
            book = replace(book, title=stored.title)
        elif book.timezone and book.timezone not in known_zones():
            problem = f"“{book.timezone}” is not a known time zone; pick one from the list."
            book = replace(book, timezone=stored.timezone)
        show_error(self.message, problem)
        return book

    def _write(self, edited: Book) -> None:
        before = self._stored_book()
        if before is None or edited.id != before.id:
            return
        after = self.validate(edited, before)
        command = cmd.EditBookCommand(self.context, before, after)
        if command.changed_fields:
            push_applied(self.context, command)
            # What is stored now is what the field shows: no reload while typing.
            self._loaded_purpose = after.purpose
