"""Fixtures for the reliability tests: every user folder redirected into the test's tmp_path."""

from __future__ import annotations

import os
import sys
from pathlib import Path

# Before anything imports Qt: the desktop parts of these tests run offscreen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

# The harness modules beside these tests are imported by name (and run as child processes).
sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture(autouse=True)
def private_user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the store, data, config, cache and log folders into ``tmp_path``."""
    home = tmp_path / "home"
    home.mkdir()
    for variable, folder in (
        ("XDG_DATA_HOME", "data"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_STATE_HOME", "state"),
    ):
        monkeypatch.setenv(variable, str(home / folder))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("BRIEFBOOK_STORE", str(home / "data" / "briefbook.sqlite"))
    return home


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    """Where a test's store lives: a folder of its own, as in a user's data folder."""
    folder = tmp_path / "stores"
    folder.mkdir()
    return folder / "briefbook.sqlite"


def running_as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0
