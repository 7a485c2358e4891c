"""The export dialog's "Before you export" list: the book's preflight problems, checked in a
worker, each one a click away from the record to fix."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from app.store import Store
from ui.session.workers import Worker

PROBLEM_ROLE = Qt.ItemDataRole.UserRole + 1


class PreflightPanel(QWidget):
    """A heading that sums up the checks, and the problems, errors first."""

    ready = Signal(int)  # number of problems listed
    chosen = Signal(str, str)  # the record of a clicked problem: kind, id

    def __init__(self, store_path: Path, book_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store_path = store_path
        self.book_id = book_id
        self.worker: Worker | None = None
        self.heading = QLabel("Checking the book…")
        self.heading.setWordWrap(True)
        self.heading.setObjectName("preflightHeading")
        self.problem_list = QListWidget()
        self.problem_list.setWordWrap(True)
        self.problem_list.setIconSize(QSize(18, 18))
        self.problem_list.setSpacing(2)
        self.problem_list.setAlternatingRowColors(True)
        self.problem_list.itemClicked.connect(self._on_item)
        self.problem_list.itemActivated.connect(self._on_item)
        self.problem_list.setAccessibleName("Preflight problems")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.problem_list, 1)

    def run(self) -> None:
        """Check the book in a worker; the list fills in when the check is done."""
        store_path, book_id = self.store_path, self.book_id

        def job(control: Worker) -> list[Any]:
            from app.preflight import run_preflight

            with Store.open(store_path, read_only=True) as store:
                content = store.load_book_content(book_id)
            control.check()
            return list(run_preflight(content, date.today()))

        self.heading.setText("Checking the book…")
        self.worker = Worker(job, name="preflight")
        self.worker.signals.finished.connect(self.show_problems)
        self.worker.signals.failed.connect(self._failed)
        self.worker.start()

    def stop(self) -> None:
        if self.worker is not None and self.worker.running:
            self.worker.cancel()
            self.worker.wait(10.0)

    def show_problems(self, problems: list[Any]) -> None:
        self.problem_list.clear()
        errors = [p for p in problems if p.severity == "error"]
        warnings = [p for p in problems if p.severity != "error"]
        style = self.style()
        icons = {
            "error": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical),
            "warning": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning),
        }
        for problem in errors + warnings:
            item = QListWidgetItem(icons.get(problem.severity, icons["warning"]), problem.message)
            item.setData(PROBLEM_ROLE, (problem.kind, problem.ref_id))
            item.setToolTip("Click to go there and fix it.")
            self.problem_list.addItem(item)
        if not problems:
            item = QListWidgetItem(
                style.standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton),
                "Nothing to fix: the book is ready to export.",
            )
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.problem_list.addItem(item)
            self.heading.setText("The checks found nothing to fix.")
        else:
            parts = []
            if errors:
                parts.append(f"{len(errors)} error{'s' * (len(errors) != 1)}")
            if warnings:
                parts.append(f"{len(warnings)} warning{'s' * (len(warnings) != 1)}")
            self.heading.setText(
                f"{' and '.join(parts)}. Click one to go and fix it; you can still export as is."
            )
        self.ready.emit(len(problems))

    def _failed(self, message: str) -> None:
        self.heading.setText(f"The checks could not run: {message}")
        self.ready.emit(0)

    def problem_count(self) -> int:
        return sum(
            1
            for row in range(self.problem_list.count())
            if self.problem_list.item(row).data(PROBLEM_ROLE) is not None
        )

    def _on_item(self, item: QListWidgetItem) -> None:
        target = item.data(PROBLEM_ROLE)
        if target is not None:
            kind, ref_id = target
            self.chosen.emit(kind, ref_id)
