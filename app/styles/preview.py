"""A two-page demonstration book for a house style's live preview: its cover and one page
with the headings, body text, a list and a table, as the writers draw them in the style."""

from __future__ import annotations

from app.document import (
    Block,
    BookDocument,
    Cover,
    Edition,
    Heading,
    ListBlock,
    ListItem,
    PageBreak,
    Paragraph,
    Run,
    Table,
    TableCell,
)
from app.styles.model import HouseStyle

PREVIEW_MARKING = "UNCLASSIFIED"


def _para(text: str, style: str = "body") -> Paragraph:
    return Paragraph([Run(text)], style=style)


def _cell(text: str) -> TableCell:
    return TableCell([_para(text)])


def preview_document(style: HouseStyle, page_size: str = "letter") -> BookDocument:
    """The demonstration book in ``style`` (on ``page_size`` unless the style sets the paper)."""
    cover = Cover(
        marking=PREVIEW_MARKING,
        organization="Trade and Development Agency",
        title="Baku trade and development meetings",
        subtitle="Briefing book",
        destination="Baku, Azerbaijan",
        dates="1–3 December 2026",
        prepared_by="Regional office",
        exported_on="5 December 2026",
    )
    body: list[Block] = [
        Heading(1, "Brief", "preview-brief"),
        Heading(2, "Situation", "preview-situation"),
        Paragraph(
            [
                Run("The delegation returns to Baku to turn last year's talks into projects "),
                Run("with owners, budgets and timetables", bold=True),
                Run(". Three sectors came up again and again:"),
            ]
        ),
        ListBlock(
            ordered=False,
            items=[
                ListItem([_para("Railway infrastructure: the Middle Corridor")]),
                ListItem([_para("Telecommunications: a growing digital economy")]),
                ListItem([_para("Space technologies: satellites and their services")]),
            ],
        ),
        Heading(3, "Meetings", "preview-meetings"),
        Table(
            rows=[
                [_cell("Time"), _cell("Meeting"), _cell("Where")],
                [
                    _cell("09:00"),
                    _cell("Deputy Minister of Digital Development"),
                    _cell("Ministry"),
                ],
                [_cell("12:30"), _cell("Working lunch on rail links"), _cell("Old City")],
            ],
            widths=[1, 3, 2],
        ),
        _para("Talking points follow each profile; keep them to the delegation.", "meta"),
    ]
    return BookDocument(
        title=cover.title,
        marking=PREVIEW_MARKING,
        page_size=page_size,
        edition=Edition.FULL,
        footer_title=cover.title,
        blocks=[cover, PageBreak(), *body],
        house_style=style,
    )
