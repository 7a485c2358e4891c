"""Write a file beside its target, then move it into place in one step.

A failed or cancelled export must never leave half a file, nor destroy the previous one: the
writer fills a temporary file in the target's own folder (so the final ``os.replace`` is an
atomic rename on the same file system) and only a finished file replaces the target.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from app.errors import ExportFailed


def check_target(target: Path) -> None:
    """Refuse, with a one-line message, a target that cannot be written."""
    if target.is_dir():
        raise ExportFailed(f"{target} is a folder; choose a file name to export to.")
    folder = target.parent
    if not folder.is_dir():
        raise ExportFailed(f"The folder {folder} does not exist; create it or choose another.")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ExportFailed(f"You do not have permission to write in {folder}.")
    if target.exists() and not os.access(target, os.W_OK):
        raise ExportFailed(
            f"{target} cannot be overwritten (it is read-only or open in another program)."
        )


def _os_error_message(target: Path, error: OSError) -> str:
    if error.errno in (errno.EACCES, errno.EPERM):
        return f"{target} cannot be written (no permission, or it is open in another program)."
    if error.errno == errno.ENOSPC:
        return f"There is not enough disk space to write {target}."
    if error.errno == errno.EROFS:
        return f"{target.parent} is on a read-only disk."
    if error.errno == errno.ENOENT:
        return f"The folder {target.parent} does not exist any more."
    if error.errno == errno.EISDIR:
        return f"{target} is a folder; choose a file name to export to."
    reason = error.strerror or type(error).__name__
    return f"{target} could not be written ({reason})."


class AtomicTarget:
    """A temporary file beside ``target``; ``commit()`` moves it into place, ``discard()``
    removes it. Use as a context manager: leaving without ``commit()`` discards."""

    def __init__(self, target: Path) -> None:
        self.target = target
        check_target(target)
        try:
            handle, name = tempfile.mkstemp(
                prefix=f".{target.name}.", suffix=".part", dir=target.parent
            )
        except OSError as error:
            raise ExportFailed(_os_error_message(target, error)) from error
        os.close(handle)
        self.temp = Path(name)
        self.committed = False

    def commit(self) -> None:
        """Replace the target with the finished temporary file."""
        try:
            # mkstemp makes owner-only files; an export is an ordinary document, and a
            # replaced file keeps the permissions it had.
            mode = self.target.stat().st_mode & 0o777 if self.target.exists() else 0o644
            os.chmod(self.temp, mode)
            os.replace(self.temp, self.target)
        except OSError as error:
            self.discard()
            raise ExportFailed(_os_error_message(self.target, error)) from error
        self.committed = True

    def discard(self) -> None:
        """Remove the temporary file; the target is left as it was."""
        with contextlib.suppress(FileNotFoundError):
            self.temp.unlink()

    def __enter__(self) -> AtomicTarget:
        return self

    def __exit__(self, *exc: object) -> None:
        if not self.committed:
            self.discard()


@contextlib.contextmanager
def atomic_target(target: Path) -> Iterator[AtomicTarget]:
    """``with atomic_target(path) as out: write(out.temp); out.commit()``."""
    with AtomicTarget(target) as out:
        yield out


def os_error_message(target: Path, error: OSError) -> str:
    """A one-line message for an ``OSError`` met while writing ``target``."""
    return _os_error_message(target, error)
