"""Migrations: every released store version opens, upgrades, and is copied aside first."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from app.errors import StoreRefused
from app.schema import LATEST_VERSION, MIGRATIONS
from app.store import Store

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_BOOK = "00000000-0000-4000-8000-000000000001"


def _fixture_versions() -> list[int]:
    return sorted(int(p.stem.split("-v")[1]) for p in FIXTURES.glob("store-v*.sqlite"))


def test_there_is_a_fixture_for_every_schema_version() -> None:
    # Numbers may have gaps while branches that each take one are merged.
    assert _fixture_versions() == sorted(MIGRATIONS)


@pytest.mark.parametrize("version", _fixture_versions())
def test_fixture_of_each_version_opens_at_latest_with_its_data(
    tmp_path: Path, version: int
) -> None:
    path = tmp_path / "store.sqlite"
    shutil.copy(FIXTURES / f"store-v{version}.sqlite", path)
    store = Store.open(path)
    assert store.schema_version == LATEST_VERSION
    assert store.applied_migrations() == sorted(MIGRATIONS)
    content = store.load_book_content(FIXTURE_BOOK)
    assert content.book.title == "Fixture trip"
    assert [s.title for s in content.sections] == ["Situation"]
    assert content.participants[0].person.native_name == "Elnur Məmmədov"
    assert [h.kind for h in store.search("mammadov")] == ["person"]
    assert store.integrity_problems() == []
    store.close()


def test_emphasis_saved_broken_is_repaired_on_upgrade(tmp_path: Path) -> None:
    """Stores holding ``**word **next`` or the escaped ``\\**word \\**next`` from the editor's
    old Markdown writer get real emphasis back; arithmetic and typed asterisks stay."""
    path = tmp_path / "store.sqlite"
    shutil.copy(FIXTURES / "store-v1.sqlite", path)
    conn = sqlite3.connect(path)
    broken = {
        "We want **faster customs **clearance.": "We want **faster customs** clearance.",
        "We want \\**faster customs \\**clearance.": "We want **faster customs** clearance.",
        "See \\*the note \\*and the ~~old ~~plan.": "See *the note* and the ~~old~~ plan.",
        "2 * 3 * 4 is **24**; a\\*b stays.": "2 * 3 * 4 is **24**; a\\*b stays.",
    }
    conn.execute("DELETE FROM sections")
    for number, text in enumerate(broken):
        conn.execute(
            "INSERT INTO sections (id, book_id, position, title, body, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, '2026-11-01', '2026-11-01')",
            [f"s{number}", FIXTURE_BOOK, number, f"Section {number}", text],
        )
    conn.execute("UPDATE people SET bio = ?", ["A **career diplomat **since 1998."])
    conn.commit()
    conn.close()

    store = Store.open(path)
    sections = store.load_book_content(FIXTURE_BOOK).sections
    assert [s.body for s in sections] == list(broken.values())
    person = store.load_book_content(FIXTURE_BOOK).participants[0].person
    assert person.bio == "A **career diplomat** since 1998."
    store.close()


def _with_next_migration(sql: str) -> dict[int, str]:
    return {**MIGRATIONS, LATEST_VERSION + 1: sql}


def test_upgrade_copies_the_file_aside_and_records_the_step(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite"
    shutil.copy(FIXTURES / f"store-v{LATEST_VERSION}.sqlite", path)
    original = hashlib.sha256(path.read_bytes()).hexdigest()
    steps = _with_next_migration(
        "ALTER TABLE books ADD COLUMN travel_notes TEXT NOT NULL DEFAULT '';"
    )
    store = Store.open(path, migrations=steps)
    assert store.schema_version == LATEST_VERSION + 1
    assert store.applied_migrations()[-1] == LATEST_VERSION + 1
    assert store.migrated_from == LATEST_VERSION
    backup = store.backup_before_migration
    store.close()
    assert backup is not None and backup.exists()
    old = Store.open(backup)
    assert old.schema_version == LATEST_VERSION
    assert old.get_book(FIXTURE_BOOK).title == "Fixture trip"
    old.close()
    assert original  # the fixture itself was copied, never opened in place


def test_failed_migration_leaves_the_store_at_its_old_version(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite"
    shutil.copy(FIXTURES / f"store-v{LATEST_VERSION}.sqlite", path)
    steps = _with_next_migration("ALTER TABLE books ADD COLUMN extra TEXT;\nTHIS IS NOT SQL;")
    with pytest.raises(StoreRefused, match="Cannot prepare"):
        Store.open(path, migrations=steps)
    store = Store.open(path)
    assert store.schema_version == LATEST_VERSION
    columns = [row["name"] for row in store.db.query("PRAGMA table_info(books)")]
    assert "extra" not in columns
    store.close()


def test_version_3_adds_spelling_languages_and_words(tmp_path: Path) -> None:
    """A version-1 store gains the spelling columns and tables, empty; the version-3 fixture
    keeps the words and language it was written with."""
    path = tmp_path / "v1.sqlite"
    shutil.copy(FIXTURES / "store-v1.sqlite", path)
    with Store.open(path) as store:
        book = store.get_book(FIXTURE_BOOK)
        assert book.language == ""
        assert [s.language for s in store.list_sections(FIXTURE_BOOK)] == [""]
        assert store.personal_words() == []
        assert store.ignored_words(FIXTURE_BOOK) == []
        store.add_personal_word("Sumqayit")
        assert store.personal_words() == ["Sumqayit"]
    path = tmp_path / "v3.sqlite"
    shutil.copy(FIXTURES / "store-v3.sqlite", path)
    with Store.open(path) as store:
        assert store.get_book(FIXTURE_BOOK).language == "en-GB"
        assert store.personal_words() == ["Sumqayit"]
        assert store.ignored_words(FIXTURE_BOOK) == ["roundtable"]
