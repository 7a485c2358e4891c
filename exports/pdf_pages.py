"""Single-pass page furniture for the PDF book: headings' pages, contents numbers, "Page X of Y".

reportlab's usual way to fill a table of contents and "of Y" is ``multiBuild``, which lays the
whole book out two or three times. BriefBook lays it out once: every number that is unknown
while a page is drawn (the total, a contents entry's page) is drawn as a reference to a small
named form XObject, and those forms are defined when the canvas is saved, once every page is
known. The contents page count does not depend on the numbers, so nothing shifts.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph
from reportlab.platypus.doctemplate import BaseDocTemplate

from exports.fonts import SANS
from exports.pdf_styles import ACCENT, INK, MUTED, RULE, PageGeometry
from exports.pdf_text import ScriptParagraph, draw_string, text_width

NUMBER_WIDTH = 0.55 * inch  # the contents' page-number column
FOOTER_FORM_WIDTH = 2.2 * inch
MARKING_SIZE = 9.0
FOOTER_SIZE = 8.0
WATERMARK_MAX_SIZE = 150.0
WATERMARK_COLOUR = colors.HexColor("#D9A3A3")  # a pale red: plainly a stamp, never the text
WATERMARK_LABEL_COLOUR = colors.HexColor("#A33A3A")


@dataclass
class PageLedger:
    """What the layout pass learns as it goes, for the forms defined at the end."""

    geometry: PageGeometry
    marking: str
    footer_title: str
    cover_pages: int = 0
    body_pages: int = 0
    heading_pages: dict[str, int] = field(default_factory=dict)
    toc_forms: dict[str, str] = field(default_factory=dict)  # form name -> anchor
    outline_level: int = -1
    watermark: str = ""  # stamped across every page as text, so a reader's search finds it
    # The faces of the page furniture (a house style draws it in its heading font).
    furniture_font: str = SANS
    furniture_bold: str = SANS + "-Bold"
    toc_size: float = 10.5  # the contents' page numbers
    cover_bar: Any = ACCENT  # the cover's side bar colour; None: no bar

    def body_page(self, canvas: Canvas) -> int:
        """The printed number of the page being drawn (the cover is not counted)."""
        return int(canvas.getPageNumber()) - self.cover_pages

    # --- page callbacks -----------------------------------------------------------------

    def on_cover_page(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        self.cover_pages += 1
        if self.cover_bar is not None:
            canvas.saveState()
            canvas.setFillColor(self.cover_bar)
            canvas.rect(0, 0, 0.28 * inch, self.geometry.height, stroke=0, fill=1)
            canvas.restoreState()
        self.draw_markings(canvas)
        self.draw_watermark(canvas)

    def on_body_page(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        number = self.body_page(canvas)
        self.body_pages = max(self.body_pages, number)
        self.draw_markings(canvas)
        g = self.geometry
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(g.left, g.footer_y + 12, g.width - g.right, g.footer_y + 12)
        title = fit_text(
            self.footer_title, self.furniture_font, FOOTER_SIZE, g.frame_width - FOOTER_FORM_WIDTH
        )
        draw_string(canvas, g.left, g.footer_y, title, self.furniture_font, FOOTER_SIZE, MUTED)
        canvas.translate(g.width - g.right - FOOTER_FORM_WIDTH, g.footer_y)
        canvas.doForm(page_form(number))
        canvas.restoreState()
        self.draw_watermark(canvas)

    def draw_watermark(self, canvas: Canvas) -> None:
        """The watermark across the page's diagonal, pale, under the page's text.

        Drawn as a string (not a picture), so it is selectable and found by search. Page
        callbacks run before the page's flowables, so the text lies on top of it.
        """
        if not self.watermark:
            return
        g = self.geometry
        font = SANS + "-Bold"
        diagonal = (g.width**2 + g.height**2) ** 0.5
        size = min(
            WATERMARK_MAX_SIZE, 0.6 * diagonal / max(1.0, stringWidth(self.watermark, font, 1))
        )
        canvas.saveState()
        # Also level with the marking, small: some readers' search (poppler's) splits turned
        # text into letters, and a photocopy may lose a pale stamp.
        canvas.setFont(font, MARKING_SIZE)
        canvas.setFillColor(WATERMARK_LABEL_COLOUR)
        canvas.drawRightString(g.width - g.right, g.marking_top_y, self.watermark)
        canvas.setFillColor(WATERMARK_COLOUR)
        canvas.setFillAlpha(0.4)
        canvas.translate(g.width / 2, g.height / 2)
        canvas.rotate(math.degrees(math.atan2(g.height, g.width)))
        canvas.setFont(font, size)
        canvas.drawCentredString(0, -size * 0.35, self.watermark)
        canvas.restoreState()

    def draw_markings(self, canvas: Canvas) -> None:
        if not self.marking:
            return
        g = self.geometry
        font = self.furniture_bold
        size = MARKING_SIZE
        # A long marking is shrunk before it is ever cut: it must stay readable in full.
        while size > 6 and text_width(self.marking, font, size) > g.frame_width:
            size -= 0.5
        text = fit_text(self.marking, font, size, g.frame_width)
        canvas.saveState()
        for y in (g.marking_top_y, g.marking_bottom_y):
            draw_string(canvas, g.width / 2, y, text, font, size, INK, align="centre")
        canvas.restoreState()

    # --- the end of the pass ------------------------------------------------------------

    def define_forms(self, canvas: Canvas) -> None:
        """Define every form the pages referred to; called just before the file is written."""
        total = self.body_pages
        for number in range(1, total + 1):
            self._number_form(canvas, page_form(number), f"Page {number} of {total}", FOOTER_SIZE)
        for name, anchor in self.toc_forms.items():
            page = self.heading_pages.get(anchor)
            self._number_form(canvas, name, str(page) if page else "–", self.toc_size, INK)

    def _number_form(
        self, canvas: Canvas, name: str, text: str, size: float, colour: Any = MUTED
    ) -> None:
        width = FOOTER_FORM_WIDTH if name.startswith("pg-") else NUMBER_WIDTH
        canvas.beginForm(name, lowerx=0, lowery=-4, upperx=width, uppery=size + 2)
        canvas.setFont(self.furniture_font, size)
        canvas.setFillColor(colour)
        canvas.drawRightString(width, 0, text)
        canvas.endForm()


def page_form(number: int) -> str:
    return f"pg-{number}"


def fit_text(text: str, font: str, size: float, width: float) -> str:
    """``text`` cut with an ellipsis so it fits ``width`` (one line, no wrapping)."""
    text = " ".join(text.split())
    if text_width(text, font, size) <= width:
        return text
    low, high = 0, len(text)
    while low < high:  # the longest prefix that fits with the ellipsis
        mid = (low + high + 1) // 2
        if text_width(text[:mid] + "…", font, size) <= width:
            low = mid
        else:
            high = mid - 1
    return text[:low].rstrip() + "…"


class BookCanvas(Canvas):
    """A canvas that lets the ledger define its forms right before the file is written."""

    def __init__(self, *args: Any, finish: Callable[[Canvas], None], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._finish = finish

    def save(self) -> None:
        self._finish(self)
        super().save()


@dataclass
class HeadingMark:
    """What a heading records when it is drawn: its page (for the contents), the bookmark its
    contents entry links to, and its outline entry."""

    ledger: PageLedger
    anchor: str
    title: str
    level: int
    outline: bool

    def record(self, canvas: Canvas, top: float) -> None:
        if self.anchor in self.ledger.heading_pages:
            return
        self.ledger.heading_pages[self.anchor] = self.ledger.body_page(canvas)
        canvas.bookmarkHorizontal(self.anchor, 0, top + 4)
        if self.outline:
            # Outline levels may only go one deeper at a time.
            level = max(0, min(self.level - 1, self.ledger.outline_level + 1))
            canvas.addOutlineEntry(self.title, self.anchor, level=level, closed=level >= 1)
            self.ledger.outline_level = level


class HeadingParagraph(ScriptParagraph):
    """A heading paragraph that records its ``mark`` when drawn.

    Part of the paragraph itself rather than a separate marker flowable, so keep-with-next
    grouping measures the heading exactly as the frame will place it.
    """

    mark: HeadingMark | None = None

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        parts: list[Any] = super().split(availWidth, availHeight)
        if parts:  # only the first part of a very long heading marks the heading
            parts[0].mark = self.mark
        return parts

    def draw(self) -> None:
        if self.mark is not None:
            self.mark.record(self.canv, self.height)
        super().draw()


class TocLine(Flowable):
    """One contents entry: its text, a dotted leader and its page number, all one link."""

    def __init__(
        self, ledger: PageLedger, anchor: str, form_name: str, paragraph: Paragraph
    ) -> None:
        super().__init__()
        self.anchor = anchor
        self.form_name = form_name
        self.paragraph = paragraph
        ledger.toc_forms[form_name] = anchor
        self.spaceBefore = paragraph.style.spaceBefore
        self.spaceAfter = paragraph.style.spaceAfter

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        _, self.height = self.paragraph.wrap(availWidth - NUMBER_WIDTH - 12, availHeight)
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        style = self.paragraph.style
        self.paragraph.drawOn(canvas, 0, 0)
        lines = self.paragraph.getActualLineWidths0() or [0.0]
        baseline = style.leading - style.fontSize  # the last line's baseline
        text_end = lines[-1] + 6  # the widths already include the indent
        leader_end = self.width - NUMBER_WIDTH - 2
        canvas.saveState()
        if leader_end - text_end > 12:
            canvas.setStrokeColor(MUTED)
            canvas.setLineWidth(0.9)
            canvas.setLineCap(1)
            canvas.setDash(0.01, 3.2)
            canvas.line(text_end, baseline, leader_end, baseline)
        canvas.translate(self.width - NUMBER_WIDTH, baseline)
        canvas.doForm(self.form_name)
        canvas.restoreState()
        canvas.linkRect("", self.anchor, (0, 0, self.width, self.height), relative=1, thickness=0)
