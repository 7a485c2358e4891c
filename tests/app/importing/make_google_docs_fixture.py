"""Writes ``data/desk-google-docs.docx``: a desk contribution shaped as Google Docs writes DOCX.

    .venv/bin/python tests/app/importing/make_google_docs_fixture.py

Google Docs cannot run here, so the package is written by hand with the traits its "Download
as .docx" output has, checked against a real export (a list document from pandoc's test suite,
read on this machine, not copied) and against Google's own markup as pasted into browsers:

- style names in Word's built-in lower case (``normal``, ``heading 1``) with ids ``Heading1``;
- list paragraphs carry ``w:numPr`` and an indent but no ``List Paragraph`` style, with bullets
  drawn as ``●``/``○``;
- every run says ``<w:rtl w:val="0"/>``, and bold and italic are ``w:val="1"``;
- links are runs with direct colour and underline, not the ``Hyperlink`` character style;
- headings open with ``_heading=h.…`` bookmarks;
- rsids all zero, ``w14:paraId`` on each paragraph, a table with direct borders and a picture
  with its alt text in ``wp:docPr/@descr``.
"""

from __future__ import annotations

import itertools
import zipfile
from pathlib import Path

from make_docx_fixtures import DATA, chart_png

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NAMESPACES = (
    f'xmlns:w="{W}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"'
)
RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
LINK_URL = "https://example.org/rail-freight?usp=sharing"
NO_WIDOW_CONTROL = '<w:widowControl w:val="0"/>'

_paragraph_ids = itertools.count(1)  # Google numbers w14:paraId in document order


def run(text: str, *, bold: bool = False, italic: bool = False, link: bool = False) -> str:
    properties = ""
    if bold:
        properties += '<w:b w:val="1"/>'
    if italic:
        properties += '<w:i w:val="1"/>'
    if link:
        properties += '<w:color w:val="1155cc"/><w:u w:val="single"/>'
    properties += '<w:rtl w:val="0"/>'
    return (
        '<w:r w:rsidDel="00000000" w:rsidR="00000000" w:rsidRPr="00000000">'
        f'<w:rPr>{properties}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>'
    )


def paragraph(content: str, properties: str = "") -> str:
    return (
        '<w:p w:rsidR="00000000" w:rsidDel="00000000" w:rsidP="00000000" '
        f'w:rsidRDefault="00000000" w:rsidRPr="00000000" w14:paraId="{next(_paragraph_ids):08X}">'
        f"<w:pPr>{properties}<w:rPr/></w:pPr>{content}</w:p>"
    )


def heading(text: str, level: int, bookmark: int) -> str:
    marker = (
        f'<w:bookmarkStart w:colFirst="0" w:colLast="0" w:name="_heading=h.g{bookmark}x" '
        f'w:id="{bookmark}"/><w:bookmarkEnd w:id="{bookmark}"/>'
    )
    return paragraph(marker + run(text), f'<w:pStyle w:val="Heading{level}"/>')


def list_item(content: str, level: int, number_id: int) -> str:
    return paragraph(
        content,
        f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{number_id}"/></w:numPr>'
        f'<w:ind w:left="{720 * (level + 1)}" w:hanging="360"/>',
    )


def cell(text: str, *, bold: bool = False) -> str:
    return (
        '<w:tc><w:tcPr><w:shd w:fill="auto" w:val="clear"/><w:tcMar><w:top w:w="100.0" '
        'w:type="dxa"/></w:tcMar><w:vAlign w:val="top"/></w:tcPr>'
        f"{paragraph(run(text, bold=bold), NO_WIDOW_CONTROL)}</w:tc>"
    )


