"""A smaller ICU data library for the Linux build: Qt's ICU without the data Qt never reads.

PySide6's Linux wheels link Qt Core against ICU, whose ``libicudata.so.73`` is one 32 MB array
(``icudt73_dat``) of every locale's names, units, currencies, time zones, break dictionaries,
transliterators and legacy code pages. Qt uses ICU only for collation (``QCollator``), for
locale-aware case mapping (rules compiled into ``libicuuc``) and, when asked, for legacy
encodings; it keeps its own locale data (CLDR), line breaking and time zones. So the build
keeps the collation tree and the core property files, drops the rest, and links the smaller
array into a library of the same name (``gcc -shared``, the array included by ``.incbin``).

Windows and macOS builds are untouched: Qt there uses the system's ICU. Without ``gcc`` or
with another ICU layout the build keeps the wheel's library as it is.

    python packaging/icu_data.py LIBICUDATA OUTPUT_FOLDER   # prints what it kept
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

_MAGIC = b"\xda\x27"
_FORMAT = b"CmnD"
_ALIGN = 16
# Trees of the data ICU keeps for formatting and display, which Qt does not call.
DROPPED_TREES = ("brkitr", "curr", "lang", "rbnf", "region", "translit", "unit", "zone")
# Top-level locale bundles that the collation tree and ICU's fallback need.
KEPT_LOCALE_BUNDLES = ("root.res", "res_index.res", "pool.res")
# Single-byte code pages (Windows-125x, ISO-8859-x, KOI8...) are a few kB each and stay; the
# East Asian multi-byte ones (Shift_JIS, GB 18030, Big5...) are 0.1-0.6 MB each and go.
SMALL_CODE_PAGE = 8_000


def keep_item(name: str, size: int) -> bool:
    """Whether the trimmed data keeps the item ``name`` ("coll/de.res", "en.res", "x.cnv")."""
    tree, _, rest = name.partition("/")
    if rest:  # an item in a tree
        return tree not in DROPPED_TREES
    if name.endswith(".cnv"):
        return size < SMALL_CODE_PAGE
    if name.endswith(".res"):
        return name in KEPT_LOCALE_BUNDLES
    return True  # core files: properties, normalisation, converter aliases, names


def symbol_bytes(library: Path, symbol: str) -> bytes:
    """The bytes of ``symbol`` (a read-only array) in an ELF shared library, read by ``nm``."""
    listing = subprocess.run(
        ["nm", "-D", "-S", str(library)], capture_output=True, text=True, check=True
    ).stdout
    for line in listing.splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[3] == symbol:
            address, size = int(parts[0], 16), int(parts[1], 16)
            break
    else:
        raise ValueError(f"{library.name} has no symbol {symbol}")
    sections = subprocess.run(
        ["readelf", "-S", "-W", str(library)], capture_output=True, text=True, check=True
    ).stdout
    for line in sections.splitlines():
        fields = line.replace("[ ", "[").split()
        if len(fields) > 5 and fields[0].startswith("[") and fields[2] == "PROGBITS":
            start, offset, length = (int(fields[i], 16) for i in (3, 4, 5))
            if start <= address < start + length:
                begin = address - start + offset
                return library.read_bytes()[begin : begin + size]
    raise ValueError(f"{symbol} lies in no section of {library.name}")


def _items(blob: bytes) -> tuple[int, list[tuple[str, bytes]]]:
    header_size = struct.unpack_from("<H", blob, 0)[0]
    if blob[2:4] != _MAGIC or blob[12:16] != _FORMAT:
        raise ValueError("not ICU common data (CmnD)")
    count = struct.unpack_from("<I", blob, header_size)[0]
    entries = [struct.unpack_from("<II", blob, header_size + 4 + 8 * i) for i in range(count)]
    starts = [header_size + data for _name, data in entries] + [len(blob)]
    items = []
    for index, (name_offset, _data) in enumerate(entries):
        begin = header_size + name_offset
        name = blob[begin : blob.index(b"\0", begin)].decode("ascii")
        items.append((name, blob[starts[index] : starts[index + 1]]))
    return header_size, items


def item_names(blob: bytes) -> list[str]:
    return [name for name, _data in _items(blob)[1]]


def trimmed(blob: bytes, keep: Callable[[str, int], bool] = keep_item) -> bytes:
    """ICU common data holding only the items ``keep`` accepts, in the same (sorted) order."""
    header_size, items = _items(blob)
    # Names carry the package's prefix ("icudt73l/coll/de.res"); rules see what follows it.
    kept = [(name, data) for name, data in items if keep(name.partition("/")[2], len(data))]
    names = b"".join(name.encode("ascii") + b"\0" for name, _data in kept)
    table_size = 4 + 8 * len(kept)
    first_data = table_size + len(names)
    first_data += -first_data % _ALIGN
    offsets, position = [], first_data
    name_position = table_size
    for name, data in kept:
        offsets.append((name_position, position))
        name_position += len(name) + 1
        position += len(data) + (-len(data) % _ALIGN)
    out = bytearray(blob[:header_size])
    out += struct.pack("<I", len(kept))
    for entry in offsets:
        out += struct.pack("<II", *entry)
    out += names
    out += b"\0" * (header_size + first_data - len(out))
    for _name, data in kept:
        out += data + b"\0" * (-len(data) % _ALIGN)
    return bytes(out)


def build_library(blob: bytes, symbol: str, soname: str, folder: Path) -> Path:
    """A shared library ``soname`` exporting ``blob`` as the read-only array ``symbol``."""
    gcc = shutil.which("gcc") or shutil.which("cc")
    if gcc is None:
        raise FileNotFoundError("no C compiler (gcc) to link the ICU data")
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        data = Path(work) / "icudata.bin"
        data.write_bytes(blob)
        source = Path(work) / "icudata.S"
        source.write_text(
            "\t.section .rodata\n"
            f"\t.globl {symbol}\n"
            f"\t.type {symbol}, @object\n"
            f"\t.balign {_ALIGN}\n"
            f"{symbol}:\n"
            f'\t.incbin "{data}"\n'
            f"\t.size {symbol}, . - {symbol}\n"
            '\t.section .note.GNU-stack,"",@progbits\n',
            encoding="ascii",
        )
        target = folder / soname
        subprocess.run(
            [gcc, "-shared", "-nostdlib", f"-Wl,-soname,{soname}", "-o", str(target), str(source)],
            check=True,
            capture_output=True,
        )
    subprocess.run(["strip", "--strip-unneeded", str(target)], check=False, capture_output=True)
    return target


def smaller_icu_data(library: Path, folder: Path) -> Path:
    """The trimmed twin of ``library`` (``libicudata.so.NN``) in ``folder``."""
    version = library.name.split(".so.")[-1].split(".")[0]
    symbol = f"icudt{version}_dat"
    blob = trimmed(symbol_bytes(library, symbol))
    return build_library(blob, symbol, library.name, folder)


if __name__ == "__main__":
    source, output = Path(sys.argv[1]), Path(sys.argv[2])
    made = smaller_icu_data(source, output)
    print(f"{made}: {made.stat().st_size / 1e6:.1f} MB (from {source.stat().st_size / 1e6:.1f} MB)")
    version = source.name.split(".so.")[-1].split(".")[0]
    kept = item_names(symbol_bytes(made, f"icudt{version}_dat"))
    print(f"{len(kept)} items kept")
