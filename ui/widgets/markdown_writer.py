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
_ENTITY_START = re.compile(r"&(?=#\d+;|#[xX][0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)")
_ESCAPES = {ord(char): "\\" + char for char in _ESCAPED}
_MULTI_LINE = {**_ESCAPES, ord(_LINE_SEPARATOR): "\\\n"}
_SINGLE_LINE = {**_ESCAPES, ord(_LINE_SEPARATOR): " "}
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


# The formats of a stretch of text: name -> value ("1", or a link's address). One dict is shared
# by all the characters of a segment; it is copied, never changed in place.
_Formats = dict[str, str]
_NONE: _Formats = {}


@dataclass
class _Segment:
    """Characters ``start``..``end`` of the block's text, all with the same formats."""

    start: int
    end: int
    formats: _Formats


def _segments(block: QTextBlock) -> tuple[str, list[_Segment], dict[int, str]]:
    """The block's text, its segments, and the Markdown of each image by its position."""
    heading = block.blockFormat().headingLevel() > 0 or _in_header_row(block)
    parts: list[str] = []
    segments: list[_Segment] = []
    images: dict[int, str] = {}
    position = 0
    iterator = block.begin()
    while not iterator.atEnd():
        fragment = iterator.fragment()
        iterator += 1
        if not fragment.isValid():
            continue
        text = fragment.text()
        char_format = fragment.charFormat()
        if char_format.isImageFormat():
            image = char_format.toImageFormat()
            alt_property = getattr(QTextFormat.Property, "ImageAltText", None)
            alt = str(image.property(alt_property) or "") if alt_property is not None else ""
            for offset in range(len(text)):
                images[position + offset] = f"![{_escape(alt)}]({_link_target(image.name())})"
            formats = _NONE
        else:
            formats = _formats(char_format, heading)
        parts.append(text)
        _append(segments, _Segment(position, position + len(text), formats))
        position += len(text)
    return "".join(parts), segments, images


def _append(segments: list[_Segment], segment: _Segment) -> None:
    """Add ``segment``, merged into the last one when their formats are equal."""
    if segment.start == segment.end:
        return
    if segments and segments[-1].formats == segment.formats:
        segments[-1].end = segment.end
    else:
        segments.append(segment)


def _in_table(block: QTextBlock) -> bool:
    return QTextCursor(block).currentTable() is not None


def _in_header_row(block: QTextBlock) -> bool:
    """Qt makes a table's header cells bold; that bold is the header's, not the text's.
    A Markdown table's first row is always its header."""
    table = QTextCursor(block).currentTable()
    return table is not None and table.cellAt(block.position()).row() == 0


def _formats(char_format: QTextCharFormat, heading: bool) -> _Formats:
    formats: _Formats = {}
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


# --- trimming the edges of formatted stretches ----------------------------------------------


def _trim_edges(text: str, segments: list[_Segment]) -> list[_Segment]:
    """Move spaces, and punctuation glued to a letter outside, out of each formatted stretch."""
    for name in _ORDER:
        cuts: list[tuple[int, int]] = []  # character ranges that lose ``name``
        for start, end in _stretches(segments, name):
            first = start
            while first < end and _bad_start(text, first, name):
                first += 1
            last = end
            while last > first and _bad_end(text, last, name):
                last -= 1
            if first > start:
                cuts.append((start, first))
            if last < end:
                cuts.append((last, end))
        for low, high in cuts:
            segments = _without(segments, low, high, name)
    return segments


def _stretches(segments: list[_Segment], name: str) -> list[tuple[int, int]]:
    """Character ranges over which ``name`` keeps one value."""
    found: list[tuple[int, int]] = []
    value: str | None = None
    for segment in segments:
        current = segment.formats.get(name)
        if current is not None and current == value:
            found[-1] = (found[-1][0], segment.end)
        elif current is not None:
            found.append((segment.start, segment.end))
        value = current
    return found


def _without(segments: list[_Segment], low: int, high: int, name: str) -> list[_Segment]:
    """``segments`` with ``name`` taken off the characters ``low``..``high``."""
    result: list[_Segment] = []
    for segment in segments:
        if segment.end <= low or segment.start >= high or name not in segment.formats:
            _append(result, _Segment(segment.start, segment.end, segment.formats))
            continue
        lighter = {key: value for key, value in segment.formats.items() if key != name}
        inside_low, inside_high = max(segment.start, low), min(segment.end, high)
        _append(result, _Segment(segment.start, inside_low, segment.formats))
        _append(result, _Segment(inside_low, inside_high, lighter))
        _append(result, _Segment(inside_high, segment.end, segment.formats))
    return result


def _bad_start(text: str, position: int, name: str) -> bool:
    char = text[position]
    if _is_space(char):
        return True
    if name in (_LINK, _CODE) or not _is_punctuation(char):
        return False
    return _is_letter(text[position - 1] if position > 0 else None)


def _bad_end(text: str, stop: int, name: str) -> bool:
    char = text[stop - 1]
    if _is_space(char):
        return True
    if name in (_LINK, _CODE) or not _is_punctuation(char):
        return False
    return _is_letter(text[stop] if stop < len(text) else None)


# --- writing ------------------------------------------------------------------------------


