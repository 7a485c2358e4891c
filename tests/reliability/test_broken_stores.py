"""Store files that are not sound BriefBook stores are refused in one line and left untouched.

Random bytes, real stores cut short, other programs' SQLite databases and stores from a newer
BriefBook: each is refused by every way of opening (write, read-only, with the writer lock),
the file keeps its exact bytes, and nothing (no -wal, -shm or lock file) appears beside it.
"""

from __future__ import annotations

import hashlib
import random
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from app.domain import Book, Section
from app.errors import StoreDamaged, StoreRefused
from app.schema import LATEST_VERSION
from app.store import Store

OPENERS: dict[str, Callable[[Path], Store]] = {
    "write": Store.open,
    "read-only": lambda path: Store.open(path, read_only=True),
    "desktop lock": lambda path: Store.open(path, lock="desktop"),
}


def real_store(path: Path, books: int = 12) -> Path:
    """A closed store with some content, in WAL mode as the app leaves it."""
    with Store.open(path) as store:
        for n in range(books):
            book = store.save_book(Book(title=f"Book {n}", destination="Baku"))
            for position in range(4):
                store.save_section(
                    Section(book_id=book.id, title=f"S{position}", body="text " * 300)
                )
    return path


def fingerprint(path: Path) -> tuple[str, list[str]]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), sorted(
        p.name for p in path.parent.iterdir()
    )


def assert_refused_untouched(path: Path, expected: type[StoreRefused] = StoreRefused) -> str:
    before = fingerprint(path)
    messages = []
    for how, opener in OPENERS.items():
        with pytest.raises(expected) as refused:
            opener(path)
        message = str(refused.value)
        assert "\n" not in message and message.endswith("."), (how, message)
        assert fingerprint(path) == before, f"{how} changed the folder or the file"
        messages.append(message)
    return messages[0]


@pytest.mark.parametrize("size", [1, 15, 99, 100, 4096, 65537])
def test_random_bytes(tmp_path: Path, size: int) -> None:
    path = tmp_path / "random.sqlite"
    path.write_bytes(random.Random(size).randbytes(size))
    message = assert_refused_untouched(path)
    assert "not a BriefBook store" in message


@pytest.mark.parametrize("size", [16, 100, 4096, 20000])
def test_random_bytes_behind_an_sqlite_header(tmp_path: Path, size: int) -> None:
    path = tmp_path / "random.sqlite"
    path.write_bytes(b"SQLite format 3\x00" + random.Random(size).randbytes(size - 16))
    assert_refused_untouched(path)


@pytest.mark.parametrize(
    "cut",
    ["half", "one page", "header only", "inside the header", "one byte short", "last page"],
)
def test_real_store_cut_short(tmp_path: Path, cut: str) -> None:
    path = real_store(tmp_path / "cut.sqlite")
    data = path.read_bytes()
    page = int.from_bytes(data[16:18], "big")
    keep = {
        "half": len(data) // 2,
        "one page": page,
        "header only": 100,
        "inside the header": 50,
        "one byte short": len(data) - 1,
        "last page": len(data) - page,
    }[cut]
    path.write_bytes(data[:keep])
    message = assert_refused_untouched(path, StoreDamaged)
    assert "damaged" in message and "Restore a backup" in message


@pytest.mark.parametrize("journal", ["delete", "wal"])
def test_someone_elses_sqlite_database(tmp_path: Path, journal: str) -> None:
    path = tmp_path / "theirs.sqlite"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA journal_mode = {journal}")
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)")
    conn.execute("INSERT INTO invoices (amount) VALUES (12.5)")
    conn.commit()
    conn.close()
    message = assert_refused_untouched(path)
    assert "another program" in message


def test_someone_elses_database_with_its_own_application_id(tmp_path: Path) -> None:
    path = tmp_path / "theirs.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id = 1234")
    conn.execute("CREATE TABLE things (x)")
    conn.commit()
    conn.close()
    assert "another program" in assert_refused_untouched(path)


def test_store_from_a_newer_briefbook(tmp_path: Path) -> None:
    path = real_store(tmp_path / "newer.sqlite", books=2)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    conn.commit()
    conn.close()
    message = assert_refused_untouched(path)
    assert "newer BriefBook" in message and "Update BriefBook" in message


def test_a_folder_in_place_of_the_store(tmp_path: Path) -> None:
    folder = tmp_path / "briefbook.sqlite"
    folder.mkdir()
    with pytest.raises(StoreRefused, match="is a folder"):
        Store.open(folder, lock="cli")
    assert list(folder.iterdir()) == []


def test_mutated_stores_are_refused_untouched_or_opened(tmp_path: Path) -> None:
    """Seeded byte mutations of a real store's header and pages: Store.open either refuses in
    one line leaving the file as it was, or opens the file; it never fails another way."""
    original = real_store(tmp_path / "original.sqlite", books=3).read_bytes()
    rng = random.Random(7)
    refused = opened = 0
    for attempt in range(150):
        case = tmp_path / f"case{attempt}"
        case.mkdir()
        path = case / "mutated.sqlite"
        data = bytearray(original)
        for _ in range(rng.randint(1, 6)):
            where = rng.randrange(100) if rng.random() < 0.6 else rng.randrange(len(data))
            data[where] = rng.randrange(256)
        path.write_bytes(bytes(data))
        before = fingerprint(path)
        try:
            Store.open(path, lock="cli").close()
        except StoreRefused as error:
            refused += 1
            assert "\n" not in str(error)
            assert fingerprint(path) == before, f"attempt {attempt} changed a refused file"
        else:
            opened += 1
    print(f"mutated stores: {refused} refused untouched, {opened} opened")
    assert refused > 0
