"""`briefbook backups` and `briefbook restore`, and the restore hint on damaged stores.

In-process through ``cli.main``; the real console script is exercised in
tests/e2e/test_cli_commands.py.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from reliability_support import Holder

from app import cli
from app.backups import backup_dir_for, daily_backup, list_backups
from app.domain import Book
from app.store import Store

DAY_ONE = datetime(2026, 11, 20, 9, 30, 0)


def run(capsys: pytest.CaptureFixture[str], store_path: Path, *argv: str) -> tuple[int, str, str]:
    code = cli.main(["--store", str(store_path), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def one_line(err: str, *words: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    for word in words:
        assert word in err, err


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def titles(path: Path) -> list[str]:
    with Store.open(path, read_only=True) as store:
        return sorted(book.title for book in store.list_books())


@pytest.fixture
def three_backups(store_path: Path) -> Iterator[list[Path]]:
    """A store that gained a book each day for three days, with a daily backup each day.

    Backup of day 1 holds ["day 1"], of day 2 ["day 1", "day 2"], and so on; the store itself
    holds four books. Returned newest first, as ``backups`` numbers them.
    """
    made = []
    with Store.open(store_path) as store:
        for day in range(3):
            store.save_book(Book(title=f"day {day + 1}"))
            made.append(daily_backup(store, now=DAY_ONE + timedelta(days=day)))
        store.save_book(Book(title="day 4"))
    assert all(path is not None for path in made)
    yield [path for path in reversed(made) if path is not None]


def cut_short(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:5000])


# --- backups ------------------------------------------------------------------------------


def test_backups_lists_newest_first_with_numbers_and_checks(
    capsys: pytest.CaptureFixture[str], store_path: Path, three_backups: list[Path]
) -> None:
    cut_short(three_backups[1])

    code, out, err = run(capsys, store_path, "backups")

    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert str(backup_dir_for(store_path)) in lines[0]
    assert lines[1].split() == ["#", "TAKEN", "KIND", "SIZE", "CHECK", "FILE"]
    rows = [line.split() for line in lines[2:5]]
    assert [row[0] for row in rows] == ["1", "2", "3"]
    assert [row[1] for row in rows] == ["2026-11-22", "2026-11-21", "2026-11-20"]
    assert [row[6] for row in rows] == ["OK", "damaged", "OK"]  # size is "N KB"
    assert [row[-1] for row in rows] == [path.name for path in three_backups]
    assert "#2 cannot be restored: it is damaged" in out
    assert "restore latest" in out


def test_backups_json(
    capsys: pytest.CaptureFixture[str], store_path: Path, three_backups: list[Path]
) -> None:
    cut_short(three_backups[0])

    code, out, _ = run(capsys, store_path, "backups", "--json")

    assert code == 0
    listed = json.loads(out)
    assert [item["number"] for item in listed] == [1, 2, 3]
    assert [item["path"] for item in listed] == [str(path) for path in three_backups]
    assert [item["ok"] for item in listed] == [False, True, True]
    assert "damaged" in listed[0]["problem"] and listed[1]["problem"] == ""
    assert listed[2]["taken_at"] == DAY_ONE.isoformat()
    assert {item["kind"] for item in listed} == {"daily"}
    assert listed[1]["size"] == three_backups[1].stat().st_size


def test_no_backups_yet(capsys: pytest.CaptureFixture[str], store_path: Path) -> None:
    assert run(capsys, store_path, "backups", "--json")[:2] == (0, "[]\n")
    code, out, _ = run(capsys, store_path, "backups")
    assert code == 0 and out.startswith("No backups of")
    assert not store_path.exists()  # listing creates no store


# --- restore ------------------------------------------------------------------------------


def test_restore_by_number_brings_that_backup_back_and_keeps_the_replaced_store(
    capsys: pytest.CaptureFixture[str], store_path: Path, three_backups: list[Path]
) -> None:
    code, out, err = run(capsys, store_path, "restore", "3")  # the oldest: day 1 only

    assert (code, err) == (0, "")
    assert titles(store_path) == ["day 1"]
    kept = [info.path for info in list_backups(store_path) if info.kind == "before-restore"]
    assert len(kept) == 1 and f"kept as {kept[0]}" in out
    assert titles(kept[0]) == ["day 1", "day 2", "day 3", "day 4"]


def test_restore_latest_takes_the_newest_good_backup(
    capsys: pytest.CaptureFixture[str], store_path: Path, three_backups: list[Path]
) -> None:
    cut_short(three_backups[0])

    code, out, _ = run(capsys, store_path, "restore", "latest")

    assert code == 0 and str(three_backups[1]) in out
    assert titles(store_path) == ["day 1", "day 2"]


def test_restore_a_backup_given_by_path(
    capsys: pytest.CaptureFixture[str], store_path: Path, three_backups: list[Path], tmp_path: Path
) -> None:
    elsewhere = tmp_path / "from a colleague.sqlite"
    elsewhere.write_bytes(three_backups[2].read_bytes())
    assert run(capsys, store_path, "restore", str(elsewhere))[0] == 0
    assert titles(store_path) == ["day 1"]


@pytest.mark.parametrize(
    ("choice", "words"),
    [
        ("7", ["no backup number 7", "there are 3", "backups` lists them"]),
        ("latest-but-misspelt.sqlite", ["does not exist"]),
        ("2", ["cannot be restored", "damaged"]),
        ("STORE", ["the store itself"]),
    ],
    ids=["number-out-of-range", "missing-file", "damaged-backup", "the-store-itself"],
)
def test_refused_restores_change_nothing(
    capsys: pytest.CaptureFixture[str],
    store_path: Path,
    three_backups: list[Path],
    choice: str,
    words: list[str],
) -> None:
    cut_short(three_backups[1])
    before, listing = sha(store_path), sorted(backup_dir_for(store_path).iterdir())

    code, out, err = run(
        capsys, store_path, "restore", str(store_path) if choice == "STORE" else choice
    )

    assert (code, out) == (1, "")
    one_line(err, *words, "Nothing was changed")
    assert sha(store_path) == before
    assert sorted(backup_dir_for(store_path).iterdir()) == listing


def test_restore_latest_without_a_good_backup(
    capsys: pytest.CaptureFixture[str], store_path: Path, three_backups: list[Path]
) -> None:
    for path in three_backups:
        cut_short(path)
    code, out, err = run(capsys, store_path, "restore", "latest")
    assert (code, out) == (1, "")
    one_line(err, "no good backup", "nothing was changed")
    assert titles(store_path) == ["day 1", "day 2", "day 3", "day 4"]


def test_restore_is_refused_while_the_app_writes_naming_it(
    capsys: pytest.CaptureFixture[str], store_path: Path, three_backups: list[Path]
) -> None:
    holder = Holder(store_path)
    try:
        before = sha(store_path)
        code, out, err = run(capsys, store_path, "restore", "1")
        assert (code, out) == (1, "")
        one_line(err, "BriefBook (desktop)", f"process {holder.pid}")
        assert sha(store_path) == before
    finally:
        holder.stop()
    assert not [info for info in list_backups(store_path) if info.kind == "before-restore"]


# --- damaged stores point at the newest good backup ---------------------------------------


def test_a_damaged_store_names_the_newest_good_backup_and_the_command(
    capsys: pytest.CaptureFixture[str], store_path: Path, three_backups: list[Path]
) -> None:
    cut_short(three_backups[0])
    cut_short(store_path)

    for argv in (["books"], ["search", "day"], ["check"], ["demo"]):
        code, out, err = run(capsys, store_path, *argv)
        assert (code, out) == (1, ""), argv
        one_line(err, "damaged", str(three_backups[1]), f"--store {store_path} restore latest")

    # ...and following the hint works.
    assert run(capsys, store_path, "restore", "latest")[0] == 0
    assert titles(store_path) == ["day 1", "day 2"]


def test_a_damaged_store_without_backups_says_so(
    capsys: pytest.CaptureFixture[str], store_path: Path
) -> None:
    with Store.open(store_path) as store:
        store.save_book(Book(title="only copy"))
    cut_short(store_path)
    code, _, err = run(capsys, store_path, "books")
    assert code == 1
    one_line(err, "damaged", "There is no good backup in")
    assert "restore latest" not in err


def test_failed_integrity_check_names_the_backup(
    capsys: pytest.CaptureFixture[str],
    store_path: Path,
    three_backups: list[Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(Store, "integrity_problems", lambda self: ["page 9 is never used"])
    code, out, err = run(capsys, store_path, "check")
    assert code == 1 and "page 9 is never used" in out
    one_line(err, "integrity", str(three_backups[0]), "restore latest")
