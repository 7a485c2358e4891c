"""HTML from outside (a paste from Word, LibreOffice or a browser; mammoth's output for a
``.docx``) reduced to clean Markdown.

Only structure survives: headings, paragraphs, bold, italic, strikethrough, links, nested
lists, tables, line breaks and (when the caller asks) pictures already in the store. Fonts,
colours, sizes, classes, Word's ``mso-`` styles, hidden text, tracking parameters in links and
tracked deletions are dropped. Nothing here is Qt: the CLI's DOCX import and the editor's paste
use the same rules.

The HTML is read with the standard library's ``html.parser`` (a tokenizer that never fetches
anything and knows no DTDs), built into a small tree, then written out as CommonMark with GFM
tables. The Markdown is read back by markdown-it-py (exports) and QTextDocument (the editor);
this module only writes it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Elements whose content is never text of the document.
_DROPPED = frozenset(
    {"head", "title", "style", "script", "noscript", "template", "xml", "meta", "link", "o:p"}
    | {"svg", "math", "object", "embed", "iframe", "button", "select", "input", "textarea"}
    | {"del", "s:del", "w:del"}  # tracked deletions: the text as shown drops them
)
_VOID = frozenset(
    {"br", "img", "hr", "meta", "link", "input", "col", "area", "base", "wbr", "source"}
)
_BLOCKS = frozenset(
    {"p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "figure"}
    | {"figcaption", "blockquote", "pre", "address", "center", "dl", "dt", "dd", "body", "html"}
    | {"h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "table", "hr", "form", "fieldset"}
)
_HEADINGS = {f"h{level}": level for level in range(1, 7)}
_LINK_SCHEMES = ("http://", "https://", "mailto:")
_TRACKING_PARAMS = re.compile(
    r"^(utm_[a-z]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_hsenc|_hsmi|igshid|yclid|ref_src)$",
    re.IGNORECASE,
)
_WORD_LIST = re.compile(r"mso-list:\s*l(\d+)\s+level(\d+)", re.IGNORECASE)
_ORDERED_MARKER = re.compile(r"^\s*(\d+|[a-zA-Z]|[ivxlcdmIVXLCDM]+)[.)]")
_SPACE = re.compile(r"[ \t\r\n\f\xa0\u200b]+")
_ESCAPED = re.compile(r"([\\`*_\[\]<>|~])")
_LINE_START = re.compile(r"^(\s*)([#>+-]|\d+[.)])(?=\s|$)")


@dataclass
class Node:
    """An element of the parsed HTML (``tag`` "" for the root); text is a ``str`` child."""

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)
    parent: Node | None = None
    word_marker: str = ""  # the list marker Word writes inside <![if !supportLists]>

    def style(self) -> str:
        return re.sub(r"\s*([:;])\s*", r"\1", self.attrs.get("style", "").lower())


class _TreeBuilder(HTMLParser):
    """A forgiving HTML tree: unclosed tags are closed by their parent's end tag."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("")
        self.current = self.root
        self.in_word_marker = False
        self.marker_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.in_word_marker:
            return
        tag = tag.lower()
        if tag in ("p", "li") and self._open("p") and not self._open("td", "th", "li"):
            self._close("p")  # <p> cannot nest: a new one ends the last
        node = Node(tag, {name.lower(): value or "" for name, value in attrs}, parent=self.current)
        self.current.children.append(node)
        if tag not in _VOID:
            self.current = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.in_word_marker:
            return
        node = Node(tag.lower(), {name.lower(): value or "" for name, value in attrs})
        node.parent = self.current
        self.current.children.append(node)

    def handle_endtag(self, tag: str) -> None:
        if self.in_word_marker:
            return
        self._close(tag.lower())

    def _open(self, *tags: str) -> bool:
        node: Node | None = self.current
        while node is not None:
            if node.tag in tags:
                return True
            node = node.parent
        return False

    def _close(self, tag: str) -> None:
        node: Node | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        if self.in_word_marker:
            self.marker_text.append(data)
        else:
            self.current.children.append(data)

    # Word writes a list item's marker ("1." or a bullet glyph) between <![if !supportLists]>
    # and <![endif]> (or the same as comments); the marker is remembered, not kept as text.
    def unknown_decl(self, data: str) -> None:
        self._conditional(data)

    def handle_comment(self, data: str) -> None:
        self._conditional(data.strip().strip("[]"))

    def _conditional(self, data: str) -> None:
        text = data.strip().lower()
        if text.startswith("if") and "supportlists" in text.replace(" ", ""):
            self.in_word_marker = True
            self.marker_text = []
        elif text.startswith("endif") and self.in_word_marker:
            self.in_word_marker = False
            self.current.word_marker = "".join(self.marker_text).strip()


