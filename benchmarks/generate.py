"""A deterministic large store for benchmarks: an office that has used BriefBook for years.

10,000 people (500 with photos), 50,000 sector notes, 200 books, and one reference book of about
300 pages (60 participants with photos, 40 notes, 30 long sections, 40 meetings). The same seed
always gives the same store, so figures from different runs compare.

    .venv/bin/python -m benchmarks.generate --output /tmp/large.sqlite [--scale 0.1]
"""

from __future__ import annotations

import argparse
import hashlib
import io
import random
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from PIL import Image as PILImage
from PIL import ImageDraw

from app.domain import Book, Image, Meeting, Note, Person, Section
from app.store import Store

SEED = 20261126
GENERATOR_VERSION = 2
REFERENCE_BOOK_ID = "00000000-0000-4000-8000-00000000b00c"
REFERENCE_TITLE = "Reference book: regional connectivity review"

_WORDS = [
    "trade",
    "development",
    "agency",
    "regional",
    "director",
    "meetings",
    "baku",
    "azerbaijan",
    "bilateral",
    "cooperation",
    "deputy",
    "minister",
    "digital",
    "transport",
    "foreign",
    "affairs",
    "mutual",
    "industrial",
    "projects",
    "economic",
    "initiatives",
    "railway",
    "infrastructure",
    "telecommunications",
    "space",
    "technologies",
    "strategic",
    "partnership",
    "charter",
    "energy",
    "security",
    "renewable",
    "potential",
    "private",
    "sector",
    "investment",
    "corridor",
    "caucasus",
    "diversify",
    "routes",
    "stability",
    "europe",
    "asia",
    "agreements",
    "implementation",
    "feasibility",
    "study",
    "grant",
    "procurement",
    "standards",
    "fibre",
    "satellite",
    "ground",
    "station",
    "logistics",
    "port",
    "freight",
    "customs",
    "tariff",
    "interconnection",
    "grid",
    "solar",
    "wind",
    "hydrogen",
    "storage",
    "financing",
    "guarantee",
    "timeline",
    "pilot",
    "capacity",
    "training",
    "workshop",
    "delegation",
    "principal",
    "counterpart",
    "ministry",
    "agency",
    "programme",
]
_FIRST = [
    "Aydan",
    "Rashad",
    "Leyla",
    "Farid",
    "Nigar",
    "Tural",
    "Gunel",
    "Orkhan",
    "Sevinj",
    "Elvin",
    "Maria",
    "James",
    "Anna",
    "Peter",
    "Sofia",
    "Omar",
    "Lena",
    "David",
    "Irina",
    "Karim",
]
_LAST = [
    "Aliyev",
    "Huseynov",
    "Mammadov",
    "Hasanov",
    "Quliyev",
    "Ismayilov",
    "Smith",
    "Jones",
    "Novak",
    "Weber",
    "Rossi",
    "Dubois",
    "Costa",
    "Kowalski",
    "Berg",
    "Larsen",
    "Silva",
    "Petrov",
    "Yilmaz",
    "Demir",
]
_NATIVE = {
    "Aliyev": "Əliyev",
    "Huseynov": "Hüseynov",
    "Mammadov": "Məmmədov",
    "Hasanov": "Həsənov",
    "Quliyev": "Quliyev",
    "Ismayilov": "İsmayılov",
    "Yilmaz": "Yılmaz",
}
_ORGS = [
    "Ministry of Economy",
    "Ministry of Energy",
    "State Railways",
    "Port Authority",
    "Telecom Operator",
    "Space Agency",
    "Chamber of Commerce",
    "Development Bank",
    "Grid Company",
    "Logistics Group",
]
_SECTORS = (
    "Railway infrastructure",
    "Telecommunications",
    "Space technologies",
    "Energy security",
    "Renewable energy",
    "Ports and logistics",
    "Digital government",
    "Finance",
)
_COUNTRIES = ("Azerbaijan", "Georgia", "Kazakhstan", "Türkiye", "Uzbekistan", "Armenia")


_SYLLABLES = [
    "ka",
    "ri",
    "to",
    "mel",
    "an",
    "sor",
    "vit",
    "den",
    "lu",
    "pra",
    "gos",
    "hem",
    "tal",
    "ner",
    "bo",
    "qui",
    "ze",
    "fan",
    "dor",
    "li",
]


