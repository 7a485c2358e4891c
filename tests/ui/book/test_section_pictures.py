"""A Word import's pictures show in the section editor and survive editing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextDocument

from app.importing.docx_import import import_docx
from ui.book.sections_page import SectionsPage
from ui.context import AppContext
from ui.widgets.rich_text import document_to_markdown

DATA = Path(__file__).parents[2] / "app" / "importing" / "data"
IMAGE = QTextDocument.ResourceType.ImageResource.value


def test_imported_picture_is_shown_and_kept(qtbot, context: AppContext) -> None:
    result = import_docx(context.store, DATA / "desk-libreoffice.docx")
    page = SectionsPage(context)
    qtbot.addWidget(page)
    page.set_book(result.book_id)
    volumes = next(s for s in context.store.list_sections(result.book_id) if s.title == "Volumes")
    sha = volumes.body.split("(image:")[1][:64]
    page.editor.load(volumes.title, volumes.body)  # as the page shows a section: no edit
    editor = page.editor.editor
    picture = editor.loadResource(IMAGE, QUrl(f"image:{sha}"))
    assert picture is not None and (picture.width(), picture.height()) == (360, 200)
    assert editor.loadResource(IMAGE, QUrl("image:" + "0" * 64)) is None
    assert f"![Container volumes, 2022 to 2025](image:{sha})" in document_to_markdown(
        editor.document()
    )
    assert not page.has_unsaved_changes()  # nothing left for an autosave after the test
