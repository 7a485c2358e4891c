"""Pictures inside Markdown bodies: ``![alt](image:SHA256)`` names an image in the store.

A Word import stores each picture once (``images`` table, by SHA-256) and writes this reference
into the section's body; exports draw it as a picture, and the store keeps images a body still
names. Nothing is ever fetched: a reference to anything but a stored image stays its alt text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

IMAGE_SCHEME = "image:"
_REFERENCE = re.compile(r"\(image:([0-9a-f]{64})\)")
MAX_BODY_PICTURE_WIDTH_IN = 6.0
SCREEN_DPI = 96


def image_reference(sha256: str) -> str:
    """The link target a body uses for the stored image ``sha256``."""
    return f"{IMAGE_SCHEME}{sha256}"


def referenced_images(bodies: Iterable[str]) -> list[str]:
    """The SHA-256s of stored images named in ``bodies``, in order of first mention."""
    seen: dict[str, None] = {}
    for body in bodies:
        if IMAGE_SCHEME in body:
            for found in _REFERENCE.finditer(body):
                seen.setdefault(found.group(1), None)
    return list(seen)


def without_targets(body: str) -> str:
    """``body`` with its ``(image:SHA256)`` link targets removed (the alt text stays): what
    search indexes and shows, so 64 hex digits never match a query or fill a snippet."""
    return _REFERENCE.sub("", body) if IMAGE_SCHEME in body else body


def sha_of(src: str) -> str | None:
    """The SHA-256 an ``image:`` link target names, or None for anything else."""
    if not src.startswith(IMAGE_SCHEME):
        return None
    sha = src[len(IMAGE_SCHEME) :].lower()
    return sha if re.fullmatch(r"[0-9a-f]{64}", sha) else None


def print_width_in(width_px: int) -> float:
    """A body picture's printed width: its size on screen, never wider than the text."""
    if width_px <= 0:
        return MAX_BODY_PICTURE_WIDTH_IN
    return round(min(MAX_BODY_PICTURE_WIDTH_IN, max(0.75, width_px / SCREEN_DPI)), 2)
