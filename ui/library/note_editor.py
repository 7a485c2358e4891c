"""The editor of a sector note, used by the notes library and by a book's notes page.

A note is one record shared by every book that uses it: editing it here changes it everywhere,
which the editor says ("Used in N books").
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QCompleter,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain import Note
from ui.book.section_editor import SectionEditor
from ui.context import AppContext
from ui.library.record_editor import RecordEditor
from ui.library.verified_field import VerifiedField
from ui.session.spelling import LIBRARY, bind_spelling
from ui.widgets.inline_message import InlineMessage

BODY_PLACEHOLDER = "What an officer should know about this sector, with figures and dates."


def split_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class NoteEditor(RecordEditor):
    """Edits one sector note; ``saved`` carries the ``Note`` after each save."""

    record: Note | None

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.title_edit = QLineEdit(self)
        self.first_field = self.title_edit
        self.sector_edit = QLineEdit(self)
        self.sector_edit.setPlaceholderText("Energy, Transport, Digital…")
        self.sectors = QStringListModel(self)
        sector_completer = QCompleter(self.sectors, self)
        sector_completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.sector_edit.setCompleter(sector_completer)
        self.country_edit = QLineEdit(self)
        self.internal_check = QCheckBox("Internal: keep out of handouts", self)
        self.verified_field = VerifiedField(self)
        self.body_editor = SectionEditor(self)
        self.spelling = bind_spelling(self.body_editor.editor, context, lambda: LIBRARY)
        self.body_editor.editor.setAccessibleName("Note text")
        self.body_editor.setMinimumHeight(260)
        self.sources_edit = QPlainTextEdit(self)
        self.sources_edit.setPlaceholderText("One source per line")
        self.sources_edit.setTabChangesFocus(True)
        self.sources_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.shared_banner = InlineMessage(self)
        self.usage_label = QLabel(self)
        self.usage_label.setWordWrap(True)
        self.empty_label = QLabel("Select a note in the list, or add one with “New note”.")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("&Title", self.title_edit)
        form.addRow("S&ector", self.sector_edit)
        form.addRow("&Country", self.country_edit)
        form.addRow("", self.internal_check)
        form.addRow("&Verified as of", self.verified_field)
        sources_label = QLabel("&Sources (one per line)", self)
        sources_label.setBuddy(self.sources_edit)

        self.form = QWidget(self)
        form_layout = QVBoxLayout(self.form)
        form_layout.setContentsMargins(0, 0, 0, 0)
        form_layout.addWidget(self.shared_banner)
        form_layout.addLayout(form)
        form_layout.addWidget(self.body_editor, 1)
        form_layout.addWidget(sources_label)
        form_layout.addWidget(self.sources_edit)
        form_layout.addWidget(self.usage_label)
        form_layout.addWidget(self.save_message)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.form, 1)

        for edit in (self.title_edit, self.sector_edit, self.country_edit):
            edit.textChanged.connect(self.changed)
        self.body_editor.edited.connect(self.changed)
        self.sources_edit.textChanged.connect(self.changed)
        self.internal_check.toggled.connect(self.changed)
        self.verified_field.changed.connect(self.changed)
        self.load(None)

    def set_sector_suggestions(self, sectors: list[str]) -> None:
        self.sectors.setStringList(sorted(set(sectors), key=str.casefold))

    # --- RecordEditor ---------------------------------------------------------------------

    def fetch(self, record_id: str) -> Note:
        return self.context.store.get_note(record_id)

    def fill(self, record: Note | None) -> None:
        shown = record or Note(title="")
        self.title_edit.setText(shown.title)
        self.sector_edit.setText(shown.sector)
        self.country_edit.setText(shown.country)
        self.internal_check.setChecked(shown.internal)
        self.verified_field.set_value(shown.last_verified)
        self.body_editor.load("Note", shown.body, BODY_PLACEHOLDER)
        self.sources_edit.setPlainText("\n".join(shown.sources))
        for edit in self.findChildren(QLineEdit):
            edit.setCursorPosition(0)  # long titles show their start, not their end

    def edited(self) -> Note | None:
        """The note as the fields show it now (an empty title keeps the stored one)."""
        if self.record is None:
            return None
        return replace(
            self.record,
            title=self.title_edit.text().strip() or self.record.title,
            sector=self.sector_edit.text().strip(),
            country=self.country_edit.text().strip(),
            internal=self.internal_check.isChecked(),
            last_verified=self.verified_field.value(),
            body=self.body_editor.markdown(),
            sources=split_lines(self.sources_edit.toPlainText()),
        )

    def write(self, record: Note) -> Note:
        return self.context.store.save_note(record)

    def after_save(self, saved: Note) -> None:
        if self.title_edit.text().strip():
            self.save_message.clear()
        else:
            self.save_message.show_warning(
                f"A note needs a title; “{saved.title}” is kept until you type a new one."
            )

    def usage_titles(self) -> list[str]:
        if self.record is None:
            return []
        return [book.title for book in self.context.store.books_using_note(self.record.id)]

    def show_usage(self, text: str) -> None:
        self.usage_label.setText(text)
        titles = self.usage_titles() if self.record is not None else []
        if len(titles) > 1:
            self.shared_banner.show_info(
                f"Shared by {len(titles)} books: an edit here changes the note in all of them."
            )
        else:
            self.shared_banner.clear()

    def set_has_record(self, has_record: bool) -> None:
        self.empty_label.setVisible(not has_record)
        self.form.setVisible(has_record)
