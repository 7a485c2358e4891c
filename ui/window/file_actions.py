"""File-menu actions: import a bundle, share a book as a bundle, back up the store.

Each asks for a file, runs the store's own function in a worker (with its own connection)
behind a progress dialog, and reports errors in a plain dialog. They return what they made, or
None when the user cancelled or something failed.
"""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QProcess, QStandardPaths, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.errors import BriefBookError
from app.store import Store
from ui.context import AppContext
from ui.session.workers import Worker, run_blocking

BUNDLE_FOLDER_KEY = "bundles/last_folder"
BACKUP_FOLDER_KEY = "backup/last_folder"
BUNDLE_FILTER = "BriefBook bundles (*.bbk *.json);;All files (*)"
_UNSAFE_IN_NAMES = re.compile(r'[<>:"/\\|?*\x00-\x1f]+')
_KIND_NAMES = {
    "book": ("book", "books"),
    "section": ("section", "sections"),
    "person": ("person", "people"),
    "note": ("sector note", "sector notes"),
    "meeting": ("meeting", "meetings"),
    "participant": ("participant", "participants"),
    "book_note": ("note link", "note links"),
    "image": ("photo", "photos"),
}


# --- shared helpers -----------------------------------------------------------------------


def default_file_name(title: str, extension: str, handout: bool = False) -> str:
    """A file name from a book title that is safe on Windows, macOS and Linux."""
    name = _UNSAFE_IN_NAMES.sub(" ", title)
    name = re.sub(r"\s+", " ", name).strip(" .")[:100].strip(" .") or "Briefing book"
    if handout:
        name += " - handout"
    return f"{name}.{extension}"


def documents_folder() -> Path:
    """The user's documents folder if it exists (a fresh account may have none), else home."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found and Path(found).is_dir() else Path.home()


def remembered_folder(context: AppContext, key: str) -> Path:
    """The folder last used for this kind of file, else the user's documents folder."""
    remembered = str(context.settings.value(key, "", type=str))
    if remembered and Path(remembered).is_dir():
        return Path(remembered)
    return documents_folder()


def show_in_folder(path: Path) -> None:
    """Open the file manager at ``path``, selecting the file where the platform allows it."""
    if sys.platform == "win32":
        QProcess.startDetached("explorer.exe", [f"/select,{path}"])
    elif sys.platform == "darwin":
        QProcess.startDetached("open", ["-R", str(path)])
    else:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))


def describe_counts(counts: dict[str, int]) -> str:
    """ "2 people, 1 sector note and 3 meetings" from per-kind counts (zeros left out)."""
    parts = []
    for kind, count in counts.items():
        if count:
            one, many = _KIND_NAMES.get(kind, (kind, f"{kind}s"))
            parts.append(f"{count} {one if count == 1 else many}")
    if not parts:
        return "nothing"
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _with_suffix(chosen: str, suffixes: tuple[str, ...]) -> Path:
    path = Path(chosen)
    if path.suffix.lower() not in suffixes:
        path = path.with_name(path.name + suffixes[0])
    return path


# --- import -------------------------------------------------------------------------------


def import_bundle(window: QWidget, context: AppContext) -> str | None:
    """Ask for a bundle and import it; returns the imported book's id."""
    chosen, _filter = QFileDialog.getOpenFileName(
        window, "Import bundle", str(remembered_folder(context, BUNDLE_FOLDER_KEY)), BUNDLE_FILTER
    )
    if not chosen:
        return None
    return import_bundle_file(window, context, Path(chosen))


