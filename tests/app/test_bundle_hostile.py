"""Bad and hostile bundles: each is refused whole, names what was wrong, changes nothing."""

from __future__ import annotations

import copy
import io
import json
import struct
import warnings
import zipfile
import zlib
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from PIL import Image as PILImage

import app.bundle.reading
from app.bundle import FORMAT_VERSION, import_bundle, plan_import
from app.domain import Book, Meeting, Note, Person, Section
from app.errors import BundleRefused
from app.images import load_image
from app.store import Store

PERSON_ID = "11111111-1111-4111-8111-111111111111"
NOTE_ID = "22222222-2222-4222-8222-222222222222"


def png(size: tuple[int, int] = (8, 10)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (30, 90, 150)).save(buffer, format="PNG")
    return buffer.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge picture."""

    def chunk(kind: bytes, payload: bytes) -> bytes:
        crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    idat = chunk(b"IDAT", zlib.compress(b"\x00" * 64))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + idat + chunk(b"IEND", b"")


PHOTO = png()
PHOTO_ENTRY = f"images/{load_image(PHOTO).sha256}.png"


def valid_document() -> dict[str, Any]:
    return {
        "format": "briefbook-bundle",
        "version": 1,
        "book": {
            "id": "33333333-3333-4333-8333-333333333333",
            "title": "Imported trip",
            "start_date": "2026-12-01",
            "end_date": "2026-12-03",
            "sections": [{"id": "s1", "title": "Situation", "body": "Text", "handout": True}],
            "participants": [{"person": PERSON_ID, "role": "Host", "talking_points": "Hello"}],
            "notes": [NOTE_ID],
            "schedule": [
                {
                    "id": "m1",
                    "title": "Talks",
                    "start": "2026-12-02T10:00",
                    "end": "2026-12-02T11:00",
                    "timezone": "Asia/Baku",
                    "participants": [PERSON_ID],
                }
            ],
        },
        "people": [
            {"id": PERSON_ID, "name": "First person", "photo": PHOTO_ENTRY},
            {"id": "p2", "name": "Second person", "languages": ["English"]},
            {"id": "p3", "name": "Third person"},
        ],
        "notes": [{"id": NOTE_ID, "title": "Energy", "sources": ["Report"]}],
    }


@pytest.fixture
def store(tmp_path: Path) -> Any:
    """A store that already holds a book, a person with a photo, a note and a meeting."""
    opened = Store.open(tmp_path / "s.sqlite")
    image = load_image(png((12, 15)))
    opened.put_image(image)
    book = opened.save_book(Book(title="Existing book", start_date=date(2026, 1, 5)))
    opened.save_section(Section(book_id=book.id, title="Existing section", id="other-section"))
    person = opened.save_person(Person(name="Existing person", photo=image.sha256))
    opened.attach_person(book.id, person.id, "Host")
    note = opened.save_note(Note(title="Existing note"))
    opened.attach_note(book.id, note.id)
    opened.save_meeting(
        Meeting(
            book_id=book.id,
            title="Existing meeting",
            start=datetime(2026, 1, 5, 9),
            end=datetime(2026, 1, 5, 10),
            participants=[person.id],
            id="other-meeting",
        )
    )
    yield opened
    opened.close()


def dump(store: Store) -> dict[str, list[str]]:
    """Every row of every table, search index included, in a comparable form."""
    return {
        name: sorted(repr(row) for row in store.db[name].rows) for name in store.db.table_names()
    }


def write_json(folder: Path, document: Any, name: str = "bundle.json") -> Path:
    path = folder / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def write_bbk(
    folder: Path,
    document: Any,
    extra: dict[str, bytes] | None = None,
    *,
    photo: bool = True,
    name: str = "bundle.bbk",
) -> Path:
    path = folder / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bundle.json", json.dumps(document))
        if photo:
            archive.writestr(PHOTO_ENTRY, PHOTO)
        for entry, data in (extra or {}).items():
            archive.writestr(entry, data)
    return path


def assert_refused(store: Store, path: Path, *fragments: str) -> str:
    """Importing ``path`` is refused with a message holding ``fragments``; nothing changes."""
    before = dump(store)
    with pytest.raises(BundleRefused) as planned:
        plan_import(store, path)
    with pytest.raises(BundleRefused) as imported:
        import_bundle(store, path)
    message = str(imported.value)
    assert str(planned.value) == message
    for fragment in fragments:
        assert fragment in message
    assert "\n" not in message and "Traceback" not in message
    assert dump(store) == before
    return message


def edited(change: Callable[[dict[str, Any]], object]) -> dict[str, Any]:
    document = copy.deepcopy(valid_document())
    change(document)
    return document


def test_the_valid_bundle_of_these_tests_imports(store: Store, tmp_path: Path) -> None:
    before = dump(store)
    result = import_bundle(store, write_bbk(tmp_path, valid_document()))
    assert result.created["person"] == 3 and result.created["image"] == 1
    assert dump(store) != before


# --- fields ---------------------------------------------------------------------------------

FIELD_CASES: dict[str, tuple[Callable[[dict[str, Any]], object], str]] = {
    "person name missing": (lambda d: d["people"][2].pop("name"), "people[2].name is missing"),
    "person name blank": (lambda d: d["people"][1].update(name="  "), "people[1].name is empty"),
    "book title missing": (lambda d: d["book"].pop("title"), "book.title is missing"),
    "note title missing": (lambda d: d["notes"][0].pop("title"), "notes[0].title is missing"),
    "book missing": (lambda d: d.pop("book"), "book is missing"),
    "format missing": (lambda d: d.pop("format"), "format is missing"),
    "wrong format": (lambda d: d.update(format="another-app"), "not a BriefBook bundle"),
    "version missing": (lambda d: d.pop("version"), "version is missing"),
    "version text": (lambda d: d.update(version="1"), "version is not a whole number"),
    "version zero": (lambda d: d.update(version=0), "version 0 is not a known"),
    "start not a date-time": (
        lambda d: d["book"]["schedule"][0].update(start="tomorrow at ten"),
        "book.schedule[0].start is not a date-time",
    ),
    "start with an offset": (
        lambda d: d["book"]["schedule"][0].update(start="2026-12-02T10:00+04:00"),
        "book.schedule[0].start is not a date-time",
    ),
    "start missing": (
        lambda d: d["book"]["schedule"][0].pop("start"),
        "book.schedule[0].start is missing",
    ),
    "meeting ends first": (
        lambda d: d["book"]["schedule"][0].update(end="2026-12-02T09:00"),
        "book.schedule[0].end is before",
    ),
    "unknown time zone": (
        lambda d: d["book"]["schedule"][0].update(timezone="Mars/Olympus"),
        "book.schedule[0].timezone is not a known time zone",
    ),
    "date not a date": (
        lambda d: d["book"].update(start_date="1 December"),
        "book.start_date is not a date",
    ),
    "impossible date": (
        lambda d: d["people"][0].update(last_verified="2026-02-30"),
        "people[0].last_verified is not a date",
    ),
    "book ends first": (
        lambda d: d["book"].update(end_date="2026-11-01"),
        "book.end_date is before",
    ),
    "page size": (lambda d: d["book"].update(page_size="a3"), "book.page_size is not one of"),
    "updated_at not a time": (
        lambda d: d["notes"][0].update(updated_at="yesterday"),
        "notes[0].updated_at is not a date-time",
    ),
    "text is a number": (lambda d: d["book"].update(subtitle=7), "book.subtitle is not text"),
    "flag is text": (
        lambda d: d["book"]["sections"][0].update(handout="yes"),
        "book.sections[0].handout is not true or false",
    ),
    "list is text": (
        lambda d: d["people"][1].update(languages="English"),
        "people[1].languages is not a list",
    ),
    "list item not text": (
        lambda d: d["people"][1].update(languages=["English", 3]),
        "people[1].languages[1] is not text",
    ),
    "sections not a list": (
        lambda d: d["book"].update(sections={"title": "x"}),
        "book.sections is not a list",
    ),
    "person not an object": (lambda d: d["people"].append("Bob"), "people[3] is not an object"),
    "id not text": (lambda d: d["people"][1].update(id=5), "people[1].id is not a valid id"),
    "lone surrogate": (
        lambda d: d["people"][1].update(bio="\ud800"),
        "people[1].bio is not valid Unicode text",
    ),
    "duplicate person ids": (
        lambda d: d["people"][2].update(id="p2"),
        "people[2].id repeats the id of people[1]",
    ),
    "duplicate note ids": (
        lambda d: d["notes"].append({"id": NOTE_ID, "title": "Again"}),
        "notes[1].id repeats the id of notes[0]",
    ),
    "duplicate section ids": (
        lambda d: d["book"]["sections"].append({"id": "s1", "title": "Again"}),
        "book.sections[1].id repeats",
    ),
    "duplicate meeting ids": (
        lambda d: d["book"]["schedule"].append(dict(d["book"]["schedule"][0])),
        "book.schedule[1].id repeats",
    ),
    "participant twice": (
        lambda d: d["book"]["participants"].append({"person": PERSON_ID}),
        "book.participants[1].person repeats",
    ),
    "participant without person": (
        lambda d: d["book"]["participants"].append({"role": "Host"}),
        "book.participants[1].person is missing",
    ),
    "unknown participant": (
        lambda d: d["book"]["participants"].append({"person": "nobody"}),
        "book.participants[1].person is not one of the bundle's people",
    ),
    "unknown meeting participant": (
        lambda d: d["book"]["schedule"][0]["participants"].append("nobody"),
        "book.schedule[0].participants[1] is not one of the bundle's people",
    ),
    "unknown note": (lambda d: d["book"]["notes"].append("nothing"), "book.notes[1] is not one"),
    "section of another book": (
        lambda d: d["book"]["sections"][0].update(id="other-section"),
        "book.sections[0].id belongs to a section of another book",
    ),
    "meeting of another book": (
        lambda d: d["book"]["schedule"][0].update(id="other-meeting"),
        "book.schedule[0].id belongs to a meeting of another book",
    ),
}


@pytest.mark.parametrize("case", FIELD_CASES)
def test_bad_field_is_refused_by_name(store: Store, tmp_path: Path, case: str) -> None:
    change, fragment = FIELD_CASES[case]
    assert_refused(store, write_bbk(tmp_path, edited(change)), fragment)


@pytest.mark.parametrize("case", ["person name missing", "start not a date-time"])
def test_bad_field_in_a_json_bundle_is_refused_by_name(
    store: Store, tmp_path: Path, case: str
) -> None:
    change, fragment = FIELD_CASES[case]
    document = edited(change)
    document["people"][0].pop("photo")
    assert_refused(store, write_json(tmp_path, document), fragment)


def test_the_first_bad_field_is_named(store: Store, tmp_path: Path) -> None:
    def two_faults(document: dict[str, Any]) -> None:
        document["people"][1].pop("name")
        document["people"][2].pop("name")

    message = assert_refused(store, write_bbk(tmp_path, edited(two_faults)), "people[1].name")
    assert "people[2]" not in message


def test_newer_version_says_so(store: Store, tmp_path: Path) -> None:
    document = edited(lambda d: d.update(version=FORMAT_VERSION + 1))
    message = assert_refused(store, write_bbk(tmp_path, document), "newer BriefBook")
    assert "update BriefBook" in message


def test_document_that_is_not_an_object(store: Store, tmp_path: Path) -> None:
    assert_refused(store, write_json(tmp_path, [valid_document()]), "is not an object")


# --- the JSON itself --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('{"format": "briefbook-bundle", "version": 1,', "is not valid JSON"),
        ('{"format": "briefbook-bundle", "format": "x", "version": 1}', 'key "format"'),
        ('{"format": "briefbook-bundle", "version": NaN}', "NaN is not allowed"),
    ],
    ids=["truncated", "duplicate key", "NaN"],
)
def test_malformed_json_is_refused(store: Store, tmp_path: Path, text: str, fragment: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    assert_refused(store, path, fragment)


def test_json_that_is_not_utf8(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "latin.json"
    path.write_bytes(json.dumps(valid_document()).encode("utf-8").replace(b"Energy", b"\xe9nergy"))
    assert_refused(store, path, "is not UTF-8 text")


@pytest.mark.parametrize("levels", [21, 100_000])
def test_deeply_nested_json_is_refused(store: Store, tmp_path: Path, levels: int) -> None:
    document = valid_document()
    text = json.dumps(document)[:-1] + ', "extension": ' + "[" * levels + "]" * levels + "}"
    assert_refused(store, write_bbk_text(tmp_path, text), "nested more than 20 levels")


def test_nesting_at_the_limit_is_accepted(store: Store, tmp_path: Path) -> None:
    document = valid_document()
    inner = "[" * 19 + "]" * 19  # the document itself is level 1
    text = json.dumps(document)[:-1] + ', "extension": ' + inner + "}"
    assert import_bundle(store, write_bbk_text(tmp_path, text)).created["book"] == 1


def write_bbk_text(folder: Path, text: str) -> Path:
    path = folder / "raw.bbk"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bundle.json", text)
        archive.writestr(PHOTO_ENTRY, PHOTO)
    return path


def test_enormous_bundle_json_in_a_zip_is_refused(store: Store, tmp_path: Path) -> None:
    # 60 MB of spaces deflate to a few dozen kilobytes: a zip bomb aimed at the JSON parser.
    text = json.dumps(valid_document()) + " " * (60 * 1024 * 1024)
    assert_refused(store, write_bbk_text(tmp_path, text), "bundle.json", "larger than 50 MB")


def test_enormous_json_file_is_refused(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app.bundle.reading, "MAX_JSON_BYTES", 1000)
    document = edited(lambda d: d["people"][0].pop("photo"))
    document["book"]["purpose"] = "x" * 2000
    assert_refused(store, write_json(tmp_path, document), "larger than")


def test_json_with_an_implausible_number_of_containers(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app.bundle.reading, "MAX_JSON_CONTAINERS", 50)
    document = edited(lambda d: d.update(extension=[[] for _ in range(60)]))
    assert_refused(store, write_bbk(tmp_path, document), "implausible number of lists")


# --- archives -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "entry",
    ["../evil.png", "images/../../evil.png", "/etc/evil.png", "C:\\evil.png", "..\\evil.png"],
)
def test_entries_that_leave_the_archive_are_refused(
    store: Store, tmp_path: Path, entry: str
) -> None:
    path = write_bbk(tmp_path, valid_document(), {entry: PHOTO})
    assert_refused(store, path, "points outside the bundle")
    assert not (tmp_path.parent / "evil.png").exists()


@pytest.mark.parametrize("photo", ["../photo.png", "/tmp/photo.png", "images/../../photo.png"])
def test_photo_paths_that_leave_the_archive_are_refused(
    store: Store, tmp_path: Path, photo: str
) -> None:
    document = edited(lambda d: d["people"][0].update(photo=photo))
    assert_refused(store, write_bbk(tmp_path, document), "people[0].photo", "points outside")


@pytest.mark.parametrize("photo", ["../photo.png", "/tmp/photo.png", "sub/../../photo.png"])
def test_json_photo_paths_that_leave_the_folder_are_refused(
    store: Store, tmp_path: Path, photo: str
) -> None:
    (tmp_path / "photo.png").write_bytes(PHOTO)
    folder = tmp_path / "bundle"
    (folder / "sub").mkdir(parents=True)
    document = edited(lambda d: d["people"][0].update(photo=photo))
    assert_refused(store, write_json(folder, document), "people[0].photo", "points outside")


def test_json_photo_symlink_out_of_the_folder_is_refused(store: Store, tmp_path: Path) -> None:
    (tmp_path / "secret.png").write_bytes(PHOTO)
    folder = tmp_path / "bundle"
    folder.mkdir()
    (folder / "link.png").symlink_to(tmp_path / "secret.png")
    document = edited(lambda d: d["people"][0].update(photo="link.png"))
    assert_refused(store, write_json(folder, document), "people[0].photo", "points outside")


def test_json_photo_that_does_not_exist(store: Store, tmp_path: Path) -> None:
    document = edited(lambda d: d["people"][0].update(photo="missing.png"))
    assert_refused(store, write_json(tmp_path, document), "people[0].photo", "does not exist")


def test_photo_missing_from_the_archive(store: Store, tmp_path: Path) -> None:
    path = write_bbk(tmp_path, valid_document(), photo=False)
    assert_refused(store, path, "people[0].photo", "not in the bundle")


def test_photo_that_is_not_an_image(store: Store, tmp_path: Path) -> None:
    document = edited(lambda d: d["people"][0].update(photo="images/fake.jpg"))
    path = write_bbk(tmp_path, document, {"images/fake.jpg": b"#!/bin/sh\necho hi\n"})
    assert_refused(store, path, "people[0].photo", "not a JPEG or PNG image")


def test_json_photo_that_is_not_an_image(store: Store, tmp_path: Path) -> None:
    (tmp_path / "fake.png").write_bytes(b"MZ\x90\x00 not a picture")
    document = edited(lambda d: d["people"][0].update(photo="fake.png"))
    assert_refused(store, write_json(tmp_path, document), "people[0].photo", "not a JPEG or PNG")


def test_photo_that_is_a_decompression_bomb(store: Store, tmp_path: Path) -> None:
    document = edited(lambda d: d["people"][0].update(photo="images/bomb.png"))
    path = write_bbk(tmp_path, document, {"images/bomb.png": png_claiming(60000, 60000)})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert_refused(store, path, "people[0].photo", "million pixels")
    assert caught == []


def test_unused_entry_that_is_not_an_image(store: Store, tmp_path: Path) -> None:
    path = write_bbk(tmp_path, valid_document(), {"readme.txt": b"hello"})
    assert_refused(store, path, "readme.txt", "not a JPEG or PNG image")


def test_too_many_entries(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "many.bbk"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("bundle.json", json.dumps(valid_document()))
        archive.writestr(PHOTO_ENTRY, PHOTO)
        for index in range(5000):
            archive.writestr(f"images/{index}.png", b"")
    assert_refused(store, path, "more than 5000 entries")


def test_too_many_entries_behind_an_honest_looking_end_record(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The end record is checked first; the real count is checked again after opening.
    monkeypatch.setattr(app.bundle.reading, "_central_directory_looks_sane", lambda path: None)
    monkeypatch.setattr(app.bundle.reading, "MAX_ENTRIES", 3)
    path = write_bbk(tmp_path, valid_document(), {"images/a.png": PHOTO, "images/b.png": PHOTO})
    assert_refused(store, path, "more than 3 entries")


def test_image_entry_that_unpacks_too_large(store: Store, tmp_path: Path) -> None:
    # 30 MB of zeros compress to about 30 KB: a zip bomb in an image's clothing.
    path = write_bbk(tmp_path, valid_document(), {"images/bomb.png": bytes(30 * 1024 * 1024)})
    assert_refused(store, path, "images/bomb.png", "larger than 20 MB")


def test_archive_that_unpacks_to_an_implausible_total(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app.bundle.reading, "MAX_TOTAL_BYTES", 2000)
    document = edited(lambda d: d["book"].update(purpose="x" * 3000))
    assert_refused(store, write_bbk(tmp_path, document), "would unpack to more than")


def test_declared_sizes_that_lie_are_caught_while_reading(store: Store, tmp_path: Path) -> None:
    path = write_bbk(tmp_path, valid_document())
    data = bytearray(path.read_bytes())
    # Shrink bundle.json's declared size in both headers; the real data stays larger.
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.find(signature)
        data[at + offset : at + offset + 4] = struct.pack("<I", 10)
    path.write_bytes(bytes(data))
    assert_refused(store, path, "bundle.json", "damaged")


def test_encrypted_entry_is_refused(store: Store, tmp_path: Path) -> None:
    path = write_bbk(tmp_path, valid_document())
    data = bytearray(path.read_bytes())
    # zipfile cannot encrypt, so set the "encrypted" flag of the photo in both headers.
    name = PHOTO_ENTRY.encode()
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature, data.find(signature) + 1)  # the second entry is the photo
        assert name in data[at : at + 200]
        data[at + offset] |= 0x1
    path.write_bytes(bytes(data))
    assert_refused(store, path, PHOTO_ENTRY, "encrypted")


def test_repeated_entry_name_is_refused(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "twice.bbk"
    with zipfile.ZipFile(path, "w") as archive, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate we make on purpose
        archive.writestr("bundle.json", json.dumps(valid_document()))
        archive.writestr("bundle.json", json.dumps(edited(lambda d: d.update(version=9))))
        archive.writestr(PHOTO_ENTRY, PHOTO)
    assert_refused(store, path, "bundle.json appears twice")


def test_zip_without_bundle_json(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "empty.bbk"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(PHOTO_ENTRY, PHOTO)
    assert_refused(store, path, "has no bundle.json")


def test_bbk_that_is_not_a_zip(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "text.bbk"
    path.write_text("just text")
    assert_refused(store, path, "not a zip file")


def test_truncated_zip(store: Store, tmp_path: Path) -> None:
    path = write_bbk(tmp_path, valid_document())
    path.write_bytes(path.read_bytes()[:200])
    assert_refused(store, path, "not a complete zip file")


def test_missing_file_and_folder(store: Store, tmp_path: Path) -> None:
    assert_refused(store, tmp_path / "nothing.bbk", "does not exist")
    assert_refused(store, tmp_path, "is a folder")


def test_json_photos_that_add_up_to_an_implausible_total(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app.bundle.reading, "MAX_TOTAL_BYTES", 2 * len(PHOTO) + 1000)
    document = valid_document()
    for index, person in enumerate(document["people"]):
        (tmp_path / f"p{index}.png").write_bytes(png((8 + index, 10)))
        person["photo"] = f"p{index}.png"
    assert_refused(store, write_json(tmp_path, document), "photos add up to more than")
