"""A quick estimate of where a book's headings fall in the DOCX, for the stored field results.

Word lays a document out only when it opens it; the writer cannot know real page numbers. The
contents' PAGEREF fields and the footer's page count still need a stored result that readers
show before fields are updated, so this walks the neutral document once and adds up rough
heights (characters per line from the style's size, rows, pictures, page breaks). Word
replaces the numbers on open (``w:updateFields``); the estimate only has to be close.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

from app.document import (
    Block,
    BookDocument,
    CodeBlock,
    Cover,
    Heading,
    KeepTogether,
    ListBlock,
    PageBreak,
    Paragraph,
    Picture,
    Quote,
    Rule,
    SideBySide,
    Table,
    TableOfContents,
)
from exports.docx_styles import (
    HEADING_FONT,
    LIST_LEVEL_INDENT_IN,
    MAX_HEADING_LEVEL,
    PARAGRAPH_STYLE_NAMES,
    PageGeometry,
    StyleSpec,
    list_indent_in,
    spec_metrics,
)

# Average advance of a character as a fraction of the font size, for running text.
_CHAR_WIDTH_EM = {"serif": 0.42, "sans": 0.41, "mono": 0.55}
_LINE_HEIGHT_EM = 1.17
_CELL_PADDING_IN = 0.1  # top + bottom cell margins (72 twips each)
_HEADING_KEEP_IN = 0.6  # a heading moves to the next page unless this much follows it


@dataclass
class PageEstimate:
    """Estimated body page of each heading anchor (1 = first page after the cover)."""

    pages: dict[str, int] = field(default_factory=dict)
    body_pages: int = 1
    cover_pages: int = 0

    @property
    def total_pages(self) -> int:
        return self.body_pages + self.cover_pages


def paragraph_style_id(style: str, in_table: bool) -> str:
    """The DOCX style id for a neutral paragraph style (body text in tables is smaller)."""
    if in_table and style == "body":
        return "BriefBookTableText"
    if in_table and style == "label":
        return "BriefBookTableLabel"
    return PARAGRAPH_STYLE_NAMES.get(style, "BriefBook Body").replace(" ", "")


def heading_style_id(level: int) -> str:
    return f"Heading{min(max(level, 1), MAX_HEADING_LEVEL)}"


class _Estimator:
    def __init__(self, geometry: PageGeometry) -> None:
        self.specs = spec_metrics(geometry)
        self.page_height = geometry.text_height_in
        self.width = geometry.text_width_in
        self.page = 1
        self.y = 0.0
        self.result = PageEstimate()

    # --- flow ------------------------------------------------------------------------------

    def new_page(self) -> None:
        if self.y > 0:
            self.page += 1
            self.y = 0.0

    def place(self, height: float, *, splittable: bool) -> None:
        if not splittable and self.y + height > self.page_height >= height:
            self.new_page()
        self.y += height
        while self.y > self.page_height:
            self.page += 1
            self.y -= self.page_height

    def walk(self, blocks: list[Block]) -> None:
        for block in blocks:
            if isinstance(block, Cover):
                self.result.cover_pages = 1
                self.page, self.y = 1, 0.0
            elif isinstance(block, PageBreak):
                self.new_page()
            elif isinstance(block, Heading):
                height = self.height(block, self.width)
                if self.y + height + _HEADING_KEEP_IN > self.page_height:
                    self.new_page()
                self.result.pages.setdefault(block.anchor, self.page)
                self.place(height, splittable=False)
            elif isinstance(block, KeepTogether | SideBySide):
                height = self.height(block, self.width)
                if self.y + height > self.page_height >= height:
                    self.new_page()
                self.mark_headings(block)
                self.place(height, splittable=isinstance(block, KeepTogether))
            else:
                self.place(self.height(block, self.width), splittable=True)
        self.result.body_pages = self.page

    def mark_headings(self, block: KeepTogether | SideBySide) -> None:
        inner = block.blocks if isinstance(block, KeepTogether) else block.left + block.right
        for child in inner:
            if isinstance(child, Heading):
                self.result.pages.setdefault(child.anchor, self.page)
            elif isinstance(child, KeepTogether | SideBySide):
                self.mark_headings(child)

    # --- heights (inches) -------------------------------------------------------------------

    def text_height(self, text: str, spec: StyleSpec, width: float) -> float:
        family = (
            "mono" if "Consolas" in spec.font else "sans" if spec.font == HEADING_FONT else "serif"
        )
        per_line = max(8, int(width * 72 / (spec.size_pt * _CHAR_WIDTH_EM[family])))
        lines = sum(max(1, math.ceil(len(line) / per_line)) for line in text.split("\n"))
        line_height = spec.size_pt * _LINE_HEIGHT_EM * spec.line / 72
        return lines * line_height + (spec.before_pt + spec.after_pt) / 72

    def height(self, block: Block, width: float, in_table: bool = False) -> float:
        specs = self.specs
        if isinstance(block, Paragraph):
            return self.text_height(
                block.text, specs[paragraph_style_id(block.style, in_table)], width
            )
        if isinstance(block, Heading):
            return self.text_height(block.text, specs[heading_style_id(block.level)], width)
        if isinstance(block, ListBlock):
            return sum(
                self.blocks_height(item.blocks, width - list_indent_in(0), in_table)
                for item in block.items
            )
        if isinstance(block, Table):
            return self.table_height(block, width)
        if isinstance(block, Picture):
            ratio = block.image.height / block.image.width if block.image.width else 1.25
            return min(block.width_in, width) * ratio + 0.15
        if isinstance(block, Quote):
            return self.blocks_height(block.blocks, width - 0.6, in_table)
        if isinstance(block, CodeBlock):
            return self.text_height(block.text, specs["BriefBookCode"], width - 0.2)
        if isinstance(block, Rule):
            return 0.2
        if isinstance(block, KeepTogether):
            wrapped = any(isinstance(c, SideBySide | Table) for c in block.blocks[:-1])
            padding = _CELL_PADDING_IN if wrapped else 0.0  # the writer's one-row wrapper
            return self.blocks_height(block.blocks, width, in_table) + padding
        if isinstance(block, SideBySide):
            left = self.blocks_height(block.left, block.left_width_in, True)
            right = self.blocks_height(block.right, width - block.left_width_in, in_table)
            return max(left, right) + _CELL_PADDING_IN
        if isinstance(block, TableOfContents):
            toc_lines = sum(
                self.text_height(
                    entry.text, specs["TOC1" if entry.level <= 1 else "TOC2"], width - 0.6
                )
                for entry in block.entries
            )
            return self.text_height(block.title, specs["TOCHeading"], width) + toc_lines
        return 0.0

    def blocks_height(self, blocks: list[Block], width: float, in_table: bool) -> float:
        return sum(
            self.height(block, max(width, LIST_LEVEL_INDENT_IN), in_table) for block in blocks
        )

    def table_height(self, table: Table, width: float) -> float:
        columns = max((len(row) for row in table.rows), default=0)
        if not columns:
            return 0.0
        weights = table.widths if table.widths and len(table.widths) == columns else [1.0] * columns
        total = sum(weights) or 1.0
        column_widths = [width * w / total - _CELL_PADDING_IN for w in weights]
        height = 0.0
        for row in table.rows:
            height += _CELL_PADDING_IN + max(
                (
                    self.blocks_height(cell.blocks, column_widths[i], True)
                    for i, cell in enumerate(row)
                ),
                default=0.0,
            )
        return height + 0.05


@lru_cache(maxsize=4)
def _height_estimator(geometry: PageGeometry) -> _Estimator:
    return _Estimator(geometry)


def estimate_height(block: Block, width_in: float, geometry: PageGeometry) -> float:
    """Rough height of ``block`` in inches when set ``width_in`` wide."""
    return _height_estimator(geometry).height(block, width_in)


def estimate_pages(document: BookDocument, geometry: PageGeometry) -> PageEstimate:
    """Estimated page of every heading and the number of pages after the cover."""
    estimator = _Estimator(geometry)
    estimator.walk(document.blocks)
    return estimator.result
