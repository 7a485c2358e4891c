"""The sample book: a fictional follow-up trip to Baku that ships with BriefBook.

It is built from public reporting on meetings the U.S. Trade and Development Agency held in Baku
in 2025, rewritten for practice and clearly marked as a sample. Every record has a fixed id, so
adding the sample twice is detected and a bundled copy merges with another officer's copy.
"""

from __future__ import annotations

import functools
import hashlib
import io
import uuid
from dataclasses import dataclass
from datetime import date, datetime

from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

from app.domain import Book, Image, Meeting, Note, Person, Section
from app.errors import NotFound
from app.resources import resource_path
from app.store import Store

# uuid5 names under one namespace give ids that never change between releases.
_NAMESPACE = uuid.UUID("6f1d2c52-8a7e-4f5b-9d3c-0b7a5e2f4c11")


def _fixed_id(name: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, name))


SAMPLE_BOOK_ID = _fixed_id("book/baku-2026")
SAMPLE_MARK = "SAMPLE — fictional briefing book for demonstration"
SAMPLE_TIMEZONE = "Asia/Baku"
SAMPLE_SOURCE = "Public reporting on the USTDA meetings in Baku, 2025"
PORTRAIT_SIZE = (480, 600)
# Dark, print-friendly backgrounds; white initials stay readable on every one.
_PORTRAIT_COLOURS = (
    (31, 78, 121),
    (120, 40, 31),
    (23, 95, 73),
    (94, 53, 125),
    (133, 88, 10),
    (52, 73, 94),
)

KRESS_ID = _fixed_id("person/carl-b-kress")
ASADOV_ID = _fixed_id("person/sameddin-f-asadov")
MAMMADOV_ID = _fixed_id("person/elnur-mammadov")

_VERIFIED = date(2026, 11, 16)

_PURPOSE = """\
**Sample book.** Everything in this book is a *fictional demonstration* built from public \
reporting on meetings the U.S. Trade and Development Agency held in Baku in 2025. The December \
2026 visit, its schedule and its talking points are invented for practice: do not use them as \
real guidance.

The imagined purpose: prepare the Regional Director for two days of follow-up meetings in Baku \
with the Ministry of Digital Development and Transport, the Ministry of Foreign Affairs and \
companies from both countries, and turn the themes of the earlier talks into a short list of \
projects with owners and next steps.
"""

_SITUATION = """\
The U.S. Trade and Development Agency (USTDA) and the Government of Azerbaijan have been \
discussing closer economic cooperation since a round of meetings in Baku in 2025. That round, \
led by Regional Director **Carl B. Kress**, brought the agency together with Deputy Minister of \
Digital Development and Transport **Sameddin F. Asadov** and Deputy Minister of Foreign Affairs \
**Elnur Mammadov**.

The talks covered trade in both directions, industrial projects and regional economic \
initiatives. Three sectors came up again and again:

- **Railway infrastructure**: moving goods across the region more reliably;
- **Telecommunications**: the networks a growing digital economy runs on;
- **Space technologies**: satellites and the services built on them.

The discussions sit inside a wider framework, the *Strategic Partnership Charter* that President \
Trump and President Ilham Aliyev agreed when they met in 2025. Both sides also pointed to \
Azerbaijan's place in regional **energy security** and to its room to grow **renewable energy**.

This visit is the follow-up. It is the first chance to learn which of the ideas raised in 2025 \
now have owners, budgets and timetables on the Azerbaijani side, and where the agency's support \
could help move them forward.
"""

_WHY_IT_MATTERS = """\
Azerbaijan matters to U.S. policy well beyond the size of its economy. Public reporting on the \
2025 meetings framed the relationship around three interests:

1. **Energy security.** Azerbaijan is a dependable partner for diversifying energy sources and \
the routes that carry them.
2. **Regional stability.** A steady South Caucasus matters to a region that links Europe and \
Asia.
3. **Commercial opportunity.** Closer ties could bring more U.S. private-sector investment, above \
all in infrastructure and renewable energy.

*Trade routes* are the thread that ties these interests together: rail lines, telecommunication \
networks and energy links are all ways of connecting the same two continents. A project in any \
of these sectors therefore serves the economic and the strategic goal at once.

For the agency, the visit tests whether the broad language of the Charter can be turned into \
projects that U.S. companies are willing to pursue.
"""