def parse_html(source: str) -> Node:
    """The tree of ``source``; never raises for malformed HTML."""
    builder = _TreeBuilder()
    builder.feed(source)
    builder.close()
    return builder.root


# --- inline runs ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Look:
    bold: bool = False
    italic: bool = False
    strike: bool = False
    link: str | None = None


@dataclass
class _Piece:
    text: str  # already Markdown (escaped), or a picture/line break
    look: _Look
    raw: bool = False  # a picture or a hard break: never wrapped in emphasis


def clean_link(href: str) -> str | None:
    """``href`` if a printed book may carry it (web or mail), without tracking parameters."""
    href = href.strip()
    if not href.lower().startswith(_LINK_SCHEMES):
        return None
    if href.lower().startswith("mailto:"):
        return href
    parts = urlsplit(href)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    kept = [(k, v) for k, v in query if not _TRACKING_PARAMS.match(k)]
    if len(kept) != len(query):
        parts = parts._replace(query=urlencode(kept))
    return urlunsplit(parts)


def _escape(text: str) -> str:
    return _ESCAPED.sub(r"\\\1", text)


# Word's comment and footnote machinery in a paste: the anchors ("[ED1]", "[1]") and the lists
# of comments and notes at the end.
_WORD_JUNK_CLASSES = frozenset({"msocomanchor", "msocomoff", "msocomtxt", "msodel"})
_NOTE_LINKS = ("#_msocom_", "#_ftn", "#_edn", "#footnote-", "#endnote-")


def _hidden(node: Node) -> bool:
    style = node.style()
    if "mso-element:comment" in style or "mso-element:footnote" in style:
        return True
    if "mso-element:endnote" in style or "mso-special-character:comment" in style:
        return True
    if _WORD_JUNK_CLASSES.intersection(node.attrs.get("class", "").lower().split()):
        return True
    return (
        "display:none" in style
        or "visibility:hidden" in style
        or "mso-hide:all" in style
        or "hidden" in node.attrs
    )


def _look_of(node: Node, look: _Look) -> _Look:
    tag = node.tag
    style = node.style()
    bold, italic, strike, link = look.bold, look.italic, look.strike, look.link
    if tag in ("b", "strong"):
        # Google Docs wraps a whole paste in <b style="font-weight:normal">.
        bold = not re.search(r"font-weight:(normal|[1-5]00)", style)
    elif tag in ("i", "em", "cite", "dfn"):
        italic = "font-style:normal" not in style
    elif tag in ("s", "strike"):
        strike = True
    elif tag == "a":
        link = clean_link(node.attrs.get("href", ""))
    if re.search(r"font-weight:(bold|bolder|[6-9]00)", style):
        bold = True
    elif re.search(r"font-weight:(normal|[1-5]00)", style) and tag not in ("b", "strong"):
        bold = False
    if "font-style:italic" in style or "font-style:oblique" in style:
        italic = True
    if "text-decoration:line-through" in style or "text-decoration-line:line-through" in style:
        strike = True
    return _Look(bold, italic, strike, link)


