"""Export preflight: what a careful officer would fix before a book is printed.

``run_preflight`` looks at one book's content and lists problems in book order (the book itself,
the schedule, the sections, the people, the notes), each naming its record so the CLI can
print it and the export dialog can jump to it. Nothing here blocks an export: an "error" marks
data that contradicts itself (a meeting that ends before it starts), a "warning" something to
check (an empty section, a stale profile, a placeholder left in the text, a character that no
bundled font can draw and that the PDF would print as a replacement mark). Given a
``SpellingSetup``, misspelt words are listed too (severity "spelling"), one problem per word
and field, naming the word and where it first occurs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.dates_text import long_date, time_span
from app.domain import STALE_AFTER_DAYS, BookContent, Meeting, Note, ParticipantEntry, Section
from app.glyphs import describe, undrawable
from app.spelling.check import SpellingSetup, field_misspellings
from app.templates import is_talking_points, looks_internal

WARNING = "warning"
ERROR = "error"
SPELLING = "spelling"
# Misspelt words listed per field; past this a field is probably in another language.
SPELLING_SHOWN = 20

# Placeholders editors leave for "fill in later"; whole words only, so TKO or XXL pass.
_PLACEHOLDER_WORDS = re.compile(r"(?<![\w-])(TBD|TBC|TODO|TK|X{2,})(?![\w-])")
_PLACEHOLDER_TBD = re.compile(r"(?<![\w-])(tbd|tbc)(?![\w-])", re.IGNORECASE)
# [bracketed text], but not a Markdown link [text](url) / [text][ref] / [ref]: definition,
# not a task-list checkbox, a numbered citation [1] or a footnote [^1].
_BRACKETS = re.compile(r"(?<![\\!])\[([^\[\]\n]{1,80})\](?![(\[:])")
_CHECKBOX = re.compile(r"^\s*[-*+]\s+\[[ xX]\]", re.MULTILINE)
_FENCED_CODE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.MULTILINE | re.DOTALL)
_INLINE_CODE = re.compile(r"`[^`\n]*`")
_EDITORIAL = re.compile(r"^(sic!?|\.{3}|…)$", re.IGNORECASE)
_MAX_SHOWN = 3
MARKDOWN, PLAIN, PRONUNCIATION = "markdown", "plain", "pronunciation"


@dataclass(frozen=True)
class Problem:
    """One thing to fix. ``kind`` and ``ref_id`` name the record (``kind`` is "book",
    "section", "person", "note" or "meeting"); ``message`` is one sentence for the user."""

    severity: str  # "warning" | "error" | "spelling"
    kind: str
    ref_id: str
    message: str
    # For a misspelling: the word, and the field it is in ("body", "title", "bio",
    # "talking_points", "objective", "purpose"), so the app can go to it.
    word: str = ""
    field: str = ""


def run_preflight(
    content: BookContent, today: date | None = None, spelling: SpellingSetup | None = None
) -> list[Problem]:
    """Every problem found in one book, in book order; misspellings too when ``spelling`` is
    given."""
    today = today or date.today()
    speller = _Speller(content, spelling)
    problems: list[Problem] = []
    problems += _book_problems(content)
    problems += speller.check(
        "book", content.book.id, "The book's purpose", [("purpose", content.book.purpose, MARKDOWN)]
    )
    problems += _schedule_problems(content)
    for meeting in sorted(content.meetings, key=lambda m: (m.start, m.end, m.title)):
        problems += speller.check(
            "meeting",
            meeting.id,
            _meeting_label(meeting),
            [("objective", meeting.objective, MARKDOWN)],
        )
    for section in content.sections:
        problems += _section_problems(section)
        problems += speller.check(
            "section",
            section.id,
            f"Section {_name(section.title, '(untitled)')}",
            [("title", section.title, PLAIN), ("body", section.body, MARKDOWN)],
            section.language,
        )
    for entry in content.participants:
        problems += _person_problems(entry, content, today)
        problems += speller.check(
            "person",
            entry.person.id,
            f"The profile of {_name(entry.person.name, 'an unnamed person')}",
            [
                ("bio", entry.person.bio, MARKDOWN),
                ("talking_points", entry.participant.talking_points, MARKDOWN),
            ],
        )
    for note in content.notes:
        problems += _note_problems(note, today)
        problems += speller.check(
            "note",
            note.id,
            f"Note {_name(note.title, '(untitled)')}",
            [("body", note.body, MARKDOWN)],
        )
    return problems


# --- spelling ----------------------------------------------------------------------------------

_FIELD_NAMES = {
    "title": "title",
    "body": "",
    "bio": "biography",
    "talking_points": "talking points",
    "objective": "objective",
    "purpose": "",
}


class _Speller:
    """Misspellings of one book's fields as problems (nothing without a ``SpellingSetup``)."""

    def __init__(self, content: BookContent, setup: SpellingSetup | None) -> None:
        self.setup = setup
        self.book_language = content.book.language

    def check(
        self,
        kind: str,
        ref_id: str,
        what: str,
        fields: Iterable[tuple[str, str, str]],
        section_language: str = "",
    ) -> list[Problem]:
        if self.setup is None:
            return []
        checker = self.setup.checker(self.book_language, section_language)
        if not checker.active:
            return []  # a language without a dictionary is not checked, never against English
        problems: list[Problem] = []
        for field, text, mode in fields:
            found = field_misspellings(checker, text, mode == MARKDOWN)
            for item in found[:SPELLING_SHOWN]:
                where = _FIELD_NAMES[field]
                if field != "title":
                    where = f"{where} line {item.line}" if where else f"line {item.line}"
                times = f" ({item.count} times)" if item.count > 1 else ""
                problems.append(
                    Problem(
                        SPELLING,
                        kind,
                        ref_id,
                        f"{what}, {where}: “{item.word}”{times}",
                        word=item.word,
                        field=field,
                    )
                )
            more = len(found) - SPELLING_SHOWN
            if more > 0:
                problems.append(
                    Problem(
                        SPELLING,
                        kind,
                        ref_id,
                        f"{what} has {more} more misspelt words; is its language set right?",
                        field=field,
                    )
                )
        return problems


