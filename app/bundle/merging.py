"""Importing a checked bundle: merging its records into the store by id and ``updated_at``.

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

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from app.body_images import referenced_images
from app.bundle.checking import Bundle, read_bundle, stamp_instant
from app.bundle.format import KINDS
from app.bundle.reading import open_source
from app.bundle.review_part import review_steps
from app.domain import (
    Participant,
    Person,
)
from app.errors import BundleRefused, InvalidInput, NotFound
from app.store import Store


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


def _outcome(existing: str | None, incoming: str) -> str:
    """created / updated / skipped for a record whose store copy has ``existing`` updated_at."""
    if existing is None:
        return "created"
    if not incoming:
        return "skipped"
    incoming_at = stamp_instant(incoming)
    existing_at = stamp_instant(existing)
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


def _merge_steps(store: Store, bundle: Bundle) -> list[_Step]:
    """Decide, record by record, what the import does; the steps run in dependency order."""
    steps: list[_Step] = []
    people_written: list[Person] = []
    for person in bundle.people:
        outcome = _outcome(_stored_stamp(store.get_person, person.id), person.updated_at)
        if outcome != "skipped":
            people_written.append(person)
        steps.append(_Step(outcome, "person", _saver(store.save_person, person, outcome)))
    needed = {person.photo for person in people_written if person.photo}
    # Pictures the texts show (version 3's "pictures"): whichever copy of a text is kept, the
    # picture it names must be in the store.
    texts = [bundle.book.purpose, *(section.body for section in bundle.sections)]
    texts += [person.bio for person in bundle.people] + [note.body for note in bundle.notes]
    texts += [participant.talking_points for participant in bundle.participants]
    needed.update(referenced_images(texts))
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
    section_outcomes = {}
    for section in bundle.sections:
        outcome = _outcome(_stored_stamp(store.get_section, section.id), section.updated_at)
        section_outcomes[section.id] = outcome
        steps.append(_Step(outcome, "section", _saver(store.save_section, section, outcome)))
    for meeting in bundle.meetings:
        outcome = _outcome(_stored_stamp(store.get_meeting, meeting.id), meeting.updated_at)
        steps.append(_Step(outcome, "meeting", _saver(store.save_meeting, meeting, outcome)))
    steps.extend(_link_steps(store, bundle, book_written=book_outcome != "skipped"))
    # Version 2: statuses after their sections (a changed text un-clears; the bundle's status
    # then stands), comments after the book and everything they are about.
    for step in review_steps(
        store,
        bundle.book.id,
        bundle.review,
        book_outcome=book_outcome,
        section_outcomes=section_outcomes,
        outcome=_outcome,
    ):
        steps.append(_Step(step.outcome, step.kind, step.write))
    return steps


def _link_steps(store: Store, bundle: Bundle, *, book_written: bool) -> list[_Step]:
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


def _take_house_style(store: Store, bundle: Bundle, *, book_written: bool) -> None:
    """Keep the bundle's style (merged by id and ``updated_at`` like any record) and give it
    to the book when the bundle's book was written, or the book had no style of its own."""
    from app.styles.files import adopt_style
    from app.styles.records import StyleRecords

    assert bundle.house_style is not None
    records = StyleRecords(store)
    style = adopt_style(records, bundle.house_style)
    if book_written or records.book_style_id(bundle.book.id) is None:
        records.set_book_style(bundle.book.id, style.id)


def _tally(cls: type[_TallyT], bundle: Bundle, steps: list[_Step]) -> _TallyT:
    tally = cls(book_id=bundle.book.id, book_title=bundle.book.title)
    for step in steps:
        if step.kind in KINDS:  # a status or the review switch follows its record
            tally.count(step.outcome, step.kind)
    return tally


# --- import ---------------------------------------------------------------------------------


def plan_import(store: Store, path: Path) -> ImportPlan:
    """Check a bundle completely and report what importing it would create, update or skip.

    Nothing is written. Raises ``BundleRefused`` (naming the first bad field) for a bundle that
    would be refused.
    """
    with open_source(Path(path)) as source:
        bundle = read_bundle(store, source)
    return _tally(ImportPlan, bundle, _merge_steps(store, bundle))


def import_bundle(store: Store, path: Path) -> ImportResult:
    """Import a ``.bbk`` or ``.json`` bundle into ``store``, merging by id, in one transaction.

    The bundle is checked whole before anything is written; a bad bundle raises
    ``BundleRefused`` naming the first bad field, and the store is left as it was.
    """
    with open_source(Path(path)) as source:
        bundle = read_bundle(store, source)
    try:
        with store.transaction():
            steps = _merge_steps(store, bundle)
            for step in steps:
                if step.write is not None:
                    step.write()
            if bundle.house_style is not None:
                book_written = any(s.kind == "book" and s.outcome != "skipped" for s in steps)
                _take_house_style(store, bundle, book_written=book_written)
    except InvalidInput as error:
        raise BundleRefused(
            f"The bundle was refused because the store would not accept it ({error}); "
            "nothing was imported."
        ) from error
    return _tally(ImportResult, bundle, steps)
