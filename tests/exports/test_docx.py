"""The DOCX writer, checked by reading the files back with python-docx and the raw XML."""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

import docx
import pytest
from book_support import HANDOUT_FORBIDDEN, PHOTO_SIZE
from docx.text.paragraph import Paragraph as DocxParagraph
from docx_support import HOSTILE, LONG_WORD, para, portrait, sample_document, tiny_document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from app.document import (
    BookDocument,
    CodeBlock,
    Cover,
    Edition,
    Heading,
    KeepTogether,
    ListBlock,
    ListItem,
    Paragraph,
    Picture,
    Quote,
    Run,
    SideBySide,
    Table,
    TableCell,
    TableOfContents,
    TocEntry,
    clean_text,
)
from exports.docx_writer import write
from exports.docx_xml import BookmarkNames

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {
    "w": W[1:-1],
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
REFERENCE = Path(__file__).parent / "reference" / "docx" / "tiny-document.xml"
BOOKMARK_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,39}$")
EMU_PER_INCH = 914400


def write_docx(document: BookDocument, path: Path) -> Path:
    for _ in write(document, path):
        pass
    return path


def xml_part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(name))


def part_names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        return archive.namelist()


def paragraph_texts(path: Path) -> list[str]:
    """Text of every paragraph of the body (tables and nested tables included)."""
    opened = docx.Document(str(path))
    return [DocxParagraph(p, opened).text for p in opened.element.body.iter(W + "p")]


def all_text(path: Path) -> str:
    """Body, headers and footers as text, paragraphs separated by newlines."""
    texts = paragraph_texts(path)
    opened = docx.Document(str(path))
    for section in opened.sections:
        for story in (section.header, section.footer):
            texts.extend(p.text for p in story.paragraphs)
    return "\n".join(texts)


def instructions(root: etree._Element) -> list[str]:
    return [node.text or "" for node in root.iter(W + "instrText")]


def attr(element: etree._Element, name: str) -> str:
    return element.get(W + name, "")


@pytest.fixture(scope="module")
def sample_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_docx(sample_document(), tmp_path_factory.mktemp("docx") / "sample.docx")


# --- the generator ----------------------------------------------------------------------------


def test_progress_rises_to_one(tmp_path: Path) -> None:
    steps = list(write(sample_document(), tmp_path / "book.docx"))
    assert steps[0] == 0.0 and steps[-1] == 1.0
    assert steps == sorted(steps)
    assert len(steps) > 5
    assert (tmp_path / "book.docx").stat().st_size > 0


def test_stopping_early_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "book.docx"
    steps = write(sample_document(), target)
    next(steps)
    next(steps)
    steps.close()
    assert not target.exists()


# --- styles -----------------------------------------------------------------------------------


def test_headings_use_word_builtin_styles(sample_docx: Path) -> None:
    opened = docx.Document(str(sample_docx))
    by_style = {(p.style.name, p.text) for p in opened.paragraphs}
    assert ("Heading 1", "Brief") in by_style
    assert ("Heading 2", "Situation") in by_style
    assert ("TOC Heading", "Contents") in by_style
    style_names = {p.style.name for p in opened.paragraphs}
    assert {
        "List Bullet",
        "List Number",
        "Quote",
        "BriefBook Body",
        "BriefBook Code",
    } <= style_names


def test_named_style_set_exists_with_fonts_for_every_script(sample_docx: Path) -> None:
    opened = docx.Document(str(sample_docx))
    names = {style.name for style in opened.styles}
    for name in (
        "BriefBook Body",
        "BriefBook Lead",
        "BriefBook Meta",
        "BriefBook Label",
        "BriefBook Small",
        "BriefBook Caption",
        "BriefBook Center",
        "BriefBook Cover Title",
        "BriefBook Marking",
        "BriefBook Code",
        "BriefBook Code Char",
        "BriefBook Table",
        "Hyperlink",
    ):
        assert name in names, name
    styles = xml_part(sample_docx, "word/styles.xml")
    fonts = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS)
    assert fonts is not None
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        assert attr(fonts, slot), slot
    code = styles.find("w:style[@w:styleId='BriefBookCode']/w:rPr/w:rFonts", NS)
    assert code is not None and attr(code, "ascii") == "Consolas"


