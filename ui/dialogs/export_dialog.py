"""The export dialog: preflight first, then export to PDF or DOCX with progress, and a preview.

All heavy work (preflight, export, preview) runs in workers with their own store connection.
A cancelled or failed export leaves no file and keeps an earlier one: the writers write to a
temporary file and move it into place only when complete.
"""

from __future__ import annotations

import shutil
import tempfile
import weakref
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QPaintEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.store import Store
from ui.context import AppContext
from ui.dialogs.export_review import review_choices, review_file_name, save_exported_version
from ui.dialogs.export_target import make_folder, may_replace
from ui.dialogs.pdf_lock_fields import PdfLockFields
from ui.dialogs.preflight_panel import PreflightPanel
from ui.session.workers import PROGRESS_STEPS, Worker, drive
from ui.widgets.labels import human_size
from ui.widgets.pdf_preview import PdfPreview
from ui.window.file_actions import default_file_name, documents_folder, show_in_folder

FORMATS = {"pdf": "PDF", "docx": "Word (DOCX)"}
FILE_FILTERS = {"pdf": "PDF documents (*.pdf)", "docx": "Word documents (*.docx)"}
LAST_FOLDER_KEY = "export/last_folder"
LAST_FORMAT_KEY = "export/format"
LAST_EDITION_KEY = "export/edition"


PREFLIGHT_FALLBACK_MS = 300
PREVIEW_DELAY_MS = 600  # after the last change, so a burst of changes makes one preview


