"""Writes the Word fixtures in ``data/``: run it when the fixtures must change.

    .venv/bin/python tests/app/importing/make_docx_fixtures.py

- ``desk-python-docx.docx``: a desk contribution written with python-docx, with what a real
  one holds (title, Heading 1/2, bold, italic, a link, nested bulleted and numbered lists, a
  table, a picture with alt text) and what must be left out or settled (a comment, a tracked
  insertion and deletion, a PAGE field, a footnote reference, a text box).
- ``desk-libreoffice.docx``: the same kind of brief written by LibreOffice Writer (a flat ODT,
  ``desk-libreoffice.fodt``, saved as .docx by LibreOffice headless); needs ``soffice`` on the PATH.
"""

from __future__ import annotations

import base64
import io
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Inches
from PIL import Image as PILImage
from PIL import ImageDraw

DATA = Path(__file__).parent / "data"


def chart_png() -> bytes:
    """A small bar chart, drawn so the picture is recognisable in a PDF."""
    picture = PILImage.new("RGB", (360, 200), (255, 255, 255))
    draw = ImageDraw.Draw(picture)
    for index, height in enumerate((60, 110, 150, 90)):
        left = 30 + index * 80
        draw.rectangle((left, 180 - height, left + 50, 180), fill=(31, 78, 121))
    draw.line((20, 180, 340, 180), fill=(0, 0, 0), width=2)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return buffer.getvalue()


def add_link(paragraph, text: str, url: str) -> None:  # type: ignore[no-untyped-def]
    relation = paragraph.part.relate_to(
        url,
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
        is_external=True,
    )
    link = parse_xml(
        f'<w:hyperlink {nsdecls("w", "r")} r:id="{relation}"><w:r><w:rPr>'
        f'<w:rStyle w:val="Hyperlink"/></w:rPr><w:t>{text}</w:t></w:r></w:hyperlink>'
    )
    paragraph._p.append(link)


def add_xml(paragraph, xml: str) -> None:  # type: ignore[no-untyped-def]
    paragraph._p.append(parse_xml(xml))


def multilevel_bullets(document) -> int:  # type: ignore[no-untyped-def]
    """Add a two-level bullet list definition to the numbering part; returns its numId."""
    numbering = document.part.numbering_part.element
    levels = "".join(
        f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="bullet"/>'
        f'<w:lvlText w:val="{glyph}"/><w:lvlJc w:val="left"/><w:pPr>'
        f'<w:ind w:left="{720 * (level + 1)}" w:hanging="360"/></w:pPr></w:lvl>'
        for level, glyph in ((0, "•"), (1, "o"))
    )
    numbering.insert(
        0,
        parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
            f'<w:multiLevelType w:val="hybridMultilevel"/>{levels}</w:abstractNum>'
        ),
    )
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
    )
    return 90


