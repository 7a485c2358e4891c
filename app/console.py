"""Standard streams for the console-less (windowed) executable on Windows.

A windowed Windows program starts with ``sys.stdout`` and ``sys.stderr`` set to ``None``: a
command such as ``briefbook.exe books`` typed in a terminal would print nothing, and code that
writes to a stream would raise. When a command is asked for, the program joins the console of the
terminal that started it so its output and errors appear there; with no such console (started
from Explorer or a shortcut) the missing streams are sent to the null device, so the command
still runs and its exit status is still returned. ``briefbook-cli.exe`` is the console build for
scripts: a terminal waits for it to finish.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Sequence
from typing import TextIO

_PRINTING_OPTIONS = frozenset({"-h", "--help", "--version"})


def wants_console(argv: Sequence[str]) -> bool:
    """True when ``argv`` asks for a command whose output someone will read.

    The commands come from the CLI's command table (``Subcommand.prints``), so a new command
    cannot be forgotten here.
    """
    from app.cli import PRINTING_COMMANDS

    return any(argument in _PRINTING_OPTIONS | PRINTING_COMMANDS for argument in argv)


def _attach_parent_console() -> bool:
    """Join the console of the terminal that started this process (Windows only)."""
    if sys.platform != "win32":
        return False
    import ctypes

    attach_parent_process = -1
    return bool(ctypes.windll.kernel32.AttachConsole(attach_parent_process))


def _open_console() -> TextIO | None:
    with contextlib.suppress(OSError):
        return open("CONOUT$", "w", encoding="utf-8", errors="replace", buffering=1)
    return None


def ensure_standard_streams(argv: Sequence[str] | None = None) -> None:
    """Give a windowed process usable ``sys.stdout``/``sys.stderr`` (a no-op when it has them)."""
    if sys.stdout is not None and sys.stderr is not None:
        return
    arguments = sys.argv[1:] if argv is None else argv
    stream: TextIO | None = None
    if wants_console(arguments) and _attach_parent_console():
        stream = _open_console()
    if stream is None:
        # Nowhere to show text: discard it rather than fail on the first print or progress line.
        stream = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    if sys.stdout is None:
        sys.stdout = stream
    if sys.stderr is None:
        sys.stderr = stream


def run(argv: Sequence[str] | None = None) -> int:
    """``briefbook`` with working streams: ``python -m app`` and the frozen executables."""
    ensure_standard_streams(argv)
    from app.cli import main

    return main(None if argv is None else list(argv))