_OUTLOOK = """\
The dialogue is expected to move from statements of intent to **concrete agreements and \
projects**. Over the coming year, look for:

- implementation work on the projects already discussed, starting with those that have a clear \
sponsor in a ministry;
- new areas of cooperation, proposed by either side once the first projects show results;
- a larger role for the **U.S. private sector**, as investors and as suppliers of equipment and \
services.

The outcome of these talks may also shape how Washington approaches the region on *energy and \
trade* more broadly. That gives the delegation's reporting after the visit more weight than \
usual: record what each counterpart asked for, in their own words.
"""

_OBJECTIVES = """\
By the end of the two days the delegation should have:

1. **Confirmed priorities** with the Ministry of Digital Development and Transport for rail, \
telecommunications and space-technology projects.
2. **Heard the foreign ministry's view** of how the Strategic Partnership Charter should guide \
economic cooperation, energy security included.
3. **Met the companies** that would carry the work, at the private-sector roundtable.
4. **Agreed next steps** in writing: who does what, and by when.

| Objective | Measure of success | Lead |
|---|---|---|
| Priorities confirmed | A short list of named projects | Regional Director |
| Charter view heard | A summary shared with the ministry | Regional office |
| Companies engaged | Contacts for follow-up | Regional office |
| Next steps agreed | An action list sent within a week | Regional Director |

*Out of scope for this visit:* announcing funding decisions or negotiating the terms of any \
agreement.
"""

_TALKING_POINTS = """\
*For the delegation only: these points stay out of the handout.*

**Opening**

- Thank the hosts for the open discussions in 2025 and for receiving the delegation again.
- Frame the visit as a follow-up: *we came to listen, and to turn shared ideas into projects.*

**With Deputy Minister Asadov (digital development and transport)**

- Ask which **railway** projects the ministry sees as most ready for outside support.
- Invite the ministry's view of **telecommunications** needs as the digital economy grows.
- Explore where **space technologies** fit the ministry's plans, and which services matter most.

**With Deputy Minister Mammadov (foreign affairs)**

- Acknowledge the *Strategic Partnership Charter* as the frame for the economic track.
- Recognise Azerbaijan's role in regional **energy security**.
- Ask how economic projects can best support connections between Europe and Asia.

**With the private sector**

- Encourage U.S. firms to engage early in infrastructure and renewable energy.
- Ask Azerbaijani participants what would make partnerships with U.S. companies easier.

**Avoid**

- Commitments on funding amounts or timelines ahead of the agency's own review.
- Speculation about other governments' plans in the region.
"""

_SECTIONS = (
    ("Situation", _SITUATION, True),
    ("Why it matters", _WHY_IT_MATTERS, False),
    ("Outlook", _OUTLOOK, True),
    ("Objectives", _OBJECTIVES, False),
    ("Talking points", _TALKING_POINTS, False),
)


@dataclass(frozen=True)
class _SamplePerson:
    person: Person
    role: str
    talking_points: str


