"""Child process of the conversion harness: converts a store and its backups, saying where it is.

``python conversion_driver.py STORE TARGET`` with the secrets in the environment:
``CONVERT_KNOWN`` (the passphrases the files may have now, one per line) and ``CONVERT_TO``
(the target's passphrase; empty: decrypt). Prints ``ready``, then ``file N`` as each file starts,
then ``done``; the harness SIGKILLs it somewhere in between.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from app.protection import conversion, keys


def main() -> None:
    store_path = Path(sys.argv[1])
    for secret in filter(None, os.environ.get("CONVERT_KNOWN", "").splitlines()):
        keys.remember(secret)
    target_secret = os.environ.get("CONVERT_TO", "")
    target = keys.Passphrase(target_secret) if target_secret else None
    print("ready", flush=True)
    started = [0]

    def progress(_fraction: float, _name: str) -> None:
        started[0] += 1
        print(f"file {started[0]}", flush=True)

    conversion.convert_store(store_path, target, progress=progress)
    print("done", flush=True)


if __name__ == "__main__":
    main()
