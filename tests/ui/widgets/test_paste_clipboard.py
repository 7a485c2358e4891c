"""Pasting real clipboard HTML (Word 365, Chrome, Google Docs, LibreOffice) into a rich-text
field keeps the structure and leaves no formatting junk in the saved Markdown."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData
from pytestqt.qtbot import QtBot

from ui.book.section_editor import SectionEditor

CLIPBOARD = Path(__file__).parents[2] / "app" / "importing" / "data" / "clipboard"


@pytest.fixture
def editor(qtbot: QtBot) -> SectionEditor:
    widget = SectionEditor()
    qtbot.addWidget(widget)
    widget.load("Situation", "")
    return widget


def paste(editor: SectionEditor, name: str) -> str:
    data = QMimeData()
    data.setHtml((CLIPBOARD / name).read_text(encoding="utf-8"))
    data.setText("plain fallback")
    editor.editor.insertFromMimeData(data)
    return editor.markdown()


def test_word_paste(editor: SectionEditor) -> None:
    markdown = paste(editor, "word-365-windows.html")
    assert markdown.startswith("# Energy cooperation\n")
    assert "**modernising dispatch**" in markdown and "*Caspian*" in markdown
    assert "[the agency's note](https://example.org/energy?id=7)" in markdown
    assert "- Installed capacity grew in 2025\n  - Wind: two projects\n" in markdown
    assert "1.  Agree the study's scope" in markdown
    assert "|Khizi-Absheron|240 MW  |" in markdown
    for junk in ("mso", "Calibri", "ED1", "negotiation", "ministry first", "font", "color"):
        assert junk not in markdown
    # The editor's document holds no pasted fonts or colours either.
    body = editor.editor.toHtml().split("<body", 1)[1]
    assert "Georgia" not in body and "#C00000".lower() not in body.lower()


def test_browser_paste(editor: SectionEditor) -> None:
    markdown = paste(editor, "chrome-ministry-page.html")
    assert markdown.startswith("## Sameddin Asadov\n")
    assert "utm_" not in markdown and "Share on social media" not in markdown
    assert "- 2012–2019: Head of department, **Azercosmos**\n  - satellite programme" in markdown
    assert "|Language|Level |" in markdown


@pytest.mark.parametrize("name", ["google-docs.html", "libreoffice-writer.html"])
def test_other_writers_paste_clean(editor: SectionEditor, name: str) -> None:
    markdown = paste(editor, name)
    assert markdown.startswith("# ")
    assert "**" in markdown
    for junk in ("font", "style", "Arial", "Liberation", "docs-internal"):
        assert junk not in markdown
