"""Helpers shared by the reliability tests (not collected as tests)."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

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
