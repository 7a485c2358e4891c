"""Thousands of signal emits must not wear out True's reference count (PySide6 6.12 bug)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

import ui  # noqa: F401 - importing the package applies the workaround
from ui.session.workarounds import keep_booleans_alive


class _Emitter(QObject):
    ping = Signal()


def test_many_emits_leave_true_alive(qapp: object) -> None:
    emitter = _Emitter()
    before = sys.getrefcount(True)
    for _ in range(20_000):  # more emits than True's natural reference count
        emitter.ping.emit()
    assert sys.getrefcount(True) > 1_000_000 or sys.version_info >= (3, 12)
    assert before - sys.getrefcount(True) <= 20_000


def test_many_calls_that_return_nothing_leave_none_alive(qapp: object) -> None:
    from PySide6.QtWidgets import QLineEdit

    edit = QLineEdit()
    before = sys.getrefcount(None)
    for step in range(20_000):  # each lost a reference to None in PySide6 6.12
        edit.setReadOnly(step % 2 == 0)
    assert sys.getrefcount(None) > 1_000_000 or sys.version_info >= (3, 12)
    assert before - sys.getrefcount(None) <= 20_000


def test_only_needed_before_python_3_12() -> None:
    if sys.version_info >= (3, 12):
        assert keep_booleans_alive() is False
    else:
        assert sys.getrefcount(True) > 1 << 40
