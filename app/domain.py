"""The domain of a briefing book: plain dataclasses shared by the store, exports, CLI and UI.

Dates are ``datetime.date``; meeting times are naive local ``datetime`` values paired with an
IANA time zone name, because an officer thinks in the destination's wall-clock time.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

PAGE_SIZES = ("letter", "a4")
MARKING_PRESETS = (
    "UNCLASSIFIED",
    "UNCLASSIFIED//FOR OFFICIAL USE ONLY",
    "SENSITIVE BUT UNCLASSIFIED",
    "OFFICIAL",
    "OFFICIAL-SENSITIVE",
    "INTERNAL USE ONLY",
)
PARTICIPANT_ROLES = ("Host", "Counterpart", "Delegation", "Principal", "Staff", "Observer")
BRIEF_TEMPLATE = ("Situation", "Why it matters", "Outlook", "Objectives", "Talking points")
STALE_AFTER_DAYS = 180


def new_id() -> str:
    """A fresh random UUID as text: ids must be unique across officers' stores for merging."""
    return str(uuid.uuid4())


def now_stamp() -> str:
    """The current UTC time as sortable ISO 8601 text with microseconds."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass
class Book:
    """A briefing book for one trip."""

    title: str
    subtitle: str = ""
    destination: str = ""
    start_date: date | None = None
    end_date: date | None = None
    marking: str = ""
    prepared_by: str = ""
    organization: str = ""
    purpose: str = ""
    page_size: str = "letter"
    timezone: str = ""
    # Spelling language code (app.spelling.languages); "" = English as spelt where the user is.
    language: str = ""
    id: str = field(default_factory=new_id)
    created_at: str = ""
    updated_at: str = ""


@dataclass
class Section:
    """One part of a book's brief. ``body`` is Markdown."""

    book_id: str
    title: str
    body: str = ""
    handout: bool = True
    position: int = 0
    template_key: str = ""
    language: str = ""  # spelling language code; "" = the book's
    id: str = field(default_factory=new_id)
    created_at: str = ""
    updated_at: str = ""


@dataclass
class Person:
    """Someone an officer may meet; kept in a library reused across books."""

    name: str
    native_name: str = ""
    honorific: str = ""
    title: str = ""
    organization: str = ""
    country: str = ""
    bio: str = ""
    photo: str | None = None  # SHA-256 of an Image
    photo_alt: str = ""
    pronunciation: str = ""
    languages: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    source: str = ""
    last_verified: date | None = None
    id: str = field(default_factory=new_id)
    created_at: str = ""
    updated_at: str = ""


@dataclass
class Participant:
    """A person attached to a book, with a role and book-specific talking points."""

    book_id: str
    person_id: str
    role: str = ""
    talking_points: str = ""
    position: int = 0


@dataclass
class Note:
    """A sector note, kept in a library reused across books. ``internal`` keeps it out of
    handouts."""

    title: str
    sector: str = ""
    country: str = ""
    body: str = ""
    sources: list[str] = field(default_factory=list)
    last_verified: date | None = None
    internal: bool = False
    id: str = field(default_factory=new_id)
    created_at: str = ""
    updated_at: str = ""


@dataclass
class Meeting:
    """One entry of a book's schedule, in the local time of ``timezone``."""

    book_id: str
    title: str
    start: datetime
    end: datetime
    timezone: str = "UTC"
    location: str = ""
    objective: str = ""
    participants: list[str] = field(default_factory=list)  # person ids
    id: str = field(default_factory=new_id)
    created_at: str = ""
    updated_at: str = ""


@dataclass
class Image:
    """Image bytes stored once, addressed by their SHA-256."""

    sha256: str
    mime: str
    data: bytes
    width: int = 0
    height: int = 0

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass
class ParticipantEntry:
    """A participant together with the person it refers to, in book order."""

    participant: Participant
    person: Person


@dataclass
class BookContent:
    """Everything one book uses, loaded in one go for export, bundling and preflight."""

    book: Book
    sections: list[Section]
    participants: list[ParticipantEntry]
    notes: list[Note]
    meetings: list[Meeting]
    images: dict[str, Image]


@dataclass
class LexiconSources:
    """The texts whose words spelling never flags in one book (``app.spelling.lexicon``)."""

    names: list[str] = field(default_factory=list)  # every person's name and native-script name
    places: list[str] = field(default_factory=list)  # the destination and the meetings' locations
    note_titles: list[str] = field(default_factory=list)  # every sector note's title
    personal: list[str] = field(default_factory=list)  # the personal dictionary (whole store)
    ignored: list[str] = field(default_factory=list)  # "Ignore in this book"


@dataclass
class SearchHit:
    """One ranked search result. ``highlights`` are (start, end) spans within ``snippet``."""

    kind: str  # "book" | "section" | "person" | "note" | "meeting"
    id: str
    title: str
    snippet: str
    book_id: str | None = None
    highlights: list[tuple[int, int]] = field(default_factory=list)
    rank: float = 0.0


@dataclass(frozen=True, slots=True)
class PersonSummary:
    """The few fields a library table shows for a person (no bio, no photo bytes)."""

    id: str
    name: str
    native_name: str
    title: str
    organization: str
    country: str
    last_verified: date | None
    has_photo: bool
    books_using: int


@dataclass(frozen=True, slots=True)
class NoteSummary:
    """The few fields a library table shows for a note (no body, no sources)."""

    id: str
    title: str
    sector: str
    country: str
    last_verified: date | None
    internal: bool
    books_using: int
