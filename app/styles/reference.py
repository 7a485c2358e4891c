"""An office's Word document or template (``.docx``/``.dotx``) as the reference of a house style.

``open_reference`` opens one with python-docx, including templates: python-docx 1.x refuses a
``.dotx`` because its main part's content type is the template one (python-docx issue #363, open
since 2017; PR #1537 would accept it). The markup of a template is the same as a document's, so
the content type is changed in memory before opening, as the issue explains. The workaround
retires when ``Document()`` accepts the template content type (checked by
``tests/app/test_styles_reference.py``).

``read_reference`` learns what the PDF can use: page size and margins, body and heading fonts
(direct, or the theme's), the base size, heading colours, the letterhead (the header's text) and
a logo (the header's first picture). A style missing from the document (LibreOffice writes no
``Heading 1`` until it is used; Word keeps unused built-ins as latent styles only) is simply not
read: BriefBook's own look fills the gap.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from app.domain import Image
from app.errors import InvalidInput

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
W = f"{{{W_NS}}}"
A = f"{{{A_NS}}}"

TEMPLATE_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
DOCUMENT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
MACRO_TYPES = ("macroEnabled",)
MAX_REFERENCE_BYTES = 20 * 1024 * 1024
TWIPS_PER_INCH = 1440
MM_PER_INCH = 25.4

_CONTENT_TYPES = "[Content_Types].xml"


@dataclass
class ReferenceLook:
    """What a reference document says about the look, in BriefBook's units (None: not said)."""

    page_width_mm: float | None = None
    page_height_mm: float | None = None
    margins_mm: tuple[float, float, float, float] | None = None  # top, right, bottom, left
    body_font: str | None = None
    heading_font: str | None = None
    base_size: float | None = None
    heading_colours: list[str | None] = field(default_factory=lambda: [None, None, None])
    letterhead: str = ""
    logo: Image | None = None
    styles: list[str] = field(default_factory=list)  # style names it defines


