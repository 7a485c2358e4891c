"""The main window's actions, menus and toolbar."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QToolBar

from ui.widgets.icons import icon
from ui.window.menu_handlers import module_available

if TYPE_CHECKING:
    from ui.window.menu_handlers import MenuWindow

Key = QKeySequence.StandardKey


def _standard(key: QKeySequence.StandardKey, fallback: str) -> list[QKeySequence]:
    """The platform's keys for ``key``, or ``fallback`` where it has none (Quit on Windows)."""
    return QKeySequence.keyBindings(key) or [QKeySequence(fallback)]


def _action(
    window: MenuWindow,
    text: str,
    slot: object,
    icon_name: str | None = None,
    shortcuts: list[QKeySequence] | None = None,
    tip: str = "",
) -> QAction:
    action = QAction(text, window)
    if icon_name:
        action.setIcon(icon(icon_name))
    if shortcuts:
        action.setShortcuts(shortcuts)
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    action.triggered.connect(slot)
    return action


def install_protection_actions(w: MenuWindow) -> None:
    """File ▸ Protect with a passphrase… (a plain store), or Change passphrase… and Remove
    protection… (an encrypted one): ``ui.session.protection`` does the work."""
    from app.protection import keys

    if keys.is_encrypted(w.context.store_path):
        change = _action(
            w,
            "C&hange passphrase…",
            lambda: w.protection_requested.emit("change"),
            "settings",
            tip="Re-encrypt the store and its backups with a new passphrase",
        )
        remove = _action(
            w,
            "Remo&ve protection…",
            lambda: w.protection_requested.emit("remove"),
            "settings",
            tip="Store the store and its backups without encryption again",
        )
        w.protection_actions = [change, remove]
    else:
        protect = _action(
            w,
            "&Protect with a passphrase…",
            lambda: w.protection_requested.emit("protect"),
            "settings",
            tip="Encrypt the store and its backups; BriefBook then asks for the passphrase",
        )
        w.protection_actions = [protect]
    for action in w.protection_actions:
        # Read-only, another program holds the store: this window must not rewrite it.
        action.setEnabled(not w.context.read_only)


