"""Safe image loading: only sound JPEG/PNG pictures of sensible size get in."""

from __future__ import annotations

import hashlib
import io
import struct
import warnings
import zlib

import pytest
from PIL import Image as PILImage

from app.errors import InvalidInput
from app.images import image_hash, load_image, make_portrait


def picture_bytes(
    size: tuple[int, int],
    image_format: str = "PNG",
    mode: str = "RGB",
    colour: object = (200, 30, 30),
    **save: object,
) -> bytes:
    buffer = io.BytesIO()
    PILImage.new(mode, size, colour).save(buffer, format=image_format, **save)  # type: ignore[arg-type]
    return buffer.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` x ``height`` pixels: a decompression bomb."""

    def chunk(kind: bytes, payload: bytes) -> bytes:
        crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def test_png_is_described_by_hash_mime_and_size() -> None:
    data = picture_bytes((30, 20))
    image = load_image(data)
    assert image.sha256 == hashlib.sha256(data).hexdigest() == image_hash(data)
    assert (image.mime, image.width, image.height, image.data) == ("image/png", 30, 20, data)


def test_jpeg_is_accepted() -> None:
    image = load_image(picture_bytes((16, 24), "JPEG"))
    assert (image.mime, image.width, image.height) == ("image/jpeg", 16, 24)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"plain text pretending to be a photo",
        picture_bytes((10, 10), "GIF", mode="P", colour=1),
        picture_bytes((10, 10), "BMP"),
        b"<svg xmlns='http://www.w3.org/2000/svg'/>",
    ],
    ids=["empty", "text", "gif", "bmp", "svg"],
)
def test_anything_but_jpeg_or_png_is_refused(data: bytes) -> None:
    with pytest.raises(InvalidInput, match="not a JPEG or PNG image"):
        load_image(data)


def test_truncated_png_is_refused() -> None:
    data = picture_bytes((200, 200), mode="RGB", colour=(1, 2, 3))
    with pytest.raises(InvalidInput, match="damaged or incomplete"):
        load_image(data[: len(data) // 2])


def test_truncated_jpeg_is_refused() -> None:
    noisy = PILImage.effect_noise((200, 200), 80).convert("RGB")
    buffer = io.BytesIO()
    noisy.save(buffer, format="JPEG")
    data = buffer.getvalue()
    with pytest.raises(InvalidInput, match="damaged or incomplete"):
        load_image(data[: len(data) // 2])


def test_png_with_a_bad_checksum_is_refused() -> None:
    data = bytearray(picture_bytes((20, 20)))
    data[29] ^= 0xFF  # inside the IHDR CRC
    with pytest.raises(InvalidInput):
        load_image(bytes(data))


def test_files_over_the_byte_limit_are_refused() -> None:
    data = picture_bytes((40, 40))
    with pytest.raises(InvalidInput, match="larger than"):
        load_image(data, max_bytes=len(data) - 1)
    assert load_image(data, max_bytes=len(data)).size == len(data)


@pytest.mark.parametrize(
    ("width", "height"),
    [
        (7000, 7000),  # over BriefBook's 40 million, under Pillow's own limit
        (10000, 9000),  # over Pillow's warning limit
        (50000, 50000),  # over Pillow's error limit
    ],
)
def test_decompression_bombs_are_refused_without_a_warning(width: int, height: int) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(InvalidInput, match="million pixels"):
            load_image(png_claiming(width, height))
    assert caught == []


def test_pixel_limit_is_adjustable() -> None:
    data = picture_bytes((100, 100))
    with pytest.raises(InvalidInput, match="pixels"):
        load_image(data, max_pixels=9_999)
    assert load_image(data, max_pixels=10_000).width == 100


def test_portrait_is_a_4_by_5_jpeg_within_the_size_limit() -> None:
    portrait = make_portrait(picture_bytes((1600, 900)), max_side=400)
    assert portrait.mime == "image/jpeg"
    assert (portrait.width, portrait.height) == (320, 400)
    assert load_image(portrait.data) == portrait


def test_small_portrait_is_cropped_but_not_enlarged() -> None:
    portrait = make_portrait(picture_bytes((100, 300)))
    assert (portrait.width, portrait.height) == (100, 125)


def test_portrait_follows_exif_orientation_and_drops_exif() -> None:
    exif = PILImage.Exif()
    exif[0x0112] = 6  # stored sideways: the camera was turned 90 degrees
    exif[0x010F] = "Camera maker that should not leak"
    sideways = picture_bytes((200, 100), "JPEG", exif=exif.tobytes())
    portrait = make_portrait(sideways)
    # Upright the picture is 100 wide and 200 high, so 4:5 keeps the full width.
    assert (portrait.width, portrait.height) == (100, 125)
    with PILImage.open(io.BytesIO(portrait.data)) as reopened:
        assert dict(reopened.getexif()) == {}
        assert "exif" not in reopened.info


def test_portrait_flattens_transparency_onto_white() -> None:
    clear = picture_bytes((80, 100), mode="RGBA", colour=(0, 0, 0, 0))
    portrait = make_portrait(clear)
    with PILImage.open(io.BytesIO(portrait.data)) as reopened:
        red, green, blue = reopened.convert("RGB").getpixel((40, 50))  # type: ignore[misc]
    assert min(red, green, blue) > 245


def test_portrait_refuses_what_load_image_refuses() -> None:
    with pytest.raises(InvalidInput, match="million pixels"):
        make_portrait(png_claiming(10000, 9000))
    with pytest.raises(InvalidInput, match="not a JPEG or PNG"):
        make_portrait(b"GIF89a")
