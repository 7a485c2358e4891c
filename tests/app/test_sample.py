"""The sample book: complete, marked as a sample, idempotent, and useful to every feature."""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PIL import Image as PILImage

from app.domain import BRIEF_TEMPLATE, BookContent
from app.sample import (
    SAMPLE_BOOK_ID,
    SAMPLE_MARK,
    ensure_sample_book,
    initials,
    placeholder_portrait,
)
from app.store import Store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(tmp_path / "store.sqlite")
    yield opened
    opened.close()


@pytest.fixture
def content(store: Store) -> BookContent:
    book = ensure_sample_book(store)
    return store.load_book_content(book.id)


def test_book_is_the_baku_trip_and_says_it_is_a_sample(content: BookContent) -> None:
    book = content.book
    assert book.id == SAMPLE_BOOK_ID
    assert book.destination == "Baku, Azerbaijan"
    assert (book.start_date, book.end_date) == (date(2026, 12, 1), date(2026, 12, 3))
    assert book.marking == "UNCLASSIFIED"
    assert book.timezone == "Asia/Baku"
    assert book.prepared_by == "Regional office"
    assert "Trade and Development Agency" in book.organization
    assert book.subtitle == SAMPLE_MARK
    assert "SAMPLE" in book.subtitle
    assert "fictional" in book.purpose.lower()


def test_brief_sections_follow_the_template_in_order(content: BookContent) -> None:
    assert [s.title for s in content.sections] == list(BRIEF_TEMPLATE)
    handout = {s.title: s.handout for s in content.sections}
    # What is for our side alone starts out of the handout, as in a new book.
    assert handout == {
        "Situation": True,
        "Why it matters": False,
        "Outlook": True,
        "Objectives": False,
        "Talking points": False,
    }
    for section in content.sections:
        paragraphs = [p for p in section.body.split("\n\n") if p.strip()]
        assert len(paragraphs) >= 3, section.title
        assert "**" in section.body, section.title
        assert "\n- " in section.body or "\n1. " in section.body, section.title
    bodies = "\n".join(s.body for s in content.sections)
    assert "|---|" in bodies  # a Markdown table somewhere in the brief
    assert "*" in bodies.replace("**", "")  # some italics too


def test_the_three_people_with_native_names_and_talking_points(content: BookContent) -> None:
    people = {entry.person.name: entry for entry in content.participants}
    assert set(people) == {"Carl B. Kress", "Sameddin F. Asadov", "Elnur Mammadov"}
    assert people["Sameddin F. Asadov"].person.native_name == "Səməddin Əsədov"
    assert people["Elnur Mammadov"].person.native_name == "Elnur Məmmədov"
    assert people["Carl B. Kress"].person.title == "Regional Director"
    assert "Digital Development and Transport" in people["Sameddin F. Asadov"].person.title
    assert people["Elnur Mammadov"].person.title == "Deputy Minister of Foreign Affairs"
    for entry in people.values():
        person = entry.person
        assert person.honorific and person.organization and person.country
        assert person.languages and person.pronunciation and person.bio
        assert person.last_verified is not None
        assert entry.participant.role
        assert entry.participant.talking_points.strip().startswith("- ")


def test_every_person_has_a_png_placeholder_with_alt_text(content: BookContent) -> None:
    for entry in content.participants:
        person = entry.person
        assert person.photo in content.images, person.name
        image = content.images[person.photo]
        assert image.mime == "image/png"
        assert image.data.startswith(b"\x89PNG\r\n\x1a\n")
        with PILImage.open(io.BytesIO(image.data)) as decoded:
            assert decoded.size == (480, 600) == (image.width, image.height)
        assert person.photo_alt == (
            f"Placeholder portrait showing the initials {initials(person.name)}"
        )


def test_five_sector_notes_and_one_internal_logistics_note(content: BookContent) -> None:
    sectors = [note.sector for note in content.notes if not note.internal]
    assert sectors == [
        "Railway infrastructure",
        "Telecommunications",
        "Space technologies",
        "Energy security",
        "Renewable energy",
    ]
    internal = [note for note in content.notes if note.internal]
    assert [note.title for note in internal] == ["Delegation logistics"]
    for note in content.notes:
        assert note.country == "Azerbaijan"
        assert note.sources and note.last_verified is not None
        assert len([p for p in note.body.split("\n\n") if p.strip()]) >= 2, note.title


