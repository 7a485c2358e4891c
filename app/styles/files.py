"""A house style as JSON: the ``.bbstyle`` file an office shares, and a bundle's ``house_style``.

```
{"format": "briefbook-house-style", "version": 1,
 "style": {"id", "name", "created_at", "updated_at", "settings": {...},
           "logo": {"mime", "width", "height", "data": base64},
           "reference": {"name", "data": base64},
           "fonts": {"Family": {"regular": base64, "bold": base64, ...}}}}
```

``settings`` holds the plain values (``app.styles.records.style_settings``). Everything read
from a file is checked before use: the logo is decoded in full, fonts must be TrueType files,
the reference must open as a Word document, and every value is validated like a saved style.
"""

from __future__ import annotations

import base64
import binascii
import json
from pathlib import Path
from typing import Any

from app.atomic_file import write_atomically
from app.domain import new_id
from app.errors import InvalidInput
from app.images import load_image
from app.styles.model import FONT_SLOTS, HouseStyle, validate
from app.styles.records import StyleRecords, apply_settings, style_settings
from app.styles.reference import document_bytes

STYLE_FORMAT = "briefbook-house-style"
STYLE_VERSION = 1
STYLE_SUFFIX = ".bbstyle"
MAX_STYLE_FILE_BYTES = 40 * 1024 * 1024
MAX_FONT_BYTES = 30 * 1024 * 1024
_TRUETYPE_MAGIC = (b"\x00\x01\x00\x00", b"true")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(value: Any, where: str) -> bytes:
    if not isinstance(value, str):
        raise InvalidInput(f"{where} is not base64 text.")
    try:
        return base64.b64decode(value.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError) as error:
        raise InvalidInput(f"{where} is not valid base64.") from error


def check_font(data: bytes, where: str = "The font file") -> bytes:
    """Refuse anything but a TrueType font of a sane size (reportlab embeds TrueType only)."""
    if len(data) > MAX_FONT_BYTES:
        raise InvalidInput(f"{where} is larger than 30 MB.")
    if data[:4] == b"OTTO":
        raise InvalidInput(
            f"{where} is an OpenType font with PostScript outlines; BriefBook embeds TrueType "
            "(.ttf) fonts only."
        )
    if data[:4] not in _TRUETYPE_MAGIC:
        raise InvalidInput(f"{where} is not a TrueType (.ttf) font.")
    return data


def style_json(style: HouseStyle) -> dict[str, Any]:
    """A style with everything it embeds, as JSON-ready data."""
    record: dict[str, Any] = {
        "id": style.id,
        "name": style.name,
        "created_at": style.created_at,
        "updated_at": style.updated_at,
        "settings": style_settings(style),
    }
    if style.logo is not None:
        record["logo"] = {
            "mime": style.logo.mime,
            "width": style.logo.width,
            "height": style.logo.height,
            "data": _b64(style.logo.data),
        }
    if style.reference is not None:
        record["reference"] = {"name": style.reference_name, "data": _b64(style.reference)}
    record["fonts"] = {
        family: {slot: _b64(data) for slot, data in slots.items()}
        for family, slots in style.fonts.items()
    }
    return record


def style_from_json(record: Any, where: str = "style") -> HouseStyle:
    """A checked style from ``style_json``'s data; ``InvalidInput`` names the first bad field."""
    if not isinstance(record, dict):
        raise InvalidInput(f"{where} is not an object.")
    name = record.get("name")
    if not isinstance(name, str) or not name.strip():
        raise InvalidInput(f"{where}.name is missing.")
    ident = record.get("id")
    style = HouseStyle(
        name=name,
        id=ident if isinstance(ident, str) and 0 < len(ident) <= 200 else new_id(),
        created_at=str(record.get("created_at") or ""),
        updated_at=str(record.get("updated_at") or ""),
    )
    settings = record.get("settings") or {}
    if not isinstance(settings, dict):
        raise InvalidInput(f"{where}.settings is not an object.")
    try:
        apply_settings(style, settings)
    except (TypeError, ValueError, IndexError) as error:
        raise InvalidInput(f"{where}.settings holds a value of the wrong kind.") from error
    logo = record.get("logo")
    if logo is not None:
        if not isinstance(logo, dict):
            raise InvalidInput(f"{where}.logo is not an object.")
        style.logo = load_image(_unb64(logo.get("data"), f"{where}.logo.data"))
    reference = record.get("reference")
    if reference is not None:
        if not isinstance(reference, dict):
            raise InvalidInput(f"{where}.reference is not an object.")
        data = _unb64(reference.get("data"), f"{where}.reference.data")
        document_bytes(data)  # refuses what is not a Word document
        style.reference = data
        style.reference_name = str(reference.get("name") or style.reference_name)
    fonts = record.get("fonts") or {}
    if not isinstance(fonts, dict):
        raise InvalidInput(f"{where}.fonts is not an object.")
    for family, slots in fonts.items():
        if not isinstance(slots, dict) or any(slot not in FONT_SLOTS for slot in slots):
            raise InvalidInput(f"{where}.fonts.{family} is not a set of font faces.")
        style.fonts[str(family)] = {
            slot: check_font(_unb64(data, f"{where}.fonts.{family}.{slot}"))
            for slot, data in slots.items()
        }
    problems = validate(style)
    if problems:
        raise InvalidInput(f"{where} is not a usable style: {problems[0]}")
    return style


def write_style_file(style: HouseStyle, output: Path) -> Path:
    """Write ``style`` as a ``.bbstyle`` file (atomically: a failure leaves no half file)."""
    output = Path(output)
    document = {"format": STYLE_FORMAT, "version": STYLE_VERSION, "style": style_json(style)}
    text = json.dumps(document, ensure_ascii=False, indent=1)
    data = text.encode("utf-8")
    return write_atomically(output, lambda raw: raw.write(data), "the style file")


def read_style_file(path: Path) -> HouseStyle:
    """The style in a ``.bbstyle`` file, checked whole."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_STYLE_FILE_BYTES:
            raise InvalidInput(f"{path.name} is larger than a style file may be (40 MB).")
        raw = path.read_bytes()
    except OSError as error:
        raise InvalidInput(f"Cannot read {path}: {error.strerror or error}.") from error
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as error:
        raise InvalidInput(f"{path.name} is not a BriefBook style file.") from error
    if not isinstance(document, dict) or document.get("format") != STYLE_FORMAT:
        raise InvalidInput(f"{path.name} is not a BriefBook style file.")
    version = document.get("version")
    if not isinstance(version, int) or version > STYLE_VERSION:
        raise InvalidInput(
            f"{path.name} was made by a newer BriefBook (style file version {version}); "
            "update BriefBook to use it."
        )
    try:
        return style_from_json(document.get("style"))
    except InvalidInput as error:
        raise InvalidInput(f"{path.name} was refused: {error}") from error


def adopt_style(records: StyleRecords, style: HouseStyle) -> HouseStyle:
    """Save a style that came from outside (a file, a bundle): the same id updates the stored
    copy when it is newer; a different style with the same name gets "(2)", "(3)"... added."""
    stored = {ident: name for ident, name in records.style_names()}
    if style.id in stored:
        current = records.get_style(style.id)
        if style.updated_at and style.updated_at <= current.updated_at:
            return current
        return records.save_style(style, keep_timestamp=True)
    taken = {name.casefold() for name in stored.values()}
    base, name, counter = style.name, style.name, 1
    while name.casefold() in taken:
        counter += 1
        name = f"{base} ({counter})"
    return records.save_style(style.copy(name=name), keep_timestamp=True)
