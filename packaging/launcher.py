"""Entry point of the frozen executables ``briefbook`` and ``briefbook-cli`` (``briefbook.spec``).

The same as ``python -m app``; it lives outside ``app/`` because PyInstaller puts the entry
script's folder on the import path, which would make ``app``'s modules importable by bare names.
"""

from app.console import run

raise SystemExit(run())
