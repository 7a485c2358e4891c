"""What the File, Edit and Help menus do: book actions, dialogs, and the parts of the app
written as separate modules (export, search, bundles and backups), imported on first use so
start-up stays quick and a missing part only disables its menu entry."""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMainWindow, QToolBar

from ui.context import AppContext
from ui.dialogs.about import AboutDialog
from ui.dialogs.preferences import PreferencesDialog
from ui.widgets import message_boxes
from ui.window import book_actions
from ui.window.page_host import PageHost


def module_available(name: str) -> bool:
    """True when an optional part of the app (written separately) is installed."""
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


class MenuWindow(QMainWindow):
    """Base of the main window: what its menus do. ``MainWindow`` adds layout and navigation."""

    store_switch_requested = Signal(Path)
    # A backup chosen in File ▸ Restore from backup…; the session closes, restores, reopens.
    restore_requested = Signal(Path)
    # File ▸ Protect…/Change passphrase…/Remove protection…: "protect", "change" or "remove".
    protection_requested = Signal(str)

    # Set by MainWindow.__init__ (and ui.window.menus.install_menus for the actions).
    context: AppContext
    log_folder: Path
    current_book_id: str | None
    pages: PageHost
    optional_actions: dict[QAction, bool]
    new_book_action: QAction
    duplicate_book_action: QAction
    delete_book_action: QAction
    open_sample_action: QAction
    remove_sample_action: QAction
    export_action: QAction
    compare_action: QAction
    save_version_action: QAction
    import_action: QAction
    share_action: QAction
    backup_action: QAction
    restore_action: QAction
    backups_folder_action: QAction
    open_store_action: QAction
    protection_actions: list[QAction]
    quit_action: QAction
    undo_action: QAction
    redo_action: QAction
    find_action: QAction
    preferences_action: QAction
    house_styles_action: QAction
    about_action: QAction
    main_toolbar: QToolBar
    _search_panel: Any = None

    def flush_pages(self) -> bool:
        raise NotImplementedError

    def refresh_sample_actions(self) -> None:
        raise NotImplementedError

    def open_book(self, book_id: str, key: str = "overview") -> bool:
        raise NotImplementedError

    def undo(self) -> None:
        """Edit ▸ Undo (the window routes it: ui.window.undo_routing)."""
        raise NotImplementedError

    def redo(self) -> None:
        raise NotImplementedError

    # --- book actions ----------------------------------------------------------------------

    def new_book(self) -> None:
        self.flush_pages()
        book_actions.ask_new_book(self, self.context)

    def duplicate_book(self) -> None:
        if self.current_book_id:
            self.flush_pages()
            book_actions.duplicate_book(self, self.context, self.current_book_id)

    def delete_book(self) -> None:
        if self.current_book_id:
            self.flush_pages()
            book_actions.delete_book(self, self.context, self.current_book_id)

    def remove_sample_book(self) -> None:
        self.flush_pages()
        book_actions.remove_sample_book(self, self.context)

    def _sample_available(self) -> bool:
        return module_available("app.sample")

    def open_sample_book(self) -> None:
        from app.sample import ensure_sample_book

        book = ensure_sample_book(self.context.store)
        self.context.events.books_changed.emit()
        self.open_book(book.id)

    # --- parts written as separate modules (imported when first used) ---------------------

    def _optional(self, name: str, action: QAction) -> ModuleType | None:
        try:
            return importlib.import_module(name)
        except ImportError:
            self.optional_actions[action] = False
            action.setEnabled(False)
            self.statusBar().showMessage(
                f"{action.text().replace('&', '')} is not available.", 8000
            )
            return None

    def open_export_dialog(self) -> None:
        if self.current_book_id is None:
            return
        self.flush_pages()
        module = self._optional("ui.dialogs.export_dialog", self.export_action)
        if module is not None:
            dialog = module.ExportDialog(self.context, self.current_book_id, self)
            dialog.exec()
            dialog.deleteLater()  # the window would otherwise keep it for the whole session

    def open_compare_dialog(self) -> None:
        """Versions of the open book side by side (``ui.dialogs.compare_dialog``)."""
        if self.current_book_id is None:
            return
        self.flush_pages()
        from ui.dialogs.compare_dialog import CompareDialog

        CompareDialog(self.context, self.current_book_id, self).exec()

    def save_version(self) -> None:
        """Keep the open book as it is now as a named version (File ▸ Save version…)."""
        if self.current_book_id is None or self.context.read_only:
            return
        self.flush_pages()
        from PySide6.QtWidgets import QInputDialog

        from app.errors import BriefBookError
        from app.review import versions

        name, accepted = QInputDialog.getText(
            self, "Save version", "Name of this version (for instance “Sent to the front office”):"
        )
        if not accepted:
            return
        try:
            info = versions.save_version(self.context.store, self.current_book_id, name=name)
        except BriefBookError as error:
            self.context.events.user_error.emit(str(error))
            return
        self.context.events.status_message.emit(
            f"Saved {info.label}. File ▸ Versions and compare… shows what changes from here."
        )

    def open_search(self) -> None:
        module = self._optional("ui.window.search_panel", self.find_action)
        if module is None:
            return
        self.flush_pages()  # the search reads the store: include what was just typed
        if self._search_panel is None:
            self._search_panel = module.SearchPanel(self.context, self)
        self._search_panel.activate()

    def import_bundle(self) -> None:
        """File ▸ Import…: a bundle, a Word document or a contact list."""
        module = self._optional("ui.window.import_actions", self.import_action)
        if module is not None:
            self.flush_pages()
            module.import_any(self, self.context, self.current_book_id)

    def share_bundle(self) -> None:
        if self.current_book_id is None:
            return
        module = self._optional("ui.window.file_actions", self.share_action)
        if module is not None:
            self.flush_pages()
            module.share_bundle(self, self.context, self.current_book_id)

    def backup_store(self) -> None:
        module = self._optional("ui.window.file_actions", self.backup_action)
        if module is not None:
            self.flush_pages()
            module.backup_store(self, self.context)

    def restore_from_backup(self) -> None:
        """Choose one of the store's automatic backups; the session restores it."""
        if self.context.read_only:
            return
        self.flush_pages()
        from ui.dialogs.restore_dialog import RestoreDialog

        dialog = RestoreDialog(self.context.store_path, self)
        dialog.show_folder_requested.connect(self.show_backups_folder)
        accepted = dialog.exec()
        chosen = dialog.chosen
        dialog.deleteLater()
        if not accepted or chosen is None:
            return
        confirmed = message_boxes.ask(
            self,
            "Restore from backup",
            f"Replace the store with the backup {chosen.name}?",
            "Restore",
            informative="BriefBook saves your edits, keeps the store as it is now in the "
            "backups folder, and reopens the store from the backup.",
        )
        if confirmed:
            self.restore_requested.emit(chosen)

    def show_backups_folder(self) -> None:
        """Open the file manager on the store's backups folder."""
        from app.backups import backup_dir_for

        folder = backup_dir_for(self.context.store_path)
        if not folder.is_dir():
            self.statusBar().showMessage(
                f"There are no backups yet; they will be kept in {folder}.", 8000
            )
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def open_store_file(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self,
            "Open store",
            str(self.context.store_path.parent),
            "BriefBook stores (*.sqlite *.db);;All files (*)",
        )
        if chosen:
            self.store_switch_requested.emit(Path(chosen))

    def open_preferences(self) -> None:
        if PreferencesDialog(self.context.settings, self, self.context.store_path).exec():
            for page in self.pages.built():
                apply = getattr(page, "apply_preferences", None)
                if callable(apply):
                    apply()

    def open_house_styles(self) -> None:
        from ui.dialogs.house_styles_dialog import HouseStylesDialog

        page_size = "letter"
        if self.current_book_id:
            page_size = self.context.store.get_book(self.current_book_id).page_size
        HouseStylesDialog(self.context, self, page_size).exec()

    def open_about(self) -> None:
        AboutDialog(self.context.store_path, self.log_folder, self).exec()