class _Writer:
    def __init__(
        self, heading_offset: int, picture: Callable[[Node], str | None] | None, max_level: int
    ) -> None:
        self.heading_offset = heading_offset
        self.picture = picture
        self.max_level = max_level

    # inline ----------------------------------------------------------------------------------

    def pieces(self, node: Node, look: _Look, out: list[_Piece]) -> None:
        for child in node.children:
            if isinstance(child, str):
                text = _SPACE.sub(" ", child)
                if text:
                    out.append(_Piece(_escape(text), look))
                continue
            tag = child.tag
            if tag in _DROPPED or _hidden(child) or _is_note_reference(child):
                continue
            if tag == "br":
                out.append(_Piece("\\\n", look, raw=True))
            elif tag == "img":
                shown = self.picture(child) if self.picture else None
                if shown:
                    out.append(_Piece(shown, _Look(), raw=True))
            elif tag in _BLOCKS:
                # A block inside inline content (a <p> in a table cell): a space between.
                out.append(_Piece(" ", look))
                self.pieces(child, look, out)
                out.append(_Piece(" ", look))
            else:
                self.pieces(child, _look_of(child, look), out)

    def inline(self, node: Node, look: _Look | None = None) -> str:
        pieces: list[_Piece] = []
        self.pieces(node, look or _Look(), pieces)
        return _render_pieces(pieces)

    # blocks ----------------------------------------------------------------------------------

    def blocks(self, node: Node, look: _Look = _Look()) -> list[str]:
        """Markdown blocks (each a string without trailing blank line) for ``node``'s children."""
        out: list[str] = []
        inline_run: list[Node | str] = []
        word_items: list[Node] = []

        def flush_inline() -> None:
            if inline_run:
                holder = Node("span", children=list(inline_run))
                text = _tidy_lines(self.inline(holder, look))
                if text:
                    out.append(text)
                inline_run.clear()

        def flush_word_list() -> None:
            if word_items:
                out.append(self.word_list(word_items))
                word_items.clear()

        for child in node.children:
            if isinstance(child, Node) and child.tag not in _BLOCKS and _holds_blocks(child):
                # An inline element around blocks (Google Docs wraps a paste in <b>): a container.
                flush_inline()
                flush_word_list()
                if child.tag not in _DROPPED and not _hidden(child):
                    out.extend(self.blocks(child, _look_of(child, look)))
                continue
            if isinstance(child, str) or child.tag not in _BLOCKS:
                if isinstance(child, Node) and (child.tag in _DROPPED or _hidden(child)):
                    continue
                if isinstance(child, str) and not child.strip(" \t\r\n\f") and not inline_run:
                    continue
                flush_word_list()
                inline_run.append(child)
                continue
            flush_inline()
            if _hidden(child) or _is_note_list(child):
                continue
            list_id = _word_list_id(child)
            if list_id:
                if word_items and _word_list_id(word_items[-1]) != list_id:
                    flush_word_list()  # another list of the document: a list of its own
                word_items.append(child)
                continue
            flush_word_list()
            out.extend(self.block(child, look))
        flush_inline()
        flush_word_list()
        return [block for block in out if block.strip()]

    def block(self, node: Node, look: _Look) -> list[str]:
        tag = node.tag
        if tag in _HEADINGS:
            level = _HEADINGS[tag] + self.heading_offset
            text = _one_line(self.inline(node))
            if not text:
                return []
            if level < 1:
                return [f"**{text}**"]
            return [f"{'#' * min(level, self.max_level)} {text}"]
        if tag in ("ul", "ol"):
            return [self.list_block(node)]
        if tag == "table":
            table = self.table(node)
            return [table] if table else []
        if tag == "hr":
            return ["---"]
        if tag == "pre":
            text = "".join(_all_text(node)).strip("\n")
            fence = "```" if "```" not in text else "~~~~"
            return [f"{fence}\n{text}\n{fence}"] if text.strip() else []
        if tag == "blockquote":
            inner = self.blocks(node, look)
            return [
                "\n".join(f"> {line}" if line else ">" for line in "\n\n".join(inner).split("\n"))
            ]
        if tag == "p" or tag in ("dt", "dd", "figcaption", "address"):
            text = _tidy_lines(self.inline(node, _look_of(node, look)))
            return [text] if text else []
        return self.blocks(node, _look_of(node, look))  # div, section, body, li content...

    def list_block(self, node: Node) -> str:
        ordered = node.tag == "ol"
        start = 1
        if ordered and node.attrs.get("start", "").isdigit():
            start = int(node.attrs["start"])
        items = []
        number = start
        for child in node.children:
            if isinstance(child, str):
                if child.strip():
                    items.append(
                        self.item([_escape(_SPACE.sub(" ", child).strip())], ordered, number)
                    )
                    number += 1
                continue
            if child.tag in _DROPPED or _hidden(child):
                continue
            if child.tag in ("ul", "ol"):  # a list directly inside a list: part of the last item
                nested = self.list_block(child)
                if items:
                    items[-1] += "\n" + _indent(nested, 3 if ordered else 2)
                else:
                    items.append(nested)
                continue
            content = self.blocks(child) if child.tag == "li" else self.block(child, _Look())
            if not content:
                continue
            items.append(self.item(content, ordered, number))
            number += 1
        return "\n".join(items)

    @staticmethod
    def item(content: list[str], ordered: bool, number: int) -> str:
        marker = f"{number}. " if ordered else "- "
        width = len(marker)
        first, *rest = content
        lines = [marker + _indent(first, width)[width:]]
        for block in rest:
            # A nested list stays tight; another paragraph in an item is joined as a line.
            lines.append(_indent(block, width))
        return "\n".join(lines)

    def word_list(self, paragraphs: list[Node]) -> str:
        """Word's pasted list paragraphs (``mso-list: l0 level2``) as nested Markdown lists."""
        lines: list[str] = []
        counters: dict[int, int] = {}
        kinds: dict[int, bool] = {}
        indents: list[int] = []  # the column where each open level's text starts
        for paragraph in paragraphs:
            found = _WORD_LIST.search(paragraph.style())
            level = int(found.group(2)) if found else 1
            ordered = bool(_ORDERED_MARKER.match(paragraph.word_marker))
            del indents[level - 1 :]
            for deeper in [key for key in counters if key > level]:
                del counters[deeper]
            while len(indents) < level - 1:  # a skipped level: nest under the last one
                indents.append(indents[-1] if indents else 0)
            column = indents[-1] if indents else 0
            if kinds.get(level, ordered) != ordered:
                counters.pop(level, None)
                if level == 1:  # Markdown needs a new list when bullets turn to numbers
                    lines.append("")
            kinds[level] = ordered
            number = counters.get(level, 0) + 1
            counters[level] = number
            marker = f"{number}. " if ordered else "- "
            text = _one_line(self.inline(paragraph))
            lines.append(" " * column + marker + text)
            indents.append(column + len(marker))
        return "\n".join(lines)

    def table(self, node: Node) -> str:
        rows: list[list[str]] = []
        for row in _rows(node):
            cells = []
            for cell in row.children:
                if isinstance(cell, Node) and cell.tag in ("td", "th"):
                    text = _one_line(self.inline(cell)).replace("\\\n", " ")
                    cells.append(text.strip())
                    span = cell.attrs.get("colspan", "1")
                    extra = int(span) - 1 if span.isdigit() else 0
                    cells.extend([""] * min(extra, 50))
            if cells:
                rows.append(cells)
        if not rows:
            return ""
        width = max(len(row) for row in rows)
        rows = [row + [""] * (width - len(row)) for row in rows]
        # A heading row prints bold anyway: "**Project**" there is noise.
        rows[0] = [_unbold(cell) for cell in rows[0]]
        lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
        lines.extend("| " + " | ".join(row) + " |" for row in rows[1:])
        return "\n".join(lines)


