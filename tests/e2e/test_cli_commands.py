"""``python -m app`` as a real process: pipes, exit codes, encodings and refusals.

Few processes, many assertions each: the finer behaviour is tested in-process in
tests/app/test_cli.py.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from app.sample import SAMPLE_BOOK_ID
from app.schema import LATEST_VERSION
from app.store import Store

Runner = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def briefbook(tmp_path: Path) -> Runner:
    """Run ``python -m app`` with every user folder inside tmp_path and no BRIEFBOOK_STORE."""
    home = tmp_path / "home"
    home.mkdir()
    env = {key: value for key, value in os.environ.items() if not key.startswith("BRIEFBOOK")}
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_STATE_HOME=str(home / "state"),
        PYTHONIOENCODING="utf-8",
    )
    env.pop("NO_COLOR", None)

    def run(
        *args: str, expect: int | None = 0, console_script: bool = False
    ) -> subprocess.CompletedProcess[str]:
        # The installed `briefbook` script when asked for (it sits beside the interpreter).
        program = (
            [str(Path(sys.executable).parent / "briefbook")]
            if console_script
            else [sys.executable, "-m", "app"]
        )
        result = subprocess.run(
            [*program, *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            cwd=tmp_path,
            timeout=60,
            check=False,
        )
        assert "Traceback" not in result.stderr, result.stderr
        if expect is not None:
            assert result.returncode == expect, (args, result.stdout, result.stderr)
        return result

    return run


def refused(result: subprocess.CompletedProcess[str], *words: str) -> None:
    """Exit 1 with one plain line on stderr and nothing on stdout."""
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    for word in words:
        assert word in result.stderr


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_version_and_usage(briefbook: Runner) -> None:
    assert briefbook("--version").stdout.startswith("briefbook ")
    wrong = briefbook("frobnicate", expect=2)
    assert "usage: briefbook" in wrong.stderr
    assert wrong.stdout == ""


def test_the_sample_book_end_to_end(briefbook: Runner, tmp_path: Path) -> None:
    store = tmp_path / "store.sqlite"
    first = briefbook("--store", str(store), "demo").stdout
    second = briefbook("--store", str(store), "demo").stdout
    assert first == second == f"{SAMPLE_BOOK_ID}\n"

    table = briefbook("--store", str(store), "books").stdout.splitlines()
    assert len(table) == 2 and SAMPLE_BOOK_ID in table[1] and "Baku, Azerbaijan" in table[1]
    books = json.loads(briefbook("--store", str(store), "books", "--json").stdout)
    assert [b["id"] for b in books] == [SAMPLE_BOOK_ID]
    assert books[0]["subtitle"].startswith("SAMPLE")

    # Native script through a real pipe, both ways.
    native = json.loads(briefbook("--store", str(store), "search", "Əsədov", "--json").stdout)
    assert native[0]["kind"] == "person" and native[0]["title"] == "Sameddin F. Asadov"
    assert "Səməddin Əsədov" in native[0]["snippet"]
    listing = briefbook("--store", str(store), "search", "Məmmədov").stdout
    assert "Elnur Mammadov" in listing and "Elnur Məmmədov" in listing
    punctuation = briefbook("--store", str(store), "search", "AT&T ( ) * OR -")
    assert punctuation.stderr == ""

    bundle = tmp_path / "trip.bbk"
    assert briefbook("--store", str(store), "bundle", SAMPLE_BOOK_ID, "--output", str(bundle))
    empty = tmp_path / "empty.sqlite"
    assert briefbook("--store", str(empty), "import", str(bundle)).stdout == f"{SAMPLE_BOOK_ID}\n"

    backup = tmp_path / "backup.sqlite"
    assert briefbook("--store", str(store), "backup", "--output", str(backup)).stdout == (
        f"{backup}\n"
    )
    with Store.open(store) as a, Store.open(empty) as b, Store.open(backup) as c:
        assert a.list_books() == b.list_books() == c.list_books()
        assert a.count_people() == b.count_people() == c.count_people() == 3
        assert a.count_notes() == b.count_notes() == c.count_notes() == 6

    pdf = tmp_path / "book.pdf"
    exported = briefbook(
        "--store", str(store), "export", SAMPLE_BOOK_ID, "--format", "pdf", "--output", str(pdf)
    )
    assert exported.stdout == f"{pdf}\n"  # no progress on a pipe
    assert pdf.read_bytes().startswith(b"%PDF-")

    check = briefbook("--store", str(store), "check")
    assert "integrity check passed" in check.stdout
    assert check.stderr == ""


def test_refusals_change_nothing(briefbook: Runner, tmp_path: Path) -> None:
    store = tmp_path / "store.sqlite"
    briefbook("--store", str(store), "demo")
    # Close out the WAL so the file's bytes are the whole store before comparing.
    with Store.open(store):
        pass
    before = sha(store)

    refused(briefbook("--store", str(store), "bundle", "Nope", "--output", "x.bbk", expect=1))
    bad = tmp_path / "bad.bbk"
    bad.write_bytes(b"not a zip at all")
    refused(briefbook("--store", str(store), "import", str(bad), expect=1), "refused")
    unwritable = tmp_path / "missing-folder" / "out.bbk"
    refused(
        briefbook(
            "--store", str(store), "bundle", SAMPLE_BOOK_ID, "--output", str(unwritable), expect=1
        )
    )
    refused(
        briefbook(
            "--store",
            str(store),
            "export",
            SAMPLE_BOOK_ID,
            "--format",
            "docx",
            "--output",
            str(unwritable.with_suffix(".docx")),
            expect=1,
        )
    )
    assert sha(store) == before
    assert not unwritable.parent.exists()

    noise = tmp_path / "noise.sqlite"
    noise.write_bytes(os.urandom(4096))
    foreign = tmp_path / "foreign.sqlite"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    newer = tmp_path / "newer.sqlite"
    with Store.open(newer):
        pass
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    conn.close()
    for path, words in (
        (noise, "not a BriefBook store"),
        (foreign, "another program"),
        (newer, "newer BriefBook"),
    ):
        content = sha(path)
        refused(briefbook("--store", str(path), "demo", expect=1), words)
        assert sha(path) == content


def test_backups_and_restore_through_the_console_script(briefbook: Runner, tmp_path: Path) -> None:
    """A damaged store points at its newest good backup; `restore latest` brings it back."""
    if not (Path(sys.executable).parent / "briefbook").exists():
        pytest.skip("the briefbook console script is not installed beside this interpreter")
    from datetime import datetime

    from app.backups import daily_backup

    store = tmp_path / "data" / "store.sqlite"
    briefbook("--store", str(store), "demo", console_script=True)
    with Store.open(store) as opened:
        good = daily_backup(opened, now=datetime(2026, 11, 20, 8, 0, 0))
    assert good is not None

    listed = json.loads(
        briefbook("--store", str(store), "backups", "--json", console_script=True).stdout
    )
    assert [(item["number"], item["path"], item["ok"]) for item in listed] == [(1, str(good), True)]

    damaged = store.read_bytes()[:4096]  # cut short, as by a full disk or a bad copy
    store.write_bytes(damaged)
    refused(
        briefbook("--store", str(store), "books", expect=1, console_script=True),
        "damaged",
        str(good),
        f"briefbook --store {store} restore latest",
    )

    restored = briefbook("--store", str(store), "restore", "latest", console_script=True)
    assert restored.stderr == "" and f"from {good}" in restored.stdout
    kept = restored.stdout.split("kept as ")[1].strip().rstrip(".")
    assert Path(kept).read_bytes() == damaged  # the damaged store is kept, byte for byte
    books = json.loads(briefbook("--store", str(store), "books", "--json").stdout)
    assert [book["id"] for book in books] == [SAMPLE_BOOK_ID]
    human = briefbook("--store", str(store), "backups", console_script=True).stdout
    assert "before-restore" in human and "daily" in human and "OK" in human
