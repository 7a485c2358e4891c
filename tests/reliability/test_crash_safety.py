"""Crash safety: SIGKILL a writing process at random moments; nothing acknowledged is lost.

The count is modest here (``CRASH_KILLS``, default 20); ``make stress`` runs hundreds.
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path

import pytest
from crash_harness import default_kills, run_crash_rounds

from app.store import Store

pytestmark = pytest.mark.skipif(
    sys.platform == "win32" or not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL"
)


def test_kills_at_random_moments_lose_no_acknowledged_write(
    store_path: Path, tmp_path: Path
) -> None:
    kills = default_kills("CRASH_KILLS", 20)
    work = tmp_path / "work"
    work.mkdir()

    report = run_crash_rounds(store_path, work, kills=kills, seed=20261126)

    print(report.summary())
    assert report.problems == []
    assert report.kills == kills
    # The run must really have exercised every kind of write, including kills mid-write.
    assert {"autosave", "reorder", "book"} <= set(report.acknowledged)
    assert report.acknowledged_total >= kills
    if report.bundles:
        assert report.acknowledged["import"] > 0
    with Store.open(store_path, read_only=True) as store:
        assert store.integrity_problems() == []


def test_the_checker_notices_a_lost_write(store_path: Path, tmp_path: Path) -> None:
    """The harness is not vacuous: an acknowledged edit rolled back by hand is reported."""
    import crash_driver as driver
    from crash_harness import _check_store, _read_expected

    with Store.open(store_path) as store:
        driver.ensure_fixed_books(store)
    expected = _read_expected(store_path)
    expected.seqs[driver.AUTOSAVE_SECTIONS[0]] = 7  # "acknowledged" edit 7, never written
    expected.books.add("a-book-that-was-acknowledged")

    problems, _landed = _check_store(store_path, expected, pending=None)

    assert any("expected one of {7}" in problem for problem in problems)
    assert any("a-book-that-was-acknowledged is missing" in problem for problem in problems)
