"""Bundles: export and import round trips, .json bundles, merge rules and export failures."""

from __future__ import annotations

import io
import json
import os
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image as PILImage

from app.bundle import (
    FORMAT_NAME,
    FORMAT_VERSION,
    ImportPlan,
    ImportResult,
    export_bundle,
    import_bundle,
    plan_import,
)
from app.domain import Book, Meeting, Note, Participant, Person, Section
from app.errors import ExportFailed, NotFound
from app.images import load_image
from app.store import Store


def png(colour: tuple[int, int, int], size: tuple[int, int] = (8, 10)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def build_full_book(store: Store) -> str:
    """A book with every field filled, including a person met only in the schedule."""
    photo = load_image(png((10, 120, 200)))
    store.put_image(photo)
    book = store.save_book(
        Book(
            title="Baku engagement",
            subtitle="Bilateral trade and development meetings",
            destination="Baku, Azerbaijan",
            start_date=date(2026, 12, 1),
            end_date=date(2026, 12, 4),
            marking="UNCLASSIFIED",
            prepared_by="Regional office",
            organization="Trade and development agency",
            purpose="Open **rail** and *telecom* cooperation.",
            page_size="a4",
            timezone="Asia/Baku",
        )
    )
    for position, (title, handout) in enumerate([("Situation", True), ("Objectives", False)]):
        store.save_section(
            Section(
                book_id=book.id,
                title=title,
                body=f"## {title}\n\n- point one\n- point two",
                handout=handout,
                position=position,
                template_key=title.lower(),
            )
        )
    host = store.save_person(
        Person(
            name="Sameddin F. Asadov",
            native_name="Səməddin Əsədov",
            honorific="H.E.",
            title="Deputy Minister of Digital Development and Transport",
            organization="Government of Azerbaijan",
            country="Azerbaijan",
            bio="Leads **digital** transport policy.",
            photo=photo.sha256,
            photo_alt="Portrait of Sameddin Asadov",
            pronunciation="sa-mad-DEEN a-SA-dov",
            languages=["Azerbaijani", "Russian", "English"],
            tags=["transport", "digital"],
            source="Ministry website",
            last_verified=date(2026, 11, 1),
        )
    )
    guest = store.save_person(
        Person(name="Carl B. Kress", title="Regional Director", languages=["English"])
    )
    aide = store.save_person(Person(name="Leyla Aliyeva", title="Protocol officer"))
    store.save_participant(Participant(book.id, host.id, "Counterpart", "- Thank him", 0))
    store.save_participant(Participant(book.id, guest.id, "Principal", "Opens the talks", 1))
    for position, title in enumerate(["Rail corridors", "Space technologies"]):
        note = store.save_note(
            Note(
                title=title,
                sector="Railway infrastructure" if position == 0 else "Space",
                country="Azerbaijan",
                body=f"{title} matter.",
                sources=["https://example.org/a", "Annual report 2025"],
                last_verified=date(2026, 10, 2),
                internal=position == 1,
            )
        )
        store.attach_note(book.id, note.id, position)
    store.save_meeting(
        Meeting(
            book_id=book.id,
            title="Meeting with the Deputy Minister",
            start=datetime(2026, 12, 2, 10, 0),
            end=datetime(2026, 12, 2, 11, 0),
            timezone="Asia/Baku",
            location="Ministry, Baku",
            objective="Agree next steps.",
            participants=[host.id, guest.id, aide.id],
        )
    )
    store.save_meeting(
        Meeting(
            book_id=book.id,
            title="Working dinner",
            start=datetime(2026, 12, 2, 19, 30),
            end=datetime(2026, 12, 2, 21, 0),
            timezone="Asia/Baku",
            location="Old City",
            participants=[guest.id],
        )
    )
    return book.id


@pytest.fixture
def target(tmp_path: Path) -> Iterator[Store]:
    """A second, empty store to import into."""
    opened = Store.open(tmp_path / "target.sqlite")
    try:
        yield opened
    finally:
        opened.close()


def test_round_trip_into_an_empty_store_gives_equal_content(
    store: Store, target: Store, tmp_path: Path
) -> None:
    book_id = build_full_book(store)
    bundle = export_bundle(store, book_id, tmp_path / "trip.bbk")

    result = import_bundle(target, bundle)

    assert isinstance(result, ImportResult)
    assert result.book_id == book_id
    assert target.load_book_content(book_id) == store.load_book_content(book_id)
    assert target.list_people() == store.list_people()  # including the aide, met only once
    assert target.list_notes() == store.list_notes()
    assert result.created == {
        "book": 1,
        "section": 2,
        "person": 3,
        "note": 2,
        "meeting": 2,
        "participant": 2,
        "book_note": 2,
        "image": 1,
        "comment": 0,
        "reply": 0,
    }
    assert sum(result.updated.values()) == sum(result.skipped.values()) == 0


def test_bundle_layout_follows_the_spec(store: Store, tmp_path: Path) -> None:
    book_id = build_full_book(store)
    bundle = export_bundle(store, book_id, tmp_path / "trip.bbk")
    with zipfile.ZipFile(bundle) as archive:
        names = archive.namelist()
        document = json.loads(archive.read("bundle.json"))
    host = next(p for p in document["people"] if p["name"] == "Sameddin F. Asadov")
    assert names[0] == "bundle.json"
    assert sorted(names[1:]) == [host["photo"]]
    assert host["photo"].startswith("images/") and host["photo"].endswith(".png")
    assert (document["format"], document["version"]) == (FORMAT_NAME, FORMAT_VERSION)
    assert document["book"]["schedule"][0]["start"] == "2026-12-02T10:00"
    assert document["book"]["participants"][0]["role"] == "Counterpart"
    assert document["book"]["page_size"] == "a4"
    assert [n["internal"] for n in document["notes"]] == [False, True]
    assert not list(tmp_path.glob(".*.tmp"))


def test_sample_book_round_trips(store: Store, target: Store, tmp_path: Path) -> None:
    from app.sample import ensure_sample_book

    book = ensure_sample_book(store)
    import_bundle(target, export_bundle(store, book.id, tmp_path / "sample.bbk"))
    assert target.load_book_content(book.id) == store.load_book_content(book.id)


def test_second_import_changes_nothing(store: Store, tmp_path: Path) -> None:
    book_id = build_full_book(store)
    before = store.load_book_content(book_id)
    bundle = export_bundle(store, book_id, tmp_path / "trip.bbk")
    result = import_bundle(store, bundle)
    assert result.changes == 0
    assert result.skipped["section"] == 2
    assert store.load_book_content(book_id) == before


def test_json_bundle_with_a_relative_photo_path(target: Store, tmp_path: Path) -> None:
    folder = tmp_path / "hand-written"
    (folder / "photos").mkdir(parents=True)
    photo = png((200, 20, 20))
    (folder / "photos" / "kress.png").write_bytes(photo)
    document = {
        "format": FORMAT_NAME,
        "version": 1,
        "book": {
            "title": "Scripted book",
            "start_date": "2026-12-01",
            "timezone": "Asia/Baku",
            "sections": [{"title": "Situation", "body": "Calm."}],
            "schedule": [{"title": "Arrival", "start": "2026-12-01T09:15"}],
        },
        "people": [
            {"name": "Carl B. Kress", "photo": "photos/kress.png", "photo_alt": "Kress"},
            {"name": "Elnur Mammadov", "native_name": "Elnur Məmmədov"},
        ],
        "notes": [{"title": "Energy security", "sources": ["Report"]}],
    }
    path = folder / "book.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")

    result = import_bundle(target, path)

    content = target.load_book_content(result.book_id)
    assert content.book.title == "Scripted book"
    # Without book.participants / book.notes, every person and note belongs to the book.
    assert [e.person.name for e in content.participants] == ["Carl B. Kress", "Elnur Mammadov"]
    assert [n.title for n in content.notes] == ["Energy security"]
    kress = content.participants[0].person
    assert kress.photo is not None
    assert content.images[kress.photo].data == photo
    assert content.participants[1].person.photo is None
    meeting = content.meetings[0]
    assert (meeting.timezone, meeting.end) == ("Asia/Baku", datetime(2026, 12, 1, 9, 15))
    assert [s.title for s in content.sections] == ["Situation"]