def python_docx_fixture(target: Path) -> None:
    document = Document()
    document.core_properties.author = "Energy Desk"
    document.add_paragraph("Energy cooperation: desk contribution", style="Title")
    intro = document.add_paragraph("Prepared by the energy desk for the Baku visit. ")
    intro.add_run("Not for onward distribution.").italic = True

    document.add_heading("Situation", level=1)
    situation = document.add_paragraph("Azerbaijan's grid operator is ")
    situation.add_run("modernising dispatch").bold = True
    situation.add_run(" ahead of the ")
    situation.add_run("Caspian").italic = True
    situation.add_run(" offshore wind tenders. See ")
    add_link(situation, "the agency's note", "https://example.org/energy?utm_source=mail&id=7")
    situation.add_run(".")
    ins = document.add_paragraph("The feasibility study ")
    add_xml(
        ins,
        f'<w:ins {nsdecls("w")} w:id="1" w:author="Desk" w:date="2026-11-20T10:00:00Z">'
        '<w:r><w:t xml:space="preserve">was signed in 2025 </w:t></w:r></w:ins>',
    )
    add_xml(
        ins,
        f'<w:del {nsdecls("w")} w:id="2" w:author="Desk" w:date="2026-11-20T10:00:00Z">'
        "<w:r><w:delText>is still under negotiation </w:delText></w:r></w:del>",
    )
    ins.add_run("and runs to 2027.")
    document.add_heading("Key facts", level=2)
    # Word nests list items by numbering level (w:ilvl) of a multi-level list.
    bullets = multilevel_bullets(document)
    for text, level in (
        ("Installed capacity grew in 2025", 0),
        ("Wind: two projects", 1),
        ("Solar: one project", 1),
        ("Tariff reform is pending", 0),
    ):
        item = document.add_paragraph(text, style="List Paragraph")
        item._p.get_or_add_pPr().append(
            parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/>'
                f'<w:numId w:val="{bullets}"/></w:numPr>'
            )
        )
    document.add_paragraph("Agree the study's scope", style="List Number")
    document.add_paragraph("Name a counterpart for data", style="List Number")

    document.add_heading("Figures", level=1)
    table = document.add_table(rows=3, cols=3)
    table.style = "Table Grid"
    for row, values in enumerate(
        [
            ("Project", "Capacity", "Status"),
            ("Khizi-Absheron", "240 MW", "built"),
            ("Offshore pilot", "up to 2 GW", "study"),
        ]
    ):
        for column, value in enumerate(values):
            table.cell(row, column).text = value
    picture_paragraph = document.add_paragraph()
    run = picture_paragraph.add_run()
    run.add_picture(io.BytesIO(chart_png()), width=Inches(3))
    doc_pr = picture_paragraph._p.findall(".//" + qn("wp:docPr"))[0]
    doc_pr.set("descr", "Bar chart of capacity by project")
    caption = document.add_paragraph("Page ")
    add_xml(caption, f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>')
    add_xml(caption, f"<w:r {nsdecls('w')}><w:instrText> PAGE </w:instrText></w:r>")
    add_xml(caption, f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>')
    add_xml(caption, f"<w:r {nsdecls('w')}><w:t>2</w:t></w:r>")
    add_xml(caption, f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>')

    document.add_heading("Talking points", level=1)
    point = document.add_paragraph("Welcome the progress on the ", style="List Number")
    point.add_run("grid study").bold = True
    comment_target = document.add_paragraph("Ask about the 2027 timetable", style="List Number")
    document.add_comment(comment_target.runs, text="Check with the ministry first", author="Desk")
    box = document.add_paragraph()
    add_xml(
        box,
        f"<w:r {nsdecls('w')}><w:pict "
        f'xmlns:v="urn:schemas-microsoft-com:vml"><v:shape><v:textbox><w:txbxContent>'
        "<w:p><w:r><w:t>Boxed aside: the minister's deputy may attend.</w:t></w:r></w:p>"
        "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>",
    )
    document.save(str(target))


def libreoffice_fixture(source: Path, target: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        sys.exit("soffice is not installed: apt-get install -y libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        page = folder / "desk-libreoffice.fodt"
        chart = base64.b64encode(chart_png()).decode("ascii")
        page.write_text(
            source.read_text(encoding="utf-8").replace("CHART_PNG_BASE64", chart),
            encoding="utf-8",
        )
        subprocess.run(
            [
                soffice,
                "--headless",
                f"-env:UserInstallation=file://{folder}/profile",
                "--convert-to",
                "docx:MS Word 2007 XML",
                "--outdir",
                str(folder),
                str(page),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        shutil.copyfile(folder / "desk-libreoffice.docx", target)


if __name__ == "__main__":
    DATA.mkdir(exist_ok=True)
    python_docx_fixture(DATA / "desk-python-docx.docx")
    libreoffice_fixture(DATA / "desk-libreoffice.fodt", DATA / "desk-libreoffice.docx")
    print("written:", *sorted(p.name for p in DATA.glob("*.docx")))
