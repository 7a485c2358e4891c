"""The PDF book's typography: page geometry, colours and paragraph styles in one place.

A calm, typeset look: Noto Serif body text, Noto Sans headings and labels, generous margins and
one restrained accent colour.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch

from exports.fonts import MONO, SANS, SERIF, register_fonts

ACCENT = colors.HexColor("#1F3A5F")  # dark navy
INK = colors.HexColor("#1C1F24")
MUTED = colors.HexColor("#5B6270")
RULE = colors.HexColor("#C9D1DC")
SHADE = colors.HexColor("#E9EEF5")
CODE_SHADE = colors.HexColor("#F3F4F6")
LINK = colors.HexColor("#1F4E8C")
COMMENT_BOX = colors.HexColor("#FFF8DC")  # review edition: comments after their item
COMMENT_EDGE = colors.HexColor("#D9A521")

PAGE_SIZES = {"letter": LETTER, "a4": A4}

BODY_SIZE = 10.5
BODY_LEADING = 14.5


@dataclass(frozen=True)
class PageGeometry:
    """Where things go on a page (points)."""

    width: float
    height: float
    left: float = 1.0 * inch
    right: float = 1.0 * inch
    top: float = 0.95 * inch
    bottom: float = 1.05 * inch

    @property
    def frame_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def frame_height(self) -> float:
        return self.height - self.top - self.bottom

    @property
    def marking_top_y(self) -> float:
        return self.height - 0.5 * inch

    @property
    def footer_y(self) -> float:
        return 0.72 * inch

    @property
    def marking_bottom_y(self) -> float:
        return 0.42 * inch


def geometry(page_size: str) -> PageGeometry:
    """The page geometry for ``"letter"`` or ``"a4"`` (anything else is Letter)."""
    width, height = PAGE_SIZES.get(page_size, LETTER)
    return PageGeometry(width=width, height=height)


def _style(name: str, **kw: object) -> ParagraphStyle:
    base: dict[str, object] = {
        "fontName": SERIF,
        "fontSize": BODY_SIZE,
        "leading": BODY_LEADING,
        "textColor": INK,
        "spaceAfter": 6,
        "alignment": TA_LEFT,
        "splitLongWords": 1,
        "bulletFontName": SERIF,
    }
    base.update(kw)
    return ParagraphStyle(name, **base)


def make_styles() -> dict[str, ParagraphStyle]:
    """Every paragraph style the PDF writer uses, by name."""
    register_fonts()
    heading = {"fontName": SANS + "-Bold", "textColor": ACCENT, "keepWithNext": 1}
    return {
        # Paragraph styles of the neutral document.
        "body": _style("body"),
        "list_body": _style("list_body", spaceAfter=3),
        "lead": _style("lead", fontSize=13, leading=17, spaceAfter=4),
        "meta": _style(
            "meta", fontName=SANS, fontSize=8.5, leading=11.5, textColor=MUTED, spaceAfter=4
        ),
        "label": _style(
            "label",
            fontName=SANS + "-Bold",
            fontSize=8.5,
            leading=11,
            textColor=ACCENT,
            spaceBefore=8,
            spaceAfter=3,
            keepWithNext=1,
            textTransform="uppercase",
        ),
        "small": _style("small", fontSize=9, leading=12, spaceAfter=2),
        "caption": _style(
            "caption", fontName=SANS, fontSize=8.5, leading=11, textColor=MUTED, alignment=TA_CENTER
        ),
        "center": _style("center", alignment=TA_CENTER),
        # Review edition: comment threads.
        "comment_label": _style(
            "comment_label",
            fontName=SANS + "-Bold",
            fontSize=8,
            leading=10,
            textColor=MUTED,
            spaceAfter=2,
            textTransform="uppercase",
        ),
        "comment_head": _style(
            "comment_head", fontName=SANS, fontSize=8.5, leading=11, spaceBefore=4, spaceAfter=1
        ),
        "comment_quote": _style(
            "comment_quote", fontSize=9, leading=12, textColor=MUTED, spaceAfter=1
        ),
        "comment_text": _style("comment_text", fontSize=9.5, leading=12.5, spaceAfter=2),
        "comment_reply_head": _style(
            "comment_reply_head",
            fontName=SANS,
            fontSize=8.5,
            leading=11,
            leftIndent=14,
            spaceBefore=2,
            spaceAfter=1,
        ),
        "comment_reply": _style(
            "comment_reply", fontSize=9.5, leading=12.5, leftIndent=14, spaceAfter=2
        ),
        # Headings by level.
        "h1": _style("h1", fontSize=21, leading=26, spaceBefore=0, spaceAfter=16, **heading),
        "h2": _style("h2", fontSize=14, leading=18, spaceBefore=16, spaceAfter=7, **heading),
        "h3": _style("h3", fontSize=11.5, leading=15, spaceBefore=11, spaceAfter=4, **heading),
        "h4": _style("h4", fontSize=10.5, leading=14, spaceBefore=9, spaceAfter=3, **heading),
        # Tables, code, quotes.
        "cell": _style("cell", fontSize=9.5, leading=12.5, spaceAfter=2),
        "cell_head": _style(
            "cell_head", fontName=SANS + "-Bold", fontSize=8.5, leading=11, textColor=ACCENT
        ),
        "cell_small": _style(
            "cell_small", fontName=SANS, fontSize=8.5, leading=11, textColor=MUTED, spaceAfter=2
        ),
        "code": _style(
            "code",
            fontName=MONO,
            fontSize=8.5,
            leading=11.5,
            spaceAfter=0,
            textColor=INK,
            backColor=CODE_SHADE,
            borderPadding=(0, 6, 0, 6),
            leftIndent=6,
            rightIndent=6,
        ),
        "quote": _style("quote", textColor=colors.HexColor("#3A3F47")),
        # Contents.
        "toc_title": _style("toc_title", fontSize=21, leading=26, spaceAfter=18, **heading),
        "toc1": _style(
            "toc1", fontName=SANS + "-Bold", fontSize=10.5, leading=14, textColor=ACCENT
        ),
        "toc2": _style("toc2", fontSize=10.5, leading=14, leftIndent=16),
        # Cover.
        "cover_org": _style(
            "cover_org",
            fontName=SANS + "-Bold",
            fontSize=11,
            leading=14,
            textColor=ACCENT,
            textTransform="uppercase",
            spaceAfter=30,
        ),
        "cover_title": _style(
            "cover_title", fontName=SANS + "-Bold", fontSize=30, leading=36, textColor=ACCENT
        ),
        "cover_subtitle": _style(
            "cover_subtitle", fontName=SERIF + "-Italic", fontSize=14, leading=19, textColor=MUTED
        ),
        "cover_fact": _style("cover_fact", fontSize=12, leading=17, spaceAfter=2),
        "cover_small": _style(
            "cover_small", fontName=SANS, fontSize=9.5, leading=13, textColor=MUTED, spaceAfter=2
        ),
        "cover_edition": _style(
            "cover_edition", fontName=SANS + "-Bold", fontSize=10.5, leading=14, textColor=ACCENT
        ),
    }
