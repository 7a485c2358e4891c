"""Workarounds for bugs in the libraries BriefBook runs on.

Each one names its upstream bug, or its reproduction when none is filed, and carries a version
check that retires it. Nothing here runs at import: start-up calls what is needed
(``ui.session.startup.run_gui``), and so does the test suite (``tests/conftest.py``).

True, False and None lose references in PySide6 on Python 3.11
----------------------------------------------------------------

``SignalInstance.emit()`` in PySide6 6.12 returns ``True`` without taking a reference to it, so
every ``emit()`` made from Python lowers ``True``'s reference count by one. From Python 3.12 on
``True`` and ``False`` are immortal and nothing happens; on 3.11, after a few thousand emits
(an afternoon of autosaves) the count reaches zero and Python aborts with "bool_dealloc:
deallocating True or False" — the window vanishes. Calls of methods that return nothing
(``setEnabled``, ``setReadOnly``, ``findChild`` finding nothing...) lose a reference to ``None``
the same way ("none_dealloc: deallocating None"). Giving all three a huge reference count once
at start-up keeps them alive for any realistic session, at no cost.

- Upstream: no report found in Qt's tracker (PYSIDE) when this was written.
- Reproduction: 1,000 ``emit()`` of a ``Signal()`` on Python 3.11 with PySide6 6.12.0 abort
  Python; ``tests/ui/session/test_workarounds.py`` measures the loss with the guard in place
  and fails once a PySide6 release stops losing references.
- Retired by: Python 3.12 (immortal objects), or ``FIXED_IN_PYSIDE`` once set.
"""

from __future__ import annotations

import ctypes
import platform
import sys

# Headroom of 2**50 lost references: far more emits than a session could ever make.
_HEADROOM = 1 << 50
# The first PySide6 release that no longer loses the references; None while none is known.
FIXED_IN_PYSIDE: tuple[int, ...] | None = None


def pyside_version() -> tuple[int, ...]:
    """PySide6's version as numbers, such as ``(6, 12, 0)``."""
    import PySide6

    return tuple(int(part) for part in PySide6.__version__.split(".")[:3] if part.isdigit())


def booleans_need_keeping(
    python: tuple[int, int] | None = None,
    implementation: str | None = None,
    pyside: tuple[int, ...] | None = None,
) -> bool:
    """Whether this Python and PySide6 need ``keep_booleans_alive`` (arguments: for tests)."""
    python = python or (sys.version_info.major, sys.version_info.minor)
    implementation = implementation or platform.python_implementation()
    if implementation != "CPython" or python >= (3, 12):
        return False
    if FIXED_IN_PYSIDE is None:
        return True
    return (pyside or pyside_version()) < FIXED_IN_PYSIDE


def keep_booleans_alive() -> bool:
    """Raise the reference counts of ``True``, ``False`` and ``None`` where they need it.

    Returns True when the guard is in place (raised now or by an earlier call); the counts are
    raised once however often it is called.
    """
    if sys.getrefcount(True) > _HEADROOM:
        return True  # raised by an earlier call
    if not booleans_need_keeping():
        return False
    for value in (True, False, None):
        # In CPython the reference count is the first field (Py_ssize_t) of every object.
        ctypes.c_ssize_t.from_address(id(value)).value += _HEADROOM
    return True
