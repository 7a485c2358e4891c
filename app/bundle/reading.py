"""Reading an untrusted bundle file, a ``.bbk`` zip or a ``.json`` document.

Nothing here trusts the file: sizes, entry counts and paths, JSON depth and container counts are
checked before anything is parsed or decoded, and photos are decoded in full before use.
"""

from __future__ import annotations

import contextlib
import io
import json
import struct
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from app.bundle.format import BUNDLE_JSON, refused
from app.domain import (
    Image,
)
from app.errors import BundleRefused, InvalidInput
from app.images import MAX_IMAGE_BYTES, load_image
from app.protection.envelope import is_sealed, open_sealed

# Limits that no honest bundle comes near; past them a file is refused as implausible.
MAX_ENTRIES = 5000
MAX_TOTAL_BYTES = 500 * 1024 * 1024
MAX_JSON_BYTES = 50 * 1024 * 1024
MAX_JSON_DEPTH = 20
MAX_JSON_CONTAINERS = 1_000_000
MAX_CENTRAL_DIRECTORY_BYTES = MAX_ENTRIES * 1024

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_END_OF_CENTRAL_DIRECTORY = b"PK\x05\x06"
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError)
_READ_ERRORS = (*_ZIP_ERRORS, OSError, EOFError, zlib.error, ValueError)


def _leaves_bundle(name: str) -> bool:
    """True for a path that is absolute or climbs out of the bundle (either OS's syntax)."""
    if not name or "\x00" in name:
        return True
    windows = PureWindowsPath(name)
    if windows.drive or windows.root or name.startswith(("/", "\\")):
        return True
    return ".." in PurePosixPath(name.replace("\\", "/")).parts


def _check_json_shape(raw: bytes, where: str) -> None:
    """Refuse JSON that is too large or has too many containers before parsing it.

    Counting brackets over-counts those inside strings, which only matters for documents far
    beyond any honest bundle; it keeps a hostile file from exhausting memory while parsing.
    """
    if len(raw) > MAX_JSON_BYTES:
        raise refused(f"{where} is larger than {MAX_JSON_BYTES // (1024 * 1024)} MB")
    if raw.count(b"[") + raw.count(b"{") > MAX_JSON_CONTAINERS:
        raise refused(f"{where} holds an implausible number of lists and objects")


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in a bundle")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for key, value in pairs:
        if key in record:
            raise ValueError(f'the key "{key}" appears twice in one object')
        record[key] = value
    return record


def _depth(document: Any) -> int:
    deepest = 0
    pending: list[tuple[Any, int]] = [(document, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, dict):
            children: Any = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        deepest = max(deepest, depth)
        if deepest > MAX_JSON_DEPTH:
            return deepest
        pending.extend((child, depth + 1) for child in children)
    return deepest


def _parse_json(raw: bytes, where: str) -> Any:
    _check_json_shape(raw, where)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise refused(f"{where} is not UTF-8 text") from error
    try:
        document = json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_reject_constant)
    except RecursionError as error:
        raise refused(f"{where} is nested more than {MAX_JSON_DEPTH} levels deep") from error
    except json.JSONDecodeError as error:
        raise refused(
            f"{where} is not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})"
        ) from error
    except ValueError as error:
        raise refused(f"{where} is not valid: {error}") from error
    if _depth(document) > MAX_JSON_DEPTH:
        raise refused(f"{where} is nested more than {MAX_JSON_DEPTH} levels deep")
    return document


class Source:
    """A bundle being read: its JSON document and a way to fetch the photos it names."""

    document: Any

    def photo(self, name: str, where: str) -> Image:
        raise NotImplementedError

    def check_rest(self) -> None:
        """Checks that need the whole document read first (for example unused entries)."""


def _image_or_refuse(data: bytes, where: str) -> Image:
    try:
        return load_image(data)
    except InvalidInput as error:
        # "The image is ...; use a smaller picture." reads as "... because the image is ..."
        reason = str(error).split(";")[0].rstrip(".")
        raise refused(f"{where} was rejected because {reason[:1].lower()}{reason[1:]}") from error


