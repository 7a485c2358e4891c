"""The export dialog's "Before you export" list: the book's preflight problems, checked in a
worker, each one a click away from the record to fix."""

from __future__ import annotations

from datetime import date
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
from ui.context import AppContext
from ui.session.spelling import spelling_for
from ui.session.workers import Worker
from ui.widgets.icons import icon

PROBLEM_ROLE = Qt.ItemDataRole.UserRole + 1


class PreflightPanel(QWidget):
    """A heading that sums up the checks, and the problems, errors first."""

    ready = Signal(int)  # number of problems listed
    chosen = Signal(str, str, str)  # a clicked problem: the record's kind and id, a misspelt word

    def __init__(self, context: AppContext, book_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
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
        store_path, book_id = self.context.store_path, self.book_id
        spelling = spelling_for(self.context)
        dictionaries, english = spelling.dictionaries, spelling.default_language
        known = spelling.lexicon(book_id)  # the editors' one, when they have read it already

        def job(control: Worker) -> list[Any]:
            from app.preflight import run_preflight
            from app.spelling import Lexicon, SpellingSetup

            with Store.open(store_path, read_only=True) as store:
                content = store.load_book_content(book_id)
                lexicon = known or Lexicon.from_sources(store.lexicon_sources(book_id))
            control.check()
            setup = SpellingSetup(dictionaries, lexicon, english)
            return list(run_preflight(content, date.today(), setup))

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
        warnings = [p for p in problems if p.severity == "warning"]
        misspelt = [p for p in problems if p.severity not in ("error", "warning")]
        style = self.style()
        icons = {
            "error": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical),
            "warning": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning),
            "spelling": icon("spelling"),
        }
        for problem in errors + warnings + misspelt:
            item = QListWidgetItem(icons.get(problem.severity, icons["warning"]), problem.message)
            item.setData(PROBLEM_ROLE, (problem.kind, problem.ref_id, getattr(problem, "word", "")))
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
            if misspelt:
                parts.append(f"{len(misspelt)} misspelling{'s' * (len(misspelt) != 1)}")
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
            kind, ref_id, word = target
            self.chosen.emit(kind, ref_id, word)
