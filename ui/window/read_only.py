"""Read-only mode: browsing a store that another BriefBook program has open for writing.

When the writer lock is held elsewhere, the app can open the store read-only
(``Store.open(path, read_only=True)``, ``AppContext.read_only``). Every write would be refused
by the store anyway; this module makes the window say so and stops edits where they start, in
one place instead of a check in every page:

- ``lock_editing(root)`` turns every editor under ``root`` read-only: text fields and spin
  boxes keep their text selectable and copyable (``setReadOnly``), choices and buttons are
  disabled, lists keep their selection but lose in-place editing and drag and drop, and the
  widget's own actions (add, delete, move, formatting...) are disabled.
- Pages enable their buttons and actions as the selection changes. Rather than teach each of
  them about read-only mode, a latch re-applies the lock whenever something re-enables a locked
  widget or action, synchronously, so a locked editor never accepts a keystroke.
- Widgets meant for browsing (a library's filter field, "Open profile") are marked with
  ``keep_for_browsing`` and left alone.

A window stays read-only for its lifetime: reopening the store for writing makes a new window.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QSizePolicy,
    QTabBar,
    QTextEdit,
    QToolBar,
    QWidget,
)

BROWSE_PROPERTY = "briefbookBrowseOnly"
DISABLE_PROPERTY = "briefbookDisableWhenReadOnly"
LOCKED_PROPERTY = "briefbookLocked"
READ_ONLY_SUFFIX = " (read-only)"
BANNER_NAME = "readOnlyBanner"

_TEXT_TYPES = (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox)
_CHOICE_TYPES = (QComboBox, QAbstractButton, QAbstractSlider)


def keep_for_browsing(*widgets: QWidget | QAction) -> None:
    """Leave these (and, for widgets, their children) usable in read-only mode."""
    for widget in widgets:
        widget.setProperty(BROWSE_PROPERTY, True)


def disable_when_read_only(*widgets: QWidget) -> None:
    """Disable these text fields in read-only mode instead of making them read-only.

    For fields whose only job is to add something ("Add a person: type a name…"): read-only,
    they would still invite typing.
    """
    for widget in widgets:
        widget.setProperty(DISABLE_PROPERTY, True)


def _for_browsing(widget: QWidget, root: QWidget) -> bool:
    current: QWidget | None = widget
    while current is not None:
        if current.property(BROWSE_PROPERTY):
            return True
        if current is root:
            return False
        current = current.parentWidget()
    return False


class _Latch(QObject):
    """Puts a locked widget back when something re-enables it or makes it writable."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.ReadOnlyChange and isinstance(watched, _TEXT_TYPES):
            if not watched.isReadOnly():
                watched.setReadOnly(True)
        elif (
            kind == QEvent.Type.EnabledChange
            and isinstance(watched, QWidget)
            and not watched.testAttribute(Qt.WidgetAttribute.WA_ForceDisabled)
        ):
            watched.setEnabled(False)
        return False


def _latch_for(root: QObject) -> _Latch:
    latch = root.findChild(_Latch, "readOnlyLatch", Qt.FindChildOption.FindDirectChildrenOnly)
    if latch is None:
        latch = _Latch(root)
        latch.setObjectName("readOnlyLatch")
    return latch


def _hold_disabled(action: QAction) -> None:
    if action.isEnabled():
        action.setEnabled(False)


def lock_action(action: QAction) -> None:
    """Disable ``action`` for good: re-enabling it (``setEnabled(True)``) is undone at once."""
    if action.property(LOCKED_PROPERTY) or action.property(BROWSE_PROPERTY):
        return
    action.setProperty(LOCKED_PROPERTY, True)
    action.setEnabled(False)
    action.changed.connect(lambda: _hold_disabled(action))


def _is_part_of_a_compound(widget: QWidget) -> bool:
    # The line edit inside a combo or spin box, the scroll buttons of a tab bar and Qt's own
    # helper buttons ("qt_toolbar_ext_button"...) follow their owner.
    parent = widget.parentWidget()
    if isinstance(parent, QComboBox | QAbstractSpinBox | QTabBar):
        return True
    return widget.objectName().startswith("qt_")


