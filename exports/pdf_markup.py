"""reportlab paragraph markup built from the neutral document's runs.

reportlab parses a Paragraph's text as XML-like markup, so user text is escaped here and only
this module adds tags: ``<b>not bold</b>`` typed by an officer prints as written. Text the
paragraph's own font cannot draw is wrapped in ``<font face=...>`` runs of the bundled font
that can (``exports.fonts.font_runs``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from xml.sax.saxutils import escape

from app.document import Run
from exports.fonts import (
    MONO,
    SERIF,
    font_runs,
    is_script_family,
    needs_fallback,
    script_face,
)
from exports.pdf_styles import LINK

WORD_SEARCH = 200  # how far back a long paragraph's cut looks for a space

_LINK_COLOUR = LINK.hexval().replace("0x", "#")


def _line_escape(text: str) -> str:
    return escape(text).replace("\n", "<br/>")


def _in_fonts(text: str, family: str, escaper: Callable[[str], str], bold: bool = False) -> str:
    """``text`` escaped, with the runs ``family`` cannot draw set in the font that can.

    reportlab's ``<font face>`` resets bold, so a run in bold text names the bold face."""
    if not needs_fallback(text, family):
        return escaper(text)
    parts = []
    for piece, script in font_runs(text, family):
        markup = escaper(piece)
        if script:
            markup = f'<font face="{script_face(script, bold)}">{markup}</font>'
        parts.append(markup)
    return "".join(parts)


def text_markup(text: str, family: str = SERIF, bold: bool = False) -> str:
    """Plain text as markup: escaped, with hard line breaks kept; ``family`` is the
    paragraph's own font family, ``bold`` true when its style is bold."""
    return _in_fonts(text, family, _line_escape, bold)


def run_markup(run: Run, family: str = SERIF, bold: bool = False) -> str:
    """One run as markup (``bold``: the paragraph's style is bold)."""
    if run.code:
        markup = f'<font face="{MONO}">{text_markup(run.text, MONO, bold)}</font>'
    else:
        markup = text_markup(run.text, family, bold or run.bold)
        if run.bold and is_script_family(family):
            script_face(family, True)  # the paragraph's own script font: <b> needs its bold
    if run.strike:
        markup = f"<strike>{markup}</strike>"
    if run.italic:
        markup = f"<i>{markup}</i>"
    if run.bold:
        markup = f"<b>{markup}</b>"
    if run.link:
        href = escape(run.link, {'"': "&quot;"})
        markup = f'<a href="{href}" color="{_LINK_COLOUR}"><u>{markup}</u></a>'
    return markup


def runs_markup(runs: list[Run], family: str = SERIF, bold: bool = False) -> str:
    """A paragraph's runs as markup."""
    return "".join(run_markup(run, family, bold) for run in runs)


def _code_escape(text: str) -> str:
    # Runs of spaces would collapse; non-breaking spaces keep code aligned.
    return escape(text).replace("  ", "&nbsp; ")


def code_markup(text: str) -> str:
    """A code block as markup that keeps its indentation and line breaks but still wraps."""
    lines = []
    for line in text.split("\n"):
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        lines.append("&nbsp;" * indent + _in_fonts(stripped, MONO, _code_escape))
    return "<br/>".join(lines)


def split_long_runs(runs: list[Run], limit: int) -> list[list[Run]]:
    """``runs`` cut into pieces of about ``limit`` characters, between words where one is near.

    One piece (the runs themselves) when the text is shorter than ``limit``.
    """
    if sum(len(run.text) for run in runs) <= limit:
        return [runs]
    pieces: list[list[Run]] = [[]]
    room = limit
    for run in runs:
        text = run.text
        while len(text) > room:
            cut = text.rfind(" ", max(0, room - WORD_SEARCH), room) + 1 or room
            if cut > 0:
                pieces[-1].append(dataclasses.replace(run, text=text[:cut]))
            pieces.append([])
            text, room = text[cut:], limit
        if text:
            pieces[-1].append(dataclasses.replace(run, text=text))
            room -= len(text)
    return [piece for piece in pieces if piece]