def _people() -> list[_SamplePerson]:
    kress = Person(
        id=KRESS_ID,
        name="Carl B. Kress",
        honorific="Mr.",
        title="Regional Director",
        organization="U.S. Trade and Development Agency",
        country="United States",
        pronunciation="KARL KRESS",
        languages=["English"],
        tags=["sample", "delegation"],
        source=SAMPLE_SOURCE,
        last_verified=_VERIFIED,
        bio=(
            "Carl B. Kress is **Regional Director** at the U.S. Trade and Development Agency. "
            "In 2025 Regional Director Kress led the agency's series of meetings in Baku on "
            "closer bilateral cooperation with Azerbaijan, covering mutual trade, industrial "
            "projects and regional economic initiatives.\n\n"
            "*Role (generic description):* a regional director oversees the agency's programme "
            "in a group of countries, meets government counterparts and companies, and looks "
            "for projects where the agency's support could make a difference.\n"
        ),
    )
    asadov = Person(
        id=ASADOV_ID,
        name="Sameddin F. Asadov",
        native_name="Səməddin Əsədov",
        honorific="H.E.",
        title="Deputy Minister of Digital Development and Transport",
        organization="Ministry of Digital Development and Transport of the Republic of Azerbaijan",
        country="Azerbaijan",
        pronunciation="sa-mad-DEEN a-sa-DOV (ə sounds like the a in cat)",
        languages=["Azerbaijani"],
        tags=["sample", "government", "transport", "digital"],
        source=SAMPLE_SOURCE,
        last_verified=_VERIFIED,
        bio=(
            "Sameddin F. Asadov (*Səməddin Əsədov*) is **Deputy Minister of Digital Development "
            "and Transport** of the Republic of Azerbaijan. In 2025 Deputy Minister Asadov held "
            "talks in Baku with the U.S. Trade and Development Agency that focused on railway "
            "infrastructure, telecommunications and space technologies.\n\n"
            "*Role (generic description):* a deputy minister supports the minister in setting "
            "policy and running programmes, and often leads the ministry's international "
            "cooperation in the sectors it is responsible for.\n"
        ),
    )
    mammadov = Person(
        id=MAMMADOV_ID,
        name="Elnur Mammadov",
        native_name="Elnur Məmmədov",
        honorific="H.E.",
        title="Deputy Minister of Foreign Affairs",
        organization="Ministry of Foreign Affairs of the Republic of Azerbaijan",
        country="Azerbaijan",
        pronunciation="el-NOOR mam-ma-DOV (ə sounds like the a in cat)",
        languages=["Azerbaijani"],
        tags=["sample", "government", "foreign affairs"],
        source=SAMPLE_SOURCE,
        last_verified=_VERIFIED,
        bio=(
            "Elnur Mammadov (*Elnur Məmmədov*) is **Deputy Minister of Foreign Affairs** of the "
            "Republic of Azerbaijan. In 2025 Deputy Minister Mammadov met the U.S. Trade and "
            "Development Agency delegation in Baku during its talks on bilateral cooperation.\n\n"
            "*Role (generic description):* a deputy foreign minister helps direct the country's "
            "foreign relations and, in economic talks, links individual projects to the wider "
            "political relationship.\n"
        ),
    )
    return [
        _SamplePerson(
            kress,
            "Principal",
            "- Lead each meeting and give the opening remarks.\n"
            "- Keep to the follow-up framing: listen first, then agree next steps.\n"
            "- Close every meeting by confirming one concrete action and who owns it.\n",
        ),
        _SamplePerson(
            asadov,
            "Counterpart",
            "- Thank the Deputy Minister for the 2025 discussions on rail, "
            "telecommunications and space.\n"
            "- Ask which projects now have a sponsor and a timetable.\n"
            "- Offer a working-level session between the agency and the ministry's project "
            "teams.\n",
        ),
        _SamplePerson(
            mammadov,
            "Counterpart",
            "- Recognise the **Strategic Partnership Charter** agreed in 2025 as the frame for "
            "economic cooperation.\n"
            "- Ask how the ministry sees Azerbaijan's role in regional energy security "
            "developing.\n"
            "- Invite views on how projects can support connections between Europe and Asia.\n",
        ),
    ]


_READER_NOTE = (
    "*Sample note:* it only summarises public reporting. A real note would add project names, "
    "values and timetables from verified sources."
)


