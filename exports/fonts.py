"""The Unicode fonts every PDF embeds, bundled in ``resources/fonts`` (see SOURCES.md there).

reportlab's built-in Helvetica and Times draw ə ı ş ğ, Cyrillic and Greek as black boxes without
any warning, so BriefBook never uses them: the bundled files are checked when this module is
imported, and a missing file stops the export with a clear message instead of a silent fallback.

Text in other scripts is drawn by **font fallback**: ``font_runs`` cuts a text into runs, each
drawn with the first font of the chain that covers it (the paragraph's own Noto Serif, Sans or
Mono face first, then the script fonts in ``SCRIPT_FONTS`` order). The script fonts are
registered on first use only (the CJK ones are 4 MB each), so a Latin book pays nothing for
them. Which font covers what comes from ``resources/fonts/coverage.json`` (``app.glyphs``).
"""

from __future__ import annotations

import functools
import io
import lzma
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import registerFontFamily
from reportlab.pdfbase.ttfonts import TTFont

from app.errors import ExportFailed
from app.glyphs import class_pattern, coverage, needs_no_glyph, ranges_of
from app.resources import resource_path
from exports import house_fonts

SERIF = "BriefBookSerif"
SANS = "BriefBookSans"
MONO = "BriefBookMono"
REPLACEMENT = "\ufffd"  # drawn (Noto has it) where no bundled font has a glyph

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


@dataclass(frozen=True)
class ScriptFont:
    """A fallback family: its regular and (when the font has one) bold file. Italic uses the
    upright faces: no script font here has an italic, and most of these scripts have no
    tradition of one. ``shaped`` fonts need HarfBuzz (joining, reordering, conjuncts)."""

    family: str
    regular: str
    bold: str | None
    shaped: bool = True
    rtl: bool = False


def _noto(script: str, shaped: bool = True, rtl: bool = False) -> ScriptFont:
    return ScriptFont(
        f"BriefBook{script}",
        f"NotoSans{script}-Regular.ttf.xz",
        f"NotoSans{script}-Bold.ttf.xz",
        shaped,
        rtl,
    )


# The fallback chain after the paragraph's own family, in order: the first that covers a
# character draws it. Droid Sans Fallback (Chinese, Japanese) comes before Nanum Gothic
# (Hangul), so Han characters in Korean text take the same shapes as in Chinese.
SCRIPT_FONTS: tuple[ScriptFont, ...] = (
    _noto("Arabic", rtl=True),
    _noto("Hebrew", rtl=True),
    _noto("Thaana", rtl=True),
    _noto("Devanagari"),
    _noto("Bengali"),
    _noto("Gurmukhi"),
    _noto("Gujarati"),
    _noto("Oriya"),
    _noto("Tamil"),
    _noto("Telugu"),
    _noto("Kannada"),
    _noto("Malayalam"),
    _noto("Sinhala"),
    _noto("Thai"),
    _noto("Lao"),
    _noto("Khmer"),
    _noto("Myanmar"),
    ScriptFont(  # Dzongkha (Bhutan): Noto has Tibetan only as a serif
        "BriefBookTibetan", "NotoSerifTibetan-Regular.ttf.xz", "NotoSerifTibetan-Bold.ttf.xz"
    ),
    # Alphabets without joining, reordering or marks: drawn glyph by glyph, unshaped (a
    # paragraph with combining marks is shaped whatever its fonts).
    _noto("Georgian", shaped=False),
    _noto("Armenian", shaped=False),
    _noto("Ethiopic", shaped=False),
    ScriptFont(  # Amazigh (Morocco); Noto has no bold
        "BriefBookTifinagh", "NotoSansTifinagh-Regular.ttf.xz", None, shaped=False
    ),
    ScriptFont("BriefBookHan", "DroidSansFallbackFull.ttf.xz", None, shaped=False),
    ScriptFont("BriefBookHangul", "NanumGothic.ttf.xz", None, shaped=False),
)
_BY_FAMILY = {font.family: font for font in SCRIPT_FONTS}


