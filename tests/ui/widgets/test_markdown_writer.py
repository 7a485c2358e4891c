"""Formatting made in the editor saves as Markdown that reads back as the same formatting.

The property test builds random rich paragraphs the way an officer makes them (words and
punctuation, formats over stretches of words that may overlap, start or end on spaces and
punctuation, line breaks inside), saves them, and reads the Markdown back twice: with Qt's reader
(what the editor shows after a reload) and with the export's parser (what the book prints).
Every word keeps its formats and no markup character appears that the officer did not type.
"""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtGui import (
    QFont,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextList,
    QTextListFormat,
)

from app.document import Heading, ListBlock, Paragraph
from app.markdown_blocks import markdown_to_blocks
from ui.widgets.markdown_writer import document_to_markdown
from ui.widgets.rich_text import load_markdown

FORMATS = ("bold", "italic", "strike", "code", "link")
URL = "https://example.org/a_(b)?c=1&d=2"


@dataclass(frozen=True)
class Token:
    text: str
    formats: frozenset[str]


def char_format(formats: frozenset[str]) -> QTextCharFormat:
    result = QTextCharFormat()
    if "bold" in formats:
        result.setFontWeight(QFont.Weight.Bold)
    if "italic" in formats:
        result.setFontItalic(True)
    if "strike" in formats:
        result.setFontStrikeOut(True)
    if "code" in formats:
        result.setFontFixedPitch(True)
    if "link" in formats:
        result.setAnchor(True)
        result.setAnchorHref(URL)
    return result


def formats_of(char: QTextCharFormat) -> frozenset[str]:
    found = set()
    if char.fontWeight() >= QFont.Weight.DemiBold:
        found.add("bold")
    if char.fontItalic():
        found.add("italic")
    if char.fontStrikeOut():
        found.add("strike")
    if char.fontFixedPitch():
        found.add("code")
    if char.isAnchor() and char.anchorHref() == URL:
        found.add("link")
    return frozenset(found)


WORDS = st.text(alphabet="abcxyzəşğ文XY09", min_size=1, max_size=6)
SEPARATORS = st.sampled_from(
    [" ", " ", " ", ", ", ". ", '"', "(", ")", "-", "'", "*", "_", "\\", "[", "]", " #", "~", "`",
     "&amp;", "<b>", "!", "\u2028", ": ", " 1. "]
)  # fmt: skip


@st.composite
def paragraphs(draw: st.DrawFn) -> list[Token]:
    """Words and separators, with each format over a few random stretches of tokens."""
    count = draw(st.integers(min_value=1, max_value=9))
    texts: list[str] = []
    for index in range(count):
        if index:
            texts.append(draw(SEPARATORS))
        texts.append(draw(WORDS))
    formats: list[set[str]] = [set() for _ in texts]
    for name in FORMATS:
        for _ in range(draw(st.integers(min_value=0, max_value=2))):
            start = draw(st.integers(min_value=0, max_value=len(texts) - 1))
            end = draw(st.integers(min_value=start, max_value=len(texts) - 1))
            for position in range(start, end + 1):
                formats[position].add(name)
    tokens = []
    for text, names in zip(texts, formats, strict=True):
        if "code" in names:
            # Markdown has nothing formatted inside code but a link around it.
            names &= {"code", "link"}
        tokens.append(Token(text, frozenset(names)))
    return tokens


BLOCK_KINDS = st.sampled_from(["paragraph", "paragraph", "heading", "bullet", "nested", "numbered"])


def build(blocks: list[tuple[str, list[Token]]]) -> QTextDocument:
    document = QTextDocument()
    cursor = QTextCursor(document)
    open_lists: list[QTextList] = []  # the lists an item may continue, outermost first
    for number, (wanted, tokens) in enumerate(blocks):
        if number:
            cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
        # Markdown nests an item only under another item.
        kind = "bullet" if wanted == "nested" and not open_lists else wanted
        if kind == "heading":
            block_format = cursor.blockFormat()
            block_format.setHeadingLevel(2)
            cursor.setBlockFormat(block_format)
        if kind in ("paragraph", "heading"):
            open_lists.clear()
        else:
            depth = 2 if kind == "nested" else 1
            del open_lists[depth:]
            style = (
                QTextListFormat.Style.ListDecimal
                if kind == "numbered"
                else QTextListFormat.Style.ListDisc
            )
            if len(open_lists) == depth and open_lists[-1].format().style() == style:
                open_lists[-1].add(cursor.block())
            else:
                del open_lists[depth - 1 :]
                list_format = QTextListFormat()
                list_format.setStyle(style)
                list_format.setIndent(depth)
                open_lists.append(cursor.createList(list_format))
        for token in tokens:
            cursor.insertText(token.text, char_format(token.formats))
    return document


def word_formats_in_qt(document: QTextDocument) -> list[tuple[str, frozenset[str]]]:
    """Each alphanumeric stretch of the document with the formats of its characters."""
    found: list[tuple[str, frozenset[str]]] = []
    block = document.firstBlock()
    while block.isValid():
        heading = block.blockFormat().headingLevel() > 0
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            formats = formats_of(fragment.charFormat())
            if heading:
                formats -= {"bold"}
            found.extend((char, formats) for char in fragment.text() if char.isalnum())
            iterator += 1
        block = block.next()
    return found