def document_bytes(data: bytes) -> bytes:
    """``data`` (a .docx or .dotx) as bytes python-docx opens: a template's main part is given
    the document content type (python-docx #363). Anything that is not a Word file is refused."""
    if len(data) > MAX_REFERENCE_BYTES:
        raise InvalidInput("The Word document is larger than 20 MB; use a smaller template.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if _CONTENT_TYPES not in names or "word/document.xml" not in names:
                raise InvalidInput("The file is not a Word document or template (.docx or .dotx).")
            types = archive.read(_CONTENT_TYPES).decode("utf-8")
            if any(kind in types for kind in MACRO_TYPES):
                raise InvalidInput(
                    "The file holds macros (.docm/.dotm); save it as a .docx or .dotx first."
                )
            if TEMPLATE_MAIN not in types:
                return data
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
                for info in archive.infolist():
                    content = archive.read(info)
                    if info.filename == _CONTENT_TYPES:
                        content = types.replace(TEMPLATE_MAIN, DOCUMENT_MAIN).encode("utf-8")
                    copy.writestr(info, content)
            return out.getvalue()
    except (zipfile.BadZipFile, KeyError, UnicodeDecodeError, OSError) as error:
        raise InvalidInput(
            "The file is not a Word document or template (.docx or .dotx)."
        ) from error


def open_reference(data: bytes) -> Any:
    """A python-docx ``Document`` of a reference .docx or .dotx."""
    from docx import Document

    fixed = document_bytes(data)
    try:
        return Document(io.BytesIO(fixed))
    except Exception as error:  # python-docx raises many kinds for a damaged package
        raise InvalidInput(
            f"The Word document cannot be read ({str(error).splitlines()[0][:120]})."
        ) from error


def _twips_mm(value: str | None) -> float | None:
    if value is None or not re.fullmatch(r"-?\d+(\.\d+)?", value):
        return None
    return round(float(value) / TWIPS_PER_INCH * MM_PER_INCH, 1)


def _theme_fonts(document: Any) -> dict[str, str]:
    """The theme's major (headings) and minor (body) Latin fonts, when the document has one."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from lxml import etree

    for rel in document.part.rels.values():
        if rel.reltype == RT.THEME and not rel.is_external:
            try:
                root = etree.fromstring(rel.target_part.blob)
            except etree.XMLSyntaxError:
                return {}
            fonts = {}
            for kind in ("major", "minor"):
                latin = root.find(f".//{A}{kind}Font/{A}latin")
                if latin is not None and latin.get("typeface"):
                    fonts[kind] = str(latin.get("typeface"))
            return fonts
    return {}


def _font_of(rpr: Any, theme: dict[str, str]) -> str | None:
    if rpr is None:
        return None
    fonts = rpr.find(W + "rFonts")
    if fonts is None:
        return None
    name = fonts.get(W + "ascii") or fonts.get(W + "hAnsi")
    if name:
        return str(name)
    themed = fonts.get(W + "asciiTheme") or fonts.get(W + "hAnsiTheme") or ""
    if themed.startswith("major"):
        return theme.get("major")
    if themed.startswith("minor"):
        return theme.get("minor")
    return None


def _size_of(rpr: Any) -> float | None:
    if rpr is None:
        return None
    size = rpr.find(W + "sz")
    value = size.get(W + "val") if size is not None else None
    if value and value.isdigit():
        return int(value) / 2
    return None


def _colour_of(rpr: Any) -> str | None:
    if rpr is None:
        return None
    colour = rpr.find(W + "color")
    value = colour.get(W + "val") if colour is not None else None
    if value and re.fullmatch(r"[0-9A-Fa-f]{6}", value):
        return "#" + value.upper()
    return None


class _Styles:
    """A reference's style sheet by style name, following ``basedOn``."""

    def __init__(self, root: Any) -> None:
        self.by_id: dict[str, Any] = {}
        self.by_name: dict[str, Any] = {}
        for style in root.iterfind(W + "style"):
            self.by_id[style.get(W + "styleId") or ""] = style
            name = style.find(W + "name")
            if name is not None and name.get(W + "val"):
                self.by_name[str(name.get(W + "val")).casefold()] = style
        defaults = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        self.default_rpr = defaults

    def names(self) -> list[str]:
        return sorted(self.by_name)

    def chain(self, name: str) -> list[Any]:
        style = self.by_name.get(name.casefold())
        found: list[Any] = []
        while style is not None and len(found) < 10:
            found.append(style)
            based = style.find(W + "basedOn")
            style = self.by_id.get(based.get(W + "val")) if based is not None else None
        return found

    def first(self, name: str, read: Callable[[Any], Any]) -> Any:
        """The first value ``read`` finds along the style's ``basedOn`` chain, else in the
        document defaults."""
        for style in self.chain(name):
            value = read(style.find(W + "rPr"))
            if value is not None:
                return value
        return read(self.default_rpr) if self.default_rpr is not None else None


def _header_story(document: Any) -> tuple[str, Image | None]:
    """The letterhead (the default header's text) and the first picture in it."""
    from app.images import load_image

    section = document.sections[-1]
    header = section.header
    if header.is_linked_to_previous and len(document.sections) == 1:
        return "", None
    lines = [" ".join(p.text.split()) for p in header.paragraphs]
    text = "\n".join(line for line in lines if line)
    logo = None
    for rel in header.part.rels.values():
        if rel.is_external or "image" not in rel.reltype:
            continue
        try:
            logo = load_image(rel.target_part.blob)
        except (InvalidInput, AttributeError):
            continue
        break
    return text, logo


def read_reference(data: bytes) -> ReferenceLook:
    """What a .docx or .dotx says about the look; refuses files that are not Word documents."""
    document = open_reference(data)
    look = ReferenceLook()
    section = document.sections[-1]
    sect_pr = section._sectPr
    size = sect_pr.find(W + "pgSz")
    if size is not None:
        look.page_width_mm = _twips_mm(size.get(W + "w"))
        look.page_height_mm = _twips_mm(size.get(W + "h"))
    margins = sect_pr.find(W + "pgMar")
    if margins is not None:
        sides = [_twips_mm(margins.get(W + side)) for side in ("top", "right", "bottom", "left")]
        if all(side is not None for side in sides):
            look.margins_mm = tuple(abs(side or 0.0) for side in sides)  # type: ignore[assignment]
    theme = _theme_fonts(document)
    styles = _Styles(document.styles.element)
    look.styles = styles.names()

    def font(rpr: Any) -> str | None:
        return _font_of(rpr, theme)

    look.body_font = styles.first("Normal", font) or theme.get("minor")
    look.heading_font = (
        styles.first("heading 1", font) if "heading 1" in styles.by_name else None
    ) or theme.get("major")
    look.base_size = styles.first("Normal", _size_of)
    for level in (1, 2, 3):
        name = f"heading {level}"
        if name in styles.by_name:
            look.heading_colours[level - 1] = styles.first(name, _colour_of)
    look.letterhead, look.logo = _header_story(document)
    return look
