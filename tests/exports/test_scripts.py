"""Every counterpart's name in their own script: drawn, extractable and marked in PDF and DOCX.

The world-scripts book (``tests/world_scripts.py``) is exported once per module; the tests read the
files back the way a reader's tools do: poppler's ``pdftotext`` for the PDF text, the fonts
embedded in the PDF for the glyphs really drawn, the DOCX's XML for Word's font slots.
"""

from __future__ import annotations

import io
import re
import struct
import subprocess
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from book_support import TODAY, pdftotext
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from pypdf.generic import ContentStream
from world_scripts import (
    MIXED_LINE,
    RTL_PARAGRAPH,
    SECTION_TITLE,
    TITLE,
    WORLD,
    add_world_book,
)

from app.assemble import build_document
from app.document import BookDocument, Edition, Heading, Paragraph, Run
from app.glyphs import coverage, undrawable
from app.store import Store
from exports import docx_writer, font_coverage, pdf_writer
from exports.docx_scripts import script_runs
from exports.fonts import REPLACEMENT, SANS, SCRIPT_FONTS, SERIF, font_runs, register_fonts

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CONTROLS = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\u00ad]")


@pytest.fixture(scope="module")
def world_document(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BookDocument]:
    store = Store.open(tmp_path_factory.mktemp("world") / "store.sqlite")
    try:
        book_id = add_world_book(store)
        yield build_document(store.load_book_content(book_id), Edition.FULL, TODAY)
    finally:
        store.close()


@pytest.fixture(scope="module")
def world_pdf(tmp_path_factory: pytest.TempPathFactory, world_document: BookDocument) -> Path:
    path = tmp_path_factory.mktemp("world-pdf") / "world.pdf"
    for _ in pdf_writer.write(world_document, path):
        pass
    return path


@pytest.fixture(scope="module")
def world_docx(tmp_path_factory: pytest.TempPathFactory, world_document: BookDocument) -> Path:
    path = tmp_path_factory.mktemp("world-docx") / "world.docx"
    for _ in docx_writer.write(world_document, path):
        pass
    return path


def _reader_text(text: str) -> str:
    """What a reader's search compares: NFKC (Arabic presentation forms back to letters),
    direction marks pdftotext adds around right-to-left runs dropped."""
    return _CONTROLS.sub("", unicodedata.normalize("NFKC", text))


def _words(text: str) -> list[str]:
    """Words as a reader's search sees them: split at spaces and at the zero-width non-joiner
    (Persian writes one inside a name; pdftotext may give its two parts in either order)."""
    parts = re.split(r"[\s\u200c\u200d]+", unicodedata.normalize("NFKC", text))
    return [w for w in (_reader_text(part) for part in parts) if w]


def _letters(word: str) -> Counter[str]:
    return Counter(c for c in unicodedata.normalize("NFKD", word) if not c.isspace())


# --- the PDF ---------------------------------------------------------------------------------


@pytest.mark.parametrize("counterpart", WORLD, ids=[c.script for c in WORLD])
def test_each_native_name_reads_back_from_the_pdf(world_pdf: Path, counterpart: object) -> None:
    raw = pdftotext(world_pdf)
    text = _reader_text(raw)
    lines = [_reader_text(line) for line in raw.splitlines()]
    # Three lines at a time: pdftotext puts a vowel sign drawn above or below its letter
    # (Oriya, Thaana) on a line of its own.
    windows = [_letters(" ".join(lines[i : i + 3])) for i in range(len(lines))]
    native: str = counterpart.native  # type: ignore[attr-defined]
    if counterpart.readback == "exact":  # type: ignore[attr-defined]
        # The whole name, its words in the order typed (a zero-width non-joiner aside).
        assert " ".join(_reader_text(native).split()) in " ".join(text.split())
    for word in _words(native):
        if counterpart.readback == "exact":  # type: ignore[attr-defined]
            assert word in text, word
        else:
            # Drawn order: every letter of the word comes back, in the order drawn.
            wanted = _letters(word)
            assert any(not wanted - window for window in windows), word
    assert "\ufffd" not in text
    assert not re.search("[\ue000-\uf8ff]", text)  # no private-use glyph codes


