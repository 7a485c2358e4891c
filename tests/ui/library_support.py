"""Small data for the library and attachment page tests (the ``context`` fixture comes from
tests/ui/conftest.py). Imported by test_people.py, test_participants.py and test_notes.py.
"""

from __future__ import annotations

import io
import struct
import zlib
from datetime import date, timedelta

from PIL import Image as PILImage

from app.domain import Book, Note, Person
from app.store import Store


def png_bytes(
    size: tuple[int, int] = (60, 90), colour: tuple[int, int, int] = (30, 90, 160)
) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` × ``height`` pixels (a decompression bomb)."""
    data = bytearray(png_bytes((1, 1)))
    # The IHDR chunk follows the 8-byte signature: length, type, then width and height.
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def add_people(store: Store) -> dict[str, Person]:
    """Three people, one of them known only by native and romanized spellings with ə."""
    today = date.today()
    people = {
        "asadov": Person(
            name="Sameddin F. Asadov",
            native_name="Səməddin Əsədov",
            title="Deputy Minister of Digital Development and Transport",
            organization="Ministry of Digital Development and Transport",
            country="Azerbaijan",
            last_verified=today - timedelta(days=10),
        ),
        "mammadov": Person(
            name="Elnur Mammadov",
            native_name="Elnur Məmmədov",
            title="Deputy Minister of Foreign Affairs",
            organization="Ministry of Foreign Affairs",
            country="Azerbaijan",
            last_verified=today - timedelta(days=400),
        ),
        "kress": Person(
            name="Carl B. Kress",
            title="Regional Director",
            organization="Trade and Development Agency",
            country="United States",
        ),
    }
    return {key: store.save_person(person) for key, person in people.items()}


def add_notes(store: Store) -> dict[str, Note]:
    notes = {
        "rail": Note(
            title="Railway infrastructure",
            sector="Transport",
            country="Azerbaijan",
            body="The East-West corridor links the Caspian to Georgia.",
            sources=["Ministry briefing"],
            last_verified=date.today(),
        ),
        "telecom": Note(title="Telecommunications", sector="Digital", country="Azerbaijan"),
        "energy": Note(
            title="Energy security", sector="Energy", country="Azerbaijan", internal=True
        ),
    }
    return {key: store.save_note(note) for key, note in notes.items()}


def add_book(store: Store, title: str = "Baku visit") -> Book:
    return store.save_book(Book(title=title, destination="Baku, Azerbaijan"))
