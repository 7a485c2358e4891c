"""File ▸ Restore from backup…: choose one of the store's automatic backups.

The dialog lists the backups (newest first) with when each was taken, why, its size and
whether it passed SQLite's integrity check. Checking reads every backup in full, so the list
is filled by a worker thread. The dialog only chooses: ``chosen`` is the backup to restore,
and the session closes the store, restores and reopens it (``ui.session.startup.Session.restore_backup``).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.backups import (
    KIND_BEFORE_MIGRATION,
    KIND_BEFORE_RESTORE,
    KIND_DAILY,
    BackupInfo,
    backup_dir_for,
    list_backups,
    verify_backup,
)
from ui.session.workers import Worker
from ui.widgets.dates import format_date_time
from ui.widgets.labels import heading_label, hint_label, human_size
from ui.widgets.model_headers import column_title

Index = QModelIndex | QPersistentModelIndex

KIND_NAMES = {
    KIND_DAILY: "Daily copy",
    KIND_BEFORE_MIGRATION: "Before an upgrade",
    KIND_BEFORE_RESTORE: "Before a restore",
}
COLUMNS = ("Taken", "Kind", "Size", "Check")
DAMAGED_COLOUR = QColor("#b71c1c")
INTRO = (
    "BriefBook copies this store on the first open of each day, before every upgrade and "
    "before every restore. Restoring replaces the store with the copy you choose; the store "
    "as it is now is kept in the backups folder first, so nothing is lost."
)


def taken_text(info: BackupInfo) -> str:
    return format_date_time(info.taken_at)


class BackupListModel(QAbstractTableModel):
    """The backups of one store as rows: taken, kind, size, check (OK / damaged)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backups: list[BackupInfo] = []

    def set_backups(self, backups: list[BackupInfo]) -> None:
        self.beginResetModel()
        self.backups = list(backups)
        self.endResetModel()

    def backup_at(self, row: int) -> BackupInfo | None:
        return self.backups[row] if 0 <= row < len(self.backups) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt)
        return 0 if parent.isValid() else len(self.backups)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt)
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        return column_title(COLUMNS, section, orientation, role)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        info = self.backup_at(index.row()) if index.isValid() else None
        if info is None:
            return None
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == 0:
                return taken_text(info)
            if column == 1:
                return KIND_NAMES.get(info.kind, info.kind)
            if column == 2:
                return human_size(info.size)
            if column == 3:
                if info.ok is None:
                    return "not checked"
                return "OK" if info.ok else "Damaged"
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = str(info.path)
            return f"{tip}\nCannot be restored: {info.problem}." if info.problem else tip
        if role == Qt.ItemDataRole.ForegroundRole and column == 3 and info.ok is False:
            return QBrush(DAMAGED_COLOUR)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return info
        return None


class RestoreDialog(QDialog):
    """Lists the store's backups and returns the one to restore (``chosen``)."""

    loaded = Signal()  # the list is filled (or failed to load)
    show_folder_requested = Signal()

    def __init__(self, store_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore from backup")
        self.store_path = Path(store_path)
        self.chosen: Path | None = None
        self._worker: Worker | None = None

        self.model = BackupListModel(self)
        self.view = QTableView(self)
        self.view.setObjectName("backupList")
        self.view.setAccessibleName("Backups")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.view.doubleClicked.connect(lambda _index: self.accept())

        self.status = hint_label("Checking the backups…", self)
        self.status.setObjectName("backupStatus")
        self.detail = QLabel(self)
        self.detail.setObjectName("backupDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, parent=self)
        self.restore_button = QPushButton("&Restore this backup", self)
        self.restore_button.setEnabled(False)
        self.restore_button.setDefault(True)
        self.buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.folder_button = QPushButton("Show backups &folder", self)
        self.buttons.addButton(self.folder_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.folder_button.clicked.connect(self.show_folder_requested)
        # Enter restores from the list too (the table would otherwise keep the key).
        for key in ("Return", "Enter"):
            shortcut = QShortcut(QKeySequence(key), self.view)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self.accept)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(8)
        layout.addWidget(heading_label("Restore the store from a backup", self, scale=1.25))
        intro = hint_label(INTRO, self)
        layout.addWidget(intro)
        layout.addSpacing(4)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.detail)
        layout.addSpacing(4)
        layout.addWidget(self.buttons)
        self.resize(640, 420)
        self.setMinimumWidth(520)

        self.view.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.load()

    # --- loading ----------------------------------------------------------------------------

    def load(self) -> None:
        """Check the backups in a worker; ``loaded`` is emitted when the list is filled."""
        store_path = self.store_path

        def job(control: Worker) -> list[BackupInfo]:
            # One backup at a time, so closing the dialog stops the check after the current one.
            checked = []
            found = list_backups(store_path, check=False)
            for done, info in enumerate(found):
                control.check()
                problem = verify_backup(info.path)
                checked.append(replace(info, ok=problem is None, problem=problem or ""))
                control.report((done + 1) / len(found))
            return checked

        worker = Worker(job, name="list backups")
        worker.signals.finished.connect(self._on_loaded)
        worker.signals.failed.connect(self._on_failed)
        self._worker = worker
        worker.start()

    def _on_loaded(self, backups: object) -> None:
        found = list(backups) if isinstance(backups, list) else []
        self.model.set_backups(found)
        folder = backup_dir_for(self.store_path)
        if not found:
            self.status.setText(
                f"There are no backups of this store yet in {folder}. BriefBook makes the first "
                "one the next time it opens the store on a new day."
            )
        else:
            good = sum(1 for info in found if info.ok)
            damaged = len(found) - good
            summary = f"{len(found)} backup{'s' if len(found) != 1 else ''} in {folder}"
            if damaged:
                summary += f"; {damaged} cannot be restored (damaged)"
            self.status.setText(summary + ".")
            first_good = next((row for row, info in enumerate(found) if info.ok), 0)
            self.view.selectRow(first_good)
        self.view.setFocus()
        self.loaded.emit()

    def _on_failed(self, message: str) -> None:
        self.status.setText(f"The backups could not be listed: {message}")
        self.loaded.emit()

    def wait(self, timeout: float = 30.0) -> bool:
        return self._worker is None or self._worker.wait(timeout)

    # --- choosing ---------------------------------------------------------------------------

    def selected(self) -> BackupInfo | None:
        index = self.view.currentIndex()
        return self.model.backup_at(index.row()) if index.isValid() else None

    def select_backup(self, path: Path) -> bool:
        """Select the row of ``path``; False when it is not listed."""
        for row, info in enumerate(self.model.backups):
            if info.path == Path(path):
                self.view.selectRow(row)
                return True
        return False

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        info = self.model.backup_at(current.row())
        restorable = info is not None and info.ok is True
        self.restore_button.setEnabled(restorable)
        if info is None:
            self.detail.clear()
        elif info.ok:
            self.detail.setText(f"{taken_text(info)}: {info.path.name}")
        else:
            self.detail.setText(f"This backup cannot be restored: {info.problem}.")
        self.detail.setStyleSheet("" if restorable else f"color: {DAMAGED_COLOUR.name()};")

    def accept(self) -> None:
        info = self.selected()
        if info is None or not info.ok:
            return  # Enter or a double-click on a damaged row does nothing
        self.chosen = info.path
        super().accept()

    def done(self, result: int) -> None:
        # The worker must end before the dialog (its owner) goes: stop it after this backup.
        if self._worker is not None and self._worker.running:
            self._worker.cancel()
            self._worker.wait(60)
        super().done(result)
