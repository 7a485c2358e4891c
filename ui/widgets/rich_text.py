"""Markdown in and out of QTextDocument, and cleaning of pasted HTML.

Section bodies are stored as Markdown (GitHub dialect: tables included). Qt writes Markdown in
its own canonical spelling (``1.  item``, ``|a|b|``), so a body written by hand is normalised the
first time it is saved from the editor; after that load → save → load gives identical text.

Pasted HTML from Word or a web page goes through Markdown too: whatever Markdown can say
(headings, lists, bold, italic, links, tables) survives, fonts, colours, sizes and images do not.
"""

from __future__ import annotations

import html
import re

from PySide6.QtGui import QTextDocument, QTextDocumentFragment

from ui.widgets.markdown_writer import document_to_markdown
from ui.widgets.text_format import lay_out_for_editing

__all__ = ["document_to_markdown", "load_markdown", "normalise_markdown"]

MARKDOWN_DIALECT = QTextDocument.MarkdownFeature.MarkdownDialectGitHub


def load_markdown(document: QTextDocument, markdown: str) -> None:
    """Replace the document's content with ``markdown`` (clears its undo history)."""
    document.setMarkdown(markdown, MARKDOWN_DIALECT)
    lay_out_for_editing(document)
    document.clearUndoRedoStacks()
    document.setModified(False)


def normalise_markdown(markdown: str) -> str:
    """``markdown`` the way the editor will save it."""
    document = QTextDocument()
    load_markdown(document, markdown)
    return document_to_markdown(document)


def markdown_fragment(markdown: str) -> QTextDocumentFragment:
    return QTextDocumentFragment.fromMarkdown(markdown, MARKDOWN_DIALECT)


# --- pasting -----------------------------------------------------------------------------

_IMAGE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_STYLE_BLOCKS = re.compile(r"<(style|script|xml|head)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# Word writes its list markers (bullet glyph or "1.") inside <![if !supportLists]> ... <![endif]>.
_WORD_MARKER = re.compile(r"<!\[if !supportLists\]>(.*?)<!\[endif\]>", re.IGNORECASE | re.DOTALL)
_WORD_PARAGRAPH = re.compile(r"<p\b([^>]*)>(.*?)</p\s*>", re.IGNORECASE | re.DOTALL)
_WORD_LIST_STYLE = re.compile(r"mso-list:\s*l(\d+)\s+level(\d+)", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_ORDERED_MARKER = re.compile(r"^\s*(\d+|[a-zA-Z]|[ivxlcdmIVXLCDM]+)[.)]")


def clean_html(source: str) -> str:
    """HTML reduced to structure: no styles, scripts, comments or images; Word lists as lists."""
    text = _STYLE_BLOCKS.sub("", source)
    text = _convert_word_lists(text)
    text = _COMMENT.sub("", text)
    text = _IMAGE.sub("", text)
    return text


def _convert_word_lists(source: str) -> str:
    """Word pastes list items as styled paragraphs; rebuild them as nested <ul>/<ol>."""
    if "mso-list" not in source:
        return source
    out: list[str] = []
    open_lists: list[str] = []  # tag of each open list level: "ul" or "ol"
    position = 0
    for match in _WORD_PARAGRAPH.finditer(source):
        attributes, inner = match.group(1), match.group(2)
        list_style = _WORD_LIST_STYLE.search(attributes)
        if list_style is None:
            continue
        between = source[position : match.start()]
        if between.strip():
            out.append(_close_lists(open_lists))
        out.append(between)
        level = int(list_style.group(2))
        marker = _WORD_MARKER.search(inner)
        marker_text = html.unescape(_TAG.sub("", marker.group(1))) if marker else ""
        tag = "ol" if _ORDERED_MARKER.match(marker_text) else "ul"
        while len(open_lists) > level:
            out.append(f"</{open_lists.pop()}>")
        if len(open_lists) == level and open_lists and open_lists[-1] != tag:
            out.append(f"</{open_lists.pop()}>")
        while len(open_lists) < level:
            out.append(f"<{tag}>")
            open_lists.append(tag)
        out.append(f"<li>{_WORD_MARKER.sub('', inner)}</li>")
        position = match.end()
    out.append(_close_lists(open_lists))
    out.append(source[position:])
    return "".join(out)


def _close_lists(open_lists: list[str]) -> str:
    closing = "".join(f"</{tag}>" for tag in reversed(open_lists))
    open_lists.clear()
    return closing


def html_to_markdown(source: str) -> str:
    """Structure of pasted HTML as clean Markdown, spelled the way the editor saves it (the
    rules are in ``app.importing.html_markdown``, shared with the Word import)."""
    from app.importing.html_markdown import html_to_markdown as structure_of

    return normalise_markdown(structure_of(source))
