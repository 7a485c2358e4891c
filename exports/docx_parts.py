"""The DOCX package around the body: page setup, sections, headers and footers, settings and
document properties."""

from __future__ import annotations

import copy
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.image.exceptions import UnrecognizedImageError
from docx.image.image import Image as DocxImage
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI, PackURI
from docx.opc.pkgwriter import _ContentTypesItem
from docx.oxml.section import CT_SectPr
from docx.parts.image import ImagePart
from docx.section import Section
from lxml import etree

from app.document import BookDocument, clean_text
from app.domain import Image
from exports.docx_styles import HEADING_FONT, PageGeometry, twips
from exports.docx_xml import W, add_text_run, el, page_line, paragraph, ppr_child

APP_NAME = "BriefBook"
_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
_APP_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>BriefBook</Application><DocSecurity>0</DocSecurity></Properties>"
)


def tidy_package(docx: DocxDocument) -> None:
    """Drop template leftovers a reader could mistake for this book's own: python-docx's
    thumbnail, Word 2010's duplicate style sheet, and statistics of an empty document."""
    package = docx.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.rels.pop(rid)
        elif rel.reltype == RT.EXTENDED_PROPERTIES and not rel.is_external:
            rel.target_part._blob = _APP_XML.encode("utf-8")  # generic Part keeps its bytes
    for rid, rel in list(docx.part.rels.items()):
        if rel.reltype == _STYLES_WITH_EFFECTS:
            docx.part.rels.pop(rid)


def ask_word_to_update_fields(docx: DocxDocument) -> None:
    """Set ``w:updateFields`` so Word refreshes the contents and page numbers on open."""
    settings = docx.settings.element
    if settings.find(W + "updateFields") is not None:
        return
    update = el("updateFields", val="true")
    compat = settings.find(W + "compat")
    if compat is not None:
        compat.addprevious(update)
        # Word 2013+ layout: table borders line up with the text margin.
        for setting in compat.iterfind(W + "compatSetting"):
            if setting.get(W + "name") == "compatibilityMode":
                setting.set(W + "val", "15")
    else:
        settings.append(update)


def set_core_properties(
    docx: DocxDocument, document: BookDocument, now: datetime | None = None
) -> None:
    """Title, author, subject, keywords and dates as Word's File > Info shows them."""
    stamp = (now or datetime.now(UTC)).replace(microsecond=0, tzinfo=None)
    props = docx.core_properties
    props.title = clean_text(document.title)[:255]
    props.author = clean_text(document.author)[:255]
    props.subject = clean_text(document.subject)[:255]
    props.keywords = clean_text(", ".join(document.keywords))[:255]
    props.last_modified_by = APP_NAME
    props.comments = ""
    props.category = "Briefing book"
    props.content_status = document.edition.value.capitalize() + " edition"
    props.identifier = ""
    props.language = ""
    props.version = ""
    props.revision = 1
    props.created = stamp
    props.modified = stamp


def set_page(sect_pr: CT_SectPr, geometry: PageGeometry) -> None:
    """Paper size and margins on one section."""
    for tag in ("pgSz", "pgMar"):
        old = sect_pr.find(W + tag)
        if old is not None:
            sect_pr.remove(old)
    size = el("pgSz", w=twips(geometry.width_in), h=twips(geometry.height_in))
    margins = el(
        "pgMar",
        top=twips(geometry.side("top")),
        right=twips(geometry.side("right")),
        bottom=twips(geometry.side("bottom")),
        left=twips(geometry.side("left")),
        header=twips(geometry.header_in),
        footer=twips(geometry.footer_in),
        gutter="0",
    )
    # pgSz and pgMar follow the header/footer references and footnote settings.
    anchor = None
    for child in sect_pr:
        if etree.QName(child).localname in (
            "headerReference",
            "footerReference",
            "footnotePr",
            "endnotePr",
            "type",
        ):
            anchor = child
    if anchor is None:
        sect_pr.insert(0, size)
    else:
        anchor.addnext(size)
    size.addnext(margins)


def restart_numbering(sect_pr: CT_SectPr) -> None:
    """Number this section's pages from 1 (the body after the cover)."""
    _set_page_number_start(sect_pr, 1)


def _set_page_number_start(sect_pr: CT_SectPr, start: int) -> None:
    existing = sect_pr.find(W + "pgNumType")
    if existing is not None:
        sect_pr.remove(existing)
    number_type = el("pgNumType", start=str(start))
    # pgNumType comes after pgBorders/lnNumType, before cols.
    cols = sect_pr.find(W + "cols")
    if cols is not None:
        cols.addprevious(number_type)
    else:
        sect_pr.append(number_type)