def _notes() -> list[Note]:
    def note(key: str, title: str, sector: str, body: str, internal: bool = False) -> Note:
        return Note(
            id=_fixed_id(f"note/{key}"),
            title=title,
            sector=sector,
            country="Azerbaijan",
            body=body,
            sources=[SAMPLE_SOURCE] if not internal else ["Regional office planning (sample)"],
            last_verified=_VERIFIED,
            internal=internal,
        )

    return [
        note(
            "railway",
            "Rail links and regional trade routes",
            "Railway infrastructure",
            "Railway infrastructure was one of the three sectors the 2025 talks in Baku returned "
            "to most often. Rail matters to Azerbaijan's place on the trade routes that connect "
            "Europe and Asia, and to the wider goal of diversifying those routes.\n\n"
            "**Questions for the ministry**\n\n"
            "- Which rail projects are furthest along, and which still need studies before they "
            "can attract financing?\n"
            "- Where would U.S. engineering and equipment suppliers add most value?\n"
            "- How are rail plans coordinated with neighbouring countries on the same routes?\n\n"
            + _READER_NOTE,
        ),
        note(
            "telecommunications",
            "Telecommunications and the digital economy",
            "Telecommunications",
            "Telecommunications sits with the Ministry of Digital Development and Transport, "
            "which discussed the sector with the agency in 2025 alongside rail and space. "
            "Reliable networks are the base on which a digital economy, and much regional trade, "
            "now depends.\n\n"
            "**Points to explore**\n\n"
            "- The ministry's priorities for network coverage and capacity.\n"
            "- Where *U.S. technology and services* could fit those priorities.\n"
            "- How telecommunications projects link with transport and energy corridors.\n\n"
            + _READER_NOTE,
        ),
        note(
            "space",
            "Space technologies and satellite services",
            "Space technologies",
            "Space technologies were the third sector named in the 2025 talks with the Ministry "
            "of Digital Development and Transport. For a government, the interest usually lies "
            "less in launches than in the **services** satellites make possible: communications, "
            "observation of the earth, and navigation.\n\n"
            "**Points to explore**\n\n"
            "- Which satellite-based services the ministry wants to develop first.\n"
            "- Whether cooperation could start with studies, training or pilot projects.\n\n"
            + _READER_NOTE,
        ),
        note(
            "energy-security",
            "Energy security and regional supply",
            "Energy security",
            "Public reporting on the 2025 meetings stressed Azerbaijan's role in **regional "
            "energy security**. For U.S. policy, a reliable partner in the South Caucasus helps "
            "diversify both energy sources and the routes that carry them.\n\n"
            "Energy security also ties the economic track to the political one: it is a natural "
            "topic for the meeting at the Ministry of Foreign Affairs, where the *Strategic "
            "Partnership Charter* sets the frame.\n\n"
            "**Points to explore**\n\n"
            "- How Azerbaijan sees its role in regional supply over the next decade.\n"
            "- Where infrastructure projects could strengthen that role.\n\n" + _READER_NOTE,
        ),
        note(
            "renewable-energy",
            "Renewable energy potential",
            "Renewable energy",
            "The 2025 meetings highlighted Azerbaijan's **potential for renewable energy "
            "development**, and renewable energy was named, with infrastructure, as a field where "
            "U.S. private-sector investment could grow.\n\n"
            "**Points to explore**\n\n"
            "- Which renewable projects the government wants to prepare first.\n"
            "- What U.S. investors would need to see before committing.\n"
            "- How new generation would connect to the grid and to regional links.\n\n"
            + _READER_NOTE,
        ),
        note(
            "logistics",
            "Delegation logistics",
            "Logistics",
            "*Internal: for the delegation only; never part of a handout.*\n\n"
            "- **Time zone:** every time in this book is Baku local time (Asia/Baku, UTC+4).\n"
            "- **Interpretation:** confirm with each ministry's protocol office before the "
            "meeting.\n"
            "- **Transport:** the regional office arranges cars between the hotel and the "
            "ministries; allow extra time in the morning traffic.\n"
            "- **Gifts:** none planned; follow the agency's rules if offered one.\n",
            internal=True,
        ),
    ]


