"""Small label helpers so every page spells headings, hints and errors the same way."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QLabel, QWidget


def heading_label(text: str, parent: QWidget | None = None, scale: float = 1.6) -> QLabel:
    label = QLabel(text, parent)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setWeight(QFont.Weight.DemiBold)
    label.setFont(font)
    label.setWordWrap(True)
    return label


def muted_colour(palette: QPalette) -> QColor:
    """Text colour two thirds of the way from the background to the text: quieter than
    body text yet readable, in light and dark palettes alike."""
    text = palette.color(QPalette.ColorRole.WindowText)
    background = palette.color(QPalette.ColorRole.Window)
    return QColor(
        round(background.red() + (text.red() - background.red()) * 0.68),
        round(background.green() + (text.green() - background.green()) * 0.68),
        round(background.blue() + (text.blue() - background.blue()) * 0.68),
    )


def hint_label(text: str, parent: QWidget | None = None) -> QLabel:
    """Secondary text (explanations, counts) in a muted colour."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, muted_colour(palette))
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


def human_size(size: int) -> str:
    """A file size as the dialogs show it: whole KB (at least 1), or MB to one decimal."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"
