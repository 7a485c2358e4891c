"""``make stress``: the crash harness at a large count (``STRESS_KILLS``, default 500).

Run from the repository root: ``.venv/bin/python tests/reliability/stress.py``. Prints the
figures that docs/reliability.md quotes and exits 1 if any kill lost or tore anything.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from crash_harness import default_kills, run_crash_rounds

from app.store import Store


def main() -> int:
    kills = default_kills("STRESS_KILLS", 500)
    seed = default_kills("STRESS_SEED", 1)
    with tempfile.TemporaryDirectory(prefix="briefbook-stress-") as folder:
        store_path = Path(folder) / "briefbook.sqlite"
        print(f"Crash harness: {kills} SIGKILLs, seed {seed}, store {store_path}", flush=True)
        report = run_crash_rounds(store_path, Path(folder), kills=kills, seed=seed, progress=True)
        with Store.open(store_path, read_only=True) as store:
            books = len(store.list_books())
            damage = store.integrity_problems()
            size = store_path.stat().st_size
        print(report.summary())
        verdict = "ok" if not damage else f"FAILED ({damage[0]})"
        print(f"Store after the run: {books} books, {size / 1e6:.1f} MB, integrity check {verdict}")
        for problem in report.problems[:20]:
            print(f"  PROBLEM {problem}")
    return max(1 if report.problems or damage else 0, _conversion_stress(seed))


def _conversion_stress(seed: int) -> int:
    """Kills while encrypting, re-keying and decrypting (``STRESS_CONVERSION_KILLS``, 60)."""
    from conversion_harness import make_store, run_conversion_kills

    kills = default_kills("STRESS_CONVERSION_KILLS", 60)
    with tempfile.TemporaryDirectory(prefix="briefbook-stress-convert-") as folder:
        store_path = Path(folder) / "briefbook.sqlite"
        print(f"Conversion harness: {kills} SIGKILLs, seed {seed}", flush=True)
        make_store(store_path)
        report = run_conversion_kills(store_path, kills=kills, seed=seed)
        print(report.summary())
        for problem in report.problems[:20]:
            print(f"  PROBLEM {problem}")
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main())
