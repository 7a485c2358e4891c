"""Preferences (defaults for new books, editor text size) and the About dialog."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.domain import Book
from ui.book.sections_page import SectionsPage
from ui.context import AppContext
from ui.dialogs.about import AboutDialog
from ui.dialogs.preferences import Preferences, PreferencesDialog


def test_preferences_dialog_saves_and_reloads(qtbot: QtBot, context: AppContext) -> None:
    dialog = PreferencesDialog(context.settings)
    qtbot.addWidget(dialog)
    assert dialog.marking.currentText() == "UNCLASSIFIED"
    dialog.prepared_by.setText("  Regional office ")
    dialog.organization.setText("Trade agency")
    dialog.marking.setCurrentText("OFFICIAL")
    dialog.page_size.setCurrentIndex(dialog.page_size.findData("a4"))
    dialog.font_size.setValue(14)
    dialog.accept()
    saved = Preferences(context.settings)
    assert (saved.prepared_by, saved.organization, saved.marking, saved.page_size) == (
        "Regional office",
        "Trade agency",
        "OFFICIAL",
        "a4",
    )
    assert saved.editor_font_size == 14
    again = PreferencesDialog(context.settings)
    qtbot.addWidget(again)
    assert again.font_size.value() == 14 and again.page_size.currentData() == "a4"


def test_editor_text_size_follows_preferences(qtbot: QtBot, context: AppContext) -> None:
    book = context.store.save_book(Book(title="Trip"))
    context.store.add_section(book.id, "Situation", "Text.\n")
    page = SectionsPage(context)
    qtbot.addWidget(page)
    page.set_book(book.id)
    default = QApplication.font().pointSize()
    assert page.editor.editor.document().defaultFont().pointSize() == default
    context.settings.setValue("preferences/editor_font_size", default + 5)
    page.apply_preferences()
    assert page.editor.editor.document().defaultFont().pointSize() == default + 5


def test_broken_preference_values_fall_back(context: AppContext) -> None:
    context.settings.setValue("preferences/editor_font_size", "large")
    context.settings.setValue("preferences/page_size", "tabloid")
    prefs = Preferences(context.settings)
    assert prefs.editor_font_size == 0 and prefs.page_size == "letter"


def test_about_names_the_version_store_and_logs(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = AboutDialog(tmp_path / "store.sqlite", tmp_path / "logs")
    qtbot.addWidget(dialog)
    text = dialog.details.text()
    assert "Version" in text and str(tmp_path / "store.sqlite") in text
    assert str(tmp_path / "logs") in text and "Qt " in text
