"""A small book with every field filled, for the builder, PDF, export and CLI tests.

Marker words (``SECTION-POINT-TEXT``, ``INTERNAL-NOTE-TEXT``...) make leaks easy to find:
each sits only in something the handout edition must leave out.
"""

from __future__ import annotations

import hashlib
import io
import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path

from PIL import Image as PILImage
from PIL import ImageDraw

from app.assemble import build_document
from app.document import (
    Block,
    BookDocument,
    CodeBlock,
    Cover,
    Edition,
    Heading,
    KeepTogether,
    ListBlock,
    Paragraph,
    Picture,
    Quote,
    SideBySide,
    Table,
    TableOfContents,
)
from app.domain import Book, Image, Meeting, Note, Person, Section
from app.store import Store

TODAY = date(2026, 11, 20)
PHOTO_SIZE = (300, 450)  # 2:3, not the 4:5 of app portraits, so a stretched photo shows

# Text that appears only where the handout must not show it.
HANDOUT_FORBIDDEN = (
    "SECTION-POINT-TEXT",
    "PERSON-POINT-TEXT",
    "INTERNAL-NOTE-TEXT",
    "Internal logistics note",
    "NOT-FOR-HANDOUT-TEXT",
    "Internal assessment",
    "OBJECTIVE-TEXT",
    "PURPOSE-TEXT",
)

SITUATION = """\
The mission to **Bakı** follows the *2025 talks* on ~~old~~ new trade links.
See [the agency](https://example.org/agency?a=1&b=2) for details. AT&T says 5 < 6 > 4 "quoted" 'single'.
Raw <b>not bold</b> stays as written.

# Background

1. First numbered point
   - nested bullet ə ğ ı ş İ
   - another nested bullet
2. Second numbered point

> A quoted remark from the ministry.

| Sector | Lead |
|---|---|
| Rail | Ministry of Digital Development |
| Energy | Ministry of Energy |

```
code_line = 1
```

Привет, Ελληνικά, Azərbaycan dili.
"""


