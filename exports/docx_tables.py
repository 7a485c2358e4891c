"""Table frames for the DOCX writer: ``w:tbl`` with its properties and column grid.

Tables are built as XML directly; python-docx's ``Table.cell()`` rescans the whole table on
every call, which turns a long schedule quadratic.
"""

from __future__ import annotations

from lxml import etree

from exports.docx_styles import LIGHT_RULE, RULE, twips
from exports.docx_xml import W, sub

CELL_PADDING_IN = 0.16  # left + right cell margins of bordered tables


def table_frame(widths: list[float], *, borders: str, header: bool) -> etree._Element:
    """``w:tbl`` with properties and grid; ``borders`` is grid, facts or none."""
    tbl = etree.Element(W + "tbl")
    tblpr = sub(tbl, "tblPr")
    sub(tblpr, "tblStyle", val="BriefBookLayoutTable" if borders == "none" else "BriefBookTable")
    sub(tblpr, "tblW", w=twips(sum(widths)), type="dxa")
    if borders == "none":  # layout tables line up with the text around them
        sub(tblpr, "tblInd", w="0", type="dxa")
    edges = sub(tblpr, "tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        if borders == "grid":
            sub(edges, side, val="single", sz="4", space="0", color=RULE)
        elif borders == "facts" and side in ("top", "bottom", "insideH"):
            sub(edges, side, val="single", sz="4", space="0", color=LIGHT_RULE)
        else:
            sub(edges, side, val="nil")
    sub(tblpr, "tblLayout", type="fixed")
    margins = sub(tblpr, "tblCellMar")
    pad = twips(CELL_PADDING_IN / 2)
    if borders == "none":
        sub(margins, "left", w="0", type="dxa")
        sub(margins, "right", w="0", type="dxa")
    else:
        sub(margins, "top", w="72", type="dxa")
        sub(margins, "left", w=pad, type="dxa")
        sub(margins, "bottom", w="72", type="dxa")
        sub(margins, "right", w=pad, type="dxa")
    sub(
        tblpr,
        "tblLook",
        val="04A0" if header else "0400",
        firstRow="1" if header else "0",
        lastRow="0",
        firstColumn="0",
        lastColumn="0",
        noHBand="1",
        noVBand="1",
    )
    grid = sub(tbl, "tblGrid")
    for width in widths:
        sub(grid, "gridCol", w=twips(width))
    return tbl
