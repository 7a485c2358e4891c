"""A house style applied to the DOCX.

Without a reference document, BriefBook's styles are installed in the house fonts, sizes and
heading colours, on the style's paper and margins, with the letterhead (and the logo, when the
style puts it there) in the header. With an office's reference document (``.docx``/``.dotx``)
the book is written *into* that document: its styles (Normal, the headings, lists, tables),
page set-up, headers and footers stay as the office made them; styles it lacks (LibreOffice
writes no ``Heading 1`` until one is used; Word keeps unused built-ins as latent styles only)
are added in the house look; its own body text is dropped. The marking goes at the top of every
header and the bottom of every footer, with "Page X of Y" above it, so they are never lost.
"""

from __future__ import annotations

import copy
import io
import re
from collections.abc import Callable
from dataclasses import replace

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml.shape import CT_Inline
from docx.section import Section, _Footer, _Header
from docx.shared import Emu
from lxml import etree

from app.domain import Image
from app.styles.model import HouseStyle
from app.styles.reference import open_reference
from exports.docx_styles import (
    BODY_FONT,
    EMU_PER_INCH,
    HEADING_FONT,
    NAVY,
    PageGeometry,
    StyleSpec,
    install_styles,
    page_geometry,
)
from exports.docx_xml import (
    W,
    add_text_run,
    page_line,
    paragraph,
    ppr_child,
    run_properties,
)

MM_PER_INCH = 25.4
HEADER_LOGO_IN = 0.45
COVER_LOGO_IN = {"classic": (2.4, 1.1), "centred": (2.6, 1.7), "letterhead": (1.6, 0.9)}
_HEADING_ID = re.compile(r"Heading([1-6])$")
_DOCX_PAPER = {"a4": (210 / MM_PER_INCH, 297 / MM_PER_INCH), "letter": (8.5, 11.0)}


def base_document(style: HouseStyle | None) -> DocxDocument:
    """The package the book is written into: the office's reference, else python-docx's own."""
    if style is not None and not style.builtin and style.reference is not None:
        document: DocxDocument = open_reference(style.reference)
        _ensure_numbering(document)
        return document
    return Document()


def _ensure_numbering(document: DocxDocument) -> None:
    """Give a reference without list definitions a numbering part: python-docx 1.x cannot make
    one itself (``NumberingPart.new`` raises ``NotImplementedError``)."""
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.oxml.parser import parse_xml
    from docx.parts.numbering import NumberingPart

    part = document.part
    if any(rel.reltype == RT.NUMBERING for rel in part.rels.values()):
        return
    taken = {str(p.partname) for p in part.package.iter_parts()}
    name = "/word/numbering.xml"
    counter = 1
    while name in taken:
        counter += 1
        name = f"/word/numbering{counter}.xml"
    xml = f'<w:numbering xmlns:w="{W[1:-1]}"/>'
    numbering = NumberingPart(PackURI(name), CT.WML_NUMBERING, parse_xml(xml), part.package)
    part.relate_to(numbering, RT.NUMBERING)


def uses_reference(style: HouseStyle | None) -> bool:
    return style is not None and not style.builtin and style.reference is not None


def geometry_for(style: HouseStyle | None, page_size: str, docx: DocxDocument) -> PageGeometry:
    """The page the book is laid out on: the reference's own page set-up, the style's paper
    and margins, or BriefBook's default for the book's page size."""
    if style is None or style.builtin:
        return page_geometry(page_size)
    if style.reference is not None:
        sect_pr = docx.sections[-1]._sectPr
        size = sect_pr.find(W + "pgSz")
        margins = sect_pr.find(W + "pgMar")
        if size is not None and margins is not None:

            def inches(element: etree._Element, name: str, default: float) -> float:
                value = element.get(W + name)
                return abs(float(value)) / 1440 if value else default

            return PageGeometry(
                width_in=inches(size, "w", 8.5),
                height_in=inches(size, "h", 11.0),
                header_in=inches(margins, "header", 0.45),
                footer_in=inches(margins, "footer", 0.45),
                top_in=inches(margins, "top", 1.0),
                right_in=inches(margins, "right", 1.0),
                bottom_in=inches(margins, "bottom", 1.0),
                left_in=inches(margins, "left", 1.0),
            )
    base = page_geometry(style.page_size or page_size)
    width, height = _DOCX_PAPER.get(style.page_size, (base.width_in, base.height_in))
    if style.margins is None:
        return replace(base, width_in=width, height_in=height)
    m = style.margins
    return PageGeometry(
        width_in=width,
        height_in=height,
        top_in=m.top / MM_PER_INCH,
        right_in=m.right / MM_PER_INCH,
        bottom_in=m.bottom / MM_PER_INCH,
        left_in=m.left / MM_PER_INCH,
        header_in=min(0.45, m.top / MM_PER_INCH / 2),
        footer_in=min(0.45, m.bottom / MM_PER_INCH / 2),
    )


