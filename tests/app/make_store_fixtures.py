"""Write the fixture store of the current schema version, for the migration tests.

Run once per released schema version (the file for an older version is never rewritten):
    .venv/bin/python tests/app/make_store_fixtures.py
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from pathlib import Path

from app.domain import Book, Meeting, Note, Person
from app.schema import LATEST_VERSION
from app.store import Store

FIXTURES = Path(__file__).parent / "fixtures"
BOOK_ID = "00000000-0000-4000-8000-000000000001"


def main() -> None:
    target = FIXTURES / f"store-v{LATEST_VERSION}.sqlite"
    if target.exists():
        raise SystemExit(f"{target} exists; fixtures of released versions are never rewritten.")
    store = Store.open(target)
    book = store.save_book(
        Book(
            id=BOOK_ID,
            title="Fixture trip",
            destination="Baku, Azerbaijan",
            start_date=date(2026, 12, 1),
            end_date=date(2026, 12, 2),
            marking="UNCLASSIFIED",
            language="en-GB",  # from version 3
        )
    )
    store.add_section(book.id, "Situation", "Rail and *telecoms*.")
    store.add_personal_word("Sumqayit")  # from version 3
    store.ignore_word(book.id, "roundtable")  # from version 3
    person = store.save_person(Person(name="Elnur Mammadov", native_name="Elnur Məmmədov"))
    store.attach_person(book.id, person.id, "Counterpart")
    note = store.save_note(Note(title="Energy security", sector="Energy"))
    store.attach_note(book.id, note.id)
    store.save_meeting(
        Meeting(
            book.id,
            "Call on the Deputy Minister",
            datetime(2026, 12, 1, 10),
            datetime(2026, 12, 1, 11),
            "Asia/Baku",
            participants=[person.id],
        )
    )
    store.close()
    # Fold the WAL into the main file so the fixture is one self-contained file.
    conn = sqlite3.connect(target)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
