"""Markdown out of a QTextDocument that reads back as the same formatting.

Qt's own writer (``QTextDocument.toMarkdown``) gets the block structure right: headings, nested
lists, tables, quotes and code blocks. Its inline output is not always CommonMark: a bold run that
ends on a space comes out as ``**faster customs **clearance``, which no reader takes for
emphasis, so the book printed the asterisks and the next save escaped them for good; bold and
italic that overlap come out interleaved.

So Qt writes the blocks and this module writes the text inside them. In a copy of the document
every text block's content is replaced by a placeholder word; Qt writes the copy; each placeholder
is then replaced by that block's inline Markdown, written here with three rules:

- emphasis, strike-through, code and links never start or end on white space, nor on
  punctuation glued to a letter outside them (CommonMark's flanking rules would refuse them);
  the white space or punctuation simply stays outside the run;
- delimiters nest: where two formats overlap, the inner one is closed and reopened;
- the user's own text is escaped, so ``*stars*`` typed as text stays text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from PySide6.QtGui import (
    QFont,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)

MARKDOWN_DIALECT = QTextDocument.MarkdownFeature.MarkdownDialectGitHub

# Formats in the order they open when they start together and end together (outermost first).
_LINK, _STRIKE, _BOLD, _ITALIC, _CODE = "link", "strike", "bold", "italic", "code"
_ORDER = (_LINK, _STRIKE, _BOLD, _ITALIC, _CODE)
_DELIMITER = {_STRIKE: "~~", _BOLD: "**", _ITALIC: "*"}
_LINE_SEPARATOR = "\u2028"
_OBJECT = "\ufffc"
# Private-use characters: Qt writes them as they are and no typed text holds them.
_PLACEHOLDER = "\ue000{}\ue001"
_PLACEHOLDER_RE = re.compile("\ue000(\\d+)\ue001")
_ESCAPED = set("\\`*_[]<>~|")
_ENTITY = re.compile(r"&(#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
# Text at a line start that a reader would take for a heading, list item, rule or underline.
_LINE_START_MARKER = re.compile(r"^(#{1,6}(?=\s|$)|[-+](?=\s|$)|[-=]+\s*$|(\d{1,9})([.)])(?=\s|$))")
_LIST_MARKER = re.compile(r"(\s*)([-*+]|\d{1,9}[.)])(\s+)")


def document_to_markdown(document: QTextDocument) -> str:
    """The document as Markdown, ending in exactly one newline ("" when empty)."""
    copy = document.clone()
    inline: dict[int, str] = {}
    block = copy.firstBlock()
    while block.isValid():
        if block.length() > 1 and not _is_code_block(block):
            number = len(inline)
            single_line = block.blockFormat().headingLevel() > 0 or _in_table(block)
            inline[number] = _inline_markdown(block, single_line)
            cursor = QTextCursor(block)
            cursor.movePosition(
                QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor
            )
            cursor.insertText(_PLACEHOLDER.format(number), QTextCharFormat())
        block = block.next()
    written = copy.toMarkdown(MARKDOWN_DIALECT)
    lines = [_fill_line(line, inline) for line in written.split("\n")]
    text = "\n".join(_pad_tables(lines))
    text = text.rstrip("\n").rstrip()
    return f"{text}\n" if text.strip() else ""


def _is_code_block(block: QTextBlock) -> bool:
    block_format = block.blockFormat()
    return (
        block_format.hasProperty(QTextFormat.Property.BlockCodeFence)
        or block_format.nonBreakableLines()
    )


def _fill_line(line: str, inline: dict[int, str]) -> str:
    match = _PLACEHOLDER_RE.search(line)
    if match is None:
        return line
    if "\n" not in inline[int(match.group(1))]:
        return _PLACEHOLDER_RE.sub(lambda m: inline[int(m.group(1))], line)
    prefix = line[: match.start()]
    content = inline[int(match.group(1))]
    # Lines after a hard break continue the list item or quote the block sits in.
    continuation = _LIST_MARKER.sub(lambda m: " " * len(m.group(0)), prefix, count=1)
    content = content.replace("\n", "\n" + continuation)
    return prefix + content + line[match.end() :]


_CELL_BORDER = re.compile(r"(?<!\\)\|")
_SEPARATOR_CELL = re.compile(r"^:?-+:?$")


def _pad_tables(lines: list[str]) -> list[str]:
    """Table columns as wide as their widest cell, as Qt writes them (it measured the
    placeholders, not the text)."""
    padded: list[str] = []
    table: list[list[str]] = []
    for line in [*lines, ""]:
        if line.startswith("|") and line.endswith("|") and len(line) > 1:
            table.append([cell.strip() for cell in _CELL_BORDER.split(line)[1:-1]])
            continue
        if table:
            padded.extend(_pad_table(table))
            table = []
        padded.append(line)
    return padded[:-1]


def _pad_table(rows: list[list[str]]) -> list[str]:
    columns = max(len(row) for row in rows)
    widths = [0] * columns
    for row in rows:
        for column, cell in enumerate(row):
            if not _SEPARATOR_CELL.match(cell):
                widths[column] = max(widths[column], len(cell))
    out = []
    for row in rows:
        cells = []
        for column, cell in enumerate(row):
            width = max(widths[column], 1)
            cells.append("-" * width if _SEPARATOR_CELL.match(cell) else cell.ljust(width))
        out.append("|" + "|".join(cells) + "|")
    return out


# --- one block's text --------------------------------------------------------------------


@dataclass
class _Run:
    """One character of the block with the formats it carries."""

    char: str
    formats: dict[str, str]  # format name -> value ("1", or the link's address)
    image: str = ""  # the Markdown of an image, when the character is one


def _runs(block: QTextBlock) -> list[_Run]:
    heading = block.blockFormat().headingLevel() > 0 or _in_header_row(block)
    runs: list[_Run] = []
    iterator = block.begin()
    while not iterator.atEnd():
        fragment = iterator.fragment()
        iterator += 1
        if not fragment.isValid():
            continue
        char_format = fragment.charFormat()
        if char_format.isImageFormat():
            image = char_format.toImageFormat()
            alt_property = getattr(QTextFormat.Property, "ImageAltText", None)
            alt = str(image.property(alt_property) or "") if alt_property is not None else ""
            markdown = f"![{_escape(alt)}]({_link_target(image.name())})"
            runs.extend(_Run(_OBJECT, {}, markdown) for _ in fragment.text())
            continue
        formats = _formats(char_format, heading)
        runs.extend(_Run(char, dict(formats)) for char in fragment.text())
    return runs


def _in_table(block: QTextBlock) -> bool:
    return QTextCursor(block).currentTable() is not None


def _in_header_row(block: QTextBlock) -> bool:
    """Qt makes a table's header cells bold; that bold is the header's, not the text's.
    A Markdown table's first row is always its header."""
    table = QTextCursor(block).currentTable()
    return table is not None and table.cellAt(block.position()).row() == 0