def _vocabulary() -> tuple[list[str], list[float]]:
    """Words with Zipf-like frequencies, as in real prose: a few words are everywhere, most are
    rare. Domain words are spread through the ranks so typical queries hit a realistic share."""
    rng = random.Random(SEED + 1)
    synthetic = sorted(
        {"".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(4000)}
    )
    rng.shuffle(synthetic)
    words = synthetic[:3000]
    for index, word in enumerate(_WORDS):
        words.insert(min(len(words), 3 + index * 25), word)
    cumulative: list[float] = []
    total = 0.0
    for rank in range(len(words)):
        total += 1.0 / (rank + 1) ** 1.05
        cumulative.append(total)
    return words, cumulative


_VOCABULARY, _CUMULATIVE = _vocabulary()


def _sentence(rng: random.Random, words: int) -> str:
    chosen = rng.choices(_VOCABULARY, cum_weights=_CUMULATIVE, k=words)
    return " ".join(chosen).capitalize() + "."


def _paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng, rng.randint(8, 18)) for _ in range(sentences))


def _long_body(rng: random.Random, paragraphs: int) -> str:
    parts: list[str] = []
    for index in range(paragraphs):
        if index % 6 == 3:
            parts.append(f"## {_sentence(rng, 4)[:-1]}")
        if index % 5 == 2:
            parts.append(
                "\n".join(f"- **{rng.choice(_WORDS)}**: {_sentence(rng, 10)}" for _ in range(4))
            )
        elif index % 9 == 7:
            rows = "\n".join(
                f"| {rng.choice(_WORDS)} | {rng.randint(1, 900)} | {_sentence(rng, 5)} |"
                for _ in range(5)
            )
            parts.append(f"| Item | Value | Comment |\n|---|---|---|\n{rows}")
        else:
            parts.append(_paragraph(rng, rng.randint(3, 6)))
    return "\n\n".join(parts)


def _photo(rng: random.Random, index: int) -> Image:
    """A camera-sized JPEG (1200x1600), so exports pay the real cost of decoding photos."""
    picture = PILImage.new(
        "RGB", (1200, 1600), (rng.randint(40, 200), rng.randint(40, 200), rng.randint(40, 200))
    )
    draw = ImageDraw.Draw(picture)
    for _ in range(40):
        x, y = rng.randint(0, 1100), rng.randint(0, 1500)
        draw.ellipse(
            (x, y, x + rng.randint(40, 300), y + rng.randint(40, 300)),
            fill=(rng.randint(0, 255), rng.randint(0, 255), rng.randint(0, 255)),
        )
    draw.text((40, 40), f"#{index}", fill=(255, 255, 255))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=85)
    data = buffer.getvalue()
    return Image(hashlib.sha256(data).hexdigest(), "image/jpeg", data, 1200, 1600)


def _person(rng: random.Random, index: int, photo: str | None) -> Person:
    first, last = rng.choice(_FIRST), rng.choice(_LAST)
    native = _NATIVE.get(last)
    return Person(
        id=f"00000000-0000-4000-9000-{index:012d}",
        name=f"{first} {last}",
        native_name=f"{first} {native}" if native else "",
        title=f"{rng.choice(['Deputy', 'Senior', 'Chief', 'Head of'])} {rng.choice(_WORDS).capitalize()} {rng.choice(['Officer', 'Adviser', 'Director', 'Minister'])}",
        organization=rng.choice(_ORGS),
        country=rng.choice(_COUNTRIES),
        bio=_paragraph(rng, 5),
        photo=photo,
        photo_alt=f"Photograph of {first} {last}" if photo else "",
        languages=rng.sample(["English", "Azerbaijani", "Russian", "Turkish", "French"], 2),
        last_verified=date(2026, 1, 1) + timedelta(days=rng.randint(0, 320)),
    )


def _note(rng: random.Random, index: int, paragraphs: int) -> Note:
    sector = rng.choice(_SECTORS)
    return Note(
        id=f"00000000-0000-4000-a000-{index:012d}",
        title=f"{sector}: {_sentence(rng, 4)[:-1]}",
        sector=sector,
        country=rng.choice(_COUNTRIES),
        body=_long_body(rng, paragraphs),
        sources=[f"Public reporting {2020 + rng.randint(0, 6)}", "Agency files"],
        last_verified=date(2026, 1, 1) + timedelta(days=rng.randint(0, 320)),
    )


