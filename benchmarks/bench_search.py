"""Search over the large store: BriefBook's search against the raw FTS5 query it wraps."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from app.search import match_expression
from app.store import Store

QUERIES = (
    "asadov",
    "Məmmədov",
    "samaddin",
    "rail",
    "energy sec",
    "corr",
    "teleco",
    "baku",
    "ministry of",
    "hydrogen storage",
    "sa",
    "AT&T",
)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run(store_path: Path, rounds: int = 5) -> dict[str, float]:
    """Median and 95th percentile (ms) of ``Store.search`` and of the bare FTS5 query."""
    store = Store.open(store_path, read_only=True)
    ours: list[float] = []
    raw: list[float] = []
    try:
        for query in QUERIES:  # warm the page cache once, as an app that is running would be
            store.search(query)
        for _ in range(rounds):
            for query in QUERIES:
                started = time.perf_counter()
                store.search(query)
                ours.append((time.perf_counter() - started) * 1000)
                expression = match_expression(query)
                started = time.perf_counter()
                store.db.execute(
                    "SELECT rowid FROM search_index WHERE search_index MATCH ? "
                    "ORDER BY rank LIMIT 50",
                    [expression],
                ).fetchall()
                raw.append((time.perf_counter() - started) * 1000)
    finally:
        store.close()
    return {
        "median_ms": statistics.median(ours),
        "p95_ms": _percentile(ours, 0.95),
        "raw_median_ms": statistics.median(raw),
        "raw_p95_ms": _percentile(raw, 0.95),
        "queries": float(len(ours)),
    }


if __name__ == "__main__":
    import sys

    for key, value in run(Path(sys.argv[1])).items():
        print(f"{key:>14}: {value:8.2f}")