def cover_section(body_sect_pr: CT_SectPr) -> CT_SectPr:
    """A copy of the body's page setup for the cover, without headers or footers.

    The cover counts as page 0 so the body's page 1 follows naturally; LibreOffice otherwise
    inserts a blank page to put an odd page number on a left-hand page.
    """
    cover = copy.deepcopy(body_sect_pr)
    for child in list(cover):
        if etree.QName(child).localname in ("headerReference", "footerReference", "pgNumType"):
            cover.remove(child)
    for name in list(cover.attrib):
        del cover.attrib[name]  # rsids of the template
    _set_page_number_start(cover, 0)
    return cover


def _replace_story(story: etree._Element, paragraphs: list[etree._Element]) -> None:
    for child in list(story):
        story.remove(child)
    for p in paragraphs:
        story.append(p)


def _marking(text: str, style_id: str = "BriefBookMarking") -> etree._Element:
    p = paragraph(style_id)
    if text:
        add_text_run(p, text)
    return p


def write_cover_header_footer(
    docx: DocxDocument, sect_pr: CT_SectPr, marking: str, watermark: str = ""
) -> None:
    """The cover shows the marking at top and bottom and no page number (and the watermark)."""
    section = Section(sect_pr, docx.part)
    section.header.is_linked_to_previous = False
    section.footer.is_linked_to_previous = False
    _replace_story(section.header._element, [_marking(marking)])
    _stamp(section, watermark, 1)
    _replace_story(section.footer._element, [_marking(marking)])


def _stamp(section: Section, watermark: str, number: int) -> None:
    if not watermark:
        return
    from exports.docx_review import stamp_header

    width = section.page_width or 0
    usable = (width - (section.left_margin or 0) - (section.right_margin or 0)) / 12700
    stamp_header(section.header._element, watermark, number, usable or 468.0, HEADING_FONT)


def write_body_header_footer(
    docx: DocxDocument,
    sect_pr: CT_SectPr,
    *,
    marking: str,
    footer_title: str,
    total_pages: str,
    watermark: str = "",
) -> None:
    """Marking centred at top and bottom; book title and "Page X of Y" in the footer.

    Y is SECTIONPAGES, the body section's page count: NUMPAGES would count the cover too and
    print "Page 5 of 6" on the last page. LibreOffice shows the stored ``total_pages``.
    """
    section = Section(sect_pr, docx.part)
    section.header.is_linked_to_previous = False
    section.footer.is_linked_to_previous = False
    header = _marking(marking)
    _replace_story(section.header._element, [header])
    _stamp(section, watermark, 2)

    line = page_line(footer_title, total_pages)
    bottom = _marking(marking)
    ppr_child(bottom, "spacing", before="80")
    _replace_story(section.footer._element, [line, bottom])


def save_package(docx: DocxDocument, path: Path) -> None:
    """Write the package like ``Document.save`` but store pictures without deflating them
    again: JPEG and PNG are compressed already, and deflating them was a third of the time
    of a 300-page book for a few per cent of size."""
    package = docx.part.package
    parts = package.parts
    for part in parts:
        part.before_marshal()
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(CONTENT_TYPES_URI.membername, _ContentTypesItem.from_parts(parts).blob)
        archive.writestr(PACKAGE_URI.rels_uri.membername, package.rels.xml)
        for part in parts:
            stored = part.partname.startswith("/word/media/")
            archive.writestr(
                part.partname.membername,
                part.blob,
                compress_type=zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED,
            )
            if len(part.rels):
                archive.writestr(part.partname.rels_uri.membername, part.rels.xml)


@dataclass
class ImageRef:
    """An image added to the package: its relationship id and pixel size."""

    rel_id: str
    filename: str
    px_width: int
    px_height: int


def add_image(docx: DocxDocument, image: Image, number: int) -> ImageRef | None:
    """Add ``image`` as ``word/media/image<number>`` related to the body; None if the bytes are
    not a picture Word can show (the store only keeps checked images, so this is defensive).

    python-docx's own ``get_or_add_image`` re-hashes every image already added on each call
    (quadratic with 60 photos); callers deduplicate by SHA-256 instead.
    """
    try:
        parsed = DocxImage.from_blob(image.data)
    except (UnrecognizedImageError, ValueError, OSError):
        return None
    part = ImagePart.from_image(parsed, PackURI(f"/word/media/image{number}.{parsed.ext}"))
    docx.part.package.image_parts.append(part)
    rel_id = docx.part.relate_to(part, RT.IMAGE)
    return ImageRef(
        rel_id, parsed.filename, image.width or parsed.px_width, image.height or parsed.px_height
    )