def _formats(char_format: QTextCharFormat, heading: bool) -> dict[str, str]:
    formats: dict[str, str] = {}
    if char_format.isAnchor() and char_format.anchorHref():
        formats[_LINK] = char_format.anchorHref()
    if char_format.fontFixedPitch():
        formats[_CODE] = "1"
        return formats  # nothing is formatted inside code
    if char_format.fontStrikeOut():
        formats[_STRIKE] = "1"
    # A heading is bold by its level: Markdown has no separate bold for it.
    if not heading and char_format.fontWeight() >= QFont.Weight.DemiBold:
        formats[_BOLD] = "1"
    if char_format.fontItalic():
        formats[_ITALIC] = "1"
    return formats


def _is_space(char: str) -> bool:
    return char.isspace() or char in (_LINE_SEPARATOR, "\xa0")


def _is_punctuation(char: str) -> bool:
    return unicodedata.category(char)[0] in "PS" and char != _OBJECT


def _is_letter(char: str | None) -> bool:
    """A delimiter between this character (outside a run) and punctuation (inside it) is
    neither left- nor right-flanking in CommonMark: the run cannot start or end there."""
    return char is not None and not _is_space(char) and not _is_punctuation(char)


def _trim_edges(runs: list[_Run]) -> None:
    """Move spaces, and punctuation glued to a letter outside, out of each formatted stretch."""
    count = len(runs)
    for name in _ORDER:
        index = 0
        while index < count:
            value = runs[index].formats.get(name)
            if value is None:
                index += 1
                continue
            end = index
            while end < count and runs[end].formats.get(name) == value:
                end += 1
            start, stop = index, end
            while start < stop and _bad_start(runs, start, name):
                del runs[start].formats[name]
                start += 1
            while stop > start and _bad_end(runs, stop, name):
                del runs[stop - 1].formats[name]
                stop -= 1
            index = end


def _bad_start(runs: list[_Run], position: int, name: str) -> bool:
    char = runs[position].char
    if _is_space(char):
        return True
    if name in (_LINK, _CODE) or not _is_punctuation(char):
        return False
    before = runs[position - 1].char if position > 0 else None
    return _is_letter(before)


def _bad_end(runs: list[_Run], stop: int, name: str) -> bool:
    char = runs[stop - 1].char
    if _is_space(char):
        return True
    if name in (_LINK, _CODE) or not _is_punctuation(char):
        return False
    after = runs[stop].char if stop < len(runs) else None
    return _is_letter(after)


