"""The editor pages of the main window, keyed by the navigator's keys.

One line (and one import) per page: adding a page to the main window means adding it here and
its key to the navigator's lists below.
"""

from __future__ import annotations

from ui.book_form import BookFormPage
from ui.book_notes_page import BookNotesPage
from ui.context import AppContext
from ui.notes_page import NotesPage
from ui.pages import BookPage
from ui.participants_page import ParticipantsPage
from ui.people_page import PeoplePage
from ui.schedule_page import SchedulePage
from ui.sections_page import SectionsPage

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


def build_pages(context: AppContext) -> dict[str, BookPage]:
    """Every editor page, keyed by navigator key."""
    return {
        "overview": BookFormPage(context),
        "sections": SectionsPage(context),
        "schedule": SchedulePage(context),
        "participants": ParticipantsPage(context),
        "notes": BookNotesPage(context),
        "people_library": PeoplePage(context),
        "notes_library": NotesPage(context),
    }