def table(rows: list[tuple[str, ...]]) -> str:
    borders = "".join(
        f'<w:{side} w:color="000000" w:space="0" w:sz="8" w:val="single"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    grid = "".join('<w:gridCol w:w="3120"/>' for _ in rows[0])
    body = "".join(
        '<w:tr><w:trPr><w:cantSplit w:val="0"/><w:tblHeader w:val="0"/></w:trPr>'
        + "".join(cell(value, bold=index == 0) for value in values)
        + "</w:tr>"
        for index, values in enumerate(rows)
    )
    return (
        '<w:tbl><w:tblPr><w:tblW w:w="9360.0" w:type="dxa"/><w:jc w:val="left"/>'
        f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        f'<w:tblLook w:val="0600"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{body}</w:tbl>'
    )


def picture(relation: str, alt: str) -> str:
    width, height = 3429000, 1905000  # 3.75 × 2.08 inches in EMU
    graphic = (
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        '<pic:pic><pic:nvPicPr><pic:cNvPr id="0" name="image1.png"/>'
        '<pic:cNvPicPr preferRelativeResize="0"/></pic:nvPicPr><pic:blipFill>'
        f'<a:blip r:embed="{relation}"/><a:srcRect b="0" l="0" r="0" t="0"/><a:stretch>'
        '<a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/>'
        f'<a:ext cx="{width}" cy="{height}"/></a:xfrm><a:prstGeom prst="rect"/><a:ln/>'
        "</pic:spPr></pic:pic></a:graphicData></a:graphic>"
    )
    drawing = (
        '<w:drawing><wp:inline distB="114300" distT="114300" distL="114300" distR="114300">'
        f'<wp:extent cx="{width}" cy="{height}"/><wp:effectExtent b="0" l="0" r="0" t="0"/>'
        f'<wp:docPr id="1" name="image1.png" descr="{alt}"/><wp:cNvGraphicFramePr/>'
        f"{graphic}</wp:inline></w:drawing>"
    )
    return paragraph(f'<w:r w:rsidDel="00000000" w:rsidR="00000000">{drawing}</w:r>')


def numbering() -> str:
    def levels(bullets: bool) -> str:
        glyphs = ("●", "○", "■")
        return "".join(
            f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/>'
            + (
                f'<w:numFmt w:val="bullet"/><w:lvlText w:val="{glyphs[level % 3]}"/>'
                if bullets
                else f'<w:numFmt w:val="decimal"/><w:lvlText w:val="%{level + 1}."/>'
            )
            + f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{720 * (level + 1)}" '
            'w:hanging="360"/></w:pPr><w:rPr><w:u w:val="none"/></w:rPr></w:lvl>'
            for level in range(3)
        )

    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering {NAMESPACES}>'
        f'<w:abstractNum w:abstractNumId="1">{levels(True)}</w:abstractNum>'
        f'<w:abstractNum w:abstractNumId="2">{levels(False)}</w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="2"/></w:num></w:numbering>'
    )


def styles() -> str:
    def style(style_id: str, name: str, size: int, before: int) -> str:
        return (
            f'<w:style w:type="paragraph" w:styleId="{style_id}"><w:name w:val="{name}"/>'
            '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:pPr><w:keepNext w:val="1"/>'
            f'<w:keepLines w:val="1"/><w:spacing w:after="120" w:before="{before}" '
            f'w:lineRule="auto"/></w:pPr><w:rPr><w:sz w:val="{size}"/>'
            f'<w:szCs w:val="{size}"/></w:rPr></w:style>'
        )

    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles {NAMESPACES}>'
        '<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:cs="Arial" '
        'w:eastAsia="Arial" w:hAnsi="Arial"/><w:sz w:val="22"/><w:lang w:val="en"/></w:rPr>'
        '</w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:line="276" w:lineRule="auto"/>'
        "</w:pPr></w:pPrDefault></w:docDefaults>"
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="normal"/>'
        "</w:style>"
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal">'
        '<w:name w:val="Table Normal"/></w:style>'
        + style("Heading1", "heading 1", 40, 400)
        + style("Heading2", "heading 2", 32, 360)
        + style("Title", "Title", 52, 0)
        + style("Subtitle", "Subtitle", 30, 0)
        + "</w:styles>"
    )


