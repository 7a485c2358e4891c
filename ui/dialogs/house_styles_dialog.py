"""House styles: the office's looks, each edited beside a live preview of a cover and a page.

The preview is a real PDF of a two-page demonstration book (``app.styles.preview``) drawn by
the PDF writer in a worker, shown with the app's PDF preview pane: what it shows is what an
export prints. Edits restart a short timer; one render runs at a time and the newest edit is
rendered when it ends. Changes are saved with Save, or on moving to another style or closing.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.errors import BriefBookError
from app.styles.files import STYLE_SUFFIX, adopt_style, read_style_file, write_style_file
from app.styles.model import BUILTIN_ID, HouseStyle, validate
from app.styles.records import StyleRecords
from ui.context import AppContext
from ui.dialogs.house_style_form import HouseStyleForm
from ui.session.workers import Worker, drive
from ui.widgets import message_boxes
from ui.widgets.labels import error_label, heading_label, hint_label, show_error
from ui.widgets.pdf_preview import PdfPreview

PREVIEW_DELAY_MS = 250


def _save_file(parent: QWidget, title: str, name: str) -> Path | None:
    """Asks where to write a style file (tests replace this function)."""
    chosen, _ = QFileDialog.getSaveFileName(
        parent, title, name, f"BriefBook styles (*{STYLE_SUFFIX})"
    )
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix.lower() == STYLE_SUFFIX else path.with_suffix(STYLE_SUFFIX)


def _open_style_file(parent: QWidget) -> Path | None:
    """Asks for a style file to import (tests replace this function)."""
    chosen, _ = QFileDialog.getOpenFileName(
        parent, "Import a house style", "", f"BriefBook styles (*{STYLE_SUFFIX})"
    )
    return Path(chosen) if chosen else None


class StylePreview(QObject):
    """Renders a style's demonstration PDF off the GUI thread; ``ready(path)`` when drawn."""

    ready = Signal(object)
    failed = Signal(str)
    busy = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._folder = tempfile.TemporaryDirectory(prefix="briefbook-style-preview-")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self._start)
        self._wanted: tuple[HouseStyle, str] | None = None
        self._worker: Worker | None = None
        self._count = 0

    def request(self, style: HouseStyle, page_size: str, *, now: bool = False) -> None:
        """Draw ``style`` soon (after typing pauses), or at once with ``now``."""
        self._wanted = (style.copy(), page_size)
        if now:
            self._timer.stop()
            self._start()
        else:
            self._timer.start()

    @property
    def running(self) -> bool:
        return self._worker is not None and self._worker.running

    def _start(self) -> None:
        if self._wanted is None or self.running:
            return  # the newest request is drawn when the running one ends
        style, page_size = self._wanted
        self._wanted = None
        self._count += 1
        target = Path(self._folder.name) / f"preview-{self._count % 2}.pdf"

        def job(control: Worker) -> Path:
            from app.styles.preview import preview_document
            from exports import pdf_writer

            drive(control, pdf_writer.write(preview_document(style, page_size), target))
            return target

        worker = Worker(job, name="style preview")
        worker.signals.finished.connect(self._finished)
        worker.signals.failed.connect(self._failed)
        worker.signals.cancelled.connect(self._ended)
        self._worker = worker
        self.busy.emit(True)
        worker.start()

    def _finished(self, path: object) -> None:
        self.ready.emit(path)
        self._ended()

    def _failed(self, message: str) -> None:
        self.failed.emit(message)
        self._ended()

    def _ended(self) -> None:
        self.busy.emit(False)
        if self._wanted is not None:
            self._start()

    def stop(self) -> None:
        """Cancel and wait for a running render (the dialog is closing)."""
        self._timer.stop()
        self._wanted = None
        if self._worker is not None:
            self._worker.cancel()
            self._worker.wait(30)
        self._folder.cleanup()


