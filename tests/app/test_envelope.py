"""The sealed-bundle envelope (docs/bundle-format.md): hostile and damaged envelopes are refused
before any expensive work, and the inner bundle comes back byte for byte."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import pytest

from app.errors import BundleRefused
from app.protection import envelope

SECRET = "envelope passphrase"
INNER = b"PK\x03\x04 any bundle bytes, whatever version is inside"


def _sealed(tmp_path: Path, data: bytes = INNER) -> Path:
    return envelope.write_sealed(data, SECRET, tmp_path / "sealed.bbk")


def _rewrite_header(path: Path, change: dict) -> None:
    raw = path.read_bytes()
    start = len(envelope.MAGIC)
    (length,) = struct.unpack(">I", raw[start : start + 4])
    header = json.loads(raw[start + 4 : start + 4 + length])
    for key, value in change.items():
        section, _, field = key.partition(".")
        if field:
            header[section][field] = value
        else:
            header[section] = value
    text = json.dumps(header).encode()
    path.write_bytes(raw[:start] + struct.pack(">I", len(text)) + text + raw[start + 4 + length :])


def test_the_inner_bundle_comes_back_byte_for_byte(tmp_path: Path) -> None:
    sealed = _sealed(tmp_path)
    assert envelope.is_sealed(sealed)
    assert INNER not in sealed.read_bytes()
    assert envelope.open_sealed(sealed, SECRET) == INNER
    assert list(tmp_path.iterdir()) == [sealed]  # no temporary file left


def test_no_passphrase_and_a_wrong_one_are_told_apart(tmp_path: Path) -> None:
    sealed = _sealed(tmp_path)
    with pytest.raises(envelope.SealedBundleNeedsPassphrase):
        envelope.open_sealed(sealed)
    with pytest.raises(envelope.SealedBundleWrongPassphrase):
        envelope.open_sealed(sealed, "not it at all")
    envelope.offer_passphrase(SECRET)
    assert envelope.open_sealed(sealed) == INNER


@pytest.mark.parametrize("where", [-1, -20, len(envelope.MAGIC) + 10])
def test_a_changed_byte_anywhere_is_refused(tmp_path: Path, where: int) -> None:
    sealed = _sealed(tmp_path)
    data = bytearray(sealed.read_bytes())
    data[where] ^= 0x01
    sealed.write_bytes(bytes(data))
    with pytest.raises(BundleRefused):
        envelope.open_sealed(sealed, SECRET)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kdf.n": 2**30}, "out of range"),
        ({"kdf.r": 0}, "out of range"),
        ({"kdf.salt": "AAAA"}, "wrong length"),
        ({"cipher.name": "ROT13"}, "unknown cipher"),
        ({"version": 2}, "newer BriefBook"),
    ],
)
def test_a_hostile_header_is_refused_before_any_key_is_derived(
    tmp_path: Path, change: dict, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    sealed = _sealed(tmp_path)
    _rewrite_header(sealed, change)
    monkeypatch.setattr(envelope, "_derive", lambda *a: pytest.fail("derived a key"))
    with pytest.raises(BundleRefused, match=message):
        envelope.open_sealed(sealed, SECRET)


def test_a_cut_short_envelope_is_refused(tmp_path: Path) -> None:
    sealed = _sealed(tmp_path)
    sealed.write_bytes(sealed.read_bytes()[: len(envelope.MAGIC) + 2])
    with pytest.raises(BundleRefused, match="cut short"):
        envelope.open_sealed(sealed, SECRET)
