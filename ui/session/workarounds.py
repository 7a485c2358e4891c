"""Work around a PySide6 reference-counting bug that would abort the app on Python 3.11.

``SignalInstance.emit()`` in PySide6 6.12 returns ``True`` without taking a reference to it, so
every ``emit()`` made from Python lowers ``True``'s reference count by one. From Python 3.12 on
``True`` and ``False`` are immortal and nothing happens; on 3.11, after a few thousand emits
(an afternoon of autosaves) the count reaches zero and Python aborts with "bool_dealloc:
deallocating True or False" — the window vanishes. Giving both objects a huge reference count
once at start-up keeps them alive for any realistic session, at no cost.

Calls of methods that return nothing (``setEnabled``, ``setReadOnly``, ``findChild`` finding
nothing...) lose a reference to ``None`` the same way ("none_dealloc: deallocating None"), so
``None`` gets the same headroom.
"""

from __future__ import annotations

import ctypes
import platform
import sys

# Headroom of 2**50 lost references: far more emits than a session could ever make.
_HEADROOM = 1 << 50


def keep_booleans_alive() -> bool:
    """Raise the reference counts of ``True``, ``False`` and ``None`` where they are not immortal.

    Returns True when the counts were raised (CPython before 3.12).
    """
    if sys.version_info >= (3, 12) or platform.python_implementation() != "CPython":
        return False
    for value in (True, False, None):
        # In CPython the reference count is the first field (Py_ssize_t) of every object.
        ctypes.c_ssize_t.from_address(id(value)).value += _HEADROOM
    return True
