"""Versions of a book: numbered, optionally named, saved by hand or by every export.

Storage is content-addressed. A version is a small manifest naming, by SHA-256, one record for
the book's details and one per section, participant and meeting; each distinct record is kept
once in ``version_blobs``. A new record is compressed with zlib using the same record of the
previous version as its preset dictionary (``base``), so an edited section costs about the
size of the edit; chains are cut every ``MAX_DEPTH`` steps so reading stays cheap. Saving a
version after editing one section adds that section's delta and the manifest's delta: the
store grows with what changed, not with the number of versions. Versions stay in this store:
bundles carry the book as it is now.

``restore_section`` and ``restore_book`` put a version's text back through the store's usual
writes (so the search index, the un-clearing of edited sections and the undo of the desktop
app work as for any edit). ``book_state`` reads the book as it is now in the same shape, which
is what "compare with now" and the undo of a restore use.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from app.domain import Book, BookContent, Meeting, Participant, Section, now_stamp
from app.errors import InvalidInput, NotFound
from app.store import Store

BOOK_FIELDS = (
    "title",
    "subtitle",
    "destination",
    "start_date",
    "end_date",
    "marking",
    "prepared_by",
    "organization",
    "purpose",
    "page_size",
    "timezone",
)


@dataclass(frozen=True)
class VersionInfo:
    """One saved version: its number in the book, name, time, and the export that made it."""

    number: int
    name: str
    created_at: str
    export: str  # "" for a version saved by hand; else e.g. "pdf, full edition"

    @property
    def label(self) -> str:
        """ "Version 3 — Sent to the ambassador" (or "Version 3 — export: pdf, full edition")."""
        what = self.name or (f"export: {self.export}" if self.export else "")
        return f"Version {self.number}" + (f" — {what}" if what else "")


# A book's state is plain JSON-able data: {"book": {...}, "sections": [...],
# "participants": [...], "notes": [...], "meetings": [...]}.
State = dict[str, Any]


def _canonical(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _book_record(book: Book) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for name in BOOK_FIELDS:
        value = getattr(book, name)
        record[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return record


def _section_record(section: Section) -> dict[str, Any]:
    return {
        "id": section.id,
        "title": section.title,
        "body": section.body,
        "handout": section.handout,
        "template_key": section.template_key,
    }


def _meeting_record(meeting: Meeting) -> dict[str, Any]:
    return {
        "id": meeting.id,
        "title": meeting.title,
        "start": meeting.start.isoformat(timespec="minutes"),
        "end": meeting.end.isoformat(timespec="minutes"),
        "timezone": meeting.timezone,
        "location": meeting.location,
        "objective": meeting.objective,
        "participants": list(meeting.participants),
    }


def content_state(content: BookContent) -> State:
    """The parts of a book a version keeps, from content read by ``load_book_content``."""
    return {
        "book": _book_record(content.book),
        "sections": [_section_record(section) for section in content.sections],
        "participants": [
            {
                "person": entry.person.id,
                "name": entry.person.name,
                "role": entry.participant.role,
                "talking_points": entry.participant.talking_points,
            }
            for entry in content.participants
        ],
        "notes": [{"id": note.id, "title": note.title} for note in content.notes],
        "meetings": [_meeting_record(meeting) for meeting in content.meetings],
    }


def book_state(store: Store, book_id: str) -> State:
    """The book as it is now, in the shape of a version."""
    return content_state(store.load_book_content(book_id))


# --- blobs ----------------------------------------------------------------------------------

MAX_DEPTH = 16  # a record is rebuilt from at most this many deltas


def _raw_blob(store: Store, sha: str) -> bytes:
    """A record's canonical JSON bytes, undoing its chain of deltas."""
    chain: list[tuple[bytes, str | None]] = []
    current: str | None = sha
    while current is not None:
        row = store.conn.execute(
            "SELECT data, base FROM version_blobs WHERE sha256 = ?", [current]
        ).fetchone()
        if row is None:
            raise NotFound(f"A stored version is missing its record {current[:12]}.")
        chain.append((row[0], row[1]))
        current = row[1]
    raw = b""
    for data, base in reversed(chain):
        if base is None:
            raw = zlib.decompress(data)
        else:
            inflater = zlib.decompressobj(zdict=raw)
            raw = inflater.decompress(data) + inflater.flush()
    return raw


def _put_blob(store: Store, value: Any, base: str | None = None) -> str:
    """Keep ``value`` once; compressed against ``base`` (the previous version's same record)."""
    data = _canonical(value)
    sha = hashlib.sha256(data).hexdigest()
    if store.conn.execute("SELECT 1 FROM version_blobs WHERE sha256 = ?", [sha]).fetchone():
        return sha
    depth = 0
    packed = zlib.compress(data, 9)
    row = None
    if base is not None:
        row = store.conn.execute(
            "SELECT depth FROM version_blobs WHERE sha256 = ?", [base]
        ).fetchone()
    if row is not None and row[0] < MAX_DEPTH:
        deflater = zlib.compressobj(9, zdict=_raw_blob(store, base or ""))
        delta = deflater.compress(data) + deflater.flush()
        if len(delta) < len(packed):
            packed, depth = delta, row[0] + 1
    store.conn.execute(
        "INSERT INTO version_blobs (sha256, data, base, depth) VALUES (?, ?, ?, ?)",
        [sha, packed, base if depth else None, depth],
    )
    return sha


