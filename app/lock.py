"""One writer per store: a lock file beside the store, held with an operating-system lock.

The lock file (``<store>.lock``) records who holds it (program kind, user, process, host, start
time) so a refused second writer can name the other process. The lock itself is an OS lock on
that file (``fcntl.flock`` on POSIX, ``msvcrt.locking`` on Windows), which the operating system
releases when the holding process dies. A lock file left behind by a crash therefore holds no
lock and is simply taken over by the next writer: nothing to clean up by hand.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import socket
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.errors import StoreLocked, StoreRefused

LOCK_SUFFIX = ".lock"
APP_KINDS = ("desktop", "cli")
# Windows locks byte ranges and a locked range cannot be read by others, so the lock sits on a
# byte far past the owner details that a refused process needs to read.
_WINDOWS_LOCK_OFFSET = 0x7FFF0000


def lock_path_for(store_path: Path) -> Path:
    """The lock file that guards writes to ``store_path``."""
    return store_path.with_name(store_path.name + LOCK_SUFFIX)


@dataclass(frozen=True)
class LockOwner:
    """Who holds (or last held) a store's writer lock."""

    kind: str
    user: str
    pid: int
    host: str
    since: str  # local time, ISO 8601

    def describe(self) -> str:
        """Plain words for a message: "BriefBook (desktop) — user ann, process 12 on host pc..."."""
        try:
            since = datetime.fromisoformat(self.since).strftime("%H:%M")
        except ValueError:
            since = self.since or "an unknown time"
        return (
            f"BriefBook ({self.kind}) — user {self.user}, process {self.pid} on host "
            f"{self.host}, since {since}"
        )


def _current_owner(kind: str) -> LockOwner:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no user name in the environment or password database
        user = str(os.getuid()) if hasattr(os, "getuid") else "unknown"
    return LockOwner(
        kind=kind,
        user=user,
        pid=os.getpid(),
        host=socket.gethostname(),
        since=datetime.now().isoformat(timespec="seconds"),
    )


def _parse_owner(text: str) -> LockOwner | None:
    try:
        data = json.loads(text)
        return LockOwner(
            kind=str(data["kind"]),
            user=str(data["user"]),
            pid=int(data["pid"]),
            host=str(data["host"]),
            since=str(data["since"]),
        )
    except (ValueError, KeyError, TypeError):
        return None


def read_lock_owner(store_path: Path) -> LockOwner | None:
    """The details written in the store's lock file, or None (no file, or unreadable).

    This does not say whether the lock is held; ``lock_holder`` does.
    """
    try:
        text = lock_path_for(store_path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return _parse_owner(text)


def _try_lock(fd: int) -> bool:
    """Take the OS lock on ``fd`` without waiting; False when another process holds it."""
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_UN)


def _same_file(fd: int, path: Path) -> bool:
    """True when ``path`` still names the file open as ``fd`` (it was not replaced meanwhile)."""
    try:
        on_disk = path.stat()
    except OSError:
        return False
    opened = os.fstat(fd)
    return (on_disk.st_dev, on_disk.st_ino) == (opened.st_dev, opened.st_ino)


def _locked_message(store_path: Path, owner: LockOwner | None) -> str:
    who = owner.describe() if owner else "another BriefBook program"
    return f"{store_path} is open for writing by {who}. Close it there or open read-only."


class WriterLock:
    """The writer lock on one store, held until ``release()`` (or the process ends)."""

    def __init__(self, store_path: Path, lock_path: Path, fd: int, owner: LockOwner) -> None:
        self.store_path = store_path
        self.path = lock_path
        self.owner = owner
        self._fd: int | None = fd

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        """Give the lock up and remove the lock file; calling it twice is harmless."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            # Removed while still locked, so no other process can be holding this file; on
            # Windows an open file cannot be removed, so it is only emptied there.
            if sys.platform == "win32":
                os.ftruncate(fd, 0)
            elif _same_file(fd, self.path):
                self.path.unlink()
        except OSError:
            pass  # a leftover lock file without a lock is taken over by the next writer
        finally:
            with contextlib.suppress(OSError):
                _unlock(fd)
            os.close(fd)

    def __enter__(self) -> WriterLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def acquire_writer_lock(store_path: Path, kind: str) -> WriterLock:
    """Take the writer lock of ``store_path`` for this process.

    ``kind`` names the program ("desktop" or "cli") for the message another process shows.
    Raises ``StoreLocked`` naming the holder when another process (or another open in this
    process) holds it, and ``StoreRefused`` when the lock file cannot be created (for example a
    read-only folder).
    """
    store_path = Path(store_path)
    lock_path = lock_path_for(store_path)
    owner = _current_owner(kind)
    # A holder may remove the file between our open and our lock; retry on a fresh file then.
    for _attempt in range(20):
        try:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as error:
            raise StoreRefused(
                f"Cannot create the lock file {lock_path}: {error.strerror or error}; "
                "the store cannot be opened for writing here. Open it read-only."
            ) from error
        if not _try_lock(fd):
            os.close(fd)
            raise StoreLocked(_locked_message(store_path, read_lock_owner(store_path)))
        if not _same_file(fd, lock_path):
            _unlock(fd)
            os.close(fd)
            continue
        try:
            record = json.dumps(owner.__dict__, ensure_ascii=False).encode("utf-8")
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, record)
        except OSError as error:
            _unlock(fd)
            os.close(fd)
            raise StoreRefused(
                f"Cannot write the lock file {lock_path}: {error.strerror or error}."
            ) from error
        return WriterLock(store_path, lock_path, fd, owner)
    raise StoreLocked(_locked_message(store_path, read_lock_owner(store_path)))


def lock_holder(store_path: Path) -> LockOwner | None:
    """Who holds the store's writer lock right now, or None when nobody does.

    Probes by trying the lock, so a leftover file from a crashed process reports None.
    """
    lock_path = lock_path_for(Path(store_path))
    try:
        fd = os.open(lock_path, os.O_RDWR)
    except FileNotFoundError:
        return None
    except OSError:
        # Cannot open it to probe the lock (no permission): report what the file says.
        return read_lock_owner(Path(store_path))
    try:
        if _try_lock(fd):
            _unlock(fd)
            return None
    finally:
        os.close(fd)
    return read_lock_owner(Path(store_path)) or LockOwner("unknown", "unknown", 0, "unknown", "")
