"""Search over the large store: BriefBook's search against the raw FTS5 query it wraps.

BriefBook's figure is ``Store.search`` as the app calls it: the query folded and quoted, the
ranked hits read back, a snippet with highlights made for each of up to 50 hits. The peer is
the bare FTS5 statement for the same MATCH expression (``ORDER BY rank LIMIT 50``, rowids
only: no texts, no snippets). Both run on one read-only connection with a warm page cache, as
in an app that is running.

    python -m benchmarks.bench_search STORE
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from app.search import match_expression
from app.store import Store
from benchmarks.measure import median, percentile

# What officers type: names in both spellings, prefixes while typing, topics, punctuation.
QUERIES = (
    "asadov",
    "Məmmədov",
    "samaddin",
    "Əliyev",
    "yilmaz",
    "rail",
    "energy sec",
    "corr",
    "teleco",
    "baku",
    "türkiye",
    "ministry of",
    "deputy minister",
    "hydrogen storage",
    "grid capacity",
    "solar",
    "m",
    "sa",
    "AT&T",
)


@dataclass
class SearchResults:
    ours: list[float] = field(default_factory=list)
    raw: list[float] = field(default_factory=list)
    per_query: dict[str, tuple[float, float, int, int]] = field(default_factory=dict)

    @property
    def median_ms(self) -> float:
        return median(self.ours)

    @property
    def p95_ms(self) -> float:
        return percentile(self.ours, 0.95)

    @property
    def raw_median_ms(self) -> float:
        return median(self.raw)

    @property
    def raw_p95_ms(self) -> float:
        return percentile(self.raw, 0.95)


def _raw(store: Store, expression: str) -> list[object]:
    return store.db.execute(
        "SELECT rowid FROM search_index WHERE search_index MATCH ? ORDER BY rank LIMIT 50",
        [expression],
    ).fetchall()


def run(store_path: Path, rounds: int = 5) -> SearchResults:
    """Every query ``rounds`` times, BriefBook and the raw query alternately."""
    results = SearchResults()
    samples: dict[str, tuple[list[float], list[float]]] = {q: ([], []) for q in QUERIES}
    with Store.open(store_path, read_only=True) as store:
        for query in QUERIES:  # warm the page cache once, as an app that is running would be
            store.search(query)
        for _ in range(rounds):
            for query in QUERIES:
                ours, raw = samples[query]
                started = time.perf_counter()
                store.search(query)
                ours.append((time.perf_counter() - started) * 1000)
                expression = match_expression(query)
                started = time.perf_counter()
                if expression:
                    _raw(store, expression)
                raw.append((time.perf_counter() - started) * 1000)
        for query, (ours, raw) in samples.items():
            expression = match_expression(query)
            matches = (
                store.db.execute(
                    "SELECT count(*) FROM search_index WHERE search_index MATCH ?", [expression]
                ).fetchone()[0]
                if expression
                else 0
            )
            hits = len(store.search(query))
            results.per_query[query] = (median(ours), median(raw), matches, hits)
            results.ours += ours
            results.raw += raw
    return results


if __name__ == "__main__":
    found = run(Path(sys.argv[1]))
    print(f"BriefBook median {found.median_ms:.2f} ms, p95 {found.p95_ms:.2f} ms")
    print(f"raw FTS5  median {found.raw_median_ms:.2f} ms, p95 {found.raw_p95_ms:.2f} ms")
    for query, (ours, raw, matches, hits) in found.per_query.items():
        print(
            f"  {query!r:20} {ours:7.2f} ms  raw {raw:7.2f} ms  {matches:6d} matches {hits:3d} hits"
        )
