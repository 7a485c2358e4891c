"""Importing a 500-row contact list in the app: preview, then Import, timed end to end.

    QT_QPA_PLATFORM=offscreen python -m benchmarks.bench_import [--store PATH] [--rounds 5]

The list (``contact_rows``) is deterministic: 500 rows, of which 20 repeat an earlier row in
other capitals (``LEYLA HUSEYNOVA`` for ``Leyla Huseynova``) and, when the store holds the
sample book, three name its people. Each round copies the store, opens the preview dialog
(``ImportPeopleDialog``) on it as File ▸ Import… does after reading the file, waits for the
plan, presses Import and waits for the write: the figure a user waits for. The file read (CSV
and XLSX) and the core plan and write are timed too. The issue's target: within 2 s.

Also part of ``make bench`` (``benchmarks/run.py``, part "import", on the large store with
10,000 people).
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from app.importing.people_import import ADD, SKIP, UPDATE, plan_people, read_contacts
from app.store import Store
from benchmarks.measure import median

ROWS = 500
REPEATS = 20
TARGET_S = 2.0
_GIVEN = [
    "Leyla",
    "Elnur",
    "Aysel",
    "Rashad",
    "Nigar",
    "Farid",
    "Gunel",
    "Tural",
    "Sevinj",
    "Orkhan",
    "Kamala",
    "Javid",
]
_FAMILY = [
    "Huseynova",
    "Aliyev",
    "Mammadova",
    "Guliyev",
    "Ismayilova",
    "Hasanov",
    "Abbasova",
    "Karimov",
    "Rzayeva",
]
_ORGS = (
    "Ministry of Economy",
    "Port of Baku",
    "Azerbaijan Railways",
    "State Customs Committee",
    "Azercosmos",
    "Ministry of Energy",
)
_TITLES = ("Director", "Deputy Minister", "Head of Department", "Adviser", "Chief Engineer")


def contact_rows(with_sample: bool) -> list[list[str]]:
    """The 500 rows (headings first) of the benchmark's contact list."""
    chooser = random.Random(17)
    rows: list[list[str]] = []
    names: list[str] = []
    for number in range(ROWS - REPEATS - (3 if with_sample else 0)):
        name = (
            f"{chooser.choice(_GIVEN)} {chr(65 + number % 26)}. {chooser.choice(_FAMILY)} {number}"
        )
        names.append(name)
        rows.append(
            [
                name,
                chooser.choice(_TITLES),
                chooser.choice(_ORGS),
                "Azerbaijan",
                f"+994 12 {number:07d}",
            ]
        )
    for name in chooser.sample(names, REPEATS):
        rows.append([name.upper(), "", "", "", ""])
    if with_sample:
        rows += [
            ["SAMEDDIN F. ASADOV", "Deputy Minister", "Ministry of Digital Development", "", ""],
            ["Elnur Məmmədov", "Deputy Minister of Foreign Affairs", "", "", ""],
            ["carl b. kress", "Regional Director", "USTDA", "", ""],
        ]
    chooser.shuffle(rows)
    return [["Full name", "Position", "Org", "Country", "Phone"], *rows]


def write_lists(folder: Path, rows: list[list[str]]) -> tuple[Path, Path]:
    from openpyxl import Workbook

    csv_path = folder / "delegation.csv"
    with csv_path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(rows)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for row in rows:
        sheet.append(row)
    xlsx_path = folder / "delegation.xlsx"
    workbook.save(xlsx_path)
    return csv_path, xlsx_path


@dataclass
class ImportResults:
    people_before: int = 0
    read_csv_ms: list[float] = field(default_factory=list)
    read_xlsx_ms: list[float] = field(default_factory=list)
    plan_ms: list[float] = field(default_factory=list)
    dialog_s: list[float] = field(default_factory=list)  # open preview → planned → imported
    counts: tuple[int, int, int] = (0, 0, 0)
    duplicates_after: int = 0


def _timed_ms(job: object) -> tuple[float, object]:
    started = time.perf_counter()
    result = job()  # type: ignore[operator]
    return (time.perf_counter() - started) * 1000, result


