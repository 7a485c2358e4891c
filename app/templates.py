"""Book templates and the guidance shown in an empty section of the standard brief."""

from __future__ import annotations

import re

from app.domain import BRIEF_TEMPLATE, Section

STANDARD = "standard"
BLANK = "blank"

TEMPLATE_NAMES = {
    STANDARD: "Standard brief",
    BLANK: "Blank book",
}

# Shown as the editor's placeholder while a section is empty: what a careful officer writes.
GUIDANCE = {
    "situation": (
        "What is happening now and why this trip is taking place. Give the facts the principal "
        "needs first, in two or three short paragraphs."
    ),
    "why_it_matters": (
        "The stakes for our side: interests, money, relationships and risks. Say plainly what "
        "changes if the visit goes well, and what if it goes badly."
    ),
    "outlook": ("What is likely to happen next, and what to watch for during and after the visit."),
    "objectives": (
        "What the principal should come away with: three to five concrete outcomes, "
        "as a numbered list."
    ),
    "talking_points": (
        "Points the principal can say as written, one per bullet, most important first. "
        "Add the questions the hosts are likely to ask, with suggested answers."
    ),
}
DEFAULT_GUIDANCE = "Write this section here. Use the toolbar for headings, lists, links and tables."


def template_key(title: str) -> str:
    """``"Why it matters"`` → ``"why_it_matters"``."""
    return re.sub(r"[^a-z0-9]+", "_", title.casefold()).strip("_")


def template_sections(template: str, book_id: str) -> list[Section]:
    """The empty sections a new book starts with."""
    if template != STANDARD:
        return []
    return [
        Section(book_id=book_id, title=title, position=position, template_key=template_key(title))
        for position, title in enumerate(BRIEF_TEMPLATE)
    ]


def guidance_for(section: Section) -> str:
    """Placeholder text for an empty section: by template key, else by a matching title."""
    return (
        GUIDANCE.get(section.template_key)
        or GUIDANCE.get(template_key(section.title))
        or DEFAULT_GUIDANCE
    )