def test_cover_styles_are_used(sample_docx: Path) -> None:
    opened = docx.Document(str(sample_docx))
    by_style = {p.style.name: p.text for p in opened.paragraphs}
    assert by_style["BriefBook Cover Title"] == "Visit to Baku"
    assert by_style["BriefBook Cover Organization"] == "Trade and Development Agency"


# --- contents, bookmarks, links ---------------------------------------------------------------


def test_toc_is_a_field_whose_stored_result_lists_the_entries(sample_docx: Path) -> None:
    opened = docx.Document(str(sample_docx))
    body = opened.element
    toc = [text for text in instructions(body) if text.strip().startswith("TOC")]
    assert len(toc) == 1
    assert 'TOC \\o "1-2" \\h \\z \\u' in toc[0]
    entries = [p for p in body.iter(W + "p") if p.find("w:pPr/w:pStyle", NS) is not None]
    entries = [p for p in entries if attr(p.find("w:pPr/w:pStyle", NS), "val") in ("TOC1", "TOC2")]
    texts = [DocxParagraph(p, opened).text.split("\t")[0] for p in entries]
    expected = [
        "Schedule",
        "Brief",
        "Situation",
        "Why it matters",
        "Participants",
        "Səməddin Əsədov",
        "Sector notes",
        "Railway infrastructure",
    ]
    assert texts == expected
    # Each entry links to its heading's bookmark and shows a page number.
    bookmarks = {attr(b, "name") for b in body.iter(W + "bookmarkStart")}
    for entry in entries:
        link = entry.find("w:hyperlink", NS)
        assert link is not None and attr(link, "anchor") in bookmarks
        pageref = [t for t in instructions(entry) if "PAGEREF" in t]
        assert pageref and attr(link, "anchor") in pageref[0]
        assert re.search(r"\t\d+$", DocxParagraph(entry, opened).text)
    # The field is opened once and closed once.
    kinds = [attr(f, "fldCharType") for f in body.iter(W + "fldChar")]
    assert kinds.count("begin") == kinds.count("end")


def test_word_is_asked_to_update_fields(sample_docx: Path) -> None:
    settings_xml = xml_part(sample_docx, "word/settings.xml")
    update = settings_xml.find("w:updateFields", NS)
    assert update is not None and attr(update, "val") == "true"


def test_every_heading_has_a_word_safe_bookmark(sample_docx: Path) -> None:
    body = xml_part(sample_docx, "word/document.xml")
    headings = [
        p
        for p in body.iter(W + "p")
        if (style := p.find("w:pPr/w:pStyle", NS)) is not None
        and attr(style, "val").startswith("Heading")
    ]
    assert len(headings) == len(sample_document().headings())
    names = []
    for heading in headings:
        start = heading.find("w:bookmarkStart", NS)
        end = heading.find("w:bookmarkEnd", NS)
        assert start is not None and end is not None
        assert attr(start, "id") == attr(end, "id")
        names.append(attr(start, "name"))
    assert all(BOOKMARK_NAME.match(name) for name in names), names
    assert len(set(names)) == len(names)


def test_bookmark_names_are_safe_stable_and_unique() -> None:
    names = BookmarkNames()
    anchors = [
        "x" * 60,
        "x" * 60 + "-2",
        "x" * 37 + "y",
        "1-starts-with-digit",
        "ünïcödé—ə",
        "a b/c?d",
        "a_b_c_d",
    ]
    mapped = [names.name(anchor) for anchor in anchors]
    assert all(BOOKMARK_NAME.match(name) for name in mapped), mapped
    assert len(set(mapped)) == len(mapped)
    assert [names.name(anchor) for anchor in anchors] == mapped
    assert names.known("a b/c?d") and not names.known("missing")