def bundled_font_files() -> list[Path]:
    """Every bundled font file: the Noto text faces and the script fonts."""
    names = {name for faces in _FAMILIES.values() for name in faces if name}
    for font in SCRIPT_FONTS:
        names.update(name for name in (font.regular, font.bold) if name)
    return sorted(resource_path("fonts", name) for name in names)


def font_files() -> list[Path]:
    """Every bundled font file the PDF writer needs."""
    return bundled_font_files()


def font_bytes(path: Path) -> bytes:
    """A font file's bytes; ``.ttf.xz`` files (the large script fonts) are unpacked."""
    data = path.read_bytes()
    return lzma.decompress(data) if path.suffix == ".xz" else data


def _load(font_name: str, path: Path) -> TTFont:
    try:
        return TTFont(font_name, io.BytesIO(font_bytes(path)))
    except Exception as error:  # a damaged file: say which, never fall back
        raise ExportFailed(
            f"BriefBook's font file {path.name} cannot be read; reinstall BriefBook."
        ) from error


def read_font_cmap(path: Path) -> set[int]:
    """The code points a bundled font file maps to glyphs (its ``cmap``)."""
    return set(_load("BriefBookProbe", path).face.charToGlyph)


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
    """Register the bundled text faces with reportlab (once) so ``<b>`` and ``<i>`` map to
    them, and let reportlab shape words that mix fonts (``exports.pdf_shaping``)."""
    from exports import pdf_shaping

    pdf_shaping.install()
    for family, faces in _FAMILIES.items():
        names: list[str] = []
        for suffix, file_name in zip(("", "-Bold", "-Italic", "-BoldItalic"), faces, strict=True):
            if file_name is None:
                # The closest face we ship: bold for bold italic, else regular.
                names.append(names[1] if suffix == "-BoldItalic" else names[0])
                continue
            font_name = family if not suffix else family + suffix
            pdfmetrics.registerFont(_load(font_name, resource_path("fonts", file_name)))
            names.append(font_name)
        registerFontFamily(
            family, normal=names[0], bold=names[1], italic=names[2], boldItalic=names[3]
        )


@functools.cache
def use_family(family: str) -> str:
    """Register a script family's regular face with reportlab on first use; returns
    ``family``. Its bold face is loaded when bold text first needs it (``script_face``)."""
    font = _BY_FAMILY[family]
    pdfmetrics.registerFont(_load(family, resource_path("fonts", font.regular)))
    registerFontFamily(family, normal=family, bold=family, italic=family, boldItalic=family)
    return family


@functools.cache
def _use_bold(family: str) -> str:
    font = _BY_FAMILY[family]
    use_family(family)
    if not font.bold:
        return family  # no bold face: bold text in this script is drawn regular
    bold = family + "-Bold"
    pdfmetrics.registerFont(_load(bold, resource_path("fonts", font.bold)))
    registerFontFamily(family, normal=family, bold=bold, italic=family, boldItalic=bold)
    return bold


def script_face(family: str, bold: bool) -> str:
    """The registered face of a script family for bold or regular text (registering it)."""
    return _use_bold(family) if bold else use_family(family)


def is_bold(font_name: str) -> bool:
    """True for a bold face name (``BriefBookSans-Bold``)."""
    return font_name.endswith(("-Bold", "-BoldItalic"))


def base_family(font_name: str) -> str:
    """The bundled family of a face name (``BriefBookSans-Bold`` -> ``BriefBookSans``)."""
    return font_name.split("-", 1)[0]


def _ranges(family: str) -> list[tuple[int, int]]:
    """The code point ranges ``family``'s regular face draws: a bundled family's from
    coverage.json, a house style's embedded family's from its own file (``house_fonts``)."""
    house = house_fonts.ranges(family)
    if house is not None:
        return house
    name = _FAMILIES[family][0] if family in _FAMILIES else _BY_FAMILY[family].regular
    return [(a, b) for a, b in coverage()[name]]


