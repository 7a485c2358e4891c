"""What mammoth and python-docx's own reading make of the fixture documents (docs/architecture.md,
"Why mammoth"). Run by hand:

    .venv/bin/python tests/app/importing/compare_docx_readers.py
"""

from __future__ import annotations

from pathlib import Path

import mammoth
from docx import Document
from docx.oxml.ns import qn

DATA = Path(__file__).parent / "data"


def python_docx(path: Path) -> None:
    document = Document(str(path))
    body = document.element.body
    order = [child.tag.split("}")[1] for child in body if child.tag in (qn("w:p"), qn("w:tbl"))]
    print(f"  body order needs the XML: {order.count('p')} paragraphs, {order.count('tbl')} tables")
    for paragraph in document.paragraphs:
        numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
        links = [link.url for link in paragraph.hyperlinks]
        if paragraph.text or numbered:
            extra = " [numPr: kind and level only in numbering.xml]" if numbered else ""
            print(f"  {paragraph.style.name!r:24} {paragraph.text[:60]!r}{extra} {links or ''}")
    alts = [shape._inline.docPr.get("descr") for shape in document.inline_shapes]
    print(f"  pictures (inline_shapes, position lost): {alts}")


def with_mammoth(path: Path) -> None:
    with path.open("rb") as handle:
        result = mammoth.convert_to_html(
            handle,
            convert_image=mammoth.images.img_element(lambda image: {"alt": image.alt_text or ""}),
        )
    print("  " + result.value.replace("><", ">\n  <")[:3000])


if __name__ == "__main__":
    for name in ("desk-python-docx.docx", "desk-libreoffice.docx"):
        print(f"== {name}: python-docx")
        python_docx(DATA / name)
        print(f"== {name}: mammoth")
        with_mammoth(DATA / name)
