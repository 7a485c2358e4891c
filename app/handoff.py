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
import uuid
from pathlib import Path

from app.lock import lock_holder

MAX_REQUEST_BYTES = 64 * 1024  # a request names one path; anything bigger is not ours


def inbox_for(store_path: Path) -> Path:
    """The inbox folder of a store: ``.<store name>.inbox`` beside it."""
    store_path = Path(store_path)
    return store_path.with_name(f".{store_path.name}.inbox")


def ensure_inbox(store_path: Path) -> Path:
    folder = inbox_for(store_path)
    folder.mkdir(mode=0o700, exist_ok=True)
    with contextlib.suppress(OSError):
        folder.chmod(0o700)  # mkdir's mode is filtered by the umask
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
    name = f"{uuid.uuid4().hex}.json"
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


def take(store_path: Path) -> list[Path]:
    """The bundles asked for so far, oldest first; each request is removed as it is read.

    A request that is not one of ours (too big, not JSON, no path) is removed and ignored.
    """
    folder = inbox_for(store_path)
    try:
        requests = [p for p in folder.iterdir() if p.suffix == ".json" and p.is_file()]
    except OSError:
        return []
    requests.sort(key=lambda p: (p.stat().st_mtime_ns, p.name))
    wanted: list[Path] = []
    for request in requests:
        try:
            raw = request.read_bytes()[: MAX_REQUEST_BYTES + 1]
            request.unlink()
        except OSError:
            continue
        if len(raw) > MAX_REQUEST_BYTES:
            continue
        try:
            target = json.loads(raw.decode("utf-8")).get("open")
        except (UnicodeDecodeError, ValueError, AttributeError):
            continue
        if isinstance(target, str) and target:
            wanted.append(Path(target))
    return wanted