class _Writer:
    """Writes one block's segments, keeping the open formats on a stack (outermost first)."""

    def __init__(self, text: str, images: dict[int, str], single_line: bool) -> None:
        self.text = text
        self.images = images
        self.single_line = single_line
        self.out: list[str] = []
        self.stack: list[tuple[str, str]] = []
        self.code_text: list[str] = []

    def write(self, segments: list[_Segment]) -> str:
        ends = _stretch_ends(segments)
        for number, segment in enumerate(segments):
            wanted = segment.formats
            crossed = self._close_unwanted(wanted)
            position = segment.start
            missing = [
                name for name in _ORDER if name in wanted and (name, wanted[name]) not in self.stack
            ]
            if missing:
                # Never open right before a space (the flanking rules).
                position = self._emit_spaces(position, segment.end)
            if missing and position < segment.end:
                now = [name for name in missing if name not in crossed or position > segment.start]
                self._open_all(now, wanted, ends[number])
                later = [name for name in missing if name not in now]
                if later:
                    # Closed here only because another format crossed it: reopened one
                    # character later. Closing two and reopening one at the same spot makes
                    # a run of asterisks CommonMark reads differently (its length counts).
                    # That one character loses the format: only where formats cross in a word.
                    self._emit(position, position + 1)
                    position = self._emit_spaces(position + 1, segment.end)
                    if position < segment.end:
                        self._open_all(later, wanted, ends[number])
            self._emit(position, segment.end)
        while self.stack:
            self._close(self.stack.pop())
        return _escape_line_start("".join(self.out))

    def _close_unwanted(self, wanted: _Formats) -> set[str]:
        """Close from the innermost until everything still open is wanted; the formats that
        were closed although still wanted (crossed by another), when reopening them at once
        would be unsafe."""
        keep = 0
        while keep < len(self.stack) and wanted.get(self.stack[keep][0]) == self.stack[keep][1]:
            keep += 1
        crossed: set[str] = set()
        while len(self.stack) > keep:
            closed = self.stack.pop()
            self._close(closed)
            if wanted.get(closed[0]) == closed[1]:
                crossed.add(closed[0])
        last = self.out[-1] if self.out else ""
        if last not in _DELIMITER.values():
            return set()  # the last thing closed is a link or code: reopening is safe
        return crossed & {_STRIKE} if last == _DELIMITER[_STRIKE] else crossed - {_STRIKE}

    def _open_all(self, names: list[str], wanted: _Formats, ends: dict[str, int]) -> None:
        # Longer stretches open first (outermost); code is always innermost, so a format
        # starting inside code closes the code span and opens it again inside itself.
        names = sorted(names, key=lambda n: (n == _CODE, -ends[n], _ORDER.index(n)))
        if names and self.stack and self.stack[-1][0] == _CODE:
            self._close(self.stack.pop())
            names.append(_CODE)
        for name in names:
            self.stack.append((name, wanted[name]))
            if name == _LINK:
                if self.out and self.out[-1].endswith("!") and not self.out[-1].endswith("\\!"):
                    self.out[-1] = self.out[-1][:-1] + "\\!"  # not an image
                self.out.append("[")
            elif name != _CODE:
                self.out.append(_DELIMITER[name])

    def _close(self, opened: tuple[str, str]) -> None:
        name, value = opened
        if name == _LINK:
            self.out.append(f"]({_link_target(value)})")
        elif name == _CODE:
            self.out.append(_code_span("".join(self.code_text)))
            self.code_text.clear()
        else:
            self.out.append(_DELIMITER[name])

    def _emit_spaces(self, position: int, end: int) -> int:
        stop = position
        while stop < end and _is_space(self.text[stop]):
            stop += 1
        self._emit(position, stop)
        return stop

    def _emit(self, start: int, end: int) -> None:
        if start >= end:
            return
        piece = self.text[start:end]
        if self.stack and self.stack[-1][0] == _CODE:
            self.code_text.append(piece.replace(_LINE_SEPARATOR, " "))
        elif self.images and _OBJECT in piece:
            for offset, char in enumerate(piece):
                image = self.images.get(start + offset)
                self.out.append(image if image is not None else self._escaped(char))
        else:
            self.out.append(self._escaped(piece))

    def _escaped(self, piece: str) -> str:
        piece = piece.translate(_SINGLE_LINE if self.single_line else _MULTI_LINE)
        return _ENTITY_START.sub(r"\\&", piece) if "&" in piece else piece


def _inline_markdown(block: QTextBlock, single_line: bool) -> str:
    """The block's text as inline Markdown. ``single_line``: a heading or a table cell, where
    Markdown has no line break (one becomes a space)."""
    text, segments, images = _segments(block)
    segments = _trim_edges(text, segments)
    return _Writer(text, images, single_line).write(segments)


def _stretch_ends(segments: list[_Segment]) -> list[dict[str, int]]:
    """For each segment and format, where the stretch of that format (same value) ends."""
    ends: list[dict[str, int]] = [{} for _ in segments]
    following: _Formats = {}
    following_ends: dict[str, int] = {}
    for number in range(len(segments) - 1, -1, -1):
        segment = segments[number]
        for name, value in segment.formats.items():
            same = following.get(name) == value
            ends[number][name] = following_ends[name] if same else segment.end
        following, following_ends = segment.formats, ends[number]
    return ends


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
