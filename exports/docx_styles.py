"""The DOCX look: page geometry, Word's built-in styles restyled, BriefBook's named styles and
the list numbering definitions.

Users restyle a book in Word by editing these styles, so every paragraph the writer makes uses a
style (built-in where Word has one: Heading 1-6, Title, Subtitle, List Bullet/Number, Quote,
TOC; "BriefBook ..." otherwise) and carries as little direct formatting as possible.

Fonts are ones Word installs on Windows and macOS that cover Latin Extended (ə ğ ı ş İ),
Cyrillic and Greek; complex-script text (Arabic, Hebrew) falls to Arial, which has both.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from docx.document import Document as DocxDocument
from lxml import etree

from exports.docx_xml import W, el, sub

BODY_FONT = "Cambria"
HEADING_FONT = "Calibri"
MONO_FONT = "Consolas"
COMPLEX_SCRIPT_FONT = "Arial"

INK = "1F2328"
NAVY = "1F3A5F"
GREY = "5B6673"
RULE = "B8C2CC"
LIGHT_RULE = "D5DBE1"
HEADER_FILL = "E4EAF1"
CODE_FILL = "F2F4F6"

TWIPS_PER_INCH = 1440
EMU_PER_INCH = 914400


@dataclass(frozen=True)
class PageGeometry:
    """Paper and margins in inches."""

    width_in: float
    height_in: float
    margin_in: float = 1.0
    header_in: float = 0.45
    footer_in: float = 0.45
    # Per-side margins (a house style's); None: ``margin_in``.
    top_in: float | None = None
    right_in: float | None = None
    bottom_in: float | None = None
    left_in: float | None = None

    def side(self, name: str) -> float:
        """One side's margin: ``top``, ``right``, ``bottom`` or ``left``."""
        value: float | None = getattr(self, f"{name}_in")
        return self.margin_in if value is None else value

    @property
    def text_width_in(self) -> float:
        return self.width_in - self.side("left") - self.side("right")

    @property
    def text_height_in(self) -> float:
        return self.height_in - self.side("top") - self.side("bottom")


def page_geometry(page_size: str) -> PageGeometry:
    """Letter unless the book asks for A4 (anything unknown falls back to Letter)."""
    if page_size.strip().lower() == "a4":
        return PageGeometry(width_in=210 / 25.4, height_in=297 / 25.4, margin_in=2.5 / 2.54)
    return PageGeometry(width_in=8.5, height_in=11.0)


def twips(inches: float) -> str:
    """Inches as the twentieths of a point Word measures most lengths in."""
    return str(round(inches * TWIPS_PER_INCH))


@dataclass(frozen=True)
class StyleSpec:
    """One style's look. Sizes in points; ``line`` is a multiple of single spacing."""

    name: str
    style_id: str
    kind: str = "paragraph"  # "paragraph" | "character"
    based_on: str | None = "Normal"
    next_id: str | None = None
    font: str = BODY_FONT
    size_pt: float = 10.5
    bold: bool = False
    italic: bool = False
    caps: bool = False
    letter_spacing_pt: float = 0.0
    color: str = INK
    underline: bool = False
    before_pt: float = 0.0
    after_pt: float = 6.0
    line: float = 1.15
    align: str | None = None  # "center" | "right" | "both"
    keep_next: bool = False
    keep_lines: bool = False
    indent_in: float = 0.0
    border_bottom: str | None = None
    border_top: str | None = None
    border_top_size: str = "6"  # eighths of a point
    border_left: str | None = None
    box: str | None = None
    fill: str | None = None
    outline_level: int | None = None
    num_id: int | None = None
    tab_stops: tuple[tuple[str, float, str], ...] = ()  # (kind, position_in, leader)
    builtin: bool = False


PARAGRAPH_STYLE_NAMES = {
    "body": "BriefBook Body",
    "lead": "BriefBook Lead",
    "meta": "BriefBook Meta",
    "label": "BriefBook Label",
    "small": "BriefBook Small",
    "caption": "BriefBook Caption",
    "center": "BriefBook Center",
}
MAX_HEADING_LEVEL = 6
LIST_LEVEL_INDENT_IN = 0.25
LIST_FIRST_INDENT_IN = 0.4


