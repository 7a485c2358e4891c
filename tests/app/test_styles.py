"""House styles in the store, as files, from office Word documents, through bundles and the CLI."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from house_support import (
    DOTX_REFERENCE,
    LIBREOFFICE_REFERENCE,
    PYTHON_DOCX_REFERENCE,
    tall_seal,
)

from app import cli
from app.bundle import FORMAT_VERSION, bundle_document, export_bundle, import_bundle
from app.domain import Book
from app.errors import BundleRefused, InvalidInput, NotFound
from app.resources import resource_path
from app.sample import ensure_sample_book
from app.store import Store
from app.styles.files import read_style_file, style_json, write_style_file
from app.styles.model import BUILTIN_ID, HouseStyle, Margins
from app.styles.records import StyleRecords
from app.styles.reference import document_bytes, read_reference
from app.styles.resolve import resolve_style, style_from_word_file

FONT = resource_path("fonts", "NotoSansMono-Regular.ttf").read_bytes()


def full_style(name: str = "Ministry") -> HouseStyle:
    return HouseStyle(
        name=name,
        body_font="Office Mono",
        heading_font="Arial",
        base_size=12,
        heading_colours=("#7A1F1F", "#552222", "#333333"),
        page_size="a4",
        margins=Margins(20, 25, 20, 25),
        logo=tall_seal(),
        logo_in_header=True,
        letterhead="Ministry of Foreign Affairs\nProtocol Department",
        cover_layout="centred",
        reference=PYTHON_DOCX_REFERENCE.read_bytes(),
        reference_name="office.docx",
        fonts={"Office Mono": {"regular": FONT}},
    )


def same(a: HouseStyle, b: HouseStyle) -> None:
    assert style_json(a)["settings"] == style_json(b)["settings"]
    assert a.logo is not None and b.logo is not None and a.logo.data == b.logo.data
    assert a.reference == b.reference and a.fonts == b.fonts and a.name == b.name


# --- the store ---------------------------------------------------------------------------------


def test_a_style_is_saved_whole_and_read_back(store: Store) -> None:
    records = StyleRecords(store)
    saved = records.save_style(full_style())
    same(records.get_style(saved.id), saved)
    assert records.find_style("ministry").id == saved.id  # by name, any case
    assert [style.name for style in records.list_styles()] == ["BriefBook", "Ministry"]


def test_the_builtin_style_is_default_until_another_is_chosen(store: Store) -> None:
    records = StyleRecords(store)
    book = store.save_book(Book(title="Trip"))
    assert records.style_for_book(book.id).builtin
    saved = records.save_style(full_style())
    records.set_default_style(saved.id)
    assert records.style_for_book(book.id).id == saved.id
    records.set_book_style(book.id, BUILTIN_ID)
    assert records.style_for_book(book.id).builtin
    records.set_book_style(book.id, None)
    assert records.style_for_book(book.id).id == saved.id


def test_the_sample_book_keeps_briefbooks_look(store: Store) -> None:
    records = StyleRecords(store)
    records.set_default_style(records.save_style(full_style()).id)
    sample = ensure_sample_book(store)
    assert records.style_for_book(sample.id).builtin


def test_refusals(store: Store) -> None:
    records = StyleRecords(store)
    records.save_style(full_style())
    with pytest.raises(InvalidInput, match="already a house style"):
        records.save_style(full_style("MINISTRY"))
    with pytest.raises(InvalidInput, match="built-in"):
        records.save_style(HouseStyle(name="BriefBook"))
    with pytest.raises(InvalidInput, match="base size"):
        records.save_style(HouseStyle(name="Tiny", base_size=3))
    with pytest.raises(InvalidInput, match="RRGGBB"):
        records.save_style(HouseStyle(name="Odd", heading_colours=("red", "#000000", "#000000")))
    with pytest.raises(NotFound, match="the styles are: BriefBook, Ministry"):
        records.find_style("Nope")


def test_deleting_a_style_frees_its_files_and_its_books(store: Store) -> None:
    records = StyleRecords(store)
    book = store.save_book(Book(title="Trip"))
    saved = records.save_style(full_style())
    records.set_book_style(book.id, saved.id)
    assert store.conn.execute("SELECT count(*) FROM house_style_files").fetchone()[0] == 3
    records.delete_style(saved.id)
    assert store.conn.execute("SELECT count(*) FROM house_style_files").fetchone()[0] == 0
    assert records.book_style_id(book.id) is None


# --- style files -------------------------------------------------------------------------------


def test_a_style_file_round_trip(store: Store, tmp_path: Path) -> None:
    saved = StyleRecords(store).save_style(full_style())
    path = write_style_file(saved, tmp_path / "ministry.bbstyle")
    same(read_style_file(path), saved)
    embedded = len(FONT) + len(PYTHON_DOCX_REFERENCE.read_bytes()) + len(tall_seal().data)
    assert path.stat().st_size < embedded * 4 / 3 + 10_000  # its files and a little JSON


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: d.update(format="other"), "not a BriefBook style file"),
        (lambda d: d.update(version=99), "newer BriefBook"),
        (
            lambda d: d["style"]["fonts"]["Office Mono"].update(regular="bm90IGEgZm9udA=="),
            "TrueType",
        ),
        (lambda d: d["style"]["logo"].update(data="%%%"), "base64"),
        (lambda d: d["style"]["reference"].update(data="bm90IGEgZG9j"), "Word document"),
        (lambda d: d["style"]["settings"].update(cover_layout="sideways"), "cover layout"),
    ],
)
def test_bad_style_files_are_refused(tmp_path: Path, edit: object, message: str) -> None:
    path = write_style_file(full_style(), tmp_path / "s.bbstyle")
    document = json.loads(path.read_text())
    edit(document)  # type: ignore[operator]
    path.write_text(json.dumps(document))
    with pytest.raises(InvalidInput, match=message):
        read_style_file(path)


# --- office Word documents ---------------------------------------------------------------------


def test_a_python_docx_reference_is_read() -> None:
    look = read_reference(PYTHON_DOCX_REFERENCE.read_bytes())
    assert (look.page_width_mm, look.page_height_mm) == (210.0, 297.0)
    assert look.margins_mm == (20.0, 25.0, 20.0, 25.0)
    assert (look.body_font, look.heading_font, look.base_size) == (
        "Times New Roman",
        "Times New Roman",
        14.0,
    )
    assert look.heading_colours[:2] == ["#7A1F1F", "#552222"]
    assert look.letterhead == "Ministry of Foreign Affairs\nProtocol Department, 1 Embassy Row"
    assert look.logo is not None and (look.logo.width, look.logo.height) == (120, 160)


def test_a_dotx_is_opened_by_changing_its_content_type() -> None:
    data = DOTX_REFERENCE.read_bytes()
    with zipfile.ZipFile(io.BytesIO(document_bytes(data))) as archive:
        types = archive.read("[Content_Types].xml").decode()
    assert "template.main+xml" not in types and "document.main+xml" in types
    assert read_reference(data).body_font == "Times New Roman"  # read like a .docx


def test_a_libreoffice_document_without_heading_1_is_no_error() -> None:
    look = read_reference(LIBREOFFICE_REFERENCE.read_bytes())
    assert look.heading_font is None and look.body_font == "Liberation Sans"
    style = style_from_word_file(LIBREOFFICE_REFERENCE)
    assert style.page_size == "letter" and style.heading_font == "Liberation Sans"
    assert style.letterhead == "Trade Office of the Republic — Letterhead"


def test_what_is_not_a_word_document_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="not a Word document"):
        read_reference(b"PK\x03\x04 not really a zip")
    with pytest.raises(InvalidInput, match="not a Word document"):
        read_reference(b"plain text")


def test_export_style_choices(store: Store, tmp_path: Path) -> None:
    records = StyleRecords(store)
    book = store.save_book(Book(title="Trip"))
    saved = records.save_style(full_style())
    assert resolve_style(store, book.id).builtin
    assert resolve_style(store, book.id, "Ministry").id == saved.id
    assert resolve_style(store, book.id, str(DOTX_REFERENCE)).reference_name == DOTX_REFERENCE.name
    file = write_style_file(saved, tmp_path / "x.bbstyle")
    assert resolve_style(store, book.id, str(file)).name == "Ministry"
    with pytest.raises(InvalidInput, match="does not exist"):
        resolve_style(store, book.id, str(tmp_path / "missing.docx"))


# --- bundles -----------------------------------------------------------------------------------


def test_a_book_style_travels_in_its_bundle(tmp_path: Path) -> None:
    source = Store.open(tmp_path / "a.sqlite")
    target = Store.open(tmp_path / "b.sqlite")
    try:
        book = source.save_book(Book(title="Trip"))
        records = StyleRecords(source)
        style = records.save_style(full_style())
        records.set_book_style(book.id, style.id)
        document, _ = bundle_document(source, book.id)
        assert document["version"] == FORMAT_VERSION == 3
        path = export_bundle(source, book.id, tmp_path / "trip.bbk")
        import_bundle(target, path)
        arrived = StyleRecords(target).style_for_book(book.id)
        same(arrived, style)
        assert arrived.id == style.id
        import_bundle(target, path)  # again: nothing doubles
        assert len(StyleRecords(target).list_styles()) == 2
    finally:
        source.close()
        target.close()


def test_a_bundle_without_a_style_leaves_the_default(tmp_path: Path, store: Store) -> None:
    book = store.save_book(Book(title="Trip"))
    document, _ = bundle_document(store, book.id)
    assert "house_style" not in document


def test_a_bad_style_refuses_the_bundle(tmp_path: Path, store: Store) -> None:
    book = store.save_book(Book(title="Trip"))
    document, _ = bundle_document(store, book.id)
    document["house_style"] = {"name": "Broken", "settings": {"base_size": 99}}
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(document))
    with pytest.raises(BundleRefused, match="house_style"):
        import_bundle(store, path)


# --- command line ------------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_styles_lists_and_exports(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite"
    assert run(capsys, "--store", str(path), "styles", "--json")[1].count('"builtin": true') == 1
    assert not path.exists()  # listing makes no store
    with Store.open(path) as store:
        ensure_sample_book(store)
        StyleRecords(store).save_style(full_style())
    code, out, _ = run(capsys, "--store", str(path), "styles")
    assert code == 0 and "BriefBook (default)" in out and "Ministry" in out and "A4" in out
    listed = json.loads(run(capsys, "--store", str(path), "styles", "--json")[1])
    assert [item["name"] for item in listed] == ["BriefBook", "Ministry"]
    assert listed[1]["reference"] == "office.docx" and listed[1]["page_size"] == "a4"
    pdf = tmp_path / "book.pdf"
    for choice in ("Ministry", str(DOTX_REFERENCE)):
        argv = ["--store", str(path), "export", "Baku trade and development meetings"]
        code, out, err = run(
            capsys, *argv, "--format", "pdf", "--output", str(pdf), "--style", choice
        )
        assert (code, err) == (0, "")
    code, _, err = run(capsys, *argv, "--format", "pdf", "--output", str(pdf), "--style", "Nope")
    assert code == 1 and "no house style" in err


def test_cli_imports_a_style_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    file = write_style_file(full_style(), tmp_path / "ministry.bbstyle")
    path = tmp_path / "store.sqlite"
    assert run(capsys, "--store", str(path), "import", str(file)) == (0, "Ministry\n", "")
    assert run(capsys, "--store", str(path), "import", str(file))[1] == "Ministry\n"  # same id
    with Store.open(path, read_only=True) as store:
        assert [s.name for s in StyleRecords(store).list_styles()] == ["BriefBook", "Ministry"]