def document(picture_relation: str, link_relation: str) -> str:
    link = (
        f'<w:hyperlink r:id="{link_relation}">'
        + run("the operator's timetable", link=True)
        + "</w:hyperlink>"
    )
    body = "".join(
        [
            paragraph(run("Rail freight to Tbilisi: desk note"), '<w:pStyle w:val="Title"/>'),
            paragraph(
                run("Shared from the transport desk's drive"), '<w:pStyle w:val="Subtitle"/>'
            ),
            heading("Corridor status", 1, 1),
            paragraph(
                run("The ")
                + run("Baku–Tbilisi–Kars", bold=True)
                + run(" line runs ")
                + run("four", italic=True)
                + run(" trains a week in each direction. See ")
                + link
                + run(".")
            ),
            heading("Bottlenecks", 2, 2),
            list_item(run("Gauge change at the border"), 0, 1),
            list_item(run("Bogie exchange takes most of a day"), 1, 1),
            list_item(run("Customs pre-clearance is still paper"), 0, 1),
            heading("Numbers", 1, 3),
            table(
                [
                    ("Year", "Trains", "Tonnes"),
                    ("2024", "160", "1.1 million"),
                    ("2025", "210", "1.5 million"),
                ]
            ),
            picture(picture_relation, "Trains a week by quarter"),
            heading("Asks", 1, 4),
            list_item(
                run("Agree a single ") + run("electronic", bold=True) + run(" waybill"), 0, 2
            ),
            list_item(run("Name contacts at both border posts"), 0, 2),
        ]
    )
    section = (
        '<w:sectPr><w:pgSz w:h="15840" w:w="12240" w:orient="portrait"/><w:pgMar w:bottom="1440" '
        'w:top="1440" w:left="1440" w:right="1440" w:header="720" w:footer="720"/>'
        '<w:pgNumType w:start="1"/></w:sectPr>'
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NAMESPACES}>'
        f'<w:background w:color="FFFFFF"/><w:body>{body}{section}</w:body></w:document>'
    )


def google_docs_fixture(target: Path) -> None:
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types '
        'xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default ContentType="image/png" Extension="png"/>'
        '<Default ContentType="application/xml" Extension="xml"/>'
        '<Default ContentType="application/vnd.openxmlformats-package.relationships+xml" '
        'Extension="rels"/>'
        + "".join(
            f'<Override ContentType="application/vnd.openxmlformats-officedocument.'
            f'wordprocessingml.{kind}+xml" PartName="/word/{part}.xml"/>'
            for kind, part in (
                ("styles", "styles"),
                ("numbering", "numbering"),
                ("document.main", "document"),
            )
        )
        + "</Types>"
    )
    package_relations = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships '
        'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{RELATIONSHIP}/officeDocument" '
        'Target="word/document.xml"/></Relationships>'
    )
    document_relations = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships '
        'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId4" Type="{RELATIONSHIP}/numbering" Target="numbering.xml"/>'
        f'<Relationship Id="rId5" Type="{RELATIONSHIP}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId6" Type="{RELATIONSHIP}/image" Target="media/image1.png"/>'
        f'<Relationship Id="rId7" Type="{RELATIONSHIP}/hyperlink" Target="{LINK_URL}" '
        'TargetMode="External"/></Relationships>'
    )
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", content_types)
        package.writestr("_rels/.rels", package_relations)
        package.writestr("word/_rels/document.xml.rels", document_relations)
        package.writestr("word/document.xml", document("rId6", "rId7"))
        package.writestr("word/styles.xml", styles())
        package.writestr("word/numbering.xml", numbering())
        package.writestr("word/media/image1.png", chart_png())


if __name__ == "__main__":
    google_docs_fixture(DATA / "desk-google-docs.docx")
    print("written:", DATA / "desk-google-docs.docx")
