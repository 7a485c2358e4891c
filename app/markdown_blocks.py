"""Markdown bodies (CommonMark + tables + strikethrough) turned into neutral document blocks.

markdown-it-py does the parsing; this module only walks its token stream. Raw HTML in a body is
never interpreted: an officer who types ``<b>x</b>`` sees exactly that in the book.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from app.body_images import print_width_in, sha_of
from app.document import (
    Block,
    CodeBlock,
    Heading,
    KeepTogether,
    ListBlock,
    ListItem,
    Paragraph,
    Picture,
    Quote,
    Rule,
    Run,
    Table,
    TableCell,
    clean_text,
)
from app.domain import Image

MAX_HEADING_LEVEL = 6
# Links a printed book may carry; anything else (relative paths, odd schemes) stays plain text.
_LINK_SCHEMES = ("http://", "https://", "mailto:")


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


@dataclass
class _Style:
    bold: int = 0
    italic: int = 0
    strike: int = 0
    links: list[str | None] = field(default_factory=list)

    def run(self, text: str, code: bool = False) -> Run:
        return Run(
            text=text,
            bold=self.bold > 0,
            italic=self.italic > 0,
            code=code,
            strike=self.strike > 0,
            link=self.links[-1] if self.links else None,
        )


def _safe_link(href: str) -> str | None:
    href = clean_text(href).strip()
    return href if href.lower().startswith(_LINK_SCHEMES) else None


def _append(runs: list[Run], run: Run) -> None:
    """Add ``run``, merging it into the previous run when the formatting is the same."""
    if not run.text:
        return
    if runs:
        last = runs[-1]
        if (last.bold, last.italic, last.code, last.strike, last.link) == (
            run.bold,
            run.italic,
            run.code,
            run.strike,
            run.link,
        ):
            runs[-1] = Run(
                last.text + run.text, last.bold, last.italic, last.code, last.strike, last.link
            )
            return
    runs.append(run)


def inline_runs(children: list[Token]) -> list[Run]:
    """Runs for one inline token's children (emphasis, strong, strike, links, code)."""
    style = _Style()
    runs: list[Run] = []
    for token in children:
        kind = token.type
        if kind == "text":
            _append(runs, style.run(clean_text(token.content)))
        elif kind == "softbreak":
            _append(runs, style.run(" "))
        elif kind == "hardbreak":
            _append(runs, style.run("\n"))
        elif kind == "code_inline":
            _append(runs, style.run(clean_text(token.content), code=True))
        elif kind in ("html_inline", "html_block"):
            _append(runs, style.run(clean_text(token.content)))
        elif kind == "em_open":
            style.italic += 1
        elif kind == "em_close":
            style.italic -= 1
        elif kind == "strong_open":
            style.bold += 1
        elif kind == "strong_close":
            style.bold -= 1
        elif kind == "s_open":
            style.strike += 1
        elif kind == "s_close":
            style.strike -= 1
        elif kind == "link_open":
            style.links.append(_safe_link(str(token.attrGet("href") or "")))
        elif kind == "link_close":
            if style.links:
                style.links.pop()
        elif kind == "image":
            # Pictures are not fetched (BriefBook works offline): their description stands in.
            alt = clean_text(token.content)
            if alt:
                style.italic += 1
                _append(runs, style.run(f"[{alt}]"))
                style.italic -= 1
        elif token.content:
            _append(runs, style.run(clean_text(token.content)))
    return runs


