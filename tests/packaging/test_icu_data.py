"""The Linux build's smaller ICU data (packaging/icu_data.py): the common-data format read and
written back, the rules of what stays, and the library linked from it."""

from __future__ import annotations

import shutil
import struct
from pathlib import Path

import pytest
from packaging_support import load_script

icu_data = load_script("icu_data")


def common_data(items: dict[str, bytes]) -> bytes:
    """A small ICU common-data package (the layout ICU's own tools write)."""
    header = bytearray(struct.pack("<H", 32) + b"\xda\x27" + struct.pack("<HH", 20, 0))
    header += bytes([0, 0, 2, 0]) + b"CmnD" + bytes([1, 0, 0, 0, 3, 0, 0, 0])
    header += b"\0" * (32 - len(header))
    names = b"".join(f"icudt73l/{name}".encode() + b"\0" for name in items)
    table = 4 + 8 * len(items)
    position = table + len(names) + (-(table + len(names)) % 16)
    entries, body, name_at = [], b"", table
    for name, data in items.items():
        entries.append(struct.pack("<II", name_at, position + len(body)))
        name_at += len(f"icudt73l/{name}") + 1
        body += data + b"\0" * (-len(data) % 16)
    toc = struct.pack("<I", len(items)) + b"".join(entries) + names
    toc += b"\0" * (position - len(toc))
    return bytes(header) + toc + body


ITEMS = {
    "cnvalias.icu": b"aliases",
    "coll/de.res": b"german order",
    "coll/root.res": b"root order",
    "curr/en.res": b"dollars" * 50,
    "en.res": b"english names",
    "ibm-5348_P100-1997.cnv": b"windows-1252",
    "ibm-943_P15A-2003.cnv": b"x" * 9000,
    "root.res": b"root",
    "zone/en.res": b"zones",
}


def test_only_what_qt_reads_is_kept() -> None:
    blob = icu_data.trimmed(common_data(ITEMS))
    assert icu_data.item_names(blob) == [
        "icudt73l/cnvalias.icu",
        "icudt73l/coll/de.res",
        "icudt73l/coll/root.res",
        "icudt73l/ibm-5348_P100-1997.cnv",
        "icudt73l/root.res",
    ]
    header, items = icu_data._items(blob)
    assert dict(items)["icudt73l/coll/de.res"].rstrip(b"\0") == b"german order"
    assert all((header + offset) % 16 == 0 for offset in _data_offsets(blob))


def _data_offsets(blob: bytes) -> list[int]:
    header = struct.unpack_from("<H", blob, 0)[0]
    count = struct.unpack_from("<I", blob, header)[0]
    return [struct.unpack_from("<II", blob, header + 4 + 8 * i)[1] for i in range(count)]


def test_something_else_is_refused() -> None:
    with pytest.raises(ValueError, match="CmnD"):
        icu_data.trimmed(b"\x20\x00\x00\x00" + b"\0" * 60)


@pytest.mark.skipif(shutil.which("gcc") is None, reason="needs gcc")
def test_the_library_exports_the_trimmed_array(tmp_path: Path) -> None:
    blob = icu_data.trimmed(common_data(ITEMS))
    library = icu_data.build_library(blob, "icudt73_dat", "libicudata.so.73", tmp_path)
    assert library.name == "libicudata.so.73"
    assert icu_data.symbol_bytes(library, "icudt73_dat") == blob
