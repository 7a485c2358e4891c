"""A house style applied to the PDF: fonts, sizes, heading colours, page set-up, letterhead,
logo and the cover layout, as a layer over BriefBook's own look (``exports.pdf_styles``).

The writer builds its usual styles and page furniture; a ``PdfLook`` then swaps the fonts
(bundled families, or TrueType files the style embeds), scales every size with the base size,
recolours headings and places the letterhead and logo. The built-in style has no look: the
writer's output is then exactly BriefBook's own.

Whatever the margins, the page furniture keeps its room: the top margin grows to hold the
marking and the letterhead, and the bottom margin to hold the footer and the marking, as Word
grows a header into the text area.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch, mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, HRFlowable, Spacer
from reportlab.platypus import Image as RLImage
from reportlab.platypus.doctemplate import BaseDocTemplate

from app.document import Cover
from app.domain import Image
from app.errors import ExportFailed
from app.styles.model import HouseStyle, looks_sans
from exports.fonts import SANS, SERIF, register_fonts
from exports.house_fonts import register_family
from exports.pdf_images import PreparedImage, prepare_image
from exports.pdf_pages import PageLedger, fit_text
from exports.pdf_styles import ACCENT, BODY_SIZE, MUTED, PAGE_SIZES, RULE, SHADE, PageGeometry
from exports.pdf_text import draw_string

LETTERHEAD_SIZE = 8.0
LETTERHEAD_LEADING = 10.0
HEADER_LOGO_HEIGHT = 0.42 * inch
MARKING_BAND = 0.5 * inch  # from the page edge to the top marking's baseline
MIN_TOP = 0.8 * inch
MIN_BOTTOM = 1.0 * inch  # footer line, its rule and the bottom marking
COVER_LOGO = {"classic": (2.4, 1.1), "centred": (2.6, 1.7), "letterhead": (1.6, 0.9)}  # in


@dataclass(frozen=True)
class Faces:
    """A family's four registered face names."""

    regular: str
    bold: str
    italic: str
    bold_italic: str


_BUNDLED = {
    "noto serif": Faces(SERIF, SERIF + "-Bold", SERIF + "-Italic", SERIF + "-BoldItalic"),
    "noto sans": Faces(SANS, SANS + "-Bold", SANS + "-Italic", SANS + "-Bold"),
}


def family_faces(family: str, style: HouseStyle) -> Faces:
    """The registered faces that draw ``family``: an added TrueType family, a bundled one, or
    the bundled family of the same kind (serif or sans) for any other name."""
    register_fonts()
    slots = style.fonts.get(family)
    if slots and "regular" in slots:
        name = register_family(slots)
        return Faces(name, name + "-Bold", name + "-Italic", name + "-BoldItalic")
    known = _BUNDLED.get(family.strip().casefold())
    if known is not None:
        return known
    return _BUNDLED["noto sans" if looks_sans(family) else "noto serif"]


@dataclass
class PdfLook:
    """Everything the PDF writer needs from a house style."""

    style: HouseStyle
    page: PageGeometry
    body: Faces
    heading: Faces
    heading_colours: tuple[colors.Color, colors.Color, colors.Color]
    letterhead: list[str] = field(default_factory=list)
    header_logo: PreparedImage | None = None

    @property
    def accent(self) -> colors.Color:
        return self.heading_colours[0]

    @property
    def scale(self) -> float:
        return self.style.base_size / BODY_SIZE

    def font_map(self) -> dict[str, str]:
        return {
            SERIF: self.body.regular,
            SERIF + "-Bold": self.body.bold,
            SERIF + "-Italic": self.body.italic,
            SERIF + "-BoldItalic": self.body.bold_italic,
            SANS: self.heading.regular,
            SANS + "-Bold": self.heading.bold,
            SANS + "-Italic": self.heading.italic,
        }


def _header_height(lines: int, logo: bool) -> float:
    text = lines * LETTERHEAD_LEADING
    return max(text, HEADER_LOGO_HEIGHT if logo else 0.0)


def pdf_look(style: HouseStyle | None, page_size: str) -> PdfLook | None:
    """The look of ``style`` for a book on ``page_size`` paper (None: BriefBook's own)."""
    if style is None or style.builtin:
        return None
    paper = style.page_size or page_size
    width, height = PAGE_SIZES.get(paper, PAGE_SIZES["letter"])
    page = PageGeometry(width=width, height=height)
    if style.margins is not None:
        page = PageGeometry(
            width=width,
            height=height,
            top=style.margins.top * mm,
            right=style.margins.right * mm,
            bottom=style.margins.bottom * mm,
            left=style.margins.left * mm,
        )
    letterhead = style.letterhead_lines()
    header_logo = None
    if style.logo is not None and style.logo_in_header:
        header_logo = prepare_image(style.logo, 2.0)
    band = _header_height(len(letterhead), header_logo is not None)
    top_needed = MARKING_BAND + (band + 14 if band else 0) + 12
    page = PageGeometry(
        width=page.width,
        height=page.height,
        left=page.left,
        right=page.right,
        top=max(page.top, top_needed, MIN_TOP),
        bottom=max(page.bottom, MIN_BOTTOM),
    )
    colours = tuple(colors.HexColor(value) for value in style.heading_colours)
    return PdfLook(
        style=style,
        page=page,
        body=family_faces(style.body_font, style),
        heading=family_faces(style.heading_font, style),
        heading_colours=(colours[0], colours[1], colours[2]),
        letterhead=letterhead,
        header_logo=header_logo,
    )


