"""Help ▸ About: what BriefBook is, its version, and where it keeps its files."""

from __future__ import annotations

import platform
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QSize, Qt, qVersion
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ui.widgets.icons import app_icon
from ui.widgets.labels import heading_label, hint_label


def about_text(store_path: Path, log_folder: Path) -> str:
    version = QApplication.applicationVersion() or "0.1.0"
    return (
        f"Version {version}\n\n"
        "An offline editor for briefing books: briefs, profiles of the people you will meet, "
        "sector notes and the schedule, exported to Word and PDF. Nothing leaves this "
        "computer unless you export or share it.\n\n"
        f"Store: {store_path}\n"
        f"Logs: {log_folder}\n\n"
        f"Qt {qVersion()}, PySide6 {pyside_version}, Python {platform.python_version()}"
    )


class AboutDialog(QDialog):
    def __init__(self, store_path: Path, log_folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About BriefBook")
        logo = QLabel(self)
        logo.setPixmap(app_icon().pixmap(QSize(64, 64)))
        logo.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.details = hint_label(about_text(store_path, log_folder), self)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column = QVBoxLayout()
        column.addWidget(heading_label("BriefBook", self))
        column.addWidget(self.details)
        row = QHBoxLayout()
        row.addWidget(logo)
        row.addSpacing(12)
        row.addLayout(column, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, parent=self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)