class ExportDialog(QDialog):
    """Export one book; the main window creates it and calls ``exec()``."""

    preflight_ready = Signal(int)  # number of problems listed
    export_finished = Signal(object)  # Path written
    export_failed = Signal(str)
    export_cancelled = Signal()
    preview_ready = Signal(int)  # page count

    def __init__(self, context: AppContext, book_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.book_id = book_id
        self.book = context.store.get_book(book_id)
        self.last_output: Path | None = None
        self._worker: Worker | None = None
        self._job_kind = ""
        self._auto_name = True
        self._confirmed_path: Path | None = None
        # What this dialog wrote where: exporting the same edition again over its own file is
        # not asked about; anything else that exists is (a handout never silently replaces
        # the full book).
        self._written: dict[Path, tuple[str, str]] = {}
        self._export_waiting = False  # Export pressed while a preview was being made
        self._exported_as = ("", "")  # edition and format of the export running
        self._exported: list[Any] = []  # the content an export wrote, saved as a version
        self._showing_error = False
        # The preview follows the book and the edition by itself, a moment after they change.
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self.refresh_preview)
        self._jumped = False
        # The previews' folder; removed on closing, or when the dialog is collected unclosed.
        self._preview_dir: Path | None = None
        self._preview_cleanup: weakref.finalize[Any, Any] | None = None
        self._preview_count = 0
        self._preview_edition = ""
        self._folder_path = documents_folder()
        self._preflight_scheduled = False

        self.setWindowTitle(f"Export “{self.book.title}”")
        self.setSizeGripEnabled(True)
        self.resize(1180, 760)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self._build_options())
        splitter.addWidget(self._build_preview())
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([440, 740])
        splitter.setChildrenCollapsible(False)

        heading = QLabel(f"Export “{self.book.title}”")
        heading.setObjectName("exportHeading")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        heading.setFont(font)
        heading.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addWidget(splitter, 1)

        self._restore_choices()
        self._update_buttons()
        context.events.book_changed.connect(self._on_book_changed)
        # The preflight worker would compete for the GIL with the dialog's first paint (its
        # SVG icons and models run Python), stalling the window: start it once painted.
        QTimer.singleShot(0, self, self._start_preflight_unless_painting)

    # --- building -------------------------------------------------------------------------

    def _build_options(self) -> QWidget:
        panel = QWidget()
        panel.setMinimumWidth(380)

        self.format_buttons = QButtonGroup(self)
        format_row = QHBoxLayout()
        for fmt, label in FORMATS.items():
            button = QRadioButton(label)
            button.setProperty("fmt", fmt)
            self.format_buttons.addButton(button)
            format_row.addWidget(button)
        format_row.addStretch(1)
        self.edition_buttons = QButtonGroup(self)
        edition_row = QHBoxLayout()
        self.full_button = QRadioButton("Full book")
        self.full_button.setToolTip("Everything, including talking points and internal notes.")
        self.handout_button = QRadioButton("Handout")
        self.handout_button.setToolTip(
            "Only sections marked for handout; no talking points and no internal notes."
        )
        self.review_button, self.watermark_box = review_choices(self.context, self.book_id)
        for button in (self.full_button, self.handout_button, self.review_button):
            self.edition_buttons.addButton(button)
            edition_row.addWidget(button)
        edition_row.addStretch(1)
        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName("File name")
        self.name_edit.textEdited.connect(self._on_destination_edited)
        self.folder_label = QLabel()
        self.folder_label.setObjectName("exportFolder")
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.browse_button = QPushButton("Change…")
        self.browse_button.setToolTip("Choose the folder and file name")
        self.browse_button.clicked.connect(self.choose_destination)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_label, 1)
        folder_row.addWidget(self.browse_button)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Format", format_row)
        form.addRow("Edition", edition_row)
        form.addRow("", self.watermark_box)
        form.addRow("File name", self.name_edit)
        form.addRow("Folder", folder_row)
        form.addRow("House style", self._house_style_label())
        self.lock_fields = PdfLockFields()
        form.addRow("Password", self.lock_fields)

        self.preflight = PreflightPanel(self.context, self.book_id)
        self.preflight.ready.connect(self._on_preflight_ready)
        self.preflight.chosen.connect(self._open_problem)
        self.preflight_heading = self.preflight.heading
        self.problem_list = self.preflight.problem_list
        checks = QGroupBox("Before you export")
        checks_layout = QVBoxLayout(checks)
        checks_layout.addWidget(self.preflight, 1)

        self.progress = QProgressBar()
        self.progress.setRange(0, PROGRESS_STEPS)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setObjectName("exportStatus")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.export_button = QPushButton("Export")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start_export)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel_job)
        self.open_button = QPushButton("Open")
        self.open_button.clicked.connect(self.open_output)
        self.folder_button = QPushButton("Show in folder")
        self.folder_button.clicked.connect(self.show_output_folder)
        self.close_button = QPushButton("Close")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.cancel_button)
        actions.addWidget(self.export_button)
        actions.addWidget(self.close_button)
        after = QHBoxLayout()
        after.addWidget(self.open_button)
        after.addWidget(self.folder_button)
        after.addStretch(1)

        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 8, 0)
        layout.setSpacing(10)
        layout.addLayout(form)
        layout.addWidget(checks, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addLayout(after)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addWidget(line)
        layout.addLayout(actions)

        self.format_buttons.buttonToggled.connect(self._on_choice_changed)
        self.edition_buttons.buttonToggled.connect(self._on_choice_changed)
        return panel

    def _build_preview(self) -> QWidget:
        panel = QWidget()
        self.preview_label = QLabel("Preview")
        font = self.preview_label.font()
        font.setBold(True)
        self.preview_label.setFont(font)
        self.refresh_button = QPushButton("Refresh preview")
        self.refresh_button.setToolTip("Make the PDF of the chosen edition and show it here.")
        self.refresh_button.setAutoDefault(False)
        self.refresh_button.clicked.connect(self.refresh_preview)
        header = QHBoxLayout()
        header.addWidget(self.preview_label, 1)
        header.addWidget(self.refresh_button)
        self.preview = PdfPreview()
        self.preview.set_placeholder(
            "Press “Refresh preview” to see the chosen edition as it will print."
        )
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(header)
        layout.addWidget(self.preview, 1)
        return panel

    # --- choices --------------------------------------------------------------------------

    def _restore_choices(self) -> None:
        settings = self.context.settings
        fmt = str(settings.value(LAST_FORMAT_KEY, "pdf", type=str))
        self.set_format(fmt if fmt in FORMATS else "pdf")
        edition = str(settings.value(LAST_EDITION_KEY, "full", type=str))
        button = {"handout": self.handout_button, "review": self.review_button}.get(edition)
        (button or self.full_button).setChecked(True)
        self._set_default_destination()

    def fmt(self) -> str:
        button = self.format_buttons.checkedButton()
        return str(button.property("fmt")) if button else "pdf"

    def set_format(self, fmt: str) -> None:
        for button in self.format_buttons.buttons():
            if button.property("fmt") == fmt:
                button.setChecked(True)

    def handout(self) -> bool:
        return self.handout_button.isChecked()

    def set_handout(self, handout: bool) -> None:
        (self.handout_button if handout else self.full_button).setChecked(True)

    def edition_name(self) -> str:
        if self.review_button.isChecked():
            return "review"
        return "handout" if self.handout() else "full"

    def destination_path(self) -> Path | None:
        name = self.name_edit.text().strip()
        return self._folder_path / name if name else None

    def set_destination(self, path: Path) -> None:
        """Use ``path`` as the target (as if chosen in the file dialog)."""
        self._show_destination(path)
        # A name that is the default one keeps following the edition and format.
        self._auto_name = path.name == self._default_name()
        self._confirmed_path = None
        self._clear_error()

    def _default_name(self) -> str:
        return review_file_name(
            default_file_name(self.book.title, self.fmt(), self.handout()), self.edition_name()
        )

    def _show_destination(self, path: Path) -> None:
        self._folder_path = path.parent
        self.name_edit.setText(path.name)
        shown = str(path.parent)
        home = str(Path.home())
        if shown == home or shown.startswith(home + "/"):
            shown = "~" + shown[len(home) :]
        metrics = self.folder_label.fontMetrics()
        self.folder_label.setText(metrics.elidedText(shown, Qt.TextElideMode.ElideMiddle, 300))
        self.folder_label.setToolTip(str(path.parent))

    def _set_default_destination(self) -> None:
        remembered = str(self.context.settings.value(LAST_FOLDER_KEY, "", type=str))
        if remembered and Path(remembered).is_dir():
            folder = Path(remembered)
        else:
            folder = documents_folder()
        self._show_destination(folder / self._default_name())

    def _on_destination_edited(self, _text: str) -> None:
        self._auto_name = False
        self._confirmed_path = None
        self._clear_error()

    def _on_choice_changed(self, button: Any, checked: bool) -> None:
        if not checked:
            return
        current = self.destination_path()
        if self._auto_name or current is None:
            self._show_destination(self._folder_path / self._default_name())
        elif current.suffix.lower() != f".{self.fmt()}":
            self._show_destination(current.with_suffix(f".{self.fmt()}"))
        self._confirmed_path = None
        self._clear_error()
        self.lock_fields.set_available(self.fmt() == "pdf")
        self._update_preview_label()
        if button in self.edition_buttons.buttons() and self._preview_edition:
            self._preview_timer.start()  # the preview shows the edition chosen

    def _on_book_changed(self, book_id: str) -> None:
        if book_id == self.book_id and self.isVisible():
            self._preview_timer.start()

    def choose_destination(self) -> None:
        current = self.destination_path()
        start = str(current) if current else str(self._folder_path)
        chosen, _filter = QFileDialog.getSaveFileName(
            self, "Export book as", start, FILE_FILTERS[self.fmt()]
        )
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != f".{self.fmt()}":
            path = path.with_name(f"{path.name}.{self.fmt()}")
        self.set_destination(path)
        self._confirmed_path = path  # the file dialog already asked about replacing it

    # --- preflight ------------------------------------------------------------------------

    def _start_preflight_unless_painting(self) -> None:
        if self.isVisible():
            QTimer.singleShot(
                PREFLIGHT_FALLBACK_MS, self, self._schedule_preflight
            )  # if no paint comes
        else:
            self._schedule_preflight()  # built but not shown (scripts, tests): check at once

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._preflight_scheduled:
            # Children paint in this same pass: a zero timer fires once the frame is done.
            QTimer.singleShot(0, self, self._schedule_preflight)

    def _schedule_preflight(self) -> None:
        if not self._preflight_scheduled:
            self._preflight_scheduled = True
            self.run_preflight()

    def run_preflight(self) -> None:
        """Check the book in a worker; the list fills in when the check is done."""
        self.preflight.run()

    def _on_preflight_ready(self, count: int) -> None:
        self.preflight_ready.emit(count)
        if not self._preview_edition:
            self._preview_timer.start()  # the first preview, once the checks are shown

    def problem_count(self) -> int:
        return self.preflight.problem_count()

    def _open_problem(self, kind: str, ref_id: str, word: str) -> None:
        if self._jumped or self.busy():
            return
        if not ref_id or kind == "book":
            kind, ref_id = "book", self.book_id
        self._jumped = True
        self.context.events.open_record.emit(kind, ref_id, self.book_id)
        if word:
            self.context.events.reveal_word.emit(kind, ref_id, word)
        self.reject()

    # --- export ---------------------------------------------------------------------------

    def busy(self) -> bool:
        return self._worker is not None and self._worker.running

    def start_export(self) -> None:
        """Export to the destination in a worker (after checking the target is usable)."""
        if self.busy():
            if self._job_kind == "preview" and self._worker is not None:
                # The officer should not wait for a preview they did not ask for.
                self._export_waiting = True
                self._worker.cancel()
            return
        path = self.destination_path()
        if path is None:
            self._say("Choose where to save the book first.", error=True)
            return
        if path.suffix.lower() != f".{self.fmt()}":
            path = path.with_name(f"{path.name}.{self.fmt()}")
            self._show_destination(path)
        if path.is_dir():
            self._say(f"{path} is a folder; give a file name.", error=True)
            return
        problem = "" if path.parent.is_dir() else make_folder(self, path.parent)
        if problem:
            self._say(problem, error=True)
            return
        written_here = self._written.get(path) == (self.edition_name(), self.fmt())
        ask = path.exists() and path != self._confirmed_path and not written_here
        if ask and not may_replace(self, path):
            self._say("Nothing was exported; the existing file is kept.")
            return
        self._confirmed_path = None  # asked once, for this export only
        self._clear_error()
        self.context.settings.setValue(LAST_FORMAT_KEY, self.fmt())
        self.context.settings.setValue(LAST_EDITION_KEY, self.edition_name())
        self.last_output = None
        label = f"Exporting the {self.edition_name()} edition as {FORMATS[self.fmt()]}…"
        password = self.lock_fields.password() if self.fmt() == "pdf" else None
        if password is not None:
            label = label.replace("…", ", locked with a password…")
        self._exported_as = (self.edition_name(), self.fmt())
        job = self._export_job(
            self.fmt(), path, self.handout(), password, self.lock_fields.allow_copying()
        )
        self._start_job("export", job, label)

    def _house_style_label(self) -> QLabel:
        from app.styles.records import StyleRecords

        records = StyleRecords(self.context.store)
        name = records.style_name_for_book(self.book_id) if self.book_id else ""
        self.house_style_label = QLabel(f"{name} (chosen on the book’s Overview page)")
        return self.house_style_label

    def _export_job(
        self,
        fmt: str,
        path: Path,
        handout: bool,
        password: str | None = None,
        allow_copying: bool = True,
    ) -> Any:
        store_path = self.context.store_path
        book_id = self.book_id
        edition, draft, exported = self._review_options()

        def job(control: Worker) -> Path:
            from exports.api import export_book
            from exports.pdf_lock import locking

            with (
                Store.open(store_path, read_only=True) as store,
                locking(path, password, allow_copying=allow_copying) as written,
            ):
                drive(
                    control,
                    export_book(
                        store,
                        book_id,
                        fmt,
                        written,
                        handout=handout,
                        edition=edition,
                        draft=draft,
                        exported=exported.append,
                    ),
                )
            return path

        return job

    def _review_options(self) -> tuple[Any, bool, list[Any]]:
        from app.document import Edition

        self._exported.clear()
        return Edition(self.edition_name()), self.watermark_box.isChecked(), self._exported

    def refresh_preview(self) -> None:
        """Make the chosen edition's PDF in a temporary folder and show it."""
        self._preview_timer.stop()
        if self.busy():
            if self._job_kind == "preview" and self._worker is not None:
                self._worker.cancel()  # out of date: make the new one when it has stopped
            self._preview_timer.start()
            return
        if self._preview_dir is None:
            self._preview_dir = Path(tempfile.mkdtemp(prefix="briefbook-preview-"))
            self._preview_cleanup = weakref.finalize(
                self, shutil.rmtree, self._preview_dir, ignore_errors=True
            )
        self._preview_count += 1
        target = self._preview_dir / f"preview-{self._preview_count}.pdf"
        self._preview_edition = self.edition_name()
        label = f"Making the preview of the {self.edition_name()} edition…"
        self._start_job("preview", self._export_job("pdf", target, self.handout()), label)

    def _start_job(self, kind: str, job: Any, label: str) -> None:
        self._job_kind = kind
        worker = Worker(job, name=kind)
        worker.signals.progress.connect(self._on_progress)
        worker.signals.finished.connect(self._on_finished)
        worker.signals.failed.connect(self._on_failed)
        worker.signals.cancelled.connect(self._on_cancelled)
        self._worker = worker
        self.progress.setValue(0)
        self.progress.show()
        if kind == "preview":
            # The status line belongs to exports ("Saved …"): previews speak in their pane.
            self.preview_label.setText(label)
        else:
            self._say(label)
        worker.start()
        self._update_buttons()

    def cancel_job(self) -> None:
        if self.busy() and self._worker is not None:
            self._worker.cancel()
            self._say("Cancelling…")
            self.cancel_button.setEnabled(False)

    def _on_progress(self, fraction: float) -> None:
        self.progress.setValue(round(fraction * PROGRESS_STEPS))

    def _on_finished(self, path: Path) -> None:
        self.progress.hide()
        kind = self._job_kind
        self._worker = None
        if kind == "preview":
            old = self.preview.path
            pages = self.preview.load(path)
            if old is not None and old != path:
                old.unlink(missing_ok=True)
            self._update_preview_label()
            self._update_buttons()
            self.preview_ready.emit(pages)
            self._start_waiting_export()
            return
        self.last_output = path
        self._written[path] = self._exported_as
        save_exported_version(self.context, self.book_id, path, self.edition_name(), self._exported)
        self.context.settings.setValue(LAST_FOLDER_KEY, str(path.parent))
        size = human_size(path.stat().st_size) if path.exists() else "?"
        self._say(f"Saved {path.name} ({size}) in {path.parent}.")
        self.context.events.status_message.emit(f"Exported {path.name}.")
        self._update_buttons()
        self.export_finished.emit(path)

    def _on_failed(self, message: str) -> None:
        self.progress.hide()
        kind = self._job_kind
        self._worker = None
        what = "The preview" if kind == "preview" else "The export"
        self._say(f"{what} failed: {message}", error=True)
        self._update_buttons()
        if kind == "preview":
            self.preview_ready.emit(0)
            self._start_waiting_export()
        else:
            self.export_failed.emit(message)

    def _on_cancelled(self) -> None:
        self.progress.hide()
        kind = self._job_kind
        self._worker = None
        if kind == "preview":
            self._update_preview_label()
            self.preview_ready.emit(0)
            self._update_buttons()
            self._start_waiting_export()
            return
        self._say("Export cancelled. No file was written; an earlier file is kept.")
        self.export_cancelled.emit()
        self._update_buttons()

    def _start_waiting_export(self) -> None:
        if self._export_waiting:
            self._export_waiting = False
            self.start_export()

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #b3261e;" if error else "")
        self._showing_error = error

    def _clear_error(self) -> None:
        """A message about a problem goes once the officer changes what caused it."""
        if self._showing_error:
            self._say("")

    def _update_preview_label(self) -> None:
        if not self.preview.page_count():
            self.preview_label.setText("Preview")
        elif self._preview_edition != self.edition_name():
            self.preview_label.setText(
                f"Preview ({self._preview_edition} edition): the {self.edition_name()} "
                "edition follows in a moment"
            )
        else:
            pages = self.preview.page_count()
            self.preview_label.setText(
                f"Preview ({self._preview_edition} edition, PDF, {pages} page{'s' * (pages != 1)})"
            )

    def _update_buttons(self) -> None:
        # A preview never holds the officer up: only an export locks the choices.
        busy = self.busy() and self._job_kind == "export"
        for widget in (
            self.export_button,
            self.refresh_button,
            self.browse_button,
            self.name_edit,
            self.problem_list,
            *self.format_buttons.buttons(),
            *self.edition_buttons.buttons(),
        ):
            widget.setEnabled(not busy)
        self.cancel_button.setEnabled(self.busy())
        self.cancel_button.setVisible(self.busy())
        done = self.last_output is not None and self.last_output.exists()
        self.open_button.setEnabled(done and not busy)
        self.folder_button.setEnabled(done and not busy)
        self.open_button.setVisible(done)
        self.folder_button.setVisible(done)

    # --- after the export -----------------------------------------------------------------

    def open_output(self) -> None:
        if self.last_output is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_output)))

    def show_output_folder(self) -> None:
        if self.last_output is not None:
            show_in_folder(self.last_output)

    # --- closing --------------------------------------------------------------------------

    def done(self, result: int) -> None:
        """Closing stops a running job first, so no thread outlives the dialog, and stops
        listening: a closed dialog kept alive must not render previews as the book is edited."""
        self._preview_timer.stop()  # and _on_book_changed ignores a dialog no longer shown
        if self._worker is not None and self._worker.running:
            self._worker.cancel()
            self._worker.wait(10.0)
        self.preflight.stop()
        self._worker = None
        self.preview.clear()
        if self._preview_cleanup is not None:
            self._preview_cleanup()  # removes the folder, once
            self._preview_cleanup = None
            self._preview_dir = None
        super().done(result)
