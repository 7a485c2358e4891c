"""Checks an imported file passes before any parser sees it.

Word and Excel files are zip packages of XML. Before mammoth or openpyxl reads one, the file
must be the kind its name says (magic bytes), unpack to a plausible size (the zip's own
directory, cross-checked against the real data while reading), hold a plausible number of
parts, and no XML part may carry a DOCTYPE or entity declarations: Office never writes them,
and refusing them outright means no parser is ever asked to resolve an entity (billion laughs,
external entities reaching for local files). Each refusal is one sentence naming the file and
the problem; nothing has been written at that point.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from app.errors import InvalidInput

MAX_DOCUMENT_BYTES = 100 * 1024 * 1024  # a .docx or .xlsx on disk
MAX_TEXT_FILE_BYTES = 20 * 1024 * 1024  # a .csv or .vcf
MAX_UNPACKED_BYTES = 400 * 1024 * 1024  # all parts of a package together
MAX_XML_PART_BYTES = 60 * 1024 * 1024  # one XML part
MAX_PARTS = 3000
MAX_RATIO = 200  # unpacked / packed size of one sizeable part; real XML compresses ~10-30x
MAX_PEOPLE_ROWS = 20_000  # a contact list, not a database dump
MAX_COLUMNS = 200

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc/.xls, and password-protected Office files
_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError)
_READ_ERRORS = (*_ZIP_ERRORS, OSError, EOFError, zlib.error, ValueError)


class ImportRefused(InvalidInput):
    """A file that cannot be imported; the store is unchanged. The message is one sentence."""


def refuse(path: Path, problem: str) -> ImportRefused:
    return ImportRefused(f"{path.name} was not imported: {problem}.")


def read_head(path: Path, size: int = 8) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(size)
    except OSError as error:
        raise refuse(path, f"it could not be read ({error.strerror or error})") from error


def check_file_size(path: Path, limit: int) -> int:
    try:
        size = path.stat().st_size
    except OSError as error:
        raise refuse(path, f"it could not be read ({error.strerror or error})") from error
    if size > limit:
        raise refuse(path, f"it is larger than {limit // (1024 * 1024)} MB")
    if size == 0:
        raise refuse(path, "it is empty")
    return size


def open_package(path: Path, kind: str, main_part: str) -> zipfile.ZipFile:
    """Open an Office package (``kind`` "Word document" or "Excel workbook") after checking it.

    ``main_part`` (``word/document.xml``, ``xl/workbook.xml``) must be present.
    """
    check_file_size(path, MAX_DOCUMENT_BYTES)
    head = read_head(path)
    if head.startswith(OLE_MAGIC):
        raise refuse(
            path,
            f"it is an old-format or password-protected {kind}; save it from Office as "
            f"{path.suffix or 'a current format'} without a password and import that",
        )
    if not head.startswith(ZIP_MAGIC):
        raise refuse(path, f"it is not a {kind} (its content is not what {path.suffix} says)")
    try:
        package = zipfile.ZipFile(path)
    except _READ_ERRORS as error:
        raise refuse(path, f"it is a damaged {kind} ({error})") from error
    try:
        check_package(path, package, kind, main_part)
    except BaseException:
        package.close()
        raise
    return package


def check_package(path: Path, package: zipfile.ZipFile, kind: str, main_part: str) -> None:
    infos = package.infolist()
    if len(infos) > MAX_PARTS:
        raise refuse(path, f"it holds {len(infos)} parts, far more than any {kind}")
    names = {info.filename for info in infos}
    if "[Content_Types].xml" not in names or main_part not in names:
        raise refuse(path, f"it is a zip file but not a {kind}")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise refuse(path, "it holds encrypted parts")
        total += info.file_size
        if total > MAX_UNPACKED_BYTES:
            raise refuse(
                path,
                f"it would unpack to more than {MAX_UNPACKED_BYTES // (1024 * 1024)} MB "
                "(an implausible size: a zip bomb?)",
            )
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise refuse(
                path,
                f"its part {info.filename} unpacks to {info.file_size // (1024 * 1024)} MB from "
                f"{max(info.compress_size // 1024, 1)} KB (an implausible size: a zip bomb?)",
            )
        if _is_xml(info.filename) and info.file_size > MAX_XML_PART_BYTES:
            raise refuse(path, f"its part {info.filename} is implausibly large")


def _is_xml(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels", ".vml"))


def check_xml_parts(path: Path, package: zipfile.ZipFile) -> None:
    """Refuse a package any of whose XML parts declares a DOCTYPE or an entity.

    Every part is read in full (the sizes were checked first), which also proves that the
    zip's directory told the truth about them: the reader stops at the stated size and checks
    the CRC.
    """
    for info in package.infolist():
        if not _is_xml(info.filename):
            continue
        data = read_part(path, package, info.filename, MAX_XML_PART_BYTES)
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            data = data.decode("utf-16", errors="replace").encode("utf-8")
        if _DECLARATION.search(data):
            raise refuse(
                path,
                f"its part {info.filename} declares a DOCTYPE or entities, which Office files "
                "never do (entities are never resolved)",
            )


def read_part(path: Path, package: zipfile.ZipFile, name: str, limit: int) -> bytes:
    """The bytes of one part, refused past ``limit`` or when the zip data is damaged."""
    try:
        with package.open(name) as part:
            data = part.read(limit + 1)
    except KeyError as error:
        raise refuse(path, f"its part {name} is missing") from error
    except _READ_ERRORS as error:
        raise refuse(path, f"its part {name} is damaged ({error})") from error
    if len(data) > limit:
        raise refuse(path, f"its part {name} is larger than {limit // (1024 * 1024)} MB")
    return data
