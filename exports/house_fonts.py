"""TrueType families a house style embeds, registered with reportlab the way the bundled ones
are: a family name and its ``-Bold``, ``-Italic`` and ``-BoldItalic`` faces, so ``<b>`` and
``<i>`` map to them and ``exports.fonts.base_family`` finds the family of a face name.

Each family's character coverage is kept here too, for the font machinery to decide which
characters another (bundled) font must draw.
"""

from __future__ import annotations

import hashlib
import io
import threading

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import registerFontFamily
from reportlab.pdfbase.ttfonts import TTFont

from app.errors import ExportFailed

PREFIX = "BriefBookHouse"
_SUFFIXES = {"regular": "", "bold": "-Bold", "italic": "-Italic", "bold_italic": "-BoldItalic"}
_lock = threading.Lock()
_coverage: dict[str, frozenset[int]] = {}
_registered: set[str] = set()


def family_name(slots: dict[str, bytes]) -> str:
    """The registered family name of a set of faces (the same bytes, the same name)."""
    digest = hashlib.sha256()
    for slot in sorted(slots):
        digest.update(slot.encode())
        digest.update(hashlib.sha256(slots[slot]).digest())
    return f"{PREFIX}{digest.hexdigest()[:12]}"


def register_family(slots: dict[str, bytes]) -> str:
    """Register ``slots`` (``regular`` required; ``bold``, ``italic``, ``bold_italic``) as one
    family and return its name; missing faces reuse the closest one given."""
    family = family_name(slots)
    with _lock:
        if family in _registered:
            return family
        fonts: dict[str, TTFont] = {}
        for slot, data in slots.items():
            try:
                fonts[slot] = TTFont(family + _SUFFIXES[slot], io.BytesIO(data))
            except Exception as error:  # a damaged or unsupported font: say so
                raise ExportFailed(
                    "A font file of the house style cannot be used in a PDF "
                    f"({str(error).splitlines()[0][:100]}); choose another font."
                ) from error
        # A face the style lacks is drawn with the closest face it has, under its own name.
        closest = {"bold": "regular", "italic": "regular", "bold_italic": "bold"}
        for slot in ("bold", "italic", "bold_italic"):
            if slot not in fonts:
                source = slots.get(closest[slot]) or slots["regular"]
                fonts[slot] = TTFont(family + _SUFFIXES[slot], io.BytesIO(source))
        for font in fonts.values():
            pdfmetrics.registerFont(font)
        registerFontFamily(
            family,
            normal=family,
            bold=family + "-Bold",
            italic=family + "-Italic",
            boldItalic=family + "-BoldItalic",
        )
        _coverage[family] = frozenset(fonts["regular"].face.charToGlyph)
        _registered.add(family)
    return family


def coverage(family: str) -> frozenset[int] | None:
    """The code points a registered house family draws, or None for any other family."""
    return _coverage.get(family)


def ranges(family: str) -> list[tuple[int, int]] | None:
    """A registered house family's coverage as inclusive code point ranges (the form the
    bundled fonts' coverage takes), or None for any other family."""
    codes = _coverage.get(family)
    if codes is None:
        return None
    found: list[tuple[int, int]] = []
    for code in sorted(codes):
        if found and code == found[-1][1] + 1:
            found[-1] = (found[-1][0], code)
        else:
            found.append((code, code))
    return found
