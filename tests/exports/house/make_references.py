"""Make the office reference documents the house-style tests read (kept small in this folder).

- ``office-python-docx.docx``: made by python-docx: A4, 20/25 mm margins, Normal in Times New
  Roman 14 pt, Heading 1 dark red, a letterhead header with a seal, a footer line of its own,
  and body text that must never reach a book;
- ``office-python-docx.dotx``: the same as a Word template (its main part has the template
  content type, which python-docx refuses: issue #363);
- ``office-libreoffice.docx``: made by LibreOffice from ``office-libreoffice.fodt``: Letter,
  Liberation Sans, a header, and no ``Heading 1`` style at all.

Run: ``.venv/bin/python tests/exports/house/make_references.py`` (LibreOffice's ``soffice``
must be installed for the last one).
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Mm, Pt, RGBColor
from PIL import Image, ImageDraw

HERE = Path(__file__).parent
TEMPLATE_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
DOCUMENT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
BODY_TEXT = "TEMPLATE BODY TEXT THAT MUST NEVER APPEAR"


def seal_png() -> bytes:
    picture = Image.new("RGB", (120, 160), "white")
    draw = ImageDraw.Draw(picture)
    draw.ellipse((6, 20, 114, 128), outline="#7A1F1F", width=8)
    draw.rectangle((50, 40, 70, 108), fill="#7A1F1F")
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


def python_docx_reference() -> Path:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(25), Mm(25)
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)
    heading = document.styles["Heading 1"]
    heading.font.name = "Times New Roman"
    heading.font.color.rgb = RGBColor(0x7A, 0x1F, 0x1F)
    document.styles["Heading 2"].font.color.rgb = RGBColor(0x55, 0x22, 0x22)
    if "Office Note" not in [s.name for s in document.styles]:
        document.styles.add_style("Office Note", WD_STYLE_TYPE.PARAGRAPH)
    header = section.header
    first = header.paragraphs[0]
    first.add_run().add_picture(io.BytesIO(seal_png()), height=Mm(12))
    first.add_run("\tMinistry of Foreign Affairs")
    header.add_paragraph("Protocol Department, 1 Embassy Row")
    section.footer.paragraphs[0].text = "Office footer line"
    document.add_heading("Template heading", 1)
    document.add_paragraph(BODY_TEXT)
    target = HERE / "office-python-docx.docx"
    document.save(target)
    return target


def as_template(source: Path) -> Path:
    target = source.with_suffix(".dotx")
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(target, "w") as out:
        for info in archive.infolist():
            data = archive.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(DOCUMENT_MAIN.encode(), TEMPLATE_MAIN.encode())
            out.writestr(info, data, zipfile.ZIP_DEFLATED)
    return target


def libreoffice_reference() -> Path | None:
    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    target = HERE / "office-libreoffice.docx"
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(
            [
                soffice,
                "--headless",
                f"-env:UserInstallation=file://{folder}/profile",
                "--convert-to",
                "docx:MS Word 2007 XML",
                "--outdir",
                folder,
                str(HERE / "office-libreoffice.fodt"),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        shutil.copy(Path(folder) / "office-libreoffice.docx", target)
    return target


if __name__ == "__main__":
    made = python_docx_reference()
    print(made, as_template(made), libreoffice_reference())
