"""Imports on the undo stack: a Word document's sections and a contact list's people.

An import is written by a worker on its own connection; once it has landed, the window pushes
one of these as already applied (``push_done``), so Ctrl+Z takes the whole import back in one
step. As elsewhere, what undo removes is read back at that moment, so redo restores the latest
text, including edits made after the import. Pictures stay in the store (they are kept by hash
and nothing prunes them while the app runs), so redo finds them again.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.domain import Person, Section
from ui.commands.base import StoreCommand
from ui.context import AppContext


class ImportedSectionsCommand(StoreCommand):
    """Sections a Word document added at the end of an existing book."""

    def __init__(
        self, context: AppContext, file_name: str, book_id: str, section_ids: Sequence[str]
    ) -> None:
        super().__init__(context, f"Import {file_name}")
        self.book_id = book_id
        self.section_ids = list(section_ids)
        self._sections: list[Section] = []

    def apply(self) -> None:
        store = self.context.store
        imported = set(self.section_ids)
        order = [s.id for s in store.list_sections(self.book_id) if s.id not in imported]
        with store.transaction():
            for section in self._sections:
                store.save_section(section, keep_timestamp=True)
            store.reorder_sections(self.book_id, order + self.section_ids)
        self._changed()

    def revert(self) -> None:
        store = self.context.store
        with store.transaction():
            self._sections = [store.get_section(i) for i in self.section_ids]
            for section_id in self.section_ids:
                store.delete_section(section_id)
        self._changed()

    def _changed(self) -> None:
        self.context.events.book_changed.emit(self.book_id)


class ImportedPeopleCommand(StoreCommand):
    """People a contact list added to the library, and the ones it updated."""

    def __init__(
        self,
        context: AppContext,
        file_name: str,
        added_ids: Sequence[str],
        before_update: Sequence[Person],
    ) -> None:
        super().__init__(context, f"Import {file_name}")
        self.added_ids = list(added_ids)
        self.before_update = list(before_update)
        self._after: list[Person] = []

    def apply(self) -> None:
        if self._after:
            self.context.store.save_people(self._after)
        self.context.events.people_changed.emit()

    def revert(self) -> None:
        store = self.context.store
        updated_ids = [person.id for person in self.before_update]
        with store.transaction():
            self._after = [store.get_person(i) for i in self.added_ids + updated_ids]
            for person_id in self.added_ids:
                store.delete_person(person_id)
            if self.before_update:
                store.save_people(self.before_update)
        self.context.events.people_changed.emit()