def _specs(geometry: PageGeometry, bullet_num: int, ordered_num: int) -> list[StyleSpec]:
    right = geometry.text_width_in
    h = HEADING_FONT
    specs = [
        StyleSpec("Normal", "Normal", based_on=None, builtin=True),
        StyleSpec("BriefBook Body", "BriefBookBody"),
        StyleSpec("BriefBook Lead", "BriefBookLead", size_pt=12, color=NAVY, after_pt=10, line=1.2),
        StyleSpec("BriefBook Meta", "BriefBookMeta", font=h, size_pt=9, color=GREY, after_pt=3),
        StyleSpec(
            "BriefBook Label",
            "BriefBookLabel",
            font=h,
            size_pt=8.5,
            bold=True,
            caps=True,
            letter_spacing_pt=0.6,
            color=NAVY,
            before_pt=8,
            after_pt=2,
            keep_next=True,
        ),
        StyleSpec("BriefBook Small", "BriefBookSmall", size_pt=9, after_pt=4),
        StyleSpec(
            "BriefBook Caption",
            "BriefBookCaption",
            font=h,
            size_pt=8.5,
            italic=True,
            color=GREY,
            after_pt=8,
        ),
        StyleSpec("BriefBook Center", "BriefBookCenter", align="center"),
        StyleSpec("BriefBook Picture", "BriefBookPicture", after_pt=6, line=1.0),
        StyleSpec(
            "BriefBook Table Text", "BriefBookTableText", font=h, size_pt=9.5, after_pt=2, line=1.1
        ),
        StyleSpec(
            "BriefBook Table Label",
            "BriefBookTableLabel",
            based_on="BriefBookLabel",
            font=h,
            size_pt=8.5,
            bold=True,
            caps=True,
            letter_spacing_pt=0.6,
            color=NAVY,
            after_pt=0,
            line=1.3,
        ),
        StyleSpec(
            "BriefBook Table Header",
            "BriefBookTableHeader",
            based_on="BriefBookTableText",
            font=h,
            size_pt=9.5,
            bold=True,
            color=NAVY,
            after_pt=0,
            line=1.1,
        ),
        StyleSpec(
            "BriefBook Code",
            "BriefBookCode",
            font=MONO_FONT,
            size_pt=9,
            after_pt=8,
            line=1.0,
            fill=CODE_FILL,
            indent_in=0.1,
        ),
        StyleSpec(
            "BriefBook Code Char",
            "BriefBookCodeChar",
            kind="character",
            based_on=None,
            font=MONO_FONT,
            size_pt=9.5,
        ),
        StyleSpec(
            "BriefBook Rule", "BriefBookRule", size_pt=4, after_pt=8, line=1.0, border_bottom=RULE
        ),
        StyleSpec(
            "BriefBook Marking",
            "BriefBookMarking",
            font=h,
            size_pt=9,
            bold=True,
            caps=True,
            letter_spacing_pt=1,
            after_pt=0,
            line=1.0,
            align="center",
        ),
        StyleSpec(
            "BriefBook Cover Organization",
            "BriefBookCoverOrganization",
            font=h,
            size_pt=11,
            caps=True,
            letter_spacing_pt=1.5,
            color=GREY,
            before_pt=110,
            after_pt=18,
            border_top=NAVY,
            border_top_size="24",
        ),
        StyleSpec(
            "BriefBook Cover Title",
            "BriefBookCoverTitle",
            based_on="Title",
            next_id="BriefBookCoverSubtitle",
            font=h,
            size_pt=30,
            bold=True,
            color=NAVY,
            after_pt=10,
            line=1.0,
        ),
        StyleSpec(
            "BriefBook Cover Subtitle",
            "BriefBookCoverSubtitle",
            based_on="Subtitle",
            font=h,
            size_pt=15,
            color=GREY,
            after_pt=18,
            line=1.1,
        ),
        StyleSpec(
            "BriefBook Cover Detail",
            "BriefBookCoverDetail",
            font=h,
            size_pt=12.5,
            after_pt=4,
        ),
        StyleSpec(
            "BriefBook Cover Small",
            "BriefBookCoverSmall",
            font=h,
            size_pt=10,
            color=GREY,
            after_pt=2,
        ),
        StyleSpec(
            "BriefBook Cover Note",
            "BriefBookCoverNote",
            font=h,
            size_pt=11,
            bold=True,
            color=NAVY,
            before_pt=28,
            after_pt=0,
            box=NAVY,
            indent_in=0.1,  # the box's border sits inside the margins
        ),
        StyleSpec("Title", "Title", font=h, size_pt=26, color=NAVY, builtin=True, after_pt=8),
        StyleSpec("Subtitle", "Subtitle", font=h, size_pt=14, color=GREY, builtin=True),
        StyleSpec(
            "Quote",
            "Quote",
            italic=True,
            color=GREY,
            indent_in=0.3,
            border_left=RULE,
            builtin=True,
            after_pt=8,
        ),
        StyleSpec(
            "TOC Heading",
            "TOCHeading",
            based_on="Heading1",
            font=h,
            size_pt=22,
            color=NAVY,
            after_pt=16,
            outline_level=9,
            builtin=True,
        ),
        StyleSpec(
            "toc 1",
            "TOC1",
            font=h,
            size_pt=11,
            bold=True,
            before_pt=8,
            after_pt=2,
            tab_stops=(("right", right, "dot"),),
        ),
        StyleSpec(
            "toc 2",
            "TOC2",
            font=h,
            size_pt=10,
            after_pt=1,
            indent_in=0.25,
            tab_stops=(("right", right, "dot"),),
        ),
        StyleSpec(
            "header",
            "Header",
            font=h,
            size_pt=8.5,
            color=GREY,
            after_pt=0,
            line=1.0,
            tab_stops=(("right", right, "none"),),
            builtin=True,
        ),
        StyleSpec(
            "footer",
            "Footer",
            font=h,
            size_pt=8.5,
            color=GREY,
            after_pt=0,
            line=1.0,
            tab_stops=(("right", right, "none"),),
            border_top=LIGHT_RULE,
            builtin=True,
        ),
        StyleSpec(
            "Hyperlink",
            "Hyperlink",
            kind="character",
            based_on=None,
            color="1F5FAD",
            underline=True,
            size_pt=0,
        ),
    ]
    heading_looks = [
        # size, bold, italic, color, before, after
        (22, False, False, NAVY, 0, 14),
        (15, True, False, NAVY, 18, 6),
        (12, True, False, NAVY, 14, 4),
        (11, True, False, INK, 10, 3),
        (10.5, True, True, INK, 8, 2),
        (10.5, False, True, GREY, 8, 2),
    ]
    for level, (size, bold, italic, color, before, after) in enumerate(heading_looks, start=1):
        specs.append(
            StyleSpec(
                f"heading {level}",
                f"Heading{level}",
                next_id="BriefBookBody",
                font=h,
                size_pt=size,
                bold=bold,
                italic=italic,
                color=color,
                before_pt=before,
                after_pt=after,
                line=1.05,
                keep_next=True,
                keep_lines=True,
                border_bottom=RULE if level == 1 else None,
                outline_level=level - 1,
                builtin=True,
            )
        )
    for depth in (1, 2, 3):
        suffix = "" if depth == 1 else f" {depth}"
        id_suffix = "" if depth == 1 else str(depth)
        indent = LIST_FIRST_INDENT_IN + (depth - 1) * LIST_LEVEL_INDENT_IN
        for kind, num in (("Bullet", bullet_num), ("Number", ordered_num)):
            specs.append(
                StyleSpec(
                    f"List {kind}{suffix}",
                    f"List{kind}{id_suffix}",
                    after_pt=3,
                    num_id=num,
                    builtin=True,
                )
            )
        specs.append(
            StyleSpec(
                f"List Continue{suffix}",
                f"ListContinue{id_suffix}",
                after_pt=3,
                indent_in=indent,
                builtin=True,
            )
        )
    return specs