def test_links_are_real_hyperlinks(sample_docx: Path) -> None:
    body = xml_part(sample_docx, "word/document.xml")
    rels = xml_part(sample_docx, "word/_rels/document.xml.rels")
    external = [
        rel
        for rel in rels
        if rel.get("Type", "").endswith("/hyperlink") and rel.get("TargetMode") == "External"
    ]
    assert [rel.get("Target") for rel in external] == ["https://example.org/path?a=1&b=2"]
    links = [link for link in body.iter(W + "hyperlink") if link.get(f"{{{NS['r']}}}id")]
    assert links and links[0].get(f"{{{NS['r']}}}id") == external[0].get("Id")
    style = links[0].find("w:r/w:rPr/w:rStyle", NS)
    assert style is not None and attr(style, "val") == "Hyperlink"
    internal = [
        link for link in body.iter(W + "hyperlink") if "".join(link.itertext()) == "the notes"
    ]
    assert len(internal) == 1 and attr(internal[0], "anchor").startswith("bb_notes")


# --- sections, headers and footers ------------------------------------------------------------


def test_cover_is_its_own_section_and_numbering_restarts(sample_docx: Path) -> None:
    opened = docx.Document(str(sample_docx))
    assert len(opened.sections) == 2
    body = xml_part(sample_docx, "word/document.xml")
    cover_sect = body.find("w:body/w:p/w:pPr/w:sectPr", NS)
    body_sect = body.find("w:body/w:sectPr", NS)
    assert cover_sect is not None and body_sect is not None
    numbering = body_sect.find("w:pgNumType", NS)
    assert numbering is not None and attr(numbering, "start") == "1"
    # The cover section holds the cover only: the contents begin the body section.
    cover_paragraph = cover_sect.getparent().getparent()
    following = "".join(cover_paragraph.getnext().itertext())
    assert following == "Contents"


def test_headers_and_footers_carry_marking_title_and_page_fields(sample_docx: Path) -> None:
    opened = docx.Document(str(sample_docx))
    cover, main = opened.sections
    for story in (cover.header, cover.footer, main.header, main.footer):
        assert not story.is_linked_to_previous
        assert "UNCLASSIFIED" in [p.text for p in story.paragraphs]
    footer_xml = main.footer._element
    fields = [text.strip() for text in instructions(footer_xml)]
    assert "PAGE" in fields and "SECTIONPAGES" in fields
    assert re.fullmatch(r"Visit to Baku\tPage 1 of \d+", main.footer.paragraphs[0].text)
    cover_fields = instructions(cover.footer._element) + instructions(cover.header._element)
    assert cover_fields == []
    marking = main.header.paragraphs[0]
    assert marking.style.name == "BriefBook Marking"
    assert marking.alignment is None  # centred by its style, restylable in Word
    assert opened.styles["BriefBook Marking"].paragraph_format.alignment == 1


@pytest.mark.parametrize(
    ("page_size", "width", "height"), [("letter", "12240", "15840"), ("a4", "11906", "16838")]
)
def test_page_size(tmp_path: Path, page_size: str, width: str, height: str) -> None:
    path = write_docx(sample_document(page_size=page_size), tmp_path / "book.docx")
    body = xml_part(path, "word/document.xml")
    sizes = body.findall(".//w:sectPr/w:pgSz", NS)
    assert len(sizes) == 2
    assert {(attr(s, "w"), attr(s, "h")) for s in sizes} == {(width, height)}


def test_core_properties(sample_docx: Path) -> None:
    props = docx.Document(str(sample_docx)).core_properties
    assert props.title == "Visit to Baku"
    assert props.author == "Office of Europe and Eurasia"
    assert props.subject == "Briefing book: Baku, Azerbaijan"
    assert props.keywords == "Baku, Azerbaijan, briefing"
    assert props.last_modified_by == "BriefBook"
    assert props.created is not None and props.created == props.modified
    assert props.comments == ""  # nothing left from python-docx's template
    assert "docProps/thumbnail.jpeg" not in part_names(sample_docx)