_HEADING_LEVEL = {"h1": 0, "toc_title": 0, "h2": 1, "h3": 2, "h4": 2}


def restyle(styles: dict[str, ParagraphStyle], look: PdfLook) -> dict[str, ParagraphStyle]:
    """BriefBook's paragraph styles in the house look: fonts swapped, sizes scaled with the
    base size, headings in the heading colours and the accent where BriefBook uses navy."""
    fonts = look.font_map()
    scale = look.scale
    accent = ACCENT.hexval()
    for name, style in styles.items():
        style.fontName = fonts.get(style.fontName, style.fontName)
        style.bulletFontName = fonts.get(style.bulletFontName, style.bulletFontName)
        style.fontSize = style.fontSize * scale
        style.leading = style.leading * scale
        style.spaceBefore = style.spaceBefore * scale
        style.spaceAfter = style.spaceAfter * scale
        if name in _HEADING_LEVEL:
            style.textColor = look.heading_colours[_HEADING_LEVEL[name]]
        elif style.textColor is not None and style.textColor.hexval() == accent:
            style.textColor = look.accent
    return styles


def fitted_image(image: Image, max_w: float, max_h: float) -> tuple[PreparedImage, float, float]:
    """``image`` prepared for print and its size in points inside a ``max_w`` x ``max_h``
    box, keeping its aspect ratio (a tall seal is as tall as the box, never stretched)."""
    prepared = prepare_image(image, max_w / inch)
    if prepared is None:
        raise ExportFailed("The house style's logo cannot be read; choose the picture again.")
    ratio = prepared.height_px / prepared.width_px
    width = max_w
    height = width * ratio
    if height > max_h:
        height = max_h
        width = height / ratio
    return prepared, width, height