def test_schedule_two_days_in_baku_time_linking_the_people(content: BookContent) -> None:
    book, meetings = content.book, content.meetings
    assert 5 <= len(meetings) <= 7
    assert {m.start.date() for m in meetings} == {date(2026, 12, 1), date(2026, 12, 2)}
    person_ids = {entry.person.id for entry in content.participants}
    linked: set[str] = set()
    for meeting in meetings:
        assert meeting.timezone == "Asia/Baku"
        assert meeting.start < meeting.end
        assert book.start_date <= meeting.start.date() <= meeting.end.date() <= book.end_date
        assert meeting.location and meeting.objective
        assert set(meeting.participants) <= person_ids
        linked.update(meeting.participants)
    assert linked == person_ids
    # No two meetings overlap (preflight would flag it).
    ordered = sorted(meetings, key=lambda m: m.start)
    for earlier, later in itertools.pairwise(ordered):
        assert earlier.end <= later.start
    # Baku is UTC+4: the arrival briefing at 09:00 local is 05:00 UTC.
    first = ordered[0].start.replace(tzinfo=ZoneInfo("Asia/Baku"))
    assert first.utcoffset().total_seconds() == 4 * 3600
    titles = " ".join(m.title for m in meetings)
    for expected in ("Arrival briefing", "Asadov", "Mammadov", "roundtable", "lunch", "debrief"):
        assert expected in titles


def test_adding_twice_leaves_one_book_and_no_duplicates(store: Store) -> None:
    first = ensure_sample_book(store)
    counts = (store.count_people(), store.count_notes(), len(store.list_meetings(first.id)))
    second = ensure_sample_book(store)
    assert second.id == first.id
    assert [b.id for b in store.list_books()] == [first.id]
    assert (store.count_people(), store.count_notes(), len(store.list_meetings(first.id))) == (
        counts
    )
    assert counts == (3, 6, 6)


def test_readding_after_delete_keeps_library_edits(store: Store) -> None:
    book = ensure_sample_book(store)
    asadov = next(p for p in store.list_people() if p.name == "Sameddin F. Asadov")
    asadov.bio = "Edited by an officer."
    store.save_person(asadov)
    store.delete_book(book.id)
    ensure_sample_book(store)
    assert store.get_person(asadov.id).bio == "Edited by an officer."
    assert len(store.list_participants(SAMPLE_BOOK_ID)) == 3


def test_sample_ids_are_the_same_in_every_store(tmp_path: Path) -> None:
    def ids(path: Path) -> set[str]:
        with Store.open(path) as opened:
            content = opened.load_book_content(ensure_sample_book(opened).id)
            return (
                {content.book.id}
                | {s.id for s in content.sections}
                | {e.person.id for e in content.participants}
                | {n.id for n in content.notes}
                | {m.id for m in content.meetings}
            )

    assert ids(tmp_path / "one.sqlite") == ids(tmp_path / "two.sqlite")


def test_sample_is_found_by_search_in_both_scripts(store: Store) -> None:
    ensure_sample_book(store)
    for query in ("Asadov", "Əsədov", "samaddin", "Məmmədov", "Mamm", "Kress"):
        assert any(hit.kind == "person" for hit in store.search(query)), query
    assert store.search("railway", kinds=["note"])
    assert store.search("roundtable", kinds=["meeting"])


def test_placeholder_portrait_is_deterministic_and_distinct() -> None:
    one, again = placeholder_portrait("Carl B. Kress"), placeholder_portrait("Carl B. Kress")
    assert one.data == again.data and one.sha256 == again.sha256
    assert placeholder_portrait("Elnur Mammadov").sha256 != one.sha256


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Carl B. Kress", "CK"), ("Səməddin Əsədov", "SƏ"), ("Cher", "C"), ("", "?"), ("  . ", "?")],
)
def test_initials(name: str, expected: str) -> None:
    assert initials(name) == expected


def test_meeting_times_are_naive_local_wall_clock(content: BookContent) -> None:
    assert all(isinstance(m.start, datetime) and m.start.tzinfo is None for m in content.meetings)


def test_sample_passes_export_preflight_before_the_trip(content: BookContent) -> None:
    from app.preflight import run_preflight

    assert run_preflight(content, today=date(2026, 11, 30)) == []
    # Half a year later its profiles and notes are due for re-verification, as in real life.
    later = run_preflight(content, today=date(2027, 6, 30))
    assert later and {problem.severity for problem in later} == {"warning"}
