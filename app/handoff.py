"""Handing a bundle to the BriefBook window that already has the store open.

Double-clicking a ``.bbk`` while BriefBook runs starts a second process, which may not write
the store (one writer, ``app.lock``). Instead it leaves a request in an owner-only inbox
folder beside the store and exits; the running window watches that folder, imports the
bundle and comes to the front. Only local files are involved: no sockets, no network.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import socket
import stat
import time
import uuid
from pathlib import Path

from app.lock import lock_holder

MAX_REQUEST_BYTES = 64 * 1024  # a request names one path; anything bigger is not ours
# A request is for now: one left while no window watched (the app closed, another store open)
# must not import a bundle days later.
MAX_REQUEST_AGE_S = 120.0


def inbox_for(store_path: Path) -> Path:
    """The inbox folder of a store: ``.<store name>.inbox`` beside it."""
    store_path = Path(store_path)
    return store_path.with_name(f".{store_path.name}.inbox")


class InboxRefused(OSError):
    """The inbox folder is not one this user alone controls: it is not used."""


def ensure_inbox(store_path: Path) -> Path:
    """The store's inbox, made owner-only if missing; refused unless this user alone owns it.

    A store may live in a folder others can write to (a shared drive, /tmp): a folder made
    there first by someone else, or a link, must not become a way to make the app import.
    """
    folder = inbox_for(store_path)
    with contextlib.suppress(FileExistsError):
        folder.mkdir(mode=0o700)
    info = os.lstat(folder)
    if not stat.S_ISDIR(info.st_mode):
        raise InboxRefused(f"{folder} is not a folder")
    if hasattr(os, "getuid"):  # POSIX: ours alone; Windows folders follow the user's profile
        if info.st_uid != os.getuid():
            raise InboxRefused(f"{folder} belongs to another user")
        if stat.S_IMODE(info.st_mode) & 0o077:
            os.chmod(folder, 0o700)  # ours, but made under a loose umask: tighten it
    return folder


def running_window_can_take(store_path: Path) -> bool:
    """True when this user's desktop app on this machine holds the store for writing."""
    holder = lock_holder(Path(store_path))
    if holder is None or holder.kind != "desktop":
        return False
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        return False
    return holder.host == socket.gethostname() and holder.user == user


def send(store_path: Path, bundle: Path) -> Path:
    """Leave a request to open ``bundle``; returns the request file. Written whole or not at all."""
    folder = ensure_inbox(store_path)
    name = f"{time.time_ns():020d}-{uuid.uuid4().hex}.json"  # names sort by time
    partial = folder / f".{name}.tmp"
    payload = json.dumps({"open": str(Path(bundle).resolve())}).encode("utf-8")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, payload)
        os.fsync(fd)
    finally:
        os.close(fd)
    request = folder / name
    os.replace(partial, request)
    return request


def take(store_path: Path, max_age_s: float = MAX_REQUEST_AGE_S) -> list[Path]:
    """The bundles asked for in the last ``max_age_s`` seconds, oldest first; every request
    is removed as it is read. A request that is not one of ours (a link, someone else's file,
    too big, not JSON, no path) or is stale (left while the app was not running) is dropped.
    """
    try:
        folder = ensure_inbox(store_path) if inbox_for(store_path).exists() else None
    except OSError:
        return []
    if folder is None:
        return []
    try:
        requests = [p for p in folder.iterdir() if p.suffix == ".json"]
    except OSError:
        return []
    now = time.time()
    found: list[tuple[float, str, Path]] = []
    for request in requests:
        read = _read_request(request)
        with contextlib.suppress(OSError):
            request.unlink()
        if read is None:
            continue
        written, target = read
        if now - written <= max_age_s:
            found.append((written, request.name, target))
    return [target for _written, _name, target in sorted(found, key=lambda item: item[1])]


def _read_request(request: Path) -> tuple[float, Path] | None:
    """(when written, bundle) from one request file, or None when it is not a sound request."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(request, flags)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_REQUEST_BYTES:
            return None
        if hasattr(os, "getuid") and info.st_uid != os.getuid():
            return None
        raw = os.read(fd, MAX_REQUEST_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    if len(raw) > MAX_REQUEST_BYTES:
        return None
    try:
        target = json.loads(raw.decode("utf-8")).get("open")
    except (UnicodeDecodeError, ValueError, AttributeError):
        return None
    if not isinstance(target, str) or not target:
        return None
    return info.st_mtime, Path(target)
