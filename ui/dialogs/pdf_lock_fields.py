"""The export dialog's "Password" row: lock the PDF with a password (AES-256), and whether
readers may copy its text. Printing always stays allowed (``exports.pdf_lock``)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLineEdit, QWidget


class PdfLockFields(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = QLineEdit(self)
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setPlaceholderText("None: anyone can open it")
        self.field.setAccessibleName("Password to open the PDF")
        self.field.setToolTip(
            "The PDF opens only with this password (AES-256). Printing stays allowed. "
            "It is not saved anywhere: type it again for the next export."
        )
        self.field.setInputMethodHints(
            Qt.InputMethodHint.ImhSensitiveData | Qt.InputMethodHint.ImhNoPredictiveText
        )
        self.copying = QCheckBox("Allow copying text", self)
        self.copying.setChecked(True)
        self.copying.setToolTip("Off: readers may print the PDF but not copy its text.")
        self.field.textChanged.connect(self._update)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.field, 1)
        layout.addWidget(self.copying)
        self._update()

    def _update(self) -> None:
        self.copying.setEnabled(self.isEnabled() and bool(self.field.text()))

    def set_available(self, available: bool) -> None:
        """Only PDF files are locked; for Word the row is disabled and its password cleared."""
        if not available:
            self.field.clear()
        self.setEnabled(available)
        self._update()

    def password(self) -> str | None:
        return self.field.text() or None

    def allow_copying(self) -> bool:
        return self.copying.isChecked()
