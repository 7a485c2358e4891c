"""Hostile and mislabelled files for the Word and contact imports: each is refused with one
sentence naming the file and the problem, and the store is left exactly as it was.

The files tried (counted in the closing note of issue 17): 15 Word documents (14 files and the
total unpacked-size cap), 10 spreadsheets and CSV files, 3 vCards, 2 photo folders: 30 in all.
A ``.docm`` with macros is imported with its macros ignored (``test_import_docx.py``).
"""

from __future__ import annotations

import io
import shutil
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PIL import Image as PILImage

import app.importing.limits
import app.importing.people_import
from app.errors import InvalidInput
from app.importing.docx_import import import_docx
from app.importing.people_import import import_people
from app.sample import ensure_sample_book
from app.store import Store

DATA = Path(__file__).parent / "data"
GOOD_DOCX = DATA / "desk-python-docx.docx"


@pytest.fixture
def sample_store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(tmp_path / "s.sqlite")
    ensure_sample_book(opened)
    try:
        yield opened
    finally:
        opened.close()


def state(store: Store) -> list[str]:
    return list(store.conn.iterdump())


def refused(store: Store, run: Callable[[], object], *words: str) -> str:
    before = state(store)
    with pytest.raises(InvalidInput) as caught:
        run()
    message = str(caught.value)
    assert "\n" not in message
    for word in words:
        assert word in message, message
    assert state(store) == before
    return message


def rewrite_docx(source: Path, target: Path, changes: dict[str, bytes]) -> Path:
    """A copy of ``source`` with some parts replaced or added."""
    with (
        zipfile.ZipFile(source) as original,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for info in original.infolist():
            if info.filename not in changes:
                out.writestr(info.filename, original.read(info.filename))
        for name, data in changes.items():
            out.writestr(name, data)
    return target


def document_xml() -> bytes:
    with zipfile.ZipFile(GOOD_DOCX) as package:
        return package.read("word/document.xml")


def png_claiming(width: int, height: int) -> bytes:
    def chunk(kind: bytes, payload: bytes) -> bytes:
        crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def media_name() -> str:
    with zipfile.ZipFile(GOOD_DOCX) as package:
        return next(n for n in package.namelist() if n.startswith("word/media/"))


# --- Word documents (14) ----------------------------------------------------------------------

BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
)
EXTERNAL_ENTITY = (
    b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>"
)