class HouseLedger(PageLedger):
    """BriefBook's page furniture plus the letterhead and header logo on every body page."""

    look: PdfLook

    def on_body_page(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        super().on_body_page(canvas, doc)
        self.draw_letterhead(canvas)

    def draw_letterhead(self, canvas: Canvas) -> None:
        look = self.look
        if not look.letterhead and look.header_logo is None:
            return
        g = self.geometry
        top = g.height - MARKING_BAND - 10
        band = _header_height(len(look.letterhead), look.header_logo is not None)
        x = g.left
        canvas.saveState()
        if look.header_logo is not None:
            logo = look.header_logo
            height = HEADER_LOGO_HEIGHT
            width = height * logo.width_px / logo.height_px
            canvas.drawImage(
                _reader(logo.data), g.left, top - height, width=width, height=height, mask=None
            )
            x += width + 10
        font = look.heading
        for index, line in enumerate(look.letterhead):
            face = font.bold if index == 0 else font.regular
            colour = look.accent if index == 0 else MUTED
            y = top - LETTERHEAD_SIZE - index * LETTERHEAD_LEADING
            text = fit_text(line, face, LETTERHEAD_SIZE, g.width - g.right - x)
            draw_string(canvas, x, y, text, face, LETTERHEAD_SIZE, colour)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        rule_y = top - band - 6
        canvas.line(g.left, rule_y, g.width - g.right, rule_y)
        canvas.restoreState()


def _reader(data: bytes) -> object:
    from reportlab.lib.utils import ImageReader

    return ImageReader(io.BytesIO(data))


def house_ledger(look: PdfLook, marking: str, footer_title: str) -> HouseLedger:
    ledger = HouseLedger(
        geometry=look.page,
        marking=marking,
        footer_title=footer_title,
        furniture_font=look.heading.regular,
        furniture_bold=look.heading.bold,
    )
    ledger.look = look
    ledger.toc_size = 10.5 * look.scale
    ledger.cover_bar = look.accent if look.style.cover_layout == "classic" else None
    return ledger


def _logo_flowable(look: PdfLook, layout: str, align: str) -> list[Flowable]:
    if look.style.logo is None:
        return []
    max_w, max_h = COVER_LOGO[layout]
    prepared, width, height = fitted_image(look.style.logo, max_w * inch, max_h * inch)
    flowable = RLImage(io.BytesIO(prepared.data), width=width, height=height)
    flowable.hAlign = align
    return [flowable]


def house_cover(
    cover: Cover,
    styles: dict[str, ParagraphStyle],
    look: PdfLook,
    para: Callable[[str, ParagraphStyle], Flowable],
) -> list[Flowable]:
    """The cover's flowables in the style's layout (``classic``, ``centred``, ``letterhead``);
    ``para`` makes a paragraph of plain text as the writer does (fonts for every script).

    The logo is fitted inside a box and the spacing shrinks for a tall one, so the cover never
    spills onto a second page."""
    layout = look.style.cover_layout
    centred = layout == "centred"
    s = {
        name: ParagraphStyle(f"{name}-cover", parent=styles[name])
        for name in ("cover_org", "cover_title", "cover_subtitle", "cover_fact", "cover_small")
    }
    s["cover_edition"] = ParagraphStyle(
        "cover_edition-house",
        parent=styles["cover_edition"],
        backColor=SHADE,
        borderPadding=(7, 10, 7, 10),
        leftIndent=10,
        rightIndent=10 if centred else 0,
        spaceBefore=24,
    )
    if centred:
        for style in s.values():
            style.alignment = TA_CENTER
    out: list[Flowable] = []
    logo = _logo_flowable(look, layout, "CENTER" if centred else "LEFT")
    if layout == "letterhead":
        out += logo
        if logo:
            out.append(Spacer(1, 8))
        for index, line in enumerate(look.letterhead):
            name = "cover_org" if index == 0 else "cover_small"
            line_style = ParagraphStyle(f"lh-{index}", parent=s[name], spaceAfter=1 if index else 3)
            out.append(para(line, line_style))
        out.append(
            HRFlowable(width="100%", thickness=1.2, color=look.accent, spaceBefore=8, spaceAfter=0)
        )
        out.append(Spacer(1, 1.0 * inch))
        if cover.organization:
            out.append(para(cover.organization, s["cover_org"]))
    else:
        top_space = 0.9 * inch if not logo else 0.2 * inch
        out.append(Spacer(1, top_space))
        out += logo
        if logo:
            out.append(Spacer(1, 0.45 * inch))
        if cover.organization:
            out.append(para(cover.organization, s["cover_org"]))
    out.append(para(cover.title or "Untitled book", s["cover_title"]))
    if cover.subtitle:
        out += [Spacer(1, 8), para(cover.subtitle, s["cover_subtitle"])]
    out.append(
        HRFlowable(
            width="28%",
            thickness=2,
            color=look.accent,
            hAlign="CENTER" if centred else "LEFT",
            spaceBefore=20,
            spaceAfter=16,
        )
    )
    for fact in (cover.destination, cover.dates):
        if fact:
            out.append(para(fact, s["cover_fact"]))
    out.append(Spacer(1, 0.4 * inch))
    if cover.prepared_by:
        out.append(para(f"Prepared by {cover.prepared_by}", s["cover_small"]))
    if cover.cleared_by:
        out.append(para(f"Cleared by {cover.cleared_by}", s["cover_small"]))
    if cover.exported_on:
        out.append(para(f"Exported {cover.exported_on}", s["cover_small"]))
    if cover.edition_note:
        out.append(para(cover.edition_note, s["cover_edition"]))
    return out


def font_file_names(data: bytes) -> tuple[str, str]:
    """A TrueType file's family name and the face it is (``regular``, ``bold``, ``italic``,
    ``bold_italic``), read from its name table; ``ExportFailed`` for a file reportlab cannot
    embed."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    try:
        face = TTFontFile(io.BytesIO(data))
    except Exception as error:
        raise ExportFailed(
            f"The font file cannot be embedded in a PDF ({str(error).splitlines()[0][:100]})."
        ) from error
    family = _text(getattr(face, "familyName", "")) or _text(getattr(face, "name", ""))
    family = family or "Added font"
    sub = _text(getattr(face, "styleName", "")).casefold()
    bold = "bold" in sub or getattr(face, "flags", 0) & (1 << 18)
    italic = "italic" in sub or "oblique" in sub or bool(getattr(face, "italicAngle", 0))
    slot = (
        "bold_italic" if bold and italic else "bold" if bold else "italic" if italic else "regular"
    )
    return family.strip(), slot


def _text(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value or "")


def pdf_font_note(style: HouseStyle, family: str) -> str:
    """How the PDF draws ``family``: embedded, bundled, or the bundled stand-in of its kind."""
    if family in style.fonts:
        return f"{family} is embedded in the PDF."
    if family.strip().casefold() in _BUNDLED:
        return f"{family} is bundled with BriefBook."
    stand_in = "Noto Sans" if looks_sans(family) else "Noto Serif"
    return f"Word shows {family}; the PDF uses {stand_in} unless you add the font file."