def _word_list_id(node: Node) -> str:
    """Word's list number ("0" for ``mso-list:l0 level1``) of a pasted paragraph, else ""."""
    found = _WORD_LIST.search(node.style()) if node.tag == "p" else None
    return found.group(1) if found else ""


def _unbold(cell: str) -> str:
    if cell.startswith("**") and cell.endswith("**") and cell.count("**") == 2 and len(cell) > 4:
        return cell[2:-2]
    return cell


def _holds_blocks(node: Node) -> bool:
    for child in node.children:
        if isinstance(child, Node) and (child.tag in _BLOCKS or _holds_blocks(child)):
            return True
    return False


def _rows(table: Node) -> list[Node]:
    found: list[Node] = []
    for child in table.children:
        if isinstance(child, Node):
            if child.tag == "tr":
                found.append(child)
            elif child.tag in ("thead", "tbody", "tfoot"):
                found.extend(_rows(child))
    return found


def _all_text(node: Node) -> list[str]:
    out: list[str] = []
    for child in node.children:
        if isinstance(child, str):
            out.append(child)
        elif child.tag == "br":
            out.append("\n")
        elif child.tag not in _DROPPED:
            out.extend(_all_text(child))
    return out


def _is_note_reference(node: Node) -> bool:
    """mammoth's footnote and endnote references (``<sup><a href="#footnote-1">``)."""
    if node.tag == "a":
        return node.attrs.get("href", "").startswith(_NOTE_LINKS)
    if node.tag == "sup" and len(node.children) == 1 and isinstance(node.children[0], Node):
        return _is_note_reference(node.children[0])
    return False


