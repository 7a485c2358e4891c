"""Formatting operations on a QTextCursor that survive the trip through Markdown.

Only what Markdown can hold is offered: bold, italic, headings 1-3, bullet and numbered lists
(nested by indenting), links and tables. Indenting a plain paragraph is not offered because
Markdown would turn it into a code block.
"""

from __future__ import annotations

from PySide6.QtGui import (
    QFont,
    QGuiApplication,
    QPalette,
    QTextBlock,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextDocumentFragment,
    QTextFormat,
    QTextList,
    QTextListFormat,
    QTextTableFormat,
)

# Qt's own Markdown reader sizes headings this way; match it so typed and loaded look alike.
HEADING_SIZE_ADJUSTMENT = {1: 3, 2: 2, 3: 1}
BULLET_STYLES = (
    QTextListFormat.Style.ListDisc,
    QTextListFormat.Style.ListCircle,
    QTextListFormat.Style.ListSquare,
)
NUMBERED = QTextListFormat.Style.ListDecimal
MARKDOWN_DIALECT = QTextDocument.MarkdownFeature.MarkdownDialectGitHub


def toggle_bold(cursor: QTextCursor, on: bool) -> None:
    char_format = QTextCharFormat()
    char_format.setFontWeight(QFont.Weight.Bold if on else QFont.Weight.Normal)
    _merge_on_word_or_selection(cursor, char_format)


def toggle_italic(cursor: QTextCursor, on: bool) -> None:
    char_format = QTextCharFormat()
    char_format.setFontItalic(on)
    _merge_on_word_or_selection(cursor, char_format)


def _merge_on_word_or_selection(cursor: QTextCursor, char_format: QTextCharFormat) -> None:
    if not cursor.hasSelection():
        # As in Word: with the cursor inside a word, the whole word changes; at a word's
        # start or end (just after typing it), only what is typed next does.
        probe = QTextCursor(cursor)
        probe.select(QTextCursor.SelectionType.WordUnderCursor)
        inside = probe.selectionStart() < cursor.position() < probe.selectionEnd()
        if probe.hasSelection() and inside:
            probe.mergeCharFormat(char_format)
            return
    cursor.mergeCharFormat(char_format)


# Room above a heading, so a section's parts stand apart on screen as they do in print.
HEADING_SPACE_ABOVE = {1: 18.0, 2: 14.0, 3: 10.0}
HEADING_SPACE_BELOW = 4.0
# Each list level indents this much (Qt's default, 40 px, sends nested bullets far right).
LIST_INDENT_WIDTH = 22.0


def set_heading_spacing(cursor: QTextCursor, level: int) -> None:
    """The block's margins for its heading level (body text keeps Qt's own)."""
    block_format = cursor.blockFormat()
    if level:
        block_format.setTopMargin(HEADING_SPACE_ABOVE.get(level, 8.0))
        block_format.setBottomMargin(HEADING_SPACE_BELOW)
    else:
        block_format.clearProperty(QTextFormat.Property.BlockTopMargin)
        block_format.clearProperty(QTextFormat.Property.BlockBottomMargin)
    cursor.setBlockFormat(block_format)


def lay_out_for_editing(document: QTextDocument) -> None:
    """Space headings and list levels for the screen; none of it reaches the Markdown."""
    document.setIndentWidth(LIST_INDENT_WIDTH)
    block = document.firstBlock()
    while block.isValid():
        level = block.blockFormat().headingLevel()
        if level:
            set_heading_spacing(QTextCursor(block), level)
        block = block.next()


def heading_level(cursor: QTextCursor) -> int:
    return cursor.blockFormat().headingLevel()


def set_heading(cursor: QTextCursor, level: int) -> None:
    """Make the paragraphs under the cursor a heading of ``level`` (0: body text)."""
    cursor.beginEditBlock()
    start, end = cursor.selectionStart(), cursor.selectionEnd()
    block = cursor.document().findBlock(start)
    while block.isValid() and block.position() <= end:
        _set_block_heading(block, level)
        block = block.next()
    cursor.endEditBlock()


def _set_block_heading(block: QTextBlock, level: int) -> None:
    cursor = QTextCursor(block)
    if level and block.textList() is not None:
        block.textList().remove(block)
        block_format = cursor.blockFormat()
        block_format.setIndent(0)
        cursor.setBlockFormat(block_format)
    block_format = cursor.blockFormat()
    block_format.setHeadingLevel(level)
    cursor.setBlockFormat(block_format)
    set_heading_spacing(cursor, level)
    char_format = QTextCharFormat()
    if level:
        char_format.setFontWeight(QFont.Weight.Bold)
        char_format.setProperty(
            QTextFormat.Property.FontSizeAdjustment, HEADING_SIZE_ADJUSTMENT[level]
        )
    else:
        char_format.setFontWeight(QFont.Weight.Normal)
        char_format.setProperty(QTextFormat.Property.FontSizeAdjustment, 0)
    cursor.select(QTextCursor.SelectionType.BlockUnderCursor)
    if block.length() > 1:
        cursor.setPosition(block.position())
        cursor.setPosition(block.position() + block.length() - 1, QTextCursor.MoveMode.KeepAnchor)
        cursor.mergeCharFormat(char_format)
    # The format new text gets at the end of the block, and an empty block's look.
    cursor.setPosition(block.position())
    cursor.mergeBlockCharFormat(char_format)