# --- placeholders ------------------------------------------------------------------------------


def find_placeholders(text: str, mode: str = MARKDOWN) -> list[str]:
    """Placeholders left in ``text`` (TBD, TK, XX, [bracketed text]...), in order, once each.

    ``mode`` is MARKDOWN (code is skipped; links, checkboxes, citations, editorial [sic] and
    [...] are not placeholders), PLAIN, or PRONUNCIATION (brackets hold phonetics there).
    """
    if mode == MARKDOWN:
        text = _FENCED_CODE.sub(" ", text)
        text = _INLINE_CODE.sub(" ", text)
        text = _CHECKBOX.sub(" ", text)
    found: list[tuple[int, str]] = []
    for pattern in (_PLACEHOLDER_WORDS, _PLACEHOLDER_TBD):
        found += [(m.start(), m.group(0)) for m in pattern.finditer(text)]
    for match in _BRACKETS.finditer(text) if mode != PRONUNCIATION else ():
        inner = match.group(1).strip()
        if not inner or inner.isdigit() or inner.startswith("^") or _EDITORIAL.match(inner):
            continue
        found.append((match.start(), match.group(0)))
    seen: dict[str, None] = {}
    for _, token in sorted(found):
        seen.setdefault(token, None)
    return list(seen)


def _placeholder_problem(
    kind: str, ref_id: str, what: str, fields: Iterable[tuple[str, str]]
) -> list[Problem]:
    tokens: dict[str, None] = {}
    for text, mode in fields:
        for token in find_placeholders(text, mode):
            tokens.setdefault(token, None)
    if not tokens:
        return []
    shown = ", ".join(f"“{_short(token)}”" for token in list(tokens)[:_MAX_SHOWN])
    more = len(tokens) - _MAX_SHOWN
    if more > 0:
        shown += f" and {more} more"
    noun = "a placeholder" if len(tokens) == 1 else "placeholders"
    return [Problem(WARNING, kind, ref_id, f"{what} still has {noun}: {shown}.")]


# --- characters no bundled font draws ----------------------------------------------------------


