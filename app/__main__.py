"""``python -m app``: the ``briefbook`` command (the frozen executables use packaging/launcher.py)."""

from app.console import run

raise SystemExit(run())