def portrait_png(size: tuple[int, int] = PHOTO_SIZE) -> Image:
    """A PNG photo made with Pillow: a face-like oval on a coloured ground."""
    picture = PILImage.new("RGB", size, (60, 90, 130))
    width, height = size
    ImageDraw.Draw(picture).ellipse(
        (width // 4, height // 6, width * 3 // 4, height * 2 // 3), fill=(220, 200, 180)
    )
    out = io.BytesIO()
    picture.save(out, format="PNG")
    data = out.getvalue()
    return Image(hashlib.sha256(data).hexdigest(), "image/png", data, width, height)


def add_test_book(
    store: Store, page_size: str = "letter", title: str = "Trade mission to Bakı"
) -> str:
    """Add the test book with everything a book can hold; returns its id."""
    with store.transaction():
        book = store.save_book(
            Book(
                title=title,
                subtitle="Follow-up talks — ə ğ ı ş İ",
                destination="Bakı, Azərbaycan",
                start_date=date(2026, 12, 2),
                end_date=date(2026, 12, 3),
                marking="OFFICIAL-SENSITIVE",
                prepared_by="Regional desk",
                organization="Trade Development Office",
                purpose="PURPOSE-TEXT: prepare the delegation.",
                page_size=page_size,
                timezone="Asia/Baku",
            )
        )
        sections = [
            ("Situation", SITUATION, True, "situation"),
            ("Internal assessment", "NOT-FOR-HANDOUT-TEXT in this section.", False, ""),
            # Flagged for the handout by mistake: talking points must still stay out.
            ("Talking points", "- SECTION-POINT-TEXT to raise", True, "talking_points"),
        ]
        for position, (name, body, handout, key) in enumerate(sections):
            store.save_section(
                Section(
                    book_id=book.id,
                    title=name,
                    body=body,
                    handout=handout,
                    position=position,
                    template_key=key,
                )
            )
        photo = portrait_png()
        store.put_image(photo)
        ana = store.save_person(
            Person(
                name="Anar Əliyev",
                native_name="Анар Алиев",
                honorific="H.E.",
                title="Deputy Minister",
                organization="Ministry of Digital Development",
                country="Azerbaijan",
                bio="Anar Əliyev leads the **digital** programme.",
                photo=photo.sha256,
                photo_alt="Portrait of Anar Əliyev",
                pronunciation="ah-NAR ah-LEE-yev",
                languages=["Azerbaijani", "Russian", "English"],
                source="Ministry website",
                last_verified=date(2026, 10, 1),
            )
        )
        eleni = store.save_person(
            Person(
                name="Eleni Papadopoulou",
                native_name="Ελένη Παπαδοπούλου",
                title="Trade Counsellor",
                organization="Embassy",
                bio="Works on Ελληνικά trade files.",
                languages=["Greek", "English"],
                last_verified=date(2026, 9, 15),
            )
        )
        store.attach_person(book.id, ana.id, "Counterpart", "- PERSON-POINT-TEXT for Anar")
        store.attach_person(book.id, eleni.id, "Delegation", "")
        public = store.save_note(
            Note(
                title="Rail corridor",
                sector="Railway infrastructure",
                country="Azerbaijan",
                body="The corridor links **Europe** and Asia.",
                sources=["https://example.org/rail", "Ministry briefing, 2026"],
                last_verified=date(2026, 11, 1),
            )
        )
        internal = store.save_note(
            Note(
                title="Internal logistics note",
                sector="Logistics",
                body="INTERNAL-NOTE-TEXT: cars at 08:00.",
                internal=True,
                last_verified=date(2026, 11, 2),
            )
        )
        store.attach_note(book.id, public.id)
        store.attach_note(book.id, internal.id)
        meetings = [
            ("Meeting with the Deputy Minister", "2026-12-02T10:00", "2026-12-02T11:00", [ana.id]),
            ("Working lunch", "2026-12-02T12:30", "2026-12-02T14:00", [ana.id, eleni.id]),
            ("Delegation debrief", "2026-12-03T16:00", "2026-12-03T17:00", [eleni.id]),
        ]
        for name, start, end, people in meetings:
            store.save_meeting(
                Meeting(
                    book_id=book.id,
                    title=name,
                    start=datetime.fromisoformat(start),
                    end=datetime.fromisoformat(end),
                    timezone="Asia/Baku",
                    location="Government House, Bakı",
                    objective="OBJECTIVE-TEXT: agree **next steps**.",
                    participants=people,
                )
            )
    return book.id


def pdftotext(
    path: Path, *, layout: bool = False, first: int | None = None, last: int | None = None
) -> str:
    """Text of a PDF (or some pages of it) as poppler's ``pdftotext`` reads it."""
    exe = shutil.which("pdftotext")
    assert exe, "pdftotext (poppler-utils) is needed; `make deps` installs it"
    args = [exe, "-enc", "UTF-8"]
    if layout:
        args.append("-layout")
    if first is not None:
        args += ["-f", str(first)]
    if last is not None:
        args += ["-l", str(last)]
    result = subprocess.run([*args, str(path), "-"], capture_output=True, check=True)
    return result.stdout.decode("utf-8")


def pdf_pages_text(path: Path) -> list[str]:
    """Each page's text (pdftotext splits pages with form feeds)."""
    pages = pdftotext(path).split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def document_text(document: BookDocument) -> str:
    """Every piece of text in a document (cover, contents, cells, list items...), one per line."""
    out: list[str] = [document.title, document.subject, " ".join(document.keywords)]

    def walk(blocks: list[Block]) -> None:
        for block in blocks:
            if isinstance(block, (Paragraph, Heading)):
                out.append(block.text)
            elif isinstance(block, ListBlock):
                for item in block.items:
                    walk(item.blocks)
            elif isinstance(block, Table):
                for row in block.rows:
                    for cell in row:
                        walk(cell.blocks)
            elif isinstance(block, (Quote, KeepTogether)):
                walk(block.blocks)
            elif isinstance(block, SideBySide):
                walk(block.left)
                walk(block.right)
            elif isinstance(block, CodeBlock):
                out.append(block.text)
            elif isinstance(block, Picture):
                out.append(block.alt)
            elif isinstance(block, TableOfContents):
                out.append(block.title)
                out.extend(entry.text for entry in block.entries)
            elif isinstance(block, Cover):
                out.extend(
                    [
                        block.marking,
                        block.organization,
                        block.title,
                        block.subtitle,
                        block.destination,
                        block.dates,
                        block.prepared_by,
                        block.exported_on,
                        block.edition_note,
                    ]
                )

    walk(document.blocks)
    return "\n".join(out)


def built_document(store: Store, book_id: str, edition: Edition) -> BookDocument:
    """A stored book as the neutral document, dated ``TODAY`` so the output never changes."""
    return build_document(store.load_book_content(book_id), edition, TODAY)
