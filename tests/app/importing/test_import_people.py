"""People from CSV, Excel and vCard: headings matched, duplicates offered as updates, dry runs
and previews change nothing, photos taken from a folder by file name."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import pytest
from PIL import Image as PILImage

from app.importing.column_matching import match_columns, normalise_heading
from app.importing.people_import import (
    ADD,
    SKIP,
    UPDATE,
    apply_people,
    import_people,
    name_key,
    plan_people,
    read_contacts,
)
from app.sample import ASADOV_ID, MAMMADOV_ID, ensure_sample_book
from app.store import Store

DATA = Path(__file__).parent / "data"
ROWS = [
    ["Full name", "Position", "Org", "Country", "Notes"],
    ["SAMEDDIN F. ASADOV", "Deputy Minister", "Ministry of Digital Development", "Azerbaijan", ""],
    ["Leyla Hüseynova", "Commercial Director", "Port of Baku", "Azerbaijan", "Met in 2025"],
    ["leyla  huseynova", "", "", "", ""],
    ["", "Driver", "", "", ""],
]


def jpeg(colour: tuple[int, int, int] = (120, 40, 31)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (200, 250), colour).save(buffer, format="JPEG")
    return buffer.getvalue()


def write_csv(path: Path, rows: list[list[str]], delimiter: str, encoding: str) -> Path:
    text = "\r\n".join(delimiter.join(cell for cell in row) for row in rows) + "\r\n"
    path.write_bytes(text.encode(encoding))
    return path


def store_state(store: Store) -> list[str]:
    return list(store.conn.iterdump())


@pytest.mark.parametrize(
    ("heading", "field"),
    [
        ("Full name", "name"),
        ("FULL_NAME", "name"),
        ("Name:", "name"),
        ("Position", "title"),
        ("Job Title", "title"),
        ("Org", "organization"),
        ("Organisation", "organization"),
        ("Company", "organization"),
        ("Given name", "first_name"),
        ("Surname", "last_name"),
        ("Salutation", "honorific"),
        ("Country/Region", "country"),
        ("Photo file", "photo"),
        ("Biography", "bio"),
        ("Phone", None),
    ],
)
def test_headings_and_their_variants(heading: str, field: str | None) -> None:
    assert match_columns([heading]) == [field]


def test_each_field_takes_one_column_and_title_beside_position_is_honorific() -> None:
    assert match_columns(["Name", "Full name", "Org"]) == ["name", None, "organization"]
    assert match_columns(["Title", "Name", "Position"]) == ["honorific", "name", "title"]
    assert normalise_heading("  Job-Title ") == "job title"


def test_folded_names_match() -> None:
    assert name_key("SAMEDDIN F. ASADOV") == name_key("Sameddin F. Asadov")
    assert name_key("Leyla Hüseynova") == name_key("leyla  huseynova")


@pytest.mark.parametrize(
    ("delimiter", "encoding"),
    [(",", "utf-8"), (";", "utf-8-sig"), ("\t", "utf-16"), ("|", "cp1252"), (";", "latin-1")],
)
def test_csv_any_delimiter_and_encoding(tmp_path: Path, delimiter: str, encoding: str) -> None:
    path = write_csv(tmp_path / "people.csv", ROWS, delimiter, encoding)
    table = read_contacts(path)
    assert table.headings == ROWS[0]
    assert table.rows[1][0] == "Leyla Hüseynova"
    assert len(table.rows) == 4


def test_xlsx_read_only(tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in ROWS:
        sheet.append(row)
    sheet.append(["Carl B. Kress", 42, "USTDA", None, None])
    path = tmp_path / "people.xlsx"
    workbook.save(path)
    table = read_contacts(path)
    assert table.kind == "Excel workbook"
    assert table.headings == ROWS[0]
    assert table.rows[-1] == ["Carl B. Kress", "42", "USTDA", "", ""]


def test_plan_adds_updates_and_skips_with_reasons(store: Store, tmp_path: Path) -> None:
    ensure_sample_book(store)
    path = write_csv(tmp_path / "people.csv", ROWS, ",", "utf-8")
    before = store_state(store)
    table = read_contacts(path)
    plan = plan_people(store, table)
    assert store_state(store) == before  # a preview changes nothing
    assert [(row.row, row.action) for row in plan.rows] == [
        (1, UPDATE),
        (2, ADD),
        (3, SKIP),
        (4, SKIP),
    ]
    update = plan.rows[0]
    assert update.person is not None and update.person.id == ASADOV_ID
    assert update.person.name == "Sameddin F. Asadov"  # the library's spelling is kept
    assert "organization" in update.reason
    assert plan.rows[2].reason == "same person as row 2"
    assert plan.rows[3].reason == "no name"
    apply_people(store, plan)
    people = {person.name: person for person in store.list_people()}
    assert people["Sameddin F. Asadov"].organization == "Ministry of Digital Development"
    assert people["Leyla Hüseynova"].bio == "Met in 2025"
    assert sum(1 for name in people if name_key(name) == name_key("Leyla Huseynova")) == 1
    # Importing the same list again adds nobody.
    again = plan_people(store, read_contacts(path))
    assert again.count(ADD) == 0 and again.count(UPDATE) == 0


def test_dry_run_changes_nothing(store: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "people.csv", ROWS, ",", "utf-8")
    before = store_state(store)
    _table, plan = import_people(store, path, dry_run=True)
    assert plan.count(ADD) == 2
    assert store_state(store) == before


def test_mapping_chosen_by_the_user(store: Store, tmp_path: Path) -> None:
    rows = [["Col A", "Col B"], ["Port of Baku", "Leyla Huseynova"]]
    table = read_contacts(write_csv(tmp_path / "odd.csv", rows, ",", "utf-8"))
    with pytest.raises(Exception, match="No column holds the name"):
        plan_people(store, table)
    plan = plan_people(store, table, ["organization", "name"])
    assert plan.rows[0].person is not None
    assert plan.rows[0].person.organization == "Port of Baku"


def test_first_and_last_name_columns_make_the_name(store: Store, tmp_path: Path) -> None:
    rows = [["Given name", "Surname", "Company"], ["Leyla", "Huseynova", "Port of Baku"]]
    plan = plan_people(store, read_contacts(write_csv(tmp_path / "p.csv", rows, ";", "utf-8")))
    assert plan.rows[0].person is not None and plan.rows[0].person.name == "Leyla Huseynova"


def test_vcards_3_and_4(store: Store) -> None:
    ensure_sample_book(store)
    table = read_contacts(DATA / "contacts-apple-v3.vcf")
    assert [row[0] for row in table.rows] == ["Sameddin F. Asadov", "Leyla Huseynova"]
    assert table.rows[0][1] == "Mr" and table.rows[0][4] == "Azerbaijan"
    v4 = read_contacts(DATA / "contacts-v4.vcf")
    assert v4.rows[0][5] == "az, en"
    plan = plan_people(store, v4)
    # "Elnur Məmmədov" is the sample's Elnur Mammadov (ə folds to a as well as e).
    assert plan.rows[0].action == UPDATE
    assert plan.rows[0].person is not None and plan.rows[0].person.id == MAMMADOV_ID


def test_vcard_photo_becomes_a_portrait(store: Store, tmp_path: Path) -> None:
    photo = base64.b64encode(jpeg()).decode("ascii")
    card = f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Leyla Huseynova\r\nPHOTO;ENCODING=b;TYPE=JPEG:{photo}\r\nEND:VCARD\r\n"
    path = tmp_path / "one.vcf"
    path.write_text(card, encoding="utf-8")
    _table, plan = import_people(store, path)
    [person] = store.list_people()
    assert person.photo is not None and plan.rows[0].photo is not None
    image = store.get_image(person.photo)
    assert image is not None and image.mime == "image/jpeg"
    assert image.width * 5 == image.height * 4  # cropped to the portrait shape


def test_photos_from_a_folder_by_file_name(store: Store, tmp_path: Path) -> None:
    photos = tmp_path / "photos"
    photos.mkdir()
    (photos / "leyla_huseynova.jpg").write_bytes(jpeg((10, 80, 60)))
    (photos / "carl.png").write_bytes(b"ignored: no row names it")
    (photos / "kress-portrait.jpeg").write_bytes(jpeg((90, 20, 120)))
    rows = [
        ["Name", "Photo"],
        ["Leyla Hüseynova", ""],
        ["Carl B. Kress", "kress-portrait.jpeg"],
        ["Nobody Pictured", ""],
    ]
    path = write_csv(tmp_path / "p.csv", rows, ",", "utf-8")
    _table, plan = import_people(store, path, photo_folder=photos)
    with_photo = {row.person.name: row.photo is not None for row in plan.rows if row.person}
    assert with_photo == {"Leyla Hüseynova": True, "Carl B. Kress": True, "Nobody Pictured": False}


def test_save_people_in_one_batch_keeps_created_and_indexes(store: Store) -> None:
    from app.domain import Person

    first = store.save_person(Person(name="Leyla Huseynova"))
    saved = store.save_people(
        [
            Person(name="Leyla Huseynova", id=first.id, organization="Port of Baku"),
            Person(name="Rashad Karimov"),
        ]
    )
    assert saved[0].created_at == first.created_at and saved[0].updated_at >= first.updated_at
    assert store.get_person(first.id).organization == "Port of Baku"
    assert {hit.title for hit in store.search("karimov")} == {"Rashad Karimov"}
    with pytest.raises(Exception, match="needs a name"):
        store.save_people([Person(name=" ")])
