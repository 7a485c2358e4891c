"""Sealed bundles: any bundle file inside an authenticated, passphrase-keyed envelope.

The envelope (docs/bundle-format.md, "Sealed bundles") is::

    MAGIC (24 bytes) | header length (4 bytes, big-endian) | header (JSON, UTF-8)
    | AES-256-GCM ciphertext of the inner bundle file, with its 16-byte tag

The key is scrypt (n=2^17, r=8, p=1) of the passphrase over a random 16-byte salt; scrypt's
64 bytes give the AES key (first 32) and a check value (next 16, stored in the header) that
tells a wrong passphrase from a changed file. Everything before the ciphertext is the GCM's
associated data, so a change to any byte of the file is refused. The inner bundle is kept
untouched, whatever its version: the envelope neither knows nor cares what is inside.

The inner bundle is never written to disk in plain: sealing encrypts bytes in memory, and
opening hands the decrypted bytes to the bundle reader in memory.
"""

from __future__ import annotations

import base64
import hmac
import json
import os
import struct
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.atomic_file import write_atomically
from app.errors import BundleRefused

MAGIC = b"BriefBook sealed bundle\n"
VERSION = 1
SCRYPT_N = 2**17
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
NONCE_BYTES = 12
CHECK_BYTES = 16
MAX_HEADER_BYTES = 4096
MAX_SEALED_BYTES = 520 * 1024 * 1024  # the bundle reader's 500 MB limit, and some room
# A hostile header must not make scrypt take minutes or gigabytes.
_SCRYPT_LIMITS = {"n": (2**14, 2**20), "r": (1, 16), "p": (1, 4)}


class SealedBundleNeedsPassphrase(BundleRefused):
    """A sealed bundle was given without its passphrase; nothing was imported."""


class SealedBundleWrongPassphrase(SealedBundleNeedsPassphrase):
    """The passphrase does not open the sealed bundle; nothing was imported."""


_lock = threading.Lock()
_offered: list[str] = []


def offer_passphrase(secret: str) -> None:
    """Remember, in memory only, a passphrase to try on sealed bundles in this process."""
    with _lock:
        if secret not in _offered:
            _offered.insert(0, secret)


def forget_passphrases() -> None:
    with _lock:
        _offered.clear()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _derive(secret: str, salt: bytes, n: int, r: int, p: int) -> tuple[bytes, bytes]:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    material = Scrypt(salt=salt, length=32 + CHECK_BYTES, n=n, r=r, p=p).derive(
        secret.encode("utf-8")
    )
    return material[:32], material[32:]


