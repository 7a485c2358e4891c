"""What the CLI's command handlers share: printing, tables, JSON, progress, the store.

Output goes to ``sys.stdout`` as it is at the time of the call (a test or the windowed build may
replace it); progress is shown only on a terminal.
"""

from __future__ import annotations

import contextlib
import json
import sys
import unicodedata
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from app.errors import StoreRefused
from app.schema import LATEST_VERSION
from app.store import Store
from app.store_file import inspect_file


def is_terminal() -> bool:
    """True when stdout is a terminal (progress and colour are shown only there)."""
    # A console-less frozen app has no stdout at all.
    return sys.stdout is not None and sys.stdout.isatty()


def stdout_is_utf8() -> bool:
    """True when stdout encodes UTF-8 (else JSON escapes non-ASCII characters)."""
    encoding = getattr(sys.stdout, "encoding", None) or ""
    return encoding.lower().replace("-", "") == "utf8"


def say(text: str = "") -> None:
    """Print a line for people on stdout."""
    print(text, file=sys.stdout)


def print_error(message: str) -> int:
    """Print ``message`` as the one-sentence error on stderr; the exit status 1."""
    print(f"briefbook: {message}", file=sys.stderr)
    return 1


def display_width(text: str) -> int:
    """Columns ``text`` takes on a terminal: wide East Asian characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Rows as left-aligned columns two spaces apart (the last column is not padded)."""
    widths = [display_width(title) for title in header]
    for row in rows:
        widths = [max(width, display_width(cell)) for width, cell in zip(widths, row, strict=True)]
    lines = []
    for row in [header, *rows]:
        cells = [
            cell + " " * (width - display_width(cell))
            for cell, width in zip(row[:-1], widths, strict=False)
        ]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    return lines


def print_json(value: Any) -> None:
    """Print ``value`` as indented JSON on stdout."""
    # ASCII escapes keep the JSON valid on a console that cannot encode every character.
    say(json.dumps(value, ensure_ascii=not stdout_is_utf8(), indent=2))


def os_error_message(error: OSError) -> str:
    """A sentence for an ``OSError``: its reason and, when known, the file."""
    reason = error.strerror or str(error) or type(error).__name__
    if error.filename is not None:
        return f"Cannot use {error.filename}: {reason}."
    return f"{reason}."


class Progress:
    """A one-line percentage on a terminal; silent when stdout is a pipe or a file."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.enabled = is_terminal()
        self.shown = False

    def update(self, fraction: float) -> None:
        if not self.enabled:
            return
        percent = int(max(0.0, min(1.0, fraction)) * 100)
        sys.stdout.write(f"\r{self.label} {percent:3d}%")
        sys.stdout.flush()
        self.shown = True

    def busy(self) -> None:
        """Say the work is under way when there is no fraction to report."""
        if self.enabled:
            sys.stdout.write(f"\r{self.label}…")
            sys.stdout.flush()
            self.shown = True

    def clear(self) -> None:
        if self.enabled and self.shown:
            sys.stdout.write("\r" + " " * (display_width(self.label) + 5) + "\r")
            sys.stdout.flush()
            self.shown = False

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.clear()


@contextlib.contextmanager
def open_store(path: Path, *, write: bool = False, must_exist: bool = False) -> Iterator[Store]:
    """Open the store for one command and always close it.

    A command that writes takes the writer lock, so it is refused (naming the other process)
    while the desktop app has the store open. A command that only reads opens the store
    read-only, which works alongside the app and cannot change the file.
    """
    if must_exist and not path.exists():
        raise StoreRefused(
            f"There is no store at {path}; `briefbook --store {path} demo` creates one "
            "with the sample book."
        )
    if write or inspect_file(path) != LATEST_VERSION:
        # An empty or older store must be prepared first, which is a write. On a first run
        # the user data folder does not exist yet, and the writer lock file goes beside it.
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            reason = error.strerror or str(error)
            raise StoreRefused(f"Cannot create the folder {path.parent}: {reason}.") from error
        store = Store.open(path, lock="cli")
    else:
        store = Store.open(path, read_only=True)
    try:
        yield store
    finally:
        store.close()


def same_file(first: Path, second: Path) -> bool:
    """True when both paths name the same file (also when either does not exist yet)."""
    with contextlib.suppress(OSError):
        if first.exists() and second.exists():
            return first.samefile(second)
    return first.resolve() == second.resolve()