def _lock_widget(widget: QWidget, latch: _Latch) -> None:
    if widget.property(LOCKED_PROPERTY):
        return
    if widget.property(DISABLE_PROPERTY):
        widget.setEnabled(False)
    elif isinstance(widget, _TEXT_TYPES):
        widget.setReadOnly(True)
    elif isinstance(widget, _CHOICE_TYPES):
        widget.setEnabled(False)
    elif isinstance(widget, QAbstractItemView):
        # Lists stay enabled for browsing and selecting; they only stop editing.
        widget.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        widget.setDragDropMode(QAbstractItemView.DragDropMode.NoDragDrop)
        widget.setAcceptDrops(False)
        widget.viewport().setAcceptDrops(False)
        widget.setProperty(LOCKED_PROPERTY, True)
        return
    else:
        return
    widget.setProperty(LOCKED_PROPERTY, True)
    widget.installEventFilter(latch)


def lock_editing(root: QWidget) -> None:
    """Make every editor and editing action under ``root`` refuse edits (see module doc)."""
    latch = _latch_for(root)
    for widget in root.findChildren(QWidget):
        if _is_part_of_a_compound(widget) or _for_browsing(widget, root):
            continue
        widget.setAcceptDrops(False)
        _lock_widget(widget, latch)
    for action in root.findChildren(QAction):
        parent = action.parent()
        if isinstance(parent, QWidget) and _for_browsing(parent, root):
            continue
        lock_action(action)


def is_locked(widget: QWidget | QAction) -> bool:
    """True when ``lock_editing`` locked this widget or action."""
    return bool(widget.property(LOCKED_PROPERTY))


# --- the window ---------------------------------------------------------------------------


def read_only_message(holder: str) -> str:
    """The banner's sentence: whose store it is and what still works."""
    who = holder or "another BriefBook program"
    return (
        f"Read-only: this store is open for writing by {who}.\n"
        "You can browse, search, preview and export. To edit, close it there and open the "
        "store again."
    )


def install_banner(window: QMainWindow, holder: str) -> QToolBar:
    """A strip under the toolbar saying the window is read-only and who holds the store.

    A toolbar on its own row, so the window's central layout is left as it is.
    """
    banner = QToolBar("Read-only", window)
    banner.setObjectName(BANNER_NAME)
    banner.setMovable(False)
    banner.setFloatable(False)
    banner.toggleViewAction().setEnabled(False)  # it must not be hidden from the context menu
    label = QLabel(read_only_message(holder), banner)
    label.setObjectName("readOnlyText")
    # Two fixed lines: a word-wrapped label in a toolbar is squeezed to a narrow column.
    label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setContentsMargins(10, 6, 10, 6)
    label.setAccessibleName("Read-only mode")
    banner.addWidget(label)
    # Amber like a caution sign, readable in light and dark themes.
    banner.setStyleSheet(
        "QToolBar#readOnlyBanner { background: #fff3cd; border: none;"
        " border-bottom: 1px solid #e0c36a; }"
        "QLabel#readOnlyText { color: #5c4400; }"
    )
    window.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, banner)
    return banner


# Main-window actions that change the store; the rest (export, share, back up, find, open
# another store, preferences) only read it and stay available.
EDITING_ACTIONS = (
    "new_book_action",
    "duplicate_book_action",
    "delete_book_action",
    "open_sample_action",
    "remove_sample_action",
    "import_action",
    "restore_action",
    "undo_action",
    "redo_action",
)


def enter_read_only(window: QMainWindow) -> None:
    """Put a main window on a read-only store into browse-only mode, all in one place.

    Locks every page (``BookPage.set_read_only``), the welcome page's buttons and the editing
    actions of the menus and toolbar, and says so in a banner and in the status bar. The
    window's title suffix comes from ``MainWindow._update_title``.
    """
    context = getattr(window, "context", None)
    holder = getattr(context, "read_only_holder", "")
    pages = getattr(window, "pages", None)
    for page in pages.built() if pages is not None else []:
        page.set_read_only(True)  # pages built later lock themselves (ui.window.page_host)
    welcome = getattr(window, "welcome", None)
    if isinstance(welcome, QWidget):
        lock_editing(welcome)
    for name in EDITING_ACTIONS:
        action = getattr(window, name, None)
        if isinstance(action, QAction):
            lock_action(action)
    window.read_only_banner = install_banner(window, holder)  # type: ignore[attr-defined]
    badge = QLabel("Read-only", window)
    badge.setObjectName("readOnlyBadge")
    badge.setToolTip(read_only_message(holder).replace("\n", " "))
    badge.setStyleSheet("QLabel#readOnlyBadge { color: #8a5a00; font-weight: 600; }")
    badge.setContentsMargins(8, 0, 8, 0)
    window.statusBar().addPermanentWidget(badge)
    window.statusBar().showMessage(f"Read-only: the store is open for writing by {holder}.")
    update_title = getattr(window, "_update_title", None)
    if callable(update_title):
        update_title()
