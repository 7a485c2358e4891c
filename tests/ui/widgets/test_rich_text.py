"""Markdown in and out of the section editor, formatting commands, and paste cleaning."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from ui.book.section_editor import SectionEditor, count_words
from ui.widgets.rich_text import clean_html, html_to_markdown, normalise_markdown

FULL_MARKDOWN = """# Heading one

Some **bold** and *italic* text with a [link](https://example.org/a?b=1&c=2).

## Heading two

- item one
- item two
  - nested a
  - nested b
- item three

1. first
2. second

### Heading three

| Col A | Col B |
|-------|-------|
| a1    | b1    |
| a2    | b2    |

Azerbaijani: Səməddin Əsədov, şəhər, ığ.
"""


@pytest.fixture
def editor(qtbot: QtBot) -> SectionEditor:
    widget = SectionEditor()
    qtbot.addWidget(widget)
    widget.load("Situation", "", "Guidance text")
    return widget


def reload_markdown(editor: SectionEditor, markdown: str) -> str:
    editor.load("Again", markdown)
    return editor.markdown()


def test_round_trip_is_stable_for_every_construct(editor: SectionEditor) -> None:
    editor.load("Situation", FULL_MARKDOWN)
    first = editor.markdown()
    assert reload_markdown(editor, first) == first
    for fragment in (
        "# Heading one",
        "## Heading two",
        "### Heading three",
        "**bold**",
        "*italic*",
        "[link](https://example.org/a?b=1&c=2)",
        "- item one",
        "  - nested a",
        "1.  first",
        "|Col A|Col B|",
        "|a2   |b2   |",
        "Səməddin Əsədov",
    ):
        assert fragment in first


def test_user_text_that_looks_like_markup_survives(editor: SectionEditor) -> None:
    cursor = editor.editor.textCursor()
    cursor.insertText('AT&T <b>not bold</b> 50% [TBD] *stars* # not a heading "q" \\ back')
    saved = editor.markdown()
    editor.load("Again", saved)
    assert editor.editor.toPlainText() == (
        'AT&T <b>not bold</b> 50% [TBD] *stars* # not a heading "q" \\ back'
    )
    assert editor.markdown() == saved


def test_normalise_once_then_identical(qapp: object) -> None:
    hand_written = "Para one\nstill one.\n\n\n* a\n* b\n"
    once = normalise_markdown(hand_written)
    assert normalise_markdown(once) == once
    assert once.endswith("\n") and not once.endswith("\n\n")
    assert normalise_markdown("") == ""


def select_all(editor: SectionEditor) -> None:
    cursor = editor.editor.textCursor()
    cursor.select(QTextCursor.SelectionType.Document)
    editor.editor.setTextCursor(cursor)


def type_paragraphs(editor: SectionEditor, *paragraphs: str) -> None:
    cursor = editor.editor.textCursor()
    for index, text in enumerate(paragraphs):
        if index:
            cursor.insertBlock()
        cursor.insertText(text)
    editor.editor.setTextCursor(cursor)


def put_cursor_in_block(editor: SectionEditor, number: int) -> None:
    block = editor.editor.document().findBlockByNumber(number)
    cursor = QTextCursor(block)
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    editor.editor.setTextCursor(cursor)


def test_toolbar_formats_come_out_as_markdown(editor: SectionEditor) -> None:
    type_paragraphs(editor, "Title", "Plain words here", "one", "two", "three")
    put_cursor_in_block(editor, 0)
    editor.set_heading(2)
    put_cursor_in_block(editor, 1)
    cursor = editor.editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.StartOfBlock)
    cursor.movePosition(QTextCursor.MoveOperation.EndOfWord, QTextCursor.MoveMode.KeepAnchor)
    editor.editor.setTextCursor(cursor)
    editor.toggle_bold()
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    cursor.movePosition(QTextCursor.MoveOperation.StartOfWord, QTextCursor.MoveMode.KeepAnchor)
    editor.editor.setTextCursor(cursor)
    editor.toggle_italic()
    for block in (2, 3, 4):
        put_cursor_in_block(editor, block)
        editor.toggle_list(numbered=False)
    put_cursor_in_block(editor, 3)
    editor.indent(1)
    markdown = editor.markdown()
    assert markdown.startswith("## Title\n")
    assert "**Plain** words *here*" in markdown
    assert "- one\n  * two\n- three" in markdown
    assert reload_markdown(editor, markdown) == markdown


def test_numbered_list_and_outdent(editor: SectionEditor) -> None:
    type_paragraphs(editor, "first", "second")
    select_all(editor)
    editor.toggle_list(numbered=True)
    assert editor.markdown() == "1.  first\n2.  second\n"
    put_cursor_in_block(editor, 1)
    editor.indent(1)
    assert "   1.  second" in editor.markdown() or "  1.  second" in editor.markdown()
    editor.indent(-1)
    assert editor.markdown() == "1.  first\n2.  second\n"
    editor.indent(-1)
    assert editor.markdown() == "1.  first\n\nsecond\n"
    select_all(editor)
    editor.toggle_list(numbered=True)
    editor.toggle_list(numbered=True)
    assert editor.markdown() == "first\n\nsecond\n"


def test_heading_toggle_and_body_text(editor: SectionEditor) -> None:
    type_paragraphs(editor, "Words")
    editor.set_heading(1)
    assert editor.markdown() == "# Words\n"
    editor.set_heading(1)  # the same heading again: back to body text
    assert editor.markdown() == "Words\n"
    editor.set_heading(3)
    editor.set_heading(0)
    assert editor.markdown() == "Words\n"


def test_enter_after_heading_starts_body_text(editor: SectionEditor, qtbot: QtBot) -> None:
    type_paragraphs(editor, "Heading")
    editor.set_heading(2)
    qtbot.keyClick(editor.editor, Qt.Key.Key_Return)
    qtbot.keyClicks(editor.editor, "body")
    assert editor.markdown() == "## Heading\n\nbody\n"


def test_tab_nests_list_items_and_moves_between_cells(editor: SectionEditor, qtbot: QtBot) -> None:
    type_paragraphs(editor, "a", "b")
    select_all(editor)
    editor.toggle_list(numbered=False)
    put_cursor_in_block(editor, 1)
    qtbot.keyClick(editor.editor, Qt.Key.Key_Tab)
    assert editor.markdown() == "- a\n  * b\n"
    qtbot.keyClick(editor.editor, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert editor.markdown() == "- a\n- b\n"

    editor.load("Table", "")
    editor.insert_table(2, 2)
    qtbot.keyClicks(editor.editor, "H1")
    qtbot.keyClick(editor.editor, Qt.Key.Key_Tab)
    qtbot.keyClicks(editor.editor, "H2")
    qtbot.keyClick(editor.editor, Qt.Key.Key_Tab)
    qtbot.keyClicks(editor.editor, "x")
    markdown = editor.markdown()
    assert "|H1|H2|" in markdown and "|x |  |" in markdown
    assert reload_markdown(editor, markdown) == markdown


def test_link_on_selection_and_inserted_and_removed(editor: SectionEditor) -> None:
    type_paragraphs(editor, "see the agency site")
    cursor = editor.editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.StartOfBlock)
    cursor.movePosition(QTextCursor.MoveOperation.Right, n=4)
    cursor.movePosition(QTextCursor.MoveOperation.Right, QTextCursor.MoveMode.KeepAnchor, 10)
    editor.editor.setTextCursor(cursor)
    editor.set_link("https://www.ustda.gov")
    assert editor.markdown() == "see [the agency](https://www.ustda.gov) site\n"
    cursor = editor.editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    editor.editor.setTextCursor(cursor)
    editor.set_link("https://example.org", " (more)")
    editor.editor.textCursor().insertText(" end")
    assert editor.markdown().endswith("site [(more)](https://example.org) end\n")
    select_all(editor)
    editor.set_link("")
    assert "](" not in editor.markdown()


def test_word_count(editor: SectionEditor) -> None:
    assert count_words("") == 0
    assert count_words("Səməddin Əsədov's well-known plan, 2025.") == 5
    type_paragraphs(editor, "one two", "three")
    assert editor.word_count.text() == "3 words"


def test_guidance_is_the_placeholder_of_an_empty_section(editor: SectionEditor) -> None:
    assert editor.editor.placeholder() == "Guidance text"
    editor.editor.grab()  # paints the wrapped guidance without error


WORD_HTML = """<html xmlns:o="urn:schemas-microsoft-com:office:office"><head>
<style><!-- p.MsoNormal {font-family:Calibri; color:#333} --></style></head><body>
<!--StartFragment--><h1 style='font-family:"Calibri Light";color:#2F5496'>Trip overview</h1>
<p class=MsoNormal><span style='font-family:Calibri;color:red;font-size:14pt'>Plain
<b>bold words</b> and <i>italic</i>.</span></p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-.25in;mso-list:l0 level1 lfo1'>
<![if !supportLists]><span style='font-family:Symbol'>·<span>&nbsp;&nbsp; </span></span>
<![endif]>First point</p>
<p class=MsoListParagraphCxSpMiddle style='mso-list:l0 level2 lfo1'><![if !supportLists]>
<span style='font-family:"Courier New"'>o<span>&nbsp;&nbsp; </span></span><![endif]>Nested point</p>
<p class=MsoListParagraphCxSpLast style='mso-list:l0 level1 lfo1'><![if !supportLists]>
<span>·<span>&nbsp; </span></span><![endif]>Second point</p>
<p class=MsoListParagraph style='mso-list:l1 level1 lfo2'><![if !supportLists]><span>1.<span>
&nbsp;&nbsp; </span></span><![endif]>Numbered one</p>
<p class=MsoNormal>After the list.</p>
<!--EndFragment--></body></html>"""

WEB_HTML = """<meta charset='utf-8'><div style="font-family: Arial; background: yellow">
<h2 style="color: blue; font-size: 30px">News</h2>
<p style="color:#555">Text with <strong>strong</strong>, <em>em</em>,
<a href="https://e.org" style="color:green">link</a>,
<span style="font-weight:700">bold span</span>.</p>
<ul><li>alpha<ul><li>beta</li></ul></li><li>gamma</li></ul>
<table style="border:1px"><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>
<img src="http://example.org/tracker.png"><script>alert(1)</script></div>"""


def test_word_paste_keeps_headings_lists_and_emphasis(qapp: object) -> None:
    markdown = html_to_markdown(WORD_HTML)
    assert markdown.startswith("# Trip overview\n")
    assert "Plain **bold words** and *italic*." in markdown
    assert "- First point\n  - Nested point\n- Second point" in markdown
    assert "1.  Numbered one" in markdown
    assert "After the list." in markdown
    for foreign in ("Calibri", "color", "·", "MsoNormal", "supportLists", "\xa0"):
        assert foreign not in markdown


def test_web_paste_drops_styles_scripts_and_images(qapp: object) -> None:
    markdown = html_to_markdown(WEB_HTML)
    assert "## News" in markdown
    assert "**strong**" in markdown and "*em*" in markdown and "**bold span**" in markdown
    assert "[link](https://e.org)" in markdown
    assert "- alpha\n  - beta\n- gamma" in markdown
    assert "|A|B|" in markdown
    for foreign in ("tracker", "alert", "yellow", "Arial", "!["):
        assert foreign not in markdown
    assert "<script" not in clean_html(WEB_HTML)


def test_paste_into_the_editor_goes_through_markdown(editor: SectionEditor) -> None:
    type_paragraphs(editor, "Before")
    data = QMimeData()
    data.setHtml(WEB_HTML)
    data.setText("plain fallback")
    editor.editor.insertFromMimeData(data)
    markdown = editor.markdown()
    assert markdown.startswith("Before\n\n## News\n")
    assert "[link](https://e.org)" in markdown
    assert "yellow" not in editor.editor.toHtml()

    plain = QMimeData()
    plain.setText("*not emphasis*")
    editor.load("Plain", "")
    editor.editor.insertFromMimeData(plain)
    assert editor.editor.toPlainText() == "*not emphasis*"


def test_copy_and_paste_inside_the_editor_keeps_formatting(editor: SectionEditor) -> None:
    editor.load("Copy", "## Heading\n\nSome **bold** text\n")
    select_all(editor)
    data = editor.editor.createMimeDataFromSelection()
    assert "text/markdown" in data.formats()
    editor.load("Paste", "Existing paragraph\n")
    editor.editor.moveCursor(QTextCursor.MoveOperation.End)
    editor.editor.insertFromMimeData(data)
    assert editor.markdown() == "Existing paragraph\n\n## Heading\n\nSome **bold** text\n"


def press(qtbot: QtBot, editor: SectionEditor, key: Qt.Key) -> None:
    qtbot.keyClick(editor.editor, key, Qt.KeyboardModifier.ControlModifier)


def show_active(qtbot: QtBot, editor: SectionEditor) -> None:
    """Shortcuts reach only the active window."""
    editor.show()
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)
    editor.editor.setFocus()


def test_ctrl_b_typed_the_usual_way_bolds_only_what_was_typed(
    editor: SectionEditor, qtbot: QtBot
) -> None:
    """Ctrl+B, a word, Ctrl+B at its end, more words: like Word, only the typed word is bold."""
    show_active(qtbot, editor)
    qtbot.keyClicks(editor.editor, "We want ")
    press(qtbot, editor, Qt.Key.Key_B)
    qtbot.keyClicks(editor.editor, "faster customs")
    press(qtbot, editor, Qt.Key.Key_B)
    qtbot.keyClicks(editor.editor, " clearance, ")
    press(qtbot, editor, Qt.Key.Key_I)
    qtbot.keyClicks(editor.editor, "soon")
    press(qtbot, editor, Qt.Key.Key_I)
    qtbot.keyClicks(editor.editor, ".")
    assert editor.markdown() == "We want **faster customs** clearance, *soon*.\n"


def test_ctrl_b_inside_a_word_formats_the_whole_word(editor: SectionEditor, qtbot: QtBot) -> None:
    show_active(qtbot, editor)
    type_paragraphs(editor, "one two three")
    cursor = editor.editor.textCursor()
    cursor.setPosition(5)  # between "t" and "wo"
    editor.editor.setTextCursor(cursor)
    press(qtbot, editor, Qt.Key.Key_B)
    assert editor.markdown() == "one **two** three\n"
    cursor.setPosition(4)  # at the start of "two": only what is typed next
    editor.editor.setTextCursor(cursor)
    editor.toggle_italic()
    qtbot.keyClicks(editor.editor, "x")
    assert editor.markdown() == "one *x***two** three\n"


def test_headings_have_room_above_and_nested_lists_a_modest_indent(
    editor: SectionEditor,
) -> None:
    markdown = "Intro.\n\n## Rail\n\nText.\n\n- one\n  - two\n"
    editor.load("Situation", markdown)
    document = editor.editor.document()
    heading = document.findBlockByNumber(1)
    assert heading.blockFormat().headingLevel() == 2
    assert heading.blockFormat().topMargin() >= 10
    assert document.indentWidth() <= 24
    assert editor.markdown() == "Intro.\n\n## Rail\n\nText.\n\n- one\n  - two\n"
    # A heading made with the toolbar gets the same room.
    put_cursor_in_block(editor, 2)
    editor.set_heading(3)
    assert document.findBlockByNumber(2).blockFormat().topMargin() >= 10
    editor.set_heading(3)  # back to body text: Qt's own paragraph spacing
    assert document.findBlockByNumber(2).blockFormat().topMargin() < 10
