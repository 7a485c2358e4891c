"""House styles for the export tests: three contrasting looks and a tall seal."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image as PILImage
from PIL import ImageDraw

from app.domain import Image
from app.images import load_image
from app.styles.model import HouseStyle, Margins

REFERENCES = Path(__file__).parent / "exports" / "house"
PYTHON_DOCX_REFERENCE = REFERENCES / "office-python-docx.docx"
DOTX_REFERENCE = REFERENCES / "office-python-docx.dotx"
LIBREOFFICE_REFERENCE = REFERENCES / "office-libreoffice.docx"
TEMPLATE_TEXT = "MUST NEVER APPEAR"


def tall_seal(size: tuple[int, int] = (200, 900)) -> Image:
    """A seal far taller than wide (1:4.5), so a stretched or cropped logo shows."""
    picture = PILImage.new("RGB", size, "white")
    draw = ImageDraw.Draw(picture)
    width, height = size
    draw.rectangle((8, 8, width - 8, height - 8), outline="#5A1E6E", width=10)
    draw.ellipse((30, 40, width - 30, 40 + width - 60), fill="#5A1E6E")
    out = io.BytesIO()
    picture.save(out, "PNG")
    return load_image(out.getvalue())


def a4_serif() -> HouseStyle:
    """State's look: A4, a serif at 12 pt, black headings, a centred cover, a letterhead."""
    return HouseStyle(
        name="A4 serif",
        body_font="Times New Roman",
        heading_font="Times New Roman",
        base_size=12.0,
        heading_colours=("#000000", "#222222", "#444444"),
        page_size="a4",
        margins=Margins(25, 25, 25, 25),
        letterhead="Department of State\nOffice of the Coordinator\nWashington, DC",
        cover_layout="centred",
    )


def letter_sans() -> HouseStyle:
    """A sans look on Letter with narrow margins (the page furniture keeps its room)."""
    return HouseStyle(
        name="Letter sans",
        body_font="Noto Sans",
        heading_font="Noto Sans",
        base_size=10.0,
        heading_colours=("#0B6E69", "#0B6E69", "#333333"),
        page_size="letter",
        margins=Margins(12, 14, 12, 14),
        cover_layout="classic",
    )


def tall_logo() -> HouseStyle:
    """A tall seal on the cover and in the header of every page, the letterhead cover."""
    return HouseStyle(
        name="Tall logo",
        body_font="Georgia",
        heading_font="Arial",
        base_size=11.0,
        heading_colours=("#5A1E6E", "#5A1E6E", "#5A1E6E"),
        page_size="a4",
        margins=Margins(35, 30, 30, 30),
        logo=tall_seal(),
        logo_in_header=True,
        letterhead="Embassy of the Republic\nCommercial Section",
        cover_layout="letterhead",
    )


THREE_STYLES = {"a4-serif": a4_serif, "letter-sans": letter_sans, "tall-logo": tall_logo}
