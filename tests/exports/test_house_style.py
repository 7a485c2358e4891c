"""The sample book in three contrasting house styles (A4 serif, Letter sans, a tall logo) and
with office reference documents (python-docx, a .dotx, LibreOffice), read back from the PDF
(pypdf, pdftotext, pdfimages) and the DOCX (python-docx, the package's XML)."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from book_support import built_document, pdf_pages_text, pdftotext
from docx import Document
from house_support import (
    DOTX_REFERENCE,
    LIBREOFFICE_REFERENCE,
    PYTHON_DOCX_REFERENCE,
    TEMPLATE_TEXT,
    THREE_STYLES,
)
from pypdf import PdfReader

from app.document import Edition
from app.resources import resource_path
from app.store import Store
from app.styles.model import HouseStyle, builtin_style
from app.styles.resolve import style_from_word_file
from exports import docx_writer, pdf_writer

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MARKING = "UNCLASSIFIED"
PAPER = {"a4": (595.3, 841.9), "letter": (612.0, 792.0)}


def _write(store: Store, book_id: str, style: HouseStyle, folder: Path, name: str) -> Path:
    document = built_document(store, book_id, Edition.FULL)
    document.house_style = style
    path = folder / f"{name}.pdf"
    for _ in pdf_writer.write(document, path, invariant=True):
        pass
    docx = folder / f"{name}.docx"
    for _ in docx_writer.write(document, docx):
        pass
    return path


@pytest.fixture(scope="module")
def styled(
    tmp_path_factory: pytest.TempPathFactory, book_store: tuple[Store, str, str]
) -> dict[str, tuple[HouseStyle, Path]]:
    """The sample book as PDF and DOCX in each of the three styles and two references."""
    store, _, sample_id = book_store
    folder = tmp_path_factory.mktemp("house")
    made = {}
    styles = {name: make() for name, make in THREE_STYLES.items()}
    styles["python-docx"] = style_from_word_file(PYTHON_DOCX_REFERENCE)
    styles["libreoffice"] = style_from_word_file(LIBREOFFICE_REFERENCE)
    for name, style in styles.items():
        made[name] = (style, _write(store, sample_id, style, folder, name))
    return made


ALL = ["a4-serif", "letter-sans", "tall-logo", "python-docx", "libreoffice"]


def _lines(page: str) -> list[str]:
    return [line.strip() for line in page.splitlines() if line.strip()]


def _outline(reader: PdfReader) -> list[tuple[str, int]]:
    found: list[tuple[str, int]] = []

    def walk(items: list) -> None:  # type: ignore[type-arg]
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found.append((str(item.title), reader.get_destination_page_number(item)))

    walk(reader.outline)
    return found


# --- PDF ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ALL)
def test_pdf_page_size_is_the_styles(name: str, styled: dict[str, tuple[HouseStyle, Path]]) -> None:
    style, path = styled[name]
    reader = PdfReader(path)
    expected = PAPER[style.page_size]
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(
            expected, abs=0.5
        )


@pytest.mark.parametrize("name", ALL)
def test_marking_on_every_page_top_and_bottom(
    name: str, styled: dict[str, tuple[HouseStyle, Path]]
) -> None:
    pages = pdf_pages_text(styled[name][1])
    assert len(pages) > 8
    for number, page in enumerate(pages):
        lines = _lines(page)
        assert lines[0] == MARKING and lines[-1] == MARKING, number
        if number:
            assert re.search(rf"Page {number} of {len(pages) - 1}", page), number


@pytest.mark.parametrize("name", ALL)
def test_letterhead_on_every_body_page(
    name: str, styled: dict[str, tuple[HouseStyle, Path]]
) -> None:
    style, path = styled[name]
    lines = style.letterhead_lines()
    if name in ("letter-sans",):
        assert not lines
        return
    assert lines
    for page in pdf_pages_text(path)[1:]:
        for line in lines:
            assert line in page


@pytest.mark.parametrize("name", ALL)
def test_contents_numbers_are_where_the_headings_are(
    name: str, styled: dict[str, tuple[HouseStyle, Path]]
) -> None:
    path = styled[name][1]
    pages = pdf_pages_text(path)
    outline = dict(_outline(PdfReader(path)))
    contents = pdftotext(path, layout=True, first=2, last=2)
    checked = 0
    for line in contents.splitlines():
        match = re.match(r"\s*(.+?)[\s.]*\s(\d+)\s*$", line)
        if not match or "Page " in line:
            continue
        title, number = match.group(1).strip(), int(match.group(2))
        assert outline[title] == number, title
        assert title in pages[number], title
        checked += 1
    assert checked >= 20


@pytest.mark.parametrize("name", ALL)
def test_no_heading_is_left_alone_at_the_foot_of_a_page(
    name: str, styled: dict[str, tuple[HouseStyle, Path]]
) -> None:
    style, path = styled[name]
    pages = pdf_pages_text(path)
    furniture = {MARKING, "Baku trade and development meetings", *style.letterhead_lines()}
    for title, page in _outline(PdfReader(path)):
        lines = _lines(pages[page])
        after = lines[lines.index(title) + 1 :] if title in lines else []
        body = [line for line in after if line not in furniture and not line.startswith("Page ")]
        assert body, f"{title!r} ends page {page} in {name}"


@pytest.mark.parametrize("name", ALL)
def test_all_text_stays_inside_the_page(
    name: str, styled: dict[str, tuple[HouseStyle, Path]]
) -> None:
    """Tables fit: no word runs past the right margin (poppler's word boxes)."""
    style, path = styled[name]
    width = PAPER[style.page_size][0]
    right = (style.margins.right if style.margins else 25.4) * 72 / 25.4
    boxes = subprocess.run(
        [shutil.which("pdftotext") or "pdftotext", "-bbox", str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    ends = [float(x) for x in re.findall(r'xMax="([\d.]+)"', boxes)]
    assert ends and max(ends) <= width - right + 1.0


@pytest.mark.parametrize("name", ALL)
def test_pictures_keep_their_aspect(name: str, styled: dict[str, tuple[HouseStyle, Path]]) -> None:
    """Photos and logos are never stretched: the same resolution across and down."""
    listing = subprocess.run(
        ["pdfimages", "-list", str(styled[name][1])], capture_output=True, check=True, text=True
    ).stdout.splitlines()[2:]
    assert listing
    for row in listing:
        cells = row.split()
        x_ppi, y_ppi = int(cells[12]), int(cells[13])
        assert abs(x_ppi - y_ppi) <= 1, row


def _fonts(path: Path) -> set[str]:
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True)
    return {line.split()[0].split("+")[-1] for line in out.stdout.splitlines()[2:]}


def test_fonts_follow_the_style(styled: dict[str, tuple[HouseStyle, Path]]) -> None:
    serif = _fonts(styled["a4-serif"][1])
    sans = _fonts(styled["letter-sans"][1])
    # Times New Roman is not shipped: the serif face stands in for it, headings too.
    assert "NotoSerif-Bold" in serif and "NotoSans-Bold" not in serif
    # The sans style draws body text in Noto Sans; serif is left only for list bullets.
    assert "NotoSans-Regular" in sans and "NotoSerif-Italic" not in sans


def test_an_added_truetype_font_is_embedded(
    tmp_path: Path, book_store: tuple[Store, str, str]
) -> None:
    store, _, sample_id = book_store
    mono = resource_path("fonts", "NotoSansMono-Regular.ttf").read_bytes()
    style = HouseStyle(
        name="Typewriter", body_font="Office Mono", fonts={"Office Mono": {"regular": mono}}
    )
    plain = _write(store, sample_id, builtin_style(), tmp_path, "plain")
    typed = _write(store, sample_id, style, tmp_path, "typed")
    assert "NotoSansMono-Regular" not in _fonts(plain)
    assert "NotoSansMono-Regular" in _fonts(typed)
    assert "Railway infrastructure" in pdftotext(typed)


def test_an_added_truetype_font_is_embedded_in_the_docx(
    tmp_path: Path, book_store: tuple[Store, str, str]
) -> None:
    from exports.house_docx import obfuscate_font

    store, _, sample_id = book_store
    mono = resource_path("fonts", "NotoSansMono-Regular.ttf").read_bytes()
    style = HouseStyle(
        name="Typewriter", body_font="Noto Sans Mono", fonts={"Noto Sans Mono": {"regular": mono}}
    )
    docx = _write(store, sample_id, style, tmp_path, "typed").with_suffix(".docx")
    table = _xml(docx, "word/fontTable.xml")
    key = re.search(
        r'<w:font w:name="Noto Sans Mono">.*?<w:embedRegular[^>]*w:fontKey="([^"]+)"', table, re.S
    )
    assert key is not None
    with zipfile.ZipFile(docx) as archive:
        [name] = [n for n in archive.namelist() if n.endswith(".odttf")]
        stored = archive.read(name)
    assert stored != mono and obfuscate_font(stored, key.group(1)) == mono
    assert "obfuscatedFont" in _xml(docx, "[Content_Types].xml")
    assert "embedTrueTypeFonts" in _xml(docx, "word/settings.xml")
    assert 'w:ascii="Noto Sans Mono"' in _xml(docx, "word/styles.xml")


def test_the_tall_logo_fits_the_cover_and_the_header(
    styled: dict[str, tuple[HouseStyle, Path]],
) -> None:
    path = styled["tall-logo"][1]
    listing = subprocess.run(
        ["pdfimages", "-list", str(path)], capture_output=True, check=True, text=True
    ).stdout.splitlines()[2:]
    pages = {int(row.split()[0]) for row in listing if row.split()[2] == "image"}
    assert {1, 2, 3} <= pages  # the cover and every body page
    assert len(pdf_pages_text(path)[0].strip()) > 0
    assert "Baku trade and" in pdf_pages_text(path)[0]


def test_the_builtin_style_changes_nothing(
    tmp_path: Path, book_store: tuple[Store, str, str], sample_pdfs: dict[Edition, Path]
) -> None:
    store, _, sample_id = book_store
    again = _write(store, sample_id, builtin_style(), tmp_path, "builtin")
    assert again.read_bytes() == sample_pdfs[Edition.FULL].read_bytes()


# --- DOCX --------------------------------------------------------------------------------------


def _xml(docx: Path, name: str) -> str:
    with zipfile.ZipFile(docx) as archive:
        return archive.read(name).decode("utf-8")


def _parts(docx: Path, prefix: str) -> list[str]:
    with zipfile.ZipFile(docx) as archive:
        return [_xml(docx, n) for n in archive.namelist() if n.startswith(f"word/{prefix}")]


@pytest.mark.parametrize("name", ["a4-serif", "letter-sans", "tall-logo"])
def test_docx_page_setup_fonts_and_headers(
    name: str, styled: dict[str, tuple[HouseStyle, Path]]
) -> None:
    style, pdf = styled[name]
    path = pdf.with_suffix(".docx")
    document = Document(str(path))
    section = document.sections[-1]
    width_mm = {"a4": 210.0, "letter": 215.9}[style.page_size]
    assert section.page_width.mm == pytest.approx(width_mm, abs=0.2)
    assert style.margins is not None
    assert section.left_margin.mm == pytest.approx(style.margins.left, abs=0.2)
    assert section.top_margin.mm == pytest.approx(style.margins.top, abs=0.2)
    body = document.styles["BriefBook Body"]
    assert body.font.size is None or body.font.size.pt == pytest.approx(style.base_size, abs=0.3)
    fonts = document.styles.element.xpath("//w:style[@w:styleId='Heading1']/w:rPr/w:rFonts")
    assert fonts[0].get(W + "ascii") == style.heading_font
    colour = document.styles["Heading 1"].font.color.rgb
    assert str(colour) == style.heading_colours[0].lstrip("#").upper()
    header = " ".join(p.text for p in section.header.paragraphs)
    assert MARKING in header
    for line in style.letterhead_lines():
        assert line in header
    footer = _xml(path, "word/document.xml") and " ".join(_parts(path, "footer"))
    assert "SECTIONPAGES" in footer and " PAGE " in footer and MARKING in footer


def test_docx_takes_the_office_reference(styled: dict[str, tuple[HouseStyle, Path]]) -> None:
    path = styled["python-docx"][1].with_suffix(".docx")
    document = Document(str(path))
    section = document.sections[-1]
    assert (section.page_width.mm, section.page_height.mm) == pytest.approx((210, 297), abs=0.2)
    assert section.left_margin.mm == pytest.approx(25, abs=0.2)
    assert document.styles["Normal"].font.name == "Times New Roman"
    assert document.styles["Normal"].font.size.pt == 14
    assert str(document.styles["Heading 1"].font.color.rgb) == "7A1F1F"
    assert "Office Note" in [style.name for style in document.styles]  # its own styles stay
    text = "\n".join(p.text for p in document.paragraphs)
    assert TEMPLATE_TEXT not in text and "Template heading" not in text
    assert "Baku trade and development meetings" in text
    header = " ".join(p.text for p in section.header.paragraphs)
    assert header.startswith(MARKING) and "Ministry of Foreign Affairs" in header
    footer = " ".join(_parts(path, "footer"))
    assert "Office footer line" in footer  # the office's footer stays ...
    assert "SECTIONPAGES" in footer and MARKING in footer  # ... and gains ours
    # the seal in the office header came along as a picture of the header
    with zipfile.ZipFile(path) as archive:
        rels = [
            archive.read(n).decode()
            for n in archive.namelist()
            if "header" in n and n.endswith(".rels")
        ]
    assert any("image" in rel for rel in rels)


def test_docx_from_a_libreoffice_reference_without_heading_1(
    styled: dict[str, tuple[HouseStyle, Path]],
) -> None:
    reference = Document(str(LIBREOFFICE_REFERENCE))
    assert "Heading 1" not in [style.name for style in reference.styles]
    path = styled["libreoffice"][1].with_suffix(".docx")
    document = Document(str(path))
    names = [style.name for style in document.styles]
    assert "Heading 1" in names and "Heading 2" in names  # made in the house look
    section = document.sections[-1]
    assert section.page_width.inches == pytest.approx(8.5, abs=0.01)
    header = " ".join(p.text for p in section.header.paragraphs)
    assert MARKING in header and "Trade Office of the Republic" in header
    assert "LIBREOFFICE TEMPLATE TEXT" not in "\n".join(p.text for p in document.paragraphs)


def test_a_dotx_reference_makes_a_word_document(
    tmp_path: Path, book_store: tuple[Store, str, str]
) -> None:
    with pytest.raises(ValueError, match="template"):
        Document(str(DOTX_REFERENCE))  # python-docx #363: still refused, the workaround stays
    store, _, sample_id = book_store
    pdf = _write(store, sample_id, style_from_word_file(DOTX_REFERENCE), tmp_path, "dotx")
    docx = pdf.with_suffix(".docx")
    types = _xml(docx, "[Content_Types].xml")
    assert "document.main+xml" in types and "template.main+xml" not in types
    assert Document(str(docx)).styles["Normal"].font.name == "Times New Roman"
    assert "Ministry of Foreign Affairs" in pdftotext(pdf)


def test_a_cover_with_a_reference_keeps_its_marking(
    styled: dict[str, tuple[HouseStyle, Path]],
) -> None:
    document = Document(str(styled["python-docx"][1].with_suffix(".docx")))
    cover = document.sections[0]
    assert not cover.different_first_page_header_footer
    assert MARKING in " ".join(p.text for p in cover.header.paragraphs)
    assert MARKING in " ".join(p.text for p in cover.footer.paragraphs)


def test_latent_only_heading_styles_are_created(
    tmp_path: Path, book_store: tuple[Store, str, str]
) -> None:
    """A Word document keeps unused built-ins as latent styles only: Heading 2 is named in
    w:latentStyles but has no w:style; the book's Heading 2 style is made for it."""
    reference = Document(str(PYTHON_DOCX_REFERENCE))
    root = reference.styles.element
    for style in root.findall(f"{W}style"):
        if style.get(f"{W}styleId") == "Heading2":
            root.remove(style)
    assert root.xpath("//w:latentStyles/w:lsdException[@w:name='heading 2']")
    path = tmp_path / "latent.docx"
    reference.save(str(path))
    store, _, sample_id = book_store
    pdf = _write(store, sample_id, style_from_word_file(path), tmp_path, "latent")
    document = Document(str(pdf.with_suffix(".docx")))
    heading = document.styles["Heading 2"]
    assert heading.font.name == "Times New Roman"  # made in the style's fonts
    assert str(document.styles["Heading 1"].font.color.rgb) == "7A1F1F"  # the office's kept
    used = document.element.body.xpath("//w:pStyle[@w:val='Heading2']")
    assert used


def test_first_page_and_even_page_headers_get_the_marking(
    tmp_path: Path, book_store: tuple[Store, str, str]
) -> None:
    """An office header for the first page or for even pages replaces the default one there:
    each gains the marking, and the page number, so no page goes without them."""
    reference = Document(str(PYTHON_DOCX_REFERENCE))
    section = reference.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = "First page letterhead"
    reference.settings.odd_and_even_pages_header_footer = True
    section.even_page_header.paragraphs[0].text = "Even page letterhead"
    path = tmp_path / "first-even.docx"
    reference.save(str(path))
    store, _, sample_id = book_store
    pdf = _write(store, sample_id, style_from_word_file(path), tmp_path, "first-even")
    document = Document(str(pdf.with_suffix(".docx")))
    cover, body = document.sections[0], document.sections[-1]
    assert not cover.different_first_page_header_footer
    for header, own in (
        (body.header, "Ministry of Foreign Affairs"),
        (body.first_page_header, "First page letterhead"),
        (body.even_page_header, "Even page letterhead"),
    ):
        text = " ".join(p.text for p in header.paragraphs)
        assert text.startswith(MARKING) and own in text
    for footer in (body.footer, body.first_page_footer, body.even_page_footer):
        xml = footer._element.xml
        assert "SECTIONPAGES" in xml and MARKING in xml


def test_an_added_font_falls_back_to_the_bundled_script_fonts(tmp_path: Path) -> None:
    """Text the office's font cannot draw is drawn by the bundled script fonts, as in
    BriefBook's own look: a house font never turns Arabic or Chinese into blanks."""
    from app.document import Paragraph, Run
    from app.styles.preview import preview_document

    mono = resource_path("fonts", "NotoSansMono-Regular.ttf").read_bytes()
    style = HouseStyle(
        name="Typewriter",
        body_font="Office Mono",
        heading_font="Office Mono",
        fonts={"Office Mono": {"regular": mono}},
        letterhead="سفارة — Embassy",
    )
    document = preview_document(style)
    document.blocks.append(Paragraph([Run("Greeting: مرحبا بكم and 中文 names")]))
    path = tmp_path / "scripts.pdf"
    for _ in pdf_writer.write(document, path, invariant=True):
        pass
    fonts = _fonts(path)
    assert "NotoSansMono-Regular" in fonts
    assert any("Arabic" in name for name in fonts) and any("Droid" in name for name in fonts)
    text = pdftotext(path)
    assert "中文" in text and "Greeting:" in text


@pytest.mark.parametrize("name", ALL)
def test_no_heading_or_bold_lead_in_ends_a_page(
    name: str, styled: dict[str, tuple[HouseStyle, Path]], book_store: tuple[Store, str, str]
) -> None:
    """Whatever introduces what follows (a heading of any level, or a bold line such as
    "Points to explore" above its list) is never the last line of a page."""
    from app.document import KeepTogether, ListBlock, Paragraph

    store, _, sample_id = book_store
    document = built_document(store, sample_id, Edition.FULL)
    leads = {heading.text for heading in document.headings()}

    def walk(blocks: list) -> None:  # type: ignore[type-arg]
        for block in blocks:
            if isinstance(block, Paragraph) and block.is_lead_in:
                leads.add(block.text.strip())
            elif isinstance(block, KeepTogether):
                walk(block.blocks)
            elif isinstance(block, ListBlock):
                for item in block.items:
                    walk(item.blocks)

    walk(document.blocks)
    assert "Points to explore" in leads
    style, path = styled[name]
    furniture = {MARKING, "Baku trade and development meetings", *style.letterhead_lines()}
    for number, page in enumerate(pdf_pages_text(path)[1:], start=1):
        body = [
            line for line in _lines(page) if line not in furniture and not line.startswith("Page ")
        ]
        assert body and body[-1] not in leads, f"{body[-1]!r} ends page {number} in {name}"


def test_docx_keeps_bold_lead_ins_with_what_follows(
    styled: dict[str, tuple[HouseStyle, Path]],
) -> None:
    document = Document(str(styled["letter-sans"][1].with_suffix(".docx")))
    leads = [p for p in document.paragraphs if p.text == "Points to explore"]
    assert leads and all(p.paragraph_format.keep_with_next for p in leads)