def test_plan_reports_without_writing(store: Store, target: Store, tmp_path: Path) -> None:
    book_id = build_full_book(store)
    bundle = export_bundle(store, book_id, tmp_path / "trip.bbk")

    plan = plan_import(target, bundle)

    assert isinstance(plan, ImportPlan)
    assert (plan.book_id, plan.book_title) == (book_id, "Baku engagement")
    assert plan.created["person"] == 3 and plan.changes == 15
    assert target.list_books() == [] and target.list_people() == []
    assert import_bundle(target, bundle).created == plan.created


# --- merging ----------------------------------------------------------------------------------


def _edit_later(store: Store, book_id: str) -> None:
    book = store.get_book(book_id)
    store.save_book(replace(book, title="Edited in the store"))


def test_older_bundle_copy_does_not_overwrite_a_newer_record(store: Store, tmp_path: Path) -> None:
    book_id = build_full_book(store)
    bundle = export_bundle(store, book_id, tmp_path / "old.bbk")
    _edit_later(store, book_id)
    person = store.list_people()[0]
    store.save_person(replace(person, bio="Newer bio"))

    plan = plan_import(store, bundle)
    result = import_bundle(store, bundle)

    assert store.get_book(book_id).title == "Edited in the store"
    assert store.get_person(person.id).bio == "Newer bio"
    assert result.skipped["book"] == 1 and result.skipped["person"] == 3
    assert plan.changes == result.changes == 0


