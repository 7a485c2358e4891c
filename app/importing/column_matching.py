"""Which column of a contact list holds which field of a person, from its heading.

Headings are compared folded (case, accents, punctuation and spacing ignored), so "Full name",
"FULL_NAME" and "full-name" are one heading. Each field takes the first column that names it;
a column no field recognises is left out (the preview shows it, and the user can assign it).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from app.textfold import fold

# The fields a column can fill, in the order the preview lists them, with the label it shows.
FIELDS: dict[str, str] = {
    "name": "Name",
    "first_name": "First name",
    "last_name": "Last name",
    "honorific": "Honorific",
    "title": "Title / position",
    "organization": "Organization",
    "country": "Country",
    "native_name": "Name in native script",
    "pronunciation": "Pronunciation",
    "languages": "Languages",
    "tags": "Tags",
    "bio": "Bio / notes",
    "source": "Source",
    "photo": "Photo file",
}

# Headings seen in ministry lists, CRM exports, Outlook/Google/Apple contact exports.
_VARIANTS: dict[str, tuple[str, ...]] = {
    "name": (
        "name",
        "full name",
        "fullname",
        "display name",
        "formatted name",
        "person",
        "contact",
        "contact name",
        "participant",
        "delegate",
        "attendee",
        "guest",
        "speaker",
        "official",
        "name surname",
        "name and surname",
        "names",
        "fn",
        "full name english",
    ),
    "first_name": ("first name", "firstname", "given name", "forename", "first", "given"),
    "last_name": ("last name", "lastname", "surname", "family name", "last", "family"),
    "honorific": (
        "honorific",
        "salutation",
        "prefix",
        "name prefix",
        "courtesy title",
        "form of address",
        "mr ms",
        "title prefix",
        "rank",
    ),
    "title": (
        "title",
        "position",
        "job title",
        "jobtitle",
        "role",
        "post",
        "function",
        "designation",
        "job",
        "position title",
        "occupation",
        "office held",
    ),
    "organization": (
        "organization",
        "organisation",
        "org",
        "company",
        "ministry",
        "agency",
        "institution",
        "employer",
        "affiliation",
        "entity",
        "department",
        "organization name",
        "company name",
        "org name",
        "body",
    ),
    "country": ("country", "nation", "nationality", "country region", "country code", "state"),
    "native_name": (
        "native name",
        "name native",
        "name in native script",
        "native script",
        "local name",
        "original name",
        "name original",
        "name local",
    ),
    "pronunciation": ("pronunciation", "pronounced", "phonetic", "phonetic name", "say as"),
    "languages": ("languages", "language", "speaks", "working languages"),
    "tags": ("tags", "tag", "categories", "category", "groups", "group", "keywords", "labels"),
    "bio": (
        "bio",
        "biography",
        "notes",
        "note",
        "background",
        "profile",
        "about",
        "description",
        "remarks",
        "comments",
    ),
    "source": ("source", "sources", "reference", "ref", "from"),
    "photo": (
        "photo",
        "picture",
        "image",
        "photo file",
        "headshot",
        "portrait",
        "photo filename",
        "picture file",
        "image file",
    ),
}
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def normalise_heading(heading: str) -> str:
    """A heading reduced to folded words: ``"Full_Name:"`` → ``"full name"``."""
    return " ".join(_NON_WORD.sub(" ", fold(heading)).split())


_LOOKUP = {variant: key for key, variants in _VARIANTS.items() for variant in variants}


def field_for_heading(heading: str) -> str | None:
    """The field a heading names, or None when it names none of them."""
    return _LOOKUP.get(normalise_heading(heading))


def match_columns(headings: Sequence[str]) -> list[str | None]:
    """For each column, the field it fills (each field at most once), else None."""
    taken: set[str] = set()
    matched: list[str | None] = []
    for heading in headings:
        key = field_for_heading(heading)
        if key is None or key in taken:
            matched.append(None)
            continue
        taken.add(key)
        matched.append(key)
    # "Title" is a job title unless the list also has a position column and no honorific:
    # then it is more likely "Mr/Dr" (a common shape of ministry lists).
    if "title" in taken and "honorific" not in taken:
        for index, heading in enumerate(headings):
            if normalise_heading(heading) in ("position", "job title", "designation", "post"):
                first_title = matched.index("title")
                if normalise_heading(headings[first_title]) == "title":
                    matched[first_title] = "honorific"
                    matched[index] = "title"
                break
    return matched


def has_name(mapping: Sequence[str | None]) -> bool:
    """Whether a mapping can name a person (a name column, or first and/or last name)."""
    return "name" in mapping or "first_name" in mapping or "last_name" in mapping