def is_sealed(path: Path) -> bool:
    try:
        with Path(path).open("rb") as handle:
            return handle.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def seal(data: bytes, secret: str) -> bytes:
    """The envelope around ``data`` (a whole bundle file), keyed from ``secret``."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt, nonce = os.urandom(SALT_BYTES), os.urandom(NONCE_BYTES)
    key, check = _derive(secret, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    header = json.dumps(
        {
            "format": "briefbook-sealed-bundle",
            "version": VERSION,
            "kdf": {
                "name": "scrypt",
                "n": SCRYPT_N,
                "r": SCRYPT_R,
                "p": SCRYPT_P,
                "salt": _b64(salt),
                "check": _b64(check),
            },
            "cipher": {"name": "AES-256-GCM", "nonce": _b64(nonce)},
        },
        separators=(",", ":"),
    ).encode("utf-8")
    prefix = MAGIC + struct.pack(">I", len(header)) + header
    return prefix + AESGCM(key).encrypt(nonce, data, prefix)


def write_sealed(data: bytes, secret: str, output: Path) -> Path:
    """Seal ``data`` into ``output``: written beside it and moved into place."""
    output = Path(output)
    sealed = seal(data, secret)
    return write_atomically(output, lambda raw: raw.write(sealed), "the bundle")


@dataclass(frozen=True)
class _Header:
    salt: bytes
    check: bytes
    nonce: bytes
    n: int
    r: int
    p: int
    prefix: bytes


def _damaged(path: Path, why: str) -> BundleRefused:
    return BundleRefused(
        f"{path.name} is a sealed bundle that was damaged or changed ({why}); nothing was "
        "imported. Ask for the bundle again."
    )


def _bytes_field(fields: dict[str, Any], name: str, size: int, path: Path) -> bytes:
    try:
        value = base64.b64decode(str(fields[name]), validate=True)
    except (KeyError, ValueError) as error:
        raise _damaged(path, f"its {name} is unreadable") from error
    if len(value) != size:
        raise _damaged(path, f"its {name} has the wrong length")
    return value


def _read_header(path: Path, raw: bytes) -> _Header:
    start = len(MAGIC)
    if len(raw) < start + 4:
        raise _damaged(path, "it is cut short")
    (length,) = struct.unpack(">I", raw[start : start + 4])
    if length > MAX_HEADER_BYTES or len(raw) < start + 4 + length + 16:
        raise _damaged(path, "its header is implausible")
    prefix = raw[: start + 4 + length]
    try:
        header = json.loads(prefix[start + 4 :].decode("utf-8"))
        kdf, cipher = header["kdf"], header["cipher"]
        version = header["version"]
    except (ValueError, KeyError, TypeError) as error:
        raise _damaged(path, "its header is unreadable") from error
    if version != VERSION or not isinstance(kdf, dict) or not isinstance(cipher, dict):
        raise BundleRefused(
            f"{path.name} was sealed by a newer BriefBook (envelope version {version}); "
            "update BriefBook to open it. Nothing was imported."
        )
    if kdf.get("name") != "scrypt" or cipher.get("name") != "AES-256-GCM":
        raise _damaged(path, "it names an unknown cipher")
    numbers = {}
    for name, (low, high) in _SCRYPT_LIMITS.items():
        value = kdf.get(name)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise _damaged(path, f"its key setting {name} is out of range")
        numbers[name] = value
    return _Header(
        salt=_bytes_field(kdf, "salt", SALT_BYTES, path),
        check=_bytes_field(kdf, "check", CHECK_BYTES, path),
        nonce=_bytes_field(cipher, "nonce", NONCE_BYTES, path),
        prefix=prefix,
        **numbers,
    )


def open_sealed(path: Path, secret: str | None = None) -> bytes:
    """The inner bundle's bytes, with ``secret`` or a passphrase offered earlier.

    Raises ``SealedBundleNeedsPassphrase`` (none given), ``SealedBundleWrongPassphrase``, or
    ``BundleRefused`` for a damaged or changed file. Nothing is written anywhere.
    """
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    path = Path(path)
    try:
        if path.stat().st_size > MAX_SEALED_BYTES:
            raise BundleRefused(
                f"{path.name} is larger than any bundle BriefBook writes; nothing was imported."
            )
        raw = path.read_bytes()
    except OSError as error:
        raise BundleRefused(f"Cannot read {path}: {error.strerror or error}.") from error
    if not raw.startswith(MAGIC):
        raise BundleRefused(f"{path.name} is not a sealed bundle.")
    header = _read_header(path, raw)
    with _lock:
        candidates = [secret] if secret is not None else list(_offered)
    if secret is None:
        from app.protection import keys

        candidates += [known._secret for known in keys.known_passphrases()]
    if not candidates:
        raise SealedBundleNeedsPassphrase(
            f"{path.name} is a sealed bundle; it needs its passphrase. Nothing was imported."
        )
    for candidate in candidates:
        key, check = _derive(candidate, header.salt, header.n, header.r, header.p)
        if not hmac.compare_digest(check, header.check):
            continue
        try:
            return AESGCM(key).decrypt(header.nonce, raw[len(header.prefix) :], header.prefix)
        except InvalidTag as error:
            raise _damaged(path, "its content does not match its seal") from error
    raise SealedBundleWrongPassphrase(
        f"The passphrase does not open {path.name}; nothing was imported. Check the passphrase "
        "(it is case-sensitive) and try again."
    )
