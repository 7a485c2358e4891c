"""The Unicode fonts every PDF embeds, bundled in ``resources/fonts`` (SIL OFL, see OFL.txt).

reportlab's built-in Helvetica and Times draw ə ı ş ğ, Cyrillic and Greek as black boxes without
any warning, so BriefBook never uses them: the bundled files are checked when this module is
imported, and a missing file stops the export with a clear message instead of a silent fallback.
"""

from __future__ import annotations

import functools
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import registerFontFamily
from reportlab.pdfbase.ttfonts import TTFont

from app.errors import ExportFailed
from app.resources import resource_path

SERIF = "BriefBookSerif"
SANS = "BriefBookSans"
MONO = "BriefBookMono"

# family -> (regular, bold, italic, bold italic) file names; None reuses a face we ship.
_FAMILIES: dict[str, tuple[str, str | None, str | None, str | None]] = {
    SERIF: (
        "NotoSerif-Regular.ttf",
        "NotoSerif-Bold.ttf",
        "NotoSerif-Italic.ttf",
        "NotoSerif-BoldItalic.ttf",
    ),
    # Sans is for headings, labels and tables: bold italic never occurs there, so bold stands in.
    SANS: ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "NotoSans-Italic.ttf", None),
    MONO: ("NotoSansMono-Regular.ttf", None, None, None),
}


def font_files() -> list[Path]:
    """Every bundled font file the PDF writer needs."""
    names = {name for faces in _FAMILIES.values() for name in faces if name}
    return sorted(resource_path("fonts", name) for name in names)


def _check_files() -> None:
    missing = [path.name for path in font_files() if not path.is_file()]
    if missing:
        raise ExportFailed(
            f"BriefBook's fonts are missing ({', '.join(missing)} in {resource_path('fonts')}); "
            "reinstall BriefBook."
        )


_check_files()


@functools.cache
def register_fonts() -> None:
    """Register the bundled faces with reportlab (once) so ``<b>`` and ``<i>`` map to them."""
    for family, faces in _FAMILIES.items():
        names: list[str] = []
        for suffix, file_name in zip(("", "-Bold", "-Italic", "-BoldItalic"), faces, strict=True):
            if file_name is None:
                # The closest face we ship: bold for bold italic, else regular.
                names.append(names[1] if suffix == "-BoldItalic" else names[0])
                continue
            font_name = family if not suffix else family + suffix
            try:
                pdfmetrics.registerFont(TTFont(font_name, str(resource_path("fonts", file_name))))
            except Exception as error:  # a damaged file: say which, never fall back
                raise ExportFailed(
                    f"BriefBook's font file {file_name} cannot be read; reinstall BriefBook."
                ) from error
            names.append(font_name)
        registerFontFamily(
            family, normal=names[0], bold=names[1], italic=names[2], boldItalic=names[3]
        )


def covers(text: str, family: str = SERIF) -> bool:
    """True when ``family``'s regular face has a glyph for every character in ``text``
    (whitespace aside): what a reader will see rather than an empty box."""
    register_fonts()
    font = pdfmetrics.getFont(family)
    glyphs = font.face.charToGlyph
    return all(ord(ch) in glyphs for ch in text if not ch.isspace())
