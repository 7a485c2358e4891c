"""The editor pages of the main window, keyed by the navigator's keys.

One line per page: a page written later replaces its ``SummaryPage`` line with its own class
(plus one import). Until then the summary page lists, read-only, what the store holds for that
part of the book, so nothing is hidden from the user.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QListWidget, QVBoxLayout, QWidget

from app.store import Store
from ui.book_form import BookFormPage
from ui.book_notes_page import BookNotesPage
from ui.context import AppContext
from ui.notes_page import NotesPage
from ui.pages import BookPage
from ui.participants_page import ParticipantsPage
from ui.people_page import PeoplePage
from ui.schedule_page import SchedulePage
from ui.sections_page import SectionsPage
from ui.widgets import heading_label, hint_label

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


def summary_page(context: AppContext, key: str) -> BookPage:
    lines, empty_text = SUMMARIES[key]
    return SummaryPage(context, PAGE_TITLES[key], lines, empty_text, key in LIBRARY_PAGE_KEYS)


Lines = Callable[[Store, str | None], list[str]]


class SummaryPage(BookPage):
    """A read-only list of the records behind a page that has no editor in this build."""

    def __init__(
        self,
        context: AppContext,
        title: str,
        lines: Lines,
        empty_text: str,
        library: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, parent)
        self.lines = lines
        self.empty_text = empty_text
        self.library = library
        self.list = QListWidget(self)
        self.list.setObjectName("summaryList")
        self.note = hint_label("Read-only overview.", self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(heading_label(title, self))
        layout.addWidget(self.note)
        layout.addWidget(self.list, 1)
        for signal in (
            context.events.book_changed,
            context.events.people_changed,
            context.events.notes_changed,
            context.events.books_changed,
        ):
            signal.connect(self.refresh)
        self.refresh()

    def set_book(self, book_id: str | None) -> None:
        super().set_book(book_id)
        self.refresh()

    def refresh(self, *_: object) -> None:
        self.list.clear()
        if self.book_id is None and not self.library:
            self.list.addItem("No book is open.")
            return
        lines = self.lines(self.context.store, self.book_id)
        self.list.addItems(lines or [self.empty_text])


def _schedule_lines(store: Store, book_id: str | None) -> list[str]:
    if book_id is None:
        return []
    return [
        f"{m.start:%a %d %b %H:%M}–{m.end:%H:%M} ({m.timezone})  {m.title}"
        for m in store.list_meetings(book_id)
    ]


def _participant_lines(store: Store, book_id: str | None) -> list[str]:
    if book_id is None:
        return []
    return [
        " — ".join(x for x in (e.person.name, e.participant.role, e.person.title) if x)
        for e in store.list_participant_entries(book_id)
    ]


def _book_note_lines(store: Store, book_id: str | None) -> list[str]:
    if book_id is None:
        return []
    return [" — ".join(x for x in (n.title, n.sector) if x) for n in store.list_book_notes(book_id)]


def _people_lines(store: Store, book_id: str | None) -> list[str]:
    return [
        " — ".join(x for x in (p.name, p.title, p.organization) if x) for p in store.list_people()
    ]


def _note_lines(store: Store, book_id: str | None) -> list[str]:
    return [" — ".join(x for x in (n.title, n.sector, n.country) if x) for n in store.list_notes()]


SUMMARIES: dict[str, tuple[Lines, str]] = {
    "schedule": (_schedule_lines, "No meetings in this book."),
    "participants": (_participant_lines, "Nobody is attached to this book."),
    "notes": (_book_note_lines, "No sector notes are attached to this book."),
    "people_library": (_people_lines, "The people library is empty."),
    "notes_library": (_note_lines, "The notes library is empty."),
}