def adjuster(style: HouseStyle) -> Callable[[StyleSpec], StyleSpec]:
    """Each BriefBook style in the house fonts, size and heading colours."""
    scale = style.base_size / 10.5
    colours = [c.lstrip("#").upper() for c in style.heading_colours]

    def adjust(spec: StyleSpec) -> StyleSpec:
        font = spec.font
        if font == BODY_FONT:
            font = style.body_font
        elif font == HEADING_FONT:
            font = style.heading_font
        colour = spec.color
        level = _HEADING_ID.match(spec.style_id)
        if level and int(level.group(1)) <= 3:
            colour = colours[int(level.group(1)) - 1]
        elif spec.style_id == "TOCHeading" or colour == NAVY:
            colour = colours[0]
        size = round(spec.size_pt * scale * 2) / 2 if spec.size_pt else 0

        def rule(value: str | None) -> str | None:
            return colours[0] if value == NAVY else value

        return replace(
            spec,
            font=font,
            color=colour,
            size_pt=size,
            border_top=rule(spec.border_top),
            border_bottom=rule(spec.border_bottom),
            box=rule(spec.box),
        )

    return adjust


def _align_ids_by_name(docx: DocxDocument, wanted: dict[str, str]) -> None:
    """Give the reference's styles BriefBook's ids where only the id differs (Word writes
    localised ids, e.g. ``berschrift1`` for ``heading 1`` in German), so the book's
    paragraphs find the office's styles."""
    root = docx.styles.element
    by_id = {s.get(W + "styleId"): s for s in root.iterfind(W + "style")}
    renamed: dict[str, str] = {}
    for style in root.iterfind(W + "style"):
        name = style.find(W + "name")
        if name is None:
            continue
        target = wanted.get(str(name.get(W + "val", "")).casefold())
        current = style.get(W + "styleId")
        if target and current != target and target not in by_id:
            style.set(W + "styleId", target)
            renamed[str(current)] = target
    if not renamed:
        return
    for element in root.iter(W + "basedOn", W + "next", W + "link"):
        value = element.get(W + "val")
        if value in renamed:
            element.set(W + "val", renamed[value])


def install(
    docx: DocxDocument,
    geometry: PageGeometry,
    bullet_num: int,
    ordered_num: int,
    style: HouseStyle,
) -> None:
    """BriefBook's styles in the house look, or added to the reference's (see the module)."""
    from exports.docx_styles import _specs

    adjust = adjuster(style)
    embed_fonts(docx, style)
    if style.reference is None:
        install_styles(docx, geometry, bullet_num, ordered_num, adjust=adjust)
        return
    wanted = {spec.name.casefold(): spec.style_id for spec in _specs(geometry, 0, 0)}
    _align_ids_by_name(docx, wanted)
    install_styles(docx, geometry, bullet_num, ordered_num, adjust=adjust, keep_existing=True)
    # A heading must stay with what follows it, whatever the office's style says.
    for element in docx.styles.element.iterfind(W + "style"):
        if _HEADING_ID.match(element.get(W + "styleId") or ""):
            ppr = element.find(W + "pPr")
            if ppr is None:
                ppr = etree.SubElement(element, W + "pPr")
            for tag in ("keepLines", "keepNext"):
                if ppr.find(W + tag) is None:
                    ppr.insert(0, etree.Element(W + tag))


def media_count(docx: DocxDocument) -> int:
    """The highest number in the package's ``/word/media/`` names (0 for none)."""
    highest = 0
    for part in docx.part.package.iter_parts():
        found = re.search(r"/word/media/\D*(\d+)", str(part.partname))
        if found:
            highest = max(highest, int(found.group(1)))
    return highest


# --- embedded fonts ----------------------------------------------------------------------------

OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
FONT_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
_EMBED_TAGS = {
    "regular": "embedRegular",
    "bold": "embedBold",
    "italic": "embedItalic",
    "bold_italic": "embedBoldItalic",
}
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def obfuscate_font(data: bytes, key: str) -> bytes:
    """A TrueType file as Word embeds it (ECMA-376 Part 1, 17.8.1): its first 32 bytes XORed
    with the 16 bytes of the ``{GUID}`` key taken in reverse order. (Its own inverse.)"""
    secret = bytes.fromhex(key.strip("{}").replace("-", ""))[::-1]
    head = bytes(byte ^ secret[index % 16] for index, byte in enumerate(data[:32]))
    return head + data[32:]


def embed_fonts(docx: DocxDocument, style: HouseStyle) -> None:
    """Embed the style's added TrueType families the book uses, so Word and LibreOffice show
    them on machines that lack them (``w:embedTrueTypeFonts``)."""
    import uuid

    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    used = [f for f in dict.fromkeys((style.body_font, style.heading_font)) if f in style.fonts]
    if not used:
        return
    table_part = next(
        (rel.target_part for rel in docx.part.rels.values() if rel.reltype == RT.FONT_TABLE),
        None,
    )
    if table_part is None:
        return
    table = etree.fromstring(table_part.blob)
    taken = {str(p.partname) for p in docx.part.package.iter_parts()}
    number = 0
    for family in used:
        font = next((f for f in table.iterfind(W + "font") if f.get(W + "name") == family), None)
        if font is None:
            font = etree.SubElement(table, W + "font", {W + "name": family})
        for old in [c for c in font if etree.QName(c).localname.startswith("embed")]:
            font.remove(old)
        for slot, tag in _EMBED_TAGS.items():
            data = style.fonts[family].get(slot)
            if data is None:
                continue
            number += 1
            while f"/word/fonts/font{number}.odttf" in taken:
                number += 1
            key = "{" + str(uuid.uuid4()).upper() + "}"
            part = Part(
                PackURI(f"/word/fonts/font{number}.odttf"),
                OBFUSCATED_FONT,
                obfuscate_font(data, key),
                docx.part.package,
            )
            rel_id = table_part.relate_to(part, FONT_RELATIONSHIP)
            embed = etree.SubElement(font, W + tag, {W + "fontKey": key})
            embed.set(_R + "id", rel_id)
    table_part._blob = etree.tostring(
        table, xml_declaration=True, encoding="UTF-8", standalone=True
    )
    settings = docx.settings.element
    if settings.find(W + "embedTrueTypeFonts") is None:
        anchor = None
        for name in ("zoom", "view", "writeProtection"):
            anchor = settings.find(W + name)
            if anchor is not None:
                break
        flag = etree.Element(W + "embedTrueTypeFonts")
        if anchor is not None:
            anchor.addnext(flag)
        else:
            settings.insert(0, flag)


# --- headers and footers ---------------------------------------------------------------------


def _marking(text: str) -> etree._Element:
    p = paragraph("BriefBookMarking")
    if text:
        add_text_run(p, text)
    return p


def _picture_run(part: object, image: Image, width_in: float, height_in: float) -> etree._Element:
    inline: CT_Inline = part.new_pic_inline(  # type: ignore[attr-defined]
        io.BytesIO(image.data),
        Emu(round(width_in * EMU_PER_INCH)),
        Emu(round(height_in * EMU_PER_INCH)),
    )
    inline.docPr.set("descr", "Logo")
    run = etree.Element(W + "r")
    etree.SubElement(run, W + "drawing").append(inline)
    return run


def _logo_size(image: Image, max_w: float, max_h: float) -> tuple[float, float]:
    from PIL import Image as PILImage

    width, height = image.width, image.height
    if not (width and height):
        with PILImage.open(io.BytesIO(image.data)) as opened:
            width, height = opened.size
    ratio = height / width
    w = max_w
    h = w * ratio
    if h > max_h:
        h, w = max_h, max_h / ratio
    return w, h


def _letterhead(header: _Header, style: HouseStyle) -> list[etree._Element]:
    lines = style.letterhead_lines()
    out: list[etree._Element] = []
    logo = style.logo if style.logo_in_header else None
    if not lines and logo is None:
        return out
    first = paragraph("Header")
    if logo is not None:
        width, height = _logo_size(logo, 2.0, HEADER_LOGO_IN)
        first.append(_picture_run(header.part, logo, width, height))
        if lines:
            add_text_run(first, "  ")
    for index, line in enumerate(lines):
        p = first if index == 0 else paragraph("Header")
        add_text_run(p, line, run_properties(bold=index == 0))
        if index:
            out.append(p)
    out.insert(0, first)
    ppr_child(out[-1], "spacing", after="120")
    return out