def _get_blob(store: Store, sha: str) -> Any:
    return json.loads(_raw_blob(store, sha))


def _previous_manifest(store: Store, book_id: str) -> tuple[str | None, dict[str, Any]]:
    row = store.conn.execute(
        "SELECT manifest FROM book_versions WHERE book_id = ? ORDER BY number DESC LIMIT 1",
        [book_id],
    ).fetchone()
    if row is None:
        return None, {}
    return row[0], _get_blob(store, row[0])


def _bases(manifest: dict[str, Any], key: str) -> dict[str, str]:
    """The previous version's record of each id, to compress the new one against."""
    return {ident: sha for ident, sha in manifest.get(key, [])}


# --- saving and listing ---------------------------------------------------------------------


def save_version(
    store: Store,
    book_id: str,
    *,
    name: str = "",
    export: str = "",
    state: State | None = None,
) -> VersionInfo:
    """Save the book (or ``state``, the book as an export read it) as its next version."""
    store.get_book(book_id)
    if state is None:
        state = book_state(store, book_id)
    with store.transaction():
        previous_sha, previous = _previous_manifest(store, book_id)
        sections, people, meetings = (
            _bases(previous, "sections"),
            _bases(previous, "participants"),
            _bases(previous, "meetings"),
        )
        manifest = {
            "book": _put_blob(store, state["book"], previous.get("book")),
            "sections": [
                [s["id"], _put_blob(store, s, sections.get(s["id"]))] for s in state["sections"]
            ],
            "participants": [
                [p["person"], _put_blob(store, p, people.get(p["person"]))]
                for p in state["participants"]
            ],
            "notes": state["notes"],
            "meetings": [
                [m["id"], _put_blob(store, m, meetings.get(m["id"]))] for m in state["meetings"]
            ],
        }
        manifest_sha = _put_blob(store, manifest, previous_sha)
        row = store.conn.execute(
            "SELECT coalesce(max(number), 0) + 1 FROM book_versions WHERE book_id = ?", [book_id]
        ).fetchone()
        info = VersionInfo(int(row[0]), name.strip(), now_stamp(), export)
        store.conn.execute(
            "INSERT INTO book_versions (book_id, number, name, created_at, export, manifest)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [book_id, info.number, info.name, info.created_at, info.export, manifest_sha],
        )
    return info


def list_versions(store: Store, book_id: str) -> list[VersionInfo]:
    """The book's versions, oldest first."""
    return [
        VersionInfo(int(row[0]), row[1], row[2], row[3])
        for row in store.conn.execute(
            "SELECT number, name, created_at, export FROM book_versions WHERE book_id = ?"
            " ORDER BY number",
            [book_id],
        )
    ]


def version_info(store: Store, book_id: str, number: int) -> VersionInfo:
    for info in list_versions(store, book_id):
        if info.number == number:
            return info
    raise NotFound(f"The book has no version {number}; `briefbook snapshots BOOK` lists them.")


def load_version(store: Store, book_id: str, number: int) -> State:
    """A saved version's state, as ``book_state`` gives the book now."""
    row = store.conn.execute(
        "SELECT manifest FROM book_versions WHERE book_id = ? AND number = ?", [book_id, number]
    ).fetchone()
    if row is None:
        raise NotFound(f"The book has no version {number}; `briefbook snapshots BOOK` lists them.")
    manifest = _get_blob(store, row[0])
    return {
        "book": _get_blob(store, manifest["book"]),
        "sections": [_get_blob(store, sha) for _, sha in manifest["sections"]],
        "participants": [_get_blob(store, sha) for _, sha in manifest["participants"]],
        "notes": manifest["notes"],
        "meetings": [_get_blob(store, sha) for _, sha in manifest["meetings"]],
    }


def unused_records(store: Store) -> list[str]:
    """Records no version reaches, directly or as the base of a delta (safe to delete)."""
    bases = {
        sha: base for sha, base in store.conn.execute("SELECT sha256, base FROM version_blobs")
    }
    used: set[str] = set()

    def mark(sha: str | None) -> None:
        while sha and sha not in used:
            used.add(sha)
            sha = bases.get(sha)

    for (manifest_sha,) in store.conn.execute("SELECT manifest FROM book_versions"):
        mark(manifest_sha)
        manifest = _get_blob(store, manifest_sha)
        mark(manifest["book"])
        for key in ("sections", "participants", "meetings"):
            for _, sha in manifest[key]:
                mark(sha)
    return [sha for sha in bases if sha not in used]


