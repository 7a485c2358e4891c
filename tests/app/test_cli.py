"""The command line, in-process through ``main([...])``: outputs, exit codes and error paths.

Subprocess tests (real pipes, real exit codes) are in tests/e2e/test_cli_commands.py.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import sys
import types
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from app import cli, cli_support
from app.document import Edition
from app.errors import ExportFailed
from app.paths import STORE_ENV
from app.sample import SAMPLE_BOOK_ID, ensure_sample_book
from app.schema import APPLICATION_ID, LATEST_VERSION
from app.store import Store

SAMPLE_TITLE = "Baku trade and development meetings"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every user folder into tmp_path so nothing touches the real ones."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.delenv(STORE_ENV, raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("HOME", str(home))
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(name, str(home / name.lower()))
    return home


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "store.sqlite"


@pytest.fixture
def sample_store(store_path: Path) -> Path:
    with Store.open(store_path) as store:
        ensure_sample_book(store)
    return store_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_one_line_error(err: str, *words: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    for word in words:
        assert word in err


@pytest.fixture
def fake_module(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Install a stand-in module under a dotted name (or ``None`` to make it unimportable)."""

    def install(name: str, **attributes: Any) -> types.ModuleType:
        module = types.ModuleType(name)
        for key, value in attributes.items():
            setattr(module, key, value)
        monkeypatch.setitem(sys.modules, name, module)
        return module

    return install


# --- version, usage -----------------------------------------------------------------------


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0
    assert out.strip() == f"briefbook {cli.version()}"
    assert cli.version()[0].isdigit()


@pytest.mark.parametrize(
    "argv",
    [
        ["frobnicate"],
        ["search"],
        ["search", "x", "--limit", "0"],
        ["search", "x", "--limit", "many"],
        ["export", "b", "--format", "odt", "--output", "x.odt"],
        ["export", "b", "--format", "pdf"],
        ["bundle", "b"],
        ["backup"],
        ["books", "--yaml"],
        ["--store"],
    ],
)
def test_wrong_usage_exits_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert "usage: briefbook" in err


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for command in cli.COMMANDS:
        assert command in out


# --- store location -----------------------------------------------------------------------


def test_store_precedence_option_then_env_then_user_folder(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    default = isolated_home / "xdg_data_home" / "BriefBook" / "briefbook.sqlite"
    assert run(capsys, "demo")[0] == 0
    assert default.exists()

    from_env = tmp_path / "env.sqlite"
    monkeypatch.setenv(STORE_ENV, str(from_env))
    assert run(capsys, "demo")[0] == 0
    assert from_env.exists()

    option = tmp_path / "option.sqlite"
    assert run(capsys, "--store", str(option), "demo")[0] == 0
    assert option.exists()
    with Store.open(option) as store:
        assert [b.id for b in store.list_books()] == [SAMPLE_BOOK_ID]


# --- demo, books --------------------------------------------------------------------------


def test_demo_twice_prints_the_same_id_and_leaves_one_book(
    capsys: pytest.CaptureFixture[str], store_path: Path
) -> None:
    first = run(capsys, "--store", str(store_path), "demo")
    second = run(capsys, "--store", str(store_path), "demo")
    assert first == second == (0, SAMPLE_BOOK_ID + "\n", "")
    with Store.open(store_path) as store:
        assert len(store.list_books()) == 1


def test_books_table_and_json(capsys: pytest.CaptureFixture[str], sample_store: Path) -> None:
    with Store.open(sample_store) as store:
        from app.domain import Book

        store.save_book(Book(title="Ankara follow-up", destination="Ankara, Türkiye"))
    code, out, err = run(capsys, "--store", str(sample_store), "books")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].split() == ["ID", "TITLE", "DESTINATION", "DATES"]
    baku = next(line for line in lines if SAMPLE_BOOK_ID in line)
    assert SAMPLE_TITLE in baku and "Baku, Azerbaijan" in baku
    assert "2026-12-01 to 2026-12-03" in baku
    # Columns line up: every title starts at the same place.
    assert {line.index("TITLE") for line in lines[:1]} == {
        lines[1].index(lines[1].split("  ")[1].strip())
    }
    assert lines[0].index("DESTINATION") == baku.index("Baku, Azerbaijan")

    code, out, _ = run(capsys, "--store", str(sample_store), "books", "--json")
    books = json.loads(out)
    assert code == 0
    assert [set(b) for b in books] == [
        {"id", "title", "subtitle", "destination", "start_date", "end_date", "marking"}
    ] * 2
    sample = next(b for b in books if b["id"] == SAMPLE_BOOK_ID)
    assert sample["start_date"] == "2026-12-01" and sample["end_date"] == "2026-12-03"
    assert sample["marking"] == "UNCLASSIFIED"
    other = next(b for b in books if b["id"] != SAMPLE_BOOK_ID)
    assert other["start_date"] is None and other["destination"] == "Ankara, Türkiye"


