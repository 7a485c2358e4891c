"""The PySide6 desktop app (the only package that imports Qt)."""

from ui.session.workarounds import keep_booleans_alive

keep_booleans_alive()
