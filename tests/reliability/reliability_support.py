"""Helpers shared by the reliability tests (not collected as tests)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

HOLDER = """
import sys
from app.domain import Book
from app.store import Store
store = Store.open(sys.argv[1], lock="desktop")
store.save_book(Book(title="Held by the desktop"))
print("LOCKED", flush=True)
sys.stdin.readline()
store.close()
print("RELEASED", flush=True)
"""


class Holder:
    """Another process that opened the store for writing as the desktop app does."""

    def __init__(self, store_path: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(store_path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        assert self.process.stdout.readline().strip() == "LOCKED"

    @property
    def pid(self) -> int:
        return self.process.pid

    def close_cleanly(self) -> None:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write("\n")
        self.process.stdin.flush()
        assert self.process.stdout.readline().strip() == "RELEASED"
        self.process.wait()

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.kill()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()


def nobody_ids() -> tuple[int, int] | None:
    """The uid and gid of the unprivileged ``nobody`` user, when there is one."""
    try:
        import pwd

        entry = pwd.getpwnam("nobody")
    except (ImportError, KeyError):
        return None
    return entry.pw_uid, entry.pw_gid


def call_as_user(function: Callable[[], Any], folder: Path, ids: tuple[int, int] | None) -> Any:
    """Call ``function`` in a forked child, in ``folder``, as ``ids`` (uid, gid) if given.

    Root ignores file permissions, so permission tests run their body as ``nobody`` then. A
    fork (not a new interpreter) because the interpreter itself may live in a folder that
    ``nobody`` cannot read. Returns the function's JSON-able result; a failure in the child
    is raised here with its traceback.
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        status = 0
        try:
            os.close(read_end)
            if ids is not None:
                os.setgroups([])
                os.setresgid(ids[1], ids[1], ids[1])
                os.setresuid(ids[0], ids[0], ids[0])
            os.chdir(folder)
            payload = {"result": function()}
        except BaseException:
            payload = {"error": traceback.format_exc()}
            status = 1
        try:
            with os.fdopen(write_end, "w") as out:
                json.dump(payload, out)
        finally:
            os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end) as incoming:
        text = incoming.read()
    os.waitpid(pid, 0)
    payload = json.loads(text) if text else {"error": "the child wrote nothing"}
    if "error" in payload:
        raise AssertionError(f"child failed:\n{payload['error']}")
    return payload["result"]