class _Walker:
    """Turns the flat token stream into nested blocks."""

    def __init__(
        self,
        tokens: list[Token],
        base_level: int,
        anchor_prefix: str,
        images: Mapping[str, Image] | None = None,
    ) -> None:
        self.tokens = tokens
        self.images = images or {}
        self.pos = 0
        self.base_level = base_level
        self.anchor_prefix = anchor_prefix
        self.heading_count = 0

    def blocks_until(self, closing: str | None) -> list[Block]:
        """Blocks up to the token of type ``closing`` (consumed), or to the end."""
        blocks: list[Block] = []
        while self.pos < len(self.tokens):
            token = self.tokens[self.pos]
            if closing is not None and token.type == closing:
                self.pos += 1
                return blocks
            block = self.block(token)
            if block is not None:
                blocks.append(block)
        return blocks

    def inline_at(self, index: int) -> list[Run]:
        token = self.tokens[index]
        return inline_runs(token.children or []) if token.type == "inline" else []

    def block(self, token: Token) -> Block | None:
        kind = token.type
        if kind == "paragraph_open":
            pictures = self.pictures_at(self.pos + 1)
            if pictures:
                self.pos += 3
                return pictures[0] if len(pictures) == 1 else KeepTogether(list(pictures))
            runs = self.inline_at(self.pos + 1)
            self.pos += 3
            return Paragraph(runs) if runs else None
        if kind == "heading_open":
            return self.heading(token)
        if kind in ("bullet_list_open", "ordered_list_open"):
            return self.list_block(token)
        if kind == "blockquote_open":
            self.pos += 1
            return Quote(self.blocks_until("blockquote_close"))
        if kind == "table_open":
            return self.table()
        if kind in ("code_block", "fence"):
            self.pos += 1
            return CodeBlock(clean_text(token.content).rstrip("\n"))
        if kind == "html_block":
            self.pos += 1
            text = clean_text(token.content).rstrip("\n")
            return Paragraph([Run(text)]) if text else None
        if kind == "hr":
            self.pos += 1
            return Rule()
        self.pos += 1  # a token this walker has no use for (a stray closing tag)
        return None

    def pictures_at(self, index: int) -> list[Picture]:
        """A paragraph of nothing but stored pictures (``![alt](image:SHA)``) as pictures."""
        token = self.tokens[index]
        if token.type != "inline" or not self.images:
            return []
        pictures: list[Picture] = []
        for child in token.children or []:
            if child.type in ("softbreak", "hardbreak") or (
                child.type == "text" and not child.content.strip()
            ):
                continue
            sha = sha_of(str(child.attrGet("src") or "")) if child.type == "image" else None
            image = self.images.get(sha) if sha else None
            if image is None:
                return []
            alt = clean_text(child.content).strip()
            pictures.append(Picture(image=image, alt=alt, width_in=print_width_in(image.width)))
        return pictures

    def heading(self, token: Token) -> Heading | None:
        written = int(token.tag[1:]) if token.tag[1:].isdigit() else 1
        text = "".join(run.text for run in self.inline_at(self.pos + 1)).strip()
        self.pos += 3
        if not text:
            return None
        self.heading_count += 1
        return Heading(
            level=min(self.base_level + written, MAX_HEADING_LEVEL),
            text=text,
            anchor=f"{self.anchor_prefix}-h{self.heading_count}",
            in_toc=False,
        )

    def list_block(self, token: Token) -> ListBlock:
        ordered = token.type == "ordered_list_open"
        closing = "ordered_list_close" if ordered else "bullet_list_close"
        start_attr = token.attrGet("start")
        start = int(start_attr) if ordered and start_attr is not None else 1
        self.pos += 1
        items: list[ListItem] = []
        while self.pos < len(self.tokens):
            current = self.tokens[self.pos]
            if current.type == closing:
                self.pos += 1
                break
            if current.type == "list_item_open":
                self.pos += 1
                items.append(ListItem(self.blocks_until("list_item_close")))
            else:
                self.pos += 1
        return ListBlock(ordered=ordered, items=items, start=start)

    def table(self) -> Table:
        self.pos += 1
        rows: list[list[TableCell]] = []
        header_rows = 0
        in_head = False
        row: list[TableCell] = []
        while self.pos < len(self.tokens):
            token = self.tokens[self.pos]
            kind = token.type
            if kind == "table_close":
                self.pos += 1
                break
            if kind == "thead_open":
                in_head = True
            elif kind == "thead_close":
                in_head = False
            elif kind == "tr_open":
                row = []
            elif kind == "tr_close":
                rows.append(row)
                header_rows += 1 if in_head else 0
            elif kind in ("th_open", "td_open"):
                runs = self.inline_at(self.pos + 1)
                row.append(TableCell([Paragraph(runs)] if runs else []))
                self.pos += 2  # the inline token; the closing tag is skipped below
            self.pos += 1
        return Table(rows=rows, header_rows=header_rows, style="grid")


def markdown_to_blocks(
    text: str,
    base_level: int,
    anchor_prefix: str,
    images: Mapping[str, Image] | None = None,
) -> list[Block]:
    """Blocks for a Markdown body that sits under a heading of level ``base_level``.

    Headings in the body are nested below it (``# X`` under a level-2 section becomes level 3,
    clamped at 6) and get anchors ``{anchor_prefix}-h1``, ``-h2``... Raw HTML is kept as
    literal text; characters XML cannot hold are dropped; nothing else is changed. A paragraph
    of pictures stored in ``images`` (``![alt](image:SHA256)``) becomes pictures.
    """
    if not text.strip():
        return []
    walker = _Walker(_parser().parse(text), base_level, anchor_prefix, images)
    return walker.blocks_until(None)


def markdown_inline_runs(text: str) -> list[Run]:
    """Runs for a short Markdown text shown inline (e.g. a meeting's objective).

    Block structure is flattened: paragraphs are joined with a space.
    """
    runs: list[Run] = []
    for token in _parser().parse(text):
        if token.type == "inline":
            if runs:
                _append(runs, Run(" "))
            for run in inline_runs(token.children or []):
                _append(runs, run)
        elif token.type in ("code_block", "fence", "html_block"):
            if runs:
                _append(runs, Run(" "))
            _append(runs, Run(clean_text(token.content).strip()))
    return runs
