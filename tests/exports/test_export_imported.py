"""A Word document imported into the sample book reads back from its DOCX and PDF exports with
its formatting: headings, bold and italic runs, links, lists, the table and the picture."""

from __future__ import annotations

from pathlib import Path

import pytest
from book_support import pdftotext
from docx import Document
from docx.oxml.ns import qn

from app.importing.docx_import import import_docx
from app.sample import SAMPLE_BOOK_ID, ensure_sample_book
from app.store import Store
from exports.api import export_book

DATA = Path(__file__).parents[1] / "app" / "importing" / "data"


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("imported")
    store = Store.open(folder / "store.sqlite")
    try:
        ensure_sample_book(store)
        import_docx(store, DATA / "desk-python-docx.docx", into=SAMPLE_BOOK_ID)
        docx_path, pdf_path = folder / "book.docx", folder / "book.pdf"
        for fmt, path in (("docx", docx_path), ("pdf", pdf_path)):
            for _ in export_book(store, SAMPLE_BOOK_ID, fmt, path):
                pass
    finally:
        store.close()
    return docx_path, pdf_path


def test_docx_export_keeps_the_imported_formatting(imported: tuple[Path, Path]) -> None:
    document = Document(str(imported[0]))
    paragraphs = document.paragraphs
    headings = [p.text for p in paragraphs if "Heading" in p.style.name]
    assert {"Situation", "Figures", "Talking points", "Key facts"} <= set(headings)
    situation = next(p for p in paragraphs if p.text.startswith("Azerbaijan's grid operator"))
    assert [r.text for r in situation.runs if r.bold] == ["modernising dispatch"]
    assert [r.text for r in situation.runs if r.italic] == ["Caspian"]
    assert [link.url for link in situation.hyperlinks] == ["https://example.org/energy?id=7"]
    nested = next(p for p in paragraphs if p.text == "Wind: two projects")
    assert nested._p.pPr.numPr is not None and nested._p.pPr.numPr.ilvl.val == 1
    table = next(t for t in document.tables if t.cell(0, 0).text == "Project")
    assert [c.text for c in table.rows[1].cells] == ["Khizi-Absheron", "240 MW", "built"]
    alts = [element.get("descr") for element in document.element.body.iter(qn("wp:docPr"))]
    assert "Bar chart of capacity by project" in alts


def test_pdf_export_prints_the_imported_sections(imported: tuple[Path, Path]) -> None:
    text = pdftotext(imported[1])
    for expected in (
        "Situation",
        "modernising dispatch",
        "The feasibility study was signed in 2025 and runs to 2027.",
        "Khizi-Absheron",
        "Welcome the progress on the grid study",
    ):
        assert expected in text
    assert "image:" not in text and "negotiation" not in text
    from pypdf import PdfReader

    pictures = sum(len(page.images) for page in PdfReader(str(imported[1])).pages)
    assert pictures >= 4  # three sample portraits and the imported chart