def import_bundle_file(window: QWidget | None, context: AppContext, path: Path) -> str | None:
    """Import the bundle at ``path``: check it, confirm updates, import, show the book.

    Also what opening a ``.bbk`` from the desktop should call. Refused on a store open
    read-only: another program holds it for writing, and this window must not write.
    """
    if context.read_only:
        _refused(
            window,
            f"{context.store_path.name} is open read-only here, so {path.name} was not "
            "imported. Import it in the BriefBook that has the store open for writing, or "
            "close that one and open the store again here.",
        )
        return None
    context.settings.setValue(BUNDLE_FOLDER_KEY, str(path.parent))
    store_path = context.store_path
    if not _unseal_interactively(window, path):
        return None

    def plan_job(_control: Worker) -> Any:
        from app.bundle import plan_import

        with Store.open(store_path, read_only=True) as store:
            return plan_import(store, path)

    checked = run_blocking(
        window, "Import bundle", f"Checking {path.name}…", plan_job, cancellable=False
    )
    if not checked.ok:
        _refused(window, checked.error or "The bundle could not be read.")
        return None
    plan = checked.result
    updates = sum(plan.updated.values())
    if updates:
        answer = QMessageBox.question(
            window,
            "Update records?",
            f"Importing “{plan.book_title}” will update {describe_counts(plan.updated)} "
            f"already in your store with the bundle's newer copies, and add "
            f"{describe_counts(plan.created)}.\n\nImport and update them?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return None

    def import_job(_control: Worker) -> Any:
        from app.bundle import import_bundle as import_into

        with Store.open(store_path) as store:
            return import_into(store, path)

    imported = run_blocking(
        window, "Import bundle", f"Importing {path.name}…", import_job, cancellable=False
    )
    if not imported.ok:
        _refused(window, imported.error or "The bundle could not be imported.")
        return None
    result = imported.result
    events = context.events
    events.books_changed.emit()
    events.people_changed.emit()
    events.notes_changed.emit()
    events.book_changed.emit(result.book_id)
    if result.changes:
        summary = f"added {describe_counts(result.created)}"
        if sum(result.updated.values()):
            summary += f", updated {describe_counts(result.updated)}"
    else:
        summary = "everything in it was already in your store"
    events.status_message.emit(f"Imported “{result.book_title}”: {summary}.")
    # The lists above redraw in this turn of the event loop; the book opens in the next, so
    # the window never holds still for both at once (a large store's navigator and book).
    book_id = str(result.book_id)

    def show_book() -> None:
        if not context.store.closed:  # the window may have been closed meanwhile
            events.open_record.emit("book", book_id, book_id)

    QTimer.singleShot(0, window if window is not None else events, show_book)
    return book_id


def _unseal_interactively(window: QWidget | None, path: Path) -> bool:
    """For a sealed bundle: ask its passphrase until it opens (True) or the user stops."""
    from app.protection import envelope

    if not envelope.is_sealed(path):
        return True
    try:
        envelope.open_sealed(path)  # a passphrase given earlier in this session may open it
        return True
    except envelope.SealedBundleNeedsPassphrase:
        pass
    except BriefBookError as error:
        _refused(window, str(error))
        return False
    from ui.dialogs.passphrase_dialog import PassphraseDialog

    def check(secret: str) -> str | None:
        try:
            envelope.open_sealed(path, secret)
        except envelope.SealedBundleWrongPassphrase:
            return "That passphrase does not open this bundle. Check it and try again."
        except BriefBookError as error:
            return str(error)
        envelope.offer_passphrase(secret)
        return None

    dialog = PassphraseDialog(
        window,
        "Sealed bundle",
        f"{path.name} is sealed",
        "The bundle is encrypted; type the passphrase its sender gave you to import it.",
        check,
        accept_text="Import",
    )
    accepted = bool(dialog.exec())
    dialog.take_passphrase()
    dialog.deleteLater()
    return accepted


def _refused(window: QWidget | None, message: str) -> None:
    box = QMessageBox.critical
    box(window, "Bundle not imported", f"{message}\n\nNothing in your store was changed.")


# --- share --------------------------------------------------------------------------------


def share_bundle(window: QWidget, context: AppContext, book_id: str) -> Path | None:
    """Ask where to save the book as a ``.bbk`` bundle and write it; returns the file."""
    book = context.store.get_book(book_id)
    from app.protection import keys
    from ui.dialogs.passphrase_dialog import ask_share_seal

    # Sealing is offered each time; a book from an encrypted store is sealed by default.
    seal = ask_share_seal(window, book.title, keys.is_encrypted(context.store_path))
    if seal is None:
        return None
    folder = remembered_folder(context, BUNDLE_FOLDER_KEY)
    chosen, _filter = QFileDialog.getSaveFileName(
        window,
        "Share book as bundle",
        str(folder / default_file_name(book.title, "bbk")),
        "BriefBook bundles (*.bbk)",
    )
    if not chosen:
        return None
    target = _with_suffix(chosen, (".bbk",))
    context.settings.setValue(BUNDLE_FOLDER_KEY, str(target.parent))
    store_path = context.store_path

    def job(_control: Worker) -> Path:
        from app.bundle import export_bundle, export_sealed_bundle

        with Store.open(store_path, read_only=True) as store:
            if seal:
                return Path(export_sealed_bundle(store, book_id, target, seal))
            return Path(export_bundle(store, book_id, target))

    outcome = run_blocking(
        window, "Share book as bundle", f"Writing {target.name}…", job, cancellable=False
    )
    if not outcome.ok:
        QMessageBox.critical(window, "Bundle not saved", outcome.error or "Unknown error.")
        return None
    sealed = " (sealed with a passphrase)" if seal else ""
    context.events.status_message.emit(
        f"Saved “{book.title}” as {target.name}{sealed} in {target.parent}."
    )
    return Path(outcome.result)


# --- backup -------------------------------------------------------------------------------


def backup_store(window: QWidget, context: AppContext) -> Path | None:
    """Ask where to put a copy of the whole store and write it; returns the copy's path."""
    folder = remembered_folder(context, BACKUP_FOLDER_KEY)
    name = f"BriefBook backup {date.today().isoformat()}.sqlite"
    chosen, _filter = QFileDialog.getSaveFileName(
        window, "Back up store", str(folder / name), "BriefBook stores (*.sqlite *.db)"
    )
    if not chosen:
        return None
    target = _with_suffix(chosen, (".sqlite", ".db"))
    if target.resolve() == Path(context.store_path).resolve():
        QMessageBox.critical(
            window,
            "Backup not made",
            "That is the store itself; choose another file name for the backup.",
        )
        return None
    context.settings.setValue(BACKUP_FOLDER_KEY, str(target.parent))
    store_path = context.store_path

    def job(control: Worker) -> Path:
        def progress(_status: int, remaining: int, total: int) -> None:
            control.report(1.0 - remaining / total if total else 1.0)

        with Store.open(store_path, read_only=True) as store:
            return store.backup(target, progress=progress)

    outcome = run_blocking(
        window, "Back up store", f"Copying to {target.name}…", job, cancellable=False
    )
    if not outcome.ok:
        QMessageBox.critical(window, "Backup not made", outcome.error or "Unknown error.")
        return None
    context.events.status_message.emit(f"Backed up the store to {target}.")
    return Path(outcome.result)
