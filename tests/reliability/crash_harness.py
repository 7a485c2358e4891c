"""Kill a writing BriefBook process at random moments and check the store after every kill.

Each round starts ``crash_driver.py`` on the same store, lets it acknowledge a random number of
writes, waits a random fraction of a write more, sends SIGKILL, and reopens the store the way the
app does (taking the writer lock, which proves a crashed holder's lock is recovered). It then
checks that SQLite's integrity check passes, that every acknowledged write is there exactly as
written, that the one write in flight is either wholly there or wholly absent, and that no
multi-row change (new book, bundle import, reorder) is visible half-done.

Used by ``test_crash_safety.py`` (a few kills) and ``stress.py`` (``make stress``, hundreds).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import crash_driver as driver

from app.store import Store

DRIVER = Path(__file__).with_name("crash_driver.py")


@dataclass
class CrashReport:
    """What a run of kills did and found."""

    kills: int = 0
    acknowledged: Counter[str] = field(default_factory=Counter)
    in_flight_landed: int = 0
    in_flight_lost: int = 0
    between_writes: int = 0
    bundles: bool = False
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def acknowledged_total(self) -> int:
        return sum(self.acknowledged.values())

    def summary(self) -> str:
        kinds = ", ".join(f"{kind} {count}" for kind, count in sorted(self.acknowledged.items()))
        return (
            f"{self.kills} kills in {self.seconds:.1f} s; {self.acknowledged_total} acknowledged "
            f"writes ({kinds}); write in flight at the kill: landed whole {self.in_flight_landed}, "
            f"absent {self.in_flight_lost}, none {self.between_writes}; "
            f"problems: {len(self.problems)}"
        )


@dataclass
class _Expected:
    """What the store must hold, as far as the parent knows."""

    seqs: dict[str, int] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    books: set[str] = field(default_factory=set)


class _Child:
    def __init__(self, store_path: Path, work_dir: Path, seed: int, log: IO[bytes]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(DRIVER), str(store_path), str(seed), str(work_dir)],
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
            bufsize=1,
            cwd=DRIVER.parent,
        )

    def line(self) -> str:
        assert self.process.stdout is not None
        text = self.process.stdout.readline()
        if not text:
            self.process.wait()
            raise RuntimeError(f"the driver ended on its own (exit {self.process.returncode})")
        return text.rstrip("\n")

    def kill(self) -> list[str]:
        """SIGKILL the child and return what it printed that was not read yet."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        assert self.process.stdout is not None
        rest = self.process.stdout.read().splitlines()
        self.process.stdout.close()
        return rest


def _read_expected(store_path: Path) -> _Expected:
    expected = _Expected()
    if not store_path.exists():
        return expected
    with Store.open(store_path, read_only=True) as store:
        books = {book.id: book for book in store.list_books()}
        if driver.AUTOSAVE_BOOK in books:
            for section in store.list_sections(driver.AUTOSAVE_BOOK):
                expected.seqs[section.id] = driver.seq_of(section.body)
        if driver.REORDER_BOOK in books:
            expected.order = [s.id for s in store.list_sections(driver.REORDER_BOOK)]
        expected.books = {
            book_id
            for book_id, book in books.items()
            if book.title in (driver.MULTI_ROW_TITLE, driver.IMPORT_TITLE)
        }
    return expected


def _expected_counts(purpose: str) -> tuple[int, int]:
    fields = dict(part.split("=") for part in purpose.split())
    return int(fields["sections"]), int(fields["participants"])