def spec_metrics(geometry: PageGeometry) -> dict[str, StyleSpec]:
    """Every style's spec by style id, for estimating how much room text takes."""
    return {spec.style_id: spec for spec in _specs(geometry, 0, 0)}


def unlisted_heading_id(level: int) -> str:
    """The style id of a heading that looks like ``Heading <level>`` but is kept out of the
    contents (Word's TOC field collects the built-in heading styles)."""
    return f"BriefBookHeading{level}Unlisted"


# --- installing ------------------------------------------------------------------------------


def install_styles(
    document: DocxDocument,
    geometry: PageGeometry,
    bullet_num: int,
    ordered_num: int,
    *,
    adjust: Callable[[StyleSpec], StyleSpec] | None = None,
    keep_existing: bool = False,
) -> None:
    """Restyle the built-in styles and add BriefBook's own, fonts set for every script.

    The List Bullet / List Number styles point at ``bullet_num`` / ``ordered_num`` so a
    paragraph given those styles in Word gets a bullet or a number too. ``adjust`` changes
    each style's look (a house style); ``keep_existing`` leaves every style the document
    already defines, and its defaults, as they are (an office's reference document) and only
    adds the missing ones."""
    styles = document.styles.element
    by_id = {s.get(W + "styleId"): s for s in styles.iterfind(W + "style")}
    if not keep_existing:
        _set_doc_defaults(styles, adjust(_specs(geometry, 0, 0)[0]).font if adjust else BODY_FONT)
    specs = _specs(geometry, bullet_num, ordered_num)
    if adjust is not None:
        specs = [adjust(spec) for spec in specs]
    for spec in specs:
        if keep_existing and spec.style_id in by_id:
            continue
        _apply(styles, by_id, spec)
    for level in range(1, MAX_HEADING_LEVEL + 1):
        base = next(s for s in specs if s.style_id == f"Heading{level}")
        unlisted = replace(
            base,
            name=f"BriefBook Heading {level} (not in contents)",
            style_id=unlisted_heading_id(level),
            based_on=f"Heading{level}",
            builtin=False,
            outline_level=9,
        )
        _apply(styles, by_id, unlisted)
    _add_table_style(styles, by_id, "BriefBook Table", "BriefBookTable", borders=True)
    _add_table_style(styles, by_id, "BriefBook Layout Table", "BriefBookLayoutTable", borders=False)