def _is_note_list(node: Node) -> bool:
    """mammoth's list of notes at the end (``<ol><li id="footnote-1">``)."""
    if node.tag != "ol":
        return False
    items = [child for child in node.children if isinstance(child, Node)]
    return bool(items) and all(
        item.attrs.get("id", "").startswith(("footnote-", "endnote-")) for item in items
    )


def _render_pieces(pieces: list[_Piece]) -> str:
    # Merge neighbours that look the same so emphasis is not split at every tag boundary.
    merged: list[_Piece] = []
    for piece in pieces:
        if merged and not piece.raw and not merged[-1].raw and merged[-1].look == piece.look:
            merged[-1] = _Piece(merged[-1].text + piece.text, piece.look)
        elif merged and not piece.raw and piece.text.strip() == "" and not merged[-1].raw:
            merged[-1] = _Piece(merged[-1].text + " ", merged[-1].look)
        else:
            merged.append(piece)
    out: list[str] = []
    for piece in merged:
        if piece.raw:
            out.append(piece.text)
            continue
        text = piece.text
        core = text.strip(" ")
        if not core:
            out.append(" " if text else "")
            continue
        lead = " " if text.startswith(" ") else ""
        trail = " " if text.endswith(" ") else ""
        look = piece.look
        if look.strike:
            core = f"~~{core}~~"
        if look.italic:
            core = f"*{core}*"
        if look.bold:
            core = f"**{core}**"
        if look.link:
            core = f"[{core}]({_link_target(look.link)})"
        out.append(lead + core + trail)
    return "".join(out)


def _link_target(href: str) -> str:
    for char, code in ((" ", "%20"), ("(", "%28"), (")", "%29"), ("<", "%3C"), (">", "%3E")):
        href = href.replace(char, code)
    return href


def _tidy_lines(text: str) -> str:
    lines = [_SPACE.sub(" ", line).strip() for line in text.split("\n")]
    lines = [_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), line) for line in lines]
    while lines and lines[-1] in ("", "\\"):
        lines.pop()
    if lines and lines[-1].endswith("\\"):
        lines[-1] = lines[-1][:-1].rstrip()
    return "\n".join(lines).strip()


def _one_line(text: str) -> str:
    return _tidy_lines(text.replace("\\\n", " ").replace("\n", " "))


def _indent(text: str, width: int) -> str:
    pad = " " * width
    return "\n".join(pad + line if line else line for line in text.split("\n"))


def html_to_markdown(
    source: str,
    *,
    heading_offset: int = 0,
    picture: Callable[[Node], str | None] | None = None,
    max_level: int = 6,
) -> str:
    """Clean Markdown for the structure of ``source`` (ends in one newline; "" when empty).

    ``heading_offset`` is added to every heading's level (``-1`` makes ``<h2>`` a ``#``; a
    heading pushed below level 1 becomes a bold line). ``picture`` turns an ``<img>`` node
    into Markdown (``![alt](image:sha)``) or None to leave it out; without it pictures are
    dropped (a paste must not fetch anything).
    """
    return nodes_to_markdown(
        parse_html(source), heading_offset=heading_offset, picture=picture, max_level=max_level
    )


def nodes_to_markdown(
    root: Node,
    *,
    heading_offset: int = 0,
    picture: Callable[[Node], str | None] | None = None,
    max_level: int = 6,
) -> str:
    """Like ``html_to_markdown`` for a tree (or a part of one) that ``parse_html`` built."""
    writer = _Writer(heading_offset, picture, max_level)
    blocks = writer.blocks(root)
    text = "\n\n".join(blocks).strip()
    return f"{text}\n" if text else ""
