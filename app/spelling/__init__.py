"""Spelling: Hunspell dictionaries, Markdown-aware words, and the names a book must accept.

No Qt here: the desktop app's highlighter (``ui/widgets/spelling.py``), preflight and
``briefbook check`` all use these pieces.
"""

from app.spelling.check import Checker, FieldMisspelling, SpellingSetup, field_misspellings
from app.spelling.dictionaries import Dictionaries, Dictionary
from app.spelling.languages import LANGUAGES, default_language
from app.spelling.lexicon import Lexicon

__all__ = [
    "LANGUAGES",
    "Checker",
    "Dictionaries",
    "Dictionary",
    "FieldMisspelling",
    "Lexicon",
    "SpellingSetup",
    "default_language",
    "field_misspellings",
]