def list_style(cursor: QTextCursor) -> QTextListFormat.Style | None:
    text_list = cursor.currentList()
    return text_list.format().style() if text_list is not None else None


def toggle_list(cursor: QTextCursor, numbered: bool) -> None:
    """Turn the paragraphs into a bullet or numbered list, or back into paragraphs."""
    cursor.beginEditBlock()
    current = cursor.currentList()
    wanted_numbered = numbered
    if current is not None and (current.format().style() == NUMBERED) == wanted_numbered:
        _remove_from_lists(cursor)
    elif current is not None:
        # Switching bullet <-> numbered keeps the nesting level.
        list_format = current.format()
        list_format.setStyle(_style_for(list_format.indent(), numbered))
        current.setFormat(list_format)
    else:
        set_heading(cursor, 0)
        list_format = QTextListFormat()
        list_format.setIndent(1)
        list_format.setStyle(_style_for(1, numbered))
        previous = cursor.document().findBlock(cursor.selectionStart()).previous()
        joinable = previous.textList() if previous.isValid() else None
        if joinable is not None and joinable.format().style() == list_format.style():
            _add_blocks(cursor, joinable)
        else:
            cursor.createList(list_format)
    cursor.endEditBlock()


def _style_for(indent: int, numbered: bool) -> QTextListFormat.Style:
    if numbered:
        return NUMBERED
    return BULLET_STYLES[(indent - 1) % len(BULLET_STYLES)]


def _blocks(cursor: QTextCursor) -> list[QTextBlock]:
    document = cursor.document()
    block = document.findBlock(cursor.selectionStart())
    last = document.findBlock(cursor.selectionEnd())
    blocks = [block]
    while block != last and block.isValid():
        block = block.next()
        blocks.append(block)
    return blocks


def _add_blocks(cursor: QTextCursor, text_list: QTextList) -> None:
    for block in _blocks(cursor):
        old = block.textList()
        if old is not None:
            old.remove(block)
        text_list.add(block)


def _remove_from_lists(cursor: QTextCursor) -> None:
    for block in _blocks(cursor):
        text_list = block.textList()
        if text_list is not None:
            text_list.remove(block)
        block_cursor = QTextCursor(block)
        block_format = block_cursor.blockFormat()
        block_format.setIndent(0)
        block_cursor.setBlockFormat(block_format)


def can_indent(cursor: QTextCursor) -> bool:
    return cursor.currentList() is not None


def change_indent(cursor: QTextCursor, step: int) -> bool:
    """Nest list items one level deeper (step 1) or shallower (step -1). False: not a list."""
    if cursor.currentList() is None:
        return False
    cursor.beginEditBlock()
    for block in _blocks(cursor):
        text_list = block.textList()
        if text_list is None:
            continue
        list_format = text_list.format()
        numbered = list_format.style() == NUMBERED
        indent = list_format.indent() + step
        text_list.remove(block)
        block_cursor = QTextCursor(block)
        if indent < 1:
            block_format = block_cursor.blockFormat()
            block_format.setIndent(0)
            block_cursor.setBlockFormat(block_format)
            continue
        target = _neighbour_list(block, indent, numbered)
        if target is not None:
            target.add(block)
        else:
            new_format = QTextListFormat()
            new_format.setIndent(indent)
            new_format.setStyle(_style_for(indent, numbered))
            block_cursor.createList(new_format)
    cursor.endEditBlock()
    return True


def _neighbour_list(block: QTextBlock, indent: int, numbered: bool) -> QTextList | None:
    """The list at ``indent`` that this block continues (looking back past deeper levels)."""
    previous = block.previous()
    while previous.isValid() and previous.textList() is not None:
        candidate = previous.textList()
        candidate_indent = candidate.format().indent()
        if candidate_indent == indent:
            same_kind = (candidate.format().style() == NUMBERED) == numbered
            return candidate if same_kind else None
        if candidate_indent < indent:
            return None
        previous = previous.previous()
    return None


def link_at(cursor: QTextCursor) -> str:
    return cursor.charFormat().anchorHref() if cursor.charFormat().isAnchor() else ""


def _select_link_or_word(cursor: QTextCursor) -> None:
    """With no selection: the whole link under the cursor, else the word."""
    href = link_at(cursor)
    if not href:
        cursor.select(QTextCursor.SelectionType.WordUnderCursor)
        return
    block = cursor.block()
    iterator = block.begin()
    while not iterator.atEnd():
        fragment = iterator.fragment()
        inside = fragment.position() <= cursor.position() <= fragment.position() + fragment.length()
        if inside and fragment.charFormat().anchorHref() == href:
            cursor.setPosition(fragment.position())
            cursor.setPosition(
                fragment.position() + fragment.length(), QTextCursor.MoveMode.KeepAnchor
            )
            return
        iterator += 1


