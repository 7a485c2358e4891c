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


# Sections of the standard brief written for our side alone: they start out of the handout.
INTERNAL_KEYS = frozenset({"why_it_matters", "objectives", "talking_points"})
# Words in a section title that say it is meant for the delegation, not for the hosts.
_INTERNAL_TITLE = re.compile(
    r"\b(internal|why it matters|objectives?|talking points?|stakes|our side|red lines?|"
    r"fall-?back|negotiating|bottom lines?|confidential|do not share|not for (?:release|"
    r"distribution)|eyes only|background for)\b",
    re.IGNORECASE,
)


_TALKING_POINTS_KEYS = frozenset({"talking_points", "talking points", "talkingpoints"})


def is_talking_points(section: Section) -> bool:
    """A section that holds talking points, recognised by its template key or its title.
    It never goes into the handout edition, whatever its handout tick says."""
    return (
        section.template_key.strip().casefold() in _TALKING_POINTS_KEYS
        or " ".join(section.title.split()).casefold() == "talking points"
    )


def looks_internal(title: str) -> bool:
    """True when a section's title suggests it is for the delegation alone."""
    return bool(_INTERNAL_TITLE.search(" ".join(title.split())))


def template_key(title: str) -> str:
    """``"Why it matters"`` → ``"why_it_matters"``."""
    return re.sub(r"[^a-z0-9]+", "_", title.casefold()).strip("_")


def template_sections(template: str, book_id: str) -> list[Section]:
    """The empty sections a new book starts with."""
    if template != STANDARD:
        return []
    return [
        Section(
            book_id=book_id,
            title=title,
            position=position,
            template_key=template_key(title),
            handout=template_key(title) not in INTERNAL_KEYS,
        )
        for position, title in enumerate(BRIEF_TEMPLATE)
    ]


def guidance_for(section: Section) -> str:
    """Placeholder text for an empty section: by template key, else by a matching title."""
    return (
        GUIDANCE.get(section.template_key)
        or GUIDANCE.get(template_key(section.title))
        or DEFAULT_GUIDANCE
    )