def expected_word_formats(
    blocks: list[tuple[str, list[Token]]], export: bool = False
) -> list[tuple[str, frozenset]]:
    found: list[tuple[str, frozenset[str]]] = []
    for kind, tokens in blocks:
        for token in tokens:
            formats = token.formats - {"bold"} if kind == "heading" else token.formats
            if export and kind == "heading":
                formats = frozenset()  # the book's headings are plain text
            found.extend((char, formats) for char in token.text if char.isalnum())
    return found


def word_formats_in_export(markdown: str) -> tuple[list[tuple[str, frozenset[str]]], str]:
    found: list[tuple[str, frozenset[str]]] = []
    text: list[str] = []

    def add_runs(runs: list, heading: bool) -> None:
        for run in runs:
            formats = {
                name
                for name, on in (
                    ("bold", run.bold and not heading),
                    ("italic", run.italic),
                    ("strike", run.strike),
                    ("code", run.code),
                    ("link", run.link == URL),
                )
                if on
            }
            text.append(run.text)
            found.extend((char, frozenset(formats)) for char in run.text if char.isalnum())

    def walk(blocks: list) -> None:
        for block in blocks:
            if isinstance(block, Paragraph):
                add_runs(block.runs, heading=False)
            elif isinstance(block, Heading):
                text.append(block.text)
                found.extend((char, frozenset()) for char in block.text if char.isalnum())
            elif isinstance(block, ListBlock):
                for item in block.items:
                    walk(item.blocks)
            else:
                raise AssertionError(f"unexpected block {block!r}")

    walk(markdown_to_blocks(markdown, 1, "t"))
    return found, "".join(text)


def typed_text(blocks: list[tuple[str, list[Token]]]) -> str:
    return "".join(token.text for _, tokens in blocks for token in tokens)


def without_spaces(text: str) -> str:
    return "".join(char for char in text if not char.isspace() and char != "\u2028")


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(blocks=st.lists(st.tuples(BLOCK_KINDS, paragraphs()), min_size=1, max_size=4))
def test_every_formatted_word_survives_save_and_reload(qapp: object, blocks: list) -> None:
    document = build(blocks)
    markdown = document_to_markdown(document)

    reloaded = QTextDocument()
    load_markdown(reloaded, markdown)
    assert word_formats_in_qt(reloaded) == expected_word_formats(blocks), markdown
    # Nothing typed is lost and no markup appears as text (spaces may collapse at line edges).
    assert without_spaces(reloaded.toPlainText()) == without_spaces(typed_text(blocks)), markdown

    exported, exported_text = word_formats_in_export(markdown)
    assert exported == expected_word_formats(blocks, export=True), markdown
    assert without_spaces(exported_text) == without_spaces(typed_text(blocks)), markdown

    # Saving again what was reloaded keeps every word's formats, and from then on writes the
    # same Markdown: nothing drifts save after save. (The first reload may move a format off
    # a space, and Qt's reader turns a line break into a new paragraph.)
    again = document_to_markdown(reloaded)
    load_markdown(reloaded, again)
    assert word_formats_in_qt(reloaded) == expected_word_formats(blocks), again
    assert document_to_markdown(reloaded) == again


def formatted(*parts: tuple[str, str]) -> QTextDocument:
    document = QTextDocument()
    cursor = QTextCursor(document)
    for text, names in parts:
        cursor.insertText(text, char_format(frozenset(names.split())))
    return document


def test_bold_ending_on_a_space_is_emphasis(qapp: object) -> None:
    document = formatted(("faster customs ", "bold"), ("clearance", ""))
    assert document_to_markdown(document) == "**faster customs** clearance\n"


def test_italic_and_link_edges_on_spaces_and_punctuation(qapp: object) -> None:
    document = formatted(("see ", ""), (" the note ", "italic"), ("and", ""), ('"here"', "link"))
    markdown = document_to_markdown(document)
    assert markdown == f'see  *the note* and["here"](<{URL}>)\n'
    blocks = markdown_to_blocks(markdown, 1, "t")
    runs = blocks[0].runs  # type: ignore[union-attr]
    assert "".join(run.text for run in runs) == 'see  the note and"here"'
    assert any(run.italic and run.text == "the note" for run in runs)


def test_overlapping_bold_and_italic_nest(qapp: object) -> None:
    document = formatted(("one ", "bold"), ("two", "bold italic"), (" three", "italic"))
    assert document_to_markdown(document) == "**one *two*** *three*\n"


def test_typed_markup_characters_stay_text(qapp: object) -> None:
    document = formatted(("2 * 3 = 6, a_b, [x], # 1. <b>", ""))
    reloaded = QTextDocument()
    load_markdown(reloaded, document_to_markdown(document))
    assert reloaded.toPlainText() == "2 * 3 = 6, a_b, [x], # 1. <b>"


def test_table_header_bold_is_not_written_twice(qapp: object) -> None:
    document = QTextDocument()
    load_markdown(document, "| Name | Role |\n|---|---|\n| *Kress* | host |\n")
    markdown = document_to_markdown(document)
    assert "**" not in markdown
    assert "*Kress*" in markdown
