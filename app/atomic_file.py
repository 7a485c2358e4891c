"""Writing a file whole or not at all: beside the target, flushed to disk, moved into place;
and flushing a file, or a folder's entries (a rename), to disk.

A failure never leaves a half-written file and never destroys the previous one. (The export
writers have their own, richer version in ``exports.atomic``; ``app/`` cannot import it.)
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from app.errors import ExportFailed


def write_atomically(output: Path, write: Callable[[BinaryIO], object], what: str) -> Path:
    """Call ``write`` with an open temporary file beside ``output``, then move it into place.

    ``what`` names the file in the one-sentence ``ExportFailed`` ("the bundle", "the style
    file") raised when the disk refuses.
    """
    output = Path(output)
    temporary: str | None = None
    try:
        handle, temporary = tempfile.mkstemp(
            dir=output.parent, prefix=f".{output.name}.", suffix=".tmp"
        )
        with os.fdopen(handle, "wb") as raw:
            write(raw)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(temporary, output)
    except OSError as error:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        reason = error.strerror or str(error)
        raise ExportFailed(f"Could not write {what} {output}: {reason}.") from error
    return output


def fsync_file(path: Path) -> None:
    """Flush ``path``'s content to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_folder(folder: Path) -> None:
    """Flush ``folder``'s entries, so that a rename inside it survives a power cut (POSIX only:
    Windows cannot open a folder for this, and NTFS journals its metadata)."""
    if os.name == "posix":
        fsync_file(folder)