def test_newer_bundle_copy_overwrites(store: Store, target: Store, tmp_path: Path) -> None:
    book_id = build_full_book(store)
    import_bundle(target, export_bundle(store, book_id, tmp_path / "first.bbk"))
    _edit_later(store, book_id)
    section = store.list_sections(book_id)[0]
    store.save_section(replace(section, body="Rewritten"))
    participant = store.list_participants(book_id)[0]
    store.save_participant(replace(participant, role="Host"))

    plan = plan_import(target, export_bundle(store, book_id, tmp_path / "second.bbk"))
    result = import_bundle(target, tmp_path / "second.bbk")

    assert target.get_book(book_id).title == "Edited in the store"
    assert target.get_section(section.id).body == "Rewritten"
    assert target.list_participants(book_id)[0].role == "Host"
    assert result.updated["book"] == 1 and result.updated["section"] == 1
    assert result.skipped["section"] == 1
    assert plan.updated == result.updated
    assert target.load_book_content(book_id) == store.load_book_content(book_id)


def test_records_the_bundle_does_not_mention_survive(
    store: Store, target: Store, tmp_path: Path
) -> None:
    book_id = build_full_book(store)
    bundle = export_bundle(store, book_id, tmp_path / "trip.bbk")
    import_bundle(target, bundle)
    extra_section = target.add_section(book_id, "Added at the target")
    stranger = target.save_person(Person(name="Someone else"))
    target.attach_person(book_id, stranger.id, "Observer")
    other_book = target.save_book(Book(title="Another trip"))
    _edit_later(store, book_id)

    import_bundle(target, export_bundle(store, book_id, tmp_path / "newer.bbk"))

    assert target.get_section(extra_section.id).title == "Added at the target"
    assert stranger.id in {p.person_id for p in target.list_participants(book_id)}
    assert target.get_book(other_book.id).title == "Another trip"
    assert target.get_book(book_id).title == "Edited in the store"