def _fonts(rpr: etree._Element, font: str) -> None:
    sub(
        rpr,
        "rFonts",
        ascii=font,
        hAnsi=font,
        eastAsia=font,
        cs=COMPLEX_SCRIPT_FONT,
    )


def _set_doc_defaults(styles: etree._Element, font: str = BODY_FONT) -> None:
    defaults = styles.find(W + "docDefaults")
    if defaults is None:
        defaults = el("docDefaults")
        styles.insert(0, defaults)
    for child in list(defaults):
        defaults.remove(child)
    rpr = sub(sub(defaults, "rPrDefault"), "rPr")
    _fonts(rpr, font)
    sub(rpr, "sz", val="21")
    sub(rpr, "szCs", val="21")
    sub(rpr, "lang", val="en-US", eastAsia="en-US", bidi="ar-SA")
    ppr = sub(sub(defaults, "pPrDefault"), "pPr")
    sub(ppr, "widowControl")
    sub(ppr, "spacing", after="0", line="240", lineRule="auto")


def _apply(
    styles: etree._Element, by_id: dict[str | None, etree._Element], spec: StyleSpec
) -> None:
    style = by_id.get(spec.style_id)
    if style is None:
        style = sub(styles, "style", type=spec.kind, styleId=spec.style_id)
        sub(style, "name", val=spec.name)
        if spec.based_on:
            sub(style, "basedOn", val=spec.based_on)
        if spec.next_id:
            sub(style, "next", val=spec.next_id)
        sub(style, "uiPriority", val="20" if spec.kind == "paragraph" else "21")
        sub(style, "qFormat")
        by_id[spec.style_id] = style
    elif spec.next_id and style.find(W + "next") is None:
        anchor = style.find(W + "basedOn")
        if anchor is None:
            anchor = style.find(W + "name")
        if anchor is not None:
            anchor.addnext(el("next", val=spec.next_id))
    for tag in ("pPr", "rPr", "rsid"):
        for old in style.findall(W + tag):
            style.remove(old)
    if spec.kind == "paragraph":
        style.append(_paragraph_properties(spec))
    style.append(_run_properties(spec))
    link = style.find(W + "link")
    if link is not None:
        linked = by_id.get(link.get(W + "val"))
        if linked is not None:
            for old in linked.findall(W + "rPr"):
                linked.remove(old)
            linked.append(_run_properties(spec))


def _border(
    parent: etree._Element, side: str, color: str, size: str = "6", space: str = "4"
) -> None:
    sub(parent, side, val="single", sz=size, space=space, color=color)


