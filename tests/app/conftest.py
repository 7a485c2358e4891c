"""Shared fixtures for tests of the core: a fresh store in the test's own folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.store import Store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """An empty store in ``tmp_path``, closed after the test."""
    opened = Store.open(tmp_path / "s.sqlite")
    try:
        yield opened
    finally:
        opened.close()
