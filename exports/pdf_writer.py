"""The PDF writer: the neutral book document laid out with reportlab platypus in one pass.

``write`` is a generator: it yields progress between flowables and stops cleanly when the
caller stops iterating (nothing is written until the very end, so a cancelled export leaves no
file). Layout is one pass; see ``exports.pdf_pages`` for how the contents and "Page X of Y"
get their numbers without a second one.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import (
    Flowable,
    HRFlowable,
    Indenter,
    ListFlowable,
    NextPageTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import (
    KeepTogether as RLKeepTogether,
)
from reportlab.platypus import (
    ListItem as RLListItem,
)
from reportlab.platypus import (
    PageBreak as RLPageBreak,
)
from reportlab.platypus import (
    Table as RLTable,
)
from reportlab.platypus.doctemplate import BaseDocTemplate, PageTemplate
from reportlab.platypus.flowables import Image as RLImage
from reportlab.platypus.frames import Frame

from app.document import (
    Block,
    BookDocument,
    CodeBlock,
    CommentList,
    CommentThread,
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
from app.glyphs import first_strong_is_rtl
from exports.fonts import SERIF, base_family, is_bold
from exports.house_style import PdfLook, house_cover, house_ledger, pdf_look, restyle
from exports.pdf_images import PreparedImage, prepare_image
from exports.pdf_markup import (
    code_markup,
    comment_marks,
    runs_markup,
    split_long_runs,
    text_markup,
)
from exports.pdf_pages import BookCanvas, HeadingMark, HeadingParagraph, PageLedger, TocLine
from exports.pdf_styles import (
    ACCENT,
    COMMENT_BOX,
    COMMENT_EDGE,
    RULE,
    SHADE,
    PageGeometry,
    geometry,
    make_styles,
)
from exports.pdf_text import ScriptParagraph, script_style

OUTLINE_MAX_LEVEL = 3
KEEP_TABLE_ROWS = 12
# Far beyond a real paragraph (about 1,300 words): only pasted walls of text are cut.
PARAGRAPH_PIECE_CHARS = 8000
TOC_MAX_CHARS = 160
_BULLETS = ("•", "–", "◦")
_PROGRESS_STEP = 0.02


def _first_item_text(block: ListBlock) -> str:
    """The text of a list's first item that has any (its direction is the list's)."""
    for item in block.items:
        for inner in item.blocks:
            if isinstance(inner, Paragraph):
                text = "".join(run.text for run in inner.runs).strip()
                if text:
                    return text
    return ""


@dataclass(frozen=True)
class _Context:
    """Where blocks are being placed: the width they get and how their text should look."""

    width: float
    in_cell: bool = False
    header: bool = False
    quote: bool = False
    list_depth: int = 0


class _Keep(RLKeepTogether):
    """A keep-together group. Groups inside it are dissolved into it: reportlab measures a
    nested group as endlessly tall, which would push the outer group apart."""

    def __init__(self, flowables: list[Flowable]) -> None:
        self.parts: list[Flowable] = []
        for flowable in flowables:
            self.parts.extend(flowable.parts if isinstance(flowable, _Keep) else [flowable])
        super().__init__(self.parts)


class _Story:
    """Turns neutral blocks into reportlab flowables."""

    def __init__(
        self,
        document: BookDocument,
        ledger: PageLedger,
        page: PageGeometry,
        look: PdfLook | None = None,
    ) -> None:
        self.document = document
        self.ledger = ledger
        self.page = page
        self.look = look
        self.styles = make_styles() if look is None else restyle(make_styles(), look)
        self.accent = ACCENT if look is None else look.accent
        self.images: dict[tuple[str, float], PreparedImage | None] = {}
        self.toc_count = 0
        self.numbers = {ident: thread.number for ident, thread in document.comments.items()}

    # --- styles -------------------------------------------------------------------------

    def paragraph_style(self, name: str, ctx: _Context) -> ParagraphStyle:
        if ctx.in_cell:
            if ctx.header:
                return self.styles["cell_head"]
            if name in ("meta", "small", "caption"):
                return self.styles["cell_small"]
            return self.styles["cell"]
        if ctx.quote and name == "body":
            return self.styles["quote"]
        if ctx.list_depth and name == "body":
            return self.styles["list_body"]
        return self.styles.get(name, self.styles["body"])

    def para(
        self,
        text: str,
        style: ParagraphStyle,
        markup: Callable[[str, bool], str] | str | None = None,
    ) -> ScriptParagraph:
        """A paragraph of ``text`` in ``style``, or in the variant of ``style`` its scripts
        need. ``markup`` is the paragraph's markup, or makes it for a font family and
        boldness (the variant's font may be a script's); by default ``text`` escaped."""
        style = script_style(style, text)
        family, bold = base_family(style.fontName), is_bold(style.fontName)
        if markup is None:
            markup = text_markup(text, family, bold)
        elif callable(markup):
            markup = markup(family, bold)
        return ScriptParagraph(markup, style)

    # --- blocks -------------------------------------------------------------------------

    def flowables(self, blocks: list[Block], ctx: _Context) -> list[Flowable]:
        out: list[Flowable] = []
        for block in blocks:
            for made in self.block(block, ctx):
                flowable = made
                if isinstance(made, _Keep | ListFlowable):
                    # A heading just before a group joins it: chaining a keep-with-next
                    # heading to a group makes reportlab split the group needlessly. A list
                    # is a container reportlab's keep-with-next never joins (its _ktAllow),
                    # so a heading or a bold lead-in would be left alone above it.
                    lead: list[Flowable] = []
                    while out and out[-1].getKeepWithNext() and not isinstance(out[-1], _Keep):
                        lead.insert(0, out.pop())
                    if lead:
                        parts = made.parts if isinstance(made, _Keep) else [made]
                        flowable = _Keep(lead + parts)
                out.append(flowable)
        return out

    def block(self, block: Block, ctx: _Context) -> list[Flowable]:
        if isinstance(block, Paragraph):
            if not block.text.strip():
                return []
            style = self.paragraph_style(block.style, ctx)
            if block.is_lead_in and not ctx.in_cell and not getattr(style, "keepWithNext", 0):
                style = style.clone(f"{style.name}-lead-in", keepWithNext=1)
            pieces = split_long_runs(block.runs, PARAGRAPH_PIECE_CHARS)
            if len(pieces) == 1:
                return [
                    self.para(
                        block.text, style, partial(runs_markup, block.runs, numbers=self.numbers)
                    )
                ]
            # A paragraph longer than any real one (pasted text): in pieces, each wrapped
            # once, where a single paragraph is re-wrapped whole at every page it spans.
            first = style.clone(f"{style.name}-first", spaceAfter=0)
            middle = style.clone(f"{style.name}-middle", spaceBefore=0, spaceAfter=0)
            last = style.clone(f"{style.name}-last", spaceBefore=0)
            styles = [first, *[middle] * (len(pieces) - 2), last]
            return [
                self.para(
                    "".join(run.text for run in piece),
                    st,
                    partial(runs_markup, piece, numbers=self.numbers),
                )
                for piece, st in zip(pieces, styles, strict=True)
            ]
        if isinstance(block, Heading):
            return self.heading(block, ctx)
        if isinstance(block, ListBlock):
            return [self.list_block(block, ctx)]
        if isinstance(block, Table):
            if not block.rows:
                return []
            table = self.table(block, ctx)
            # A short table moves whole to the next page rather than leave one row behind.
            return [_Keep([table])] if len(block.rows) <= KEEP_TABLE_ROWS else [table]
        if isinstance(block, Picture):
            return [self.picture(block, ctx)]
        if isinstance(block, Quote):
            inner = replace(ctx, width=ctx.width - 16, quote=True)
            return [Indenter(left=16), *self.flowables(block.blocks, inner), Indenter(left=-16)]
        if isinstance(block, CodeBlock):
            # One paragraph per line: a long listing then splits between lines cheaply,
            # where one huge paragraph is re-wrapped at every page break.
            style = self.styles["code"]
            lines = [
                self.para(line, style, code_markup(line) or "&nbsp;")
                for line in block.text.split("\n")
            ]
            return [Spacer(1, 6), *lines, Spacer(1, 12)]
        if isinstance(block, Rule):
            return [
                HRFlowable(width="100%", thickness=0.6, color=RULE, spaceBefore=6, spaceAfter=10)
            ]
        if isinstance(block, PageBreak):
            return [RLPageBreak()]
        if isinstance(block, KeepTogether):
            return [_Keep(self.flowables(block.blocks, ctx))]
        if isinstance(block, SideBySide):
            return [self.side_by_side(block, ctx)]
        if isinstance(block, TableOfContents):
            return self.contents(block)
        if isinstance(block, Cover):
            return self.cover(block)
        if isinstance(block, CommentList):
            return [self.comment_list(block, ctx)]
        return []

    def heading(self, heading: Heading, ctx: _Context) -> list[Flowable]:
        style = self.styles[f"h{min(heading.level, 4)}"]
        if ctx.in_cell:
            style = self.styles["cell_head"]
        style = script_style(style, heading.text)
        markup = text_markup(heading.text, base_family(style.fontName), is_bold(style.fontName))
        marks = comment_marks([self.numbers[c] for c in heading.comment_ids if c in self.numbers])
        paragraph = HeadingParagraph(markup + marks, style)
        paragraph.mark = HeadingMark(
            self.ledger,
            heading.anchor,
            heading.text,
            heading.level,
            outline=heading.level <= OUTLINE_MAX_LEVEL,
        )
        return [paragraph]

    def list_block(self, block: ListBlock, ctx: _Context) -> Flowable:
        depth = ctx.list_depth
        indent = 16
        inner = replace(ctx, width=ctx.width - indent, list_depth=depth + 1)
        items = []
        for item in block.items:
            content = self.flowables(item.blocks, inner) or [Spacer(1, 12)]
            items.append(RLListItem(content))
        body = self.paragraph_style("body", ctx)
        common: dict[str, Any] = {
            "leftIndent": indent,
            "bulletFontName": SERIF,
            "bulletFontSize": body.fontSize,
            "bulletColor": self.accent,
            "spaceBefore": 0,
            "spaceAfter": 9 if depth == 0 else 2,
        }
        if first_strong_is_rtl(_first_item_text(block)):
            # An Arabic or Hebrew list reads from the right: bullets and numbers stand there,
            # as Word and browsers put them for a right-to-left paragraph.
            common.update(leftIndent=0, rightIndent=indent, bulletDir="rtl")
        if block.ordered:
            return ListFlowable(
                items, bulletType="1", start=block.start, bulletFormat="%s.", **common
            )
        return ListFlowable(
            items, bulletType="bullet", start=_BULLETS[depth % len(_BULLETS)], **common
        )

    def table(self, table: Table, ctx: _Context) -> Flowable:
        columns = max(len(row) for row in table.rows)
        weights = list(table.widths or [])
        if len(weights) != columns or any(w <= 0 for w in weights):
            weights = [1.0] * columns
        total = sum(weights)
        widths = [ctx.width * w / total for w in weights]
        data: list[list[list[Flowable]]] = []
        for index, row in enumerate(table.rows):
            header = index < table.header_rows
            cells: list[list[Flowable]] = []
            for column in range(columns):
                cell = row[column] if column < len(row) else None
                cell_ctx = _Context(width=widths[column] - 12, in_cell=True, header=header)
                cells.append(self.flowables(cell.blocks, cell_ctx) if cell else [])
            data.append(cells)
        commands: list[tuple[Any, ...]] = [
            ("FONT", (0, 0), (-1, -1), SERIF),  # reportlab's default cell font is Helvetica
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 6),
            ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ("TOPPADDING", (0, 0), (-1, -1), 5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE),
        ]
        if table.header_rows:
            last = table.header_rows - 1
            commands += [
                ("BACKGROUND", (0, 0), (-1, last), SHADE),
                ("LINEABOVE", (0, 0), (-1, 0), 0.8, self.accent),
                ("LINEBELOW", (0, last), (-1, last), 0.8, self.accent),
            ]
        if table.style == "schedule":
            commands += [
                ("TOPPADDING", (0, 1), (-1, -1), 7),
                ("BOTTOMPADDING", (0, 1), (-1, -1), 7),
            ]
        return RLTable(
            data,
            colWidths=widths,
            repeatRows=table.header_rows,
            style=TableStyle(commands),
            hAlign="LEFT",
            splitInRow=1,
            spaceBefore=4,
            spaceAfter=12,
        )

    def comment_list(self, block: CommentList, ctx: _Context) -> Flowable:
        """Review edition: the item's comments in a shaded box, readable when printed."""
        cells: list[Flowable] = [
            self.comment_line([(block.title, "")], self.styles["comment_label"])
        ]
        for thread in block.threads:
            cells.extend(self.comment_thread(thread))
        box = RLTable(
            [[cells]],
            colWidths=[ctx.width],
            style=TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, -1), COMMENT_BOX),
                    ("LINEBEFORE", (0, 0), (0, -1), 2.5, COMMENT_EDGE),
                    ("LEFTPADDING", (0, 0), (-1, -1), 10),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                    ("TOPPADDING", (0, 0), (-1, -1), 6),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ]
            ),
            hAlign="LEFT",
            splitInRow=1,
            spaceBefore=4,
            spaceAfter=12,
        )
        return box

    def comment_line(self, parts: list[tuple[str, str]], style: ParagraphStyle) -> Flowable:
        """A line of a comment thread from ``(text, tag)`` parts (tag ``b``, ``i`` or ``""``),
        each part in the fonts its script needs."""
        text = "".join(piece for piece, _ in parts)

        def markup(family: str, bold: bool) -> str:
            out = []
            for piece, tag in parts:
                made = text_markup(piece, family, bold or tag == "b")
                out.append(f"<{tag}>{made}</{tag}>" if tag else made)
            return "".join(out)

        return self.para(text, style, markup)

    def comment_thread(self, thread: CommentThread) -> list[Flowable]:
        s = self.styles
        head = [(f"[{thread.number}] {thread.opening.author}", "b")]
        if thread.opening.when:
            head.append((f" · {thread.opening.when}", ""))
        if thread.resolved:
            head.append((" · ", ""))
            head.append(("resolved", "i"))
        out = [self.comment_line(head, s["comment_head"])]
        if thread.quote:
            out.append(self.comment_line([(f"On “{thread.quote}”", "i")], s["comment_quote"]))
        out.append(self.comment_line([(thread.opening.text, "")], s["comment_text"]))
        for reply in thread.replies:
            who = [("Reply from ", ""), (reply.author, "b")]
            if reply.when:
                who.append((f" · {reply.when}", ""))
            out.append(self.comment_line(who, s["comment_reply_head"]))
            out.append(self.comment_line([(reply.text, "")], s["comment_reply"]))
        return out

    def picture(self, picture: Picture, ctx: _Context) -> Flowable:
        width = min(picture.width_in * inch, ctx.width)
        key = (picture.image.sha256, picture.width_in)
        if key not in self.images:
            self.images[key] = prepare_image(picture.image, width / inch)
        prepared = self.images[key]
        if prepared is None:
            return self.para(f"[{picture.alt}]", self.styles["caption"])
        from io import BytesIO

        flowable = RLImage(BytesIO(prepared.data), width=width, height=prepared.height_for(width))
        flowable.hAlign = "LEFT"
        return flowable

    def side_by_side(self, block: SideBySide, ctx: _Context) -> Flowable:
        gutter = 16
        left_width = min(block.left_width_in * inch, ctx.width / 2)
        right_width = ctx.width - left_width - gutter
        left = self.flowables(block.left, replace(ctx, width=left_width))
        right = self.flowables(block.right, replace(ctx, width=right_width))
        style = TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), SERIF),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ("LEFTPADDING", (1, 0), (1, 0), gutter),
            ]
        )
        return RLTable(
            [[left, right]],
            colWidths=[left_width, right_width + gutter],
            style=style,
            hAlign="LEFT",
            splitInRow=1,
            spaceAfter=10,
        )

    # --- contents and cover -------------------------------------------------------------

    def contents(self, toc: TableOfContents) -> list[Flowable]:
        title_style = script_style(self.styles["toc_title"], toc.title)
        title = HeadingParagraph(
            text_markup(toc.title, base_family(title_style.fontName), True), title_style
        )
        title.mark = HeadingMark(self.ledger, "briefbook-contents", toc.title, 1, outline=True)
        out: list[Flowable] = [title]
        for entry in toc.entries:
            self.toc_count += 1
            style = self.styles["toc1" if entry.level <= 1 else "toc2"]
            if entry.level <= 1 and self.toc_count > 1:
                style = ParagraphStyle(f"toc1-{self.toc_count}", parent=style, spaceBefore=9)
            text = entry.text
            if len(text) > TOC_MAX_CHARS:  # a contents line never grows taller than a page
                text = text[:TOC_MAX_CHARS].rstrip() + "…"
            para = self.para(text, style)
            out.append(TocLine(self.ledger, entry.anchor, f"toc-{self.toc_count}", para))
        return out

    def cover(self, cover: Cover) -> list[Flowable]:
        if self.look is not None:
            flowables = house_cover(cover, self.styles, self.look, self.para)
            return [*flowables, NextPageTemplate("body")]
        s = self.styles
        out: list[Flowable] = [Spacer(1, 1.1 * inch)]
        if cover.organization:
            out.append(self.para(cover.organization, s["cover_org"]))
        out.append(self.para(cover.title or "Untitled book", s["cover_title"]))
        if cover.subtitle:
            out += [Spacer(1, 8), self.para(cover.subtitle, s["cover_subtitle"])]
        out.append(
            HRFlowable(
                width="28%", thickness=2, color=ACCENT, hAlign="LEFT", spaceBefore=22, spaceAfter=18
            )
        )
        for fact in (cover.destination, cover.dates):
            if fact:
                out.append(self.para(fact, s["cover_fact"]))
        out.append(Spacer(1, 0.5 * inch))
        if cover.prepared_by:
            out.append(self.para(f"Prepared by {cover.prepared_by}", s["cover_small"]))
        if cover.cleared_by:
            out.append(self.para(f"Cleared by {cover.cleared_by}", s["cover_small"]))
        if cover.exported_on:
            out.append(self.para(f"Exported {cover.exported_on}", s["cover_small"]))
        if cover.edition_note:
            box = ParagraphStyle(
                "cover_edition_box",
                parent=s["cover_edition"],
                backColor=SHADE,
                borderPadding=(7, 10, 7, 10),
                leftIndent=10,
                spaceBefore=30,
            )
            out.append(self.para(cover.edition_note, box))
        out.append(NextPageTemplate("body"))
        return out