def _paragraph_properties(spec: StyleSpec) -> etree._Element:
    ppr = el("pPr")
    if spec.keep_next:
        sub(ppr, "keepNext")
    if spec.keep_lines:
        sub(ppr, "keepLines")
    if spec.num_id is not None:
        numpr = sub(ppr, "numPr")
        sub(numpr, "ilvl", val="0")
        sub(numpr, "numId", val=str(spec.num_id))
    if spec.border_top or spec.border_bottom or spec.border_left or spec.box:
        pbdr = sub(ppr, "pBdr")
        if spec.box:
            for side in ("top", "left", "bottom", "right"):
                _border(pbdr, side, spec.box, size="8", space="6")
        else:
            if spec.border_top:
                heavy = spec.border_top_size != "6"
                space = "14" if heavy else "4"
                _border(pbdr, "top", spec.border_top, size=spec.border_top_size, space=space)
            if spec.border_left:
                _border(pbdr, "left", spec.border_left, size="18", space="8")
            if spec.border_bottom:
                _border(pbdr, "bottom", spec.border_bottom)
    if spec.fill:
        sub(ppr, "shd", val="clear", color="auto", fill=spec.fill)
    if spec.tab_stops:
        tabs = sub(ppr, "tabs")
        for kind, position, leader in spec.tab_stops:
            sub(tabs, "tab", val=kind, leader=leader, pos=twips(position))
    sub(
        ppr,
        "spacing",
        before=str(round(spec.before_pt * 20)),
        after=str(round(spec.after_pt * 20)),
        line=str(round(spec.line * 240)),
        lineRule="auto",
    )
    if spec.indent_in or spec.border_left:
        indent = spec.indent_in or 0.15
        boxed = spec.border_left or spec.box
        sub(ppr, "ind", left=twips(indent), right=twips(indent if boxed else 0))
    if spec.align:
        sub(ppr, "jc", val=spec.align)
    if spec.outline_level is not None:
        sub(ppr, "outlineLvl", val=str(spec.outline_level))
    return ppr


def _run_properties(spec: StyleSpec) -> etree._Element:
    rpr = el("rPr")
    if spec.size_pt:  # a character style with size 0 only changes colour and underline
        _fonts(rpr, spec.font)
    for flag, tags in (
        (spec.bold, ("b", "bCs")),
        (spec.italic, ("i", "iCs")),
        (spec.caps, ("caps",)),
    ):
        if flag:
            for tag in tags:
                sub(rpr, tag)
    sub(rpr, "color", val=spec.color)
    if spec.letter_spacing_pt:
        sub(rpr, "spacing", val=str(round(spec.letter_spacing_pt * 20)))
    if spec.size_pt:
        half_points = str(round(spec.size_pt * 2))
        sub(rpr, "sz", val=half_points)
        sub(rpr, "szCs", val=half_points)
    if spec.underline:
        sub(rpr, "u", val="single")
    return rpr


def _add_table_style(
    styles: etree._Element,
    by_id: dict[str | None, etree._Element],
    name: str,
    style_id: str,
    *,
    borders: bool,
) -> None:
    if style_id in by_id:
        return
    style = sub(styles, "style", type="table", styleId=style_id)
    sub(style, "name", val=name)
    # Based on Word's own table styles, so Word's table tools treat them as family.
    sub(style, "basedOn", val="TableGrid" if borders else "TableNormal")
    sub(style, "uiPriority", val="40")
    ppr = sub(style, "pPr")
    sub(ppr, "spacing", after="0", line="240", lineRule="auto")
    tblpr = sub(style, "tblPr")
    if borders:
        tbl_borders = sub(tblpr, "tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            sub(tbl_borders, side, val="single", sz="4", space="0", color=RULE)
    margins = sub(tblpr, "tblCellMar")
    sub(margins, "top", w="72", type="dxa")
    sub(margins, "left", w="115", type="dxa")
    sub(margins, "bottom", w="72", type="dxa")
    sub(margins, "right", w="115", type="dxa")
    by_id[style_id] = style


def list_indent_in(level: int) -> float:
    """Where a list item's text starts at ``level`` (0 = top level)."""
    return LIST_FIRST_INDENT_IN + level * LIST_LEVEL_INDENT_IN
