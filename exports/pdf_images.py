"""Photos prepared for the page: decoded once, shrunk to what the print needs, never stretched."""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image as PILImage
from PIL import ImageOps

from app.domain import Image

PRINT_DPI = 220  # sharp in print at the shown size, without megabytes per portrait
JPEG_QUALITY = 85


@dataclass(frozen=True)
class PreparedImage:
    """JPEG bytes ready to embed, with their pixel size (the aspect the page must keep)."""

    data: bytes
    width_px: int
    height_px: int

    def height_for(self, width_pt: float) -> float:
        """The shown height for ``width_pt``, keeping the picture's aspect ratio."""
        return width_pt * self.height_px / self.width_px


def _flatten(picture: PILImage.Image) -> PILImage.Image:
    if picture.mode in ("RGBA", "LA", "PA") or (
        picture.mode == "P" and "transparency" in picture.info
    ):
        rgba = picture.convert("RGBA")
        white = PILImage.new("RGBA", rgba.size, (255, 255, 255, 255))
        return PILImage.alpha_composite(white, rgba).convert("RGB")
    return picture.convert("L" if picture.mode in ("1", "L", "I", "I;16", "F") else "RGB")


def prepare_image(image: Image, width_in: float) -> PreparedImage | None:
    """``image`` upright, on white, at most ``PRINT_DPI`` at ``width_in`` inches wide, as JPEG.

    Returns None when the stored bytes cannot be decoded (the caller prints the alt text).
    """
    target = max(1, round(width_in * PRINT_DPI))
    try:
        with PILImage.open(io.BytesIO(image.data)) as opened:
            # A JPEG decodes at 1/2, 1/4 or 1/8 scale for free: ask for the smallest scale
            # that still covers the target on both sides (either may become the width once
            # EXIF rotation is applied), so a 1200x1600 portrait is not decoded at full size.
            opened.draft(opened.mode, (target, target))
            picture = ImageOps.exif_transpose(opened)
            picture = _flatten(picture)
    except (OSError, ValueError, SyntaxError, PILImage.DecompressionBombError):
        return None
    if picture.width > target:  # only ever shrink: enlarging adds bytes, not detail
        height = max(1, round(picture.height * target / picture.width))
        picture = picture.resize((target, height), PILImage.Resampling.LANCZOS)
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return PreparedImage(out.getvalue(), picture.width, picture.height)
