"""Bundles: one book with everything it uses, as a ``.bbk`` zip or a ``.json`` document.

The format is version 1 of ``spec/bundle-format.md``. Beyond the spec (which asks to be
extended, never broken) bundles written here also carry ``created_at``/``updated_at`` on every
record, the book's ``page_size`` and ``timezone``, a section's ``template_key`` and a note's
``internal`` flag. List order is the order of sections, participants, notes and meeting
participants.

Import reads and checks the whole bundle before it writes anything, then writes it in one
transaction. Merging by id:

- a record the store does not have is created (missing ids are made up);
- a record the store has is replaced only when the bundle's ``updated_at`` is later than the
  store's; a copy without ``updated_at`` cannot prove it is newer, so the store's copy is kept;
- a book's participants and notes follow the book: when the book is written they take the
  bundle's roles, talking points and order; otherwise only links the store lacks are added;
- when ``book.participants`` (or ``book.notes``) is absent altogether, every person (note) of
  the bundle belongs to the book, which is what a hand-written bundle means;
- nothing the bundle does not mention is deleted.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import struct
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

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
from app.errors import BundleRefused, ExportFailed, InvalidInput, NotFound
from app.images import MAX_IMAGE_BYTES, load_image
from app.store import Store

FORMAT_NAME = "briefbook-bundle"
FORMAT_VERSION = 1
BUNDLE_JSON = "bundle.json"

# Limits that no honest bundle comes near; past them a file is refused as implausible.
MAX_ENTRIES = 5000
MAX_TOTAL_BYTES = 500 * 1024 * 1024
MAX_JSON_BYTES = 50 * 1024 * 1024
MAX_JSON_DEPTH = 20
MAX_JSON_CONTAINERS = 1_000_000
MAX_CENTRAL_DIRECTORY_BYTES = MAX_ENTRIES * 1024
MAX_ID_LENGTH = 200

KINDS = ("book", "section", "person", "note", "meeting", "participant", "book_note", "image")

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_LOCAL_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?")
_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?")
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_END_OF_CENTRAL_DIRECTORY = b"PK\x05\x06"
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError)
_READ_ERRORS = (*_ZIP_ERRORS, OSError, EOFError, zlib.error, ValueError)


# --- results ------------------------------------------------------------------------------


def _zero_counts() -> dict[str, int]:
    return dict.fromkeys(KINDS, 0)


@dataclass
class _Tally:
    book_id: str
    book_title: str
    created: dict[str, int] = field(default_factory=_zero_counts)
    updated: dict[str, int] = field(default_factory=_zero_counts)
    skipped: dict[str, int] = field(default_factory=_zero_counts)

    @property
    def changes(self) -> int:
        """How many records are (or would be) created or updated."""
        return sum(self.created.values()) + sum(self.updated.values())

    def count(self, outcome: str, kind: str) -> None:
        getattr(self, outcome)[kind] += 1


@dataclass
class ImportPlan(_Tally):
    """What importing a bundle would do, counted per kind (see ``KINDS``), without doing it.

    ``created``, ``updated`` and ``skipped`` map each kind to a number of records.
    """


@dataclass
class ImportResult(_Tally):
    """What importing a bundle did, counted per kind (see ``KINDS``)."""


_TallyT = TypeVar("_TallyT", bound=_Tally)


# --- export -------------------------------------------------------------------------------


def _extension(image: Image) -> str:
    return "png" if image.mime == "image/png" else "jpg"


def _photo_entry(image: Image) -> str:
    return f"images/{image.sha256}.{_extension(image)}"


def _stamps(created_at: str, updated_at: str) -> dict[str, str]:
    stamps = {}
    if created_at:
        stamps["created_at"] = created_at
    if updated_at:
        stamps["updated_at"] = updated_at
    return stamps


def _person_json(person: Person, images: dict[str, Image]) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": person.id,
        "name": person.name,
        "native_name": person.native_name,
        "honorific": person.honorific,
        "title": person.title,
        "organization": person.organization,
        "country": person.country,
        "bio": person.bio,
    }
    if person.photo and person.photo in images:
        record["photo"] = _photo_entry(images[person.photo])
    record.update(
        {
            "photo_alt": person.photo_alt,
            "pronunciation": person.pronunciation,
            "languages": list(person.languages),
            "tags": list(person.tags),
            "source": person.source,
        }
    )
    if person.last_verified:
        record["last_verified"] = person.last_verified.isoformat()
    record.update(_stamps(person.created_at, person.updated_at))
    return record


def _note_json(note: Note) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": note.id,
        "title": note.title,
        "sector": note.sector,
        "country": note.country,
        "body": note.body,
        "sources": list(note.sources),
    }
    if note.last_verified:
        record["last_verified"] = note.last_verified.isoformat()
    record["internal"] = note.internal
    record.update(_stamps(note.created_at, note.updated_at))
    return record


def _meeting_json(meeting: Meeting) -> dict[str, Any]:
    return {
        "id": meeting.id,
        "title": meeting.title,
        "start": meeting.start.isoformat(timespec="minutes"),
        "end": meeting.end.isoformat(timespec="minutes"),
        "timezone": meeting.timezone,
        "location": meeting.location,
        "objective": meeting.objective,
        "participants": list(meeting.participants),
        **_stamps(meeting.created_at, meeting.updated_at),
    }


def _section_json(section: Section) -> dict[str, Any]:
    return {
        "id": section.id,
        "title": section.title,
        "body": section.body,
        "handout": section.handout,
        "template_key": section.template_key,
        **_stamps(section.created_at, section.updated_at),
    }


def bundle_document(store: Store, book_id: str) -> tuple[dict[str, Any], dict[str, Image]]:
    """The bundle.json document for one book and the images its people use, by SHA-256.

    The people are the book's participants, in order, then anyone else in its schedule.
    """
    content = store.load_book_content(book_id)
    book = content.book
    people = [entry.person for entry in content.participants]
    known = {person.id for person in people}
    for meeting in content.meetings:
        for person_id in meeting.participants:
            if person_id not in known:
                people.append(store.get_person(person_id))
                known.add(person_id)
    images: dict[str, Image] = {}
    for person in people:
        if person.photo and person.photo not in images:
            image = content.images.get(person.photo) or store.get_image(person.photo)
            if image is not None:
                images[person.photo] = image
    book_json: dict[str, Any] = {"id": book.id, "title": book.title, "subtitle": book.subtitle}
    book_json["destination"] = book.destination
    if book.start_date:
        book_json["start_date"] = book.start_date.isoformat()
    if book.end_date:
        book_json["end_date"] = book.end_date.isoformat()
    book_json.update(
        {
            "marking": book.marking,
            "prepared_by": book.prepared_by,
            "organization": book.organization,
            "purpose": book.purpose,
            "page_size": book.page_size,
            "timezone": book.timezone,
            **_stamps(book.created_at, book.updated_at),
            "sections": [_section_json(section) for section in content.sections],
            "participants": [
                {
                    "person": entry.person.id,
                    "role": entry.participant.role,
                    "talking_points": entry.participant.talking_points,
                }
                for entry in content.participants
            ],
            "notes": [note.id for note in content.notes],
            "schedule": [_meeting_json(meeting) for meeting in content.meetings],
        }
    )
    document = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "book": book_json,
        "people": [_person_json(person, images) for person in people],
        "notes": [_note_json(note) for note in content.notes],
    }
    return document, images


def export_bundle(store: Store, book_id: str, output: Path) -> Path:
    """Write one book with its people, notes, schedule and photos as a ``.bbk`` bundle.

    The zip is written beside ``output`` and moved into place, so a failure never leaves a
    half-written file and never destroys a previous one. Raises ``NotFound`` for an unknown
    book and ``ExportFailed`` when the file cannot be written.
    """
    output = Path(output)
    document, images = bundle_document(store, book_id)
    if output.is_dir():
        raise ExportFailed(f"{output} is a folder; give a file name for the bundle.")
    if not output.parent.is_dir():
        raise ExportFailed(
            f"The folder {output.parent} does not exist; choose another place for the bundle."
        )
    text = json.dumps(document, ensure_ascii=False, indent=2)
    temporary: str | None = None
    try:
        handle, temporary = tempfile.mkstemp(
            dir=output.parent, prefix=f".{output.name}.", suffix=".tmp"
        )
        with os.fdopen(handle, "wb") as raw, zipfile.ZipFile(raw, "w") as archive:
            archive.writestr(BUNDLE_JSON, text.encode("utf-8"), zipfile.ZIP_DEFLATED)
            for image in images.values():
                # Photos are compressed already; deflating them again only costs time.
                archive.writestr(_photo_entry(image), image.data, zipfile.ZIP_STORED)
            archive.close()
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(temporary, output)
    except OSError as error:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        reason = error.strerror or str(error)
        raise ExportFailed(f"Could not write the bundle {output}: {reason}.") from error
    return output


# --- refusing -----------------------------------------------------------------------------


def _refused(detail: str) -> BundleRefused:
    return BundleRefused(f"The bundle was refused: {detail}; nothing was imported.")


def _leaves_bundle(name: str) -> bool:
    """True for a path that is absolute or climbs out of the bundle (either OS's syntax)."""
    if not name or "\x00" in name:
        return True
    windows = PureWindowsPath(name)
    if windows.drive or windows.root or name.startswith(("/", "\\")):
        return True
    return ".." in PurePosixPath(name.replace("\\", "/")).parts


# --- reading a bundle's files ---------------------------------------------------------------


def _check_json_shape(raw: bytes, where: str) -> None:
    """Refuse JSON that is too large or has too many containers before parsing it.

    Counting brackets over-counts those inside strings, which only matters for documents far
    beyond any honest bundle; it keeps a hostile file from exhausting memory while parsing.
    """
    if len(raw) > MAX_JSON_BYTES:
        raise _refused(f"{where} is larger than {MAX_JSON_BYTES // (1024 * 1024)} MB")
    if raw.count(b"[") + raw.count(b"{") > MAX_JSON_CONTAINERS:
        raise _refused(f"{where} holds an implausible number of lists and objects")


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in a bundle")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for key, value in pairs:
        if key in record:
            raise ValueError(f'the key "{key}" appears twice in one object')
        record[key] = value
    return record


def _depth(document: Any) -> int:
    deepest = 0
    pending: list[tuple[Any, int]] = [(document, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, dict):
            children: Any = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        deepest = max(deepest, depth)
        if deepest > MAX_JSON_DEPTH:
            return deepest
        pending.extend((child, depth + 1) for child in children)
    return deepest


def _parse_json(raw: bytes, where: str) -> Any:
    _check_json_shape(raw, where)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _refused(f"{where} is not UTF-8 text") from error
    try:
        document = json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_reject_constant)
    except RecursionError as error:
        raise _refused(f"{where} is nested more than {MAX_JSON_DEPTH} levels deep") from error
    except json.JSONDecodeError as error:
        raise _refused(
            f"{where} is not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})"
        ) from error
    except ValueError as error:
        raise _refused(f"{where} is not valid: {error}") from error
    if _depth(document) > MAX_JSON_DEPTH:
        raise _refused(f"{where} is nested more than {MAX_JSON_DEPTH} levels deep")
    return document


class _Source:
    """A bundle being read: its JSON document and a way to fetch the photos it names."""

    document: Any

    def photo(self, name: str, where: str) -> Image:
        raise NotImplementedError

    def check_rest(self) -> None:
        """Checks that need the whole document read first (for example unused entries)."""


def _image_or_refuse(data: bytes, where: str) -> Image:
    try:
        return load_image(data)
    except InvalidInput as error:
        # "The image is ...; use a smaller picture." reads as "... because the image is ..."
        reason = str(error).split(";")[0].rstrip(".")
        raise _refused(f"{where} was rejected because {reason[:1].lower()}{reason[1:]}") from error


class _JsonSource(_Source):
    """A bare ``bundle.json``-style file; photo paths are relative to its folder."""

    def __init__(self, path: Path, raw: bytes) -> None:
        self.folder = path.resolve().parent
        self.document = _parse_json(raw, path.name)
        self._images: dict[str, Image] = {}
        self._read_bytes = len(raw)

    def photo(self, name: str, where: str) -> Image:
        if _leaves_bundle(name):
            raise _refused(f"{where} ({name}) points outside the bundle's folder")
        if name in self._images:
            return self._images[name]
        candidate = self.folder / name.replace("\\", "/")
        try:
            resolved = candidate.resolve(strict=True)
        except (OSError, RuntimeError) as error:
            raise _refused(f"{where} names {name}, which does not exist") from error
        if not resolved.is_relative_to(self.folder):
            raise _refused(f"{where} ({name}) points outside the bundle's folder")
        if not resolved.is_file():
            raise _refused(f"{where} ({name}) is not a file")
        try:
            if resolved.stat().st_size > MAX_IMAGE_BYTES:
                raise _refused(f"{where} ({name}) is larger than an image may be")
            with resolved.open("rb") as handle:
                data = handle.read(MAX_IMAGE_BYTES + 1)
        except OSError as error:
            raise _refused(f"{where} ({name}) cannot be read: {error.strerror}") from error
        self._read_bytes += len(data)
        if self._read_bytes > MAX_TOTAL_BYTES:
            raise _refused(
                f"the bundle's photos add up to more than {MAX_TOTAL_BYTES // (1024 * 1024)} MB"
            )
        image = _image_or_refuse(data, f"{where} ({name})")
        self._images[name] = image
        return image


def _central_directory_looks_sane(path: Path) -> None:
    """Read the zip's end record and refuse archives with too many entries up front.

    Python's ``zipfile`` builds an object per entry before anyone can count them, so a file of
    millions of tiny entries would exhaust memory; the end record states the count cheaply.
    """
    size = path.stat().st_size
    tail_length = min(size, 22 + 65535)
    with path.open("rb") as handle:
        handle.seek(size - tail_length)
        tail = handle.read(tail_length)
    at = tail.rfind(_END_OF_CENTRAL_DIRECTORY)
    if at < 0 or len(tail) - at < 22:
        raise _refused(f"{path.name} is not a complete zip file")
    _, _, _, _, entries, directory_size, _, _ = struct.unpack("<4s4H2LH", tail[at : at + 22])
    if entries > MAX_ENTRIES or entries == 0xFFFF:
        raise _refused(f"{path.name} has more than {MAX_ENTRIES} entries")
    if directory_size > MAX_CENTRAL_DIRECTORY_BYTES:
        raise _refused(f"{path.name} has an implausibly large list of entries")


class _ZipSource(_Source):
    """A ``.bbk`` zip; the archive is checked as a whole before anything is unpacked."""

    def __init__(self, path: Path) -> None:
        self.name = path.name
        _central_directory_looks_sane(path)
        try:
            self.archive = zipfile.ZipFile(path)
        except (*_ZIP_ERRORS, OSError) as error:
            raise _refused(f"{path.name} is not a readable zip file") from error
        try:
            self._check_entries()
            self._read_bytes = 0
            self._images: dict[str, Image] = {}
            self.document = _parse_json(
                self._read(self.archive.getinfo(BUNDLE_JSON), MAX_JSON_BYTES), BUNDLE_JSON
            )
        except BaseException:
            self.archive.close()
            raise

    def close(self) -> None:
        self.archive.close()

    def _check_entries(self) -> None:
        entries = self.archive.infolist()
        if len(entries) > MAX_ENTRIES:
            raise _refused(f"{self.name} has more than {MAX_ENTRIES} entries")
        seen: set[str] = set()
        declared = 0
        for info in entries:
            if _leaves_bundle(info.filename):
                raise _refused(f"the entry {info.filename!r} points outside the bundle")
            if info.filename in seen:
                raise _refused(f"the entry {info.filename} appears twice")
            seen.add(info.filename)
            if info.flag_bits & 0x1:
                raise _refused(f"the entry {info.filename} is encrypted")
            declared += info.file_size
        if declared > MAX_TOTAL_BYTES:
            raise _refused(
                f"{self.name} would unpack to more than {MAX_TOTAL_BYTES // (1024 * 1024)} MB"
            )
        if BUNDLE_JSON not in seen:
            raise _refused(f"{self.name} has no {BUNDLE_JSON}, so it is not a BriefBook bundle")

    def _read(self, info: zipfile.ZipInfo, limit: int) -> bytes:
        """Unpack one entry, counting real bytes: declared sizes in a zip can lie."""
        if info.file_size > limit:
            raise _refused(f"the entry {info.filename} is larger than {limit // (1024 * 1024)} MB")
        try:
            with self.archive.open(info) as handle:
                data = handle.read(limit + 1)
        except _READ_ERRORS as error:
            raise _refused(f"the entry {info.filename} is damaged") from error
        if len(data) > limit:
            raise _refused(f"the entry {info.filename} is larger than {limit // (1024 * 1024)} MB")
        self._read_bytes += len(data)
        if self._read_bytes > MAX_TOTAL_BYTES:
            raise _refused(
                f"{self.name} unpacks to more than {MAX_TOTAL_BYTES // (1024 * 1024)} MB"
            )
        return data

    def photo(self, name: str, where: str) -> Image:
        if _leaves_bundle(name):
            raise _refused(f"{where} ({name}) points outside the bundle")
        entry = name.replace("\\", "/").removeprefix("./")
        if entry in self._images:
            return self._images[entry]
        try:
            info = self.archive.getinfo(entry)
        except KeyError as error:
            raise _refused(f"{where} names {name}, which is not in the bundle") from error
        if info.is_dir() or entry == BUNDLE_JSON:
            raise _refused(f"{where} ({name}) is not an image")
        image = _image_or_refuse(self._read(info, MAX_IMAGE_BYTES), f"{where} ({name})")
        self._images[entry] = image
        return image

    def check_rest(self) -> None:
        """Every entry besides bundle.json must be a sound image, used or not."""
        for info in self.archive.infolist():
            if info.is_dir() or info.filename in (BUNDLE_JSON, *self._images):
                continue
            image = _image_or_refuse(
                self._read(info, MAX_IMAGE_BYTES), f"the unused entry {info.filename}"
            )
            self._images[info.filename] = image


@contextlib.contextmanager
def _open_source(path: Path) -> Iterator[_Source]:
    path = Path(path)
    try:
        if not path.is_file():
            what = "is a folder" if path.is_dir() else "does not exist"
            raise BundleRefused(f"{path} {what}; choose a .bbk or .json bundle file.")
        with path.open("rb") as handle:
            head = handle.read(4)
    except OSError as error:
        raise BundleRefused(f"Cannot read {path}: {error.strerror or error}.") from error
    if head in _ZIP_MAGIC:
        try:
            source = _ZipSource(path)
        except OSError as error:
            raise BundleRefused(f"Cannot read {path}: {error.strerror or error}.") from error
        try:
            yield source
        finally:
            source.close()
        return
    if path.suffix.lower() == ".bbk":
        raise _refused(f"{path.name} is not a zip file")
    try:
        if path.stat().st_size > MAX_JSON_BYTES:
            raise _refused(f"{path.name} is larger than {MAX_JSON_BYTES // (1024 * 1024)} MB")
        raw = path.read_bytes()
    except OSError as error:
        raise BundleRefused(f"Cannot read {path}: {error.strerror or error}.") from error
    yield _JsonSource(path, raw)


# --- checking the document ------------------------------------------------------------------


def _stamp_instant(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class _Record:
    """One JSON object of the bundle, read field by field with the field's full name."""

    def __init__(self, value: Any, where: str) -> None:
        if not isinstance(value, dict):
            raise _refused(f"{where or 'the document'} is not an object")
        self.values: dict[str, Any] = value
        self.where = where

    def name(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def present(self, key: str) -> bool:
        return self.values.get(key) is not None

    def _string(self, value: Any, where: str) -> str:
        if not isinstance(value, str):
            raise _refused(f"{where} is not text")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as error:
            raise _refused(f"{where} is not valid Unicode text") from error
        return value

    def text(self, key: str, default: str = "") -> str:
        if not self.present(key):
            return default
        return self._string(self.values[key], self.name(key))

    def required_text(self, key: str) -> str:
        if not self.present(key):
            raise _refused(f"{self.name(key)} is missing")
        value = self.text(key)
        if not value.strip():
            raise _refused(f"{self.name(key)} is empty")
        return value

    def flag(self, key: str, default: bool) -> bool:
        if not self.present(key):
            return default
        value = self.values[key]
        if not isinstance(value, bool):
            raise _refused(f"{self.name(key)} is not true or false")
        return value

    def texts(self, key: str) -> list[str]:
        items = self.items(key)
        return [self._string(item, f"{self.name(key)}[{i}]") for i, item in enumerate(items)]

    def items(self, key: str) -> list[Any]:
        if not self.present(key):
            return []
        value = self.values[key]
        if not isinstance(value, list):
            raise _refused(f"{self.name(key)} is not a list")
        return value

    def date(self, key: str) -> date | None:
        if not self.present(key):
            return None
        value = self.values[key]
        if isinstance(value, str) and _DATE.fullmatch(value):
            with contextlib.suppress(ValueError):
                return date.fromisoformat(value)
        raise _refused(f"{self.name(key)} is not a date (like 2026-12-01)")

    def local_time(self, key: str) -> datetime:
        if not self.present(key):
            raise _refused(f"{self.name(key)} is missing")
        value = self.values[key]
        if isinstance(value, str) and _LOCAL_TIME.fullmatch(value):
            with contextlib.suppress(ValueError):
                return datetime.fromisoformat(value)
        raise _refused(f"{self.name(key)} is not a date-time (like 2026-12-02T10:00)")

    def stamp(self, key: str) -> str:
        """A record timestamp, normalised to the store's UTC form so they compare as text."""
        if not self.present(key):
            return ""
        value = self.values[key]
        moment = (
            _stamp_instant(value) if isinstance(value, str) and _STAMP.fullmatch(value) else None
        )
        if moment is None:
            raise _refused(f"{self.name(key)} is not a date-time")
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
            raise _refused(
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
        raise _refused(f"{where} is not a valid id")
    return value


@dataclass
class _Bundle:
    """A bundle that passed every check, as domain objects ready to merge."""

    book: Book
    sections: list[Section]
    participants: list[Participant]
    note_ids: list[str]
    meetings: list[Meeting]
    people: list[Person]
    notes: list[Note]
    photos: dict[str, Image]


def _indexed(where: str) -> Callable[[int], str]:
    return lambda index: f"{where}[{index}]"


def _no_repeats(ids: list[str], where: Callable[[int], str]) -> None:
    first: dict[str, int] = {}
    for index, ident in enumerate(ids):
        if ident in first:
            raise _refused(f"{where(index)} repeats the id of {where(first[ident])}")
        first[ident] = index


def _read_header(root: _Record) -> None:
    if not root.present("format"):
        raise _refused("format is missing, so this is not a BriefBook bundle")
    if root.values["format"] != FORMAT_NAME:
        raise BundleRefused(
            f'The file is not a BriefBook bundle (its format is not "{FORMAT_NAME}"); '
            "nothing was imported."
        )
    if not root.present("version"):
        raise _refused("version is missing")
    version = root.values["version"]
    if isinstance(version, bool) or not isinstance(version, int):
        raise _refused("version is not a whole number")
    if version > FORMAT_VERSION:
        raise BundleRefused(
            f"This bundle was made by a newer BriefBook (bundle version {version}; this "
            f"BriefBook reads version {FORMAT_VERSION}); update BriefBook to import it."
        )
    if version < 1:
        raise _refused(f"version {version} is not a known bundle version")


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
        created_at=record.stamp("created_at"),
        updated_at=record.stamp("updated_at"),
    )
    if book.page_size not in PAGE_SIZES:
        raise _refused(f"{record.name('page_size')} is not one of {', '.join(PAGE_SIZES)}")
    if book.start_date and book.end_date and book.end_date < book.start_date:
        raise _refused(f"{record.name('end_date')} is before the start date")
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
            raise _refused(f"{item.name('person')} is missing")
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
            raise _refused(f"{item.name('end')} is before {item.name('start')}")
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


def _read_people(root: _Record, source: _Source, photos: dict[str, Image]) -> list[Person]:
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


def _exists(getter: Callable[[str], object], ident: str) -> bool:
    try:
        getter(ident)
    except NotFound:
        return False
    return True


def _check_references(store: Store, bundle: _Bundle) -> None:
    """Every id the book points at must be in the bundle or already in the store."""
    people = {person.id for person in bundle.people}
    notes = {note.id for note in bundle.notes}
    for index, participant in enumerate(bundle.participants):
        if participant.person_id not in people and not _exists(
            store.get_person, participant.person_id
        ):
            raise _refused(f"book.participants[{index}].person is not one of the bundle's people")
    for index, note_id in enumerate(bundle.note_ids):
        if note_id not in notes and not _exists(store.get_note, note_id):
            raise _refused(f"book.notes[{index}] is not one of the bundle's notes")
    for index, meeting in enumerate(bundle.meetings):
        for position, person_id in enumerate(meeting.participants):
            if person_id not in people and not _exists(store.get_person, person_id):
                raise _refused(
                    f"book.schedule[{index}].participants[{position}] "
                    "is not one of the bundle's people"
                )
    for index, section in enumerate(bundle.sections):
        with contextlib.suppress(NotFound):
            if store.get_section(section.id).book_id != bundle.book.id:
                raise _refused(f"book.sections[{index}].id belongs to a section of another book")
    for index, meeting in enumerate(bundle.meetings):
        with contextlib.suppress(NotFound):
            if store.get_meeting(meeting.id).book_id != bundle.book.id:
                raise _refused(f"book.schedule[{index}].id belongs to a meeting of another book")


def _read_bundle(store: Store, source: _Source) -> _Bundle:
    """Check the whole document, naming the first bad field, and turn it into domain objects."""
    root = _Record(source.document, "")
    _read_header(root)
    if not root.present("book"):
        raise _refused("book is missing")
    book_record = _Record(root.values["book"], "book")
    book = _read_book(book_record)
    sections = _read_sections(book_record, book.id)
    participants = _read_participants(book_record, book.id)
    note_ids = _read_note_ids(book_record)
    meetings = _read_meetings(book_record, book)
    photos: dict[str, Image] = {}
    people = _read_people(root, source, photos)
    notes = _read_notes(root)
    source.check_rest()
    if participants is None:
        participants = [
            Participant(book.id, person.id, position=index) for index, person in enumerate(people)
        ]
    bundle = _Bundle(
        book=book,
        sections=sections,
        participants=participants,
        note_ids=[note.id for note in notes] if note_ids is None else note_ids,
        meetings=meetings,
        people=people,
        notes=notes,
        photos=photos,
    )
    _check_references(store, bundle)
    return bundle


# --- merging --------------------------------------------------------------------------------


def _outcome(existing: str | None, incoming: str) -> str:
    """created / updated / skipped for a record whose store copy has ``existing`` updated_at."""
    if existing is None:
        return "created"
    if not incoming:
        return "skipped"
    incoming_at = _stamp_instant(incoming)
    existing_at = _stamp_instant(existing)
    if incoming_at is None:
        return "skipped"
    if existing_at is None or incoming_at > existing_at:
        return "updated"
    return "skipped"


def _stored_stamp(getter: Callable[[str], Any], ident: str) -> str | None:
    try:
        return str(getter(ident).updated_at)
    except NotFound:
        return None


@dataclass
class _Step:
    outcome: str
    kind: str
    write: Callable[[], object] | None


def _merge_steps(store: Store, bundle: _Bundle) -> list[_Step]:
    """Decide, record by record, what the import does; the steps run in dependency order."""
    steps: list[_Step] = []
    people_written: list[Person] = []
    for person in bundle.people:
        outcome = _outcome(_stored_stamp(store.get_person, person.id), person.updated_at)
        if outcome != "skipped":
            people_written.append(person)
        steps.append(_Step(outcome, "person", _saver(store.save_person, person, outcome)))
    needed = {person.photo for person in people_written if person.photo}
    image_steps = []
    for sha, image in bundle.photos.items():
        if sha in needed and store.get_image(sha) is None:
            image_steps.append(_Step("created", "image", _bind(store.put_image, image)))
        else:
            image_steps.append(_Step("skipped", "image", None))
    steps[:0] = image_steps  # people point at their photos, so photos go in first
    for note in bundle.notes:
        outcome = _outcome(_stored_stamp(store.get_note, note.id), note.updated_at)
        steps.append(_Step(outcome, "note", _saver(store.save_note, note, outcome)))
    book = bundle.book
    book_outcome = _outcome(_stored_stamp(store.get_book, book.id), book.updated_at)
    steps.append(_Step(book_outcome, "book", _saver(store.save_book, book, book_outcome)))
    for section in bundle.sections:
        outcome = _outcome(_stored_stamp(store.get_section, section.id), section.updated_at)
        steps.append(_Step(outcome, "section", _saver(store.save_section, section, outcome)))
    for meeting in bundle.meetings:
        outcome = _outcome(_stored_stamp(store.get_meeting, meeting.id), meeting.updated_at)
        steps.append(_Step(outcome, "meeting", _saver(store.save_meeting, meeting, outcome)))
    steps.extend(_link_steps(store, bundle, book_written=book_outcome != "skipped"))
    return steps


def _link_steps(store: Store, bundle: _Bundle, *, book_written: bool) -> list[_Step]:
    """Participants and note links have no timestamps of their own: they follow the book."""
    book_id = bundle.book.id
    steps: list[_Step] = []
    stored = {p.person_id for p in store.list_participants(book_id)}
    for participant in bundle.participants:
        if book_written:
            outcome = "updated" if participant.person_id in stored else "created"
            write = _bind(store.save_participant, participant)
        elif participant.person_id not in stored:
            outcome, write = "created", _append_participant(store, participant)
        else:
            outcome, write = "skipped", None
        steps.append(_Step(outcome, "participant", write))
    linked = {note.id for note in store.list_book_notes(book_id)}
    for position, note_id in enumerate(bundle.note_ids):
        if book_written:
            outcome = "updated" if note_id in linked else "created"
            steps.append(_Step(outcome, "book_note", _attach(store, book_id, note_id, position)))
        elif note_id not in linked:
            steps.append(_Step("created", "book_note", _attach(store, book_id, note_id, None)))
        else:
            steps.append(_Step("skipped", "book_note", None))
    return steps


def _bind(function: Callable[[Any], object], argument: object) -> Callable[[], object]:
    return lambda: function(argument)


def _saver(
    save: Callable[..., object], record: object, outcome: str
) -> Callable[[], object] | None:
    if outcome == "skipped":
        return None
    return lambda: save(record, keep_timestamp=True)


def _attach(store: Store, book_id: str, note_id: str, position: int | None) -> Callable[[], object]:
    """Link a note at ``position``, or after the book's other notes when it is None."""
    return lambda: store.attach_note(book_id, note_id, position)


def _append_participant(store: Store, participant: Participant) -> Callable[[], object]:
    return lambda: store.attach_person(
        participant.book_id, participant.person_id, participant.role, participant.talking_points
    )


def _tally(cls: type[_TallyT], bundle: _Bundle, steps: list[_Step]) -> _TallyT:
    tally = cls(book_id=bundle.book.id, book_title=bundle.book.title)
    for step in steps:
        tally.count(step.outcome, step.kind)
    return tally


# --- import ---------------------------------------------------------------------------------


def plan_import(store: Store, path: Path) -> ImportPlan:
    """Check a bundle completely and report what importing it would create, update or skip.

    Nothing is written. Raises ``BundleRefused`` (naming the first bad field) for a bundle that
    would be refused.
    """
    with _open_source(Path(path)) as source:
        bundle = _read_bundle(store, source)
    return _tally(ImportPlan, bundle, _merge_steps(store, bundle))


def import_bundle(store: Store, path: Path) -> ImportResult:
    """Import a ``.bbk`` or ``.json`` bundle into ``store``, merging by id, in one transaction.

    The bundle is checked whole before anything is written; a bad bundle raises
    ``BundleRefused`` naming the first bad field, and the store is left as it was.
    """
    with _open_source(Path(path)) as source:
        bundle = _read_bundle(store, source)
    try:
        with store.transaction():
            steps = _merge_steps(store, bundle)
            for step in steps:
                if step.write is not None:
                    step.write()
    except InvalidInput as error:
        raise BundleRefused(
            f"The bundle was refused because the store would not accept it ({error}); "
            "nothing was imported."
        ) from error
    return _tally(ImportResult, bundle, steps)


__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "KINDS",
    "ImportPlan",
    "ImportResult",
    "bundle_document",
    "export_bundle",
    "import_bundle",
    "plan_import",
]