def generate(output: Path, scale: float = 1.0, progress: bool = True) -> Path:
    """Write the large store to ``output`` (which must not exist)."""
    if output.exists():
        raise SystemExit(f"{output} exists; remove it first.")
    rng = random.Random(SEED)
    people_count, photo_count = int(10_000 * scale), int(500 * scale)
    notes_count, books_count = int(50_000 * scale), int(200 * scale)
    started = time.perf_counter()
    store = Store.open(output)
    with store.transaction():
        photos = [store.put_image(_photo(rng, i)) for i in range(max(photo_count, 60))]
        for index in range(people_count):
            photo = photos[index % len(photos)] if index < photo_count or index < 60 else None
            store.save_person(_person(rng, index, photo))
            if progress and index % 2000 == 0:
                print(f"  people {index}/{people_count}", file=sys.stderr)
        for index in range(notes_count):
            store.save_note(_note(rng, index, rng.randint(2, 4)))
            if progress and index % 10000 == 0:
                print(f"  notes {index}/{notes_count}", file=sys.stderr)
        for index in range(books_count):
            start = date(2020, 1, 1) + timedelta(days=rng.randint(0, 2400))
            book = store.save_book(
                Book(
                    title=f"Trip {index}: {rng.choice(_COUNTRIES)} {_sentence(rng, 3)[:-1]}",
                    destination=rng.choice(_COUNTRIES),
                    start_date=start,
                    end_date=start + timedelta(days=3),
                    marking="UNCLASSIFIED",
                )
            )
            for title in ("Situation", "Why it matters", "Outlook", "Objectives", "Talking points"):
                store.add_section(
                    book.id, title, _long_body(rng, 3), handout=title != "Talking points"
                )
            for offset in rng.sample(range(people_count), 5):
                store.attach_person(
                    book.id, _person_id(offset), rng.choice(["Host", "Counterpart"])
                )
            for offset in rng.sample(range(notes_count), 3):
                store.attach_note(book.id, _note_id(offset))
        _reference_book(store, rng, people_count, notes_count)
    store.close()
    if progress:
        print(f"generated {output} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return output


def _person_id(index: int) -> str:
    return f"00000000-0000-4000-9000-{index:012d}"


def _note_id(index: int) -> str:
    return f"00000000-0000-4000-a000-{index:012d}"


def _reference_book(store: Store, rng: random.Random, people_count: int, notes_count: int) -> None:
    book = store.save_book(
        Book(
            id=REFERENCE_BOOK_ID,
            title=REFERENCE_TITLE,
            subtitle="Benchmark book of about 300 pages",
            destination="Baku, Azerbaijan",
            start_date=date(2026, 12, 1),
            end_date=date(2026, 12, 5),
            marking="UNCLASSIFIED",
            prepared_by="Benchmark generator",
            organization="Trade and development agency",
            timezone="Asia/Baku",
        )
    )
    for index in range(30):
        store.save_section(
            Section(
                book_id=book.id,
                title=f"Section {index + 1}: {_sentence(rng, 4)[:-1]}",
                body=_long_body(rng, 22),
                position=index,
                handout=index % 4 != 3,
            )
        )
    for position in range(60):  # the first 60 people all have photos
        store.attach_person(
            book.id,
            _person_id(position % max(people_count, 1)),
            rng.choice(["Host", "Counterpart", "Delegation"]),
            _paragraph(rng, 2),
        )
    for position in range(40):
        note = _note(rng, notes_count + position, 9)
        store.save_note(note)
        store.attach_note(book.id, note.id)
    for index in range(40):
        day = datetime(2026, 12, 1 + index // 9, 8) + timedelta(minutes=75 * (index % 9))
        store.save_meeting(
            Meeting(
                book.id,
                f"Meeting {index + 1}: {_sentence(rng, 3)[:-1]}",
                day,
                day + timedelta(minutes=60),
                "Asia/Baku",
                location=rng.choice(_ORGS),
                objective=_paragraph(rng, 1),
                participants=[_person_id(rng.randrange(60)) for _ in range(3)],
            )
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="fraction of the library sizes (the reference book is always whole)",
    )
    args = parser.parse_args(argv)
    generate(args.output, args.scale)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
