"""Uncaught exceptions: a private log without user text, and a dialog."""

from __future__ import annotations

import os
import stat
import sys
import threading
from pathlib import Path

import pytest

from app.errors import StoreWriteError
from ui.session.error_reporting import ErrorReporter, close_logging, setup_logging

SECRET = "Bio: the minister's private phone is 555-0100"


@pytest.fixture
def reporter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ErrorReporter:
    log_file = setup_logging(tmp_path / "logs")
    shown: list[str] = []
    reporter = ErrorReporter(log_file)
    monkeypatch.setattr(
        reporter, "show_dialog", lambda t, e: shown.append(reporter.message_for(t, e))
    )
    reporter.shown = shown  # type: ignore[attr-defined]
    yield reporter
    reporter.uninstall()
    close_logging()


def raise_and_report(reporter: ErrorReporter, error: BaseException) -> None:
    try:
        raise error
    except BaseException:
        reporter.handle(*sys.exc_info())  # type: ignore[arg-type]


def test_uncaught_error_is_logged_without_its_message_and_shown(reporter: ErrorReporter) -> None:
    raise_and_report(reporter, ValueError(SECRET))
    log = reporter.log_file.read_text(encoding="utf-8")
    assert "builtins.ValueError" in log
    assert "raise_and_report" in log  # the traceback is there
    assert SECRET not in log and "555-0100" not in log
    assert reporter.shown == [  # type: ignore[attr-defined]
        "BriefBook hit an unexpected problem (ValueError). What you saved before is safe; "
        "the last action may not have finished."
    ]


def test_user_errors_show_their_own_sentence(reporter: ErrorReporter) -> None:
    raise_and_report(reporter, StoreWriteError("Could not save: disk full."))
    assert reporter.shown == ["Could not save: disk full."]  # type: ignore[attr-defined]
    assert "disk full" not in reporter.log_file.read_text(encoding="utf-8")


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_log_folder_and_file_are_owner_only(reporter: ErrorReporter) -> None:
    raise_and_report(reporter, RuntimeError("x"))
    assert stat.S_IMODE(reporter.log_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(reporter.log_file.parent.stat().st_mode) == 0o700


def test_installed_hook_catches_thread_errors_without_a_dialog(reporter: ErrorReporter) -> None:
    reporter.install()
    assert sys.excepthook == reporter.handle

    def fail() -> None:
        raise KeyError(SECRET)

    thread = threading.Thread(target=fail)
    thread.start()
    thread.join()
    log = reporter.log_file.read_text(encoding="utf-8")
    assert "builtins.KeyError" in log and SECRET not in log
    assert reporter.shown == []  # type: ignore[attr-defined]
    reporter.uninstall()
    assert sys.excepthook is not reporter.handle


def test_a_failing_dialog_is_logged_not_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reporter = ErrorReporter(setup_logging(tmp_path / "logs"))

    def broken_dialog(*args: object) -> None:
        raise RuntimeError("dialog broke")

    monkeypatch.setattr(reporter, "show_dialog", broken_dialog)
    raise_and_report(reporter, ValueError("first"))
    log = reporter.log_file.read_text(encoding="utf-8")
    assert log.count("Uncaught") == 2
    close_logging()