def test_right_to_left_and_mixed_lines_keep_their_words_in_reading_order(world_pdf: Path) -> None:
    # pdftotext puts right-to-left runs back in logical order (it moves a space or two across
    # a run's edge): the words must come out in the order typed, so the lines were drawn in
    # the right visual order.
    lines = ["".join(_reader_text(line).split()) for line in pdftotext(world_pdf).splitlines()]
    assert "".join(_reader_text(MIXED_LINE).split()) in lines
    # pdftotext reads every line left to right: the right-to-left paragraph's Latin words come
    # first, then its Arabic, in the order typed (drawn in reverse, as it must be). The full
    # stop typed last ends the right-to-left paragraph: it stands at its left end, before
    # "John Smith", as Word and browsers put it (Unicode's rule N2).
    arabic, latin = RTL_PARAGRAPH.split(" 12 ")[0], ".John Smith"
    line = next(line for line in lines if "".join(arabic.split()) in line)
    assert line.startswith("".join(latin.split()))


def _outline_titles(items: list[object]) -> list[str]:
    titles: list[str] = []
    for item in items:
        if isinstance(item, list):
            titles += _outline_titles(item)
        else:
            titles.append(str(item.title))  # type: ignore[attr-defined]
    return titles


def test_the_title_in_bookmarks_metadata_and_cover_keeps_its_scripts(world_pdf: Path) -> None:
    reader = PdfReader(world_pdf)
    assert reader.metadata is not None and reader.metadata.title == TITLE
    titles = _outline_titles(reader.outline)
    assert SECTION_TITLE in titles  # a bookmark in three scripts
    contents = _reader_text(reader.pages[1].extract_text())
    assert "赵思远" in contents and "ნინო ბერიძე" in contents  # and its contents line
    for counterpart in WORLD:
        assert any(counterpart.name in title for title in titles), counterpart.name
    first_page = _reader_text(reader.pages[0].extract_text())
    assert "地区访问" in first_page and "مهمة" in first_page


def _subset_glyph_ids(font_program: bytes) -> list[int]:
    """A reportlab subset's ``cmap`` (format 6): code -> glyph id in the subset."""
    tables = struct.unpack(">H", font_program[4:6])[0]
    for index in range(tables):
        tag, _, offset, _ = struct.unpack(">4sIII", font_program[12 + 16 * index : 28 + 16 * index])
        if tag == b"cmap":
            at = offset + 12
            fmt, _, _, first, count = struct.unpack(">5H", font_program[at : at + 10])
            assert fmt == 6 and first == 0
            return list(struct.unpack(f">{count}H", font_program[at + 10 : at + 10 + 2 * count]))
    raise AssertionError("no cmap in the embedded font")


def notdef_uses(path: Path) -> list[tuple[str, int]]:
    """(font, code) for every character a page draws as nothing: with glyph 0 (the font's
    .notdef box) or with code 0, reportlab's stand-in for a character its font lacks (Noto
    maps it to an empty glyph: the blank this issue was about)."""
    reader = PdfReader(path)
    found: list[tuple[str, int]] = []
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        glyphs = {
            name: (
                str(ref.get_object()["/BaseFont"]),
                _subset_glyph_ids(
                    ref.get_object()["/FontDescriptor"]["/FontFile2"].get_object().get_data()
                ),
            )
            for name, ref in fonts.items()
            if "/FontDescriptor" in ref.get_object()  # reportlab's unused default Helvetica
        }
        current = None
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"Tf":
                current = glyphs.get(operands[0])
                continue
            if operator not in (b"Tj", b"TJ", b"'", b'"') or current is None:
                continue
            strings = operands[0] if operator == b"TJ" else operands[-1:]
            for string in strings:
                if isinstance(string, (int, float)):
                    continue
                data = string.original_bytes if hasattr(string, "original_bytes") else bytes(string)
                found += [(current[0], code) for code in data if code == 0 or current[1][code] == 0]
    return found


def test_no_name_is_drawn_with_the_notdef_glyph(world_pdf: Path) -> None:
    assert notdef_uses(world_pdf) == []
    embedded = {
        str(ref.get_object()["/BaseFont"]).split("+")[-1]
        for page in PdfReader(world_pdf).pages
        for ref in page["/Resources"].get_object()["/Font"].values()
    }
    # Every script font took part, bold faces included where the script has one.
    for font in SCRIPT_FONTS:
        stem = font.regular.removesuffix(".ttf.xz").split("-")[0].removesuffix("Full")
        assert any(name.startswith(stem) for name in embedded), stem
    assert "NotoSansArabic-Bold" in embedded and "NotoSansDevanagari-Bold" in embedded