def _inline_markdown(block: QTextBlock, single_line: bool) -> str:
    """The block's text as inline Markdown. ``single_line``: a heading or a table cell, where
    Markdown has no line break (one becomes a space)."""
    runs = _runs(block)
    _trim_edges(runs)
    ends = _stretch_ends(runs)
    out: list[str] = []
    stack: list[tuple[str, str]] = []  # open formats, outermost first: (name, value)
    code_text: list[str] = []
    for position, run in enumerate(runs):
        wanted = run.formats
        # Close from the innermost until everything still open is wanted.
        keep = 0
        while keep < len(stack) and wanted.get(stack[keep][0]) == stack[keep][1]:
            keep += 1
        crossed = set()
        while len(stack) > keep:
            closed = stack.pop()
            _close(closed, out, code_text)
            if wanted.get(closed[0]) == closed[1]:
                crossed.add(closed[0])
        if crossed and not (out and out[-1] in _DELIMITER.values()):
            crossed.clear()  # the last thing closed is a link or code: reopening is safe
        elif crossed and out[-1] == _DELIMITER[_STRIKE]:
            crossed &= {_STRIKE}
        elif crossed:
            crossed -= {_STRIKE}
        # Open what is wanted and not open; never right before a space, and a format closed
        # here only because another one crossed it reopens one character later: closing two
        # and reopening one at the same spot makes a run of asterisks CommonMark reads
        # differently (the run's length counts, "rule of three"). The characters in between
        # lose that format, which only happens where two formats cross inside a word.
        if not _is_space(run.char):
            missing = [
                name
                for name in _ORDER
                if name in wanted and name not in crossed and (name, wanted[name]) not in stack
            ]
            # Longer stretches open first (outermost); code is always innermost, so a format
            # starting inside code closes the code span and opens it again inside itself.
            missing.sort(
                key=lambda name: (name == _CODE, -ends[position][name], _ORDER.index(name))
            )
            if missing and stack and stack[-1][0] == _CODE:
                _close(stack.pop(), out, code_text)
                missing.append(_CODE)
            for name in missing:
                stack.append((name, wanted[name]))
                _open(name, out)
        if stack and stack[-1][0] == _CODE:
            code_text.append(run.char)
        elif run.image:
            out.append(run.image)
        else:
            out.append(_escape_char(run, runs, position, single_line))
    while stack:
        _close(stack.pop(), out, code_text)
    return _escape_line_start("".join(out))


def _stretch_ends(runs: list[_Run]) -> list[dict[str, int]]:
    """For each position and format, where the stretch of that format (same value) ends."""
    ends: list[dict[str, int]] = [{} for _ in runs]
    current: dict[str, tuple[str, int]] = {}
    for position in range(len(runs) - 1, -1, -1):
        formats = runs[position].formats
        for name, value in formats.items():
            previous = current.get(name)
            end = previous[1] if previous is not None and previous[0] == value else position + 1
            current[name] = (value, end)
            ends[position][name] = end
        for name in list(current):
            if name not in formats:
                del current[name]
    return ends


def _open(name: str, out: list[str]) -> None:
    if name == _LINK:
        out.append("[")
    elif name != _CODE:
        out.append(_DELIMITER[name])


def _close(opened: tuple[str, str], out: list[str], code_text: list[str]) -> None:
    name, value = opened
    if name == _LINK:
        out.append(f"]({_link_target(value)})")
    elif name == _CODE:
        out.append(_code_span("".join(code_text)))
        code_text.clear()
    else:
        out.append(_DELIMITER[name])


def _code_span(text: str) -> str:
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    padding = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{padding}{text}{padding}{fence}"


def _link_target(url: str) -> str:
    if not url or re.search(r"[\s()<>]", url):
        return "<" + url.replace("<", "%3C").replace(">", "%3E") + ">"
    return url


def _escape(text: str) -> str:
    return "".join("\\" + char if char in _ESCAPED else char for char in text)


def _escape_char(run: _Run, runs: list[_Run], position: int, single_line: bool) -> str:
    char = run.char
    if char == _LINE_SEPARATOR:
        return " " if single_line else "\\\n"
    if char in _ESCAPED:
        return "\\" + char
    if char == "&" and _ENTITY.match("".join(r.char for r in runs[position : position + 34])):
        return "\\&"
    if char == "!" and position + 1 < len(runs) and runs[position + 1].formats.get(_LINK):
        return "\\!"
    return char


def _escape_line_start(text: str) -> str:
    """Text at the start of a line that would read as a heading, list or rule is escaped."""
    lines = text.split("\n")
    for number, line in enumerate(lines):
        stripped = line.lstrip(" ")
        indent = line[: len(line) - len(stripped)]
        match = _LINE_START_MARKER.match(stripped)
        if match is None:
            continue
        if match.group(2):  # "1." or "1)": escape the punctuation
            lines[number] = f"{indent}{match.group(2)}\\{match.group(3)}{stripped[match.end() :]}"
        else:
            lines[number] = f"{indent}\\{stripped}"
    return "\n".join(lines)