def _meetings() -> list[Meeting]:
    def meeting(
        key: str,
        day: int,
        start: str,
        end: str,
        title: str,
        location: str,
        objective: str,
        people: list[str],
    ) -> Meeting:
        return Meeting(
            id=_fixed_id(f"meeting/{key}"),
            book_id=SAMPLE_BOOK_ID,
            title=title,
            start=datetime.fromisoformat(f"2026-12-{day:02d}T{start}"),
            end=datetime.fromisoformat(f"2026-12-{day:02d}T{end}"),
            timezone=SAMPLE_TIMEZONE,
            location=location,
            objective=objective,
            participants=people,
        )

    return [
        meeting(
            "arrival-briefing",
            1,
            "09:00",
            "10:00",
            "Arrival briefing",
            "Delegation hotel, Baku: meeting room",
            "Walk through the programme, the objectives and the talking points; agree who leads "
            "each item.",
            [KRESS_ID],
        ),
        meeting(
            "asadov",
            1,
            "11:00",
            "12:00",
            "Meeting with Deputy Minister Asadov",
            "Ministry of Digital Development and Transport, Baku",
            "Confirm the ministry's priorities in **railway infrastructure**, "
            "**telecommunications** and **space technologies**, and which projects have a "
            "sponsor.",
            [KRESS_ID, ASADOV_ID],
        ),
        meeting(
            "working-lunch",
            1,
            "12:30",
            "14:00",
            "Working lunch on rail and digital links",
            "Restaurant near the ministry, Baku",
            "Continue the morning's discussion informally with the Deputy Minister's team; "
            "collect names of project leads.",
            [KRESS_ID, ASADOV_ID],
        ),
        meeting(
            "mammadov",
            1,
            "15:30",
            "16:30",
            "Meeting with Deputy Minister Mammadov",
            "Ministry of Foreign Affairs, Baku",
            "Hear how the *Strategic Partnership Charter* should guide economic cooperation, "
            "and discuss Azerbaijan's role in regional energy security.",
            [KRESS_ID, MAMMADOV_ID],
        ),
        meeting(
            "roundtable",
            2,
            "10:00",
            "12:00",
            "Private-sector roundtable",
            "Delegation hotel, Baku: conference room",
            "Meet U.S. and Azerbaijani companies interested in infrastructure and renewable "
            "energy; hear what would help them invest.",
            [KRESS_ID],
        ),
        meeting(
            "debrief",
            2,
            "16:00",
            "17:00",
            "Delegation debrief",
            "Delegation hotel, Baku: meeting room",
            "Agree the action list, owners and dates; plan the report on the visit.",
            [KRESS_ID],
        ),
    ]


# Words the sample book accepts through "Ignore in this book": the President is named in the
# text but is not one of the book's people, and "roundtable" is the US spelling of the meeting's
# name in an otherwise British book.
SAMPLE_IGNORED_WORDS = ("Ilham", "Aliyev", "roundtable")


def sample_book() -> Book:
    """The sample book's own record (not yet saved)."""
    return Book(
        id=SAMPLE_BOOK_ID,
        title="Baku trade and development meetings",
        subtitle=SAMPLE_MARK,
        destination="Baku, Azerbaijan",
        start_date=date(2026, 12, 1),
        end_date=date(2026, 12, 3),
        marking="UNCLASSIFIED",
        prepared_by="Regional office",
        organization="U.S. Trade and Development Agency",
        purpose=_PURPOSE,
        page_size="letter",
        timezone=SAMPLE_TIMEZONE,
        language="en-GB",  # its prose spells programme, recognise, neighbouring
    )


def initials(name: str) -> str:
    """Initials of a name's first and last words: "Carl B. Kress" gives "CK"."""
    words = [word for word in name.replace(".", " ").split() if word[:1].isalpha()]
    if not words:
        return "?"
    first, last = words[0], words[-1]
    return (first[0] + (last[0] if len(words) > 1 else "")).upper()


def _portrait_font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    fonts = resource_path("fonts")
    candidates = sorted(fonts.glob("*.ttf")) if fonts.is_dir() else []
    # Prefer a bold sans face; any bundled font beats the platform's, which varies by machine.
    ranked = sorted(candidates, key=lambda p: ("Bold" not in p.name, "Serif" in p.name, p.name))
    for path in ranked:
        try:
            return ImageFont.truetype(str(path), size)
        except OSError:
            continue
    try:
        return ImageFont.load_default(size=size)
    except (OSError, ImportError):
        return ImageFont.load_default()


