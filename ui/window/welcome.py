"""What the editor area shows when no book is open: how to start, in plain words."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.widgets.icons import app_icon, icon
from ui.widgets.labels import heading_label, hint_label

EMPTY_STORE_TEXT = (
    "A briefing book holds everything for one trip: the brief, the people you will meet, "
    "sector notes and the schedule. It exports to Word and PDF, in full or as a handout.\n\n"
    "Start a book from the standard brief (Situation, Why it matters, Outlook, Objectives, "
    "Talking points), import a bundle a colleague sent you, or look around the sample book "
    "of a trip to Baku first."
)
NO_BOOK_TEXT = "Pick a book on the left to open it, or start a new one."


class WelcomePage(QWidget):
    """The empty state: a short explanation and the next steps as buttons."""

    new_book_clicked = Signal()
    import_clicked = Signal()
    sample_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomePage")
        logo = QLabel(self)
        logo.setPixmap(app_icon().pixmap(QSize(72, 72)))
        self.heading = heading_label("Welcome to BriefBook", self, scale=1.9)
        self.text = hint_label(EMPTY_STORE_TEXT, self)
        self.text.setMaximumWidth(560)
        self.new_button = self._button("new_book", "New book…")
        self.new_button.setDefault(True)
        self.import_button = self._button("import", "Import…")
        self.sample_button = self._button("book", "Open the sample book")
        self.new_button.clicked.connect(self.new_book_clicked)
        self.import_button.clicked.connect(self.import_clicked)
        self.sample_button.clicked.connect(self.sample_clicked)

        buttons = QHBoxLayout()
        buttons.setSpacing(10)
        for button in (self.new_button, self.import_button, self.sample_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        column = QVBoxLayout()
        column.setSpacing(14)
        column.addWidget(logo)
        column.addWidget(self.heading)
        column.addWidget(self.text)
        column.addSpacing(6)
        column.addLayout(buttons)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(48, 40, 48, 40)
        outer.addLayout(column)
        outer.addStretch(1)
        column.addStretch(1)
        outer.setAlignment(column, Qt.AlignmentFlag.AlignTop)

    def _button(self, icon_name: str, text: str) -> QPushButton:
        button = QPushButton(icon(icon_name), text, self)
        button.setMinimumHeight(34)
        button.setIconSize(QSize(18, 18))
        return button

    def show_state(self, store_is_empty: bool, sample_available: bool) -> None:
        """Explain the whole app on an empty store; otherwise just how to open a book."""
        if store_is_empty:
            self.heading.setText("Welcome to BriefBook")
            self.text.setText(EMPTY_STORE_TEXT)
        else:
            self.heading.setText("No book is open")
            self.text.setText(NO_BOOK_TEXT)
        self.sample_button.setVisible(sample_available)
