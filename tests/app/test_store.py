"""The store: round trips of every record type, transactions, refusal of foreign files."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest

from app.domain import Book, Image, Meeting, Note, Person, Section
from app.errors import InvalidInput, NotFound, StoreRefused, StoreWriteError
from app.schema import APPLICATION_ID, LATEST_VERSION
from app.store import Store


@pytest.fixture
def db(tmp_path: Path) -> Store:
    store = Store.open(tmp_path / "store.sqlite")
    yield store
    store.close()


def _png() -> Image:
    data = b"\x89PNG\r\n\x1a\n" + b"fake-but-stored-as-bytes"
    return Image(hashlib.sha256(data).hexdigest(), "image/png", data, 10, 20)


def _full_book(db: Store) -> Book:
    book = db.save_book(
        Book(
            title="Baku engagement",
            subtitle="Trade and development",
            destination="Baku, Azerbaijan",
            start_date=date(2026, 12, 1),
            end_date=date(2026, 12, 3),
            marking="UNCLASSIFIED",
            prepared_by="Regional office",
            organization="Agency",
            purpose="**Build** ties",
            page_size="a4",
            timezone="Asia/Baku",
        )
    )
    db.add_section(book.id, "Situation", "Text *here*")
    db.add_section(book.id, "Talking points", "- one\n- two", handout=False)
    photo = db.put_image(_png())
    person = db.save_person(
        Person(
            name="Sameddin F. Asadov",
            native_name="Səməddin Əsədov",
            honorific="H.E.",
            title="Deputy Minister",
            organization="Ministry of Digital Development and Transport",
            country="Azerbaijan",
            bio="Oversees transport.",
            photo=photo,
            photo_alt="Portrait",
            pronunciation="sa-mad-DEEN",
            languages=["Azerbaijani", "Russian"],
            tags=["transport"],
            source="Ministry website",
            last_verified=date(2026, 11, 1),
        )
    )
    db.attach_person(book.id, person.id, "Counterpart", "Raise rail")
    note = db.save_note(
        Note(
            title="Rail corridors",
            sector="Railway infrastructure",
            country="Azerbaijan",
            body="Middle Corridor.",
            sources=["Public reporting"],
            last_verified=date(2026, 10, 1),
            internal=True,
        )
    )
    db.attach_note(book.id, note.id)
    db.save_meeting(
        Meeting(
            book_id=book.id,
            title="Deputy Minister",
            start=datetime(2026, 12, 2, 10, 0),
            end=datetime(2026, 12, 2, 11, 0),
            timezone="Asia/Baku",
            location="Ministry",
            objective="Agree next steps",
            participants=[person.id],
        )
    )
    return book


def test_every_record_round_trips(db: Store) -> None:
    book = _full_book(db)
    content = db.load_book_content(book.id)
    assert content.book == db.get_book(book.id)
    assert content.book.start_date == date(2026, 12, 1)
    assert content.book.page_size == "a4"
    assert [s.title for s in content.sections] == ["Situation", "Talking points"]
    assert [s.handout for s in content.sections] == [True, False]
    entry = content.participants[0]
    assert entry.participant.role == "Counterpart"
    assert entry.participant.talking_points == "Raise rail"
    assert entry.person.native_name == "Səməddin Əsədov"
    assert entry.person.languages == ["Azerbaijani", "Russian"]
    assert entry.person.last_verified == date(2026, 11, 1)
    assert content.images[entry.person.photo or ""].data == _png().data
    assert content.notes[0].sources == ["Public reporting"]
    assert content.notes[0].internal is True
    meeting = content.meetings[0]
    assert meeting.start == datetime(2026, 12, 2, 10, 0)
    assert meeting.timezone == "Asia/Baku"
    assert meeting.participants == [entry.person.id]


def test_save_keeps_created_and_moves_updated(db: Store) -> None:
    book = db.save_book(Book(title="First"))
    again = db.save_book(Book(title="Renamed", id=book.id))
    assert again.created_at == book.created_at
    assert again.updated_at > book.updated_at
    assert db.get_book(book.id).title == "Renamed"


def test_reorder_and_delete_sections(db: Store) -> None:
    book = db.save_book(Book(title="B"))
    first = db.add_section(book.id, "One")
    second = db.add_section(book.id, "Two")
    db.reorder_sections(book.id, [second.id, first.id])
    assert [s.title for s in db.list_sections(book.id)] == ["Two", "One"]
    db.delete_section(second.id)
    assert [s.title for s in db.list_sections(book.id)] == ["One"]
    assert not db.search("Two", kinds=["section"])


def test_delete_book_keeps_libraries_and_cleans_index(db: Store) -> None:
    book = _full_book(db)
    db.delete_book(book.id)
    assert db.list_books() == []
    assert len(db.list_people()) == 1
    assert len(db.list_notes()) == 1
    assert [hit.kind for hit in db.search("Situation")] == []
    assert [hit.kind for hit in db.search("Deputy")] == ["person"]


def test_delete_person_detaches_everywhere(db: Store) -> None:
    book = _full_book(db)
    person = db.list_people()[0]
    db.delete_person(person.id)
    assert db.list_participants(book.id) == []
    assert db.list_meetings(book.id)[0].participants == []
    assert db.prune_images() == 1


def test_duplicate_book_keeps_content_clears_dates_and_schedule(db: Store) -> None:
    book = _full_book(db)
    copy = db.duplicate_book(book.id)
    assert copy.id != book.id
    assert copy.start_date is None and copy.end_date is None
    assert [s.title for s in db.list_sections(copy.id)] == ["Situation", "Talking points"]
    assert {s.id for s in db.list_sections(copy.id)}.isdisjoint(
        {s.id for s in db.list_sections(book.id)}
    )
    assert len(db.list_participants(copy.id)) == 1
    assert len(db.list_book_notes(copy.id)) == 1
    assert db.list_meetings(copy.id) == []


def test_find_book_by_id_or_exact_title(db: Store) -> None:
    book = db.save_book(Book(title="Baku"))
    assert db.find_book(book.id).id == book.id
    assert db.find_book("Baku").id == book.id
    with pytest.raises(NotFound, match="No book has the id or title"):
        db.find_book("Bak")
    db.save_book(Book(title="Baku"))
    with pytest.raises(NotFound, match="2 books"):
        db.find_book("Baku")


@pytest.mark.parametrize(
    "change",
    [
        lambda db: db.save_book(Book(title="  ")),
        lambda db: db.save_book(
            Book(title="X", start_date=date(2026, 1, 2), end_date=date(2026, 1, 1))
        ),
        lambda db: db.save_book(Book(title="X", page_size="legal")),
        lambda db: db.save_book(Book(title="X", timezone="Mars/Olympus")),
        lambda db: db.save_person(Person(name="")),
        lambda db: db.save_note(Note(title="")),
    ],
)
def test_invalid_input_is_refused_and_nothing_is_written(db: Store, change) -> None:
    with pytest.raises(InvalidInput):
        change(db)
    assert db.list_books() == []
    assert db.list_people() == []


def test_meeting_end_before_start_is_refused(db: Store) -> None:
    book = db.save_book(Book(title="B"))
    with pytest.raises(InvalidInput, match="ends before it starts"):
        db.save_meeting(
            Meeting(book.id, "M", datetime(2026, 1, 1, 11), datetime(2026, 1, 1, 10), "UTC")
        )
    assert db.list_meetings(book.id) == []


def test_transaction_rolls_back_every_row(db: Store) -> None:
    book = db.save_book(Book(title="Before"))
    with pytest.raises(RuntimeError), db.transaction():
        db.save_book(Book(title="After", id=book.id))
        db.add_section(book.id, "Half")
        raise RuntimeError("interrupted")
    assert db.get_book(book.id).title == "Before"
    assert db.list_sections(book.id) == []
    assert [hit.title for hit in db.search("After")] == []


def test_foreign_keys_are_enforced(db: Store) -> None:
    with pytest.raises(InvalidInput):
        db.save_section(Section(book_id="no-such-book", title="Orphan"))


def test_file_is_a_wal_store_with_identity(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    conn.close()
    assert (path.stat().st_mode & 0o777) == 0o600


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_random_bytes_are_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "random.sqlite"
    path.write_bytes(bytes(range(256)) * 40)
    before = _digest(path)
    with pytest.raises(StoreRefused, match="not a BriefBook store"):
        Store.open(path)
    assert _digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["random.sqlite"]


def test_other_sqlite_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    conn.execute("INSERT INTO invoices VALUES (1, 9.5)")
    conn.commit()
    conn.close()
    before = _digest(path)
    with pytest.raises(StoreRefused, match="another program"):
        Store.open(path)
    assert _digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]


def test_newer_store_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    conn.close()
    before = _digest(path)
    with pytest.raises(StoreRefused, match="newer BriefBook"):
        Store.open(path)
    assert _digest(path) == before


def test_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreRefused, match="folder"):
        Store.open(tmp_path)


def test_read_only_store_refuses_writes(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    Store.open(path).close()
    store = Store.open(path, read_only=True)
    with pytest.raises(StoreWriteError, match="read-only"):
        store.save_book(Book(title="X"))
    store.close()


def test_backup_is_a_consistent_openable_copy(db: Store, tmp_path: Path) -> None:
    book = _full_book(db)
    target = db.backup(tmp_path / "copy.sqlite")
    copy = Store.open(target)
    assert copy.load_book_content(book.id) == db.load_book_content(book.id)
    assert copy.integrity_problems() == []
    copy.close()


def test_backup_to_a_folder_is_refused(db: Store, tmp_path: Path) -> None:
    with pytest.raises(StoreWriteError, match="folder"):
        db.backup(tmp_path)
    with pytest.raises(StoreWriteError, match="does not exist"):
        db.backup(tmp_path / "missing" / "b.sqlite")


def test_reading_a_store_does_not_load_sqlite_utils(tmp_path) -> None:
    # Start-up and read-only commands skip the ~50 ms import; the first write pays it.
    import subprocess
    import sys

    from app.sample import ensure_sample_book
    from app.store import Store

    with Store.open(tmp_path / "s.sqlite") as made:  # made, migrated and filled here
        ensure_sample_book(made)
    script = (
        "import sys; from app.store import Store\n"
        f"s = Store.open({str(tmp_path / 's.sqlite')!r})\n"
        "s.list_books(); s.search('baku')\n"
        "[s.load_book_content(b.id) for b in s.list_books()]\n"
        "print('sqlite_utils' in sys.modules)\n"
        "from app.domain import Book; s.save_book(Book(title='T'))\n"
        "print('sqlite_utils' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["False", "True"]
