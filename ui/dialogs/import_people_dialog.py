"""File ▸ Import… for a contact list: preview which column fills which field and what happens
to each row, then add the people.

The file is read before the dialog opens (``read_contact_file``, in a worker). The dialog plans
in a worker on its own read-only connection (``app.importing.people_import.plan_people``) each
time the mapping or the photo folder changes; nothing is written until Import is pressed, and
then in one transaction, also in a worker. Closing the dialog changes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain import Person
from app.importing.column_matching import FIELDS, has_name
from app.importing.people_import import (
    ADD,
    SKIP,
    UPDATE,
    ContactTable,
    PeoplePlan,
    RowPlan,
    apply_people,
    plan_people,
)
from app.store import Store
from ui.commands.base import push_done
from ui.commands.import_commands import ImportedPeopleCommand
from ui.context import AppContext
from ui.session.workers import Worker
from ui.widgets.labels import hint_label

Index = QModelIndex | QPersistentModelIndex
NOT_IMPORTED = "Not imported"
ACTION_NAMES = {ADD: "Add", UPDATE: "Update", SKIP: "Skip"}
ACTION_COLOURS = {ADD: "#1b5e20", UPDATE: "#0d47a1", SKIP: "#6d6d6d"}
PLAN_COLUMNS = ("Row", "Action", "Name", "Organization", "What happens")
EXAMPLES = 3


class PlanModel(QAbstractTableModel):
    """The planned rows: what importing each would do, and why."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[RowPlan] = []

    def set_plan(self, plan: PeoplePlan | None) -> None:
        self.beginResetModel()
        self.rows = list(plan.rows) if plan else []
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(PLAN_COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return PLAN_COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            person = row.person
            values = (
                str(row.row),
                ACTION_NAMES[row.action],
                person.name if person else "",
                person.organization if person else "",
                row.reason,
            )
            return values[column]
        if role == Qt.ItemDataRole.ForegroundRole and column == 1:
            return QBrush(QColor(ACTION_COLOURS[row.action]))
        if role == Qt.ItemDataRole.ToolTipRole and column == 4:
            return row.reason
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class NotAddedFilter(QSortFilterProxyModel):
    """Only the rows that update someone or are skipped, when ``only_not_added`` is on: the
    ones to check in a long list."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.only_not_added = False

    def set_only_not_added(self, on: bool) -> None:
        # Qt 6.10 replaced invalidateFilter() (deprecated since: a warning) with this pair.
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            self.only_not_added = on
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.only_not_added = on
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self.only_not_added:
            return True
        model = self.sourceModel()
        assert isinstance(model, PlanModel)
        return model.rows[source_row].action != ADD


class ImportPeopleDialog(QDialog):
    """Preview and import a contact list. ``planned`` fires after each plan (tests wait on it);
    ``imported`` after the people were written."""

    planned = Signal()
    plan_failed = Signal(str)
    imported = Signal(object)

    def __init__(
        self, context: AppContext, path: Path, table: ContactTable, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.path = path
        self.table = table
        self.photo_folder: Path | None = None
        self.plan: PeoplePlan | None = None
        self._worker: Worker | None = None
        self._before_update: list[Person] = []
        self._generation = 0
        self._planning_generation: int | None = None
        self.setWindowTitle(f"Import people from {path.name}")
        self.resize(900, 640)

        layout = QVBoxLayout(self)
        about = f"{table.kind}, {len(table.rows)} rows"
        if table.encoding:
            about += f", {table.encoding} text"
        if table.delimiter:
            shown = {"\t": "tab", ",": "comma", ";": "semicolon", "|": "bar"}
            about += f", columns split by {shown.get(table.delimiter, table.delimiter)}"
        self.source_label = QLabel(f"<b>{path.name}</b> — {about}")
        layout.addWidget(self.source_label)
        layout.addWidget(
            hint_label(
                "Check which column fills which field. A row whose name matches someone "
                "already in the library updates that person instead of adding them twice. "
                "Nothing changes until you press Import."
            )
        )

        columns = QGroupBox("Columns")
        columns_layout = QVBoxLayout(columns)
        scroller = QScrollArea()
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QScrollArea.Shape.NoFrame)
        inner = QWidget()
        grid = QGridLayout(inner)
        grid.setContentsMargins(0, 0, 0, 0)
        scroller.setWidget(inner)
        columns_layout.addWidget(scroller)
        grid.addWidget(_bold("Column in the file"), 0, 0)
        grid.addWidget(_bold("Examples"), 0, 1)
        grid.addWidget(_bold("Imported as"), 0, 2)
        self.mapping_boxes: list[QComboBox] = []
        suggested = table.suggested_mapping()
        for number, heading in enumerate(table.headings):
            examples = [row[number] for row in table.rows[:EXAMPLES] if number < len(row)]
            sample = ", ".join(example for example in examples if example)
            grid.addWidget(QLabel(heading or f"(column {number + 1})"), number + 1, 0)
            sample_label = QLabel(sample[:80] + ("…" if len(sample) > 80 else ""))
            sample_label.setToolTip(sample)
            sample_label.setStyleSheet("color: palette(placeholder-text);")
            grid.addWidget(sample_label, number + 1, 1)
            box = QComboBox()
            box.setAccessibleName(f"Field for column {heading or number + 1}")
            box.addItem(NOT_IMPORTED, None)
            for key, label in FIELDS.items():
                box.addItem(label, key)
            box.setCurrentIndex(max(0, box.findData(suggested[number])))
            box.currentIndexChanged.connect(self._mapping_changed)
            grid.addWidget(box, number + 1, 2)
            self.mapping_boxes.append(box)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(len(table.headings) + 1, 1)
        # Room for about seven columns; a wide export (Outlook writes ~90) scrolls.
        row_height = (
            self.mapping_boxes[0].sizeHint().height() + grid.verticalSpacing()
            if self.mapping_boxes
            else 30
        )
        scroller.setMinimumHeight(min(len(table.headings) + 1, 8) * row_height)
        layout.addWidget(columns)

        photos = QHBoxLayout()
        photos.addWidget(QLabel("Photos from folder:"))
        self.photo_edit = QLineEdit()
        self.photo_edit.setReadOnly(True)
        self.photo_edit.setPlaceholderText(
            "none (a file named like the person, e.g. leyla_huseynova.jpg)"
        )
        photos.addWidget(self.photo_edit, 1)
        choose = QPushButton("Choose folder…")
        choose.clicked.connect(self._choose_photos)
        photos.addWidget(choose)
        self.clear_photos = QPushButton("No photos")
        self.clear_photos.clicked.connect(lambda: self.set_photo_folder(None))
        self.clear_photos.setEnabled(False)
        photos.addWidget(self.clear_photos)
        layout.addLayout(photos)

        summary_row = QHBoxLayout()
        self.summary = QLabel("Checking the rows…")
        summary_row.addWidget(self.summary, 1)
        self.only_not_added = QCheckBox("Show only updates and skips")
        summary_row.addWidget(self.only_not_added)
        layout.addLayout(summary_row)
        self.model = PlanModel(self)
        self.shown = NotAddedFilter(self)
        self.shown.setSourceModel(self.model)
        self.only_not_added.toggled.connect(self.shown.set_only_not_added)
        self.view = QTableView()
        self.view.setModel(self.shown)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        for column in (0, 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(2, 200)
        header.resizeSection(3, 220)
        header.setStretchLastSection(True)
        layout.addWidget(self.view, 1)

        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(
            "Import", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setEnabled(False)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.run_import)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.replan()

    # --- mapping and planning ---------------------------------------------------------------

    def mapping(self) -> list[str | None]:
        return [box.currentData() for box in self.mapping_boxes]

    def set_field(self, column: int, key: str | None) -> None:
        box = self.mapping_boxes[column]
        box.setCurrentIndex(max(0, box.findData(key)))

    def set_photo_folder(self, folder: Path | None) -> None:
        self.photo_folder = folder
        self.photo_edit.setText(str(folder) if folder else "")
        self.clear_photos.setEnabled(folder is not None)
        self.replan()

    def _choose_photos(self) -> None:
        start = str(self.photo_folder or self.path.parent)
        chosen = QFileDialog.getExistingDirectory(self, "Folder with photos", start)
        if chosen:
            self.set_photo_folder(Path(chosen))

    def _mapping_changed(self) -> None:
        # A field can fill from one column only: the column that took it last keeps it.
        sender = self.sender()
        if isinstance(sender, QComboBox) and sender.currentData() is not None:
            for box in self.mapping_boxes:
                if box is not sender and box.currentData() == sender.currentData():
                    box.blockSignals(True)
                    box.setCurrentIndex(0)
                    box.blockSignals(False)
        self.replan()

    def replan(self) -> None:
        """Plan again in a worker. One plan runs at a time: a change while one runs makes its
        result stale, and a fresh plan starts when it ends."""
        self._generation += 1
        self.import_button.setEnabled(False)
        if not has_name(self.mapping()):
            self.plan = None
            self.model.set_plan(None)
            self.summary.setText(
                "<b>Choose which column holds the name</b> (or the first and last name)."
            )
            self.planned.emit()
            return
        if self._planning_generation is None:
            self._start_plan()

    def _start_plan(self) -> None:
        self.summary.setText("Checking the rows…")
        generation = self._generation
        self._planning_generation = generation
        mapping = self.mapping()
        table, folder, store_path = self.table, self.photo_folder, self.context.store_path

        def job(control: Worker) -> PeoplePlan:
            with Store.open(store_path, read_only=True) as store:
                return plan_people(store, table, mapping, folder, progress=control.report)

        worker = Worker(job, name="plan people import")
        worker.signals.finished.connect(self._planned)
        worker.signals.failed.connect(self._plan_failed)
        self._worker = worker
        worker.start()

    def _stale(self) -> bool:
        """True (and a fresh plan started when one is possible) if the mapping changed while
        the plan that just ended ran."""
        ran = self._planning_generation
        self._planning_generation = None
        if ran == self._generation:
            return False
        if has_name(self.mapping()):
            self._start_plan()
        return True

    def _planned(self, plan: PeoplePlan) -> None:
        if self._stale():
            return
        self.plan = plan
        self.model.set_plan(plan)
        adds, updates, skips = plan.count(ADD), plan.count(UPDATE), plan.count(SKIP)
        self.summary.setText(
            f"<b>{adds}</b> to add, <b>{updates}</b> to update (already in the library), "
            f"<b>{skips}</b> to skip."
        )
        self.import_button.setEnabled(adds + updates > 0 and not self.context.read_only)
        self.import_button.setText(f"Import {adds + updates}")
        self.planned.emit()

    def _plan_failed(self, message: str) -> None:
        if self._stale():
            return
        self.plan = None
        self.model.set_plan(None)
        self.summary.setText(f"<b>Cannot import:</b> {message}")
        self.plan_failed.emit(message)

    # --- import -----------------------------------------------------------------------------

    def run_import(self) -> None:
        plan = self.plan
        if plan is None or self.context.read_only:
            return
        self.import_button.setEnabled(False)
        self.summary.setText("Importing…")
        store_path = self.context.store_path
        # What the updates overwrite, read before they land, so that undo can put it back.
        self._before_update = [
            self.context.store.get_person(row.person.id)
            for row in plan.rows
            if row.action == UPDATE and row.person is not None
        ]

        def job(_control: Worker) -> PeoplePlan:
            with Store.open(store_path) as store:
                return apply_people(store, plan)

        worker = Worker(job, name="import people")
        worker.signals.finished.connect(self._imported)
        worker.signals.failed.connect(self._import_failed)
        self._worker = worker
        worker.start()

    def _import_failed(self, message: str) -> None:
        self.summary.setText(f"<b>Not imported:</b> {message} Nothing in your store was changed.")
        self.plan_failed.emit(message)

    def _imported(self, plan: PeoplePlan) -> None:
        added = [row.person.id for row in plan.rows if row.action == ADD and row.person]
        push_done(
            self.context,
            ImportedPeopleCommand(self.context, self.path.name, added, self._before_update),
        )
        events = self.context.events
        events.people_changed.emit()
        events.status_message.emit(
            f"Imported {self.path.name}: {plan.count(ADD)} added, {plan.count(UPDATE)} "
            f"updated, {plan.count(SKIP)} skipped. Edit ▸ Undo takes it back."
        )
        self.imported.emit(plan)
        self.accept()

    def reject(self) -> None:
        if self._worker is not None and self._worker.running:
            self._worker.cancel()
        super().reject()


def _bold(text: str) -> QLabel:
    label = QLabel(f"<b>{text}</b>")
    return label