@functools.cache
def _covered(family: str) -> frozenset[int]:
    """The code points ``family``'s regular face draws (bold and italic faces draw the same;
    a test checks it)."""
    return frozenset(code for a, b in _ranges(family) for code in range(a, b + 1))


@functools.cache
def _outside(family: str) -> object:
    return class_pattern(_ranges(family), negate=True)


def needs_fallback(text: str, family: str = SERIF) -> bool:
    """True when ``text`` has a character ``family`` cannot draw (checked at C speed: the common
    case, a Latin paragraph, costs one regex search)."""
    if text.isascii():
        return False
    return _outside(family).search(text) is not None  # type: ignore[attr-defined]


def is_script_family(family: str | None) -> bool:
    return family in _BY_FAMILY


def script_font(family: str) -> ScriptFont:
    return _BY_FAMILY[family]


def _first_cover(code: int) -> str | None:
    for font in SCRIPT_FONTS:
        if code in _covered(font.family):
            return font.family
    return None


@functools.cache
def _first_covers() -> dict[str, frozenset[int]]:
    """Script family -> the code points it is the first fallback to draw."""
    taken: set[int] = set()
    firsts: dict[str, frozenset[int]] = {}
    for font in SCRIPT_FONTS:
        firsts[font.family] = _covered(font.family) - taken
        taken |= _covered(font.family)
    return firsts


@functools.cache
def _run_pattern(family: str, script: str) -> re.Pattern[str]:
    """One or more characters that go on in a run of ``script`` in a ``family`` paragraph:
    those ``script`` is the first fallback to draw, and the digits, punctuation, spaces and
    marks it has (which ``family`` could draw too)."""
    own = _covered(family)
    shared = own & _covered(script)
    codes = (_first_covers()[script] - own) | {
        code for code in shared if unicodedata.category(chr(code))[0] != "L"
    }
    return re.compile(class_pattern(ranges_of(codes)).pattern + "+")


@functools.lru_cache(maxsize=4096)
def font_runs(text: str, family: str = SERIF) -> tuple[tuple[str, str | None], ...]:
    """``text`` cut into runs, each with the script family that draws it (None: ``family``
    itself). A character no bundled font draws becomes ``REPLACEMENT`` in ``family``; a space
    no font has becomes a plain space and an invisible control no font has is left out.

    Digits, punctuation, spaces and combining marks go on in the script run they follow when
    its font has them, so a word keeps one font and HarfBuzz shapes it whole. Runs of the
    paragraph's own font are found with one regex search each; cached, since the markup and
    the paragraph style both ask.
    """
    outside = _outside(family)
    runs: list[tuple[str, str | None]] = []

    def add(piece: str, script: str | None) -> None:
        if runs and runs[-1][1] == script:
            runs[-1] = (runs[-1][0] + piece, script)
        elif piece:
            runs.append((piece, script))

    position = 0
    while position < len(text):
        found = outside.search(text, position)  # type: ignore[attr-defined]
        if found is None:
            add(text[position:], None)
            break
        add(text[position : found.start()], None)
        char = found.group(0)
        script = _first_cover(ord(char))
        if script is None:
            if not needs_no_glyph(char):
                add(REPLACEMENT, None)
            elif char.isspace():
                add(" ", None)
            position = found.end()
            continue
        run = _run_pattern(family, script).match(text, found.start())
        assert run is not None  # its first character is one of the pattern's
        add(run.group(0), script)
        position = run.end()
    return tuple(runs)


def covers(text: str, family: str = SERIF) -> bool:
    """True when ``family``'s regular face has a glyph for every character in ``text``
    (whitespace aside): what a reader will see rather than an empty box."""
    own = _covered(family)
    return all(ord(ch) in own for ch in text if not ch.isspace())
