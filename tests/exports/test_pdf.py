"""The PDF book, read back with pypdf and poppler's pdftotext.

Reference output: ``reference/sample-book.pdf-text.txt`` is ``pdftotext -layout`` of the sample
book's full edition exported on TODAY (see book_support.py) with ``invariant=True``. A layout
change must be deliberate: look at the new pages, then regenerate the reference with

    .venv/bin/python tests/exports/test_pdf.py --regenerate
"""

from __future__ import annotations

import io
import re
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from book_support import (
    HANDOUT_FORBIDDEN,
    PHOTO_SIZE,
    TODAY,
    pdf_pages_text,
    pdftotext,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image as PILImage
from pypdf import PdfReader
from pypdf.generic import ContentStream

from app.assemble import HANDOUT_NOTE, build_document
from app.document import BookDocument, Edition, Paragraph, Picture, Run, TableOfContents
from app.domain import (
    Book,
    BookContent,
    Image,
    Meeting,
    Note,
    Participant,
    ParticipantEntry,
    Person,
    Section,
)
from app.store import Store
from exports import pdf_writer
from exports.pdf_images import PRINT_DPI

REFERENCE = Path(__file__).parent / "reference" / "sample-book.pdf-text.txt"
BASE14 = ("Helvetica", "Times", "Courier", "Symbol", "ZapfDingbats")


def write_pdf(document: BookDocument, path: Path) -> list[float]:
    return list(pdf_writer.write(document, path, invariant=True))


def printed_pages(path: Path) -> list[str]:
    return pdf_pages_text(path)


def outline_titles(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(depth, title, page index) for every outline entry, in order."""
    found: list[tuple[int, str, int]] = []

    def walk(items: list, depth: int) -> None:  # type: ignore[type-arg]
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, str(item.title), reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return found


# --- the test book ----------------------------------------------------------------------


def test_cover_has_no_number_and_numbering_starts_after_it(test_pdfs: dict[Edition, Path]) -> None:
    pages = printed_pages(test_pdfs[Edition.FULL])
    assert "Page " not in pages[0]
    total = len(pages) - 1
    assert f"Page 1 of {total}" in pages[1]
    for index, text in enumerate(pages[1:], start=1):
        assert f"Page {index} of {total}" in text
        assert "Trade mission to Bakı" in text  # the footer's title


def test_cover_text(test_pdfs: dict[Edition, Path]) -> None:
    cover = printed_pages(test_pdfs[Edition.FULL])[0]
    for expected in (
        "OFFICIAL-SENSITIVE",
        "TRADE DEVELOPMENT OFFICE",
        "Trade mission to Bakı",
        "Follow-up talks — ə ğ ı ş İ",
        "Bakı, Azərbaycan",
        "2–3 December 2026",
        "Prepared by Regional desk",
        "Exported 20 November 2026",
    ):
        assert expected in cover, expected
    assert HANDOUT_NOTE not in cover
    assert HANDOUT_NOTE in printed_pages(test_pdfs[Edition.HANDOUT])[0]


def test_marking_on_every_page_top_and_bottom(test_pdfs: dict[Edition, Path]) -> None:
    for path in test_pdfs.values():
        for text in printed_pages(path):
            lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
            assert lines[0] == "OFFICIAL-SENSITIVE"
            assert lines[-1] == "OFFICIAL-SENSITIVE"


def test_contents_schedule_profile_and_note_pages(test_pdfs: dict[Edition, Path]) -> None:
    pages = printed_pages(test_pdfs[Edition.FULL])
    assert "Contents" in pages[1]
    schedule = next(p for p in pages if "Wednesday 2 December 2026" in p and "Time" in p)
    for expected in ("10:00–11:00", "Meeting with the Deputy Minister", "Asia/Baku (UTC+04:00)"):
        assert expected in schedule
    assert "Eleni Papadopoulou" in schedule
    profile = next(p for p in pages if "H.E. Anar Əliyev" in p and "Pronunciation" in p)
    for expected in ("Анар Алиев", "ah-NAR ah-LEE-yev", "Deputy Minister", "Counterpart"):
        assert expected in profile
    assert "Verified as of 1 October 2026" in profile
    assert "PERSON-POINT-TEXT" in profile
    note = next(p for p in pages if "Rail corridor" in p and "Railway infrastructure" in p)
    for expected in (
        "https://example.org/rail",
        "Ministry briefing, 2026",
        "As of 1 November 2026",
    ):
        assert expected in note


def _toc_numbers(contents_page: str) -> dict[str, int]:
    numbers = {}
    for line in contents_page.splitlines():
        match = re.match(r"\s*(.+?)[\s.]*\s(\d+)\s*$", line)
        if match and "Page " not in line:
            numbers[match.group(1).strip()] = int(match.group(2))
    return numbers


@pytest.mark.parametrize("which", ["test", "sample"])
def test_contents_page_numbers_match_the_headings(
    which: str,
    test_pdfs: dict[Edition, Path],
    sample_pdfs: dict[Edition, Path],
    test_documents: dict[Edition, BookDocument],
) -> None:
    path = (test_pdfs if which == "test" else sample_pdfs)[Edition.FULL]
    reader = PdfReader(path)
    contents = pdftotext(path, layout=True, first=2, last=2)
    numbers = _toc_numbers(contents)
    outline = {title: page for _, title, page in outline_titles(reader)}
    pages = printed_pages(path)
    checked = 0
    for title, number in numbers.items():
        assert title in outline, title
        # the outline points at the page the contents names, and the heading is on it
        assert outline[title] == number, title
        assert title in pages[number], title
        checked += 1
    assert checked >= (20 if which == "sample" else 12)
    if which == "test":
        toc = test_documents[Edition.FULL].blocks[2]
        assert isinstance(toc, TableOfContents)
        assert set(numbers) == {entry.text for entry in toc.entries}


def test_contents_entries_are_links(test_pdfs: dict[Edition, Path]) -> None:
    reader = PdfReader(test_pdfs[Edition.FULL])
    annotations = [a.get_object() for a in reader.pages[1].get("/Annots", [])]
    links = [a for a in annotations if a.get("/Subtype") == "/Link"]
    toc = _toc_numbers(pdftotext(test_pdfs[Edition.FULL], layout=True, first=2, last=2))
    assert len(links) == len(toc)
    for link in links:
        dest = link["/Dest"] if "/Dest" in link else link["/A"]["/D"]
        assert dest is not None


def test_bookmarks_mirror_the_headings(test_pdfs: dict[Edition, Path]) -> None:
    outline = outline_titles(PdfReader(test_pdfs[Edition.FULL]))
    top = [title for depth, title, _ in outline if depth == 0]
    assert top == ["Contents", "Schedule", "Brief", "Participants", "Sector notes"]
    second = [title for depth, title, _ in outline if depth == 1]
    assert "H.E. Anar Əliyev" in second and "Situation" in second and "Rail corridor" in second
    # a heading inside a section body ("# Background") is one level further down
    assert (2, "Background") in [(d, t) for d, t, _ in outline]


def test_metadata(test_pdfs: dict[Edition, Path]) -> None:
    meta = PdfReader(test_pdfs[Edition.FULL]).metadata
    assert meta is not None
    assert meta.title == "Trade mission to Bakı"
    assert meta.author == "Regional desk"
    assert meta.subject is not None and "Bakı, Azərbaycan" in meta.subject
    assert meta.creator == "BriefBook"
    keywords = str(meta.get("/Keywords"))
    assert "briefing book" in keywords and "OFFICIAL-SENSITIVE" in keywords


def _fonts(reader: PdfReader) -> dict[str, object]:
    fonts: dict[str, object] = {}

    def collect(resources: object) -> None:
        if not resources:
            return
        resources = resources.get_object()  # type: ignore[attr-defined]
        for ref in resources.get("/Font", {}).values():  # type: ignore[attr-defined]
            font = ref.get_object()
            fonts[str(font["/BaseFont"])] = font
        for ref in resources.get("/XObject", {}).values():  # type: ignore[attr-defined]
            xobject = ref.get_object()
            if xobject.get("/Subtype") == "/Form":
                collect(xobject.get("/Resources"))

    for page in reader.pages:
        collect(page.get("/Resources"))
    return fonts


def test_every_font_is_embedded_and_none_is_base14(test_pdfs: dict[Edition, Path]) -> None:
    fonts = _fonts(PdfReader(test_pdfs[Edition.FULL]))
    assert fonts
    names = " ".join(fonts)
    assert "NotoSerif" in names and "NotoSans" in names
    for name, font in fonts.items():
        assert not any(base in name for base in BASE14), name
        descriptor = font["/FontDescriptor"].get_object()  # type: ignore[index]
        assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), name


def test_azerbaijani_cyrillic_and_greek_read_back(test_pdfs: dict[Edition, Path]) -> None:
    text = pdftotext(test_pdfs[Edition.FULL])
    for expected in ("ə ğ ı ş İ", "Azərbaycan", "Привет", "Ελληνικά", "Ελένη Παπαδοπούλου"):
        assert expected in text


def test_markdown_body_reads_back(test_pdfs: dict[Edition, Path]) -> None:
    text = pdftotext(test_pdfs[Edition.FULL])
    for expected in (
        "AT&T says 5 < 6 > 4 \"quoted\" 'single'",
        "Raw <b>not bold</b> stays as written.",
        "nested bullet ə ğ ı ş İ",
        "A quoted remark from the ministry.",
        "Ministry of Digital Development",
        "code_line = 1",
    ):
        assert expected in text, expected


def test_handout_pdf_leaks_nothing_internal(test_pdfs: dict[Edition, Path]) -> None:
    full = pdftotext(test_pdfs[Edition.FULL])
    handout = pdftotext(test_pdfs[Edition.HANDOUT])
    for marker in HANDOUT_FORBIDDEN:
        assert marker in full, marker
        assert marker not in handout, marker
    assert "Talking points" not in handout and "TALKING POINTS" not in handout
    titles = [title for _, title, _ in outline_titles(PdfReader(test_pdfs[Edition.HANDOUT]))]
    assert "Internal assessment" not in titles and "Internal logistics note" not in titles
    assert "Situation" in titles


def test_sample_handout_leaks_nothing(sample_pdfs: dict[Edition, Path]) -> None:
    handout = pdftotext(sample_pdfs[Edition.HANDOUT])
    assert "Delegation logistics" not in handout
    assert "Talking points" not in handout and "TALKING POINTS" not in handout
    assert "these points stay out of the handout" not in handout
    assert "Handout edition" in handout


def _image_placements(reader: PdfReader) -> list[tuple[int, int, float, float]]:
    """(pixel width, pixel height, shown width, shown height) for every image drawn."""
    found = []
    for page in reader.pages:
        xobjects = page["/Resources"].get("/XObject", {})
        matrix: list[float] = []
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"cm":
                matrix = [float(v) for v in operands]
            elif operator == b"Do":
                xobject = xobjects[operands[0]].get_object()
                if xobject.get("/Subtype") == "/Image":
                    found.append(
                        (int(xobject["/Width"]), int(xobject["/Height"]), matrix[0], matrix[3])
                    )
    return found


def test_photo_is_embedded_with_its_aspect(test_pdfs: dict[Edition, Path]) -> None:
    [(width, height, shown_w, shown_h)] = _image_placements(PdfReader(test_pdfs[Edition.FULL]))
    assert (width, height) == PHOTO_SIZE  # small enough already: never enlarged
    assert shown_w == pytest.approx(1.6 * 72)
    assert shown_h / shown_w == pytest.approx(height / width, rel=1e-3)


def _photo(size: tuple[int, int], mode: str = "RGB") -> Image:
    picture = PILImage.new(mode, size, (200, 30, 30, 128) if mode == "RGBA" else (200, 30, 30))
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return Image("sha-" + "x".join(map(str, size)) + mode, "image/png", out.getvalue(), *size)


def _document(blocks: list, page_size: str = "letter") -> BookDocument:  # type: ignore[type-arg]
    return BookDocument(
        title="T",
        marking="M",
        page_size=page_size,
        edition=Edition.FULL,
        footer_title="T",
        blocks=blocks,
    )


def test_large_photos_are_downscaled_never_stretched(tmp_path: Path) -> None:
    big = _photo((2000, 3000))
    wide = _photo((1200, 400), "RGBA")
    path = tmp_path / "photos.pdf"
    write_pdf(_document([Picture(big, "big", 1.6), Picture(wide, "wide", 3.0)]), path)
    placements = _image_placements(PdfReader(path))
    assert len(placements) == 2
    for (width, height, shown_w, shown_h), (source, width_in) in zip(
        placements, [(big, 1.6), (wide, 3.0)], strict=True
    ):
        assert width == round(width_in * PRINT_DPI)
        assert width / height == pytest.approx(source.width / source.height, rel=0.01)
        assert shown_h / shown_w == pytest.approx(source.height / source.width, rel=1e-3)


def test_undecodable_photo_prints_its_description(tmp_path: Path) -> None:
    broken = Image("broken", "image/png", b"\x89PNG\r\n\x1a\nnot really", 10, 10)
    path = tmp_path / "broken.pdf"
    write_pdf(_document([Picture(broken, "Portrait of nobody", 1.6)]), path)
    assert "[Portrait of nobody]" in pdftotext(path)


def test_page_sizes(tmp_path: Path) -> None:
    for size, expected in (("letter", (612, 792)), ("a4", (595, 842))):
        path = tmp_path / f"{size}.pdf"
        write_pdf(_document([Paragraph([Run("x")])], size), path)
        box = PdfReader(path).pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == expected


def test_progress_rises_to_one(test_documents: dict[Edition, BookDocument], tmp_path: Path) -> None:
    progress = write_pdf(test_documents[Edition.FULL], tmp_path / "p.pdf")
    assert progress[0] == 0.0 and progress[-1] == 1.0
    assert progress == sorted(progress) and len(progress) >= 5


def test_stopping_the_writer_writes_nothing(
    test_documents: dict[Edition, BookDocument], tmp_path: Path
) -> None:
    path = tmp_path / "cancelled.pdf"
    steps = pdf_writer.write(test_documents[Edition.FULL], path)
    next(steps)
    next(steps)
    steps.close()
    assert not path.exists()


# --- the sample book --------------------------------------------------------------------


def test_sample_profiles_are_not_split(sample_pdfs: dict[Edition, Path]) -> None:
    pages = printed_pages(sample_pdfs[Edition.FULL])
    for name in ("Mr. Carl B. Kress", "H.E. Sameddin F. Asadov", "H.E. Elnur Mammadov"):
        page = next(p for p in pages[2:] if f"\n{name}\n" in f"\n{p}")
        after = page[page.index(name) :]
        assert "Verified as of" in after, name


def test_no_heading_is_left_alone_at_the_foot_of_a_page(sample_pdfs: dict[Edition, Path]) -> None:
    reader = PdfReader(sample_pdfs[Edition.FULL])
    pages = printed_pages(sample_pdfs[Edition.FULL])
    for _, title, page in outline_titles(reader):
        lines = [line.strip() for line in pages[page].splitlines() if line.strip()]
        after = lines[lines.index(title) + 1 :] if title in lines else []
        body = [
            line
            for line in after
            if line not in ("UNCLASSIFIED", "Baku trade and development meetings")
            and not line.startswith("Page ")
        ]
        assert body, f"{title!r} ends page {page}"


def test_sample_book_matches_the_reference_text(sample_pdfs: dict[Edition, Path]) -> None:
    text = pdftotext(sample_pdfs[Edition.FULL], layout=True)
    assert text == REFERENCE.read_text(encoding="utf-8"), (
        "The sample book's layout changed; if that is deliberate, regenerate the reference "
        "(see this module's docstring)."
    )


# --- hostile text -------------------------------------------------------------------------

HOSTILE = "Fish & chips < > \" ' <b>not bold</b> &amp; \x07bell \u202eRTL\u202c שלום مرحبا 🇦🇿👩‍💻"
LONG_WORD = "Q" * 1000


def _hostile_content(text: str, body: str, page_size: str = "letter") -> BookContent:
    book = Book(
        title=text,
        subtitle=text,
        destination=text,
        start_date=date(2026, 12, 1),
        end_date=date(2026, 12, 2),
        marking=text[:60],
        prepared_by=text,
        organization=text,
        purpose=body,
        page_size=page_size,
    )
    photo = _photo((120, 150))
    person = Person(
        name=text,
        native_name=text,
        honorific=text[:10],
        title=text,
        organization=text,
        country=text,
        bio=body,
        photo=photo.sha256,
        photo_alt=text,
        pronunciation=text,
        languages=[text, text],
        source=text,
        last_verified=date(2026, 1, 1),
    )
    return BookContent(
        book=book,
        sections=[Section(book_id=book.id, title=text, body=body, handout=True)],
        participants=[ParticipantEntry(Participant(book.id, person.id, text, body), person)],
        notes=[Note(title=text, sector=text, country=text, body=body, sources=[text, text])],
        meetings=[
            Meeting(
                book_id=book.id,
                title=text,
                start=datetime(2026, 12, 1, 9),
                end=datetime(2026, 12, 1, 10),
                timezone="Asia/Baku",
                location=text,
                objective=body,
                participants=[person.id],
            )
        ],
        images={photo.sha256: photo},
    )


def test_hostile_text_exports_and_reads_back(tmp_path: Path) -> None:
    body = f"{HOSTILE}\n\n{LONG_WORD}\n\n- {HOSTILE}\n\n| a | {HOSTILE} |\n|---|---|\n| {LONG_WORD} | x |"
    content = _hostile_content(f"{HOSTILE} {LONG_WORD}", body)
    for edition in Edition:
        path = tmp_path / f"hostile-{edition.value}.pdf"
        write_pdf(build_document(content, edition, TODAY), path)
        text = pdftotext(path)
        assert "Fish & chips < > \" ' <b>not bold</b> &amp; bell" in text
        assert "\x07" not in text
        assert LONG_WORD in re.sub(r"\s+", "", text)  # the long word wraps, nothing is lost


def test_hostile_outline_and_metadata(tmp_path: Path) -> None:
    content = _hostile_content(HOSTILE, HOSTILE)
    path = tmp_path / "hostile.pdf"
    write_pdf(build_document(content, Edition.FULL, TODAY), path)
    reader = PdfReader(path)
    assert reader.metadata is not None and reader.metadata.title == HOSTILE.replace("\x07", "")
    assert HOSTILE.replace("\x07", "") in [t for _, t, _ in outline_titles(reader)]


_field = st.text(max_size=30)


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(left=_field, right=_field, handout=st.booleans())
def test_any_unicode_in_every_field_exports(
    tmp_path: Path, left: str, right: str, handout: bool
) -> None:
    """Arbitrary text around a plain word in every field: the export never fails and the word
    reads back (characters the fonts cannot show are not asserted on)."""
    text = f"{left} Sentinelword {right}"
    body = f"{left}\n\nBodyword\n\n{right}"
    content = _hostile_content(text, body)
    path = tmp_path / "any.pdf"
    write_pdf(build_document(content, Edition.HANDOUT if handout else Edition.FULL, TODAY), path)
    read = pdftotext(path)
    assert read.count("Sentinelword") >= 8
    assert "Bodyword" in read


# --- reference regeneration ----------------------------------------------------------------


def _regenerate() -> None:
    import tempfile

    from app.sample import ensure_sample_book

    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "s.sqlite")
        try:
            book = ensure_sample_book(store)
            document = build_document(store.load_book_content(book.id), Edition.FULL, TODAY)
        finally:
            store.close()
        path = Path(folder) / "sample.pdf"
        write_pdf(document, path)
        REFERENCE.parent.mkdir(parents=True, exist_ok=True)
        REFERENCE.write_text(pdftotext(path, layout=True), encoding="utf-8")
    print(f"wrote {REFERENCE}")


if __name__ == "__main__" and "--regenerate" in sys.argv:
    _regenerate()


def test_very_long_heading_and_listing_export(tmp_path: Path) -> None:
    """A contents line never outgrows a page; a long listing splits between its lines."""
    title = "Very long title " * 400
    listing = "\n".join(f"step_{i} = {i}" for i in range(400))
    content = _hostile_content("x", f"```\n{listing}\n```")
    content.sections[0].title = title
    path = tmp_path / "long.pdf"
    write_pdf(build_document(content, Edition.FULL, TODAY), path)
    text = pdftotext(path)
    assert "step_0 = 0" in text and "step_399 = 399" in text
    assert "Very long title Very long title" in printed_pages(path)[1]  # cut short in the contents


def test_missing_font_files_stop_the_export_with_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.errors import ExportFailed
    from exports import fonts

    monkeypatch.setattr(fonts, "resource_path", tmp_path.joinpath)
    with pytest.raises(ExportFailed) as caught:
        fonts._check_files()
    assert "fonts are missing" in str(caught.value)
    assert "NotoSerif-Regular.ttf" in str(caught.value)


def test_bundled_fonts_cover_azerbaijani_cyrillic_and_greek() -> None:
    from exports import fonts

    for family in (fonts.SERIF, fonts.SANS, fonts.MONO):
        assert fonts.covers("ə ğ ı ş İ Ə Ğ Ş ç ö ü Жж Щщ Ωω άέ –—“”…•", family)
    assert not fonts.covers("😀")
