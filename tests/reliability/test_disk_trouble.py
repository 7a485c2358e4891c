"""Disk and file trouble on the store side: read-only files and folders, a store that vanishes
while open, and a full disk. Each gives a clear one-line message and loses nothing saved."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from reliability_support import call_as_user, nobody_ids

from app.backups import daily_backup, list_backups
from app.domain import Book, Section
from app.errors import StoreRefused, StoreWriteError
from app.store import Store

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions and mounts")


@pytest.fixture
def user_folder(tmp_path: Path) -> Iterator[tuple[Path, tuple[int, int] | None]]:
    """A folder an ordinary user owns; as root the test body runs as ``nobody`` in it."""
    if os.geteuid() != 0:
        yield tmp_path, None
        return
    ids = nobody_ids()
    if ids is None:
        pytest.skip("running as root and there is no 'nobody' user to drop to")
    base = Path(tempfile.mkdtemp(prefix="briefbook-perm-"))
    try:
        base.chmod(0o755)
        folder = base / "user"
        folder.mkdir()
        os.chown(folder, *ids)
        yield folder, ids
    finally:
        for path in (base, *base.rglob("*")):
            if path.is_dir():
                path.chmod(0o755)
        shutil.rmtree(base)


def permission_checks() -> dict[str, object]:
    """Run as an ordinary user, in a folder of their own (see ``call_as_user``)."""
    results: dict[str, object] = {}

    def attempt(name: str, action: Callable[[], object]) -> None:
        try:
            results[name] = ["ok", action()]
        except (StoreRefused, StoreWriteError) as error:
            results[name] = [type(error).__name__, str(error)]

    def listing(folder: Path) -> list[str]:
        return sorted(p.name for p in folder.iterdir())

    def digest(path: Path) -> str:
        return hashlib.sha256(path.read_bytes()).hexdigest()

    # A read-only store file in a writable folder.
    Path("ro-file").mkdir()
    store = Path("ro-file/briefbook.sqlite")
    with Store.open(store) as first:
        first.save_book(Book(title="Saved before"))
    store.chmod(0o444)
    before = digest(store)
    attempt("file: open for writing", lambda: Store.open(store).close())
    attempt("file: open with lock", lambda: Store.open(store, lock="desktop").close())
    with Store.open(store, read_only=True) as reader:
        attempt("file: read", lambda: [b.title for b in reader.list_books()])
        attempt("file: write read-only", lambda: reader.save_book(Book(title="x")).title)
    results["file: unchanged"] = digest(store) == before

    # A writable store in a read-only folder.
    Path("ro-folder").mkdir()
    store = Path("ro-folder/briefbook.sqlite")
    with Store.open(store) as first:
        first.save_book(Book(title="Saved before"))
    Path("ro-folder").chmod(0o555)
    files = listing(Path("ro-folder"))
    attempt("folder: open for writing", lambda: Store.open(store).close())
    attempt("folder: open with lock", lambda: Store.open(store, lock="cli").close())
    with Store.open(store, read_only=True) as reader:
        attempt("folder: read", lambda: [b.title for b in reader.list_books()])
        attempt("folder: search", lambda: [h.title for h in reader.search("saved")])
        attempt("folder: write read-only", lambda: reader.save_book(Book(title="x")).title)
    results["folder: nothing created"] = listing(Path("ro-folder")) == files
    Path("ro-folder").chmod(0o755)
    return results


@posix_only
def test_read_only_file_and_folder(user_folder: tuple[Path, tuple[int, int] | None]) -> None:
    folder, ids = user_folder
    results = call_as_user(permission_checks, folder, ids)

    for where in ("file", "folder"):
        for how in ("open for writing", "open with lock"):
            kind, message = results[f"{where}: {how}"]
            assert kind == "StoreRefused", (where, how, message)
            assert "read-only" in message and "Open it read-only" in message.replace(
                "Open the store read-only", "Open it read-only"
            )
            assert "\n" not in message
        assert results[f"{where}: read"] == ["ok", ["Saved before"]]
        kind, message = results[f"{where}: write read-only"]
        assert kind == "StoreWriteError" and "read-only" in message
    assert results["folder: search"] == ["ok", ["Saved before"]]
    assert results["file: unchanged"] is True
    assert results["folder: nothing created"] is True


# --- the store vanishes while open --------------------------------------------------------


@pytest.mark.parametrize(
    "how", ["file deleted", "folder deleted", "folder renamed", "file renamed"]
)
def test_store_that_disappears_while_open(tmp_path: Path, how: str) -> None:
    folder = tmp_path / "trip"
    folder.mkdir()
    path = folder / "briefbook.sqlite"
    store = Store.open(path, lock="desktop")
    book = store.save_book(Book(title="Saved before"))
    section = store.add_section(book.id, "Situation", "Acknowledged text")
    moved = tmp_path / "moved"
    if how == "file deleted":
        path.unlink()
    elif how == "folder deleted":
        shutil.rmtree(folder)
    elif how == "folder renamed":
        folder.rename(moved)
    else:
        path.rename(moved)

    with pytest.raises(StoreWriteError) as failed:
        store.save_section(Section(book_id=book.id, title="Situation", body="New", id=section.id))
    message = str(failed.value)
    assert "moved, replaced or deleted" in message and "\n" not in message
    assert store.get_section(section.id).body == "Acknowledged text"  # reads keep working
    store.close()

    if how.endswith("renamed"):
        survivor_path = moved / "briefbook.sqlite" if how == "folder renamed" else moved
        with Store.open(survivor_path) as survivor:
            assert survivor.integrity_problems() == []
            assert survivor.get_section(section.id).body == "Acknowledged text"


# --- a full disk --------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MB tmpfs mounted for the test (needs root; skipped otherwise)."""
    if os.name != "posix" or os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("simulating a full disk needs root to mount a 1 MB tmpfs")
    mount_point = tmp_path / "small-disk"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def test_full_disk_loses_nothing_saved(small_disk: Path) -> None:
    filler = small_disk / "other-files.bin"
    filler.write_bytes(b"\0" * 200_000)
    path = small_disk / "briefbook.sqlite"
    store = Store.open(path, lock="desktop")
    book = store.save_book(Book(title="Midnight before the flight"))
    saved: dict[str, str] = {}
    failure = None
    for n in range(200):
        body = f"edit {n} " + os.urandom(4_000).hex()  # 8 KB of text
        try:
            section = store.add_section(book.id, f"Section {n}", body)
        except StoreWriteError as error:
            failure = error
            break
        saved[section.id] = body
    assert failure is not None, "the 1 MB disk never filled up"
    assert "full" in str(failure) and "not saved" in str(failure)
    assert "\n" not in str(failure)
    assert len(saved) >= 3
    print(f"full disk after {len(saved)} saved edits: {failure}")

    # Nothing saved is lost, on the open store and after reopening it.
    assert {s.id: s.body for s in store.list_sections(book.id)} == saved
    store.close()
    filler.unlink()  # the officer frees some space
    with Store.open(path, lock="desktop") as reopened:
        assert reopened.integrity_problems() == []
        assert {s.id: s.body for s in reopened.list_sections(book.id)} == saved
        reopened.add_section(book.id, "After freeing space", "works again")


def test_backup_to_a_full_disk_leaves_no_partial_file(store_path: Path, small_disk: Path) -> None:
    with Store.open(store_path) as store:
        book = store.save_book(Book(title="Big"))
        for n in range(30):
            store.add_section(book.id, f"S{n}", os.urandom(30_000).hex())
        with pytest.raises(StoreWriteError) as failed:
            daily_backup(store, backup_dir=small_disk / "backups")
    assert "\n" not in str(failed.value)
    assert list((small_disk / "backups").iterdir()) == []
    assert list_backups(store_path, small_disk / "backups") == []
