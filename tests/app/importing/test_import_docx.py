"""Word documents written by python-docx and by LibreOffice become books and sections."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from app.body_images import referenced_images
from app.importing.docx_import import import_docx, read_docx
from app.sample import SAMPLE_BOOK_ID, ensure_sample_book
from app.store import Store

DATA = Path(__file__).parent / "data"
PYTHON_DOCX = DATA / "desk-python-docx.docx"
LIBREOFFICE = DATA / "desk-libreoffice.docx"
GOOGLE_DOCS = (
    DATA / "desk-google-docs.docx"
)  # shaped as Google Docs writes: make_google_docs_fixture


def test_python_docx_document_is_cut_at_heading_1() -> None:
    content = read_docx(PYTHON_DOCX)
    assert content.title == "Energy cooperation: desk contribution"
    assert [s.title for s in content.sections] == [
        "Introduction",
        "Situation",
        "Figures",
        "Talking points",
    ]
    situation = content.sections[1].body
    assert "**modernising dispatch**" in situation and "*Caspian*" in situation
    # The link keeps its address, without the tracking parameter.
    assert "[the agency's note](https://example.org/energy?id=7)" in situation
    # Heading 2 stays inside the section, one level below it.
    assert "\n# Key facts\n" in situation
    assert (
        "- Installed capacity grew in 2025\n  - Wind: two projects\n  - Solar: one project\n"
        in situation
    )
    assert "1. Agree the study's scope\n2. Name a counterpart for data" in situation


def test_tracked_changes_are_taken_as_shown_and_comments_left_out() -> None:
    content = read_docx(PYTHON_DOCX)
    text = "\n".join(section.body for section in content.sections)
    assert "The feasibility study was signed in 2025 and runs to 2027." in text
    assert "negotiation" not in text
    assert "ministry first" not in text
    assert content.left_out == [
        "1 text box: the text was kept in the flow, the box and its position were left out",
        "1 field (PAGE): the text shown was kept, the field itself was left out",
        "1 comment left out",
        "tracked changes taken as shown: 1 insertion kept, 1 deletion dropped",
    ]


@pytest.mark.parametrize(
    ("path", "alt"),
    [
        (PYTHON_DOCX, "Bar chart of capacity by project"),
        (LIBREOFFICE, "Container volumes, 2022 to 2025"),
    ],
)
def test_tables_and_pictures_with_alt_text(path: Path, alt: str) -> None:
    content = read_docx(path)
    bodies = [section.body for section in content.sections]
    [sha] = referenced_images(bodies)
    assert set(content.images) == {sha}
    assert content.images[sha].mime == "image/png"
    assert any(f"![{alt}](image:{sha})" in body for body in bodies)
    tokens = [
        t.type for body in bodies for t in MarkdownIt("commonmark").enable("table").parse(body)
    ]
    assert tokens.count("table_open") == 1
    assert tokens.count("th_open") == 3


def test_libreoffice_document_imports_as_well() -> None:
    content = read_docx(LIBREOFFICE)
    assert content.title == "Trade desk contribution: Baku logistics"
    assert [s.title for s in content.sections] == ["Logistics corridor", "Volumes", "Asks"]
    corridor = content.sections[0].body
    assert corridor.startswith("The **Middle Corridor** carries a growing share of *Caspian*")
    assert "[monthly figures](https://example.org/port)" in corridor
    assert "- Alat port expansion finished its first phase\n  - new berths\n" in corridor
    assert content.sections[2].body == (
        "1. Confirm the **data-sharing** memorandum\n"
        "2. Invite the port director to the spring forum\n"
    )
    # The footnote is left out (reference and text) and the report says so.
    assert "annual report" not in "".join(s.body for s in content.sections)
    assert "freight. The port authority" in corridor
    assert content.left_out == ["1 footnote or endnote left out"]


def test_google_docs_document_imports_as_well() -> None:
    # Lower-case style names, lists without a list style, explicit rtl="0" on every run, links
    # drawn with direct colour: none of it may change what the officer gets.
    content = read_docx(GOOGLE_DOCS)
    assert content.title == "Rail freight to Tbilisi: desk note"
    assert content.subtitle == "Shared from the transport desk's drive"
    assert [s.title for s in content.sections] == ["Corridor status", "Numbers", "Asks"]
    status = content.sections[0].body
    assert status.startswith("The **Baku–Tbilisi–Kars** line runs *four* trains a week")
    assert "[the operator's timetable](https://example.org/rail-freight?usp=sharing)" in status
    assert "\n# Bottlenecks\n" in status
    assert (
        "- Gauge change at the border\n  - Bogie exchange takes most of a day\n"
        "- Customs pre-clearance is still paper\n"
    ) in status
    assert content.sections[2].body == (
        "1. Agree a single **electronic** waybill\n2. Name contacts at both border posts\n"
    )
    numbers = content.sections[1].body
    assert "| 2025 | 210 | 1.5 million |" in numbers
    [sha] = referenced_images([numbers])
    assert f"![Trains a week by quarter](image:{sha})" in numbers
    assert content.left_out == []


def test_title_falls_back_to_the_first_heading_then_the_file_name(tmp_path: Path) -> None:
    from docx import Document

    with_heading = tmp_path / "headed.docx"
    document = Document()
    document.add_heading("Rail freight", level=1)
    document.add_paragraph("Body.")
    document.save(str(with_heading))
    assert read_docx(with_heading).title == "Rail freight"

    plain = tmp_path / "Desk note 12.docx"
    document = Document()
    document.add_paragraph("Only text.")
    document.save(str(plain))
    content = read_docx(plain)
    assert content.title == "Desk note 12"
    assert [(s.title, s.body) for s in content.sections] == [("Desk note 12", "Only text.\n")]


def test_a_new_book_in_one_transaction(store: Store) -> None:
    result = import_docx(store, PYTHON_DOCX)
    assert result.new_book and result.sections_added == 4 and result.pictures == 1
    book = store.get_book(result.book_id)
    assert book.title == "Energy cooperation: desk contribution"
    sections = store.list_sections(book.id)
    assert [s.position for s in sections] == [0, 1, 2, 3]
    [sha] = referenced_images(s.body for s in sections)
    assert store.get_image(sha) is not None
    # A body's picture is not pruned as unused.
    assert store.prune_images() == 0
    assert store.get_image(sha) is not None


def test_sections_added_to_the_sample_book(store: Store) -> None:
    ensure_sample_book(store)
    before = store.list_sections(SAMPLE_BOOK_ID)
    result = import_docx(store, LIBREOFFICE, into="Baku trade and development meetings")
    assert not result.new_book and result.book_id == SAMPLE_BOOK_ID
    after = store.list_sections(SAMPLE_BOOK_ID)
    assert [s.id for s in after[: len(before)]] == [s.id for s in before]
    assert [s.title for s in after[len(before) :]] == ["Logistics corridor", "Volumes", "Asks"]
    assert len(store.list_books()) == 1
    content = store.load_book_content(SAMPLE_BOOK_ID)
    assert len(referenced_images(s.body for s in content.sections)) == 1
    assert set(referenced_images(s.body for s in content.sections)) <= set(content.images)


def test_opening_text_added_to_a_book_is_named_by_the_document(store: Store) -> None:
    ensure_sample_book(store)
    import_docx(store, PYTHON_DOCX, into=SAMPLE_BOOK_ID)
    titles = [s.title for s in store.list_sections(SAMPLE_BOOK_ID)]
    assert titles[-4:] == [
        "Energy cooperation: desk contribution",
        "Situation",
        "Figures",
        "Talking points",
    ]


def test_a_docm_imports_and_its_macros_are_ignored(store: Store, tmp_path: Path) -> None:
    import zipfile

    docm = tmp_path / "with macros.docm"
    shutil.copyfile(PYTHON_DOCX, docm)
    with zipfile.ZipFile(docm, "a") as package:
        package.writestr("word/vbaProject.bin", b'Attribute VB_Name = "AutoOpen"\x00' * 40)
    result = import_docx(store, docm)
    assert "macros ignored (never run)" in result.left_out
    assert result.sections_added == 4


def test_search_finds_a_picture_by_its_alt_text_not_its_hash(store: Store) -> None:
    result = import_docx(store, PYTHON_DOCX)
    bodies = [s.body for s in store.list_sections(result.book_id)]
    [sha] = referenced_images(bodies)
    hits = store.search("capacity by project")
    assert [hit.title for hit in hits if hit.kind == "section"] == ["Figures"]
    assert "image:" not in hits[0].snippet
    assert store.search(sha[:12]) == []


def test_the_report_counts_notes_fields_objects_and_macros() -> None:
    from app.importing.docx_import import _survey

    xml = (
        b'<w:p><w:r><w:footnoteReference w:id="1"/></w:r><w:r><w:endnoteReference w:id="2"/>'
        b'</w:r><w:fldSimple w:instr=" DATE \\@ &quot;d MMMM&quot; "><w:r><w:t>5 December</w:t>'
        b'</w:r></w:fldSimple><w:fldSimple w:instr="HYPERLINK https://a.test"/>'
        b'<w:r><w:object w:dxaOrig="1"/></w:r><c:chart r:id="rId9"/></w:p>'
    )
    assert _survey(xml, {"word/document.xml", "word/vbaProject.bin"}) == [
        "2 footnotes and endnotes left out",
        "1 field (DATE): the text shown was kept, the field itself was left out",
        "2 embedded objects (charts, OLE objects) left out",
        "macros ignored (never run)",
    ]
