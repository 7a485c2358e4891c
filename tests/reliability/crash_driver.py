"""Child process for the crash harness: writes to a store in a loop until it is killed.

Usage: ``python crash_driver.py STORE SEED WORK_DIR``

For every write it prints ``DO <op> ...`` before the write and ``ACK`` after the write returned
(both flushed), so the parent knows which writes were acknowledged and which one, at most, was in
flight when it sent SIGKILL. The writes are the ones the app makes:

- ``autosave SECTION SEQ``: an autosaved edit; the body starts with ``seq SEQ|`` and grows.
- ``reorder BOOK ID,ID,...``: a new order of a book's sections.
- ``book BOOK N M``: one transaction adding a book with N sections and M new participants.
- ``import BOOK N M``: a bundle import (``app.bundle.import_bundle``) of a book with N sections
  and M people, when ``app.bundle`` is present.
"""

from __future__ import annotations

import json
import random
import sys
from dataclasses import replace
from pathlib import Path

from app.domain import Book, Participant, Person, Section, new_id
from app.store import Store

AUTOSAVE_BOOK = "crash-autosave-book"
AUTOSAVE_SECTIONS = [f"crash-autosave-{n}" for n in range(4)]
REORDER_BOOK = "crash-reorder-book"
REORDER_SECTIONS = [f"crash-reorder-{n}" for n in range(8)]
MULTI_ROW_TITLE = "crash-book"
IMPORT_TITLE = "crash-bundle"
PERSON_PREFIX = "crash-person "


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def body_for(seq: int) -> str:
    """An autosaved body: its sequence number, then text that grows as the officer types."""
    words = " ".join(f"word{n}" for n in range(20 + (seq % 200) * 10))
    return f"seq {seq}|{words}"


def seq_of(body: str) -> int:
    head = body.split("|", 1)[0]
    return int(head.removeprefix("seq ")) if head.startswith("seq ") else 0


def multi_row_purpose(sections: int, people: int) -> str:
    return f"sections={sections} participants={people}"


def ensure_fixed_books(store: Store) -> None:
    """The two books the loop edits, each created whole in one transaction (idempotent)."""
    fixed = (
        (AUTOSAVE_BOOK, "crash autosave", AUTOSAVE_SECTIONS),
        (REORDER_BOOK, "crash reorder", REORDER_SECTIONS),
    )
    for book_id, title, section_ids in fixed:
        if any(book.id == book_id for book in store.list_books()):
            continue
        with store.transaction():
            store.save_book(
                Book(title=title, id=book_id, purpose=multi_row_purpose(len(section_ids), 0))
            )
            for position, section_id in enumerate(section_ids):
                store.save_section(
                    Section(
                        book_id=book_id,
                        title=section_id,
                        body=body_for(0),
                        position=position,
                        id=section_id,
                    )
                )


def autosave(store: Store, rng: random.Random) -> None:
    section = store.get_section(rng.choice(AUTOSAVE_SECTIONS))
    seq = seq_of(section.body) + 1
    say(f"DO autosave {section.id} {seq}")
    store.save_section(replace(section, body=body_for(seq)))


def reorder(store: Store, rng: random.Random) -> None:
    ids = [section.id for section in store.list_sections(REORDER_BOOK)]
    rng.shuffle(ids)
    say(f"DO reorder {REORDER_BOOK} {','.join(ids)}")
    store.reorder_sections(REORDER_BOOK, ids)


def add_book(store: Store, rng: random.Random) -> None:
    sections, people = rng.randint(2, 12), rng.randint(1, 4)
    book = Book(title=MULTI_ROW_TITLE, purpose=multi_row_purpose(sections, people))
    say(f"DO book {book.id} {sections} {people}")
    with store.transaction():
        store.save_book(book)
        for position in range(sections):
            store.save_section(
                Section(
                    book_id=book.id,
                    title=f"part {position}",
                    body=body_for(position),
                    position=position,
                )
            )
        for position in range(people):
            person = store.save_person(Person(name=f"{PERSON_PREFIX}{book.id}", bio="x" * 500))
            store.save_participant(Participant(book.id, person.id, "Delegation", "", position))


def bundle_document(book_id: str, sections: int, people: int) -> dict[str, object]:
    person_ids = [new_id() for _ in range(people)]
    return {
        "format": "briefbook-bundle",
        "version": 1,
        "book": {
            "id": book_id,
            "title": IMPORT_TITLE,
            "purpose": multi_row_purpose(sections, people),
            "sections": [
                {"id": new_id(), "title": f"part {n}", "body": body_for(n), "handout": True}
                for n in range(sections)
            ],
            "participants": [{"person": pid, "role": "Host"} for pid in person_ids],
        },
        "people": [
            {"id": pid, "name": f"{PERSON_PREFIX}{book_id}", "bio": "y" * 500} for pid in person_ids
        ],
    }


def import_book(store: Store, rng: random.Random, work_dir: Path) -> None:
    from app.bundle import import_bundle

    sections, people = rng.randint(2, 12), rng.randint(1, 4)
    book_id = new_id()
    path = work_dir / f"{book_id}.json"
    path.write_text(json.dumps(bundle_document(book_id, sections, people)), encoding="utf-8")
    say(f"DO import {book_id} {sections} {people}")
    import_bundle(store, path)
    path.unlink()


def bundles_available() -> bool:
    try:
        from app.bundle import import_bundle  # noqa: F401
    except ImportError:
        return False
    return True


def main() -> None:
    store_path, seed, work_dir = Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
    rng = random.Random(seed)
    store = Store.open(store_path, lock="cli")
    ensure_fixed_books(store)
    operations = [autosave] * 5 + [reorder] * 2 + [add_book] * 2
    with_bundles = bundles_available()
    say(f"READY bundles={int(with_bundles)}")
    while True:
        if with_bundles and rng.random() < 0.15:
            import_book(store, rng, work_dir)
        else:
            rng.choice(operations)(store, rng)
        say("ACK")


if __name__ == "__main__":
    main()