# --- pictures, lists, tables ------------------------------------------------------------------


def test_pictures_have_alt_text_and_keep_their_aspect(sample_docx: Path) -> None:
    body = xml_part(sample_docx, "word/document.xml")
    drawings = body.findall(".//wp:inline", NS)
    assert drawings
    for inline in drawings:
        doc_pr = inline.find("wp:docPr", NS)
        extent = inline.find("wp:extent", NS)
        assert doc_pr is not None and extent is not None
        assert doc_pr.get("descr") == "Portrait placeholder for Səməddin Əsədov"
        assert doc_pr.get("title") == doc_pr.get("descr")
        cx, cy = int(extent.get("cx", "0")), int(extent.get("cy", "0"))
        assert cy / cx == pytest.approx(500 / 400, rel=0.01)
        assert cx == pytest.approx(1.6 * EMU_PER_INCH, rel=0.01)


def test_wide_pictures_shrink_to_the_column(tmp_path: Path) -> None:
    photo = portrait(1200, 300)
    document = BookDocument(
        title="t",
        marking="",
        page_size="letter",
        edition=Edition.FULL,
        blocks=[Picture(photo, "Wide", 20.0), Picture(photo, "", 1.0)],
    )
    body = xml_part(write_docx(document, tmp_path / "wide.docx"), "word/document.xml")
    extents = body.findall(".//wp:extent", NS)
    cx, cy = int(extents[0].get("cx", "0")), int(extents[0].get("cy", "0"))
    assert cx == pytest.approx(6.5 * EMU_PER_INCH, rel=0.01)
    assert cx / cy == pytest.approx(4.0, rel=0.01)
    descriptions = [d.get("descr") for d in body.findall(".//wp:docPr", NS)]
    assert descriptions == ["Wide", "Picture"]  # never an empty alt text
    ids = [d.get("id") for d in body.findall(".//wp:docPr", NS)]
    assert len(set(ids)) == len(ids)


def test_nested_lists_indent_by_level(sample_docx: Path) -> None:
    body = xml_part(sample_docx, "word/document.xml")
    levels = {}
    for p in body.iter(W + "p"):
        numpr = p.find("w:pPr/w:numPr", NS)
        if numpr is not None:
            text = "".join(p.itertext())
            levels[text] = (
                int(attr(numpr.find("w:ilvl", NS), "val")),
                attr(numpr.find("w:numId", NS), "val"),
            )
    assert levels["Level one"][0] == 0
    assert levels["Level two, first"][0] == 1
    assert levels["Level three"][0] == 2
    assert levels["Level one again"] == levels["Level one"]
    # The numbered list inside the bullets has its own numbering definition.
    assert levels["Level two, first"][1] != levels["Level one"][1]
    numbering = xml_part(sample_docx, "word/numbering.xml")

    def indent(num_id: str, level: int) -> int:
        num = numbering.find(f"w:num[@w:numId='{num_id}']", NS)
        abstract_id = attr(num.find("w:abstractNumId", NS), "val")
        abstract = numbering.find(f"w:abstractNum[@w:abstractNumId='{abstract_id}']", NS)
        ind = abstract.find(f"w:lvl[@w:ilvl='{level}']/w:pPr/w:ind", NS)
        return int(attr(ind, "left"))

    one, two, three = (levels[t] for t in ("Level one", "Level two, first", "Level three"))
    assert indent(one[1], 0) < indent(two[1], 1) < indent(three[1], 2)
    # "Third" starts a numbered list at 3.
    third = numbering.find(f"w:num[@w:numId='{levels['Third'][1]}']", NS)
    start = third.find("w:lvlOverride/w:startOverride", NS)
    assert start is not None and attr(start, "val") == "3"


