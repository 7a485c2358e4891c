"""Export preflight: one test per rule, on content built by hand (no store needed)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from app.domain import (
    STALE_AFTER_DAYS,
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
from app.preflight import Problem, find_placeholders, run_preflight

TODAY = date(2026, 11, 20)
RECENT = TODAY - timedelta(days=10)


def clean_content() -> BookContent:
    """A book with nothing to fix."""
    book = Book(
        title="Trade mission to Baku",
        subtitle="Follow-up talks",
        destination="Baku, Azerbaijan",
        start_date=date(2026, 12, 1),
        end_date=date(2026, 12, 2),
        marking="UNCLASSIFIED",
        organization="Agency",
        prepared_by="Regional desk",
        purpose="Prepare the delegation; see [the plan](https://example.org/plan).",
    )
    photo = Image("abc123", "image/png", b"png", 40, 50)
    person = Person(
        name="Sameddin Asadov",
        native_name="Səməddin Əsədov",
        title="Deputy Minister",
        bio="Leads the **digital** programme. See [profile](https://example.org/p) [1].",
        photo=photo.sha256,
        photo_alt="Portrait placeholder with initials",
        pronunciation="[sæmæddin æsædov]",
        last_verified=RECENT,
    )
    sections = [
        Section(book.id, "Situation", "The talks in 2025 set out a TKO-free agenda for XXL cargo."),
        Section(
            book.id, "Objectives", "- [ ] confirm priorities\n- [x] agree the date\n", handout=False
        ),
    ]
    note = Note(
        "Rail links",
        body="The corridor links Europe and Asia. `[code]` stays code.",
        sources=["https://example.org/rail"],
        last_verified=RECENT,
    )
    meetings = [
        Meeting(
            book.id,
            "Meeting with the ministry",
            datetime(2026, 12, 1, 9, 0),
            datetime(2026, 12, 1, 10, 0),
            "Asia/Baku",
            location="Ministry",
            objective="Confirm the priorities.",
            participants=[person.id],
        ),
        Meeting(
            book.id,
            "Working lunch",
            datetime(2026, 12, 1, 10, 0),
            datetime(2026, 12, 1, 11, 30),
            "Asia/Baku",
        ),
    ]
    return BookContent(
        book=book,
        sections=sections,
        participants=[
            ParticipantEntry(Participant(book.id, person.id, role="Counterpart"), person)
        ],
        notes=[note],
        meetings=meetings,
        images={photo.sha256: photo},
    )


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, problems
    return problems[0]


def test_clean_content_has_no_problems() -> None:
    assert run_preflight(clean_content(), TODAY) == []


def test_problem_is_a_frozen_record() -> None:
    problem = Problem("warning", "book", "id", "message")
    with pytest.raises(AttributeError):
        problem.message = "other"  # type: ignore[misc]


# --- the book ---------------------------------------------------------------------------------


def test_no_marking() -> None:
    content = clean_content()
    content.book.marking = "  "
    problem = only(run_preflight(content, TODAY))
    assert (problem.severity, problem.kind, problem.ref_id) == ("warning", "book", content.book.id)
    assert "no marking" in problem.message


def test_no_dates() -> None:
    content = clean_content()
    content.book.end_date = None
    problem = only(run_preflight(content, TODAY))
    assert problem.kind == "book" and "no trip dates" in problem.message


def test_trip_ending_before_it_starts_is_an_error() -> None:
    content = clean_content()
    content.book.start_date, content.book.end_date = date(2026, 12, 3), date(2026, 11, 30)
    problems = run_preflight(content, TODAY)
    book = [p for p in problems if p.kind == "book"]
    assert only(book).severity == "error"
    assert "ends (30 November 2026) before it starts (3 December 2026)" in book[0].message


def test_placeholder_on_the_cover() -> None:
    content = clean_content()
    content.book.subtitle = "Talks with [minister name]"
    problem = only(run_preflight(content, TODAY))
    assert problem.kind == "book" and "“[minister name]”" in problem.message


# --- sections -----------------------------------------------------------------------------------


def test_empty_section_is_named() -> None:
    content = clean_content()
    content.sections[1].body = " \n\t "
    problem = only(run_preflight(content, TODAY))
    assert (problem.kind, problem.ref_id) == ("section", content.sections[1].id)
    assert problem.message == "Section “Objectives” has no text yet."


@pytest.mark.parametrize("placeholder", ["TBD", "tbd", "TBC", "TK", "XX", "XXX", "[name here]"])
def test_placeholders_in_section_body(placeholder: str) -> None:
    content = clean_content()
    content.sections[0].body = f"The minister will attend on {placeholder}, we hope."
    problem = only(run_preflight(content, TODAY))
    assert problem.kind == "section" and problem.ref_id == content.sections[0].id
    assert f"“{placeholder}”" in problem.message and "Situation" in problem.message


def test_placeholder_in_section_title() -> None:
    content = clean_content()
    content.sections[0].title = "Situation TBD"
    problem = only(run_preflight(content, TODAY))
    assert "“TBD”" in problem.message


def test_several_placeholders_are_listed_once_in_order() -> None:
    content = clean_content()
    content.sections[0].body = "TK then [x y] then TK then XX then TBD"
    message = only(run_preflight(content, TODAY)).message
    assert message.endswith("placeholders: “TK”, “[x y]”, “XX” and 1 more.")


@pytest.mark.parametrize(
    "text",
    [
        "A [link](https://example.org) and ![photo](a.png)",
        "A reference [link][1] and its [1]: https://example.org definition",
        "- [ ] open task\n* [X] done task",
        "Citations [1] [23] and footnotes [^note]",
        "An editorial [sic] and an omission [...] or […]",
        "TKO, XXL, TBDs, e-TK, X-ray, and ATK are words",
        "`TBD` in code\n\n```\n[placeholder] XX\n```\n",
    ],
)
def test_no_false_placeholders(text: str) -> None:
    assert find_placeholders(text) == [], text


def test_brackets_in_pronunciation_are_phonetics() -> None:
    content = clean_content()
    content.participants[0].person.pronunciation = "[ˈsæməddin] TBD"
    problem = only(run_preflight(content, TODAY))
    assert "“TBD”" in problem.message and "ˈsæ" not in problem.message


# --- people --------------------------------------------------------------------------------------


def test_person_without_photo() -> None:
    content = clean_content()
    person = content.participants[0].person
    person.photo = None
    problem = only(run_preflight(content, TODAY))
    assert (problem.kind, problem.ref_id) == ("person", person.id)
    assert problem.message == "“Sameddin Asadov” has no photo."


def test_photo_without_alt_text() -> None:
    content = clean_content()
    content.participants[0].person.photo_alt = ""
    assert "no alt text" in only(run_preflight(content, TODAY)).message


def test_photo_missing_from_the_store() -> None:
    content = clean_content()
    content.images.clear()
    assert "missing" in only(run_preflight(content, TODAY)).message


def test_profile_never_verified() -> None:
    content = clean_content()
    content.participants[0].person.last_verified = None
    problem = only(run_preflight(content, TODAY))
    assert problem.message == "The profile of “Sameddin Asadov” has never been verified."


def test_profile_verified_long_ago() -> None:
    content = clean_content()
    person = content.participants[0].person
    person.last_verified = TODAY - timedelta(days=STALE_AFTER_DAYS)
    assert run_preflight(content, TODAY) == []  # exactly 180 days is still fresh
    person.last_verified = TODAY - timedelta(days=STALE_AFTER_DAYS + 1)
    problem = only(run_preflight(content, TODAY))
    assert "181 days ago" in problem.message and problem.ref_id == person.id


def test_placeholders_in_bio_and_talking_points() -> None:
    content = clean_content()
    content.participants[0].person.bio = "Born in XX."
    content.participants[0].participant.talking_points = "- Ask about [project name]"
    message = only(run_preflight(content, TODAY)).message
    assert "“XX”" in message and "“[project name]”" in message


# --- notes ------------------------------------------------------------------------------------


def test_note_not_verified() -> None:
    content = clean_content()
    note = content.notes[0]
    note.last_verified = None
    problem = only(run_preflight(content, TODAY))
    assert (problem.kind, problem.ref_id) == ("note", note.id)
    assert problem.message == "Note “Rail links” has never been verified."


def test_stale_note() -> None:
    content = clean_content()
    content.notes[0].last_verified = date(2025, 1, 1)
    assert "days ago (1 January 2025)" in only(run_preflight(content, TODAY)).message


def test_placeholder_in_note_sources() -> None:
    content = clean_content()
    content.notes[0].sources.append("Ministry report, TK")
    assert "“TK”" in only(run_preflight(content, TODAY)).message


def test_empty_note() -> None:
    content = clean_content()
    content.notes[0].body = ""
    assert only(run_preflight(content, TODAY)).message == "Note “Rail links” has no text yet."


# --- meetings ---------------------------------------------------------------------------------


def test_meeting_ending_before_it_starts_is_an_error() -> None:
    content = clean_content()
    meeting = content.meetings[1]
    meeting.end = meeting.start - timedelta(minutes=30)
    problem = only(run_preflight(content, TODAY))
    assert (problem.severity, problem.kind, problem.ref_id) == ("error", "meeting", meeting.id)
    assert "“Working lunch”" in problem.message and "ends before it starts" in problem.message


def test_overlapping_meetings_name_both() -> None:
    content = clean_content()
    content.meetings[1].start = datetime(2026, 12, 1, 9, 30)
    problem = only(run_preflight(content, TODAY))
    assert problem.ref_id == content.meetings[1].id
    assert "“Working lunch”" in problem.message and "“Meeting with the ministry”" in problem.message
    assert "overlaps" in problem.message


def test_back_to_back_meetings_do_not_overlap() -> None:
    content = clean_content()  # 09:00–10:00 then 10:00–11:30
    assert run_preflight(content, TODAY) == []


def test_overlap_is_judged_in_utc_across_time_zones() -> None:
    content = clean_content()
    # 06:30–07:30 in London is 10:30–11:30 in Baku: it overlaps the working lunch...
    content.meetings.append(
        Meeting(
            content.book.id,
            "Call with London",
            datetime(2026, 12, 1, 6, 30),
            datetime(2026, 12, 1, 7, 30),
            "Europe/London",
        )
    )
    problem = only(run_preflight(content, TODAY))
    assert "“Call with London”" in problem.message and "“Working lunch”" in problem.message
    # ...while the same wall-clock times in Baku would not.
    content.meetings[-1].timezone = "Asia/Baku"
    assert run_preflight(content, TODAY) == []


def test_meetings_outside_the_trip_dates() -> None:
    content = clean_content()
    early, late = content.meetings
    early.start, early.end = datetime(2026, 11, 30, 23, 0), datetime(2026, 11, 30, 23, 30)
    late.start, late.end = datetime(2026, 12, 3, 9, 0), datetime(2026, 12, 3, 10, 0)
    problems = run_preflight(content, TODAY)
    assert [
        (p.ref_id, "before the trip" in p.message, "after the trip" in p.message) for p in problems
    ] == [
        (early.id, True, False),
        (late.id, False, True),
    ]


def test_meeting_date_is_its_local_date() -> None:
    content = clean_content()
    # 23:30 local on the last trip day is inside the trip even though it is 19:30 UTC the
    # same day and the next day in Tokyo: only the meeting's own local date counts.
    content.meetings[1].start = datetime(2026, 12, 2, 23, 0)
    content.meetings[1].end = datetime(2026, 12, 2, 23, 30)
    assert run_preflight(content, TODAY) == []


def test_unknown_time_zone() -> None:
    content = clean_content()
    content.meetings[1].timezone = "Mars/Olympus"
    assert "unknown time zone" in only(run_preflight(content, TODAY)).message


def test_placeholders_in_meeting_fields() -> None:
    content = clean_content()
    content.meetings[0].location = "Room TBD"
    content.meetings[0].objective = "Agree on [topic]"
    problem = only(run_preflight(content, TODAY))
    assert (
        problem.kind == "meeting" and "“TBD”" in problem.message and "“[topic]”" in problem.message
    )


# --- order --------------------------------------------------------------------------------------


def test_problems_follow_book_order() -> None:
    content = clean_content()
    content.book.marking = ""
    content.notes[0].last_verified = None
    content.participants[0].person.photo = None
    content.sections[1].body = ""
    content.sections[0].body = ""
    content.meetings[1].end = content.meetings[1].start - timedelta(hours=1)
    kinds = [(p.kind, p.ref_id) for p in run_preflight(content, TODAY)]
    assert kinds == [
        ("book", content.book.id),
        ("meeting", content.meetings[1].id),
        ("section", content.sections[0].id),
        ("section", content.sections[1].id),
        ("person", content.participants[0].person.id),
        ("note", content.notes[0].id),
    ]


def test_today_defaults_to_the_real_date() -> None:
    content = clean_content()
    person = content.participants[0].person
    person.last_verified = date.today() - timedelta(days=STALE_AFTER_DAYS + 5)
    content.notes[0].last_verified = date.today()
    assert [p.ref_id for p in run_preflight(content)] == [person.id]


def test_sample_book_is_clean_on_its_own_dates(tmp_path: Path) -> None:
    from app.sample import ensure_sample_book
    from app.store import Store

    with Store.open(tmp_path / "store.sqlite") as store:
        book = ensure_sample_book(store)
        content = store.load_book_content(book.id)
    assert book.start_date is not None
    problems = run_preflight(content, book.start_date)
    assert [p for p in problems if p.severity == "error"] == []
    assert problems == [], [p.message for p in problems]


def test_a_handout_section_whose_title_says_internal_is_flagged() -> None:
    content = clean_content()
    content.sections[0] = replace(content.sections[0], title="Our red lines", handout=True)
    content.sections[1] = replace(content.sections[1], handout=True)
    talking = Section(content.book.id, "Talking points", "- Say this.", handout=True)
    content.sections.append(talking)
    messages = [p.message for p in run_preflight(content, TODAY) if p.kind == "section"]
    assert messages == [
        "Section “Our red lines” is ticked for the handout, but its title suggests it is for "
        "our side only; untick it unless the hosts should read it.",
        "Section “Objectives” is ticked for the handout, but its title suggests it is for "
        "our side only; untick it unless the hosts should read it.",
    ]  # talking points never reach the handout, whatever the tick: nothing to say


# --- characters no bundled font can draw -------------------------------------------------------


def test_every_script_of_the_world_book_is_drawable() -> None:
    """Names in Arabic, Indic, South-East Asian, CJK ... scripts raise no warning."""
    content = clean_content()
    person = content.participants[0].person
    person.native_name = "سلمان · अनन्या · สมชาย · ნინო · 赵思远 · 박서연 · Тоқаев · Nguyễn"
    person.bio = "ሰላማዊት, Արամ, נועה, කාර්ත්, ສົມພອນ, សុខ, အောင်, ޢާއިޝަތު, 高橋さくら, བཀྲ་ཤིས, ⵜⴰⵎⴰⵣⵉⵖⵜ."
    assert run_preflight(content, TODAY) == []


def test_undrawable_characters_are_named_with_code_point_record_and_field() -> None:
    content = clean_content()
    person = content.participants[0].person
    person.native_name = "ߒߞߏ 😀"  # N'Ko: no bundled font
    problem = only(run_preflight(content, TODAY))
    assert (problem.severity, problem.kind, problem.ref_id) == ("warning", "person", person.id)
    assert "native-script name" in problem.message and "“Sameddin Asadov”" in problem.message
    for char in "ߒߞߏ😀":
        assert f"U+{ord(char):04X}" in problem.message
    assert "U+07D2 NKO LETTER N (ߒ)" in problem.message
    assert "U+1F600 GRINNING FACE" in problem.message


@pytest.mark.parametrize(
    ("where", "field"),
    [
        ("book", "title"),
        ("section", "text"),
        ("note", "sources"),
        ("meeting", "location"),
        ("person", "talking points"),
    ],
)
def test_undrawable_characters_in_each_record_kind(where: str, field: str) -> None:
    content = clean_content()
    nko = "ߒߞߏ"
    if where == "book":
        content.book.title += f" {nko}"
    elif where == "section":
        content.sections[0].body += f" {nko}"
    elif where == "note":
        content.notes[0].sources.append(nko)
    elif where == "meeting":
        content.meetings[0].location = nko
    else:
        content.participants[0].participant.talking_points = f"- {nko}"
    problem = only(run_preflight(content, TODAY))
    assert problem.kind == where
    assert f"the {field} has" in problem.message
    assert "U+07DE NKO LETTER KA" in problem.message


def test_invisible_controls_and_spaces_are_not_undrawable() -> None:
    content = clean_content()
    content.participants[0].person.native_name = "کامران رضایی\u200cنژاد\u200f \u2009 \ufe0f"
    assert run_preflight(content, TODAY) == []
