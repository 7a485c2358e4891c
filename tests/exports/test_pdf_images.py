"""Photos for the PDF: shrunk to print size (never enlarged), upright, aspect kept."""

from __future__ import annotations

import io

from PIL import Image as PILImage

from app.domain import Image
from exports.pdf_images import PRINT_DPI, prepare_image

WIDTH_IN = 1.6
TARGET = round(WIDTH_IN * PRINT_DPI)


def _jpeg(width: int, height: int, orientation: int | None = None) -> Image:
    picture = PILImage.new("RGB", (width, height), (200, 40, 40))
    # A dark top band tells which way up the photo came out.
    picture.paste((10, 10, 10), (0, 0, width, height // 4))
    exif = PILImage.Exif()
    if orientation is not None:
        exif[0x0112] = orientation
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=90, exif=exif.tobytes())
    return Image(sha256="x", mime="image/jpeg", data=out.getvalue(), width=width, height=height)


def _decoded(data: bytes) -> PILImage.Image:
    return PILImage.open(io.BytesIO(data))


def test_a_large_portrait_is_shrunk_to_print_size_with_its_aspect() -> None:
    prepared = prepare_image(_jpeg(1200, 1600), WIDTH_IN)
    assert prepared is not None
    assert (prepared.width_px, prepared.height_px) == (TARGET, round(1600 * TARGET / 1200))
    assert _decoded(prepared.data).size == (prepared.width_px, prepared.height_px)


def test_a_much_larger_photo_still_comes_out_at_print_size_not_below() -> None:
    # Decoding at a reduced scale must never undershoot the target width.
    prepared = prepare_image(_jpeg(4000, 3000), WIDTH_IN)
    assert prepared is not None
    assert prepared.width_px == TARGET
    assert prepared.height_px == round(3000 * TARGET / 4000)


def test_a_small_photo_is_not_enlarged() -> None:
    prepared = prepare_image(_jpeg(200, 300), WIDTH_IN)
    assert prepared is not None
    assert (prepared.width_px, prepared.height_px) == (200, 300)


def test_exif_rotation_is_applied_before_sizing() -> None:
    # Stored 1600x1200 landscape pixels marked "rotate 90°": a 1200x1600 portrait upright.
    prepared = prepare_image(_jpeg(1600, 1200, orientation=6), WIDTH_IN)
    assert prepared is not None
    assert prepared.width_px == TARGET
    assert prepared.height_px == round(1600 * TARGET / 1200)
    upright = _decoded(prepared.data).convert("RGB")
    # The dark band was on the stored top; rotated 90° clockwise it sits on the right edge.
    right = upright.getpixel((upright.width - 3, upright.height // 2))
    left = upright.getpixel((3, upright.height // 2))
    assert isinstance(right, tuple) and isinstance(left, tuple)
    assert sum(right) < 100 < sum(left)


def test_bytes_that_are_not_a_picture_give_none() -> None:
    assert prepare_image(Image(sha256="x", mime="image/jpeg", data=b"not a jpeg"), WIDTH_IN) is None