def latest_export_version(store: Store, book_id: str) -> VersionInfo | None:
    """The newest version an export saved, if any."""
    exported = [info for info in list_versions(store, book_id) if info.export]
    return exported[-1] if exported else None


# --- restoring ------------------------------------------------------------------------------


def _section_from(record: dict[str, Any], book_id: str, position: int) -> Section:
    return Section(
        id=record["id"],
        book_id=book_id,
        title=record["title"],
        body=record["body"],
        handout=bool(record["handout"]),
        position=position,
        template_key=record.get("template_key", ""),
    )


def restore_section(store: Store, book_id: str, state: State, section_id: str) -> Section:
    """Put one section back as ``state`` has it; a section deleted since comes back."""
    records = {record["id"]: (index, record) for index, record in enumerate(state["sections"])}
    if section_id not in records:
        raise InvalidInput("That version has no such section.")
    index, record = records[section_id]
    try:
        current = store.get_section(section_id)
    except NotFound:
        current = None
    if current is not None and current.book_id != book_id:
        raise InvalidInput("That section belongs to another book.")
    with store.transaction():
        if current is None:
            order = [s.id for s in store.list_sections(book_id)]
            store.save_section(_section_from(record, book_id, len(order)))
            order.insert(min(index, len(order)), section_id)
            store.reorder_sections(book_id, order)
            return store.get_section(section_id)
        return store.save_section(
            replace(
                current,
                title=record["title"],
                body=record["body"],
                handout=bool(record["handout"]),
                template_key=record.get("template_key", current.template_key),
            )
        )


def _book_from(record: dict[str, Any], current: Book) -> Book:
    values: dict[str, Any] = {}
    for name in BOOK_FIELDS:
        value = record.get(name, getattr(current, name))
        if name in ("start_date", "end_date") and isinstance(value, str):
            value = datetime.fromisoformat(value).date()
        values[name] = value
    return replace(current, **values)


def _meeting_from(record: dict[str, Any], book_id: str) -> Meeting:
    return Meeting(
        id=record["id"],
        book_id=book_id,
        title=record["title"],
        start=datetime.fromisoformat(record["start"]),
        end=datetime.fromisoformat(record["end"]),
        timezone=record["timezone"],
        location=record["location"],
        objective=record["objective"],
        participants=list(record["participants"]),
    )


def _exists(store: Store, table: str, ident: str) -> bool:
    row = store.conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", [ident]).fetchone()
    return row is not None


def restore_book(store: Store, book_id: str, state: State) -> None:
    """Make the book say what ``state`` says, in one transaction.

    Details, sections (their text, order, and which exist), participants' roles and talking
    points, note links and the schedule. People and notes deleted from the libraries since
    cannot come back from a version and are left out.
    """
    current_book = store.get_book(book_id)
    with store.transaction():
        store.save_book(_book_from(state["book"], current_book))
        wanted = [record["id"] for record in state["sections"]]
        for section in store.list_sections(book_id):
            if section.id not in wanted:
                store.delete_section(section.id)
        for position, record in enumerate(state["sections"]):
            try:
                existing: Section | None = store.get_section(record["id"])
            except NotFound:
                existing = None
            if existing is not None and existing.book_id != book_id:
                continue
            fresh = _section_from(record, book_id, position)
            if existing is not None:
                fresh = replace(existing, **{k: getattr(fresh, k) for k in _SECTION_TEXT})
            store.save_section(replace(fresh, position=position))
        store.reorder_sections(book_id, [r["id"] for r in state["sections"]])

        people = [p for p in state["participants"] if _exists(store, "people", p["person"])]
        for participant in store.list_participants(book_id):
            if participant.person_id not in {p["person"] for p in people}:
                store.detach_person(book_id, participant.person_id)
        for position, record in enumerate(people):
            store.save_participant(
                Participant(
                    book_id=book_id,
                    person_id=record["person"],
                    role=record["role"],
                    talking_points=record["talking_points"],
                    position=position,
                )
            )
        notes = [n["id"] for n in state["notes"] if _exists(store, "notes", n["id"])]
        for note in store.list_book_notes(book_id):
            if note.id not in notes:
                store.detach_note(book_id, note.id)
        for position, note_id in enumerate(notes):
            store.attach_note(book_id, note_id, position)
        meetings = {m["id"]: m for m in state["meetings"]}
        for meeting in store.list_meetings(book_id):
            if meeting.id not in meetings:
                store.delete_meeting(meeting.id)
        for record in meetings.values():
            meeting = _meeting_from(record, book_id)
            meeting.participants = [p for p in meeting.participants if _exists(store, "people", p)]
            store.save_meeting(meeting)


_SECTION_TEXT = ("title", "body", "handout", "template_key")