def test_the_notdef_check_sees_a_box(tmp_path: Path) -> None:
    """The check above can fail: Arabic drawn in Noto Serif (no Arabic) is caught."""
    from reportlab.pdfgen.canvas import Canvas

    register_fonts()
    path = tmp_path / "boxes.pdf"
    canvas = Canvas(str(path))
    canvas.setFont(SERIF, 12)
    canvas.drawString(72, 720, "Salman سلمان")
    canvas.save()
    assert len(notdef_uses(path)) == len("سلمان")


def test_a_character_no_font_has_prints_a_visible_replacement(tmp_path: Path) -> None:
    document = BookDocument(
        title="N'Ko",
        marking="",
        page_size="a4",
        edition=Edition.FULL,
        blocks=[Paragraph([Run("Tenzin ߒߞߏ Dorje")])],  # N'Ko: no bundled font
    )
    path = tmp_path / "tibetan.pdf"
    for _ in pdf_writer.write(document, path):
        pass
    text = pdftotext(path)
    assert "Tenzin" in text and "Dorje" in text
    assert text.count(REPLACEMENT) == len("ߒߞߏ")
    assert notdef_uses(path) == []


def test_a_right_to_left_list_has_its_bullets_on_the_right(tmp_path: Path) -> None:
    from app.document import ListBlock, ListItem

    def items(*texts: str) -> list[ListItem]:
        return [ListItem([Paragraph([Run(text)])]) for text in texts]

    document = BookDocument(
        title="Lists",
        marking="",
        page_size="a4",
        edition=Edition.FULL,
        blocks=[
            ListBlock(False, items("سلمان الفارسي", "وزير التجارة")),
            ListBlock(False, items("Latin first", "and second")),
        ],
    )
    path = tmp_path / "lists.pdf"
    for _ in pdf_writer.write(document, path):
        pass
    boxes = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    pattern = r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]+)<'
    words = [
        (float(x0), float(y0), float(x1), float(y1), word)
        for x0, y0, x1, y1, word in re.findall(pattern, boxes)
    ]
    bullets = [w for w in words if w[4] == "•"]
    assert len(bullets) == 4
    for x0, y0, x1, y1, _ in bullets:
        middle = (y0 + y1) / 2
        line = [w for w in words if w[4] != "•" and w[1] <= middle <= w[3]]
        assert line, (x0, middle)
        if all(word.isascii() for *_, word in line):
            assert x1 < min(w[0] for w in line)  # a Latin list: bullet on the left
        else:
            assert x0 > max(w[2] for w in line)  # an Arabic list: bullet on the right


def test_a_line_may_start_with_a_raised_glyph(tmp_path: Path) -> None:
    """reportlab 5.1 raised IndexError when a text object's first glyph had a y offset."""
    document = BookDocument(
        title="Lao",
        marking="ສົມພອນ",
        page_size="a4",
        edition=Edition.FULL,
        footer_title="ສົມພອນ",
        blocks=[Heading(1, "ສົມພອນ", "h"), Paragraph([Run("ສົມພອນ ແກ້ວມະນີ")])],
    )
    path = tmp_path / "lao.pdf"
    for _ in pdf_writer.write(document, path):
        pass
    assert "ແກ້ວມະນີ" in _reader_text(pdftotext(path))


