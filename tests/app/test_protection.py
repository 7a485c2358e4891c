"""The encrypted store: converting it and its backups, opening it, and every path that reads it.

Each promise of docs/reliability.md's threat model names the test here that holds it.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from protection_support import (
    OTHER_SECRET,
    SECRET,
    content_fingerprint,
    make_store_with_backups,
    readable_files,
)

from app.backups import backup_dir_for, daily_backup, list_backups, restore_backup, verify_backup
from app.errors import StoreRefused
from app.protection import conversion, keys, sqldb
from app.store import Store
from app.store_file import file_integrity_problems, inspect_file


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def plain_store(tmp_path: Path) -> Path:
    return make_store_with_backups(tmp_path / "folder" / "briefbook.sqlite")


@pytest.fixture
def encrypted_store(plain_store: Path) -> Path:
    conversion.convert_store(plain_store, keys.Passphrase(SECRET))
    keys.forget_all()
    return plain_store


def test_the_wheel_has_sqlcipher_4_with_fts5() -> None:
    assert sqldb.cipher_available()
    assert sqldb.cipher_version().startswith("4.")
    conn = sqldb.connect_cipher(":memory:", None)
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(body)")
    conn.close()


def test_encrypting_leaves_no_readable_copy_in_the_folder(plain_store: Path) -> None:
    before = content_fingerprint(plain_store)
    assert readable_files(plain_store.parent)  # the check can fail: plain files are readable

    report = conversion.convert_store(plain_store, keys.Passphrase(SECRET))

    assert len(report.converted) == 3  # the store and its two backups
    assert readable_files(plain_store.parent) == []
    assert not plain_store.read_bytes().startswith(sqldb.SQLITE_MAGIC)
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(plain_store).execute("SELECT count(*) FROM sqlite_master").fetchone()
    assert sorted(p.name for p in plain_store.parent.iterdir()) == ["backups", "briefbook.sqlite"]
    assert content_fingerprint(plain_store) == before


def test_an_encrypted_store_does_not_open_without_its_passphrase(encrypted_store: Path) -> None:
    digest = _digest(encrypted_store)
    with pytest.raises(keys.PassphraseNeeded):
        Store.open(encrypted_store, lock="cli")
    with pytest.raises(keys.WrongPassphrase):
        keys.unlock(encrypted_store, OTHER_SECRET)
    with pytest.raises(StoreRefused):
        Store.open(encrypted_store, read_only=True)
    assert _digest(encrypted_store) == digest
    assert list(encrypted_store.parent.iterdir()) == [encrypted_store.parent / "backups"] or (
        sorted(p.name for p in encrypted_store.parent.iterdir()) == ["backups", "briefbook.sqlite"]
    )


def test_with_its_passphrase_it_opens_searches_and_saves(encrypted_store: Path) -> None:
    keys.unlock(encrypted_store, SECRET)
    with Store.open(encrypted_store, lock="desktop") as store:
        assert store.search("Baku")
        book = store.list_books()[0]
        store.save_book(book.__class__(**{**book.__dict__, "title": "Renamed on the road"}))
    with Store.open(encrypted_store, read_only=True) as store:
        assert store.list_books()[0].title == "Renamed on the road"
    assert readable_files(encrypted_store.parent) == []


def test_backups_restore_and_check_honour_the_key(encrypted_store: Path, tmp_path: Path) -> None:
    keys.unlock(encrypted_store, SECRET)
    with Store.open(encrypted_store, lock="desktop") as store:
        made = daily_backup(store)
        assert store.integrity_problems() == []
    assert made is not None and keys.is_encrypted(made)
    assert all(info.ok for info in list_backups(encrypted_store))
    assert file_integrity_problems(made) == []
    kept = restore_backup(made, encrypted_store)
    assert kept is not None and keys.is_encrypted(kept)
    assert inspect_file(encrypted_store) > 0
    assert readable_files(encrypted_store.parent) == []
    # Without the passphrase a backup is reported, not crashed on.
    keys.forget_all()
    assert verify_backup(made) is not None


def test_change_passphrase_rekeys_store_and_backups(encrypted_store: Path) -> None:
    keys.unlock(encrypted_store, SECRET)
    before = content_fingerprint(encrypted_store)
    conversion.convert_store(encrypted_store, keys.Passphrase(OTHER_SECRET))
    keys.forget_all()
    for file in [encrypted_store, *(i.path for i in list_backups(encrypted_store, check=False))]:
        assert keys.try_passphrase(file, SECRET) is None
        assert keys.try_passphrase(file, OTHER_SECRET) is not None
    keys.unlock(encrypted_store, OTHER_SECRET)
    assert content_fingerprint(encrypted_store) == before


def test_decrypt_gives_plain_sqlite_back(encrypted_store: Path) -> None:
    keys.unlock(encrypted_store, SECRET)
    before = content_fingerprint(encrypted_store)
    conversion.convert_store(encrypted_store, None)
    keys.forget_all()
    assert encrypted_store.read_bytes().startswith(sqldb.SQLITE_MAGIC)
    for info in list_backups(encrypted_store, check=True):
        assert info.ok, info.problem
    assert content_fingerprint(encrypted_store) == before


def test_a_stopped_conversion_is_finished_by_running_it_again(plain_store: Path) -> None:
    target = keys.Passphrase(SECRET)
    conversion.convert_file(plain_store, target)  # the store only, as if killed after it
    (plain_store.parent / f".{plain_store.name}.converting").write_bytes(b"half a file Baku")
    assert readable_files(plain_store.parent)
    report = conversion.convert_store(plain_store, target)
    assert report.unchanged == [plain_store]
    assert len(report.converted) == 2
    assert readable_files(plain_store.parent) == []


def test_a_wrong_passphrase_changes_nothing_in_a_conversion(encrypted_store: Path) -> None:
    digests = {p: _digest(p) for p in encrypted_store.parent.rglob("*") if p.is_file()}
    keys.remember(OTHER_SECRET)
    with pytest.raises(keys.WrongPassphrase):
        conversion.convert_store(encrypted_store, None)
    assert {p: _digest(p) for p in encrypted_store.parent.rglob("*") if p.is_file()} == digests


def test_new_passphrases_follow_the_rules() -> None:
    with pytest.raises(StoreRefused, match="at least 8"):
        conversion.check_new_passphrase("short")
    with pytest.raises(StoreRefused, match="space"):
        conversion.check_new_passphrase(" padded passphrase ")
    conversion.check_new_passphrase("four words are best")


def test_the_passphrase_hides_from_repr() -> None:
    assert SECRET not in repr(keys.Passphrase(SECRET))
    assert SECRET not in str(keys.Passphrase(SECRET))


def test_the_backup_folder_is_found_by_the_store(encrypted_store: Path) -> None:
    assert backup_dir_for(encrypted_store).is_dir()


def test_the_key_is_sqlciphers_own_derivation(encrypted_store: Path) -> None:
    """The file opens with the passphrase alone, as any SQLCipher 4 tool opens it."""
    conn = sqldb.connect_cipher(str(encrypted_store), None)
    conn.execute(f"PRAGMA key = '{SECRET}'")
    assert conn.execute("PRAGMA user_version").fetchone()[0] > 0
    conn.close()
    import hashlib as _hashlib

    salt = encrypted_store.read_bytes()[:16]
    assert keys.derive_key(SECRET.encode(), salt) == _hashlib.pbkdf2_hmac(
        "sha512", SECRET.encode(), salt, 256_000, 32
    )
