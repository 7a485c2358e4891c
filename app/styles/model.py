"""The house style record and the built-in style.

A style holds plain values (fonts by name, colours as ``#RRGGBB``, sizes in points, margins in
millimetres) and the bytes of what it embeds: a logo, TrueType files the user added, and an
optional reference Word document. The built-in style is BriefBook's own look; a book with no
style of its own uses the store's default style, which is the built-in one until an office
chooses another.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from app.domain import Image, new_id

BUILTIN_ID = "briefbook"
BUILTIN_NAME = "BriefBook"

# The bundled families a style may name (the writers resolve them to the bundled Noto files).
BUNDLED_FAMILIES = ("Noto Serif", "Noto Sans")
COVER_LAYOUTS = ("classic", "centred", "letterhead")
COVER_LAYOUT_LABELS = {
    "classic": "Classic: title on the left, accent bar",
    "centred": "Centred: seal above a centred title",
    "letterhead": "Letterhead: logo and letterhead across the top",
}
PAGE_SIZES = ("", "a4", "letter")  # "" = the book's own page size
FONT_SLOTS = ("regular", "bold", "italic", "bold_italic")

DEFAULT_BASE_SIZE = 10.5
MIN_BASE_SIZE = 8.0
MAX_BASE_SIZE = 16.0
DEFAULT_HEADING_COLOURS = ("#1F3A5F", "#1F3A5F", "#1F3A5F")
MAX_MARGIN_MM = 60.0
MIN_MARGIN_MM = 8.0
MAX_LETTERHEAD_LINES = 4
MAX_NAME_LENGTH = 80

_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
# Names Word and LibreOffice give sans-serif faces: a family BriefBook has no file for is drawn
# in the PDF with the bundled family of the same kind.
_SANS_HINTS = (
    "sans",
    "arial",
    "helvetica",
    "calibri",
    "verdana",
    "tahoma",
    "segoe",
    "aptos",
    "carlito",
    "liberation sans",
    "dejavu sans",
    "open sans",
    "roboto",
    "lato",
    "gill",
    "franklin",
    "trebuchet",
    "univers",
    "frutiger",
    "myriad",
    "public sans",
)


def looks_sans(family: str) -> bool:
    """Whether a font family name is a sans-serif face (by its name; good enough to pick the
    bundled stand-in of the same kind)."""
    name = family.casefold()
    if "serif" in name and "sans" not in name:
        return False
    return any(hint in name for hint in _SANS_HINTS)


def is_colour(text: str) -> bool:
    """``#RRGGBB``."""
    return bool(_COLOUR.fullmatch(text))


@dataclass(frozen=True)
class Margins:
    """Page margins in millimetres."""

    top: float
    right: float
    bottom: float
    left: float

    def as_tuple(self) -> tuple[float, float, float, float]:
        return (self.top, self.right, self.bottom, self.left)


@dataclass
class HouseStyle:
    """One office's look. Empty or ``None`` fields keep BriefBook's own choice.

    ``fonts`` holds TrueType families the user added: family name -> slot (``regular``,
    ``bold``, ``italic``, ``bold_italic``) -> the file's bytes. ``body_font`` and
    ``heading_font`` name a bundled family, an added one, or any family (a Word document then
    names it and the PDF uses the bundled family of the same kind).
    """

    name: str
    body_font: str = "Noto Serif"
    heading_font: str = "Noto Sans"
    base_size: float = DEFAULT_BASE_SIZE
    heading_colours: tuple[str, str, str] = DEFAULT_HEADING_COLOURS
    page_size: str = ""
    margins: Margins | None = None
    logo: Image | None = None
    logo_in_header: bool = False
    letterhead: str = ""
    cover_layout: str = "classic"
    reference: bytes | None = None
    reference_name: str = ""
    fonts: dict[str, dict[str, bytes]] = field(default_factory=dict)
    id: str = field(default_factory=new_id)
    created_at: str = ""
    updated_at: str = ""

    @property
    def builtin(self) -> bool:
        return self.id == BUILTIN_ID

    def letterhead_lines(self) -> list[str]:
        """The letterhead as the header prints it: non-empty lines, at most four."""
        lines = [" ".join(line.split()) for line in self.letterhead.splitlines()]
        return [line for line in lines if line][:MAX_LETTERHEAD_LINES]

    def copy(self, **changes: object) -> HouseStyle:
        """A changed copy (lists and dicts are not shared)."""
        fonts = {family: dict(slots) for family, slots in self.fonts.items()}
        return replace(self, fonts=fonts, **changes)  # type: ignore[arg-type]


def builtin_style() -> HouseStyle:
    """BriefBook's own look: what every book had before house styles, and the sample book's."""
    return HouseStyle(name=BUILTIN_NAME, id=BUILTIN_ID)


def validate(style: HouseStyle) -> list[str]:
    """What is wrong with ``style``, one sentence each (empty when it may be saved)."""
    problems: list[str] = []
    name = " ".join(style.name.split())
    if not name:
        problems.append("A house style needs a name.")
    elif len(name) > MAX_NAME_LENGTH:
        problems.append(f"A style's name may have at most {MAX_NAME_LENGTH} characters.")
    if name.casefold() == BUILTIN_NAME.casefold() and not style.builtin:
        problems.append(f'"{BUILTIN_NAME}" is the built-in style\'s name; choose another.')
    for role, family in (("body", style.body_font), ("heading", style.heading_font)):
        if not family.strip():
            problems.append(f"Choose a {role} font.")
    if not MIN_BASE_SIZE <= style.base_size <= MAX_BASE_SIZE:
        problems.append(
            f"The base size must be between {MIN_BASE_SIZE:g} and {MAX_BASE_SIZE:g} points."
        )
    if len(style.heading_colours) != 3 or not all(map(is_colour, style.heading_colours)):
        problems.append("Heading colours must be written #RRGGBB.")
    if style.page_size not in PAGE_SIZES:
        problems.append("The page size must be A4, Letter or the book's own.")
    if style.margins is not None and not all(
        MIN_MARGIN_MM <= value <= MAX_MARGIN_MM for value in style.margins.as_tuple()
    ):
        problems.append(
            f"Margins must be between {MIN_MARGIN_MM:g} and {MAX_MARGIN_MM:g} millimetres."
        )
    if style.cover_layout not in COVER_LAYOUTS:
        problems.append(f"The cover layout must be one of {', '.join(COVER_LAYOUTS)}.")
    for family, slots in style.fonts.items():
        if not family.strip() or "regular" not in slots:
            problems.append(f"The added font {family!r} needs its regular face.")
        if any(slot not in FONT_SLOTS for slot in slots):
            problems.append(f"The added font {family!r} has a face BriefBook does not know.")
    return problems
