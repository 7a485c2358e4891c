"""Kill a converting process (encrypt, re-key, decrypt) at random moments; check every file.

Each round starts ``conversion_driver.py`` toward the current goal (encrypt with passphrase A,
re-key to B, decrypt, and round again), waits for a random number of its files to start and a
random fraction of a file more, and sends SIGKILL. Then every file (the store and each backup)
must open, whole, in one of the states it may be in (plain, A or B), pass SQLite's integrity
check and hold exactly the content it held before the first kill. A goal reached (the driver
said ``done`` before the kill) moves on to the next one. At the end the last goal is finished
and the folder must hold no readable copy when the goal was an encrypted one.

Used by ``test_conversion_crash.py`` (a few kills) and ``stress.py --conversion`` (many).
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from app.backups import backup_dir_for, list_backups
from app.domain import Book, Section
from app.protection import keys
from app.sample import ensure_sample_book
from app.store import Store

DRIVER = Path(__file__).with_name("conversion_driver.py")
SECRET_A = "harness passphrase alpha"
SECRET_B = "harness passphrase bravo"
GOALS: tuple[str | None, ...] = (SECRET_A, SECRET_B, None)  # encrypt, re-key, decrypt
READABLE = (b"Baku", b"Azerbaijan", b"harness section")


@dataclass
class ConversionReport:
    kills: int = 0
    goals_reached: int = 0
    states_seen: set[str] = field(default_factory=set)
    mixed_states: int = 0  # kills that left some files converted and others not yet
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        return (
            f"{self.kills} kills in {self.seconds:.1f} s while converting; goals reached "
            f"{self.goals_reached}; file states seen {sorted(self.states_seen)}; kills between "
            f"files of one conversion {self.mixed_states}; problems: {len(self.problems)}"
        )


def make_store(store_path: Path, sections: int = 120, backups: int = 2) -> None:
    """The sample book, a book of ``sections`` sections, and plain backups beside the store."""
    with Store.open(store_path) as store:
        ensure_sample_book(store)
        book = store.save_book(Book(title="Harness book"))
        body = "harness section text, long enough to fill pages. " * 40
        for number in range(sections):
            store.save_section(Section(book_id=book.id, title=f"Section {number}", body=body))
        folder = backup_dir_for(store_path)
        folder.mkdir(exist_ok=True)
        for day in range(backups):
            store.backup(folder / f"{store_path.stem}-2026110{day + 1}-101010.sqlite")


def _files(store_path: Path) -> list[Path]:
    return [store_path, *(info.path for info in list_backups(store_path, check=False))]


def _state(path: Path) -> str:
    if not keys.is_encrypted(path):
        return "plain"
    for name, secret in (("A", SECRET_A), ("B", SECRET_B)):
        if keys.try_passphrase(path, secret) is not None:
            return name
    return "unopenable"


def _fingerprint(path: Path) -> tuple[str, list[str]]:
    """Content digest and integrity problems of one file (keys must be remembered)."""
    digest = hashlib.sha256()
    with Store.open(path, read_only=True) as store:
        problems = store.integrity_problems()
        for book in store.list_books():
            content = store.load_book_content(book.id)
            digest.update(repr((book, content.sections)).encode())
    return digest.hexdigest(), problems


def _check(store_path: Path, originals: dict[str, str], report: ConversionReport) -> None:
    states = []
    for file in _files(store_path):
        state = _state(file)
        states.append(state)
        report.states_seen.add(state)
        if state == "unopenable":
            report.problems.append(f"{file.name} opens with no passphrase after a kill")
            continue
        try:
            digest, problems = _fingerprint(file)
        except Exception as error:  # a torn file must be reported, not crash the harness
            report.problems.append(f"{file.name} cannot be read: {error}")
            continue
        report.problems += [f"{file.name}: integrity: {p}" for p in problems]
        if digest != originals.get(file.name):
            report.problems.append(f"{file.name} holds other content than before")
    missing = set(originals) - {file.name for file in _files(store_path)}
    report.problems += [f"{name} is gone" for name in sorted(missing)]
    if len(set(states)) > 1:
        report.mixed_states += 1


def _run_driver(store_path: Path, goal: str | None, log: Path) -> subprocess.Popen[str]:
    env = dict(os.environ)
    env["CONVERT_KNOWN"] = f"{SECRET_A}\n{SECRET_B}"
    env["CONVERT_TO"] = goal or ""
    with log.open("ab") as errors:
        return subprocess.Popen(
            [sys.executable, str(DRIVER), str(store_path)],
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
            bufsize=1,
            env=env,
            cwd=Path(__file__).parents[2],
        )


def run_conversion_kills(
    store_path: Path, kills: int, seed: int, *, max_delay: float = 0.6
) -> ConversionReport:
    """Kill converting children ``kills`` times at seeded random moments; check after each."""
    rng = random.Random(seed)
    report = ConversionReport()
    keys.remember(SECRET_A)
    keys.remember(SECRET_B)
    originals = {file.name: _fingerprint(file)[0] for file in _files(store_path)}
    files = len(originals)
    goal_index = 0
    log = store_path.parent / "driver.log"
    started = time.perf_counter()
    while report.kills < kills:
        goal = GOALS[goal_index % len(GOALS)]
        child = _run_driver(store_path, goal, log)
        assert child.stdout is not None
        done = False
        try:
            assert child.stdout.readline().strip() == "ready"
            # Up to all files started, or (one round in three) let it finish: a goal reached.
            lines = rng.randrange(files + 1) if rng.random() < 0.67 else files + 1
            for _ in range(lines):
                if child.stdout.readline().strip() == "done":
                    done = True
                    break
            if not done:
                # The kill moment: a random fraction of one file's conversion more.
                time.sleep(rng.uniform(0, max_delay))
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait()
            rest = child.stdout.read().split()
            child.stdout.close()
        done = done or "done" in rest
        report.kills += 1
        _check(store_path, originals, report)
        if done:
            report.goals_reached += 1
            goal_index += 1
    # Finish the goal under way, uninterrupted, and look for readable leftovers.
    goal = GOALS[goal_index % len(GOALS)]
    child = _run_driver(store_path, goal, log)
    out, _ = child.communicate()
    if child.returncode != 0 or "done" not in out:
        report.problems.append(f"the last conversion did not finish (exit {child.returncode})")
    _check(store_path, originals, report)
    if goal is not None:
        for file in sorted(store_path.parent.rglob("*")):
            if file.is_file() and file != log and any(w in file.read_bytes() for w in READABLE):
                report.problems.append(f"{file.name} is readable after encrypting")
    report.seconds = time.perf_counter() - started
    return report