def test_copy_without_updated_at_does_not_replace_a_stored_record(
    store: Store, tmp_path: Path
) -> None:
    person = store.save_person(Person(name="Kept as is", bio="Stored"))
    path = tmp_path / "b.json"
    path.write_text(
        json.dumps(
            {
                "format": FORMAT_NAME,
                "version": 1,
                "book": {"title": "T", "participants": [{"person": person.id}]},
                "people": [{"id": person.id, "name": "Renamed", "bio": "From the bundle"}],
            }
        )
    )
    result = import_bundle(store, path)
    assert store.get_person(person.id).bio == "Stored"
    assert result.skipped["person"] == 1
    assert [p.person_id for p in store.list_participants(result.book_id)] == [person.id]


def test_links_missing_from_a_skipped_book_are_added(store: Store, tmp_path: Path) -> None:
    book_id = build_full_book(store)
    newcomer = store.save_person(Person(name="New participant"))
    store.attach_person(book_id, newcomer.id, "Staff")
    bundle = export_bundle(store, book_id, tmp_path / "trip.bbk")
    store.detach_person(book_id, newcomer.id)
    _edit_later(store, book_id)  # the store's book is now newer than the bundle's

    result = import_bundle(store, bundle)

    assert result.skipped["book"] == 1 and result.created["participant"] == 1
    assert store.list_participants(book_id)[-1].person_id == newcomer.id


# --- export failures -------------------------------------------------------------------------


def test_export_of_an_unknown_book(store: Store, tmp_path: Path) -> None:
    with pytest.raises(NotFound):
        export_bundle(store, "no-such-book", tmp_path / "x.bbk")


def test_export_to_a_folder_or_missing_folder_is_refused(store: Store, tmp_path: Path) -> None:
    book_id = build_full_book(store)
    with pytest.raises(ExportFailed, match="is a folder"):
        export_bundle(store, book_id, tmp_path)
    with pytest.raises(ExportFailed, match="does not exist"):
        export_bundle(store, book_id, tmp_path / "missing" / "x.bbk")


