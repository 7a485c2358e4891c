"""The PySide6 desktop app (the only package that imports Qt)."""

from ui.pyside_workarounds import keep_booleans_alive

keep_booleans_alive()
