"""Preferences: what new books start with, the editor's text size, how many backups to keep."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.backups import DEFAULT_KEEP, backup_dir_for
from app.domain import MARKING_PRESETS, PAGE_SIZES
from ui.widgets.labels import heading_label, hint_label

PAGE_SIZE_NAMES = {"letter": "US Letter", "a4": "A4"}
MAX_BACKUPS = 365
MAX_LOCK_MINUTES = 24 * 60


class Preferences:
    """Typed access to the preference keys in the app's QSettings."""

    def __init__(self, settings: QSettings) -> None:
        self.settings = settings

    def _text(self, key: str, default: str = "") -> str:
        value = self.settings.value(f"preferences/{key}", default)
        return value if isinstance(value, str) else default

    @property
    def prepared_by(self) -> str:
        return self._text("prepared_by")

    @property
    def organization(self) -> str:
        return self._text("organization")

    @property
    def marking(self) -> str:
        return self._text("marking", MARKING_PRESETS[0])

    @property
    def page_size(self) -> str:
        value = self._text("page_size", "letter")
        return value if value in PAGE_SIZES else "letter"

    @property
    def editor_font_size(self) -> int:
        """Point size of the section editor's text; 0 follows the system font."""
        try:
            return int(str(self.settings.value("preferences/editor_font_size", 0)))
        except (TypeError, ValueError):
            return 0

    @property
    def backup_keep(self) -> int:
        """How many automatic backups of the store to keep (``app.backups.daily_backup``)."""
        try:
            value = int(str(self.settings.value("preferences/backup_keep", DEFAULT_KEEP)))
        except (TypeError, ValueError):
            return DEFAULT_KEEP
        return min(MAX_BACKUPS, max(1, value))

    @property
    def idle_lock_minutes(self) -> int:
        """Minutes without use before an encrypted store's window locks (0: never)."""
        from ui.session.idle_lock import lock_minutes

        return lock_minutes(self.settings)

    def save(
        self,
        *,
        prepared_by: str,
        organization: str,
        marking: str,
        page_size: str,
        editor_font_size: int,
        backup_keep: int | None = None,
        idle_lock_minutes: int | None = None,
    ) -> None:
        values: dict[str, str | int] = {
            "prepared_by": prepared_by,
            "organization": organization,
            "marking": marking,
            "page_size": page_size,
            "editor_font_size": editor_font_size,
        }
        if backup_keep is not None:
            values["backup_keep"] = min(MAX_BACKUPS, max(1, backup_keep))
        if idle_lock_minutes is not None:
            values["idle_lock_minutes"] = min(MAX_LOCK_MINUTES, max(0, idle_lock_minutes))
        for key, value in values.items():
            self.settings.setValue(f"preferences/{key}", value)
        self.settings.sync()


class PreferencesDialog(QDialog):
    def __init__(
        self, settings: QSettings, parent: QWidget | None = None, store_path: Path | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.preferences = Preferences(settings)
        self.prepared_by = QLineEdit(self.preferences.prepared_by, self)
        self.prepared_by.setPlaceholderText("Your name or office")
        self.organization = QLineEdit(self.preferences.organization, self)
        self.organization.setPlaceholderText("Agency or department")
        self.marking = QComboBox(self)
        self.marking.setEditable(True)
        self.marking.addItems(list(MARKING_PRESETS))
        self.marking.setCurrentText(self.preferences.marking)
        self.page_size = QComboBox(self)
        for key in PAGE_SIZES:
            self.page_size.addItem(PAGE_SIZE_NAMES.get(key, key), key)
        self.page_size.setCurrentIndex(max(0, self.page_size.findData(self.preferences.page_size)))
        self.font_size = QSpinBox(self)
        self.font_size.setRange(0, 32)
        self.font_size.setSpecialValueText("System default")
        self.font_size.setSuffix(" pt")
        self.font_size.setValue(self.preferences.editor_font_size)
        self.backup_keep = QSpinBox(self)
        self.backup_keep.setRange(1, MAX_BACKUPS)
        self.backup_keep.setSuffix(" backups")
        self.backup_keep.setValue(self.preferences.backup_keep)
        self.backup_keep.setAccessibleName("Number of automatic backups to keep")
        self.idle_lock = QSpinBox(self)
        self.idle_lock.setRange(0, MAX_LOCK_MINUTES)
        self.idle_lock.setSpecialValueText("Never")
        self.idle_lock.setSuffix(" minutes")
        self.idle_lock.setValue(self.preferences.idle_lock_minutes)
        self.idle_lock.setAccessibleName("Minutes without use before BriefBook locks")

        new_books = QFormLayout()
        new_books.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        new_books.addRow("Prepared by:", self.prepared_by)
        new_books.addRow("Organization:", self.organization)
        new_books.addRow("Marking:", self.marking)
        new_books.addRow("Page size:", self.page_size)
        editor = QFormLayout()
        editor.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        editor.addRow("Text size:", self.font_size)
        backups = QFormLayout()
        backups.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        backups.addRow("&Keep the newest:", self.backup_keep)
        where = f" They are kept in {backup_dir_for(store_path)}." if store_path is not None else ""
        backups_hint = hint_label(
            "BriefBook copies the store on the first open of each day and before every "
            f"upgrade or restore; older copies are removed.{where}",
            self,
        )
        protection = QFormLayout()
        protection.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        protection.addRow("&Lock after:", self.idle_lock)
        protection_hint = hint_label(
            "For a store protected with a passphrase (File ▸ Protect with a passphrase…): "
            "after this long without use the window hides its content and asks for the "
            "passphrase again. Your work is saved first.",
            self,
        )
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
            parent=self,
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading_label("New books", self, scale=1.1))
        layout.addWidget(hint_label("Filled in for every book you create from now on.", self))
        layout.addLayout(new_books)
        layout.addSpacing(10)
        layout.addWidget(heading_label("Section editor", self, scale=1.1))
        layout.addLayout(editor)
        layout.addSpacing(10)
        layout.addWidget(heading_label("Automatic backups", self, scale=1.1))
        layout.addWidget(backups_hint)
        layout.addLayout(backups)
        layout.addSpacing(10)
        layout.addWidget(heading_label("Protection", self, scale=1.1))
        layout.addWidget(protection_hint)
        layout.addLayout(protection)
        layout.addSpacing(10)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def accept(self) -> None:
        self.preferences.save(
            prepared_by=self.prepared_by.text().strip(),
            organization=self.organization.text().strip(),
            marking=self.marking.currentText().strip(),
            page_size=self.page_size.currentData() or "letter",
            editor_font_size=self.font_size.value(),
            backup_keep=self.backup_keep.value(),
            idle_lock_minutes=self.idle_lock.value(),
        )
        super().accept()