def _glyph_problems(
    kind: str, ref_id: str, what: str, fields: Iterable[tuple[str, str]]
) -> list[Problem]:
    """One warning per field holding characters that no bundled font can draw (the PDF prints
    U+FFFD in their place), naming every such character by code point."""
    problems: list[Problem] = []
    seen: dict[str, list[str]] = {}
    for field, text in fields:
        chars = undrawable(text)
        if chars:
            seen.setdefault(field, [])
            seen[field] += [char for char in chars if char not in seen[field]]
    for field, chars in seen.items():
        listed = ", ".join(f"{describe(char)} ({char})" for char in chars)
        noun = "a character" if len(chars) == 1 else f"{len(chars)} characters"
        problems.append(
            Problem(
                WARNING,
                kind,
                ref_id,
                f"{what}: the {field} has {noun} that no bundled font can draw "
                f"(the PDF prints � instead): {listed}.",
            )
        )
    return problems


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _name(text: str, fallback: str) -> str:
    return f"“{_short(text)}”" if text.strip() else fallback


# --- the book ----------------------------------------------------------------------------------


def _book_problems(content: BookContent) -> list[Problem]:
    book = content.book
    problems: list[Problem] = []

    def add(severity: str, message: str) -> None:
        problems.append(Problem(severity, "book", book.id, message))

    if not book.title.strip():
        add(WARNING, "The book has no title.")
    if not book.marking.strip():
        add(WARNING, "The book has no marking; every page prints one at top and bottom.")
    if book.start_date is None or book.end_date is None:
        add(WARNING, "The book has no trip dates; the cover and schedule checks need them.")
    elif book.end_date < book.start_date:
        add(
            ERROR,
            f"The trip ends ({long_date(book.end_date)}) before it starts "
            f"({long_date(book.start_date)}).",
        )
    fields = [
        (book.title, PLAIN),
        (book.subtitle, PLAIN),
        (book.destination, PLAIN),
        (book.organization, PLAIN),
        (book.prepared_by, PLAIN),
        (book.purpose, MARKDOWN),
    ]
    problems += _placeholder_problem("book", book.id, "The book's cover or purpose", fields)
    problems += _glyph_problems(
        "book",
        book.id,
        "The book",
        [
            ("title", book.title),
            ("subtitle", book.subtitle),
            ("destination", book.destination),
            ("organization", book.organization),
            ("“prepared by”", book.prepared_by),
            ("marking", book.marking),
            ("purpose", book.purpose),
        ],
    )
    return problems


# --- the schedule ------------------------------------------------------------------------------


def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _utc(moment: datetime, zone: ZoneInfo | None) -> datetime:
    if moment.tzinfo is not None:
        return moment.astimezone(UTC)
    return moment.replace(tzinfo=zone or UTC).astimezone(UTC)


def _meeting_label(meeting: Meeting) -> str:
    when = f"{long_date(meeting.start.date())}, {time_span(meeting.start, meeting.end)}"
    return f"{_name(meeting.title, 'An untitled meeting')} ({when})"


def _schedule_problems(content: BookContent) -> list[Problem]:
    meetings = sorted(content.meetings, key=lambda m: (m.start, m.end, m.title))
    problems: list[Problem] = []
    earlier: list[tuple[datetime, datetime, Meeting]] = []
    for meeting in meetings:
        problems += _meeting_problems(meeting, content, earlier)
    return problems


def _meeting_problems(
    meeting: Meeting, content: BookContent, earlier: list[tuple[datetime, datetime, Meeting]]
) -> list[Problem]:
    """Problems of one meeting; ``earlier`` holds the UTC spans of the meetings before it and
    gets this one added."""
    book = content.book
    label = _meeting_label(meeting)
    problems: list[Problem] = []

    def add(severity: str, message: str) -> None:
        problems.append(Problem(severity, "meeting", meeting.id, message))

    zone = _zone(meeting.timezone)
    if zone is None:
        add(WARNING, f"{label} has an unknown time zone “{_short(meeting.timezone)}”.")
    start, end = _utc(meeting.start, zone), _utc(meeting.end, zone)
    if end < start:
        add(ERROR, f"{label} ends before it starts.")
    else:
        for other_start, other_end, other in earlier:
            if start < other_end and other_start < end:
                add(WARNING, f"{label} overlaps {_meeting_label(other)}.")
        earlier.append((start, end, meeting))
    # Trip dates are local dates at the destination, so compare the meeting's local dates.
    first, last = meeting.start.date(), max(meeting.start.date(), meeting.end.date())
    if book.start_date is not None and first < book.start_date:
        add(WARNING, f"{label} is before the trip starts ({long_date(book.start_date)}).")
    elif book.end_date is not None and last > book.end_date:
        add(WARNING, f"{label} is after the trip ends ({long_date(book.end_date)}).")
    fields = [(meeting.title, PLAIN), (meeting.location, PLAIN), (meeting.objective, MARKDOWN)]
    problems += _placeholder_problem("meeting", meeting.id, label, fields)
    named = [
        ("title", meeting.title),
        ("location", meeting.location),
        ("objective", meeting.objective),
    ]
    return problems + _glyph_problems("meeting", meeting.id, label, named)


