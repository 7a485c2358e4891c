"""The large store every benchmark reads, generated once and kept under ``benchmarks/.cache``.

The file name carries ``GENERATOR_VERSION``: a change to the generator bumps it and the next
``make bench`` generates a fresh store; older files are removed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from benchmarks.generate import GENERATOR_VERSION, generate

CACHE = Path(__file__).resolve().parent / ".cache"


def store_name(scale: float) -> str:
    suffix = "" if scale == 1.0 else f"-scale{scale:g}"
    return f"large-v{GENERATOR_VERSION}{suffix}.sqlite"


def large_store(scale: float = 1.0) -> Path:
    """The path of the cached large store, generating it first when it is missing."""
    CACHE.mkdir(exist_ok=True)
    target = CACHE / store_name(scale)
    if target.exists():
        print(f"  reusing {target.relative_to(CACHE.parent.parent)}", file=sys.stderr)
        return target
    current = f"large-v{GENERATOR_VERSION}"
    for old in CACHE.glob("large-v*.sqlite*"):
        if not old.name.startswith((f"{current}.", f"{current}-")):
            old.unlink()  # made by an older generator: never read again
    partial = CACHE / f"generating-{os.getpid()}.sqlite"
    for leftover in CACHE.glob("generating-*.sqlite*"):
        leftover.unlink()
    print(f"  generating {target.name} (about a minute at full scale)…", file=sys.stderr)
    generate(partial, scale)
    for extra in ("-wal", "-shm"):
        Path(f"{partial}{extra}").unlink(missing_ok=True)
    partial.rename(target)  # only a complete store ever carries the cached name
    return target