class HouseStylesDialog(QDialog):
    """Lists the store's house styles, edits one with a live preview, imports and exports."""

    def __init__(
        self, context: AppContext, parent: QWidget | None = None, page_size: str = "letter"
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("House styles")
        self.context = context
        self.records = StyleRecords(context.store)
        self.page_size = page_size
        self.dirty = False
        self.current_id: str | None = None

        self.list = QListWidget(self)
        self.list.setAccessibleName("House styles")
        self.list.setMinimumWidth(170)
        self.new_button = QPushButton("New", self)
        self.duplicate_button = QPushButton("Duplicate", self)
        self.delete_button = QPushButton("Delete", self)
        self.default_button = QPushButton("Make default", self)
        self.default_button.setToolTip("Books without a style of their own use the default")
        self.import_button = QPushButton("Import…", self)
        self.export_button = QPushButton("Export…", self)
        self.form = HouseStyleForm(self)
        self.builtin_note = hint_label(
            "BriefBook's own look. Make a new style (or duplicate this one) to change it.", self
        )
        self.preview = PdfPreview(self)
        self.preview.set_placeholder("Drawing the preview…")
        self.preview.setMinimumWidth(470)
        self.preview.setToolTip("The cover and a page of a short book, drawn in this style")
        self.preview_status = hint_label("", self)
        self.message = error_label(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, parent=self)
        self.save_button = self.buttons.addButton(
            "Save changes", QDialogButtonBox.ButtonRole.ApplyRole
        )
        self.renderer = StylePreview(self)
        self._layout()
        self._connect()
        self._fill_list(self.records.default_style_id())

    # --- building -----------------------------------------------------------------------

    def _layout(self) -> None:
        left = QWidget(self)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(heading_label("Styles", self, scale=1.1))
        column.addWidget(self.list, 1)
        for pair in (
            (self.new_button, self.duplicate_button),
            (self.delete_button, self.default_button),
            (self.import_button, self.export_button),
        ):
            row = QHBoxLayout()
            for button in pair:
                row.addWidget(button)
            column.addLayout(row)

        editor = QWidget(self)
        editor_column = QVBoxLayout(editor)
        editor_column.setContentsMargins(0, 0, 0, 0)
        editor_column.addWidget(self.builtin_note)
        editor_column.addWidget(self.form)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(editor)
        scroll.setMinimumWidth(430)

        right = QWidget(self)
        preview_column = QVBoxLayout(right)
        preview_column.setContentsMargins(0, 0, 0, 0)
        title = QHBoxLayout()
        title.addWidget(heading_label("Preview", self, scale=1.1))
        title.addStretch(1)
        title.addWidget(self.preview_status)
        preview_column.addLayout(title)
        preview_column.addWidget(self.preview, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(scroll)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setStretchFactor(2, 1)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([180, 450, 560])

        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(1240, 760)

    def _connect(self) -> None:
        self.list.currentItemChanged.connect(self._selection_changed)
        self.new_button.clicked.connect(self.new_style)
        self.duplicate_button.clicked.connect(self.duplicate_style)
        self.delete_button.clicked.connect(self.delete_style)
        self.default_button.clicked.connect(self.make_default)
        self.import_button.clicked.connect(self.import_style)
        self.export_button.clicked.connect(self.export_style)
        self.form.changed.connect(self._form_changed)
        self.save_button.clicked.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.renderer.ready.connect(self._preview_ready)
        self.renderer.failed.connect(self._preview_failed)
        self.renderer.busy.connect(
            lambda busy: self.preview_status.setText("Updating…" if busy else "")
        )

    # --- the list -----------------------------------------------------------------------

    def _fill_list(self, select: str | None) -> None:
        default = self.records.default_style_id()
        self.list.blockSignals(True)
        self.list.clear()
        for ident, name in self.records.style_names():
            label = f"{name} (default)" if ident == default else name
            item = QListWidgetItem(label, self.list)
            item.setData(Qt.ItemDataRole.UserRole, ident)
        self.list.blockSignals(False)
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == select:
                self.list.setCurrentRow(row)
                return
        self.list.setCurrentRow(0)

    def style_ids(self) -> list[str]:
        return [
            str(self.list.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(self.list.count())
        ]

    def _selection_changed(
        self, current: QListWidgetItem | None, previous: QListWidgetItem | None
    ) -> None:
        if self.dirty and not self.save():
            if previous is not None:
                self.list.blockSignals(True)
                self.list.setCurrentItem(previous)
                self.list.blockSignals(False)
            return
        if current is None:
            return
        self.show_style(str(current.data(Qt.ItemDataRole.UserRole)))

    def show_style(self, style_id: str) -> None:
        style = self.records.get_style(style_id)
        self.current_id = style.id
        self.form.set_style(style)
        editable = not style.builtin and not self.context.read_only
        self.form.setEnabled(editable)
        self.form.margins_enabled()
        self.builtin_note.setVisible(style.builtin)
        self.dirty = False
        self._update_buttons()
        show_error(self.message, "")
        self.renderer.request(style, self.page_size, now=True)

    def _update_buttons(self) -> None:
        writable = not self.context.read_only
        builtin = self.current_id == BUILTIN_ID
        for button in (self.new_button, self.duplicate_button, self.import_button):
            button.setEnabled(writable)
        self.delete_button.setEnabled(writable and not builtin)
        self.default_button.setEnabled(
            writable and self.current_id != self.records.default_style_id()
        )
        self.export_button.setEnabled(not builtin)
        self.save_button.setEnabled(writable and self.dirty)

    # --- editing ------------------------------------------------------------------------

    def _form_changed(self) -> None:
        self.dirty = True
        self._update_buttons()
        style = self.form.current()
        problems = validate(style)
        show_error(self.message, problems[0] if problems else "")
        if not problems:
            self.renderer.request(style, self.page_size)

    def save(self) -> bool:
        """Save the shown style; False (with the reason shown) when it cannot be saved."""
        if not self.dirty or self.current_id in (None, BUILTIN_ID):
            return True
        try:
            saved = self.records.save_style(self.form.current())
        except BriefBookError as error:
            show_error(self.message, str(error))
            return False
        self.dirty = False
        self._fill_list(saved.id)
        self._update_buttons()
        self.context.events.book_changed.emit("")  # pages showing style names refresh
        return True

    def _add(self, style: HouseStyle) -> None:
        if self.dirty and not self.save():
            return
        try:
            saved = self.records.save_style(style)
        except BriefBookError as error:
            show_error(self.message, str(error))
            return
        self._fill_list(saved.id)

    def _free_name(self, base: str) -> str:
        taken = {name.casefold() for _, name in self.records.style_names()}
        name, counter = base, 1
        while name.casefold() in taken:
            counter += 1
            name = f"{base} {counter}"
        return name

    def new_style(self) -> None:
        self._add(HouseStyle(name=self._free_name("New style")))

    def duplicate_style(self) -> None:
        source = self.form.current() if self.current_id != BUILTIN_ID else None
        if source is None:
            source = self.records.get_style(BUILTIN_ID)
        copy = source.copy(name=self._free_name(f"{source.name} copy"))
        copy.id = HouseStyle(name="").id
        self._add(copy)

    def delete_style(self) -> None:
        if self.current_id in (None, BUILTIN_ID):
            return
        name = self.form.current().name
        if not message_boxes.ask(
            self,
            "Delete style",
            f"Delete the house style “{name}”?",
            "Delete",
            informative="Books that use it go back to the default style.",
            destructive=True,
        ):
            return
        assert self.current_id is not None
        self.records.delete_style(self.current_id)
        self.dirty = False
        self._fill_list(self.records.default_style_id())

    def make_default(self) -> None:
        if self.current_id is None or not self.save():
            return
        self.records.set_default_style(self.current_id)
        self._fill_list(self.current_id)

    def import_style(self) -> None:
        path = _open_style_file(self)
        if path is None:
            return
        try:
            style = adopt_style(self.records, read_style_file(path))
        except BriefBookError as error:
            message_boxes.warn(self, "Import style", f"{path.name} was not imported.", str(error))
            return
        self._fill_list(style.id)

    def export_style(self) -> None:
        if self.current_id in (None, BUILTIN_ID) or not self.save():
            return
        style = self.form.current()
        path = _save_file(self, "Export house style", f"{style.name}{STYLE_SUFFIX}")
        if path is None:
            return
        try:
            write_style_file(self.records.get_style(style.id), path)
        except BriefBookError as error:
            message_boxes.warn(self, "Export style", "The style was not exported.", str(error))
            return
        message_boxes.inform(self, "Export style", f"The style was written to {path}.")

    # --- preview ------------------------------------------------------------------------

    def _preview_ready(self, path: object) -> None:
        self.preview.load(Path(str(path)))
        self.preview.fit_page()

    def _preview_failed(self, message: str) -> None:
        self.preview.clear()
        self.preview.set_placeholder(f"The preview could not be drawn: {message}")

    # --- closing ------------------------------------------------------------------------

    def done(self, result: int) -> None:
        if (
            self.dirty
            and not self.save()
            and not message_boxes.ask(
                self,
                "House styles",
                "The style has a problem and was not saved.",
                "Close without saving",
                "Keep editing",
                informative=self.message.text(),
            )
        ):
            return
        self.dirty = False  # closed without saving: the stored style stays as it was
        self.preview.clear()
        self.renderer.stop()
        super().done(result)
