"""The people library page: a filterable table of everyone, and the selected person's profile."""

from __future__ import annotations

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QWidget

from app.domain import Person
from ui.commands import library_commands
from ui.context import AppContext
from ui.library.library_page import LibraryPage
from ui.library.people_model import BOOKS, ORGANIZATION, TITLE, VERIFIED, PeopleModel
from ui.library.profile_editor import ProfileEditor


class PeoplePage(LibraryPage):
    """Everyone in the library, with a filter, sorting, and the selected person's profile."""

    PAGE_TITLE = "People"
    HINT = (
        "Everyone you may meet, reused across books. Drag people onto a book in the list on "
        "the left, or select them and choose “Attach to book”."
    )
    FILTER_HINT = "Filter by name, title, organization or country"
    NOUN = ("person", "people")
    NEW_LABEL = "New person"
    COLUMN_WIDTHS = (145, 115, 160, 160, 85)
    STRETCH_COLUMNS = (TITLE, ORGANIZATION)
    SAMPLE_TEXT = {VERIFIED: "2000-00-00", BOOKS: "Books"}  # noqa: RUF012
    ICON_COLUMNS = (VERIFIED,)
    SETTINGS_KEY = "people_library"

    model: PeopleModel
    editor: ProfileEditor

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)

    def make_model(self) -> PeopleModel:
        return PeopleModel(self.context.store, self)

    def make_editor(self) -> ProfileEditor:
        return ProfileEditor(self.context, self)

    def library_signal(self) -> SignalInstance:
        return self.context.events.people_changed

    def add_new(self) -> str | None:
        person = Person(name="New person")
        if library_commands.add_person(self.context, person, self.message.show_error):
            return person.id
        return None

    def delete_one(self, record_id: str) -> bool:
        return library_commands.delete_person(self.context, record_id, self.message.show_error)

    def uses(self, record_id: str) -> tuple[str, list[str]]:
        store = self.context.store
        person = store.get_person(record_id)
        places = []
        for book in store.books_using_person(record_id):
            meetings = sum(record_id in m.participants for m in store.list_meetings(book.id))
            extra = f" ({meetings} meeting{'s' * (meetings != 1)})" if meetings else ""
            places.append(f"“{book.title}”{extra}")
        return person.name, places

    def attach(self, book_id: str, ids: list[str], row: int) -> bool:
        return library_commands.place_participants(
            self.context, book_id, ids, row, self.message.show_error
        )

    def attached_ids(self, book_id: str) -> list[str]:
        return [p.person_id for p in self.context.store.list_participants(book_id)]

    def new_person(self) -> str | None:
        """Add a person named "New person" with the cursor in their name field."""
        return self.new_record()
