"""File ▸ Import…: one entry for everything BriefBook takes in.

- a bundle (``.bbk``, ``.json``): ``file_actions.import_bundle_file``;
- a Word document: a new book, or sections added to the open book (the user chooses);
- a contact list (``.csv``, ``.xlsx``, ``.vcf``): the preview dialog
  (``ui.dialogs.import_people_dialog``).

Files are read and checked in a worker behind a progress dialog that can cancel; a refused file
is named in one sentence and nothing in the store changes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFileDialog, QWidget

from app.importing.docx_import import DOCX_SUFFIXES, DocxImportResult
from app.importing.people_import import PEOPLE_SUFFIXES
from app.store import Store
from ui.commands.base import StoreCommand, push_done
from ui.commands.book_commands import CreateBookCommand
from ui.commands.import_commands import ImportedSectionsCommand
from ui.context import AppContext
from ui.session.workers import Worker, run_blocking
from ui.widgets import message_boxes
from ui.window import file_actions

IMPORT_FOLDER_KEY = "import/last_folder"
BUNDLE_SUFFIXES = (".bbk", ".json")


def _patterns(suffixes: tuple[str, ...]) -> str:
    return " ".join(f"*{suffix}" for suffix in suffixes)


IMPORT_FILTER = ";;".join(
    [
        f"Everything BriefBook imports ({_patterns(BUNDLE_SUFFIXES + DOCX_SUFFIXES + PEOPLE_SUFFIXES)})",
        f"Word documents ({_patterns(DOCX_SUFFIXES)})",
        f"Contact lists: CSV, Excel, vCard ({_patterns(PEOPLE_SUFFIXES)})",
        f"BriefBook bundles ({_patterns(BUNDLE_SUFFIXES)})",
        "All files (*)",
    ]
)


def import_any(window: QWidget, context: AppContext, book_id: str | None) -> Any:
    """Ask for a file and import it the way its kind needs."""
    chosen, _filter = QFileDialog.getOpenFileName(
        window,
        "Import",
        str(file_actions.remembered_folder(context, IMPORT_FOLDER_KEY)),
        IMPORT_FILTER,
    )
    if not chosen:
        return None
    path = Path(chosen)
    context.settings.setValue(IMPORT_FOLDER_KEY, str(path.parent))
    return import_path(window, context, path, book_id)


def import_path(window: QWidget, context: AppContext, path: Path, book_id: str | None) -> Any:
    suffix = path.suffix.lower()
    if suffix in DOCX_SUFFIXES:
        return import_word_file(window, context, path, book_id)
    if suffix in PEOPLE_SUFFIXES:
        return import_people_file(window, context, path)
    return file_actions.import_bundle_file(window, context, path)


def _refuse_read_only(window: QWidget, context: AppContext, path: Path) -> bool:
    if context.read_only:
        message_boxes.warn(
            window,
            "Not imported",
            f"{context.store_path.name} is open read-only here, so {path.name} was not imported.",
        )
        return True
    return False


def _reporting(control: Worker) -> Any:
    def report(fraction: float) -> None:
        control.report(fraction)
        if fraction < 1.0:
            control.check()  # before the write starts, a cancel still stops everything

    return report


def import_word_file(
    window: QWidget, context: AppContext, path: Path, book_id: str | None
) -> str | None:
    """A Word document as a new book, or as sections at the end of the open book."""
    if _refuse_read_only(window, context, path):
        return None
    into: str | None = None
    if book_id is not None:
        title = context.store.get_book(book_id).title
        choice = message_boxes.choose(
            window,
            "Import Word document",
            f"Where should the sections of {path.name} go?",
            [f"Add to “{title}”", "Make a new book", "Cancel"],
            "Each Heading 1 in the document starts a section.",
        )
        if choice == 2:
            return None
        into = book_id if choice == 0 else None
    store_path = context.store_path

    def job(control: Worker) -> DocxImportResult:
        from app.importing.docx_import import import_docx

        with Store.open(store_path) as store:
            return import_docx(store, path, into, _reporting(control))

    outcome = run_blocking(window, "Import Word document", f"Reading {path.name}…", job)
    if outcome.cancelled:
        return None
    if not outcome.ok:
        message_boxes.warn(
            window,
            "Word document not imported",
            outcome.error or f"{path.name} could not be imported.",
            "Nothing in your store was changed.",
        )
        return None
    result: DocxImportResult = outcome.result
    _push_word_import(context, path, result)
    events = context.events
    events.books_changed.emit()
    events.book_changed.emit(result.book_id)
    summary, *details = result.report_lines()
    events.status_message.emit(f"Imported {path.name}: {summary} Edit ▸ Undo takes it back.")
    if result.left_out:
        message_boxes.inform(window, "Word document imported", summary, "\n".join(details))
    target = result.book_id

    def show_book() -> None:
        if not context.store.closed:
            events.open_record.emit("book", target, target)

    QTimer.singleShot(0, window, show_book)
    return target


def _push_word_import(context: AppContext, path: Path, result: DocxImportResult) -> None:
    """Put the landed import on the undo stack: Ctrl+Z removes the new book or the sections."""
    if result.new_book:
        store = context.store
        command: StoreCommand = CreateBookCommand(
            context, store.get_book(result.book_id), store.list_sections(result.book_id)
        )
        command.setText(f"Import {path.name}")
    else:
        command = ImportedSectionsCommand(context, path.name, result.book_id, result.section_ids)
    push_done(context, command)


def read_contact_file(window: QWidget, path: Path) -> Any:
    """The contact list read and checked in a worker, or None (a message said why)."""

    def job(_control: Worker) -> Any:
        from app.importing.people_import import read_contacts

        return read_contacts(path)

    outcome = run_blocking(window, "Import people", f"Reading {path.name}…", job)
    if not outcome.ok:
        if not outcome.cancelled:
            message_boxes.warn(
                window,
                "People not imported",
                outcome.error or f"{path.name} could not be read.",
                "Nothing in your store was changed.",
            )
        return None
    return outcome.result


def import_people_file(window: QWidget, context: AppContext, path: Path) -> Any:
    """Read a contact list and show the preview; returns the plan written, or None."""
    if _refuse_read_only(window, context, path):
        return None
    table = read_contact_file(window, path)
    if table is None:
        return None
    from ui.dialogs.import_people_dialog import ImportPeopleDialog

    dialog = ImportPeopleDialog(context, path, table, window)
    written: list[Any] = []
    dialog.imported.connect(written.append)
    dialog.exec()
    return written[0] if written else None