def test_reportlab_still_shapes_a_mixed_font_word_with_one_font() -> None:
    """Why exports.pdf_shaping exists: reportlab's own shapeFragWord draws a word mixing two
    fonts with the first font's glyph ids. When this fails, reportlab fixed it: remove the
    wrapper."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus.paragraph import _getFragWords
    from reportlab.platypus.paraparser import ParaParser

    from exports import pdf_shaping
    from exports.fonts import script_face

    register_fonts()
    arabic = script_face("BriefBookArabic", False)
    style = ParagraphStyle("probe", fontName=SERIF, fontSize=10)
    _, frags, _ = ParaParser().parse(f'x<font face="{arabic}">سلمان</font>', style)
    word = _getFragWords(frags, 500)[0]
    upstream = pdf_shaping._original(word, pdf_shaping.FEATURES, False)
    ours = pdf_shaping.shape_word(word)
    assert [str(item[1]) for item in ours[1:]] != [str(item[1]) for item in upstream[1:]]


def test_latin_paragraphs_are_laid_out_as_before() -> None:
    """Cost only where used: a Latin, Cyrillic or Greek paragraph gets no font tags, no
    shaping and no reordering."""
    from exports.pdf_markup import text_markup
    from exports.pdf_styles import make_styles
    from exports.pdf_text import script_style

    body = make_styles()["body"]
    for text in ("Bakı, Azərbaycan", "Тоқаев and Ελένη", "Nguyễn Thị Thu Hương"):
        assert script_style(body, text) is body
        assert "<font" not in text_markup(text)


def test_coverage_table_matches_the_font_files() -> None:
    assert coverage() == {
        name: tuple(tuple(pair) for pair in ranges)
        for name, ranges in font_coverage.compute().items()
    }


def test_bold_faces_draw_what_their_regular_faces_draw() -> None:
    """Fallback picks a font by its regular face; the bold face must not lack a letter."""
    table = coverage()
    for font in SCRIPT_FONTS:
        if font.bold:
            assert table[font.bold] == table[font.regular], font.family


# --- font runs ---------------------------------------------------------------------------------

_SCRIPT_SAMPLES = st.sampled_from([c.native for c in WORLD])
_WORLD_TEXT = st.lists(
    st.one_of(
        _SCRIPT_SAMPLES,
        st.text(alphabet=st.characters(codec="utf-8", categories=("L", "M", "N", "P", "Zs"))),
    ),
    max_size=6,
).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(_WORLD_TEXT)
def test_font_runs_keep_every_character_and_draw_each_with_a_font_that_has_it(text: str) -> None:
    from app.glyphs import needs_no_glyph

    runs = font_runs(text, SERIF)
    missing = set(undrawable(text))

    def visible(chars: str) -> str:
        # Spaces may become plain spaces and invisible controls may go: compare the rest.
        kept = (" " if ch.isspace() else ch for ch in chars)
        return "".join(ch for ch in kept if ch == " " or not needs_no_glyph(ch))

    drawn = "".join(piece for piece, _ in runs)
    assert visible(drawn) == visible("".join(REPLACEMENT if ch in missing else ch for ch in text))
    table = coverage()
    for piece, family in runs:
        font = (
            "NotoSerif-Regular.ttf"
            if family is None
            else next(f.regular for f in SCRIPT_FONTS if f.family == family)
        )
        for ch in piece:
            assert any(a <= ord(ch) <= b for a, b in table[font]), (ch, font)


@settings(max_examples=30, deadline=None)
@given(_WORLD_TEXT)
def test_world_text_exports_to_pdf_with_no_notdef_glyph(text: str) -> None:
    import tempfile

    document = BookDocument(
        title=text or "x",
        marking="",
        page_size="a4",
        edition=Edition.FULL,
        blocks=[Heading(1, text or "x", "h"), Paragraph([Run(text or "x"), Run("b", bold=True)])],
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.pdf"
        for _ in pdf_writer.write(document, path):
            pass
        assert notdef_uses(path) == []


def test_the_sans_and_serif_families_draw_the_same_characters() -> None:
    table = coverage()
    assert table["NotoSans-Regular.ttf"] == table["NotoSerif-Regular.ttf"]
    assert SANS  # headings use Sans: same coverage, same fallback


# --- the DOCX --------------------------------------------------------------------------------


def _docx_runs(path: Path) -> list[tuple[str, dict[str, str], bool, str | None]]:
    """(text, rFonts attributes, w:rtl?, w:lang attributes as "slot=tag") of every run."""
    from lxml import etree

    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    out = []
    for run in root.iter(W + "r"):
        text = "".join(t.text or "" for t in run.iter(W + "t"))
        fonts = run.find(f"{W}rPr/{W}rFonts")
        lang = run.find(f"{W}rPr/{W}lang")
        out.append(
            (
                text,
                {
                    k.removeprefix(W): v
                    for k, v in (fonts.attrib if fonts is not None else {}).items()
                },
                run.find(f"{W}rPr/{W}rtl") is not None,
                ";".join(f"{k.removeprefix(W)}={v}" for k, v in lang.attrib.items())
                if lang is not None
                else None,
            )
        )
    return out


@pytest.mark.parametrize("counterpart", WORLD, ids=[c.script for c in WORLD])
def test_each_native_name_reads_back_from_the_docx_in_its_fonts(
    world_docx: Path, counterpart: object
) -> None:
    runs = _docx_runs(world_docx)
    native: str = counterpart.native  # type: ignore[attr-defined]
    whole = "".join(text for text, _, _, _ in runs)
    assert native in whole
    for piece, script in script_runs(native):
        if script is None or not piece.strip():
            continue
        carrying = [run for run in runs if piece.strip() in run[0]]
        assert carrying, piece
        for _, fonts, rtl, lang in carrying:
            assert fonts == dict.fromkeys(("ascii", "hAnsi", "eastAsia", "cs"), script.font)
            assert rtl == script.rtl
            assert lang == f"{script.lang_slot}={script.lang}"


def test_right_to_left_paragraphs_are_marked_bidi_and_others_not(world_docx: Path) -> None:
    from lxml import etree

    with zipfile.ZipFile(world_docx) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    marked, unmarked = [], []
    for p in root.iter(W + "p"):
        text = "".join(t.text or "" for t in p.iter(W + "t"))
        (marked if p.find(f"{W}pPr/{W}bidi") is not None else unmarked).append(text)
    assert RTL_PARAGRAPH in marked
    assert "سلمان عبد الرحيم الفارس" in marked  # the profile's native-name line
    assert MIXED_LINE in unmarked  # Latin first: left to right, the Arabic run inside is rtl


def test_docx_with_latin_text_only_gains_no_script_runs(tmp_path: Path) -> None:
    document = BookDocument(
        title="Baku",
        marking="",
        page_size="a4",
        edition=Edition.FULL,
        blocks=[Paragraph([Run("Bakı, Azərbaycan — Тоқаев, Ελένη")])],
    )
    path = tmp_path / "latin.docx"
    for _ in docx_writer.write(document, path):
        pass
    runs = [r for r in _docx_runs(path) if "Bakı" in r[0]]
    assert runs == [("Bakı, Azərbaycan — Тоқаев, Ελένη", {}, False, None)]


def test_docx_bytes_are_a_valid_package(world_docx: Path) -> None:
    from docx import Document

    paragraphs = Document(io.BytesIO(world_docx.read_bytes())).paragraphs
    assert any("赵思远" in p.text for p in paragraphs)


# --- line order -------------------------------------------------------------------------------


def _drawn(text: str, width: float = 1000) -> str:
    """The first line of ``text`` as drawn, left to right (Arabic letters as drawn glyphs)."""
    from reportlab.lib.styles import ParagraphStyle

    from exports.pdf_markup import text_markup
    from exports.pdf_text import ScriptParagraph, script_style, visual_order

    register_fonts()
    style = script_style(ParagraphStyle("probe", fontName=SERIF, fontSize=10), text)
    paragraph = ScriptParagraph(text_markup(text), style)
    paragraph.wrap(width, 1000)
    line = paragraph.blPara.lines[0]
    return "".join(str(frag.text) for frag in visual_order(line.words, style.bidi_direction))


def _latin_part(drawn: str) -> str:
    """Latin kept (its ﬁ ligature undone), each Arabic glyph shown as #."""
    text = unicodedata.normalize("NFKC", drawn.replace("\ufb01", "fi"))
    return "".join(ch if ord(ch) < 0x600 else "#" for ch in text)


