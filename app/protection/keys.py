"""Passphrases held in memory for this process, and the SQLCipher keys derived from them.

A store file encrypted by SQLCipher 4 begins with a random 16-byte salt. Its key is
PBKDF2-HMAC-SHA512 of the passphrase over that salt with 256,000 iterations: SQLCipher 4's own
key derivation at its default strength, so any SQLCipher 4 tool opens the file with the
passphrase alone. The derivation is done here once per file and the derived key is handed to
SQLCipher raw (``PRAGMA key = "x'…'"``): the many short connections the app makes (the export
worker, backups, read-only views) then cost no key derivation each.

The passphrase is kept only in this process's memory (``remember``); it is never written
anywhere. ``repr`` of a ``Passphrase`` hides it, so it cannot reach a log or a crash report
through a traceback's locals either.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import threading
from pathlib import Path
from typing import Any

from app.errors import StoreRefused
from app.protection import sqldb

KDF_ITERATIONS = 256_000  # SQLCipher 4 default (PBKDF2-HMAC-SHA512)
KDF_ALGORITHM = "sha512"
KEY_BYTES = 32
SALT_BYTES = 16


def derive_key(secret: bytes, salt: bytes) -> bytes:
    """SQLCipher 4's key derivation: PBKDF2-HMAC-SHA512, 256,000 iterations, 32 bytes.

    Through ``cryptography`` (about twice as fast as ``hashlib`` here, both OpenSSL), else
    ``hashlib``: the same bytes either way.
    """
    try:
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
    except ImportError:  # pragma: no cover - cryptography is a dependency
        return hashlib.pbkdf2_hmac(KDF_ALGORITHM, secret, salt, KDF_ITERATIONS, KEY_BYTES)
    return PBKDF2HMAC(hashes.SHA512(), KEY_BYTES, salt, KDF_ITERATIONS).derive(secret)


class PassphraseNeeded(StoreRefused):
    """The store is encrypted and no passphrase was given; nothing was changed."""


class WrongPassphrase(StoreRefused):
    """The passphrase does not open the encrypted file; nothing was changed."""


class Passphrase:
    """A passphrase in memory, with the keys derived from it per salt."""

    __slots__ = ("_keys", "_secret")

    def __init__(self, secret: str) -> None:
        self._secret = secret
        self._keys: dict[bytes, bytes] = {}

    def __repr__(self) -> str:
        return "Passphrase(<hidden>)"

    __str__ = __repr__

    def matches(self, secret: str) -> bool:
        return hmac.compare_digest(self._secret.encode("utf-8"), secret.encode("utf-8"))

    def secret_bytes(self) -> bytes:
        return self._secret.encode("utf-8")

    def key_for(self, salt: bytes) -> bytes:
        key = self._keys.get(salt)
        if key is None:
            key = derive_key(self.secret_bytes(), salt)
            self._keys[salt] = key
        return key

    def pragma_for(self, salt: bytes) -> str:
        """``PRAGMA key`` value opening an existing file with this salt."""
        return f"x'{self.key_for(salt).hex()}'"

    def pragma_for_new_file(self) -> str:
        """``PRAGMA key`` value for a new file: a fresh salt, and the key derived over it."""
        salt = os.urandom(SALT_BYTES)
        return f"x'{self.key_for(salt).hex()}{salt.hex()}'"


_lock = threading.Lock()
_known: list[Passphrase] = []
_opened: dict[tuple[str, bytes], Passphrase] = {}


def file_salt(path: Path) -> bytes:
    with Path(path).open("rb") as handle:
        return handle.read(SALT_BYTES)


def _opens(path: Path, pragma: str) -> bool:
    """Whether ``pragma`` decrypts ``path``: reads its schema without writing a byte."""
    try:
        conn = sqldb.connect_cipher(sqldb.read_only_uri(path), pragma, uri=True)
    except sqldb.Error:
        return False
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqldb.Error:
        return False
    finally:
        conn.close()
    return True


def remember(passphrase: Passphrase | str) -> Passphrase:
    """Keep a passphrase in memory for this process (opening stores, backups, bundles)."""
    if isinstance(passphrase, str):
        passphrase = Passphrase(passphrase)
    with _lock:
        for known in _known:
            if known.matches(passphrase._secret):
                return known
        _known.insert(0, passphrase)
    return passphrase


def forget_all() -> None:
    """Drop every passphrase and derived key from memory (tests; a store switch)."""
    with _lock:
        _known.clear()
        _opened.clear()


def keep_only(passphrase: Passphrase | None) -> None:
    """After a re-key (or decrypting): forget every other passphrase and its keys."""
    with _lock:
        _known[:] = [passphrase] if passphrase is not None else []
        for slot, known in list(_opened.items()):
            if known is not passphrase:
                del _opened[slot]


def known_passphrases() -> list[Passphrase]:
    with _lock:
        return list(_known)


def try_passphrase(path: Path, secret: str) -> Passphrase | None:
    """The passphrase if ``secret`` opens the encrypted file ``path``, else None."""
    candidate = Passphrase(secret)
    if _opens(Path(path), candidate.pragma_for(file_salt(path))):
        return candidate
    return None


def unlock(path: Path, secret: str) -> Passphrase:
    """Check ``secret`` against the encrypted file ``path`` and remember it; else refuse."""
    path = Path(path)
    for known in known_passphrases():
        if known.matches(secret) and passphrase_for_file(path, required=False) is known:
            return known
    candidate = try_passphrase(path, secret)  # the one key derivation of an unlock
    if candidate is None:
        raise WrongPassphrase(
            f"The passphrase does not open {path}; it was left untouched. Check the passphrase "
            "(it is case-sensitive) and try again."
        )
    kept = remember(candidate)
    with _lock:
        _opened[(str(path.resolve()), file_salt(path))] = kept
    return kept


def passphrase_for_file(path: Path, *, required: bool = True) -> Passphrase | None:
    """The remembered passphrase that opens the encrypted file ``path``.

    Raises ``PassphraseNeeded`` (none remembered) or ``WrongPassphrase`` (none opens it) when
    ``required``; else returns None.
    """
    path = Path(path)
    salt = file_salt(path)
    slot = (str(path.resolve()), salt)
    with _lock:
        found = _opened.get(slot)
        candidates = list(_known)
    if found is not None:
        return found
    for known in candidates:
        if _opens(path, known.pragma_for(salt)):
            with _lock:
                _opened[slot] = known
            return known
    if not required:
        return None
    if not candidates:
        raise PassphraseNeeded(
            f"{path} is encrypted (or it is not a BriefBook store); it needs its passphrase "
            "and was left untouched."
        )
    raise WrongPassphrase(
        f"The passphrase does not open {path}; it was left untouched. Check the passphrase "
        "(it is case-sensitive) and try again."
    )


def connect_file(path: Path, target: str | None = None, **options: Any) -> Any:
    """A connection to the store file ``path`` (``target``: a URI for it, with ``uri=True``).

    A plain file gets the standard library's connection; an encrypted one a SQLCipher
    connection keyed with the remembered passphrase that opens it.
    """
    path = Path(path)
    if sqldb.looks_encrypted(path):
        passphrase = passphrase_for_file(path)
        assert passphrase is not None
        return sqldb.connect_cipher(
            target or str(path), passphrase.pragma_for(file_salt(path)), **options
        )
    import sqlite3

    return sqlite3.connect(target or path, **options)


def connect_copy(source: Path, target: Path, **options: Any) -> Any:
    """A connection to a new file that will hold a copy of ``source`` (for the backup API).

    A copy of an encrypted store is encrypted with the same passphrase over a salt of its own;
    a copy of a plain store is plain.
    """
    source = Path(source)
    if sqldb.looks_encrypted(source):
        passphrase = passphrase_for_file(source)
        assert passphrase is not None
        return sqldb.connect_cipher(str(target), passphrase.pragma_for_new_file(), **options)
    import sqlite3

    return sqlite3.connect(target, **options)


def is_encrypted(path: Path) -> bool:
    return Path(path).is_file() and sqldb.looks_encrypted(Path(path))