class _JsonSource(Source):
    """A bare ``bundle.json``-style file; photo paths are relative to its folder."""

    def __init__(self, path: Path, raw: bytes) -> None:
        self.folder = path.resolve().parent
        self.document = _parse_json(raw, path.name)
        self._images: dict[str, Image] = {}
        self._read_bytes = len(raw)

    def photo(self, name: str, where: str) -> Image:
        if _leaves_bundle(name):
            raise refused(f"{where} ({name}) points outside the bundle's folder")
        if name in self._images:
            return self._images[name]
        candidate = self.folder / name.replace("\\", "/")
        try:
            resolved = candidate.resolve(strict=True)
        except (OSError, RuntimeError) as error:
            raise refused(f"{where} names {name}, which does not exist") from error
        if not resolved.is_relative_to(self.folder):
            raise refused(f"{where} ({name}) points outside the bundle's folder")
        if not resolved.is_file():
            raise refused(f"{where} ({name}) is not a file")
        try:
            if resolved.stat().st_size > MAX_IMAGE_BYTES:
                raise refused(f"{where} ({name}) is larger than an image may be")
            with resolved.open("rb") as handle:
                data = handle.read(MAX_IMAGE_BYTES + 1)
        except OSError as error:
            raise refused(f"{where} ({name}) cannot be read: {error.strerror}") from error
        self._read_bytes += len(data)
        if self._read_bytes > MAX_TOTAL_BYTES:
            raise refused(
                f"the bundle's photos add up to more than {MAX_TOTAL_BYTES // (1024 * 1024)} MB"
            )
        image = _image_or_refuse(data, f"{where} ({name})")
        self._images[name] = image
        return image


def _central_directory_looks_sane(path: Path, data: bytes | None = None) -> None:
    """Read the zip's end record and refuse archives with too many entries up front.

    Python's ``zipfile`` builds an object per entry before anyone can count them, so a file of
    millions of tiny entries would exhaust memory; the end record states the count cheaply.
    """
    if data is not None:
        tail = data[-(22 + 65535) :]
    else:
        size = path.stat().st_size
        tail_length = min(size, 22 + 65535)
        with path.open("rb") as handle:
            handle.seek(size - tail_length)
            tail = handle.read(tail_length)
    at = tail.rfind(_END_OF_CENTRAL_DIRECTORY)
    if at < 0 or len(tail) - at < 22:
        raise refused(f"{path.name} is not a complete zip file")
    _, _, _, _, entries, directory_size, _, _ = struct.unpack("<4s4H2LH", tail[at : at + 22])
    if entries > MAX_ENTRIES or entries == 0xFFFF:
        raise refused(f"{path.name} has more than {MAX_ENTRIES} entries")
    if directory_size > MAX_CENTRAL_DIRECTORY_BYTES:
        raise refused(f"{path.name} has an implausibly large list of entries")