def test_tables_have_repeated_shaded_headers_and_set_widths(sample_docx: Path) -> None:
    body = xml_part(sample_docx, "word/document.xml")
    schedule = next(t for t in body.iter(W + "tbl") if "Meeting and place" in "".join(t.itertext()))
    rows = schedule.findall("w:tr", NS)
    assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
    assert rows[1].find("w:trPr/w:tblHeader", NS) is None
    fills = {attr(s, "fill") for s in rows[0].iter(W + "shd")}
    assert fills and "auto" not in fills
    assert not list(rows[1].iter(W + "shd"))
    widths = [int(attr(col, "w")) for col in schedule.findall("w:tblGrid/w:gridCol", NS)]
    assert widths[1] / widths[0] == pytest.approx(3 / 1.2, rel=0.01)
    assert sum(widths) == pytest.approx(6.5 * 1440, abs=3)
    # Facts tables have no header row and no shading.
    facts = next(t for t in body.iter(W + "tbl") if "Languages" in "".join(t.itertext()))
    assert facts.find(".//w:tblHeader", NS) is None
    assert not [s for s in facts.iter(W + "shd") if attr(s, "fill") not in ("", "auto")]


def test_keep_together_chains_paragraphs_and_rows(sample_docx: Path) -> None:
    body = xml_part(sample_docx, "word/document.xml")
    profile = next(
        t for t in body.findall("w:body/w:tbl", NS) if "Biography" in "".join(t.itertext())
    )
    paragraphs = list(profile.iter(W + "p"))
    keeps = [p.find("w:pPr/w:keepNext", NS) is not None for p in paragraphs]
    assert all(keeps[:-1]) and not keeps[-1]
    assert all(row.find("w:trPr/w:cantSplit", NS) is not None for row in profile.iter(W + "tr"))


def test_page_breaks_become_page_break_before(sample_docx: Path) -> None:
    body = xml_part(sample_docx, "word/document.xml")
    breaking = [
        "".join(p.itertext())
        for p in body.iter(W + "p")
        if p.find("w:pPr/w:pageBreakBefore", NS) is not None
    ]
    # The break right after the cover is the section break itself, not a blank page.
    assert breaking == ["Schedule", "Brief", "Participants", "Sector notes"]
    assert not list(body.iter(W + "br")) or all(
        attr(br, "type") != "page" for br in body.iter(W + "br")
    )


# --- user text is data ------------------------------------------------------------------------


def test_hostile_text_comes_out_as_written(tmp_path: Path) -> None:
    control = "bell\x07 tab\tnew\nline\x7f end"
    document = BookDocument(
        title=HOSTILE,
        marking="<i>MARK</i> & co",
        page_size="letter",
        edition=Edition.FULL,
        author=HOSTILE,
        keywords=[HOSTILE],
        blocks=[
            Heading(1, HOSTILE, "h1"),
            Paragraph([Run(HOSTILE), Run(LONG_WORD, bold=True)]),
            para(control),
            Table(rows=[[TableCell([para(HOSTILE)]), TableCell([para(LONG_WORD)])]], widths=[1, 1]),
            CodeBlock("<script>alert('x')</script> & \"q\""),
        ],
    )
    path = write_docx(document, tmp_path / "hostile.docx")
    texts = paragraph_texts(path)
    assert HOSTILE in texts
    assert HOSTILE + LONG_WORD in texts
    assert "bell tab\tnew\nline\x7f end" in texts
    assert LONG_WORD in texts
    assert "<script>alert('x')</script> & \"q\"" in texts
    raw = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
    assert "&lt;b&gt;stray tags&lt;/b&gt;" in raw
    body = etree.fromstring(raw.encode("utf-8"))
    assert not [e for e in body.iter() if isinstance(e.tag, str) and not e.tag.startswith("{")]
    opened = docx.Document(str(path))
    assert opened.core_properties.title == HOSTILE
    assert opened.sections[-1].header.paragraphs[0].text == "<i>MARK</i> & co"