def _in_dialog(store_path: Path, path: Path) -> float:
    """Seconds from opening the preview to the people written, as a user does it."""
    from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QSettings, QTimer
    from PySide6.QtGui import QUndoStack

    from ui.context import AppContext, AppEvents
    from ui.dialogs.import_people_dialog import ImportPeopleDialog

    store = Store.open(store_path)
    context = AppContext(
        store=store,
        store_path=store_path,
        settings=QSettings(str(store_path.with_suffix(".ini")), QSettings.Format.IniFormat),
        undo_stack=QUndoStack(),
        events=AppEvents(),
    )
    try:
        started = time.perf_counter()
        table = read_contacts(path)
        dialog = ImportPeopleDialog(context, path, table)
        dialog.show()
        loop = QEventLoop()
        dialog.planned.connect(dialog.import_button.click)
        dialog.imported.connect(loop.quit)
        dialog.plan_failed.connect(loop.quit)
        QTimer.singleShot(60_000, loop.quit)
        loop.exec()
        took = time.perf_counter() - started
        dialog.close()
        # Delete the dialog (and the workers it keeps) now, on this thread, not at exit.
        dialog.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        return took
    finally:
        store.close()


def _duplicates(store_path: Path) -> int:
    from app.importing.people_import import name_key

    with Store.open(store_path, read_only=True) as store:
        keys = [name_key(person.name) for person in store.list_people()]
    return len(keys) - len(set(keys))


def run(store_path: Path, rounds: int = 5) -> ImportResults:
    """Time the 500-row import ``rounds`` times, each on a fresh copy of ``store_path``."""
    from PySide6.QtWidgets import QApplication

    _app = QApplication.instance() or QApplication([])
    results = ImportResults()
    with tempfile.TemporaryDirectory(prefix="bench-import-") as work:
        folder = Path(work)
        # A copy opened for writing once: an older store is upgraded there, not in place.
        base = folder / "base.sqlite"
        shutil.copyfile(store_path, base)
        with Store.open(base) as store:
            results.people_before = store.count_people()
            with_sample = any(p.name == "Sameddin F. Asadov" for p in store.list_people())
        before = _duplicates(base)
        csv_path, xlsx_path = write_lists(folder, contact_rows(with_sample))
        for round_number in range(rounds):
            copy = folder / f"round-{round_number}.sqlite"
            shutil.copyfile(base, copy)
            took, _table = _timed_ms(lambda: read_contacts(csv_path))
            results.read_csv_ms.append(took)
            took, _table = _timed_ms(lambda: read_contacts(xlsx_path))
            results.read_xlsx_ms.append(took)
            with Store.open(copy, read_only=True) as store:
                took, plan = _timed_ms(lambda: plan_people(store, read_contacts(csv_path)))
            results.plan_ms.append(took)
            results.counts = (plan.count(ADD), plan.count(UPDATE), plan.count(SKIP))  # type: ignore[attr-defined]
            results.dialog_s.append(_in_dialog(copy, csv_path))
            results.duplicates_after = _duplicates(copy) - before
    return results


def describe(found: ImportResults) -> list[str]:
    adds, updates, skips = found.counts
    worst = max(found.dialog_s)
    return [
        f"Store: {found.people_before:,} people before the import.",
        f"500-row list: {adds} added, {updates} updated, {skips} skipped; "
        f"new duplicates after import: {found.duplicates_after}.",
        f"Read CSV: {median(found.read_csv_ms):.0f} ms; read XLSX: {median(found.read_xlsx_ms):.0f} ms.",
        f"Plan (read + match, core): {median(found.plan_ms):.0f} ms.",
        f"In the app, read → preview planned → Import → written: median "
        f"{median(found.dialog_s):.2f} s, worst {worst:.2f} s (target ≤ {TARGET_S:.0f} s: "
        f"{'met' if worst <= TARGET_S else 'NOT met'}).",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--store", help="a store to import into (a copy is used); default: the sample book"
    )
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-import-store-") as work:
        if args.store:
            store_path = Path(args.store)
        else:
            from app.sample import ensure_sample_book

            store_path = Path(work) / "sample.sqlite"
            with Store.open(store_path) as store:
                ensure_sample_book(store)
        for line in describe(run(store_path, args.rounds)):
            print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
