"""The people library with 10,000 people, run as its own process by ``benchmarks.bench_gui``.

    python -m benchmarks.gui_lists STORE

Opens the app's main window on STORE (as ``briefbook`` does) and times, each step ending with
the window painted (``repaint()``):

- show: switching to the People page the first time (the table loads all 10,000 rows);
- sort: clicking the Organization column, then the Name column descending;
- filter: typing a name into the filter ("mammadov", one letter at a time: each letter
  refilters 10,000 rows) and clearing it;
- open book: opening the reference book (every book page loads it), for scale.

Prints the times in milliseconds as JSON.
"""

from __future__ import annotations

import functools
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from benchmarks.generate import REFERENCE_BOOK_ID

FILTER_TEXT = "mammadov"
PAGE = "people_library"


def timed(window: Any, action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    QApplication.processEvents()
    window.repaint()
    return (time.perf_counter() - started) * 1000


def measure(window: Any) -> dict[str, float]:
    from ui.library.people_model import NAME, ORGANIZATION

    figures: dict[str, float] = {}
    figures["show_ms"] = timed(window, lambda: window.show_page(PAGE))
    page = window.pages[PAGE]
    figures["rows"] = float(page.model.rowCount())
    table = page.table
    figures["sort_organization_ms"] = timed(
        window, lambda: table.sortByColumn(ORGANIZATION, Qt.SortOrder.AscendingOrder)
    )
    figures["sort_name_desc_ms"] = timed(
        window, lambda: table.sortByColumn(NAME, Qt.SortOrder.DescendingOrder)
    )
    letters = [
        timed(window, functools.partial(page.filter_edit.setText, FILTER_TEXT[:end]))
        for end in range(1, len(FILTER_TEXT) + 1)
    ]
    figures["filter_first_letter_ms"] = letters[0]
    figures["filter_letter_max_ms"] = max(letters)
    figures["filter_shown"] = float(page.proxy.rowCount())
    figures["filter_clear_ms"] = timed(window, lambda: page.filter_edit.setText(""))
    figures["open_reference_book_ms"] = timed(
        window,
        lambda: window.open_book(REFERENCE_BOOK_ID),
    )
    return figures


def main(argv: list[str]) -> int:
    store = Path(argv[0])
    from ui.session.workarounds import keep_booleans_alive

    keep_booleans_alive()  # what run_gui does first
    app = QApplication(["briefbook"])
    from app.paths import log_dir
    from ui.session.startup import Session, configure_application, default_settings

    configure_application(app)
    session = Session(default_settings(), log_dir())
    if not session.start(store):
        return 1
    figures: dict[str, float] = {}

    def go() -> None:
        try:
            figures.update(measure(session.window))
        finally:
            app.exit(0)  # a failure must end the process, not leave it waiting

    QTimer.singleShot(200, go)
    app.exec()
    session.close()
    if not figures:
        return 1
    print(json.dumps(figures), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
