"""The languages a book or section can be written in, and which of them BriefBook can check.

A language is stored as a short code ("en-GB", "fr"). ``""`` on a book means "the default for
this computer" (English, US or UK, from the locale); ``""`` on a section means "the book's". A
language without a bundled dictionary is never checked: checking French against English would
flag every word.
"""

from __future__ import annotations

import locale
import os
from dataclasses import dataclass

DEFAULT = ""
NOT_CHECKED = "zxx"  # BCP 47 "no linguistic content": the user asked for no checking


@dataclass(frozen=True)
class Language:
    """One language choice: ``dictionary`` is the bundled Hunspell file stem, or "" for none."""

    code: str
    label: str
    dictionary: str = ""


LANGUAGES: tuple[Language, ...] = (
    Language("en-US", "English (US)", "en_US"),
    Language("en-GB", "English (UK)", "en_GB"),
    Language("fr", "French", "fr_FR"),
    Language("es", "Spanish", "es_ES"),
    Language("ru", "Russian", "ru_RU"),
    Language("ar", "Arabic", "ar"),
    Language("az", "Azerbaijani"),
    Language("de", "German"),
    Language("tr", "Turkish"),
    Language("uk", "Ukrainian"),
    Language(NOT_CHECKED, "Other language"),
)
_BY_CODE = {language.code: language for language in LANGUAGES}

# Territories whose English follows British spelling (colour, organise/organize, centre).
_BRITISH_TERRITORIES = frozenset(
    [
        "GB",
        "IE",
        "AU",
        "NZ",
        "ZA",
        "IN",
        "PK",
        "BD",
        "LK",
        "MT",
        "CY",
        "KE",
        "NG",
        "GH",
        "UG",
        "TZ",
        "ZM",
        "ZW",
        "BW",
        "NA",
        "MW",
        "SG",
        "MY",
        "HK",
        "JM",
        "TT",
        "BB",
    ]
)


def language(code: str) -> Language | None:
    """The language with ``code``, or None for a code this version does not know."""
    return _BY_CODE.get(code)


def label(code: str) -> str:
    """The language's name for people ("English (UK)"); the code itself when unknown."""
    found = _BY_CODE.get(code)
    return found.label if found else code


def default_language(locale_name: str) -> str:
    """English as spelt where the user is: ``"en-GB"`` for a British-spelling territory in
    ``locale_name`` ("en_GB.UTF-8", "en-AU", "fr_BE"), else ``"en-US"``."""
    name = locale_name.replace("-", "_").split(".")[0].split("@")[0]
    parts = name.split("_")
    territory = parts[1].upper() if len(parts) > 1 else ""
    return "en-GB" if territory in _BRITISH_TERRITORIES else "en-US"


def resolve(book_language: str, section_language: str, default: str) -> str:
    """The language a text is written in: the section's, else the book's, else ``default``."""
    return section_language or book_language or default


def dictionary_name(code: str) -> str:
    """The bundled dictionary for ``code``, or "" when the language is not checked."""
    found = _BY_CODE.get(code)
    return found.dictionary if found else ""


def system_locale_name() -> str:
    """The user's locale name ("en_GB.UTF-8") for a program without Qt (the CLI)."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            return value
    found = locale.getlocale()[0]
    return found or ""
