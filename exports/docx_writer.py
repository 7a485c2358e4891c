"""DOCX writer: renders a neutral :class:`~app.document.BookDocument` as a Word document.

python-docx supplies the package (parts, relationships, images, styles, headers); the body is
built with lxml straight into ``document.xml`` for speed (see ``docx_xml``). Every paragraph
uses a named style so the book can be restyled in Word. The cover sits in its own section
without page numbers; the body section numbers its pages from 1. The contents is a real TOC
field whose stored result already lists the entries with estimated page numbers.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import quote

from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.shape import CT_Inline
from docx.shared import Length
from lxml import etree

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
    Run,
    SideBySide,
    Table,
    TableOfContents,
    clean_text,
)
from app.domain import Image
from exports import house_docx
from exports.docx_estimate import (
    PageEstimate,
    estimate_height,
    estimate_pages,
    heading_style_id,
    paragraph_style_id,
)
from exports.docx_numbering import ListNumbering
from exports.docx_parts import (
    ImageRef,
    add_image,
    ask_word_to_update_fields,
    cover_section,
    restart_numbering,
    save_package,
    set_core_properties,
    set_page,
    tidy_package,
    write_body_header_footer,
    write_cover_header_footer,
)
from exports.docx_review import WordComments
from exports.docx_scripts import paragraph_is_rtl
from exports.docx_styles import (
    EMU_PER_INCH,
    HEADER_FILL,
    PageGeometry,
    install_styles,
    list_indent_in,
    twips,
    unlisted_heading_id,
)
from exports.docx_tables import CELL_PADDING_IN, table_frame
from exports.docx_xml import (
    BookmarkNames,
    R,
    W,
    add_field,
    add_text_run,
    field_begin,
    field_end,
    paragraph,
    ppr_child,
    run_properties,
    set_keep_next,
    sub,
)

_SAFE_URL_CHARS = ":/?#[]@!$&'()*+,;=%~-._"
_MAX_PICTURE_SHARE = 0.8  # of the text height
_LIST_END_SPACE = "160"  # twips: 8 pt
_WRAP_SHARE = 0.85  # keep-together groups up to this much of a page are wrapped whole


@dataclass(frozen=True)
class _Context:
    """Where blocks are being written: the width available and what they sit in."""

    width_in: float
    in_table: bool = False
    header_row: bool = False
    quote: bool = False
    list_level: int = -1


def write(document: BookDocument, path: Path) -> Iterator[float]:
    """Write ``document`` as a .docx file at ``path``, yielding progress from 0 to 1.

    Nothing is written until the last step, so closing the generator early writes nothing.
    """
    yield 0.0
    writer = _DocxBuilder(document)
    blocks = document.blocks
    count = max(len(blocks), 1)
    for index, block in enumerate(blocks, start=1):
        writer.top_level(block)
        yield 0.9 * index / count
    writer.finish()
    save_package(writer.docx, path)
    yield 1.0


class _DocxBuilder:
    def __init__(self, document: BookDocument) -> None:
        self.document = document
        style = document.house_style
        self.house = style if style is not None and not style.builtin else None
        self.docx: DocxDocument = house_docx.base_document(self.house)
        self.geometry: PageGeometry = house_docx.geometry_for(
            self.house, document.page_size, self.docx
        )
        self.estimate: PageEstimate = estimate_pages(document, self.geometry)
        tidy_package(self.docx)
        self.numbering = ListNumbering(self.docx)
        nums = (self.numbering.bullet_num, self.numbering.ordered_num)
        if self.house is None:
            install_styles(self.docx, self.geometry, *nums)
        else:
            house_docx.install(self.docx, self.geometry, *nums, self.house)
        ask_word_to_update_fields(self.docx)
        set_core_properties(self.docx, document)

        self.body = self.docx.element.body
        self.sect_pr = self.body.find(W + "sectPr")
        assert self.sect_pr is not None  # python-docx's template always has one
        for child in list(self.body):  # a reference document's own text never appears
            self.body.remove(child)
        if not house_docx.uses_reference(self.house):
            set_page(self.sect_pr, self.geometry)
        # Pictures get names after any the reference document already holds.
        self.image_offset = house_docx.media_count(self.docx)

        self.bookmarks = BookmarkNames()
        for heading in document.headings():
            self.bookmarks.name(heading.anchor)
        self.next_bookmark_id = 0
        self.next_shape_id = 1
        self.link_ids: dict[str, str] = {}
        self.images: dict[str, ImageRef | None] = {}
        self.at_page_start = True
        self.page_break_pending = False
        self.has_cover = False
        self.root = _Context(width_in=self.geometry.text_width_in)
        self.comments = WordComments(self.docx, document.comments)

    # --- top level ---------------------------------------------------------------------------

    def top_level(self, block: Block) -> None:
        """Write one block of the document's top level."""
        if isinstance(block, PageBreak):
            if not self.at_page_start:
                self.page_break_pending = True
            return
        self.render(self.body, block, self.root)

    def finish(self) -> None:
        """Attach the body section with its headers, footers and page numbering."""
        assert self.sect_pr is not None
        last = self.body[len(self.body) - 1] if len(self.body) else None
        if last is None or last.find(f"{W}pPr/{W}sectPr") is not None:
            self.body.append(paragraph())  # the body section needs a paragraph of its own
        self.body.append(self.sect_pr)
        restart_numbering(self.sect_pr)
        total = self.estimate.body_pages
        if self.house is not None:
            house_docx.body_header_footer(
                self.docx,
                self.sect_pr,
                self.house,
                marking=clean_text(self.document.marking),
                footer_title=clean_text(self.document.footer_title or self.document.title),
                total_pages=str(total),
            )
            return
        write_body_header_footer(
            self.docx,
            self.sect_pr,
            marking=clean_text(self.document.marking),
            footer_title=clean_text(self.document.footer_title or self.document.title),
            total_pages=str(total),
            watermark=clean_text(self.document.watermark),
        )
        self.comments.finish()

    def append(self, parent: etree._Element, element: etree._Element) -> None:
        """Add a block-level element, placing a pending page break before it. A paragraph
        whose first strong character is right-to-left is marked ``w:bidi``."""
        if element.tag == W + "p" and paragraph_is_rtl(element):
            ppr_child(element, "bidi")
        if parent is self.body:
            if self.page_break_pending:
                if element.tag == W + "p":
                    ppr_child(element, "pageBreakBefore")
                else:
                    carrier = paragraph()
                    ppr_child(carrier, "pageBreakBefore")
                    parent.append(carrier)
                self.page_break_pending = False
            self.at_page_start = False
        parent.append(element)

    # --- blocks ------------------------------------------------------------------------------

    def render(self, parent: etree._Element, block: Block, ctx: _Context) -> None:
        if isinstance(block, Paragraph):
            self.paragraph(parent, block, ctx)
        elif isinstance(block, Heading):
            self.heading(parent, block, ctx)
        elif isinstance(block, ListBlock):
            self.list_block(parent, block, replace(ctx, list_level=ctx.list_level + 1))
        elif isinstance(block, Table):
            self.table(parent, block, ctx)
        elif isinstance(block, Picture):
            self.picture(parent, block, ctx)
        elif isinstance(block, Quote):
            inner = replace(ctx, quote=True, width_in=ctx.width_in - 0.6)
            for child in block.blocks:
                self.render(parent, child, inner)
        elif isinstance(block, CodeBlock):
            p = paragraph("BriefBookCode")
            add_text_run(p, block.text.rstrip("\n"))
            self.append(parent, p)
        elif isinstance(block, Rule):
            self.append(parent, paragraph("BriefBookRule"))
        elif isinstance(block, PageBreak):
            if parent is self.body:
                self.top_level(block)
        elif isinstance(block, KeepTogether):
            self.keep_together(parent, block, ctx)
        elif isinstance(block, SideBySide):
            self.side_by_side(parent, block, ctx)
        elif isinstance(block, TableOfContents):
            self.contents(parent, block)
        elif isinstance(block, Cover):
            self.cover(parent, block)
        # A CommentList writes nothing: its threads are Word comments on the text itself.

    def paragraph(self, parent: etree._Element, block: Paragraph, ctx: _Context) -> None:
        if ctx.quote:
            style = "Quote"
        elif ctx.header_row and block.style == "body":
            style = "BriefBookTableHeader"
        else:
            style = paragraph_style_id(block.style, ctx.in_table)
        p = paragraph(style)
        if block.is_lead_in and not ctx.in_table:
            set_keep_next(p)  # a bold lead-in line stays with what it introduces
        self.runs(p, block.runs)
        self.append(parent, p)

    def runs(self, p: etree._Element, runs: list[Run]) -> None:
        """Inline runs; neighbouring runs with the same link share one ``w:hyperlink``."""
        link_parent: etree._Element | None = None
        current_link: str | None = None
        for index, run in enumerate(runs):
            before = runs[index - 1].comment_ids if index else ()
            after = runs[index + 1].comment_ids if index + 1 < len(runs) else ()
            for thread_id in run.comment_ids:
                if thread_id not in before and thread_id in self.comments.threads:
                    self.comments.start(p, thread_id)
                    link_parent, current_link = None, None  # a range starts outside links
            if run.link != current_link:
                current_link = run.link
                link_parent = self.hyperlink(p, run.link) if run.link else None
            target = link_parent if link_parent is not None else p
            style = (
                "BriefBookCodeChar"
                if run.code
                else "Hyperlink"
                if link_parent is not None
                else None
            )
            rpr = run_properties(style, bold=run.bold, italic=run.italic, strike=run.strike)
            add_text_run(target, run.text, rpr)
            ending = [c for c in run.comment_ids if c not in after and c in self.comments.threads]
            for thread_id in ending:
                self.comments.end(p, thread_id)
                link_parent, current_link = None, None

    def hyperlink(self, p: etree._Element, url: str) -> etree._Element | None:
        url = clean_text(url).strip()
        if url.startswith("#"):
            anchor = url[1:]
            if not self.bookmarks.known(anchor):
                return None
            return sub(p, "hyperlink", anchor=self.bookmarks.name(anchor), history="1")
        if not url:
            return None
        rel_id = self.link_ids.get(url)
        if rel_id is None:
            target = quote(url, safe=_SAFE_URL_CHARS)
            rel_id = self.docx.part.relate_to(target, RT.HYPERLINK, is_external=True)
            self.link_ids[url] = rel_id
        link = sub(p, "hyperlink", history="1")
        link.set(R + "id", rel_id)
        return link

    def heading(self, parent: etree._Element, block: Heading, ctx: _Context) -> None:
        level = max(1, min(block.level, 6))
        style = heading_style_id(level) if block.in_toc else unlisted_heading_id(level)
        p = paragraph(style)
        bookmark_id = str(self.next_bookmark_id)
        self.next_bookmark_id += 1
        sub(p, "bookmarkStart", id=bookmark_id, name=self.bookmarks.name(block.anchor))
        threads = [c for c in block.comment_ids if c in self.comments.threads]
        for thread_id in threads:
            self.comments.start(p, thread_id)
        add_text_run(p, block.text)
        for thread_id in threads:
            self.comments.end(p, thread_id)
        sub(p, "bookmarkEnd", id=bookmark_id)
        self.append(parent, p)

    def list_block(self, parent: etree._Element, block: ListBlock, ctx: _Context) -> None:
        level = max(0, ctx.list_level)
        depth_suffix = "" if level == 0 else str(min(level + 1, 3))
        style = ("ListNumber" if block.ordered else "ListBullet") + depth_suffix
        num_id = (
            self.numbering.ordered(level, block.start)
            if block.ordered
            else self.numbering.bullet_num
        )
        for item in block.items:
            first = item.blocks[0] if item.blocks else None
            p = paragraph(style)
            numpr = ppr_child(p, "numPr")
            sub(numpr, "ilvl", val=str(level))
            sub(numpr, "numId", val=str(num_id))
            rest = item.blocks
            if isinstance(first, Paragraph):
                self.runs(p, first.runs)
                rest = item.blocks[1:]
            self.append(parent, p)
            for child in rest:
                if isinstance(child, Paragraph) and not ctx.quote:
                    cont = paragraph("ListContinue")
                    ppr_child(cont, "ind", left=twips(list_indent_in(level)))
                    self.runs(cont, child.runs)
                    self.append(parent, cont)
                else:
                    self.render(parent, child, ctx)
        last = parent[len(parent) - 1]
        if level == 0 and not ctx.in_table and last.tag == W + "p":
            # Air between the list and the paragraph after it; items themselves stay close.
            ppr_child(last, "spacing", after=_LIST_END_SPACE)

    def keep_together(self, parent: etree._Element, block: KeepTogether, ctx: _Context) -> None:
        start = len(parent)
        if self.needs_wrapper(block, ctx):
            # LibreOffice ignores "keep with next" inside and after tables, so a profile whose
            # photo sits in a two-column table would lose its biography to the next page.
            # One unsplittable, borderless row around the whole group keeps it together in
            # every reader; only groups that fit on a page get it, so nothing is ever cut.
            tbl = table_frame([ctx.width_in], borders="none", header=False)
            tr = sub(tbl, "tr")
            sub(sub(tr, "trPr"), "cantSplit")
            self.cell(tr, ctx.width_in, block.blocks, ctx)
            self.append(parent, tbl)
        else:
            for child in block.blocks:
                self.render(parent, child, ctx)
        added = parent[start:]
        paragraphs = [p for element in added for p in element.iter(W + "p")]
        for p in paragraphs[:-1]:
            set_keep_next(p)

    def needs_wrapper(self, block: KeepTogether, ctx: _Context) -> bool:
        # Paragraphs before a table stay with it in LibreOffice too; only blocks after one
        # need the wrapper.
        inner = block.blocks[:-1]
        if ctx.in_table or not any(isinstance(child, SideBySide | Table) for child in inner):
            return False
        height = estimate_height(block, ctx.width_in, self.geometry)
        return height < self.geometry.text_height_in * _WRAP_SHARE

    # --- tables ------------------------------------------------------------------------------

    def table(self, parent: etree._Element, block: Table, ctx: _Context) -> None:
        columns = max((len(row) for row in block.rows), default=0)
        if not columns:
            return
        weights = block.widths if block.widths and len(block.widths) == columns else None
        if weights is None or min(weights) <= 0:
            weights = [1.0] * columns
        total = sum(weights)
        widths = [ctx.width_in * w / total for w in weights]
        facts = block.style == "facts"
        header_rows = 0 if facts else max(0, block.header_rows)
        tbl = table_frame(widths, borders="facts" if facts else "grid", header=header_rows > 0)
        for row_index, row in enumerate(block.rows):
            is_header = row_index < header_rows
            tr = sub(tbl, "tr")
            trpr = sub(tr, "trPr")
            sub(trpr, "cantSplit")
            if is_header:
                sub(trpr, "tblHeader")
            for column, width in enumerate(widths):
                cell_blocks = row[column].blocks if column < len(row) else []
                cell_ctx = _Context(
                    width_in=width - CELL_PADDING_IN, in_table=True, header_row=is_header
                )
                self.cell(tr, width, cell_blocks, cell_ctx, fill=HEADER_FILL if is_header else None)
        self.append(parent, tbl)

    def cell(
        self,
        tr: etree._Element,
        width: float,
        blocks: list[Block],
        ctx: _Context,
        *,
        fill: str | None = None,
    ) -> etree._Element:
        tc = sub(tr, "tc")
        tcpr = sub(tc, "tcPr")
        sub(tcpr, "tcW", w=twips(width), type="dxa")
        if fill:
            sub(tcpr, "shd", val="clear", color="auto", fill=fill)
        for block in blocks:
            self.render(tc, block, ctx)
        last = tc[len(tc) - 1]
        if last.tag != W + "p":  # a cell must end with a paragraph
            tc.append(paragraph("BriefBookTableText" if ctx.in_table else None))
        return tc

    def side_by_side(self, parent: etree._Element, block: SideBySide, ctx: _Context) -> None:
        gap = 0.25
        left = min(block.left_width_in + gap, ctx.width_in * 0.5)
        right = ctx.width_in - left
        tbl = table_frame([left, right], borders="none", header=False)
        tr = sub(tbl, "tr")
        sub(sub(tr, "trPr"), "cantSplit")
        self.cell(tr, left, block.left, replace(ctx, width_in=left - gap, in_table=False))
        self.cell(tr, right, block.right, replace(ctx, width_in=right, in_table=False))
        self.append(parent, tbl)

    # --- pictures ----------------------------------------------------------------------------

    def image_ref(self, image: Image) -> ImageRef | None:
        if image.sha256 not in self.images:
            number = self.image_offset + len(self.images) + 1
            self.images[image.sha256] = add_image(self.docx, image, number)
        return self.images[image.sha256]

    def logo_paragraph(self, image: Image, width: float, height: float) -> etree._Element | None:
        """A paragraph holding the house style's logo at ``width`` x ``height`` inches."""
        ref = self.image_ref(image)
        if ref is None:
            return None
        shape_id = self.next_shape_id
        self.next_shape_id += 1
        inline = CT_Inline.new_pic_inline(
            shape_id,
            ref.rel_id,
            ref.filename,
            Length(round(width * EMU_PER_INCH)),
            Length(round(height * EMU_PER_INCH)),
        )
        inline.docPr.set("descr", "Logo")
        p = paragraph("BriefBookPicture")
        sub(sub(p, "r"), "drawing").append(inline)
        return p

    def picture(self, parent: etree._Element, block: Picture, ctx: _Context) -> None:
        alt = clean_text(block.alt).strip() or "Picture"
        ref = self.image_ref(block.image)
        if ref is None or ref.px_width <= 0 or ref.px_height <= 0:
            fallback = paragraph("BriefBookCaption")
            add_text_run(fallback, f"[{alt}]")
            self.append(parent, fallback)
            return
        ratio = ref.px_height / ref.px_width
        width = max(0.2, min(block.width_in, ctx.width_in))
        height = width * ratio
        max_height = self.geometry.text_height_in * _MAX_PICTURE_SHARE
        if height > max_height:
            height, width = max_height, max_height / ratio
        shape_id = self.next_shape_id
        self.next_shape_id += 1
        inline = CT_Inline.new_pic_inline(
            shape_id,
            ref.rel_id,
            ref.filename,
            Length(round(width * EMU_PER_INCH)),
            Length(round(height * EMU_PER_INCH)),
        )
        for side in ("distT", "distB", "distL", "distR"):
            inline.set(side, "0")  # LibreOffice otherwise adds its default 0.13 in spacing
        doc_pr = inline.docPr
        doc_pr.set("descr", alt)
        doc_pr.set("title", alt)
        p = paragraph("BriefBookPicture")
        sub(sub(p, "r"), "drawing").append(inline)
        self.append(parent, p)

    # --- contents and cover ------------------------------------------------------------------

    def contents(self, parent: etree._Element, block: TableOfContents) -> None:
        title = paragraph("TOCHeading")
        add_text_run(title, block.title)
        self.append(parent, title)
        deepest = max([2, *(min(entry.level, 6) for entry in block.entries)])
        instruction = f'TOC \\o "1-{deepest}" \\h \\z \\u'
        if not block.entries:
            p = paragraph("TOC1")
            field_begin(p, instruction)
            field_end(p)
            self.append(parent, p)
            return
        for index, entry in enumerate(block.entries):
            p = paragraph("TOC1" if entry.level <= 1 else "TOC2")
            if index == 0:
                field_begin(p, instruction)
            name = self.bookmarks.name(entry.anchor)
            link = sub(p, "hyperlink", anchor=name, history="1")
            add_text_run(link, entry.text, run_properties(no_proof=True))
            page = self.estimate.pages.get(entry.anchor)
            if page is not None:
                add_text_run(link, "\t", run_properties(no_proof=True))
                add_field(link, f"PAGEREF {name} \\h", str(page), run_properties(no_proof=True))
            self.append(parent, p)
        end = paragraph()
        field_end(end)
        self.append(parent, end)

    def cover(self, parent: etree._Element, block: Cover) -> None:
        lines: list[tuple[str, str]] = [
            ("BriefBookCoverOrganization", block.organization),
            ("BriefBookCoverTitle", block.title),
        ]
        if block.subtitle:
            lines.append(("BriefBookCoverSubtitle", block.subtitle))
        lines.append(("BriefBookRule", ""))
        lines += [
            ("BriefBookCoverDetail", text) for text in (block.destination, block.dates) if text
        ]
        if block.prepared_by:
            lines.append(("BriefBookCoverSmall", f"Prepared by {block.prepared_by}"))
        if block.cleared_by:
            lines.append(("BriefBookCoverSmall", f"Cleared by {block.cleared_by}"))
        if block.exported_on:
            lines.append(("BriefBookCoverSmall", f"Exported {block.exported_on}"))
        if block.edition_note:
            lines.append(("BriefBookCoverNote", block.edition_note))
        last = None
        made: list[etree._Element] = []
        for style, text in lines:
            p = paragraph(style)
            if style == "BriefBookCoverSmall" and last is not None and "CoverDetail" in last:
                ppr_child(p, "spacing", before="480")
            if text:
                add_text_run(p, text)
            made.append(p)
            last = style
        if self.house is not None:
            made = house_docx.cover(made, self.house, self.logo_paragraph)
        for p in made:
            self.append(parent, p)
        if parent is not self.body or self.has_cover:
            return
        assert self.sect_pr is not None
        section = cover_section(self.sect_pr)
        house_docx.tidy_cover_section(section)
        write_cover_header_footer(
            self.docx,
            section,
            clean_text(block.marking),
            clean_text(self.document.watermark),
        )
        ppr = parent[len(parent) - 1].find(W + "pPr")
        assert ppr is not None
        ppr.append(section)
        self.has_cover = True
        self.at_page_start = True