def test_listing_a_missing_store_creates_nothing(
    capsys: pytest.CaptureFixture[str], store_path: Path
) -> None:
    code, out, _ = run(capsys, "--store", str(store_path), "books")
    assert code == 0 and "No books" in out
    assert run(capsys, "--store", str(store_path), "books", "--json")[1].strip() == "[]"
    assert run(capsys, "--store", str(store_path), "search", "x", "--json")[1].strip() == "[]"
    assert not store_path.exists()


# --- search -------------------------------------------------------------------------------


def search_json(capsys: pytest.CaptureFixture[str], store: Path, query: str) -> list[dict]:
    code, out, err = run(capsys, "--store", str(store), "search", query, "--json")
    assert (code, err) == (0, ""), err
    return json.loads(out)


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("Asadov", "Sameddin F. Asadov"),
        ("Əsədov", "Sameddin F. Asadov"),
        ("samaddin", "Sameddin F. Asadov"),
        ("SƏMƏDDİN", "Sameddin F. Asadov"),
        ("Məmmədov", "Elnur Mammadov"),
        ("Memmedov", "Elnur Mammadov"),
        ("Mamm", "Elnur Mammadov"),
        ("kres", "Carl B. Kress"),
    ],
)
def test_search_finds_people_in_both_scripts(
    capsys: pytest.CaptureFixture[str], sample_store: Path, query: str, name: str
) -> None:
    hits = search_json(capsys, sample_store, query)
    assert name in [hit["title"] for hit in hits if hit["kind"] == "person"]
    for hit in hits:
        assert set(hit) == {"kind", "id", "title", "snippet", "book_id"}
        assert hit["kind"] in {"book", "section", "person", "note", "meeting"}
        if hit["kind"] in {"section", "meeting", "book"}:
            assert hit["book_id"] == SAMPLE_BOOK_ID


@pytest.mark.parametrize("query", ["AT&T ( ) * OR -", '"', "NEAR(", "*", "-", "   ", "a:b"])
def test_search_treats_syntax_as_text(
    capsys: pytest.CaptureFixture[str], sample_store: Path, query: str
) -> None:
    assert isinstance(search_json(capsys, sample_store, query), list)
    code, _, err = run(capsys, "--store", str(sample_store), "search", query)
    assert (code, err) == (0, "")


def test_search_human_output_and_limit(
    capsys: pytest.CaptureFixture[str], sample_store: Path
) -> None:
    code, out, _ = run(capsys, "--store", str(sample_store), "search", "Asadov", "--limit", "2")
    lines = out.splitlines()
    assert code == 0
    assert lines[0].split() == ["KIND", "TITLE", "ID"]
    hit_lines = [line for line in lines[1:] if not line.startswith(" ")]
    snippet_lines = [line for line in lines[1:] if line.startswith(" ")]
    assert len(hit_lines) == 2 and len(snippet_lines) == 2
    assert any("Sameddin F. Asadov" in line for line in hit_lines)
    assert "\033[" not in out  # no colour codes when stdout is not a terminal

    code, out, _ = run(capsys, "--store", str(sample_store), "search", "zzyzx")
    assert code == 0 and out.strip() == 'No matches for "zzyzx".'