def test_failed_export_keeps_the_previous_file_and_leaves_no_temp(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book_id = build_full_book(store)
    output = tmp_path / "trip.bbk"
    output.write_bytes(b"previous bundle")

    def refuse(*args: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(ExportFailed, match="Permission denied"):
        export_bundle(store, book_id, output)
    assert output.read_bytes() == b"previous bundle"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores permissions")
def test_export_into_a_read_only_folder(store: Store, tmp_path: Path) -> None:
    book_id = build_full_book(store)
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    try:
        with pytest.raises(ExportFailed, match="Could not write"):
            export_bundle(store, book_id, locked / "x.bbk")
    finally:
        locked.chmod(0o700)


def test_unwritable_folder_is_reported(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book_id = build_full_book(store)

    def no_space(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tempfile, "mkstemp", no_space)
    with pytest.raises(ExportFailed, match="No space left on device"):
        export_bundle(store, book_id, tmp_path / "x.bbk")
    assert not (tmp_path / "x.bbk").exists()


# --- arbitrary text -------------------------------------------------------------------------

any_text = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=40)
title_text = any_text.filter(lambda text: text.strip() != "")
text_list = st.lists(any_text, max_size=3)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    book_texts=st.lists(any_text, min_size=6, max_size=6),
    book_title=title_text,
    section=st.tuples(any_text, any_text, any_text),
    person=st.tuples(title_text, st.lists(any_text, min_size=9, max_size=9), text_list, text_list),
    role=st.tuples(any_text, any_text),
    note=st.tuples(title_text, st.lists(any_text, min_size=3, max_size=3), text_list),
    meeting=st.tuples(any_text, any_text, any_text),
)
def test_any_text_survives_store_and_bundle_round_trip(
    book_texts: list[str],
    book_title: str,
    section: tuple[str, str, str],
    person: tuple[str, list[str], list[str], list[str]],
    role: tuple[str, str],
    note: tuple[str, list[str], list[str]],
    meeting: tuple[str, str, str],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = Store.open(Path(folder) / "source.sqlite")
        target = Store.open(Path(folder) / "target.sqlite")
        try:
            subtitle, destination, marking, prepared_by, organization, purpose = book_texts
            book = source.save_book(
                Book(
                    title=book_title,
                    subtitle=subtitle,
                    destination=destination,
                    marking=marking,
                    prepared_by=prepared_by,
                    organization=organization,
                    purpose=purpose,
                )
            )
            source.save_section(
                Section(book_id=book.id, title=section[0], body=section[1], template_key=section[2])
            )
            name, fields, languages, tags = person
            native, honorific, title, org, country, bio, alt, sound, origin = fields
            saved_person = source.save_person(
                Person(
                    name=name,
                    native_name=native,
                    honorific=honorific,
                    title=title,
                    organization=org,
                    country=country,
                    bio=bio,
                    photo_alt=alt,
                    pronunciation=sound,
                    languages=languages,
                    tags=tags,
                    source=origin,
                )
            )
            source.save_participant(Participant(book.id, saved_person.id, role[0], role[1]))
            note_title, (sector, note_country, body), sources = note
            saved_note = source.save_note(
                Note(
                    title=note_title,
                    sector=sector,
                    country=note_country,
                    body=body,
                    sources=sources,
                )
            )
            source.attach_note(book.id, saved_note.id)
            source.save_meeting(
                Meeting(
                    book_id=book.id,
                    title=meeting[0],
                    start=datetime(2026, 12, 2, 10, 0),
                    end=datetime(2026, 12, 2, 11, 0),
                    location=meeting[1],
                    objective=meeting[2],
                    participants=[saved_person.id],
                )
            )
            stored = source.load_book_content(book.id)
            assert stored.book.purpose == purpose and stored.sections[0].body == section[1]
            assert stored.participants[0].person.languages == languages

            import_bundle(target, export_bundle(source, book.id, Path(folder) / "b.bbk"))

            assert target.load_book_content(book.id) == stored
        finally:
            source.close()
            target.close()


def test_a_failure_midway_rolls_the_whole_import_back(
    store: Store, target: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.errors import BundleRefused, InvalidInput

    book_id = build_full_book(store)
    bundle = export_bundle(store, book_id, tmp_path / "trip.bbk")
    saved: list[str] = []
    real_save = target.save_meeting

    def fail_on_second(meeting: Meeting, **kwargs: bool) -> Meeting:
        saved.append(meeting.id)
        if len(saved) == 2:
            raise InvalidInput("The disk said no.")
        return real_save(meeting, **kwargs)

    monkeypatch.setattr(target, "save_meeting", fail_on_second)
    with pytest.raises(BundleRefused, match="The disk said no"):
        import_bundle(target, bundle)
    assert len(saved) == 2  # the first meeting, people, notes and the book were written...
    # ...and rolled back together.
    assert target.list_books() == [] and target.list_people() == [] and target.list_notes() == []
    assert target.search("Asadov") == []


def test_pictures_in_a_section_travel_with_the_bundle(
    store: Store, target: Store, tmp_path: Path
) -> None:
    """A Word import's picture lives in the body as ![alt](image:SHA): the bundle carries it,
    so the colleague's book shows the picture, not only its alt text."""
    book = store.save_book(Book(title="Pictures"))
    picture = load_image(png((20, 120, 40), (30, 20)))
    store.put_image(picture)
    body = f"The corridor:\n\n![Rail map](image:{picture.sha256})\n"
    store.add_section(book.id, "Situation", body)
    bundle = export_bundle(store, book.id, tmp_path / "pictures.bbk")
    with zipfile.ZipFile(bundle) as archive:
        document = json.loads(archive.read("bundle.json"))
        assert document["pictures"] == [f"images/{picture.sha256}.png"]
        assert f"images/{picture.sha256}.png" in archive.namelist()

    import_bundle(target, bundle)

    assert target.get_image(picture.sha256) == picture
    [section] = target.load_book_content(book.id).sections
    assert section.body == body