def install_menus(window: MenuWindow) -> None:
    """Create the window's actions as attributes (``window.new_book_action``...) and menus."""
    w = window
    w.new_book_action = _action(
        w,
        "&New book…",
        w.new_book,
        "new_book",
        [QKeySequence(Key.New)],
        "Start a new book from the standard brief or blank",
    )
    w.duplicate_book_action = _action(
        w,
        "&Duplicate book…",
        w.duplicate_book,
        "duplicate",
        tip="Copy the open book for the next trip (no dates or schedule)",
    )
    w.delete_book_action = _action(
        w, "De&lete book…", w.delete_book, "delete", tip="Delete the open book (can be undone)"
    )
    w.open_sample_action = _action(
        w,
        "Open the &sample book",
        w.open_sample_book,
        tip="Add the sample book (a trip to Baku) if it is not there, and open it",
    )
    w.remove_sample_action = _action(
        w,
        "&Remove the sample book…",
        w.remove_sample_book,
        tip="Delete the sample book and the sample people and notes no other book uses",
    )
    w.export_action = _action(
        w,
        "&Export…",
        w.open_export_dialog,
        "export",
        [QKeySequence("Ctrl+E")],
        "Export the open book to PDF or Word",
    )
    w.compare_action = _action(
        w,
        "&Versions and compare…",
        w.open_compare_dialog,
        "export",
        tip="See what changed since a version (every export saves one); restore from one",
    )
    w.save_version_action = _action(
        w,
        "Save &version…",
        w.save_version,
        "backup",
        tip="Keep the open book as it is now as a named version",
    )
    w.import_action = _action(
        w,
        "&Import…",
        w.import_bundle,
        "import",
        tip="Import a shared bundle, a Word document, or people from a spreadsheet or contacts",
    )
    w.share_action = _action(
        w,
        "&Share book as bundle…",
        w.share_bundle,
        "share",
        tip="Save the open book with its people, notes and photos as one file",
    )
    w.backup_action = _action(
        w, "&Back up store…", w.backup_store, "backup", tip="Save a copy of the whole store"
    )
    w.restore_action = _action(
        w,
        "&Restore from backup…",
        w.restore_from_backup,
        "backup",
        tip="Replace the store with one of its automatic backups (the current one is kept)",
    )
    w.backups_folder_action = _action(
        w,
        "Show backups &folder",
        w.show_backups_folder,
        "open",
        tip="Open the folder that holds the store's automatic backups",
    )
    w.open_store_action = _action(
        w,
        "&Open store…",
        w.open_store_file,
        "open",
        [QKeySequence(Key.Open)],
        "Switch to another BriefBook store file",
    )
    install_protection_actions(w)
    w.quit_action = _action(w, "&Quit", w.close, "quit", _standard(Key.Quit, "Ctrl+Q"))
    w.quit_action.setMenuRole(QAction.MenuRole.QuitRole)

    w.undo_action = _action(w, "&Undo", w.undo, "undo", [QKeySequence(Key.Undo)])
    w.redo_action = _action(w, "&Redo", w.redo, "redo", QKeySequence.keyBindings(Key.Redo))
    find_keys = [*QKeySequence.keyBindings(Key.Find), QKeySequence("Ctrl+K")]
    w.find_action = _action(
        w,
        "&Find…",
        w.open_search,
        "search",
        find_keys,
        "Search books, sections, people, notes and meetings",
    )
    w.preferences_action = _action(
        w, "&Preferences…", w.open_preferences, "settings", _standard(Key.Preferences, "Ctrl+,")
    )
    w.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)
    w.house_styles_action = _action(
        w,
        "&House styles…",
        w.open_house_styles,
        "settings",
        None,
        "The office's letterhead, fonts and page set-up for books",
    )
    w.about_action = _action(w, "&About BriefBook", w.open_about, "about")
    w.about_action.setMenuRole(QAction.MenuRole.AboutRole)

    # Parts written as separate modules: unavailable ones are shown, but disabled.
    optional = {
        w.export_action: "ui.dialogs.export_dialog",
        w.find_action: "ui.window.search_panel",
        w.import_action: "ui.window.file_actions",
        w.share_action: "ui.window.file_actions",
        w.backup_action: "ui.window.file_actions",
    }
    w.optional_actions = {action: module_available(name) for action, name in optional.items()}

    menu_bar = w.menuBar()
    file_menu = menu_bar.addMenu("&File")
    file_menu.addActions([w.new_book_action, w.duplicate_book_action, w.delete_book_action])
    file_menu.addSeparator()
    file_menu.addAction(w.export_action)
    file_menu.addActions([w.save_version_action, w.compare_action])
    file_menu.addSeparator()
    file_menu.addActions([w.import_action, w.share_action, w.backup_action])
    file_menu.addActions([w.restore_action, w.backups_folder_action])
    file_menu.addSeparator()
    file_menu.addAction(w.open_store_action)
    file_menu.addActions(w.protection_actions)
    file_menu.addSeparator()
    file_menu.addAction(w.quit_action)
    edit_menu = menu_bar.addMenu("&Edit")
    edit_menu.addActions([w.undo_action, w.redo_action])
    edit_menu.addSeparator()
    edit_menu.addAction(w.find_action)
    edit_menu.addSeparator()
    edit_menu.addAction(w.preferences_action)
    edit_menu.addAction(w.house_styles_action)
    help_menu = menu_bar.addMenu("&Help")
    help_menu.addActions([w.open_sample_action, w.remove_sample_action])
    help_menu.aboutToShow.connect(w.refresh_sample_actions)
    help_menu.addSeparator()
    help_menu.addAction(w.about_action)

    toolbar = QToolBar("Main", w)
    toolbar.setObjectName("mainToolbar")
    toolbar.setMovable(False)
    toolbar.setIconSize(QSize(20, 20))
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    toolbar.addAction(w.new_book_action)
    toolbar.addSeparator()
    toolbar.addAction(w.undo_action)
    toolbar.addAction(w.redo_action)
    toolbar.addSeparator()
    toolbar.addAction(w.find_action)
    toolbar.addAction(w.export_action)
    w.addToolBar(toolbar)
    w.main_toolbar = toolbar
    for action in (w.undo_action, w.redo_action):
        action.setPriority(QAction.Priority.LowPriority)  # icon only beside the text of others