def _check_store(
    store_path: Path, expected: _Expected, pending: list[str] | None
) -> tuple[list[str], bool | None]:
    """Problems found after a kill, and whether the write in flight landed (None: no write)."""
    problems: list[str] = []
    landed: bool | None = None
    with Store.open(store_path, lock="cli") as store:
        problems += [f"integrity: {p}" for p in store.integrity_problems()]
        books = {book.id: book for book in store.list_books()}
        # Multi-row changes: every book (fixed, added or imported) has exactly its rows.
        people_by_book = Counter(
            person.name.removeprefix(driver.PERSON_PREFIX)
            for person in store.list_people()
            if person.name.startswith(driver.PERSON_PREFIX)
        )
        for book_id, book in books.items():
            sections, people = _expected_counts(book.purpose)
            found_sections = len(store.list_sections(book_id))
            found_people = len(store.list_participants(book_id))
            if (found_sections, found_people) != (sections, people):
                problems.append(
                    f"book {book_id} half-done: {found_sections}/{sections} sections, "
                    f"{found_people}/{people} participants"
                )
            if people and people_by_book[book_id] != people:
                problems.append(
                    f"book {book_id} has {people_by_book[book_id]} people, not {people}"
                )
        for book_id in people_by_book:
            if book_id not in books:
                problems.append(f"people of book {book_id} exist without their book")
        for book_id in expected.books - books.keys():
            problems.append(f"acknowledged book {book_id} is missing")
        # Autosaved edits: the acknowledged text exactly, or the one in flight exactly.
        for section in store.list_sections(driver.AUTOSAVE_BOOK):
            seq = driver.seq_of(section.body)
            allowed = {expected.seqs.get(section.id, 0)}
            if pending and pending[0] == "autosave" and pending[1] == section.id:
                allowed.add(int(pending[2]))
                landed = seq == int(pending[2])
            if seq not in allowed:
                problems.append(f"section {section.id} holds edit {seq}, expected one of {allowed}")
            elif section.body != driver.body_for(seq):
                problems.append(f"section {section.id} holds a torn body for edit {seq}")
            expected.seqs[section.id] = seq
        # Reorders: the acknowledged order or the one in flight, never a mixture.
        order = [s.id for s in store.list_sections(driver.REORDER_BOOK)]
        allowed_orders = [expected.order] if expected.order else []
        if pending and pending[0] == "reorder":
            allowed_orders.append(pending[2].split(","))
            landed = order == allowed_orders[-1]
        if allowed_orders and order not in allowed_orders:
            problems.append(f"reorder half-applied: {order}")
        expected.order = order
        if pending and pending[0] in ("book", "import"):
            landed = pending[1] in books
        expected.books = {
            book_id
            for book_id, book in books.items()
            if book.title in (driver.MULTI_ROW_TITLE, driver.IMPORT_TITLE)
        }
    return problems, landed


def run_crash_rounds(
    store_path: Path,
    work_dir: Path,
    kills: int,
    seed: int,
    *,
    max_acks: int = 30,
    max_delay: float = 0.02,
    progress: bool = False,
) -> CrashReport:
    """Kill the driver ``kills`` times at seeded random moments; check the store after each."""
    rng = random.Random(seed)
    report = CrashReport()
    expected = _read_expected(store_path)
    started = time.perf_counter()
    log_path = work_dir / "driver-stderr.log"
    for round_number in range(kills):
        with log_path.open("wb") as log:
            child = _Child(store_path, work_dir, rng.randrange(1 << 30), log)
            try:
                ready = child.line()
                if not ready.startswith("READY"):
                    raise RuntimeError(f"unexpected first line from the driver: {ready!r}")
                report.bundles = ready.endswith("bundles=1")
                target = rng.randint(0, max_acks)
                lines: list[str] = []
                while lines.count("ACK") < target:
                    lines.append(child.line())
                # A random moment inside the next write or between two writes.
                time.sleep(rng.uniform(0, max_delay))
            finally:
                lines += child.kill()
        if child.process.returncode != -signal.SIGKILL:
            raise RuntimeError(
                f"round {round_number}: the driver ended with {child.process.returncode}: "
                + log_path.read_text(errors="replace")[-2000:]
            )
        pending: list[str] | None = None
        for line in lines:
            if line.startswith("DO "):
                pending = line.split()[1:]
            elif line == "ACK" and pending is not None:
                report.acknowledged[pending[0]] += 1
                _apply_acknowledged(expected, pending)
                pending = None
        report.kills += 1
        problems, landed = _check_store(store_path, expected, pending)
        report.problems += [f"kill {round_number}: {problem}" for problem in problems]
        if landed is None:
            report.between_writes += 1
        elif landed:
            report.in_flight_landed += 1
        else:
            report.in_flight_lost += 1
        if progress and (round_number + 1) % 25 == 0:
            print(
                f"  {round_number + 1}/{kills} kills, {len(report.problems)} problems", flush=True
            )
    report.seconds = time.perf_counter() - started
    return report


def _apply_acknowledged(expected: _Expected, op: list[str]) -> None:
    kind = op[0]
    if kind == "autosave":
        expected.seqs[op[1]] = int(op[2])
    elif kind == "reorder":
        expected.order = op[2].split(",")
    elif kind in ("book", "import"):
        expected.books.add(op[1])


def default_kills(variable: str, fallback: int) -> int:
    """A kill count from the environment (``CRASH_KILLS``/``STRESS_KILLS``), else ``fallback``."""
    value = os.environ.get(variable, "")
    return int(value) if value.isdigit() and int(value) > 0 else fallback
