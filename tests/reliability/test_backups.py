"""Automatic rotating backups, restoring one, and finding a good one for a damaged store."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from reliability_support import Holder

from app.backups import (
    KIND_BEFORE_MIGRATION,
    KIND_BEFORE_RESTORE,
    KIND_DAILY,
    backup_dir_for,
    daily_backup,
    find_newest_good_backup,
    list_backups,
    restore_backup,
    verify_backup,
)
from app.domain import Book, Section
from app.errors import StoreDamaged, StoreLocked, StoreRefused
from app.schema import LATEST_VERSION, MIGRATIONS
from app.store import Store

DAY_ONE = datetime(2026, 11, 26, 17, 45, 0)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def titles(path: Path) -> list[str]:
    with Store.open(path, read_only=True) as store:
        return [book.title for book in store.list_books()]


def book_with_sections(store: Store, title: str, sections: int, body: str = "text") -> Book:
    with store.transaction():
        book = store.save_book(Book(title=title))
        for position in range(sections):
            store.save_section(
                Section(book_id=book.id, title=f"s{position}", body=body, position=position)
            )
    return book


@pytest.fixture
def store(store_path: Path) -> Iterator[Store]:
    opened = Store.open(store_path, lock="desktop")
    try:
        yield opened
    finally:
        opened.close()


# --- daily backups and rotation -----------------------------------------------------------


def test_first_open_of_the_day_makes_one_backup(store: Store) -> None:
    store.save_book(Book(title="Baku"))

    first = daily_backup(store, now=DAY_ONE)
    again = daily_backup(store, now=DAY_ONE + timedelta(hours=5))

    assert first is not None and again is None
    assert first.parent == backup_dir_for(store.path) == store.path.parent / "backups"
    assert first.name == "briefbook-20261126-174500.sqlite"
    assert titles(first) == ["Baku"]
    assert verify_backup(first) is None


def test_rotation_keeps_the_newest_n(store: Store) -> None:
    made = []
    for day in range(14):
        store.save_book(Book(title=f"day {day}"))
        made.append(daily_backup(store, keep=5, now=DAY_ONE + timedelta(days=day)))

    kept = list_backups(store.path)
    assert [info.path for info in kept] == list(reversed(made[-5:]))
    assert all(info.ok and info.kind == KIND_DAILY for info in kept)
    assert kept[0].taken_at.date() == (DAY_ONE + timedelta(days=13)).date()
    assert sorted(p.name for p in backup_dir_for(store.path).iterdir()) == sorted(
        p.name for p in made[-5:] if p
    )
    assert len(titles(kept[0].path)) == 14


def test_backup_folder_can_be_chosen(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "elsewhere"
    made = daily_backup(store, backup_dir=folder, now=DAY_ONE)
    assert made is not None and made.parent == folder
    assert [info.path for info in list_backups(store.path, folder)] == [made]


def test_backups_of_other_stores_in_the_folder_are_left_alone(store: Store) -> None:
    with Store.open(store.path.with_name("other.sqlite")) as other:
        theirs = daily_backup(other, keep=1, now=DAY_ONE)
    for day in range(3):
        daily_backup(store, keep=1, now=DAY_ONE + timedelta(days=day))
    assert theirs is not None and theirs.exists()
    assert len(list_backups(store.path)) == 1


def test_backup_is_consistent_while_another_connection_writes(store_path: Path) -> None:
    """Books are written whole (12 sections each) by another connection during the backup."""
    with Store.open(store_path) as seed:
        for n in range(40):  # enough pages that the backup takes many steps
            book_with_sections(seed, f"seed {n}", 12, body="x" * 3000)
    writer_started = threading.Event()
    stop = threading.Event()
    written: list[int] = []
    failures: list[BaseException] = []

    def write_books() -> None:
        try:
            with Store.open(store_path) as writer:
                while not stop.is_set():
                    book_with_sections(writer, f"live {len(written)}", 12, body="y" * 3000)
                    written.append(1)
                    writer_started.set()
        except BaseException as error:  # reported to the test below
            failures.append(error)
            writer_started.set()

    thread = threading.Thread(target=write_books)
    thread.start()
    try:
        assert writer_started.wait(timeout=30)
        with Store.open(store_path, read_only=True) as reader:
            copy = daily_backup(reader, now=DAY_ONE)
            steps: list[tuple[int, int]] = []
            reader.backup(
                store_path.with_name("stepped.sqlite"),
                progress=lambda _status, remaining, total: steps.append((remaining, total)),
            )
    finally:
        stop.set()
        thread.join(timeout=60)
    assert failures == []
    assert len(written) > 0
    # One pass of 256-page steps: the copy never restarted although the writer kept writing.
    total = steps[0][1]
    assert total > 256 and len(steps) == -(-total // 256)
    assert verify_backup(store_path.with_name("stepped.sqlite")) is None
    assert copy is not None and verify_backup(copy) is None
    with Store.open(copy, read_only=True) as backed_up:
        books = backed_up.list_books()
        assert len(books) >= 41
        assert {len(backed_up.list_sections(book.id)) for book in books} == {12}


# --- privacy of backups -------------------------------------------------------------------


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_backups_are_owner_only(store: Store) -> None:
    made = daily_backup(store, now=DAY_ONE)
    assert made is not None
    assert stat.S_IMODE(made.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(made.stat().st_mode) == 0o600


# --- migrations ---------------------------------------------------------------------------


def test_migration_backup_goes_to_the_backup_folder(store_path: Path) -> None:
    with Store.open(store_path) as old:
        old.save_book(Book(title="Before the upgrade"))
    upgrade = {**MIGRATIONS, LATEST_VERSION + 1: "CREATE TABLE reliability_probe (x INTEGER);"}

    with Store.open(store_path, migrations=upgrade) as upgraded:
        copy = upgraded.backup_before_migration

    assert copy is not None and copy.parent == backup_dir_for(store_path)
    assert copy.name.endswith(f"-before-migration-v{LATEST_VERSION}.sqlite")
    [info] = list_backups(store_path)
    assert (info.path, info.kind, info.ok) == (copy, KIND_BEFORE_MIGRATION, True)
    with sqlite3.connect(copy) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert titles(copy) == ["Before the upgrade"]


# --- restore ------------------------------------------------------------------------------


def test_restore_brings_back_the_backup_and_keeps_the_replaced_store(store_path: Path) -> None:
    with Store.open(store_path) as store:
        store.save_book(Book(title="Kept"))
        backup = daily_backup(store, now=DAY_ONE)
        store.save_book(Book(title="Added after the backup"))
    assert backup is not None

    aside = restore_backup(backup, store_path, now=DAY_ONE + timedelta(hours=1))

    assert titles(store_path) == ["Kept"]
    assert aside is not None and sorted(titles(aside)) == ["Added after the backup", "Kept"]
    kinds = {info.path: info.kind for info in list_backups(store_path)}
    assert kinds == {backup: KIND_DAILY, aside: KIND_BEFORE_RESTORE}
    with Store.open(store_path, lock="cli") as reopened:
        assert reopened.integrity_problems() == []
        reopened.save_book(Book(title="Writable after restore"))
    if os.name == "posix":
        assert stat.S_IMODE(store_path.stat().st_mode) == 0o600


def test_restore_does_not_replay_a_journal_left_by_a_crash(store_path: Path) -> None:
    """A crashed writer's -wal beside the store must not be applied to the restored file."""
    with Store.open(store_path) as store:
        store.save_book(Book(title="In the backup"))
        backup = daily_backup(store, now=DAY_ONE)
    holder = Holder(store_path)  # writes a book, then is killed with the -wal uncheckpointed
    holder.kill()
    holder.stop()
    wal = store_path.with_name(store_path.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0
    assert backup is not None

    aside = restore_backup(backup, store_path, now=DAY_ONE + timedelta(hours=1))

    assert titles(store_path) == ["In the backup"]
    assert aside is not None
    assert sorted(titles(aside)) == ["Held by the desktop", "In the backup"]
    with Store.open(store_path) as reopened:
        assert reopened.integrity_problems() == []


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        ("random bytes", "not a BriefBook store"),
        ("truncated", "damaged"),
        ("foreign sqlite", "not a BriefBook store"),
        ("newer", "newer BriefBook"),
        ("missing", "does not exist"),
    ],
)
def test_restore_refuses_a_bad_backup_and_changes_nothing(
    store_path: Path, tmp_path: Path, damage: str, reason: str
) -> None:
    with Store.open(store_path) as store:
        for n in range(30):
            book_with_sections(store, f"book {n}", 3, body="z" * 2000)
        good = daily_backup(store, now=DAY_ONE)
    assert good is not None
    bad = tmp_path / "bad.sqlite"
    if damage == "random bytes":
        bad.write_bytes(os.urandom(8192))
    elif damage == "truncated":
        data = good.read_bytes()
        bad.write_bytes(data[: len(data) // 2])
    elif damage == "foreign sqlite":
        with sqlite3.connect(bad) as conn:
            conn.execute("CREATE TABLE invoices (n INTEGER)")
        conn.close()
    elif damage == "newer":
        bad.write_bytes(good.read_bytes())
        with sqlite3.connect(bad) as conn:
            conn.execute("PRAGMA user_version = 99")
        conn.close()
    before = sha256(store_path)
    backups_before = sorted(backup_dir_for(store_path).iterdir())

    with pytest.raises(StoreRefused, match="cannot be restored") as refused:
        restore_backup(bad, store_path)

    message = str(refused.value)
    assert reason in message and message.endswith(". Nothing was changed.")
    assert "\n" not in message and ".." not in message
    assert sha256(store_path) == before
    assert sorted(backup_dir_for(store_path).iterdir()) == backups_before
    assert sorted(p.name for p in store_path.parent.iterdir() if p.name.startswith(".")) == []


def test_restore_is_refused_while_another_process_writes(store_path: Path) -> None:
    with Store.open(store_path) as store:
        backup = daily_backup(store, now=DAY_ONE)
    assert backup is not None
    holder = Holder(store_path)
    try:
        before = sha256(store_path)
        with pytest.raises(StoreLocked, match=f"process {holder.pid}"):
            restore_backup(backup, store_path)
        assert sha256(store_path) == before
    finally:
        holder.stop()


# --- damaged stores -----------------------------------------------------------------------


def damage_pages(path: Path, first_page: int, count: int) -> None:
    """Overwrite whole pages in the middle of a closed store with zeros."""
    with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with path.open("r+b") as handle:
        handle.seek(first_page * page_size)
        handle.write(bytes(page_size * count))


def test_damaged_store_gets_no_backup_and_the_good_ones_are_kept(store_path: Path) -> None:
    with Store.open(store_path) as store:
        for n in range(30):
            book_with_sections(store, f"book {n}", 3, body="z" * 2000)
        good = daily_backup(store, now=DAY_ONE)
    damage_pages(store_path, 10, 3)

    with Store.open(store_path) as damaged, pytest.raises(StoreDamaged, match="integrity"):
        daily_backup(damaged, now=DAY_ONE + timedelta(days=1))

    assert [info.path for info in list_backups(store_path)] == [good]
    assert find_newest_good_backup(store_path) == good


def test_newest_good_backup_skips_damaged_ones(store: Store) -> None:
    older = daily_backup(store, now=DAY_ONE)
    newer = daily_backup(store, now=DAY_ONE + timedelta(days=1))
    assert older is not None and newer is not None
    newer.write_bytes(newer.read_bytes()[:5000])

    infos = list_backups(store.path)
    assert [(info.path, info.ok) for info in infos] == [(newer, False), (older, True)]
    assert "damaged" in infos[0].problem
    assert find_newest_good_backup(store.path) == older


def test_no_backup_to_offer(store_path: Path) -> None:
    assert find_newest_good_backup(store_path) is None
    assert list_backups(store_path) == []
