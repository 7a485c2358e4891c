"""The profile editor of the people library: every field of a person, saved as you type."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain import Person
from ui.book.section_editor import SectionEditor
from ui.context import AppContext
from ui.library.photo_field import PhotoField
from ui.library.record_editor import RecordEditor
from ui.library.verified_field import VerifiedField
from ui.session.spelling import LIBRARY, bind_spelling
from ui.widgets.inline_message import InlineMessage

BIO_PLACEHOLDER = "Career, responsibilities, and what matters to them for this relationship."


def split_list(text: str) -> list[str]:
    """ "Azerbaijani, Russian, English" → ["Azerbaijani", "Russian", "English"]."""
    return [item.strip() for item in text.split(",") if item.strip()]


class ProfileEditor(RecordEditor):
    """Edits one person of the library; ``saved`` carries the ``Person`` after each save."""

    record: Person | None

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.name_edit = QLineEdit(self)
        self.first_field = self.name_edit
        self.native_name_edit = QLineEdit(self)
        self.native_name_edit.setPlaceholderText("e.g. Səməddin Əsədov")
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
        self.photo_field = PhotoField(context, self, QSize(112, 140))
        self.photo_alt_edit = QLineEdit(self)
        self.photo_alt_edit.setPlaceholderText("Describe the photo for readers who cannot see it")
        self.alt_warning = InlineMessage(self)
        self.verified_field = VerifiedField(self)
        self.bio_editor = SectionEditor(self)
        self.spelling = bind_spelling(self.bio_editor.editor, context, lambda: LIBRARY)
        self.bio_editor.editor.setAccessibleName("Biography")
        self.bio_editor.setMinimumHeight(240)
        self.usage_label = QLabel(self)
        self.usage_label.setWordWrap(True)
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

        top = QHBoxLayout()
        top.setSpacing(16)
        top.addWidget(self.photo_field, 0, Qt.AlignmentFlag.AlignTop)
        identity_column = QVBoxLayout()
        identity_column.addLayout(identity)
        identity_column.addStretch(1)  # keep the rows together beside the taller photo
        top.addLayout(identity_column, 1)

        details = QFormLayout()
        details.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        details.addRow("&Pronunciation", self.pronunciation_edit)
        details.addRow("Photo &description", self.photo_alt_edit)
        details.addRow("", self.alt_warning)
        details.addRow("&Title", self.title_edit)
        details.addRow("&Organization", self.organization_edit)
        details.addRow("&Country", self.country_edit)
        details.addRow("&Languages", self.languages_edit)
        details.addRow("Ta&gs", self.tags_edit)
        details.addRow("&Source", self.source_edit)
        details.addRow("&Verified as of", self.verified_field)

        self.form = QWidget(self)
        form_layout = QVBoxLayout(self.form)
        form_layout.setContentsMargins(0, 0, 0, 0)
        form_layout.addLayout(top)
        form_layout.addSpacing(6)
        form_layout.addLayout(details)
        form_layout.addSpacing(6)
        form_layout.addWidget(self.bio_editor, 1)
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
            edit.textChanged.connect(self.changed)
        self.bio_editor.edited.connect(self.changed)
        self.verified_field.changed.connect(self.changed)
        self.photo_field.photo_changed.connect(self.changed)
        self.photo_field.photo_changed.connect(self._update_alt_warning)
        self.photo_alt_edit.textChanged.connect(self._update_alt_warning)

    @property
    def person_id(self) -> str | None:
        return self.record_id

    # --- RecordEditor ---------------------------------------------------------------------

    def fetch(self, record_id: str) -> Person:
        return self.context.store.get_person(record_id)

    def fill(self, record: Person | None) -> None:
        shown = record or Person(name="")
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
        self.bio_editor.load("Biography", shown.bio, BIO_PLACEHOLDER)
        self.photo_field.set_photo(shown.photo)
        self.verified_field.set_value(shown.last_verified)
        self._update_alt_warning()
        for edit in self.findChildren(QLineEdit):
            edit.setCursorPosition(0)  # long titles show their start, not their end

    def edited(self) -> Person | None:
        """The person as the fields show it now (an empty name keeps the stored one)."""
        if self.record is None:
            return None
        return replace(
            self.record,
            name=self.name_edit.text().strip() or self.record.name,
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
            bio=self.bio_editor.markdown(),
            last_verified=self.verified_field.value(),
        )

    def write(self, record: Person) -> Person:
        return self.context.store.save_person(record)

    def after_save(self, saved: Person) -> None:
        if self.name_edit.text().strip():
            self.save_message.clear()
        else:
            self.save_message.show_warning(
                f"A person needs a name; “{saved.name}” is kept until you type a new one."
            )

    def usage_titles(self) -> list[str]:
        if self.record is None:
            return []
        return [book.title for book in self.context.store.books_using_person(self.record.id)]

    def show_usage(self, text: str) -> None:
        self.usage_label.setText(text)

    def set_has_record(self, has_record: bool) -> None:
        self.empty_label.setVisible(not has_record)
        self.form.setVisible(has_record)

    # --- photo description ----------------------------------------------------------------

    def _update_alt_warning(self) -> None:
        if self.photo_field.photo() and not self.photo_alt_edit.text().strip():
            self.alt_warning.show_warning(
                "Add a photo description: the printed book and screen readers need it."
            )
        else:
            self.alt_warning.clear()
