"""A guard that records (and blocks) every attempt to use the network from Python code."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest


class NetworkUsed(AssertionError):
    """Raised inside the code under test when it tries to reach the network."""


class NetworkGuard:
    """Patches the socket module; ``attempts`` lists what was tried, in order."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.attempts: list[str] = []
        self._inet_before = inet_socket_inodes()
        original_init = socket.socket.__init__

        def refuse(name: str) -> Callable[..., Any]:
            def blocked(*args: Any, **kwargs: Any) -> Any:
                self.attempts.append(f"{name}{args[1:] if name.startswith('socket.') else args}")
                raise NetworkUsed(f"BriefBook tried to use the network: {name}")

            return blocked

        def counted_init(sock: socket.socket, *args: Any, **kwargs: Any) -> None:
            self.attempts.append(f"socket created {args} {kwargs}")
            original_init(sock, *args, **kwargs)

        monkeypatch.setattr(socket.socket, "__init__", counted_init)
        for method in ("connect", "connect_ex", "bind", "sendto"):
            monkeypatch.setattr(socket.socket, method, refuse(f"socket.{method}"))
        for function in (
            "create_connection",
            "getaddrinfo",
            "gethostbyname",
            "gethostbyname_ex",
            "gethostbyaddr",
            "socketpair",
        ):
            monkeypatch.setattr(socket, function, refuse(function))

    def new_inet_sockets(self) -> set[str]:
        """TCP/UDP sockets this process holds now that it did not hold at the start (Linux),
        which catches sockets opened by native code that never passes through Python."""
        return inet_socket_inodes() - self._inet_before


def inet_socket_inodes() -> set[str]:
    """Inodes of this process's open TCP/UDP sockets (Linux; empty elsewhere)."""
    fd_dir = Path("/proc/self/fd")
    if not fd_dir.is_dir():
        return set()
    mine = set()
    for fd in fd_dir.iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            mine.add(target[len("socket:[") : -1])
    inet = set()
    for table in ("tcp", "tcp6", "udp", "udp6"):
        try:
            lines = Path(f"/proc/self/net/{table}").read_text().splitlines()[1:]
        except OSError:
            continue
        inet |= {line.split()[9] for line in lines if len(line.split()) > 9}
    return mine & inet