def test_search_highlights_on_a_terminal(
    capsys: pytest.CaptureFixture[str], sample_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli_support, "is_terminal", lambda: True)
    out = run(capsys, "--store", str(sample_store), "search", "Əsədov", "--limit", "1")[1]
    assert "\033[1mƏsədov\033[0m" in out
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\033[" not in run(capsys, "--store", str(sample_store), "search", "Əsədov")[1]


# --- refusals -----------------------------------------------------------------------------


def test_unknown_book_is_one_line_exit_1(
    capsys: pytest.CaptureFixture[str], sample_store: Path, tmp_path: Path
) -> None:
    before = digest(sample_store)
    out_file = tmp_path / "x.bbk"
    code, out, err = run(
        capsys, "--store", str(sample_store), "bundle", "No such book", "--output", str(out_file)
    )
    assert (code, out) == (1, "")
    assert_one_line_error(err, "No such book", "briefbook books")
    assert not out_file.exists()
    assert digest(sample_store) == before


def test_commands_that_need_a_store_refuse_a_missing_one(
    capsys: pytest.CaptureFixture[str], store_path: Path, tmp_path: Path
) -> None:
    for argv in (
        ["check"],
        ["backup", "--output", str(tmp_path / "b.sqlite")],
        ["bundle", "x", "--output", str(tmp_path / "x.bbk")],
    ):
        code, _, err = run(capsys, "--store", str(store_path), *argv)
        assert code == 1, argv
        assert_one_line_error(err, "no store at", "demo")
    assert not store_path.exists()


def _other_programs_db(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.execute("INSERT INTO recipes VALUES ('plov')")
    conn.commit()
    conn.close()


def _newer_store(path: Path) -> None:
    with Store.open(path):
        pass
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    conn.close()


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda p: p.write_bytes(bytes(range(256)) * 40), ["not a BriefBook store"]),
        (_other_programs_db, ["another program"]),
        (_newer_store, ["newer BriefBook"]),
    ],
    ids=["random-bytes", "foreign-sqlite", "newer-version"],
)
def test_refused_stores_are_left_byte_for_byte(
    capsys: pytest.CaptureFixture[str], store_path: Path, make: Any, words: list[str]
) -> None:
    make(store_path)
    before = digest(store_path)
    files_before = sorted(store_path.parent.iterdir())
    for argv in (["demo"], ["books"], ["search", "x"], ["check"], ["import", __file__]):
        code, out, err = run(capsys, "--store", str(store_path), *argv)
        assert (code, out) == (1, ""), argv
        assert_one_line_error(err, *words)
    assert digest(store_path) == before
    # No copy made aside and no new store. (SQLite's read-only probe of a WAL-mode file may
    # leave empty -wal/-shm sidecars; the file itself is what must not change.)
    files_after = [p for p in store_path.parent.iterdir() if not p.name.endswith(("-wal", "-shm"))]
    assert sorted(files_after) == files_before


def test_while_the_app_writes_reads_work_and_writes_are_refused(
    capsys: pytest.CaptureFixture[str], sample_store: Path, tmp_path: Path
) -> None:
    with Store.open(sample_store, lock="desktop"):
        assert run(capsys, "--store", str(sample_store), "books", "--json")[0] == 0
        assert run(capsys, "--store", str(sample_store), "search", "Asadov")[0] == 0
        backup = tmp_path / "while-open.sqlite"
        assert run(capsys, "--store", str(sample_store), "backup", "--output", str(backup))[0] == 0
        code, out, err = run(capsys, "--store", str(sample_store), "demo")
        assert (code, out) == (1, "")
        assert_one_line_error(err, "desktop")
    assert run(capsys, "--store", str(sample_store), "demo")[0] == 0  # lock released


