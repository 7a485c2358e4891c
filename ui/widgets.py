"""Small label helpers so every page spells headings, hints and errors the same way."""

from __future__ import annotations

from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QLabel, QWidget


def heading_label(text: str, parent: QWidget | None = None, scale: float = 1.6) -> QLabel:
    label = QLabel(text, parent)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setWeight(QFont.Weight.DemiBold)
    label.setFont(font)
    label.setWordWrap(True)
    return label


def hint_label(text: str, parent: QWidget | None = None) -> QLabel:
    """Secondary text in the palette's placeholder colour (readable in light and dark)."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    palette = label.palette()
    palette.setColor(
        QPalette.ColorRole.WindowText, palette.color(QPalette.ColorRole.PlaceholderText)
    )
    label.setPalette(palette)
    return label


def error_label(parent: QWidget | None = None) -> QLabel:
    """A hidden label that shows a validation message in a clear warning colour."""
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setObjectName("validationMessage")
    label.setStyleSheet("QLabel#validationMessage { color: #c62828; font-weight: 600; }")
    label.setVisible(False)
    return label


def show_error(label: QLabel, message: str) -> None:
    label.setText(message)
    label.setVisible(bool(message))
