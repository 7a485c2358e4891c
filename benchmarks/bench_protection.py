"""The cost of an encrypted store: the same large store, plain and encrypted (SQLCipher 4).

Four figures, each measured alternately on the two copies in the same run:

- search: ``Store.search`` medians over ``bench_search.QUERIES``, one warm read-only
  connection per store (as in a running app);
- start-up: ``benchmarks.gui_ready`` until the main window is usable; the encrypted store's
  passphrase comes from ``BRIEFBOOK_PASSPHRASE``, so its key derivation (PBKDF2-HMAC-SHA512,
  256,000 iterations, once per process) is inside the figure;
- autosave: one section's text saved (``Store.save_section`` in its transaction, search index
  included), the store open for writing in WAL mode with ``synchronous = FULL``;
- PDF export: the whole ``briefbook export`` process of the reference book.

The encrypted copy is made once with ``app.protection.conversion`` and cached beside the large
store (``…-encrypted.sqlite``).

    python -m benchmarks.bench_protection STORE
"""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from app.protection import conversion, keys
from app.store import Store
from benchmarks.bench_gui import fresh_env, seconds_until_line
from benchmarks.bench_search import QUERIES
from benchmarks.generate import REFERENCE_BOOK_ID
from benchmarks.measure import PYTHON, median, quiet_env, round_robin, run_process

PASSPHRASE = "benchmark passphrase, four words"
SAVES_PER_ROUND = 20


@dataclass
class ProtectionResults:
    samples: dict[str, list[float]] = field(default_factory=dict)

    def pair(self, name: str) -> tuple[float, float]:
        """(encrypted, plain) medians of one figure."""
        return median(self.samples[f"{name}_encrypted"]), median(self.samples[f"{name}_plain"])


def encrypted_copy(store: Path) -> Path:
    """The large store encrypted, made once (about a minute) and cached beside it."""
    target = store.with_name(store.stem + "-encrypted.sqlite")
    keys.remember(PASSPHRASE)
    if target.exists():
        return target
    partial = store.with_name(store.stem + "-encrypting.sqlite")
    shutil.copyfile(store, partial)
    print("  encrypting a copy of the large store…", file=sys.stderr, flush=True)
    conversion.convert_file(partial, keys.Passphrase(PASSPHRASE))
    partial.rename(target)
    return target


def _search_round(opened: Store) -> Callable[[], float]:
    def measure() -> float:
        times = []
        for query in QUERIES:
            started = time.perf_counter()
            opened.search(query)
            times.append(time.perf_counter() - started)
        return median(times)

    return measure


def _autosave_round(path: Path) -> Callable[[], float]:
    counter = [0]

    def measure() -> float:
        with Store.open(path, lock="cli") as store:
            section = store.list_sections(REFERENCE_BOOK_ID)[0]
            times = []
            for _ in range(SAVES_PER_ROUND):
                counter[0] += 1
                edited = replace(section, body=f"{section.body}\n\nEdit {counter[0]}.")
                started = time.perf_counter()
                store.save_section(edited)
                times.append(time.perf_counter() - started)
            store.save_section(section)
        return median(times)

    return measure


def run(store: Path, work: Path, rounds: int) -> ProtectionResults:
    results = ProtectionResults()
    encrypted = encrypted_copy(store)
    secret_env = {"BRIEFBOOK_PASSPHRASE": PASSPHRASE}
    out = work / "protection-out"
    out.mkdir(parents=True, exist_ok=True)
    ready = [PYTHON, "-m", "benchmarks.gui_ready", "app"]

    print("  protection: search…", file=sys.stderr)
    with (
        Store.open(store, read_only=True) as plain_db,
        Store.open(encrypted, read_only=True) as enc_db,
    ):
        for opened in (plain_db, enc_db):
            _search_round(opened)()  # warm the page cache of both
        results.samples.update(
            round_robin(
                rounds,
                {
                    "search_plain": _search_round(plain_db),
                    "search_encrypted": _search_round(enc_db),
                },
            )
        )
    print("  protection: autosave…", file=sys.stderr)
    results.samples.update(
        round_robin(
            rounds,
            {
                "autosave_plain": _autosave_round(store),
                "autosave_encrypted": _autosave_round(encrypted),
            },
        )
    )
    print("  protection: start-up…", file=sys.stderr)

    def start(path: Path, extra: dict[str, str]) -> Callable[[], float]:
        def measure() -> float:
            env = fresh_env(work)
            env.update(extra)
            return seconds_until_line([*ready, str(path)], "ready", env)

        return measure

    starts = {"start_plain": start(store, {}), "start_encrypted": start(encrypted, secret_env)}
    for measure in starts.values():
        measure()  # the first start pays for the page cache and fonts
    results.samples.update(round_robin(rounds, starts))
    salt = keys.file_salt(encrypted)

    def derive() -> float:
        started = time.perf_counter()
        keys.derive_key(PASSPHRASE.encode(), salt)
        return time.perf_counter() - started

    results.samples["kdf"] = [derive() for _ in range(rounds)]
    print("  protection: PDF export…", file=sys.stderr)

    def export(path: Path, extra: dict[str, str]) -> Callable[[], float]:
        def measure() -> float:
            env = quiet_env(work / "home", **extra)
            command = [PYTHON, "-m", "app", "--store", str(path), "export", REFERENCE_BOOK_ID]
            target = out / "reference.pdf"
            return run_process(
                [*command, "--format", "pdf", "--output", str(target)], env=env
            ).seconds

        return measure

    results.samples.update(
        round_robin(
            rounds,
            {"export_plain": export(store, {}), "export_encrypted": export(encrypted, secret_env)},
        )
    )
    return results


if __name__ == "__main__":
    from benchmarks.store_cache import large_store

    found = run(Path(sys.argv[1]) if len(sys.argv) > 1 else large_store(), Path("/tmp"), 3)
    for name in ("search", "autosave", "start", "export"):
        ours, plain = found.pair(name)
        print(
            f"{name}: encrypted {ours * 1000:.1f} ms, plain {plain * 1000:.1f} ms, {ours / plain:.2f}×"
        )