def test_brackets_pair_and_mirror_as_word_does() -> None:
    # A Latin name in brackets inside an Arabic sentence: LibreOffice and Word draw it
    # ".leads the file (Salman Al-Fares) <Arabic>" (Unicode N0 and mirroring).
    drawn = _latin_part(_drawn("سلمان الفارس (Salman Al-Fares) leads the file."))
    assert drawn.startswith(".leads the file (Salman Al-Fares) #")
    # In a Latin line an Arabic name in brackets keeps Latin brackets, the name reversed.
    drawn = _latin_part(_drawn("Met Salman (سلمان الفارس) today."))
    assert drawn.startswith("Met Salman (#") and drawn.endswith("#) today.")


def test_numbers_keep_their_digits_in_order_inside_arabic() -> None:
    drawn = _latin_part(_drawn("يوم 2026 مارس"))
    assert "2026" in drawn


@pytest.mark.parametrize(
    ("native", "lang", "rtl"),
    [
        ("سلمان عبد الرحيم الفارس", "bidi=ar-SA", True),
        ("کامران رضایی‌نژاد", "bidi=fa-IR", True),
        ("نوید اقبال چوہدری", "bidi=ur-PK", True),
        ("נועה בן־דוד", "bidi=he-IL", True),
        ("अनन्या शर्मा", "bidi=hi-IN", False),
        ("สมชาย ใจดี", "bidi=th-TH", False),
        ("ნინო ბერიძე", "val=ka-GE", False),
        ("赵思远", "eastAsia=zh-CN", False),
        ("高橋さくら", "eastAsia=ja-JP", False),
        ("박서연", "eastAsia=ko-KR", False),
    ],
)
def test_docx_names_the_language_word_needs(
    world_docx: Path, native: str, lang: str, rtl: bool
) -> None:
    runs = [run for run in _docx_runs(world_docx) if run[0].strip() == native]
    assert runs, native
    for _, _, run_rtl, run_lang in runs:
        assert (run_lang, run_rtl) == (lang, rtl)