class _ZipSource(Source):
    """A ``.bbk`` zip; the archive is checked as a whole before anything is unpacked."""

    def __init__(self, path: Path, data: bytes | None = None) -> None:
        """``data``: the zip's bytes when they are not the file's (an opened sealed bundle)."""
        self.name = path.name
        if data is None:
            _central_directory_looks_sane(path)
        else:
            _central_directory_looks_sane(path, data)
        try:
            self.archive = zipfile.ZipFile(path if data is None else io.BytesIO(data))
        except (*_ZIP_ERRORS, OSError) as error:
            raise refused(f"{path.name} is not a readable zip file") from error
        try:
            self._check_entries()
            self._read_bytes = 0
            self._images: dict[str, Image] = {}
            self.document = _parse_json(
                self._read(self.archive.getinfo(BUNDLE_JSON), MAX_JSON_BYTES), BUNDLE_JSON
            )
        except BaseException:
            self.archive.close()
            raise

    def close(self) -> None:
        self.archive.close()

    def _check_entries(self) -> None:
        entries = self.archive.infolist()
        if len(entries) > MAX_ENTRIES:
            raise refused(f"{self.name} has more than {MAX_ENTRIES} entries")
        seen: set[str] = set()
        declared = 0
        for info in entries:
            if _leaves_bundle(info.filename):
                raise refused(f"the entry {info.filename!r} points outside the bundle")
            if info.filename in seen:
                raise refused(f"the entry {info.filename} appears twice")
            seen.add(info.filename)
            if info.flag_bits & 0x1:
                raise refused(f"the entry {info.filename} is encrypted")
            declared += info.file_size
        if declared > MAX_TOTAL_BYTES:
            raise refused(
                f"{self.name} would unpack to more than {MAX_TOTAL_BYTES // (1024 * 1024)} MB"
            )
        if BUNDLE_JSON not in seen:
            raise refused(f"{self.name} has no {BUNDLE_JSON}, so it is not a BriefBook bundle")

    def _read(self, info: zipfile.ZipInfo, limit: int) -> bytes:
        """Unpack one entry, counting real bytes: declared sizes in a zip can lie."""
        if info.file_size > limit:
            raise refused(f"the entry {info.filename} is larger than {limit // (1024 * 1024)} MB")
        try:
            with self.archive.open(info) as handle:
                data = handle.read(limit + 1)
        except _READ_ERRORS as error:
            raise refused(f"the entry {info.filename} is damaged") from error
        if len(data) > limit:
            raise refused(f"the entry {info.filename} is larger than {limit // (1024 * 1024)} MB")
        self._read_bytes += len(data)
        if self._read_bytes > MAX_TOTAL_BYTES:
            raise refused(f"{self.name} unpacks to more than {MAX_TOTAL_BYTES // (1024 * 1024)} MB")
        return data

    def photo(self, name: str, where: str) -> Image:
        if _leaves_bundle(name):
            raise refused(f"{where} ({name}) points outside the bundle")
        entry = name.replace("\\", "/").removeprefix("./")
        if entry in self._images:
            return self._images[entry]
        try:
            info = self.archive.getinfo(entry)
        except KeyError as error:
            raise refused(f"{where} names {name}, which is not in the bundle") from error
        if info.is_dir() or entry == BUNDLE_JSON:
            raise refused(f"{where} ({name}) is not an image")
        image = _image_or_refuse(self._read(info, MAX_IMAGE_BYTES), f"{where} ({name})")
        self._images[entry] = image
        return image

    def check_rest(self) -> None:
        """Every entry besides bundle.json must be a sound image, used or not."""
        for info in self.archive.infolist():
            if info.is_dir() or info.filename in (BUNDLE_JSON, *self._images):
                continue
            image = _image_or_refuse(
                self._read(info, MAX_IMAGE_BYTES), f"the unused entry {info.filename}"
            )
            self._images[info.filename] = image


@contextlib.contextmanager
def open_source(path: Path) -> Iterator[Source]:
    """Open a bundle file (zip or JSON, told by its first bytes) as a ``Source``; refuse the rest."""
    path = Path(path)
    try:
        if not path.is_file():
            what = "is a folder" if path.is_dir() else "does not exist"
            raise BundleRefused(f"{path} {what}; choose a .bbk or .json bundle file.")
        with path.open("rb") as handle:
            head = handle.read(4)
    except OSError as error:
        raise BundleRefused(f"Cannot read {path}: {error.strerror or error}.") from error
    inner: bytes | None = None
    if is_sealed(path):
        # A sealed bundle (app/protection/envelope.py) is opened in memory, never on disk.
        inner = open_sealed(path)
        head = inner[:4]
    if head in _ZIP_MAGIC:
        try:
            source = _ZipSource(path, inner)
        except OSError as error:
            raise BundleRefused(f"Cannot read {path}: {error.strerror or error}.") from error
        try:
            yield source
        finally:
            source.close()
        return
    if path.suffix.lower() == ".bbk" or inner is not None:
        raise refused(f"{path.name} is not a zip file")
    try:
        if path.stat().st_size > MAX_JSON_BYTES:
            raise refused(f"{path.name} is larger than {MAX_JSON_BYTES // (1024 * 1024)} MB")
        raw = path.read_bytes()
    except OSError as error:
        raise BundleRefused(f"Cannot read {path}: {error.strerror or error}.") from error
    yield _JsonSource(path, raw)