def _document_template(
    path: Path, document: BookDocument, ledger: PageLedger, page: PageGeometry, invariant: bool
) -> BaseDocTemplate:
    doc = BaseDocTemplate(
        str(path),
        pagesize=(page.width, page.height),
        leftMargin=page.left,
        rightMargin=page.right,
        topMargin=page.top,
        bottomMargin=page.bottom,
        title=document.title,
        author=document.author,
        subject=document.subject,
        keywords=document.keywords,
        creator="BriefBook",
        invariant=1 if invariant else 0,
        initialFontName=SERIF,  # otherwise every page lists Helvetica among its fonts
        displayDocTitle=1,
        lang="en",
    )
    # No frame padding: text lines up with the footer and the page furniture.
    padding = {"leftPadding": 0, "rightPadding": 0, "topPadding": 0, "bottomPadding": 0}
    frame = Frame(page.left, page.bottom, page.frame_width, page.frame_height, id="body", **padding)
    cover_frame = Frame(
        page.left + 0.2 * inch,
        page.bottom,
        page.frame_width - 0.2 * inch,
        page.frame_height,
        id="cover",
        **padding,
    )
    templates = [
        PageTemplate(id="cover", frames=[cover_frame], onPage=ledger.on_cover_page),
        PageTemplate(id="body", frames=[frame], onPage=ledger.on_body_page),
    ]
    if not (document.blocks and isinstance(document.blocks[0], Cover)):
        templates.reverse()
    doc.addPageTemplates(templates)
    return doc


