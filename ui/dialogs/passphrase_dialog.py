"""Asking for a passphrase: to open an encrypted store or sealed bundle, or a new one.

The passphrase goes from the field straight to ``app.protection`` and is held only in memory:
nothing here writes it to the settings, the log or anywhere else. A wrong one is said plainly
under the field, which is cleared for another try; the file is not touched.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.errors import BriefBookError
from app.protection.conversion import MIN_PASSPHRASE_LENGTH, check_new_passphrase
from ui.widgets.labels import error_label, heading_label, hint_label

# Returns None when the passphrase is accepted, else the sentence saying why not.
Checker = Callable[[str], str | None]


def _password_field(parent: QWidget, name: str) -> QLineEdit:
    field = QLineEdit(parent)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(name)
    field.setMinimumWidth(300)
    # The field's text must never reach the clipboard, nor an input method's history.
    field.setInputMethodHints(
        Qt.InputMethodHint.ImhSensitiveData | Qt.InputMethodHint.ImhNoPredictiveText
    )
    return field


class PassphraseDialog(QDialog):
    """One passphrase field (opening) or two (a new passphrase), checked before closing."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        heading: str,
        explanation: str,
        checker: Checker,
        *,
        new: bool = False,
        accept_text: str = "Open",
        optional: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self._checker = checker
        self._new = new
        self.passphrase = ""
        self.field = _password_field(self, "Passphrase")
        self.again = _password_field(self, "Passphrase again") if new else None
        self.show_text = QCheckBox("Show the passphrase", self)
        self.show_text.toggled.connect(self._show_text)
        self.message = error_label(self)
        self.message.setAccessibleName("Passphrase problem")
        # A tick box that makes the passphrase optional ("seal the bundle").
        self.optional = QCheckBox(optional, self) if optional else None
        if self.optional is not None:
            self.optional.toggled.connect(self._enable_fields)

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("&Passphrase:", self.field)
        if self.again is not None:
            form.addRow("&Again:", self.again)
        form.addRow("", self.show_text)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
            parent=self,
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(accept_text)
        ok.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.setContentsMargins(20, 18, 20, 14)
        layout.addWidget(heading_label(heading, self, scale=1.25))
        explained = hint_label(explanation, self)
        explained.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(explained)
        layout.addSpacing(4)
        if self.optional is not None:
            layout.addWidget(self.optional)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addSpacing(4)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)
        self.field.setFocus()
        if self.optional is not None:
            self._enable_fields(False)

    def _enable_fields(self, enabled: bool) -> None:
        for widget in (self.field, self.again, self.show_text):
            if widget is not None:
                widget.setEnabled(enabled)
        if enabled:
            self.field.setFocus()
        else:
            self.message.setVisible(False)

    def _show_text(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.field.setEchoMode(mode)
        if self.again is not None:
            self.again.setEchoMode(mode)

    def show_problem(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(True)
        self.field.clear()
        if self.again is not None:
            self.again.clear()
        self.field.setFocus()
        self.adjustSize()

    def accept(self) -> None:
        if self.optional is not None and not self.optional.isChecked():
            self.passphrase = ""
            super().accept()
            return
        secret = self.field.text()
        if not secret:
            self.show_problem("Type the passphrase first.")
            return
        if self.again is not None and secret != self.again.text():
            self.show_problem("The two passphrases differ; type them again.")
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            problem = self._checker(secret)
        finally:
            QGuiApplication.restoreOverrideCursor()
        if problem is not None:
            self.show_problem(problem)
            return
        self.passphrase = secret
        self.field.clear()
        if self.again is not None:
            self.again.clear()
        super().accept()

    def take_passphrase(self) -> str:
        """The accepted passphrase, forgotten by the dialog as it is handed over."""
        secret, self.passphrase = self.passphrase, ""
        return secret


def unlock_checker(path: Path) -> Checker:
    """Accept a passphrase that opens the encrypted store at ``path`` (and remember it)."""
    from app.protection import keys

    def check(secret: str) -> str | None:
        try:
            keys.unlock(path, secret)
        except keys.WrongPassphrase:
            return (
                "That passphrase does not open this store. Check Caps Lock and the keyboard "
                "layout, and try again; the store was not changed."
            )
        except BriefBookError as error:
            return str(error)
        return None

    return check


def new_passphrase_checker(secret: str) -> str | None:
    try:
        check_new_passphrase(secret)
    except BriefBookError as error:
        return str(error)
    return None


NEW_PASSPHRASE_HINT = (
    f"At least {MIN_PASSPHRASE_LENGTH} characters; four or five unrelated words are strong "
    "and easy to type. There is no way to recover it: if it is lost, so is the content."
)


def ask_to_unlock(parent: QWidget | None, path: Path) -> bool:
    """Ask for the passphrase of the encrypted store ``path`` until it opens or the user stops."""
    dialog = PassphraseDialog(
        parent,
        "Encrypted store",
        f"{path.name} is encrypted",
        f"Type its passphrase to open it.\n{path}",
        unlock_checker(path),
    )
    accepted = bool(dialog.exec())
    dialog.take_passphrase()
    dialog.deleteLater()
    return accepted


def ask_new_passphrase(parent: QWidget | None, title: str, heading: str, text: str) -> str | None:
    dialog = PassphraseDialog(
        parent,
        title,
        heading,
        f"{text}\n\n{NEW_PASSPHRASE_HINT}",
        new_passphrase_checker,
        new=True,
        accept_text="Continue",
    )
    accepted = bool(dialog.exec())
    secret = dialog.take_passphrase()
    dialog.deleteLater()
    return secret if accepted else None


def ask_share_seal(parent: QWidget | None, title: str, sealed_by_default: bool) -> str | None:
    """Before sharing: whether to seal the bundle, and its new passphrase.

    Returns the passphrase, "" for a plain bundle, or None when the user cancelled.
    """
    dialog = PassphraseDialog(
        parent,
        "Share book as bundle",
        f"Share “{title}”",
        "A bundle holds the book with its people, notes and photos. Sealed, it is encrypted "
        "(AES-256) and imports only with the passphrase: tell the recipient the passphrase "
        f"another way than the file.\n\n{NEW_PASSPHRASE_HINT}",
        new_passphrase_checker,
        new=True,
        accept_text="Continue",
        optional="&Seal the bundle with a passphrase",
    )
    assert dialog.optional is not None
    dialog.optional.setChecked(sealed_by_default)
    accepted = bool(dialog.exec())
    secret = dialog.take_passphrase()
    dialog.deleteLater()
    return secret if accepted else None
