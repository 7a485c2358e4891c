"""The editor pages of the main window, keyed by the navigator's keys.

One line per page: adding a page to the main window means adding it here and its key to the
navigator's lists below. Pages are named by module, not imported: the window imports and
builds a page the first time it is shown, so start-up pays only for the page in view.
"""

from __future__ import annotations

from importlib import import_module

from ui.context import AppContext
from ui.window.pages import BookPage

# Navigator keys, in the order the navigator shows them.
BOOK_PAGE_KEYS = ("overview", "schedule", "sections", "participants", "notes")
LIBRARY_PAGE_KEYS = ("people_library", "notes_library")
PAGE_TITLES = {
    "overview": "Overview",
    "schedule": "Schedule",
    "sections": "Sections",
    "participants": "Participants",
    "notes": "Notes",
    "people_library": "People",
    "notes_library": "Sector notes",
}
PAGE_CLASSES = {
    "overview": ("ui.book.overview_page", "BookFormPage"),
    "sections": ("ui.book.sections_page", "SectionsPage"),
    "schedule": ("ui.book.schedule_page", "SchedulePage"),
    "participants": ("ui.book.participants_page", "ParticipantsPage"),
    "notes": ("ui.book.book_notes_page", "BookNotesPage"),
    "people_library": ("ui.library.people_page", "PeoplePage"),
    "notes_library": ("ui.library.notes_page", "NotesPage"),
}


def build_page(key: str, context: AppContext) -> BookPage:
    """The page for navigator ``key``, importing its module on first use."""
    module_name, class_name = PAGE_CLASSES[key]
    page_class = getattr(import_module(module_name), class_name)
    page = page_class(context)
    if not isinstance(page, BookPage):
        raise TypeError(f"{module_name}.{class_name} is not a BookPage")
    return page


def build_pages(context: AppContext) -> dict[str, BookPage]:
    """Every editor page, keyed by navigator key (tests and tools; the window builds lazily)."""
    return {key: build_page(key, context) for key in PAGE_CLASSES}
