"""The main window: navigator on the left, the open book's pages on the right."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QMenu,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from app.errors import NotFound
from app.paths import log_dir
from ui.context import AppContext
from ui.widgets import message_boxes
from ui.widgets.icons import app_icon
from ui.window.menu_handlers import MenuWindow
from ui.window.menus import install_menus
from ui.window.navigator import Navigator
from ui.window.page_host import PageHost
from ui.window.page_registry import BOOK_PAGE_KEYS, PAGE_CLASSES, PAGE_TITLES, build_page
from ui.window.pages import BookPage
from ui.window.read_only import READ_ONLY_SUFFIX, enter_read_only
from ui.window.undo_routing import Place, UndoRouter
from ui.window.welcome import WelcomePage

KIND_TO_PAGE = {
    "book": "overview",
    "section": "sections",
    "meeting": "schedule",
    "schedule": "schedule",
    "participants": "participants",
    "person": "people_library",
    "note": "notes_library",
}
GEOMETRY_KEY = "window/geometry"
STATE_KEY = "window/state"
SPLITTER_KEY = "window/splitter"
DEFAULT_SIZE = (1200, 780)


class MainWindow(MenuWindow):
    """One store, one open book at a time. Everything it shows comes from ``context``."""

    def __init__(
        self,
        context: AppContext,
        log_folder: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.log_folder = log_folder or log_dir()
        self.current_book_id: str | None = None
        self.current_key: str | None = None
        self._save_failure_shown = False
        self.setObjectName("mainWindow")
        self.setWindowIcon(app_icon())

        self.navigator = Navigator(context.store, self)
        self.welcome = WelcomePage(self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.welcome)
        # Pages are built when first shown (see ui.window.page_host): start-up builds one.
        self.pages = PageHost(tuple(PAGE_CLASSES), context, self.stack, build_page)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.navigator)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([270, 930])
        self.navigator.setMinimumWidth(180)
        self.setCentralWidget(self.splitter)

        install_menus(self)
        self.undo_router = UndoRouter(
            self,
            context.undo_stack,
            self.undo_action,
            self.redo_action,
            self.flush_pages,
            current_place=lambda: Place(self.current_book_id, self.current_key),
            go_to=self._go_to_place,
            say=lambda text: self.statusBar().showMessage(text, 8000),
        )
        self.save_label = QLabel(self)
        self.save_label.setObjectName("saveState")
        self.save_label.setContentsMargins(8, 0, 8, 0)
        self.store_label = QLabel(context.store_path.name, self)
        self.store_label.setToolTip(f"Store: {context.store_path}")
        self.statusBar().addPermanentWidget(self.save_label)
        self.statusBar().addPermanentWidget(self.store_label)
        self._connect()
        self.restore_session()
        self._refresh_actions()
        if context.read_only:
            enter_read_only(self)  # ui.window.read_only: pages, actions, banner, status bar
            self.navigator.tree.setDragDropMode(QAbstractItemView.DragDropMode.NoDragDrop)

    def _connect(self) -> None:
        events = self.context.events
        events.open_record.connect(self.open_record)
        events.books_changed.connect(self._on_books_changed)
        events.book_changed.connect(self._on_book_changed)
        events.save_state.connect(self._on_save_state)
        events.user_error.connect(self._on_user_error)
        events.status_message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.navigator.book_selected.connect(self.open_book)
        self.navigator.page_selected.connect(self.show_page)
        self.navigator.context_menu_requested.connect(self._book_menu)
        self.navigator.model.ids_dropped.connect(self.attach_dropped)
        self.welcome.new_book_clicked.connect(self.new_book)
        self.welcome.import_clicked.connect(self.import_bundle)
        self.welcome.sample_clicked.connect(self.open_sample_book)

    # --- session ---------------------------------------------------------------------------

    def _store_key(self, name: str) -> str:
        digest = hashlib.sha1(str(self.context.store_path.resolve()).encode("utf-8")).hexdigest()
        return f"stores/{digest[:16]}/{name}"

    def restore_session(self) -> None:
        """Window geometry, splitter and the last open book and page, from QSettings."""
        settings = self.context.settings
        geometry = settings.value(GEOMETRY_KEY)
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(*DEFAULT_SIZE)
        state = settings.value(STATE_KEY)
        if state is not None:
            self.restoreState(state)
        splitter = settings.value(SPLITTER_KEY)
        if splitter is not None:
            self.splitter.restoreState(splitter)
        book_id = settings.value(self._store_key("last_book"))
        key = settings.value(self._store_key("last_page"))
        books = self.context.store.list_books()
        known = {book.id for book in books}
        if isinstance(book_id, str) and book_id in known:
            self.open_book(
                book_id, key if isinstance(key, str) and key in self.pages else "overview"
            )
        elif books:
            self.open_book(books[0].id)
        else:
            self.show_welcome()

    def save_session(self) -> None:
        settings = self.context.settings
        settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        settings.setValue(STATE_KEY, self.saveState())
        settings.setValue(SPLITTER_KEY, self.splitter.saveState())
        settings.setValue(self._store_key("last_book"), self.current_book_id or "")
        settings.setValue(self._store_key("last_page"), self.current_key or "")
        settings.sync()

    # --- books and pages -------------------------------------------------------------------

    def flush_pages(self) -> bool:
        """Save every pending edit now; False when some edit could not be written."""
        built = self.pages.built()
        for page in built:
            page.flush()
        return not any(page.has_unsaved_changes() for page in built)

    def open_book(self, book_id: str, key: str = "overview") -> bool:
        if book_id != self.current_book_id:
            try:
                self.context.store.get_book(book_id)
            except NotFound:
                return False
            self.flush_pages()
            self.current_book_id = book_id
            self.pages.set_book(book_id, key)
            self.navigator.reload(book_id, None)
            self.context.settings.setValue(self._store_key("last_book"), book_id)
        self.show_page(key)
        self._refresh_actions()
        return True

    def _go_to_place(self, place: Place) -> None:
        """Show the page where an undone or redone change was made."""
        elsewhere = place.book_id is not None and place.book_id != self.current_book_id
        if elsewhere and not self.open_book(place.book_id or "", place.page_key or "overview"):
            return  # that book is gone
        if place.page_key is not None:
            self.show_page(place.page_key)

    def close_book(self) -> None:
        self.flush_pages()
        self.current_book_id = None
        self.pages.set_book(None, None)
        self.navigator.reload(None, None)
        self.show_welcome()
        self._refresh_actions()

    def show_page(self, key: str) -> None:
        if key not in self.pages:
            return
        if key in BOOK_PAGE_KEYS and self.current_book_id is None:
            self.show_welcome()
            return
        if self.current_key and self.current_key != key and self.pages.is_built(self.current_key):
            self.pages[self.current_key].flush()
        page = self.pages[key]
        self.current_key = key
        self.stack.setCurrentWidget(page)
        self.navigator.select(self.current_book_id, key)
        self.context.settings.setValue(self._store_key("last_page"), key)
        self._update_title()

    def show_welcome(self) -> None:
        self.current_key = None
        self.welcome.show_state(not self.context.store.list_books(), self._sample_available())
        self.stack.setCurrentWidget(self.welcome)
        self.navigator.select(None, None)
        self._update_title()

    def current_page(self) -> BookPage | None:
        return self.pages.get(self.current_key) if self.current_key else None

    def open_record(self, kind: str, record_id: str, book_id: str = "") -> None:
        """Show a record in its page (opening its book first when needed)."""
        key = KIND_TO_PAGE.get(kind)
        if key is None:
            return
        if kind == "book":
            book_id = book_id or record_id
        if key in BOOK_PAGE_KEYS:
            book_id = book_id or self._book_of(kind, record_id) or self.current_book_id or ""
            if not book_id or not self.open_book(book_id, key):
                return
        else:
            self.show_page(key)
        self.pages[key].focus_record(record_id)
        self.raise_()
        self.activateWindow()

    def _book_of(self, kind: str, record_id: str) -> str | None:
        store = self.context.store
        try:
            if kind == "section":
                return store.get_section(record_id).book_id
            if kind == "meeting":
                return store.get_meeting(record_id).book_id
        except NotFound:
            return None
        return None

    def _on_books_changed(self) -> None:
        if self.current_book_id is not None:
            try:
                self.context.store.get_book(self.current_book_id)
            except NotFound:
                self.close_book()
                return
        self.navigator.reload(self.current_book_id, self.current_key)
        if self.stack.currentWidget() is self.welcome:
            self.show_welcome()
        self._update_title()

    def _on_book_changed(self, book_id: str) -> None:
        if book_id == self.current_book_id:
            self._update_title()

    def _update_title(self) -> None:
        title = "BriefBook"
        if self.current_book_id is not None:
            try:
                book = self.context.store.get_book(self.current_book_id)
            except NotFound:
                book = None
            if book is not None:
                page = PAGE_TITLES.get(self.current_key or "", "")
                title = (
                    f"{book.title} – {page} – BriefBook" if page else f"{book.title} – BriefBook"
                )
        self.setWindowTitle(title + (READ_ONLY_SUFFIX if self.context.read_only else ""))

    def attach_dropped(self, book_id: str, key: str, ids: list[str]) -> bool:
        """People or notes dragged from a library onto a book in the navigator: attach the
        ones the book lacks at the end of its list (undoable) and show them there."""
        from ui.commands import library_commands

        store = self.context.store
        if self.context.read_only:
            self.statusBar().showMessage("Read-only: nothing was attached.", 8000)
            return False
        if key == "participants":
            present = {entry.person_id for entry in store.list_participants(book_id)}
            noun = ("person", "people")
        else:
            present = {note.id for note in store.list_book_notes(book_id)}
            noun = ("note", "notes")
        new_ids = [record_id for record_id in dict.fromkeys(ids) if record_id not in present]
        self.flush_pages()
        if not self.open_book(book_id, key):
            return False
        if not new_ids:
            self.statusBar().showMessage("Already in this book: nothing to attach.", 8000)
            return False
        place = (
            library_commands.place_participants
            if key == "participants"
            else library_commands.place_book_notes
        )
        if not place(self.context, book_id, new_ids, len(present), self._on_user_error):
            return False
        self.pages[key].focus_record(new_ids[0])
        count = len(new_ids)
        self.statusBar().showMessage(
            f"Attached {count} {noun[0] if count == 1 else noun[1]}. Edit ▸ Undo takes it back.",
            8000,
        )
        return True

    def _book_menu(self, book_id: str, position: QPoint) -> None:
        self.open_book(book_id)
        menu = QMenu(self)
        menu.addActions([self.duplicate_book_action, self.delete_book_action])
        menu.addSeparator()
        menu.addActions([self.export_action, self.share_action])
        menu.exec(position)

    def refresh_sample_actions(self) -> None:
        """Checked when the Help menu opens: loading the sample module costs start-up time."""
        sample = self._sample_available() and not self.context.read_only
        self.open_sample_action.setEnabled(sample)
        has_sample = False
        if sample:
            from app.sample import SAMPLE_BOOK_ID

            has_sample = any(b.id == SAMPLE_BOOK_ID for b in self.context.store.list_books())
        self.remove_sample_action.setEnabled(has_sample)

    def _refresh_actions(self) -> None:
        has_book = self.current_book_id is not None
        for action in (self.duplicate_book_action, self.delete_book_action):
            action.setEnabled(has_book)
        for action, available in self.optional_actions.items():
            needs_book = action in (self.export_action, self.share_action)
            action.setEnabled(available and (has_book or not needs_book))
        self.undo_router.refresh()

    # --- undo and redo (see ui.window.undo_routing) ---------------------------------------------

    def undo(self) -> None:
        self.undo_router.undo()

    def redo(self) -> None:
        self.undo_router.redo()

    # --- saving status and errors ----------------------------------------------------------

    def _on_save_state(self, state: str, message: str) -> None:
        if state == "saving":
            self.save_label.setText("Saving…")
            self.save_label.setStyleSheet("")
        elif state == "saved":
            self.save_label.setText("Saved")
            self.save_label.setStyleSheet("")
            self._save_failure_shown = False
        elif state == "failed":
            self.save_label.setText("Not saved – retrying")
            self.save_label.setStyleSheet("color: #c62828; font-weight: 600;")
            if not self._save_failure_shown:
                self._save_failure_shown = True
                message_boxes.warn(
                    self,
                    "Your last change is not saved yet",
                    message,
                    "BriefBook keeps the change in this window and tries again every few "
                    "seconds. Do not quit until the status bar says “Saved”. If the problem "
                    "stays (disk full, store file moved or read-only), fix it, or use "
                    "File ▸ Back up store… to keep a copy elsewhere.",
                )

    def _on_user_error(self, message: str) -> None:
        message_boxes.warn(self, "Not changed", message)

    # --- closing ---------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.flush_pages():
            keep_open = not message_boxes.ask(
                self,
                "Unsaved change",
                "Your last change could not be saved.",
                "Quit and lose it",
                "Keep BriefBook open",
                informative="Keep BriefBook open, fix the problem (disk space, file moved or "
                "read-only), and it will be saved automatically.",
                destructive=True,
            )
            if keep_open:
                event.ignore()
                return
        self.save_session()
        self.undo_router.detach()
        event.accept()
