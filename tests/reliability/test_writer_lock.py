"""One writer per store: a second writer is refused by name; a crashed writer's lock is recovered."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from reliability_support import Holder

from app.domain import Book
from app.errors import StoreLocked, StoreRefused
from app.lock import acquire_writer_lock, lock_holder, lock_path_for, read_lock_owner
from app.store import Store


@pytest.fixture
def holder(store_path: Path) -> Iterator[Holder]:
    running = Holder(store_path)
    try:
        yield running
    finally:
        running.stop()


def test_second_writer_is_refused_with_the_first_ones_name(
    holder: Holder, store_path: Path
) -> None:
    with pytest.raises(StoreLocked) as refused:
        Store.open(store_path, lock="cli")

    message = str(refused.value)
    assert f"process {holder.pid}" in message
    assert "is open for writing by BriefBook (desktop)" in message
    assert f"on host {socket.gethostname()}" in message
    assert "Close it there or open read-only." in message
    assert "\n" not in message
    assert isinstance(refused.value, StoreRefused)  # callers that catch StoreRefused still work


def test_read_only_open_works_while_locked(holder: Holder, store_path: Path) -> None:
    with Store.open(store_path, read_only=True) as reader:
        assert [book.title for book in reader.list_books()] == ["Held by the desktop"]


def test_lock_of_a_killed_writer_is_taken_over(holder: Holder, store_path: Path) -> None:
    holder.kill()
    assert lock_path_for(store_path).exists()  # the crash left its lock file behind

    with Store.open(store_path, lock="cli") as store:
        owner = read_lock_owner(store_path)
        assert owner is not None and owner.pid == os.getpid() and owner.kind == "cli"
        assert [book.title for book in store.list_books()] == ["Held by the desktop"]


def test_lock_is_free_again_after_a_clean_close(holder: Holder, store_path: Path) -> None:
    holder.close_cleanly()

    assert not lock_path_for(store_path).exists()
    assert lock_holder(store_path) is None
    Store.open(store_path, lock="cli").close()


def test_lock_holder_reports_the_holder(holder: Holder, store_path: Path) -> None:
    owner = lock_holder(store_path)
    assert owner is not None
    assert (owner.pid, owner.kind) == (holder.pid, "desktop")


def test_stale_lock_file_without_a_lock_is_taken_over(store_path: Path) -> None:
    Store.open(store_path).close()
    stale = {"kind": "desktop", "user": "ghost", "pid": 999999, "host": "gone", "since": "x"}
    lock_path_for(store_path).write_text(json.dumps(stale), encoding="utf-8")

    assert lock_holder(store_path) is None
    with Store.open(store_path, lock="desktop"):
        owner = read_lock_owner(store_path)
        assert owner is not None and owner.pid == os.getpid()


def test_second_open_in_the_same_process_is_refused(store_path: Path) -> None:
    with (
        Store.open(store_path, lock="desktop"),
        pytest.raises(StoreLocked, match=f"process {os.getpid()}"),
    ):
        Store.open(store_path, lock="cli")
    Store.open(store_path, lock="cli").close()


def test_refused_second_writer_changes_nothing(holder: Holder, store_path: Path) -> None:
    before = store_path.read_bytes()
    lock_before = lock_path_for(store_path).read_bytes()
    with pytest.raises(StoreLocked):
        Store.open(store_path, lock="cli")
    assert lock_path_for(store_path).read_bytes() == lock_before
    assert store_path.read_bytes() == before


def test_lock_records_who_holds_it(store_path: Path) -> None:
    with acquire_writer_lock(store_path, "cli") as lock:
        owner = read_lock_owner(store_path)
        assert owner == lock.owner
        assert owner is not None and owner.host == socket.gethostname()
        assert "since" in owner.describe()
    assert not lock.held


def test_writes_after_lock_is_taken_still_work(store_path: Path) -> None:
    with Store.open(store_path, lock="desktop") as store:
        store.save_book(Book(title="Written under the lock"))
    with Store.open(store_path, read_only=True) as store:
        assert [book.title for book in store.list_books()] == ["Written under the lock"]


def run_cli(store_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", "--store", str(store_path), *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_cli_write_is_refused_while_the_desktop_app_writes(
    holder: Holder, store_path: Path
) -> None:
    """End to end through the real command line: refused by name, reads still work."""
    pytest.importorskip("app.cli", reason="app/cli.py not there yet")
    before = store_path.read_bytes()

    refused = run_cli(store_path, "demo")
    listed = run_cli(store_path, "books")

    assert refused.returncode == 1
    assert f"process {holder.pid}" in refused.stderr and "BriefBook (desktop)" in refused.stderr
    assert "Traceback" not in refused.stderr and refused.stderr.count("\n") == 1
    assert store_path.read_bytes() == before
    assert listed.returncode == 0 and "Held by the desktop" in listed.stdout


def test_first_run_with_the_lock_creates_the_folder(tmp_path: Path) -> None:
    """The desktop app's first run: no data folder yet, and the lock file goes in it."""
    path = tmp_path / "new" / "data" / "briefbook.sqlite"
    with Store.open(path, lock="desktop"):
        assert lock_path_for(path).exists()
    assert path.exists() and not lock_path_for(path).exists()