_text = st.text(max_size=60)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(fields=st.lists(_text, min_size=14, max_size=14))
def test_any_unicode_in_every_field_writes_and_reads_back(
    tmp_path: Path, fields: list[str]
) -> None:
    (title, marking, cover, heading, body, bold, item, cell, quote, code, alt, toc, left, link) = (
        fields
    )
    photo = portrait(40, 50)
    document = BookDocument(
        title=title,
        marking=marking,
        page_size="a4",
        edition=Edition.HANDOUT,
        author=cover,
        subject=body,
        keywords=[item, cell],
        footer_title=title,
        blocks=[
            Cover(marking, cover, title, cover, cover, cover, cover, cover, cover),
            TableOfContents(toc, [TocEntry(1, heading, "a")]),
            Heading(1, heading, "a"),
            Paragraph([Run(body), Run(bold, bold=True, italic=True), Run(link, link=link or None)]),
            ListBlock(False, [ListItem([para(item), ListBlock(True, [ListItem([para(item)])])])]),
            Table(rows=[[TableCell([para(cell)])], [TableCell([para(cell, "meta")])]]),
            Quote([para(quote)]),
            CodeBlock(code),
            KeepTogether(
                [
                    Heading(2, heading, "b"),
                    SideBySide([Picture(photo, alt, 1.0)], [para(left)], 1.0),
                    para(left),
                ]
            ),
        ],
    )
    path = write_docx(document, tmp_path / "any.docx")

    def expect(text: str) -> str:
        return clean_text(text).replace("\r\n", "\n").replace("\r", "\n")

    texts = paragraph_texts(path)
    joined = "\n".join(texts)
    for value in (heading, body + bold + link, item, cell, quote, left, toc):
        assert expect(value) in texts, value
    assert expect(code.rstrip("\n")) in joined
    assert expect(cover) in joined
    descr = [
        d.get("descr") for d in xml_part(path, "word/document.xml").iter(f"{{{NS['wp']}}}docPr")
    ]
    assert descr == [clean_text(alt).strip() or "Picture"]  # attributes keep \r as &#13;
    opened = docx.Document(str(path))
    assert opened.core_properties.title == clean_text(title)[:255]


# --- reference ------------------------------------------------------------------------------


def _canonical_document_xml(path: Path) -> str:
    root = xml_part(path, "word/document.xml")
    for element in root.iter():
        for name in list(element.attrib):
            if "rsid" in name:  # editing-session ids in python-docx's template
                del element.attrib[name]
    etree.indent(root, space=" ")
    return etree.tostring(root, encoding="unicode") + "\n"


def test_document_xml_matches_reference(tmp_path: Path) -> None:
    """The body of a small fixed book, so layout changes are deliberate.

    After an intended change, regenerate the reference with
    ``BRIEFBOOK_REGENERATE_REFERENCE=1 .venv/bin/pytest tests/exports/test_docx.py -k reference``
    and review the diff of ``tests/exports/reference/docx/tiny-document.xml``.
    """
    produced = _canonical_document_xml(write_docx(tiny_document(), tmp_path / "tiny.docx"))
    if os.environ.get("BRIEFBOOK_REGENERATE_REFERENCE"):
        REFERENCE.parent.mkdir(parents=True, exist_ok=True)
        REFERENCE.write_text(produced, encoding="utf-8")
    assert produced == REFERENCE.read_text(encoding="utf-8")


# --- the real builder -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def test_book_docx(
    tmp_path_factory: pytest.TempPathFactory, test_documents: dict[Edition, BookDocument]
) -> dict[Edition, Path]:
    folder = tmp_path_factory.mktemp("test-book-docx")
    return {
        edition: write_docx(document, folder / f"{edition.value}.docx")
        for edition, document in test_documents.items()
    }


def test_handout_leaks_nothing(test_book_docx: dict[Edition, Path]) -> None:
    full = all_text(test_book_docx[Edition.FULL])
    handout = all_text(test_book_docx[Edition.HANDOUT])
    for marker in HANDOUT_FORBIDDEN:
        assert marker in full, marker
        assert marker not in handout, marker
    assert "Talking points" in full
    assert "Talking points" not in handout
    assert "Handout edition" in handout and "Handout edition" not in full
    opened = docx.Document(str(test_book_docx[Edition.HANDOUT]))
    headings = {p.text for p in opened.paragraphs if p.style.name.startswith("Heading")}
    assert "Situation" in headings
    assert not headings & {"Internal assessment", "Internal logistics note", "Talking points"}


