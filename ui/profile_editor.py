"""The profile editor of the people library: every field of a person, saved as you type.

Edits reach the store about a second after the last keystroke (``DebouncedSave``) and at once
on ``flush()`` (switching person, leaving the page, quitting). A person deleted meanwhile (for
example by undoing their creation) is never brought back by a late save.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.domain import Person
from app.errors import BriefBookError, NotFound
from ui.context import AppContext
from ui.debounced_save import DebouncedSave
from ui.inline_message import InlineMessage
from ui.photo_field import PhotoField
from ui.verified_field import VerifiedField


def split_list(text: str) -> list[str]:
    """ "Azerbaijani, Russian, English" → ["Azerbaijani", "Russian", "English"]."""
    return [item.strip() for item in text.split(",") if item.strip()]


def books_phrase(titles: list[str]) -> str:
    """ "Used in 2 books: A, B", or a note that the record is in no book yet."""
    if not titles:
        return "Not used in any book yet."
    shown = ", ".join(titles[:5]) + (f" and {len(titles) - 5} more" if len(titles) > 5 else "")
    noun = "book" if len(titles) == 1 else "books"
    return f"Used in {len(titles)} {noun}: {shown}."


class ProfileEditor(QWidget):
    """Edits one person of the library; ``saved`` carries the ``Person`` after each save."""

    saved = Signal(object)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._person: Person | None = None
        self._dirty = False
        self._loading = False
        self.autosave = DebouncedSave(self.save_now, parent=self)

        self.name_edit = QLineEdit(self)
        self.native_name_edit = QLineEdit(self)
        self.native_name_edit.setPlaceholderText("Name in its own script, e.g. Səməddin Əsədov")
        self.honorific_edit = QLineEdit(self)
        self.honorific_edit.setPlaceholderText("H.E., Dr., Mr., Ms.")
        self.pronunciation_edit = QLineEdit(self)
        self.pronunciation_edit.setPlaceholderText("e.g. sa-MAD-din a-SA-dov")
        self.title_edit = QLineEdit(self)
        self.organization_edit = QLineEdit(self)
        self.country_edit = QLineEdit(self)
        self.languages_edit = QLineEdit(self)
        self.languages_edit.setPlaceholderText("Comma-separated: Azerbaijani, Russian, English")
        self.tags_edit = QLineEdit(self)
        self.tags_edit.setPlaceholderText("Comma-separated: transport, digital")
        self.source_edit = QLineEdit(self)
        self.source_edit.setPlaceholderText("Where these facts come from")
        self.photo_field = PhotoField(context, self)
        self.photo_alt_edit = QLineEdit(self)
        self.photo_alt_edit.setPlaceholderText("Describe the photo for readers who cannot see it")
        self.alt_warning = InlineMessage(self)
        self.verified_field = VerifiedField(self)
        self.bio_edit = QPlainTextEdit(self)
        self.bio_edit.setPlaceholderText(
            "Biography in Markdown: **bold**, *italic*, - bullet lists, ## headings"
        )
        self.bio_edit.setTabChangesFocus(True)
        self.usage_label = QLabel(self)
        self.usage_label.setWordWrap(True)
        self.save_message = InlineMessage(self)
        self.empty_label = QLabel("Select a person in the list, or add one with “New person”.")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self._build_layout()
        self._connect_edits()
        self.load(None)

    def _build_layout(self) -> None:
        identity = QFormLayout()
        identity.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        identity.addRow("&Name", self.name_edit)
        identity.addRow("Nati&ve name", self.native_name_edit)
        identity.addRow("&Honorific", self.honorific_edit)
        identity.addRow("&Pronunciation", self.pronunciation_edit)
        identity.addRow("&Title", self.title_edit)
        identity.addRow("&Organization", self.organization_edit)
        identity.addRow("&Country", self.country_edit)

        top = QGridLayout()
        top.setHorizontalSpacing(16)
        top.addWidget(self.photo_field, 0, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(identity, 0, 1)
        top.setColumnStretch(1, 1)

        details = QFormLayout()
        details.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        details.addRow("Photo &description", self.photo_alt_edit)
        details.addRow("", self.alt_warning)
        details.addRow("&Languages", self.languages_edit)
        details.addRow("Ta&gs", self.tags_edit)
        details.addRow("&Source", self.source_edit)
        details.addRow("&Verified as of", self.verified_field)

        bio_label = QLabel("&Biography (Markdown)", self)
        bio_label.setBuddy(self.bio_edit)
        self.bio_edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.bio_edit.setMinimumHeight(160)

        self.form = QWidget(self)
        form_layout = QVBoxLayout(self.form)
        form_layout.setContentsMargins(0, 0, 0, 0)
        form_layout.addLayout(top)
        form_layout.addSpacing(8)
        form_layout.addLayout(details)
        form_layout.addSpacing(4)
        form_layout.addWidget(bio_label)
        form_layout.addWidget(self.bio_edit, 1)
        form_layout.addWidget(self.usage_label)
        form_layout.addWidget(self.save_message)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.form, 1)

    def _connect_edits(self) -> None:
        for edit in (
            self.name_edit,
            self.native_name_edit,
            self.honorific_edit,
            self.pronunciation_edit,
            self.title_edit,
            self.organization_edit,
            self.country_edit,
            self.languages_edit,
            self.tags_edit,
            self.source_edit,
            self.photo_alt_edit,
        ):
            edit.textChanged.connect(self._changed)
        self.bio_edit.textChanged.connect(self._changed)
        self.verified_field.changed.connect(self._changed)
        self.photo_field.photo_changed.connect(self._changed)
        self.photo_field.photo_changed.connect(self._update_alt_warning)
        self.photo_alt_edit.textChanged.connect(self._update_alt_warning)

    # --- loading --------------------------------------------------------------------------

    @property
    def person_id(self) -> str | None:
        return self._person.id if self._person else None

    def load(self, person_id: str | None) -> None:
        """Show a person (saving any pending edit of the previous one first)."""
        self.flush()
        person = None
        if person_id is not None:
            try:
                person = self.context.store.get_person(person_id)
            except NotFound:
                person = None
        self._person = person
        self._loading = True
        try:
            self._fill(person)
        finally:
            self._loading = False
        self._dirty = False
        self.empty_label.setVisible(person is None)
        self.form.setVisible(person is not None)

    def _fill(self, person: Person | None) -> None:
        blank = Person(name="")
        shown = person or blank
        self.name_edit.setText(shown.name)
        self.native_name_edit.setText(shown.native_name)
        self.honorific_edit.setText(shown.honorific)
        self.pronunciation_edit.setText(shown.pronunciation)
        self.title_edit.setText(shown.title)
        self.organization_edit.setText(shown.organization)
        self.country_edit.setText(shown.country)
        self.languages_edit.setText(", ".join(shown.languages))
        self.tags_edit.setText(", ".join(shown.tags))
        self.source_edit.setText(shown.source)
        self.photo_alt_edit.setText(shown.photo_alt)
        self.bio_edit.setPlainText(shown.bio)
        self.photo_field.set_photo(shown.photo)
        self.verified_field.set_value(shown.last_verified)
        self.save_message.clear()
        self._update_alt_warning()
        self.refresh_usage()

    def refresh_usage(self) -> None:
        if self._person is None:
            self.usage_label.clear()
            return
        books = self.context.store.books_using_person(self._person.id)
        self.usage_label.setText(books_phrase([book.title for book in books]))

    # --- editing and saving ---------------------------------------------------------------

    def _changed(self) -> None:
        if self._loading or self._person is None:
            return
        self._dirty = True
        self.autosave.touch()

    def _update_alt_warning(self) -> None:
        if self.photo_field.photo() and not self.photo_alt_edit.text().strip():
            self.alt_warning.show_warning(
                "Add a photo description: the printed book and screen readers need it."
            )
        else:
            self.alt_warning.clear()

    def edited_person(self) -> Person | None:
        """The person as the fields show it now (an empty name keeps the stored one)."""
        if self._person is None:
            return None
        name = self.name_edit.text().strip() or self._person.name
        return replace(
            self._person,
            name=name,
            native_name=self.native_name_edit.text().strip(),
            honorific=self.honorific_edit.text().strip(),
            pronunciation=self.pronunciation_edit.text().strip(),
            title=self.title_edit.text().strip(),
            organization=self.organization_edit.text().strip(),
            country=self.country_edit.text().strip(),
            languages=split_list(self.languages_edit.text()),
            tags=split_list(self.tags_edit.text()),
            source=self.source_edit.text().strip(),
            photo=self.photo_field.photo(),
            photo_alt=self.photo_alt_edit.text().strip(),
            bio=self.bio_edit.toPlainText(),
            last_verified=self.verified_field.value(),
        )

    def save_now(self) -> None:
        """Write pending edits to the store (the autosave timer and ``flush`` call this)."""
        self.autosave.cancel()
        person = self.edited_person()
        if person is None or not self._dirty:
            return
        store = self.context.store
        try:
            store.get_person(person.id)
        except NotFound:
            self.discard()  # deleted meanwhile: a late save must not bring it back
            return
        try:
            saved = store.save_person(person)
        except BriefBookError as error:
            self.save_message.show_error(f"Not saved yet: {error}")
            return
        self._person = saved
        self._dirty = False
        if self.name_edit.text().strip():
            self.save_message.clear()
        else:
            self.save_message.show_warning(
                f"A person needs a name; “{saved.name}” is kept until you type a new one."
            )
        self.context.events.status_message.emit("Saved")
        self.saved.emit(saved)

    def flush(self) -> None:
        if self._dirty:
            self.save_now()

    def discard(self) -> None:
        """Forget pending edits and show nothing (the person is gone)."""
        self.autosave.cancel()
        self._dirty = False
        self._person = None
        self.load(None)

    @property
    def dirty(self) -> bool:
        return self._dirty
