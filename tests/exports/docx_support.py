"""Hand-built neutral documents for the DOCX tests (independent of the store and the builder)."""

from __future__ import annotations

import hashlib
import io

from PIL import Image as PILImage
from PIL import ImageDraw

from app.document import (
    BookDocument,
    CodeBlock,
    Cover,
    Edition,
    Heading,
    KeepTogether,
    ListBlock,
    ListItem,
    PageBreak,
    Paragraph,
    Picture,
    Quote,
    Rule,
    Run,
    SideBySide,
    Table,
    TableCell,
    TableOfContents,
    TocEntry,
)
from app.domain import Image

HOSTILE = "Fish & chips < > \" ' <b>stray tags</b> &amp; \u202eRTL\u202c שלום مرحبا 🇦🇿👩‍💻"
LONG_WORD = "x" * 1000


def portrait(width: int = 400, height: int = 500, colour: str = "#3b5b7d") -> Image:
    """A small PNG portrait placeholder (not square, so aspect errors show)."""
    picture = PILImage.new("RGB", (width, height), colour)
    ImageDraw.Draw(picture).ellipse(
        (width // 4, height // 5, width * 3 // 4, height * 3 // 5), fill="#d7dee6"
    )
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    data = buffer.getvalue()
    return Image(hashlib.sha256(data).hexdigest(), "image/png", data, width, height)


def para(text: str, style: str = "body", **fmt: bool) -> Paragraph:
    return Paragraph([Run(text, **fmt)], style=style)


def cell(text: str, style: str = "body") -> TableCell:
    return TableCell([para(text, style)])


def nested_list() -> ListBlock:
    inner_most = ListBlock(ordered=False, items=[ListItem([para("Level three")])])
    inner = ListBlock(
        ordered=True,
        items=[
            ListItem([para("Level two, first"), inner_most]),
            ListItem([para("Level two, second")]),
        ],
    )
    return ListBlock(
        ordered=False,
        items=[ListItem([para("Level one"), inner]), ListItem([para("Level one again")])],
    )


def profile(name: str, anchor: str, photo: Image) -> KeepTogether:
    return KeepTogether(
        [
            Heading(2, name, anchor),
            SideBySide(
                left=[Picture(photo, f"Portrait placeholder for {name}", 1.6)],
                right=[
                    para("Deputy Minister", "lead"),
                    para("Ministry of Digital Development and Transport", "meta"),
                    para("Role in this trip", "label"),
                    para("Host of the first meeting."),
                ],
                left_width_in=1.6,
            ),
            para("Biography", "label"),
            para("Served in the ministry since 2019; earlier worked on rail logistics."),
            Table(
                rows=[[cell("Languages", "label"), cell("Azerbaijani, Russian, English")]],
                header_rows=0,
                widths=[1, 3],
                style="facts",
            ),
        ]
    )


def sample_document(page_size: str = "letter", edition: Edition = Edition.FULL) -> BookDocument:
    """A small book using every block type once or more."""
    photo = portrait()
    headings = [
        (1, "Schedule", "schedule"),
        (1, "Brief", "brief"),
        (2, "Situation", "situation"),
        (2, "Why it matters", "why-it-matters"),
        (1, "Participants", "participants"),
        (2, "Səməddin Əsədov", "person-asadov"),
        (1, "Sector notes", "notes"),
        (2, "Railway infrastructure", "note-rail"),
    ]
    blocks = [
        Cover(
            marking="UNCLASSIFIED",
            organization="Trade and Development Agency",
            title="Visit to Baku",
            subtitle="Digital transport and energy",
            destination="Baku, Azerbaijan",
            dates="12–13 May 2025",
            prepared_by="Office of Europe and Eurasia",
            exported_on="1 May 2025",
            edition_note="Handout edition — for distribution to counterparts"
            if edition is Edition.HANDOUT
            else "",
        ),
        PageBreak(),
        TableOfContents(
            "Contents", [TocEntry(level, text, anchor) for level, text, anchor in headings]
        ),
        PageBreak(),
        Heading(1, "Schedule", "schedule"),
        para("Monday 12 May 2025", "label"),
        para("Times are local: Asia/Baku (UTC+04:00).", "meta"),
        Table(
            rows=[
                [cell("Time"), cell("Meeting and place"), cell("Participants")],
                [cell("09:00–10:00"), cell("Ministry meeting, Baku"), cell("Səməddin Əsədov")],
                [cell("11:00–12:30"), cell("Railway depot visit"), cell("Carl B. Kress")],
            ],
            header_rows=1,
            widths=[1.2, 3, 2],
            style="schedule",
        ),
        PageBreak(),
        Heading(1, "Brief", "brief"),
        Heading(2, "Situation", "situation"),
        Paragraph(
            [
                Run("Azerbaijan is building a "),
                Run("digital silk road", bold=True),
                Run(" corridor; see "),
                Run("the ministry site", link="https://example.org/path?a=1&b=2"),
                Run(" and "),
                Run("code()", code=True),
                Run(" and "),
                Run("the notes", link="#notes"),
                Run("."),
            ]
        ),
        nested_list(),
        ListBlock(
            ordered=True, start=3, items=[ListItem([para("Third")]), ListItem([para("Fourth")])]
        ),
        Quote([para("A quoted remark.")]),
        CodeBlock("line one\n  indented line two"),
        Rule(),
        Heading(2, "Why it matters", "why-it-matters"),
        para("A lead paragraph.", "lead"),
        Table(
            rows=[[cell("Key"), cell("Value")], [cell("Rail"), cell("Middle Corridor")]],
            header_rows=1,
            widths=None,
            style="grid",
        ),
        PageBreak(),
        Heading(1, "Participants", "participants"),
        profile("Səməddin Əsədov", "person-asadov", photo),
        PageBreak(),
        Heading(1, "Sector notes", "notes"),
        Heading(2, "Railway infrastructure", "note-rail"),
        para("As of 1 April 2025", "meta"),
        para("The Baku–Tbilisi–Kars line links the Caspian to Türkiye."),
        para("Sources", "label"),
        ListBlock(ordered=False, items=[ListItem([para("Ministry press release")])]),
    ]
    return BookDocument(
        title="Visit to Baku",
        marking="UNCLASSIFIED",
        page_size=page_size,
        edition=edition,
        author="Office of Europe and Eurasia",
        subject="Briefing book: Baku, Azerbaijan",
        keywords=["Baku", "Azerbaijan", "briefing"],
        footer_title="Visit to Baku",
        blocks=blocks,
    )


def tiny_document() -> BookDocument:
    """A fixed small book for the reference document.xml (no pictures, no dates)."""
    return BookDocument(
        title="Reference book",
        marking="OFFICIAL",
        page_size="a4",
        edition=Edition.FULL,
        author="Tester",
        blocks=[
            Cover(
                "OFFICIAL",
                "Agency",
                "Reference book",
                "Sub",
                "Baku",
                "1–2 May 2025",
                "Desk",
                "1 May 2025",
            ),
            TableOfContents("Contents", [TocEntry(1, "Part", "part"), TocEntry(2, "Item", "item")]),
            PageBreak(),
            Heading(1, "Part", "part"),
            Heading(2, "Item", "item"),
            Paragraph([Run("Plain "), Run("bold", bold=True), Run(" & <tag>", italic=True)]),
            nested_list(),
            Table(rows=[[cell("A"), cell("B")], [cell("1"), cell("2")]], widths=[1, 2]),
        ],
    )