def test_test_book_photos_keep_aspect_and_alt(test_book_docx: dict[Edition, Path]) -> None:
    body = xml_part(test_book_docx[Edition.FULL], "word/document.xml")
    inlines = body.findall(".//wp:inline", NS)
    assert inlines
    width, height = PHOTO_SIZE
    for inline in inlines:
        extent = inline.find("wp:extent", NS)
        assert int(extent.get("cy")) / int(extent.get("cx")) == pytest.approx(
            height / width, rel=0.01
        )
        assert inline.find("wp:docPr", NS).get("descr")


def test_sample_book_exports_in_both_editions(
    tmp_path: Path, book_store: tuple[object, str, str]
) -> None:
    from app.assemble import build_document
    from app.store import Store

    store, _, sample_id = book_store
    assert isinstance(store, Store)
    content = store.load_book_content(sample_id)
    for edition in Edition:
        document = build_document(content, edition)
        path = write_docx(document, tmp_path / f"sample-{edition.value}.docx")
        opened = docx.Document(str(path))
        headings = [p.text for p in opened.paragraphs if p.style.name in ("Heading 1", "Heading 2")]
        assert headings[:1] == ["Schedule"]
        assert {"Brief", "Participants", "Sector notes"} <= set(headings)
        body = xml_part(path, "word/document.xml")
        descr = [d.get("descr") for d in body.iter(f"{{{NS['wp']}}}docPr")]
        assert len(descr) == len(content.participants) and all(descr)
        text = all_text(path)
        assert "Səməddin Əsədov" in text
        if edition is Edition.HANDOUT:
            assert "Talking points" not in text


# --- performance guards -----------------------------------------------------------------------


def test_writer_avoids_python_docx_quadratic_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Table.cell() rescans the table and get_or_add_image() re-hashes every image on each
    call: on a 300-page book both turn quadratic, so the writer must not use them."""
    import docx.parts.story
    import docx.table

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("quadratic python-docx path used")

    monkeypatch.setattr(docx.table.Table, "cell", refuse)
    monkeypatch.setattr(docx.parts.story.StoryPart, "get_or_add_image", refuse)
    write_docx(sample_document(), tmp_path / "book.docx")


def test_the_same_photo_is_stored_once(tmp_path: Path) -> None:
    photo = portrait()
    document = BookDocument(
        title="t",
        marking="",
        page_size="letter",
        edition=Edition.FULL,
        blocks=[Picture(photo, f"Photo {n}", 1.0) for n in range(3)]
        + [Picture(portrait(30, 60), "Other", 1.0)],
    )
    path = write_docx(document, tmp_path / "photos.docx")
    media = [name for name in part_names(path) if name.startswith("word/media/")]
    assert len(media) == 2
    with zipfile.ZipFile(path) as archive:
        assert all(archive.getinfo(name).compress_type == zipfile.ZIP_STORED for name in media)
        assert archive.getinfo("word/document.xml").compress_type == zipfile.ZIP_DEFLATED
    assert docx.Document(str(path)).inline_shapes[3].width > 0


def test_empty_and_cover_only_documents_still_open(tmp_path: Path) -> None:
    empty = BookDocument(title="", marking="", page_size="letter", edition=Edition.FULL)
    opened = docx.Document(str(write_docx(empty, tmp_path / "empty.docx")))
    assert len(opened.paragraphs) == 1 and len(opened.sections) == 1
    cover_only = BookDocument(
        title="t",
        marking="M",
        page_size="letter",
        edition=Edition.FULL,
        blocks=[Cover("M", "Org", "Title", "", "", "", "", "")],
    )
    opened = docx.Document(str(write_docx(cover_only, tmp_path / "cover.docx")))
    assert len(opened.sections) == 2
    assert opened.paragraphs[-1].text == ""  # the numbered section has its own paragraph