def write(document: BookDocument, path: Path, *, invariant: bool = False) -> Iterator[float]:
    """Write ``document`` as a PDF at ``path``, yielding progress from 0 to 1.

    ``invariant`` makes the bytes reproducible (fixed dates and ids), for reference outputs.
    Stopping the iteration (``close()``) cancels: the file is only written at the very end.
    """
    yield 0.0
    look = pdf_look(document.house_style, document.page_size)
    page = geometry(document.page_size) if look is None else look.page
    if look is None:
        ledger = PageLedger(
            geometry=page,
            marking=document.marking,
            footer_title=document.footer_title,
            watermark=document.watermark,
        )
    else:
        ledger = house_ledger(look, document.marking, document.footer_title)
        ledger.watermark = document.watermark
    story = _Story(document, ledger, page, look).flowables(
        document.blocks, _Context(page.frame_width)
    )
    doc = _document_template(path, document, ledger, page, invariant)
    total = max(1, len(story))
    # BaseDocTemplate.build() runs exactly this loop; running it here lets the generator yield
    # between flowables (progress and cancellation) while the layout stays one single pass.
    doc._startBuild(str(path), functools.partial(BookCanvas, finish=ledger.define_forms))
    doc.canv.showOutline()
    doc.canv._doctemplate = doc
    reported = 0.0
    try:
        while story:
            doc.clean_hanging()
            doc.handle_flowable(story)
            done = 0.95 * (1 - len(story) / total)
            if done - reported >= _PROGRESS_STEP:
                reported = done
                yield done
    finally:
        del doc.canv._doctemplate
    doc._endBuild()
    yield 1.0
