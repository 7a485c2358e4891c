"""Thousands of signal emits must not wear out True's reference count (PySide6 6.12 bug)."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QObject, Signal

from ui.session import workarounds
from ui.session.workarounds import booleans_need_keeping, keep_booleans_alive


class _Emitter(QObject):
    ping = Signal()


# At most one reference lost per call, so the guard's headroom counts calls. Threads left
# running by earlier tests (a worker finishing its last emit) lose their own while the loop runs
# (CI saw 20,001 once), hence the slack: a bug that lost two per call would still fail by 20,000.
_OTHER_THREADS_SLACK = 200


def test_many_emits_leave_true_alive(qapp: object) -> None:
    emitter = _Emitter()
    before = sys.getrefcount(True)
    for _ in range(20_000):  # more emits than True's natural reference count
        emitter.ping.emit()
    assert sys.getrefcount(True) > 1_000_000 or sys.version_info >= (3, 12)
    assert before - sys.getrefcount(True) <= 20_000 + _OTHER_THREADS_SLACK


def test_many_calls_that_return_nothing_leave_none_alive(qapp: object) -> None:
    from PySide6.QtWidgets import QLineEdit

    edit = QLineEdit()
    before = sys.getrefcount(None)
    for step in range(20_000):  # each lost a reference to None in PySide6 6.12
        edit.setReadOnly(step % 2 == 0)
    assert sys.getrefcount(None) > 1_000_000 or sys.version_info >= (3, 12)
    assert before - sys.getrefcount(None) <= 20_000 + _OTHER_THREADS_SLACK


def test_only_needed_before_python_3_12() -> None:
    if sys.version_info >= (3, 12):
        assert keep_booleans_alive() is False
    else:
        assert keep_booleans_alive() is True  # the test conftest put the guard in place
        assert sys.getrefcount(True) > 1 << 40


def test_the_version_check_retires_the_guard(monkeypatch: pytest.MonkeyPatch) -> None:
    assert booleans_need_keeping((3, 11), "CPython", (6, 12, 0))
    assert not booleans_need_keeping((3, 12), "CPython", (6, 12, 0))
    assert not booleans_need_keeping((3, 11), "PyPy", (6, 12, 0))
    monkeypatch.setattr(workarounds, "FIXED_IN_PYSIDE", (6, 13))
    assert booleans_need_keeping((3, 11), "CPython", (6, 12, 1))
    assert not booleans_need_keeping((3, 11), "CPython", (6, 13, 0))


@pytest.mark.skipif(not booleans_need_keeping(), reason="the guard is retired here")
def test_the_reproduction_still_loses_references(qapp: object) -> None:
    """Fails on the first PySide6 that fixes the bug: then set FIXED_IN_PYSIDE to retire it."""
    emitter = _Emitter()
    before = sys.getrefcount(True)
    for _ in range(1000):
        emitter.ping.emit()
    lost = before - sys.getrefcount(True)
    assert lost >= 900, (
        f"PySide6 {workarounds.pyside_version()} no longer loses references to True: "
        "set FIXED_IN_PYSIDE in ui/session/workarounds.py to this version"
    )