def _without_link(char_format: QTextCharFormat) -> QTextCharFormat:
    # Cleared, not set to false: Qt's Markdown writer treats any href property as a link.
    plain = QTextCharFormat(char_format)
    for prop in (
        QTextFormat.Property.IsAnchor,
        QTextFormat.Property.AnchorHref,
        QTextFormat.Property.AnchorName,
        QTextFormat.Property.TextUnderlineStyle,
        QTextFormat.Property.ForegroundBrush,
    ):
        plain.clearProperty(prop)
    return plain


def _unlink_selection(cursor: QTextCursor) -> None:
    start, end = cursor.selectionStart(), cursor.selectionEnd()
    # Collect first, change after: changing formats splits the fragments being iterated.
    linked: list[tuple[int, int, QTextCharFormat]] = []
    block = cursor.document().findBlock(start)
    while block.isValid() and block.position() <= end:
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            low = max(start, fragment.position())
            high = min(end, fragment.position() + fragment.length())
            if low < high and fragment.charFormat().isAnchor():
                linked.append((low, high, fragment.charFormat()))
            iterator += 1
        block = block.next()
    for low, high, char_format in linked:
        part = QTextCursor(cursor.document())
        part.setPosition(low)
        part.setPosition(high, QTextCursor.MoveMode.KeepAnchor)
        part.setCharFormat(_without_link(char_format))


def set_link(cursor: QTextCursor, url: str, text: str = "") -> None:
    """Link the selection (or insert ``text`` linked) to ``url``; an empty url unlinks."""
    cursor.beginEditBlock()
    if not cursor.hasSelection() and not text:
        _select_link_or_word(cursor)
    if not url:
        _unlink_selection(cursor)
        cursor.endEditBlock()
        return
    link = QTextCharFormat()
    link.setAnchor(True)
    link.setAnchorHref(url)
    link.setFontUnderline(True)
    link.setForeground(QGuiApplication.palette().brush(QPalette.ColorRole.Link))
    if text and not cursor.hasSelection():
        linked = QTextCharFormat(cursor.charFormat())
        linked.merge(link)
        cursor.insertText(text, linked)
        # Whatever is typed after the link is plain text again.
        cursor.setCharFormat(_without_link(linked))
    else:
        cursor.mergeCharFormat(link)
    cursor.endEditBlock()


def insert_table(cursor: QTextCursor, rows: int, columns: int) -> None:
    """A table with a header row, on its own line."""
    cursor.beginEditBlock()
    if cursor.block().length() > 1:
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
        cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
    table_format = QTextTableFormat()
    table_format.setCellPadding(4)
    table_format.setCellSpacing(0)
    table_format.setBorder(1)
    table_format.setHeaderRowCount(1)
    table = cursor.insertTable(rows, columns, table_format)
    cursor.setPosition(table.cellAt(0, 0).firstCursorPosition().position())
    cursor.endEditBlock()


def move_in_table(cursor: QTextCursor, forward: bool) -> bool:
    """Tab / Shift+Tab between table cells; Tab in the last cell adds a row."""
    table = cursor.currentTable()
    if table is None:
        return False
    cell = table.cellAt(cursor)
    row, column = cell.row(), cell.column()
    index = row * table.columns() + column + (1 if forward else -1)
    if index < 0:
        return True
    if index >= table.rows() * table.columns():
        table.appendRows(1)
    target = table.cellAt(index // table.columns(), index % table.columns())
    cursor.setPosition(target.firstCursorPosition().position())
    cursor.setPosition(target.lastCursorPosition().position(), QTextCursor.MoveMode.KeepAnchor)
    return True


def insert_markdown(cursor: QTextCursor, markdown: str) -> None:
    """Insert Markdown at the cursor; pasted headings, lists and tables start on their own
    line and keep their structure (Qt would otherwise merge the first one into the
    paragraph at the cursor, losing its heading or list)."""
    source = QTextDocument()
    source.setMarkdown(markdown, MARKDOWN_DIALECT)
    first = source.firstBlock()
    first_level = first.blockFormat().headingLevel()
    first_list = first.textList()
    block_level = (
        source.blockCount() > 1
        or first_level > 0
        or first_list is not None
        or bool(source.rootFrame().childFrames())
    )
    fragment = QTextDocumentFragment(source)
    if not block_level:
        cursor.insertFragment(fragment)
        return
    cursor.beginEditBlock()
    if cursor.block().length() > 1:
        if cursor.atBlockStart():
            cursor.insertBlock()
            cursor.movePosition(QTextCursor.MoveOperation.PreviousBlock)
        else:
            cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
        _set_block_heading(cursor.block(), 0)
    start = cursor.block()
    cursor.insertFragment(fragment)
    if first_level:
        _set_block_heading(start, first_level)
    elif first_list is not None and start.textList() is None:
        QTextCursor(start).createList(first_list.format())
    cursor.endEditBlock()
