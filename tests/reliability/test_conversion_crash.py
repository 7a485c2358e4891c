"""Crash safety of encrypt, change-passphrase and decrypt: SIGKILL a converting process at
random moments; every file stays whole, in its old state or its new one, content unchanged.

``CONVERSION_KILLS`` (default 10) sets the count; ``make stress`` runs the harness at scale.
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path

import pytest
from conversion_harness import make_store, run_conversion_kills
from crash_harness import default_kills

pytestmark = pytest.mark.skipif(
    sys.platform == "win32" or not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL"
)


def test_kills_while_converting_leave_every_file_whole(store_path: Path) -> None:
    make_store(store_path)
    kills = default_kills("CONVERSION_KILLS", 10)

    report = run_conversion_kills(store_path, kills=kills, seed=20261205)

    print(report.summary())
    assert report.problems == []
    assert report.kills == kills
    # The kills really landed in all three conversions: encrypt, re-key and decrypt.
    assert report.goals_reached >= 3
    assert {"plain", "A", "B"} <= report.states_seen
    assert report.mixed_states > 0


def test_the_checker_notices_a_torn_file(store_path: Path) -> None:
    """The harness is not vacuous: a store cut short after a 'kill' is reported."""
    from conversion_harness import ConversionReport, _check, _files, _fingerprint

    from app.protection import keys

    make_store(store_path, sections=5)
    originals = {file.name: _fingerprint(file)[0] for file in _files(store_path)}
    data = store_path.read_bytes()
    store_path.write_bytes(data[: len(data) // 2])
    report = ConversionReport()
    _check(store_path, originals, report)
    keys.forget_all()
    assert report.problems
