"""What a spelling highlighter underlined in a document (shared by the spelling UI tests)."""

from __future__ import annotations

from PySide6.QtGui import QTextCharFormat, QTextDocument


def underlined_words(document: QTextDocument) -> list[str]:
    """The words underlined as misspelt, in document order."""
    found = []
    block = document.begin()
    while block.isValid():
        layout = block.layout()
        for item in layout.formats() if layout is not None else []:
            if item.format.underlineStyle() == QTextCharFormat.UnderlineStyle.SpellCheckUnderline:
                found.append(block.text()[item.start : item.start + item.length])
        block = block.next()
    return found
