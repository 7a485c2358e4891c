"""Writing a bundle: one book with everything it uses, as a ``.bbk`` zip.

The format is version 2 of ``docs/bundle-format.md`` (version 1 plus the review,
``app.bundle.review_part``). Beyond the spec (which asks to be
extended, never broken) bundles written here also carry ``created_at``/``updated_at`` on every
record, the book's ``page_size``, ``timezone`` and spelling ``language``, a section's
``template_key`` and ``language``, and a note's ``internal`` flag. List order is the order of sections, participants, notes and meeting
participants.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

from app.atomic_file import write_atomically
from app.body_images import referenced_images
from app.bundle.format import BUNDLE_JSON, FORMAT_NAME, FORMAT_VERSION
from app.bundle.review_part import add_review
from app.domain import (
    BookContent,
    Image,
    Meeting,
    Note,
    Person,
    Section,
)
from app.errors import ExportFailed
from app.store import Store


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
        "language": section.language,
        **_stamps(section.created_at, section.updated_at),
    }


def _text_pictures(
    store: Store, content: BookContent, people: list[Person], images: dict[str, Image]
) -> list[str]:
    """The pictures shown in the book's texts (an imported Word document's, say), added to
    ``images``; their entries, in order of first mention."""
    texts = [content.book.purpose]
    texts += [section.body for section in content.sections]
    texts += [entry.participant.talking_points for entry in content.participants]
    texts += [person.bio for person in people] + [note.body for note in content.notes]
    entries: list[str] = []
    for sha in referenced_images(texts):
        image = images.get(sha) or content.images.get(sha) or store.get_image(sha)
        if image is None:
            continue  # no longer in the store: the text keeps the picture's alt text
        images[sha] = image
        entries.append(_photo_entry(image))
    return entries


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
    pictures = _text_pictures(store, content, people, images)
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
            "language": book.language,
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
    add_review(store, content, book_json)
    document = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "book": book_json,
        "people": [_person_json(person, images) for person in people],
        "notes": [_note_json(note) for note in content.notes],
    }
    if pictures:
        document["pictures"] = pictures
    style = _house_style_json(store, book.id)
    if style is not None:
        document["house_style"] = style
    return document, images


def _house_style_json(store: Store, book_id: str) -> dict[str, Any] | None:
    """The style the book exports in, unless it is BriefBook's own (nothing to carry)."""
    from app.styles.files import style_json
    from app.styles.records import StyleRecords

    style = StyleRecords(store).style_for_book(book_id)
    return None if style.builtin else style_json(style)


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
    return write_atomically(output, lambda raw: _write_archive(raw, document, images), "the bundle")


def _write_archive(raw: Any, document: dict[str, Any], images: dict[str, Image]) -> None:
    text = json.dumps(document, ensure_ascii=False, indent=2)
    with zipfile.ZipFile(raw, "w") as archive:
        archive.writestr(BUNDLE_JSON, text.encode("utf-8"), zipfile.ZIP_DEFLATED)
        for image in images.values():
            # Photos are compressed already; deflating them again only costs time.
            archive.writestr(_photo_entry(image), image.data, zipfile.ZIP_STORED)


def bundle_bytes(store: Store, book_id: str) -> bytes:
    """The ``.bbk`` file of one book, in memory (a sealed bundle encrypts it before writing)."""
    import io

    document, images = bundle_document(store, book_id)
    buffer = io.BytesIO()
    _write_archive(buffer, document, images)
    return buffer.getvalue()


def export_sealed_bundle(store: Store, book_id: str, output: Path, passphrase: str) -> Path:
    """Write one book as a sealed bundle (app/protection/envelope.py) keyed from ``passphrase``."""
    from app.protection.envelope import write_sealed

    output = Path(output)
    if output.is_dir():
        raise ExportFailed(f"{output} is a folder; give a file name for the bundle.")
    if not output.parent.is_dir():
        raise ExportFailed(
            f"The folder {output.parent} does not exist; choose another place for the bundle."
        )
    return write_sealed(bundle_bytes(store, book_id), passphrase, output)