def placeholder_portrait(name: str) -> Image:
    """A PNG placeholder showing ``name``'s initials on a colour picked from the name.

    The same name always gives the same colours, so the same bytes on one installation.
    """
    data = _portrait_png(name)
    width, height = PORTRAIT_SIZE
    return Image(hashlib.sha256(data).hexdigest(), "image/png", data, width, height)


@functools.lru_cache(maxsize=64)
def _portrait_png(name: str) -> bytes:
    # Drawing costs tens of milliseconds; the sample's three portraits are asked for often.
    width, height = PORTRAIT_SIZE
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    background = _PORTRAIT_COLOURS[digest[0] % len(_PORTRAIT_COLOURS)]
    canvas = PILImage.new("RGB", PORTRAIT_SIZE, background)
    draw = ImageDraw.Draw(canvas)
    text = initials(name)
    font = _portrait_font(200)
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    draw.text(
        ((width - (right - left)) / 2 - left, (height - (bottom - top)) / 2 - top - 30),
        text,
        font=font,
        fill=(255, 255, 255),
    )
    label_font = _portrait_font(28)
    label = "PLACEHOLDER"
    left, top, right, bottom = draw.textbbox((0, 0), label, font=label_font)
    draw.text(
        ((width - (right - left)) / 2 - left, height - 70 - top),
        label,
        font=label_font,
        fill=(235, 235, 235),
    )
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _add_if_missing_person(store: Store, person: Person) -> None:
    """Add a sample person unless the library already has them (keeps an officer's edits)."""
    try:
        store.get_person(person.id)
    except NotFound:
        portrait = placeholder_portrait(person.name)
        store.put_image(portrait)
        person.photo = portrait.sha256
        person.photo_alt = f"Placeholder portrait showing the initials {initials(person.name)}"
        store.save_person(person)


def _add_if_missing_note(store: Store, note: Note) -> None:
    try:
        store.get_note(note.id)
    except NotFound:
        store.save_note(note)


def ensure_sample_book(store: Store) -> Book:
    """Add the sample book with its people, notes and schedule unless it is already there.

    Idempotent: a store that has the sample book (by its fixed id) is left as it is. People and
    notes already in the libraries are reused rather than overwritten.
    """
    try:
        return store.get_book(SAMPLE_BOOK_ID)
    except NotFound:
        pass
    with store.transaction():
        book = store.save_book(sample_book())
        for position, (title, body, handout) in enumerate(_SECTIONS):
            store.save_section(
                Section(
                    id=_fixed_id(f"section/{title.lower()}"),
                    book_id=book.id,
                    title=title,
                    body=body,
                    handout=handout,
                    position=position,
                    template_key=title.lower().replace(" ", "_"),
                )
            )
        for entry in _people():
            _add_if_missing_person(store, entry.person)
            store.attach_person(book.id, entry.person.id, entry.role, entry.talking_points)
        for note in _notes():
            _add_if_missing_note(store, note)
            store.attach_note(book.id, note.id)
        for meeting in _meetings():
            store.save_meeting(meeting)
        for word in SAMPLE_IGNORED_WORDS:
            store.ignore_word(book.id, word)
        # The sample keeps BriefBook's own look whatever the office makes its default.
        from app.styles.model import BUILTIN_ID
        from app.styles.records import StyleRecords

        StyleRecords(store).set_book_style(book.id, BUILTIN_ID)
    return book


def sample_library_ids() -> tuple[list[str], list[str]]:
    """The ids of the people and notes the sample book brings into the libraries."""
    return [entry.person.id for entry in _people()], [note.id for note in _notes()]


def is_sample_book(book: Book) -> bool:
    """True for the sample book (by its fixed id), whatever the officer renamed it to."""
    return book.id == SAMPLE_BOOK_ID


__all__ = [
    "SAMPLE_BOOK_ID",
    "SAMPLE_MARK",
    "ensure_sample_book",
    "initials",
    "is_sample_book",
    "placeholder_portrait",
    "sample_book",
    "sample_library_ids",
]