# --- sections, people, notes -------------------------------------------------------------------


def _section_problems(section: Section) -> list[Problem]:
    what = f"Section {_name(section.title, '(untitled)')}"
    problems: list[Problem] = []
    if not section.title.strip():
        problems.append(Problem(WARNING, "section", section.id, "A section has no title."))
    if not section.body.strip():
        problems.append(Problem(WARNING, "section", section.id, f"{what} has no text yet."))
    if section.handout and not is_talking_points(section) and looks_internal(section.title):
        problems.append(
            Problem(
                WARNING,
                "section",
                section.id,
                f"{what} is ticked for the handout, but its title suggests it is for our "
                "side only; untick it unless the hosts should read it.",
            )
        )
    fields = [(section.title, PLAIN), (section.body, MARKDOWN)]
    problems += _placeholder_problem("section", section.id, what, fields)
    named = [("title", section.title), ("text", section.body)]
    problems += _glyph_problems("section", section.id, what, named)
    return problems


def _stale(what: str, verified: date | None, today: date, kind: str, ref_id: str) -> list[Problem]:
    if verified is None:
        return [Problem(WARNING, kind, ref_id, f"{what} has never been verified.")]
    if today - verified > timedelta(days=STALE_AFTER_DAYS):
        age = (today - verified).days
        return [
            Problem(
                WARNING,
                kind,
                ref_id,
                f"{what} was last verified {age} days ago ({long_date(verified)}); "
                "check that it is still right.",
            )
        ]
    return []


def _person_problems(entry: ParticipantEntry, content: BookContent, today: date) -> list[Problem]:
    person, participant = entry.person, entry.participant
    who = _name(person.name, "An unnamed person")
    problems: list[Problem] = []

    def add(message: str) -> None:
        problems.append(Problem(WARNING, "person", person.id, message))

    if not person.photo:
        add(f"{who} has no photo.")
    elif person.photo not in content.images:
        add(f"{who}'s photo is missing from the store; choose it again.")
    elif not person.photo_alt.strip():
        add(f"{who}'s photo has no alt text (a description for screen readers).")
    problems += _stale(f"The profile of {who}", person.last_verified, today, "person", person.id)
    fields = [
        (person.name, PLAIN),
        (person.native_name, PLAIN),
        (person.honorific, PLAIN),
        (person.title, PLAIN),
        (person.organization, PLAIN),
        (person.pronunciation, PRONUNCIATION),
        (person.photo_alt, PLAIN),
        (person.bio, MARKDOWN),
        (participant.role, PLAIN),
        (participant.talking_points, MARKDOWN),
    ]
    problems += _placeholder_problem("person", person.id, f"The profile of {who}", fields)
    named = [
        ("name", person.name),
        ("native-script name", person.native_name),
        ("honorific", person.honorific),
        ("title", person.title),
        ("organization", person.organization),
        ("country", person.country),
        ("pronunciation", person.pronunciation),
        ("photo description", person.photo_alt),
        ("bio", person.bio),
        ("role", participant.role),
        ("talking points", participant.talking_points),
    ]
    problems += _glyph_problems("person", person.id, f"The profile of {who}", named)
    return problems


def _note_problems(note: Note, today: date) -> list[Problem]:
    what = f"Note {_name(note.title, '(untitled)')}"
    problems: list[Problem] = []
    if not note.body.strip():
        problems.append(Problem(WARNING, "note", note.id, f"{what} has no text yet."))
    problems += _stale(what, note.last_verified, today, "note", note.id)
    fields = [
        (note.title, PLAIN),
        (note.body, MARKDOWN),
        *((source, PLAIN) for source in note.sources),
    ]
    problems += _placeholder_problem("note", note.id, what, fields)
    named = [
        ("title", note.title),
        ("sector", note.sector),
        ("country", note.country),
        ("text", note.body),
        *(("sources", source) for source in note.sources),
    ]
    problems += _glyph_problems("note", note.id, what, named)
    return problems
