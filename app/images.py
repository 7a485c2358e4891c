"""Safe handling of pictures that come from outside: photo files, bundles, the photo picker.

Only JPEG and PNG are accepted. Every picture is checked in full (header, size in bytes,
size in pixels, then a complete decode) before BriefBook keeps it, so a broken file or a
decompression bomb is refused with a plain message instead of failing later in an export.
"""

from __future__ import annotations

import hashlib
import io
import warnings

from PIL import Image as PILImage
from PIL import ImageOps, UnidentifiedImageError

from app.domain import Image
from app.errors import InvalidInput

MAX_IMAGE_BYTES = 20 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
PORTRAIT_RATIO = (4, 5)  # width : height
PORTRAIT_QUALITY = 88

_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_JPEG_MAGIC = b"\xff\xd8\xff"
_MIME_BY_FORMAT = {"PNG": "image/png", "JPEG": "image/jpeg", "MPO": "image/jpeg"}
# Everything Pillow raises for malformed input; a hostile file must never escape as a crash.
_DECODE_ERRORS = (
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    IndexError,
    KeyError,
    TypeError,
    ZeroDivisionError,
    MemoryError,
    UnidentifiedImageError,
)


def image_hash(data: bytes) -> str:
    """The SHA-256 of image bytes as lowercase hex: the key an image is stored under."""
    return hashlib.sha256(data).hexdigest()


def _sniff_format(data: bytes) -> str:
    if data.startswith(_PNG_MAGIC):
        return "PNG"
    if data.startswith(_JPEG_MAGIC):
        return "JPEG"
    raise InvalidInput("The file is not a JPEG or PNG image.")


def _open(data: bytes, image_format: str, max_pixels: int) -> PILImage.Image:
    """Open ``data`` lazily with only the plugin its magic bytes announce.

    Pillow warns about (rather than refuses) pictures between its own limit and twice that;
    the warning is turned into an error here so it can never leak out as a warning.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("error", PILImage.DecompressionBombWarning)
        try:
            opened = PILImage.open(io.BytesIO(data), formats=[image_format])
        except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning) as error:
            raise InvalidInput(_too_many_pixels(max_pixels)) from error
    width, height = opened.size
    if width <= 0 or height <= 0:
        opened.close()
        raise InvalidInput("The image has no pixels.")
    if width * height > max_pixels:
        opened.close()
        raise InvalidInput(_too_many_pixels(max_pixels))
    return opened


def _too_many_pixels(max_pixels: int) -> str:
    return (
        f"The image has more than {max_pixels // 1_000_000} million pixels; use a smaller picture."
    )


def load_image(
    data: bytes, *, max_bytes: int = MAX_IMAGE_BYTES, max_pixels: int = MAX_IMAGE_PIXELS
) -> Image:
    """Check that ``data`` is a complete, reasonably sized JPEG or PNG and describe it.

    Raises ``InvalidInput`` for anything else: other formats, files over ``max_bytes``,
    pictures over ``max_pixels`` (decompression bombs), truncated or corrupt files.
    """
    if len(data) > max_bytes:
        raise InvalidInput(
            f"The image is larger than {max_bytes / (1024 * 1024):g} MB; use a smaller picture."
        )
    image_format = _sniff_format(data)
    try:
        with _open(data, image_format, max_pixels) as header:
            header.verify()
        # verify() leaves the image unusable; a second, full decode catches what it misses
        # (JPEG verify checks little, and truncated pixel data only shows when decoding).
        with _open(data, image_format, max_pixels) as decoded:
            decoded.load()
            width, height = decoded.size
            found_format = decoded.format or image_format
    except InvalidInput:
        raise
    except _DECODE_ERRORS as error:
        raise InvalidInput(
            f"The file is not a valid {image_format} image (it is damaged or incomplete)."
        ) from error
    return Image(
        sha256=image_hash(data),
        mime=_MIME_BY_FORMAT.get(found_format, f"image/{image_format.lower()}"),
        data=data,
        width=width,
        height=height,
    )


def _on_white(picture: PILImage.Image) -> PILImage.Image:
    """Flatten transparency onto white, because JPEG has no alpha channel."""
    if picture.mode in ("RGBA", "LA") or (picture.mode == "P" and "transparency" in picture.info):
        rgba = picture.convert("RGBA")
        background = PILImage.new("RGBA", rgba.size, (255, 255, 255, 255))
        return PILImage.alpha_composite(background, rgba).convert("RGB")
    return picture.convert("RGB")


def _crop_to_portrait(picture: PILImage.Image) -> PILImage.Image:
    ratio_w, ratio_h = PORTRAIT_RATIO
    width, height = picture.size
    if width * ratio_h > height * ratio_w:  # too wide: trim the sides
        new_width = max(1, height * ratio_w // ratio_h)
        left = (width - new_width) // 2
        return picture.crop((left, 0, left + new_width, height))
    new_height = max(1, width * ratio_h // ratio_w)  # too tall: trim top and bottom
    top = (height - new_height) // 2
    return picture.crop((0, top, width, top + new_height))


def make_portrait(data: bytes, *, max_side: int = 800) -> Image:
    """Turn a photo into a 4:5 portrait JPEG for a profile.

    The photo is checked like ``load_image``, turned upright by its EXIF orientation,
    centre-cropped to 4:5, scaled down so its height is at most ``max_side`` and re-encoded
    as JPEG without any metadata (camera EXIF may hold locations).
    """
    if max_side < 5:
        raise InvalidInput("A portrait needs to be at least 5 pixels high.")
    load_image(data)
    image_format = _sniff_format(data)
    try:
        with _open(data, image_format, MAX_IMAGE_PIXELS) as opened:
            upright = ImageOps.exif_transpose(opened)
            portrait = _crop_to_portrait(_on_white(upright))
    except InvalidInput:
        raise
    except _DECODE_ERRORS as error:
        raise InvalidInput("The photo could not be read; choose another picture.") from error
    if portrait.height > max_side:
        ratio_w, ratio_h = PORTRAIT_RATIO
        size = (max(1, max_side * ratio_w // ratio_h), max_side)
        portrait = portrait.resize(size, PILImage.Resampling.LANCZOS)
    output = io.BytesIO()
    portrait.save(output, format="JPEG", quality=PORTRAIT_QUALITY, optimize=True)
    return load_image(output.getvalue())
