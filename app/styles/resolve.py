"""Which house style an export uses, and a style made from an office's Word document.

``--style NAME|FILE``: a ``.docx``/``.dotx`` file becomes a style of its own (its page set-up,
fonts, colours and letterhead, with the document kept as the DOCX reference); a ``.bbstyle``
file is read as it is; anything else names a style in the store. Without ``--style`` the book's
own choice applies, else the store's default.
"""

from __future__ import annotations

from pathlib import Path

from app.errors import InvalidInput
from app.store import Store
from app.styles.model import (
    MAX_BASE_SIZE,
    MAX_MARGIN_MM,
    MIN_BASE_SIZE,
    MIN_MARGIN_MM,
    HouseStyle,
    Margins,
    is_colour,
)
from app.styles.records import StyleRecords
from app.styles.reference import read_reference

WORD_SUFFIXES = (".docx", ".dotx")
_PAPERS = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}


def _nearest_paper(width_mm: float, height_mm: float) -> str:
    short, long = sorted((width_mm, height_mm))
    return min(
        _PAPERS,
        key=lambda name: abs(_PAPERS[name][0] - short) + abs(_PAPERS[name][1] - long),
    )


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def take_reference(style: HouseStyle, data: bytes, name: str) -> HouseStyle:
    """``style`` with ``data`` as its reference document and every value the document states
    (page, margins, fonts, size, heading colours, letterhead, header logo) taken from it."""
    look = read_reference(data)
    changed = style.copy(reference=data, reference_name=name)
    if look.page_width_mm and look.page_height_mm:
        changed.page_size = _nearest_paper(look.page_width_mm, look.page_height_mm)
    if look.margins_mm:
        changed.margins = Margins(
            *(_clamp(side, MIN_MARGIN_MM, MAX_MARGIN_MM) for side in look.margins_mm)
        )
    if look.body_font:
        changed.body_font = look.body_font
    if look.heading_font:
        changed.heading_font = look.heading_font
    elif look.body_font:
        changed.heading_font = look.body_font
    if look.base_size:
        changed.base_size = _clamp(look.base_size, MIN_BASE_SIZE, MAX_BASE_SIZE)
    colours = list(changed.heading_colours)
    for index, colour in enumerate(look.heading_colours):
        if colour and is_colour(colour):
            colours[index] = colour
    changed.heading_colours = (colours[0], colours[1], colours[2])
    if look.letterhead:
        changed.letterhead = look.letterhead
    if look.logo is not None:
        changed.logo = look.logo
        changed.logo_in_header = True
    return changed


def style_from_word_file(path: Path) -> HouseStyle:
    """A style made from an office's ``.docx``/``.dotx`` (named after the file)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InvalidInput(f"Cannot read {path}: {error.strerror or error}.") from error
    return take_reference(HouseStyle(name=path.stem or "Office style"), data, path.name)


def resolve_style(store: Store, book_id: str, choice: str | None = None) -> HouseStyle:
    """The style an export of ``book_id`` uses (see the module docstring)."""
    from app.styles.files import STYLE_SUFFIX, read_style_file

    if choice:
        candidate = Path(choice).expanduser()
        suffix = candidate.suffix.lower()
        if suffix in WORD_SUFFIXES or suffix == STYLE_SUFFIX:
            if not candidate.is_file():
                raise InvalidInput(f"{candidate} does not exist or is not a file.")
            if suffix == STYLE_SUFFIX:
                return read_style_file(candidate)
            return style_from_word_file(candidate)
        return StyleRecords(store).find_style(choice)
    return StyleRecords(store).style_for_book(book_id)