def _text_width_twips(sect_pr: etree._Element) -> int:
    size = sect_pr.find(W + "pgSz")
    margins = sect_pr.find(W + "pgMar")
    if size is None or margins is None:
        return 9360

    def twips(element: etree._Element, name: str) -> int:
        value = element.get(W + name) or "0"
        return abs(int(float(value)))

    return twips(size, "w") - twips(margins, "left") - twips(margins, "right")


def _set_story(story: etree._Element, paragraphs: list[etree._Element]) -> None:
    for child in list(story):
        story.remove(child)
    story.extend(paragraphs)


def body_header_footer(
    docx: DocxDocument,
    sect_pr: etree._Element,
    style: HouseStyle,
    *,
    marking: str,
    footer_title: str,
    total_pages: str,
) -> None:
    """Every header of the body section starts with the marking (then the letterhead, or the
    office's own header); every footer ends with "Page X of Y" and the marking."""
    section = Section(sect_pr, docx.part)
    pairs: list[tuple[_Header, _Footer]] = [(section.header, section.footer)]
    if section.different_first_page_header_footer:
        pairs.append((section.first_page_header, section.first_page_footer))
    if docx.settings.odd_and_even_pages_header_footer:
        pairs.append((section.even_page_header, section.even_page_footer))
    for header, footer in pairs:
        kept_header = not header.is_linked_to_previous
        header.is_linked_to_previous = False
        if kept_header and style.reference is not None:
            header._element.insert(0, _marking(marking))
        else:
            _set_story(header._element, [_marking(marking), *_letterhead(header, style)])
        kept_footer = not footer.is_linked_to_previous
        footer.is_linked_to_previous = False
        bottom = _marking(marking)
        ppr_child(bottom, "spacing", before="80")
        lines = [page_line(footer_title, total_pages, _text_width_twips(sect_pr)), bottom]
        if kept_footer and style.reference is not None:
            footer._element.extend(lines)
        else:
            _set_story(footer._element, lines)


def tidy_cover_section(cover_sect_pr: etree._Element) -> None:
    """The cover is one page with its own header: a reference's "different first page" would
    leave it without the marking."""
    for tag in ("titlePg",):
        for element in cover_sect_pr.findall(W + tag):
            cover_sect_pr.remove(element)


# --- the cover -------------------------------------------------------------------------------


def cover(
    paragraphs: list[etree._Element],
    style: HouseStyle,
    picture: Callable[[Image, float, float], etree._Element | None],
) -> list[etree._Element]:
    """The cover's paragraphs in the style's layout, with its logo (``picture`` makes the
    logo's paragraph at a size in inches)."""
    layout = style.cover_layout
    out = [copy.deepcopy(p) for p in paragraphs]
    lead: list[etree._Element] = []
    if style.logo is not None:
        max_w, max_h = COVER_LOGO_IN[layout]
        width, height = _logo_size(style.logo, max_w, max_h)
        logo = picture(style.logo, width, height)
        if logo is not None:
            ppr_child(logo, "spacing", after="240")
            lead.append(logo)
    if layout == "letterhead":
        lines = style.letterhead_lines()
        for index, line in enumerate(lines):
            p = paragraph("BriefBookCoverSmall" if index else "BriefBookCoverOrganization")
            add_text_run(p, line)
            ppr_child(p, "spacing", before="0", after="40")
            lead.append(p)
        if lines:
            ppr_child(lead[-1], "pBdr")
            border = lead[-1].find(f"{W}pPr/{W}pBdr")
            assert border is not None
            etree.SubElement(
                border,
                W + "bottom",
                {W + "val": "single", W + "sz": "12", W + "space": "6", W + "color": "auto"},
            )
            ppr_child(lead[-1], "spacing", after="1400")
    if lead and out:
        # The logo takes the room the organisation line otherwise keeps above it.
        ppr_child(out[0], "spacing", before="0")
    result = lead + out
    if layout == "centred":
        for p in result:
            ppr_child(p, "jc", val="center")
    return result
