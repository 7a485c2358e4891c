"""Checking a bundle's document field by field, naming the first bad field, before anything is written."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.bundle.format import FORMAT_NAME, FORMAT_VERSION, refused
from app.bundle.reading import Source
from app.bundle.review_part import REVIEW_VERSION, BundleReview
from app.domain import (
    PAGE_SIZES,
    Book,
    Image,
    Meeting,
    Note,
    Participant,
    Person,
    Section,
    new_id,
)
from app.errors import BundleRefused, InvalidInput, NotFound
from app.review.model import (
    CLEARED,
    STATUSES,
    TARGET_KINDS,
    Comment,
    Reply,
    ReviewSettings,
    SectionStatus,
)
from app.store import Store
from app.styles.model import HouseStyle

MAX_ID_LENGTH = 200

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_LOCAL_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?")
_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?")


def stamp_instant(text: str) -> datetime | None:
    """A bundle's timestamp as a UTC instant (no zone: UTC), or None when it is not one."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class _Record:
    """One JSON object of the bundle, read field by field with the field's full name."""

    def __init__(self, value: Any, where: str) -> None:
        if not isinstance(value, dict):
            raise refused(f"{where or 'the document'} is not an object")
        self.values: dict[str, Any] = value
        self.where = where

    def name(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def present(self, key: str) -> bool:
        return self.values.get(key) is not None

    def _string(self, value: Any, where: str) -> str:
        if not isinstance(value, str):
            raise refused(f"{where} is not text")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as error:
            raise refused(f"{where} is not valid Unicode text") from error
        return value

    def text(self, key: str, default: str = "") -> str:
        if not self.present(key):
            return default
        return self._string(self.values[key], self.name(key))

    def required_text(self, key: str) -> str:
        if not self.present(key):
            raise refused(f"{self.name(key)} is missing")
        value = self.text(key)
        if not value.strip():
            raise refused(f"{self.name(key)} is empty")
        return value

    def flag(self, key: str, default: bool) -> bool:
        if not self.present(key):
            return default
        value = self.values[key]
        if not isinstance(value, bool):
            raise refused(f"{self.name(key)} is not true or false")
        return value

    def texts(self, key: str) -> list[str]:
        items = self.items(key)
        return [self._string(item, f"{self.name(key)}[{i}]") for i, item in enumerate(items)]

    def items(self, key: str) -> list[Any]:
        if not self.present(key):
            return []
        value = self.values[key]
        if not isinstance(value, list):
            raise refused(f"{self.name(key)} is not a list")
        return value

    def date(self, key: str) -> date | None:
        if not self.present(key):
            return None
        value = self.values[key]
        if isinstance(value, str) and _DATE.fullmatch(value):
            with contextlib.suppress(ValueError):
                return date.fromisoformat(value)
        raise refused(f"{self.name(key)} is not a date (like 2026-12-01)")

    def local_time(self, key: str) -> datetime:
        if not self.present(key):
            raise refused(f"{self.name(key)} is missing")
        value = self.values[key]
        if isinstance(value, str) and _LOCAL_TIME.fullmatch(value):
            with contextlib.suppress(ValueError):
                return datetime.fromisoformat(value)
        raise refused(f"{self.name(key)} is not a date-time (like 2026-12-02T10:00)")

    def stamp(self, key: str) -> str:
        """A record timestamp, normalised to the store's UTC form so they compare as text."""
        if not self.present(key):
            return ""
        value = self.values[key]
        moment = (
            stamp_instant(value) if isinstance(value, str) and _STAMP.fullmatch(value) else None
        )
        if moment is None:
            raise refused(f"{self.name(key)} is not a date-time")
        return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")

    def identifier(self, key: str = "id") -> str:
        if not self.present(key):
            return new_id()
        return _identifier(self.values[key], self.name(key))

    def zone(self, key: str, default: str) -> str:
        name = self.text(key, default)
        if not name:
            return name
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise refused(
                f"{self.name(key)} is not a known time zone (such as Asia/Baku)"
            ) from error
        return name


def _identifier(value: Any, where: str) -> str:
    if (
        not isinstance(value, str)
        or not value.strip()
        or len(value) > MAX_ID_LENGTH
        or any(ord(char) < 32 for char in value)
    ):
        raise refused(f"{where} is not a valid id")
    return value


@dataclass
class Bundle:
    """A bundle that passed every check, as domain objects ready to merge."""

    book: Book
    sections: list[Section]
    participants: list[Participant]
    note_ids: list[str]
    meetings: list[Meeting]
    people: list[Person]
    notes: list[Note]
    photos: dict[str, Image]
    review: BundleReview = field(default_factory=BundleReview)
    house_style: HouseStyle | None = None


def _indexed(where: str) -> Callable[[int], str]:
    return lambda index: f"{where}[{index}]"


def _no_repeats(ids: list[str], where: Callable[[int], str]) -> None:
    first: dict[str, int] = {}
    for index, ident in enumerate(ids):
        if ident in first:
            raise refused(f"{where(index)} repeats the id of {where(first[ident])}")
        first[ident] = index


def _read_header(root: _Record) -> None:
    if not root.present("format"):
        raise refused("format is missing, so this is not a BriefBook bundle")
    if root.values["format"] != FORMAT_NAME:
        raise BundleRefused(
            f'The file is not a BriefBook bundle (its format is not "{FORMAT_NAME}"); '
            "nothing was imported."
        )
    if not root.present("version"):
        raise refused("version is missing")
    version = root.values["version"]
    if isinstance(version, bool) or not isinstance(version, int):
        raise refused("version is not a whole number")
    if version > FORMAT_VERSION:
        raise BundleRefused(
            f"This bundle was made by a newer BriefBook (bundle version {version}; this "
            f"BriefBook reads version {FORMAT_VERSION}); update BriefBook to import it."
        )
    if version < 1:
        raise refused(f"version {version} is not a known bundle version")


def _read_book(record: _Record) -> Book:
    book = Book(
        id=record.identifier(),
        title=record.required_text("title"),
        subtitle=record.text("subtitle"),
        destination=record.text("destination"),
        start_date=record.date("start_date"),
        end_date=record.date("end_date"),
        marking=record.text("marking"),
        prepared_by=record.text("prepared_by"),
        organization=record.text("organization"),
        purpose=record.text("purpose"),
        page_size=record.text("page_size", "letter"),
        timezone=record.zone("timezone", ""),
        language=record.text("language"),
        created_at=record.stamp("created_at"),
        updated_at=record.stamp("updated_at"),
    )
    if book.page_size not in PAGE_SIZES:
        raise refused(f"{record.name('page_size')} is not one of {', '.join(PAGE_SIZES)}")
    if book.start_date and book.end_date and book.end_date < book.start_date:
        raise refused(f"{record.name('end_date')} is before the start date")
    return book


def _read_sections(record: _Record, book_id: str) -> list[Section]:
    sections = []
    for index, raw in enumerate(record.items("sections")):
        item = _Record(raw, f"{record.name('sections')}[{index}]")
        sections.append(
            Section(
                id=item.identifier(),
                book_id=book_id,
                title=item.text("title"),
                body=item.text("body"),
                handout=item.flag("handout", True),
                position=index,
                template_key=item.text("template_key"),
                language=item.text("language"),
                created_at=item.stamp("created_at"),
                updated_at=item.stamp("updated_at"),
            )
        )
    _no_repeats([s.id for s in sections], lambda i: f"{record.name('sections')}[{i}].id")
    return sections


def _read_participants(record: _Record, book_id: str) -> list[Participant] | None:
    if not record.present("participants"):
        return None
    participants = []
    for index, raw in enumerate(record.items("participants")):
        item = _Record(raw, f"{record.name('participants')}[{index}]")
        if not item.present("person"):
            raise refused(f"{item.name('person')} is missing")
        participants.append(
            Participant(
                book_id=book_id,
                person_id=_identifier(item.values["person"], item.name("person")),
                role=item.text("role"),
                talking_points=item.text("talking_points"),
                position=index,
            )
        )
    _no_repeats(
        [p.person_id for p in participants],
        lambda i: f"{record.name('participants')}[{i}].person",
    )
    return participants


def _read_note_ids(record: _Record) -> list[str] | None:
    if not record.present("notes"):
        return None
    where = record.name("notes")
    ids = [_identifier(raw, f"{where}[{i}]") for i, raw in enumerate(record.items("notes"))]
    _no_repeats(ids, lambda i: f"{where}[{i}]")
    return ids


def _read_meetings(record: _Record, book: Book) -> list[Meeting]:
    meetings = []
    for index, raw in enumerate(record.items("schedule")):
        item = _Record(raw, f"{record.name('schedule')}[{index}]")
        ident = item.identifier()
        title = item.text("title")
        start = item.local_time("start")
        end = item.local_time("end") if item.present("end") else start
        if end < start:
            raise refused(f"{item.name('end')} is before {item.name('start')}")
        people_where = item.name("participants")
        people = [
            _identifier(raw_id, f"{people_where}[{i}]")
            for i, raw_id in enumerate(item.items("participants"))
        ]
        _no_repeats(people, _indexed(people_where))
        meetings.append(
            Meeting(
                id=ident,
                book_id=book.id,
                title=title,
                start=start,
                end=end,
                timezone=item.zone("timezone", book.timezone or "UTC") or book.timezone or "UTC",
                location=item.text("location"),
                objective=item.text("objective"),
                participants=people,
                created_at=item.stamp("created_at"),
                updated_at=item.stamp("updated_at"),
            )
        )
    _no_repeats([m.id for m in meetings], lambda i: f"{record.name('schedule')}[{i}].id")
    return meetings


def _read_people(root: _Record, source: Source, photos: dict[str, Image]) -> list[Person]:
    people = []
    for index, raw in enumerate(root.items("people")):
        item = _Record(raw, f"people[{index}]")
        ident = item.identifier()
        name = item.required_text("name")
        photo = None
        photo_path = item.text("photo")
        if photo_path:
            image = source.photo(photo_path, item.name("photo"))
            photos[image.sha256] = image
            photo = image.sha256
        people.append(
            Person(
                id=ident,
                name=name,
                native_name=item.text("native_name"),
                honorific=item.text("honorific"),
                title=item.text("title"),
                organization=item.text("organization"),
                country=item.text("country"),
                bio=item.text("bio"),
                photo=photo,
                photo_alt=item.text("photo_alt"),
                pronunciation=item.text("pronunciation"),
                languages=item.texts("languages"),
                tags=item.texts("tags"),
                source=item.text("source"),
                last_verified=item.date("last_verified"),
                created_at=item.stamp("created_at"),
                updated_at=item.stamp("updated_at"),
            )
        )
    _no_repeats([p.id for p in people], lambda i: f"people[{i}].id")
    return people


def _read_notes(root: _Record) -> list[Note]:
    notes = []
    for index, raw in enumerate(root.items("notes")):
        item = _Record(raw, f"notes[{index}]")
        notes.append(
            Note(
                id=item.identifier(),
                title=item.required_text("title"),
                sector=item.text("sector"),
                country=item.text("country"),
                body=item.text("body"),
                sources=item.texts("sources"),
                last_verified=item.date("last_verified"),
                internal=item.flag("internal", False),
                created_at=item.stamp("created_at"),
                updated_at=item.stamp("updated_at"),
            )
        )
    _no_repeats([n.id for n in notes], lambda i: f"notes[{i}].id")
    return notes


def _read_house_style(root: _Record) -> HouseStyle | None:
    """The book's house style (version 3 on); a bad one refuses the bundle like any field."""
    if not root.present("house_style"):
        return None
    from app.styles.files import style_from_json

    try:
        return style_from_json(root.values["house_style"], "house_style")
    except InvalidInput as error:
        raise refused(str(error).rstrip(".")) from error


def _exists(getter: Callable[[str], object], ident: str) -> bool:
    try:
        getter(ident)
    except NotFound:
        return False
    return True


def _check_references(store: Store, bundle: Bundle) -> None:
    """Every id the book points at must be in the bundle or already in the store."""
    people = {person.id for person in bundle.people}
    notes = {note.id for note in bundle.notes}
    for index, participant in enumerate(bundle.participants):
        if participant.person_id not in people and not _exists(
            store.get_person, participant.person_id
        ):
            raise refused(f"book.participants[{index}].person is not one of the bundle's people")
    for index, note_id in enumerate(bundle.note_ids):
        if note_id not in notes and not _exists(store.get_note, note_id):
            raise refused(f"book.notes[{index}] is not one of the bundle's notes")
    for index, meeting in enumerate(bundle.meetings):
        for position, person_id in enumerate(meeting.participants):
            if person_id not in people and not _exists(store.get_person, person_id):
                raise refused(
                    f"book.schedule[{index}].participants[{position}] "
                    "is not one of the bundle's people"
                )
    for index, section in enumerate(bundle.sections):
        with contextlib.suppress(NotFound):
            if store.get_section(section.id).book_id != bundle.book.id:
                raise refused(f"book.sections[{index}].id belongs to a section of another book")
    for index, meeting in enumerate(bundle.meetings):
        with contextlib.suppress(NotFound):
            if store.get_meeting(meeting.id).book_id != bundle.book.id:
                raise refused(f"book.schedule[{index}].id belongs to a meeting of another book")


# --- version 2: the review --------------------------------------------------------------------------------


def read_review(version: int, book: _Record, book_id: str, section_ids: list[str]) -> BundleReview:
    """The review of a checked book record; nothing for a version 1 bundle."""
    if version < REVIEW_VERSION:
        return BundleReview()
    settings = ReviewSettings(book_id)
    if book.present("review"):
        record = _Record(book.values["review"], book.name("review"))
        settings = ReviewSettings(
            book_id=book_id,
            enabled=record.flag("enabled", False),
            signed_off_by=record.text("signed_off_by"),
            signed_off_at=record.stamp("signed_off_at") or None,
            updated_at=record.stamp("updated_at"),
        )
    statuses: dict[str, SectionStatus] = {}
    for index, raw in enumerate(book.items("sections")):
        item = _Record(raw, f"{book.name('sections')}[{index}]")
        status = item.text("status", "draft")
        if status not in STATUSES:
            raise refused(f"{item.name('status')} is not one of {', '.join(STATUSES)}")
        cleared = status == CLEARED
        statuses[section_ids[index]] = SectionStatus(
            section_id=section_ids[index],
            status=status,
            cleared_by=item.text("cleared_by") if cleared else "",
            cleared_at=(item.stamp("cleared_at") or None) if cleared else None,
        )
    comments = []
    for index, raw in enumerate(book.items("comments")):
        item = _Record(raw, f"{book.name('comments')}[{index}]")
        if not item.present("target"):
            raise refused(f"{item.name('target')} is missing")
        target = _Record(item.values["target"], item.name("target"))
        kind = target.text("kind")
        if kind not in TARGET_KINDS:
            raise refused(f"{target.name('kind')} is not one of {', '.join(TARGET_KINDS)}")
        if not target.present("id") and kind != "book":
            raise refused(f"{target.name('id')} is missing")
        target_id = book_id if kind == "book" else target.identifier()
        comment_id = item.identifier()
        replies = []
        for position, raw_reply in enumerate(item.items("replies")):
            reply = _Record(raw_reply, f"{item.name('replies')}[{position}]")
            replies.append(
                Reply(
                    comment_id=comment_id,
                    author=reply.text("author"),
                    text=reply.text("text"),
                    id=reply.identifier(),
                    created_at=reply.stamp("created_at"),
                )
            )
        _no_repeats([r.id for r in replies], _indexed_key(f"{item.name('replies')}", "id"))
        anchor = item.values.get("anchor_start")
        comments.append(
            Comment(
                book_id=book_id,
                target_kind=kind,
                target_id=target_id,
                author=item.text("author"),
                text=item.text("text"),
                quote=item.text("quote"),
                anchor_start=anchor if isinstance(anchor, int) and anchor >= 0 else None,
                resolved=item.flag("resolved", False),
                replies=replies,
                id=comment_id,
                created_at=item.stamp("created_at"),
                updated_at=item.stamp("updated_at"),
            )
        )
    _no_repeats([c.id for c in comments], _indexed_key(book.name("comments"), "id"))
    return BundleReview(settings=settings, statuses=statuses, comments=comments)


def _indexed_key(where: str, key: str) -> Callable[[int], str]:
    return lambda index: f"{where}[{index}].{key}"


def check_targets(bundle: Bundle) -> None:
    """Refuse a comment whose target the bundle does not carry."""
    present = {("book", bundle.book.id)}
    present |= {("section", s.id) for s in bundle.sections}
    present |= {("participant", p.person_id) for p in bundle.participants}
    present |= {("note", note_id) for note_id in bundle.note_ids}
    present |= {("meeting", m.id) for m in bundle.meetings}
    for index, comment in enumerate(bundle.review.comments):
        if (comment.target_kind, comment.target_id) not in present:
            raise refused(
                f"book.comments[{index}].target is not one of the bundle's {comment.target_kind}s"
            )


def _read_pictures(root: _Record, source: Source, photos: dict[str, Image]) -> None:
    """The pictures the book's texts show (``![alt](image:SHA)``), from version 3 on."""
    for index, name in enumerate(root.texts("pictures") if root.present("pictures") else []):
        image = source.photo(name, f"pictures[{index}]")
        photos[image.sha256] = image


def read_bundle(store: Store, source: Source) -> Bundle:
    """Check the whole document, naming the first bad field, and turn it into domain objects."""
    root = _Record(source.document, "")
    _read_header(root)
    if not root.present("book"):
        raise refused("book is missing")
    book_record = _Record(root.values["book"], "book")
    book = _read_book(book_record)
    sections = _read_sections(book_record, book.id)
    participants = _read_participants(book_record, book.id)
    note_ids = _read_note_ids(book_record)
    meetings = _read_meetings(book_record, book)
    review = read_review(root.values["version"], book_record, book.id, [s.id for s in sections])
    photos: dict[str, Image] = {}
    people = _read_people(root, source, photos)
    _read_pictures(root, source, photos)
    notes = _read_notes(root)
    house_style = _read_house_style(root)
    source.check_rest()
    if participants is None:
        participants = [
            Participant(book.id, person.id, position=index) for index, person in enumerate(people)
        ]
    bundle = Bundle(
        book=book,
        sections=sections,
        participants=participants,
        note_ids=[note.id for note in notes] if note_ids is None else note_ids,
        meetings=meetings,
        people=people,
        notes=notes,
        photos=photos,
        review=review,
        house_style=house_style,
    )
    _check_references(store, bundle)
    check_targets(bundle)
    return bundle
