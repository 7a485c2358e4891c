"""app/console.py: the windowed Windows build starts without stdout/stderr."""

from __future__ import annotations

import io
import sys

import pytest

from app import console


def test_streams_that_exist_are_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    console.ensure_standard_streams(["books"])
    assert sys.stdout is out and sys.stderr is err


def test_missing_streams_become_writable_when_there_is_no_console(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    monkeypatch.setattr(console, "_attach_parent_console", lambda: False)
    console.ensure_standard_streams(["books"])
    assert sys.stdout is not None and sys.stderr is not None
    # What the CLI does: print, write a progress line, report an error. None of it may raise.
    print("Səməddin", file=sys.stdout)
    sys.stdout.write("\rExporting 50%")
    sys.stdout.flush()
    print("briefbook: refused", file=sys.stderr)
    sys.stdout.close()


def test_a_parent_console_is_joined_only_for_commands_that_print(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    attached: list[bool] = []

    def attach() -> bool:
        attached.append(True)
        return False

    monkeypatch.setattr(console, "_attach_parent_console", attach)
    for argv, joins in (
        ([], False),
        (["trip.bbk"], False),
        (["gui", "trip.bbk"], False),
        (["--store", "s.sqlite", "books", "--json"], True),
        (["--version"], True),
        (["export", "Trip", "--format", "pdf", "--output", "x.pdf"], True),
    ):
        attached.clear()
        monkeypatch.setattr(sys, "stdout", None)
        monkeypatch.setattr(sys, "stderr", None)
        console.ensure_standard_streams(argv)
        assert bool(attached) is joins, argv
        assert console.wants_console(argv) is joins
        sys.stdout.close()


def test_run_passes_the_arguments_to_the_cli(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[str] | None] = []

    def main(argv: list[str] | None = None) -> int:
        calls.append(argv)
        return 7

    monkeypatch.setattr("app.cli.main", main)
    assert console.run(["books"]) == 7
    assert calls == [["books"]]


def test_every_command_that_prints_joins_the_console() -> None:
    """The printing commands come from the CLI's command table: none can be forgotten.

    A hand-copied list once lacked `backups` and `restore`, so in the windowed Windows build
    `briefbook backups` typed in a terminal printed nothing.
    """
    from app.cli import COMMANDS

    for command in COMMANDS:
        assert console.wants_console([command]) is (command != "gui"), command
    assert console.wants_console(["--store", "s.sqlite", "backups", "--json"])
    assert console.wants_console(["restore", "latest"])