def test_a_read_only_store_can_be_listed(
    capsys: pytest.CaptureFixture[str], sample_store: Path
) -> None:
    before = digest(sample_store)
    sample_store.chmod(0o444)
    try:
        code, out, _ = run(capsys, "--store", str(sample_store), "books", "--json")
        assert code == 0 and json.loads(out)[0]["id"] == SAMPLE_BOOK_ID
    finally:
        sample_store.chmod(0o644)
    assert digest(sample_store) == before


def test_store_that_is_a_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "--store", str(tmp_path), "demo")
    assert code == 1
    assert_one_line_error(err, "folder")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    code, _, err = run(capsys, "--store", str(blocker / "sub" / "s.sqlite"), "demo")
    assert code == 1
    assert_one_line_error(err, "Cannot create the folder")


def test_a_new_store_in_a_new_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    nested = tmp_path / "new" / "folders" / "store.sqlite"
    assert run(capsys, "--store", str(nested), "demo")[:2] == (0, SAMPLE_BOOK_ID + "\n")
    assert not (nested.parent / "store.sqlite.lock").exists()  # the lock went with the command


def test_os_error_message_names_the_file() -> None:
    error = PermissionError(13, "Permission denied", "/srv/x.bbk")
    assert cli_support.os_error_message(error) == "Cannot use /srv/x.bbk: Permission denied."
    assert cli_support.os_error_message(OSError("disk gone")) == "disk gone."


def test_os_error_from_a_command_is_one_line(
    capsys: pytest.CaptureFixture[str], sample_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: Any, **__: Any) -> None:
        raise PermissionError(13, "Permission denied", str(sample_store))

    monkeypatch.setattr(Store, "list_books", broken)
    code, _, err = run(capsys, "--store", str(sample_store), "books")
    assert code == 1
    assert_one_line_error(err, "Permission denied", str(sample_store))