def word_cases(tmp_path: Path) -> dict[str, tuple[Path, tuple[str, ...]]]:
    cases: dict[str, tuple[Path, tuple[str, ...]]] = {}

    def add(name: str, path: Path, *words: str) -> None:
        cases[name] = (path, words)

    add(
        "billion laughs",
        rewrite_docx(GOOD_DOCX, tmp_path / "laughs.docx", {"word/document.xml": BILLION_LAUGHS}),
        "DOCTYPE",
    )
    add(
        "external entity",
        rewrite_docx(GOOD_DOCX, tmp_path / "xxe.docx", {"word/document.xml": EXTERNAL_ENTITY}),
        "entities",
    )
    styles_doctype = b'<?xml version="1.0"?><!DOCTYPE x SYSTEM "http://evil.test/x.dtd"><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'
    add(
        "DOCTYPE in styles",
        rewrite_docx(GOOD_DOCX, tmp_path / "styles.docx", {"word/styles.xml": styles_doctype}),
        "word/styles.xml",
    )
    bomb = tmp_path / "bomb.docx"
    padding = b"<!-- " + b" " * (8 * 1024 * 1024) + b" -->"
    rewrite_docx(
        GOOD_DOCX,
        bomb,
        {"word/document.xml": document_xml().replace(b"<w:body>", b"<w:body>" + padding, 1)},
    )
    add("zip bomb (ratio)", bomb, "implausible size")
    add(
        "picture that is not an image",
        rewrite_docx(
            GOOD_DOCX, tmp_path / "fakepic.docx", {media_name(): b"<html>not a picture</html>"}
        ),
        "picture",
        "not a usable image",
    )
    add(
        "picture bomb",
        rewrite_docx(
            GOOD_DOCX, tmp_path / "pixels.docx", {media_name(): png_claiming(100_000, 100_000)}
        ),
        "million pixels",
    )
    png = tmp_path / "photo.docx"
    buffer = io.BytesIO()
    PILImage.new("RGB", (4, 4)).save(buffer, format="PNG")
    png.write_bytes(buffer.getvalue())
    add("PNG named .docx", png, "not a Word document")
    pdf = tmp_path / "report.docx"
    pdf.write_bytes(b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")
    add("PDF named .docx", pdf, "not a Word document")
    ole = tmp_path / "old.docx"
    ole.write_bytes(app.importing.limits.OLE_MAGIC + b"\0" * 1024)
    add("Word 97 or encrypted file named .docx", ole, "old-format or password-protected")
    workbook = tmp_path / "sheet.docx"
    with zipfile.ZipFile(workbook, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("xl/workbook.xml", "<workbook/>")
    add("workbook named .docx", workbook, "not a Word document")
    truncated = tmp_path / "cut.docx"
    truncated.write_bytes(GOOD_DOCX.read_bytes()[: GOOD_DOCX.stat().st_size // 2])
    add("truncated", truncated, "damaged")
    many = tmp_path / "many.docx"
    shutil.copyfile(GOOD_DOCX, many)
    with zipfile.ZipFile(many, "a") as package:
        for index in range(app.importing.limits.MAX_PARTS + 1):
            package.writestr(f"customXml/item{index}.bin", b"")
    add("too many parts", many, "parts")
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    add("empty file", empty, "empty")
    lying = tmp_path / "lying.docx"
    data = bytearray(GOOD_DOCX.read_bytes())
    # Damage the compressed body of word/document.xml so it no longer matches its CRC.
    offset = data.find(b"word/document.xml") + len("word/document.xml") + 200
    data[offset : offset + 50] = bytes(50)
    lying.write_bytes(bytes(data))
    add("damaged part data", lying, "damaged")
    return cases


WORD_CASES = [
    "billion laughs",
    "external entity",
    "DOCTYPE in styles",
    "zip bomb (ratio)",
    "picture that is not an image",
    "picture bomb",
    "PNG named .docx",
    "PDF named .docx",
    "Word 97 or encrypted file named .docx",
    "workbook named .docx",
    "truncated",
    "too many parts",
    "empty file",
    "damaged part data",
]


@pytest.mark.parametrize("case", WORD_CASES)
def test_hostile_word_documents_are_refused(sample_store: Store, tmp_path: Path, case: str) -> None:
    path, words = word_cases(tmp_path)[case]
    message = refused(sample_store, lambda: import_docx(sample_store, path), *words)
    assert path.name in message


def test_total_unpacked_size_is_capped(
    sample_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app.importing.limits, "MAX_UNPACKED_BYTES", 20_000)
    refused(sample_store, lambda: import_docx(sample_store, GOOD_DOCX), "would unpack to more than")


# --- spreadsheets and CSV (10) ------------------------------------------------------------------


def xlsx_bytes(rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rewrite_zip(data: bytes, target: Path, change: Callable[[str, bytes], bytes]) -> Path:
    with (
        zipfile.ZipFile(io.BytesIO(data)) as original,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for info in original.infolist():
            out.writestr(info.filename, change(info.filename, original.read(info.filename)))
    return target


def million_row_sheet(name: str, data: bytes) -> bytes:
    if name != "xl/worksheets/sheet1.xml":
        return data
    head, _rows, tail = (
        data.partition(b"<sheetData>")[0],
        None,
        b"</sheetData>" + data.partition(b"</sheetData>")[2],
    )
    rows = b"".join(
        b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (i, i, i) for i in range(1, 1_000_001)
    )
    return head + b"<sheetData>" + rows + tail


def spreadsheet_case(tmp_path: Path, wanted: str) -> tuple[Path, tuple[str, ...]]:
    """Only the file for ``wanted`` is written (a million rows take a moment)."""
    return spreadsheet_cases(tmp_path, wanted)[wanted]


def spreadsheet_cases(tmp_path: Path, wanted: str) -> dict[str, tuple[Path, tuple[str, ...]]]:
    good = xlsx_bytes([["Name", "Org"], ["Leyla Huseynova", "Port of Baku"]])
    cases: dict[str, tuple[Path, tuple[str, ...]]] = {}
    cases["xlsx claiming a million rows"] = (
        rewrite_zip(
            good,
            tmp_path / "claims.xlsx",
            lambda n, d: d.replace(b'<dimension ref="A1:B2"/>', b'<dimension ref="A1:B1000000"/>'),
        ),
        ("1,000,000 rows",),
    )
    if wanted == "xlsx with a million rows":
        cases[wanted] = (
            rewrite_zip(good, tmp_path / "million.xlsx", million_row_sheet),
            ("more than 20,000 rows",),
        )
    entity = b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY e SYSTEM "file:///etc/passwd">]><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&e;</t></si></sst>'
    cases["xlsx with an external entity"] = (
        rewrite_zip(
            good,
            tmp_path / "xxe.xlsx",
            lambda n, d: entity if n == "xl/worksheets/sheet1.xml" else d,
        ),
        ("DOCTYPE",),
    )
    text = tmp_path / "notes.xlsx"
    text.write_text("Name,Org\nA,B\n", encoding="utf-8")
    cases["CSV named .xlsx"] = (text, ("not a Excel workbook",))
    docx_as_xlsx = tmp_path / "brief.xlsx"
    shutil.copyfile(GOOD_DOCX, docx_as_xlsx)
    cases["Word document named .xlsx"] = (docx_as_xlsx, ("not a Excel workbook",))
    if wanted == "CSV with a million rows":
        lines = tmp_path / "million.csv"
        lines.write_bytes(b"Name,Org\n" + b"P,O\n" * 1_000_000)
        cases[wanted] = (lines, ("more than 20,000 rows",))
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"Name,Org\n\x00\x01\x02\x03" * 100)
    cases["binary named .csv"] = (binary, ("binary file",))
    zipped = tmp_path / "people.csv"
    zipped.write_bytes(good)
    cases["workbook named .csv"] = (zipped, ("zip or Office file",))
    wide = tmp_path / "wide.csv"
    wide.write_text(",".join(f"c{i}" for i in range(500)) + "\n", encoding="utf-8")
    cases["500 columns"] = (wide, ("columns",))
    huge_cell = tmp_path / "cell.csv"
    huge_cell.write_text('Name,Bio\nA,"' + "x" * 50_000 + '"\n', encoding="utf-8")
    cases["a 50,000-character cell"] = (huge_cell, ("not readable CSV",))
    return cases


SPREADSHEET_CASES = [
    "xlsx claiming a million rows",
    "xlsx with a million rows",
    "xlsx with an external entity",
    "CSV named .xlsx",
    "Word document named .xlsx",
    "CSV with a million rows",
    "binary named .csv",
    "workbook named .csv",
    "500 columns",
    "a 50,000-character cell",
]


@pytest.mark.parametrize("case", SPREADSHEET_CASES)
def test_hostile_spreadsheets_are_refused(sample_store: Store, tmp_path: Path, case: str) -> None:
    path, words = spreadsheet_case(tmp_path, case)
    message = refused(sample_store, lambda: import_people(sample_store, path), *words)
    assert path.name in message


# --- vCards (3) and photo folders (2) -------------------------------------------------------


def test_vcard_without_cards_is_refused(sample_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "contacts.vcf"
    path.write_text("Name: Leyla\nOrg: Port\n", encoding="utf-8")
    refused(sample_store, lambda: import_people(sample_store, path), "no vCard")


def test_broken_vcard_is_refused(sample_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "broken.vcf"
    path.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\nBEGIN:VCARD\r\nFN\r\n", encoding="utf-8")
    refused(sample_store, lambda: import_people(sample_store, path), "broken.vcf")


def test_vcard_photo_that_is_not_a_picture(sample_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "fake.vcf"
    path.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Leyla Huseynova\r\nPHOTO;ENCODING=b;TYPE=JPEG:"
        "PGh0bWw+bm90IGEgcGljdHVyZTwvaHRtbD4=\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    refused(sample_store, lambda: import_people(sample_store, path), "photo", "not a JPEG or PNG")


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (
            b"MZ\x90\x00 this is a program, not a photo",
            ("leyla_huseynova.jpg", "not a JPEG or PNG"),
        ),
        (png_claiming(100_000, 100_000), ("leyla_huseynova.jpg", "million pixels")),
    ],
)
def test_photo_folder_with_a_file_that_is_not_a_picture(
    sample_store: Store, tmp_path: Path, content: bytes, words: tuple[str, ...]
) -> None:
    photos = tmp_path / "photos"
    photos.mkdir()
    (photos / "leyla_huseynova.jpg").write_bytes(content)
    listing = tmp_path / "p.csv"
    listing.write_text("Name\nLeyla Huseynova\n", encoding="utf-8")
    refused(sample_store, lambda: import_people(sample_store, listing, photo_folder=photos), *words)


def test_row_cap_is_the_same_for_every_format(monkeypatch: pytest.MonkeyPatch) -> None:
    assert app.importing.people_import.MAX_PEOPLE_ROWS == app.importing.limits.MAX_PEOPLE_ROWS