def test_a_locked_store_is_one_line(
    capsys: pytest.CaptureFixture[str], sample_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def locked(*_: Any, **__: Any) -> None:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(Store, "list_books", locked)
    code, _, err = run(capsys, "--store", str(sample_store), "books")
    assert code == 1
    assert_one_line_error(err, "database is locked")


def test_programming_errors_are_not_hidden(
    sample_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def buggy(*_: Any, **__: Any) -> None:
        raise sqlite3.ProgrammingError("bug")

    monkeypatch.setattr(Store, "list_books", buggy)
    with pytest.raises(sqlite3.ProgrammingError):
        cli.main(["--store", str(sample_store), "books"])


# --- bundle, import -----------------------------------------------------------------------


def test_bundle_then_import_into_an_empty_store(
    capsys: pytest.CaptureFixture[str], sample_store: Path, tmp_path: Path
) -> None:
    bundle = tmp_path / "trip.bbk"
    code, out, _ = run(
        capsys, "--store", str(sample_store), "bundle", SAMPLE_TITLE, "--output", str(bundle)
    )
    assert code == 0 and out.strip() == str(bundle)
    empty = tmp_path / "empty.sqlite"
    assert run(capsys, "--store", str(empty), "import", str(bundle)) == (
        0,
        SAMPLE_BOOK_ID + "\n",
        "",
    )
    with Store.open(sample_store) as one, Store.open(empty) as two:
        a, b = one.load_book_content(SAMPLE_BOOK_ID), two.load_book_content(SAMPLE_BOOK_ID)
    assert a.book == b.book
    assert a.sections == b.sections and a.notes == b.notes and a.meetings == b.meetings
    assert a.participants == b.participants and a.images.keys() == b.images.keys()


def test_bad_bundles_are_refused_and_the_store_unchanged(
    capsys: pytest.CaptureFixture[str], sample_store: Path, tmp_path: Path
) -> None:
    before = digest(sample_store)
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps({"format": "briefbook-bundle", "version": 99, "book": {}}))
    untitled = tmp_path / "untitled.json"
    untitled.write_text(json.dumps({"format": "briefbook-bundle", "version": 1, "book": {}}))
    garbage = tmp_path / "garbage.bbk"
    garbage.write_bytes(b"PK\x03\x04 not really a zip")
    for path, words in (
        (newer, ["newer"]),
        (untitled, ["title"]),
        (garbage, ["refused"]),
        (tmp_path / "missing.bbk", ["does not exist"]),
        (tmp_path, ["not a file"]),
    ):
        code, out, err = run(capsys, "--store", str(sample_store), "import", str(path))
        assert (code, out) == (1, ""), path
        assert_one_line_error(err, *words)
    assert digest(sample_store) == before


def test_bundle_to_an_unwritable_place(
    capsys: pytest.CaptureFixture[str], sample_store: Path, tmp_path: Path
) -> None:
    for target in (tmp_path / "no" / "such" / "x.bbk", tmp_path):
        code, _, err = run(
            capsys, "--store", str(sample_store), "bundle", SAMPLE_BOOK_ID, "--output", str(target)
        )
        assert code == 1
        assert_one_line_error(err)


def test_bundles_unavailable_is_one_line(
    capsys: pytest.CaptureFixture[str],
    sample_store: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "app.bundle", None)
    code, _, err = run(capsys, "--store", str(sample_store), "import", str(tmp_path / "a.bbk"))
    assert code == 1
    assert_one_line_error(err, "not available")


# --- backup -------------------------------------------------------------------------------


def test_backup_is_an_openable_copy(
    capsys: pytest.CaptureFixture[str], sample_store: Path, tmp_path: Path
) -> None:
    target = tmp_path / "copy.sqlite"
    assert run(capsys, "--store", str(sample_store), "backup", "--output", str(target)) == (
        0,
        f"{target}\n",
        "",
    )
    with Store.open(target) as copy, Store.open(sample_store) as original:
        assert copy.list_books() == original.list_books()
        assert copy.integrity_problems() == []
        assert copy.search("Əsədov")


def test_backup_refuses_the_store_itself_and_missing_folders(
    capsys: pytest.CaptureFixture[str], sample_store: Path, tmp_path: Path
) -> None:
    before = digest(sample_store)
    for target in (sample_store, tmp_path / "gone" / "b.sqlite", tmp_path):
        code, _, err = run(capsys, "--store", str(sample_store), "backup", "--output", str(target))
        assert code == 1, target
        assert_one_line_error(err)
    assert digest(sample_store) == before


def test_backup_shows_progress_only_on_a_terminal(
    capsys: pytest.CaptureFixture[str],
    sample_store: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(cli_support, "is_terminal", lambda: True)
    code, out, _ = run(
        capsys, "--store", str(sample_store), "backup", "--output", str(tmp_path / "b.sqlite")
    )
    assert code == 0
    assert "Backing up 100%" in out and "\r" in out
    assert out.rstrip().endswith(str(tmp_path / "b.sqlite"))


def test_import_says_it_is_busy_only_on_a_terminal(
    capsys: pytest.CaptureFixture[str],
    sample_store: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bundle = tmp_path / "trip.bbk"
    assert (
        run(
            capsys, "--store", str(sample_store), "bundle", SAMPLE_BOOK_ID, "--output", str(bundle)
        )[0]
        == 0
    )
    target = tmp_path / "other.sqlite"
    assert run(capsys, "--store", str(target), "import", str(bundle))[1] == SAMPLE_BOOK_ID + "\n"
    monkeypatch.setattr(cli_support, "is_terminal", lambda: True)
    out = run(capsys, "--store", str(target), "import", str(bundle))[1]
    assert out.startswith("\rImporting trip.bbk…")
    assert out.split("\r")[-1] == SAMPLE_BOOK_ID + "\n"


# --- export -------------------------------------------------------------------------------


def test_export_calls_the_exporter_and_prints_the_file(
    capsys: pytest.CaptureFixture[str], sample_store: Path, tmp_path: Path, fake_module: Any
) -> None:
    calls: list[tuple[str, str, Path, str, bool]] = []

    def export_book(
        store: Store,
        book_id: str,
        fmt: str,
        output: Path,
        handout: bool = False,
        *,
        edition: Edition,
        draft: bool,
        exported: Any,
        style: str | None = None,
    ) -> Iterator[float]:
        assert style is None  # no --style: the book's own style applies
        calls.append((book_id, fmt, output, edition.value, draft))
        yield 0.0
        output.write_bytes(b"%PDF-fake")
        yield 1.0

    fake_module("exports.api", export_book=export_book)
    target = tmp_path / "book.pdf"
    argv = ["--store", str(sample_store), "export", SAMPLE_TITLE, "--format", "PDF"]
    assert run(capsys, *argv, "--output", str(target)) == (0, f"{target}\n", "")
    assert run(capsys, *argv, "--output", str(target), "--handout")[0] == 0
    assert run(capsys, *argv, "--output", str(target), "--edition", "review")[0] == 0
    assert run(capsys, *argv, "--output", str(target), "--watermark", "draft")[0] == 0
    assert calls == [
        (SAMPLE_BOOK_ID, "pdf", target, "full", False),
        (SAMPLE_BOOK_ID, "pdf", target, "handout", False),
        (SAMPLE_BOOK_ID, "pdf", target, "review", False),
        (SAMPLE_BOOK_ID, "pdf", target, "full", True),
    ]


def test_export_progress_on_a_terminal(
    capsys: pytest.CaptureFixture[str],
    sample_store: Path,
    tmp_path: Path,
    fake_module: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def export_book(*_: Any, **__: Any) -> Iterator[float]:
        yield from (0.0, 0.5, 1.0)

    fake_module("exports.api", export_book=export_book)
    monkeypatch.setattr(cli_support, "is_terminal", lambda: True)
    out = run(
        capsys,
        *("--store", str(sample_store), "export", SAMPLE_BOOK_ID, "--format", "docx"),
        *("--output", str(tmp_path / "b.docx")),
    )[1]
    assert " 50%" in out and "100%" in out
    assert out.split("\r")[-1] == f"{tmp_path / 'b.docx'}\n"  # the progress line was cleared


def test_export_failure_and_absence_are_one_line(
    capsys: pytest.CaptureFixture[str],
    sample_store: Path,
    tmp_path: Path,
    fake_module: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def export_book(*_: Any, **__: Any) -> Iterator[float]:
        yield 0.1
        raise ExportFailed("Could not write /x.pdf: the disk is full.")

    fake_module("exports.api", export_book=export_book)
    argv = ["--store", str(sample_store), "export", SAMPLE_BOOK_ID, "--format", "pdf"]
    code, out, err = run(capsys, *argv, "--output", str(tmp_path / "x.pdf"))
    assert (code, out) == (1, "")
    assert_one_line_error(err, "the disk is full")

    monkeypatch.setitem(sys.modules, "exports.api", None)
    code, _, err = run(capsys, *argv, "--output", str(tmp_path / "x.pdf"))
    assert code == 1
    assert_one_line_error(err, "not available")

    code, _, err = run(capsys, *argv[:3], "Nope", *argv[4:], "--output", str(tmp_path / "x.pdf"))
    assert code == 1


# --- check --------------------------------------------------------------------------------


def test_check_groups_preflight_problems_per_book(
    capsys: pytest.CaptureFixture[str], sample_store: Path, fake_module: Any
) -> None:
    problem = types.SimpleNamespace
    seen: list[str] = []

    def run_preflight(
        content: Any, today: date | None = None, spelling: Any = None, review: Any = None
    ) -> list[Any]:
        seen.append(content.book.id)
        return [
            problem(severity="warning", message="Carl B. Kress has no photo.", kind="person"),
            problem(severity="error", message="Two meetings overlap.", kind="meeting"),
        ]

    fake_module("app.preflight", run_preflight=run_preflight)
    code, out, err = run(capsys, "--store", str(sample_store), "check")
    assert (code, err) == (0, "")
    assert seen == [SAMPLE_BOOK_ID]
    lines = out.splitlines()
    assert "integrity check passed" in lines[0]
    heading = lines.index(f"{SAMPLE_TITLE} ({SAMPLE_BOOK_ID})")
    assert lines[heading + 1].split(None, 1) == ["warning", "Carl B. Kress has no photo."]
    assert lines[heading + 2].split(None, 1) == ["error", "Two meetings overlap."]
    assert lines[-1] == "1 book(s) checked: 1 error(s), 1 warning(s), 0 misspelling(s)."


def test_check_with_the_real_preflight_lists_warnings_per_book_and_exits_0(
    capsys: pytest.CaptureFixture[str], sample_store: Path
) -> None:
    from app.domain import Book

    with Store.open(sample_store) as store:
        draft = store.save_book(Book(title="Draft trip"))
        store.add_section(draft.id, "Situation", "")
    code, out, err = run(capsys, "--store", str(sample_store), "check")
    assert (code, err) == (0, "")
    draft_block = out.split(f"Draft trip ({draft.id})")[1].split("\n\n")[0]
    warnings = [line for line in draft_block.splitlines() if line.startswith("  warning")]
    assert len(warnings) >= 2  # at least: no marking, an empty section
    assert any("Situation" in line for line in warnings)
    assert "2 book(s) checked" in out


def test_check_without_preflight_still_checks_the_store(
    capsys: pytest.CaptureFixture[str], sample_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "app.preflight", None)
    code, out, _ = run(capsys, "--store", str(sample_store), "check")
    assert code == 0
    assert "integrity check passed" in out and "not available" in out


def test_check_fails_on_integrity_problems(
    capsys: pytest.CaptureFixture[str], sample_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Store, "integrity_problems", lambda self: ["page 7 is never used"])
    code, out, err = run(capsys, "--store", str(sample_store), "check")
    assert code == 1
    assert "page 7 is never used" in out
    assert_one_line_error(err, "integrity", "backup")


# --- gui ----------------------------------------------------------------------------------


@pytest.fixture
def gui_calls(fake_module: Any) -> list[tuple[Path, Path | None]]:
    calls: list[tuple[Path, Path | None]] = []

    def run_gui(store_path: Path, open_file: Path | None) -> int:
        calls.append((store_path, open_file))
        return 0

    fake_module("ui.session.startup", run_gui=run_gui)
    return calls


def test_no_command_opens_the_app_on_the_store(
    capsys: pytest.CaptureFixture[str], store_path: Path, gui_calls: list[Any]
) -> None:
    assert run(capsys, "--store", str(store_path))[0] == 0
    assert run(capsys, "--store", str(store_path), "gui")[0] == 0
    assert gui_calls == [(store_path, None), (store_path, None)]
    # The app opens or creates the store itself (with its dialogs); the CLI leaves it alone.
    assert not store_path.exists()


def test_the_app_gets_the_default_store(
    capsys: pytest.CaptureFixture[str], isolated_home: Path, gui_calls: list[Any]
) -> None:
    assert run(capsys)[0] == 0
    assert gui_calls == [(isolated_home / "xdg_data_home" / "BriefBook" / "briefbook.sqlite", None)]


def test_a_bare_bundle_path_opens_the_app_on_it(
    capsys: pytest.CaptureFixture[str], store_path: Path, tmp_path: Path, gui_calls: list[Any]
) -> None:
    bundle = tmp_path / "Trip.BBK"
    bundle.write_bytes(b"PK")
    document = tmp_path / "trip.json"
    document.write_text("{}")
    assert run(capsys, "--store", str(store_path), str(bundle))[0] == 0
    assert run(capsys, str(document), "--store", str(store_path))[0] == 0  # options after
    assert run(capsys, "--store", str(store_path), "gui", str(bundle))[0] == 0
    assert gui_calls == [(store_path, bundle), (store_path, document), (store_path, bundle)]

    code, _, err = run(capsys, "--store", str(store_path), str(tmp_path / "gone.bbk"))
    assert code == 1
    assert_one_line_error(err, "gone.bbk")
    assert len(gui_calls) == 3


def test_gui_unavailable_is_one_line(
    capsys: pytest.CaptureFixture[str], store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "ui.session.startup", None)
    code, out, err = run(capsys, "--store", str(store_path))
    assert (code, out) == (1, "")
    assert_one_line_error(err, "desktop app is not available")
    assert not store_path.exists()


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["trip.bbk"], ["gui", "trip.bbk"]),
        (["--store", "s.bbk", "books"], ["--store", "s.bbk", "books"]),
        (["--store=s.sqlite", "t.JSON"], ["--store=s.sqlite", "gui", "t.JSON"]),
        (["books"], ["books"]),
        (["import", "t.bbk"], ["import", "t.bbk"]),
        (["notes.txt"], ["notes.txt"]),
        ([], []),
    ],
)
def test_route_bare_file(argv: list[str], expected: list[str]) -> None:
    assert cli._route_bare_file(argv) == expected


# --- helpers ------------------------------------------------------------------------------


def test_table_aligns_wide_characters() -> None:
    lines = cli_support.table(["A", "B"], [["東京", "x"], ["ab", "y"]])
    assert lines == ["A     B", "東京  x", "ab    y"]


def test_json_is_ascii_when_the_console_cannot_encode(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli_support, "stdout_is_utf8", lambda: False)
    cli_support.print_json(["Əsədov"])
    assert json.loads(capsys.readouterr().out) == ["Əsədov"]
    assert APPLICATION_ID  # the schema constant the refusal tests rely on


def test_check_lists_each_planted_typo_with_its_section_and_line(
    capsys: pytest.CaptureFixture[str], sample_store: Path
) -> None:
    with Store.open(sample_store) as store:
        section = store.list_sections(SAMPLE_BOOK_ID)[0]
        section.body += "\n\nThe goverment will recieve Mammadov and adress the Əsədov file.\n"
        store.save_section(section)
        line = section.body.count("\n", 0, section.body.index("goverment")) + 1
    code, out, err = run(capsys, "--store", str(sample_store), "check")
    assert (code, err) == (0, "")
    spelling = [
        line.split(None, 1)[1] for line in out.splitlines() if line.startswith("  spelling")
    ]
    where = f"Section “{section.title}”, line {line}"
    assert spelling == [
        f"{where}: “goverment”",
        f"{where}: “recieve”",
        f"{where}: “adress”",
    ]
    assert out.splitlines()[-1].endswith(", 3 misspelling(s).")


def test_check_names_characters_no_bundled_font_draws(
    capsys: pytest.CaptureFixture[str], sample_store: Path
) -> None:
    from app.domain import Book

    with Store.open(sample_store) as store:
        store.save_book(Book(title="Visit to Kankan ߒߞߏ", marking="UNCLASSIFIED"))
    code, out, err = run(capsys, "--store", str(sample_store), "check")
    assert (code, err) == (0, "")
    line = next(line for line in out.splitlines() if "U+07D2" in line)
    assert line.split(None, 1)[0] == "warning"
    assert "the title has" in line and "U+07D2 NKO LETTER N" in line
