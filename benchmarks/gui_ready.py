"""Cold start to a usable main window, run as its own process by ``benchmarks.bench_gui``.

    python -m benchmarks.gui_ready app STORE   # BriefBook, exactly as ``briefbook --store STORE``
    python -m benchmarks.gui_ready bare        # a bare PySide6 main window, the peer

Prints ``ready`` and quits at the first moment the main window is shown, painted and the event
loop has nothing left to do: a timer queued before start-up fires only once the event loop
runs, and it then lets whatever start-up queued run (two more turns of the loop) and paints
the window before reporting. No hook in the app is needed.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

IDLE_TURNS = 2


def _report_when_idle(app: QApplication, turns: int = IDLE_TURNS) -> None:
    windows = [w for w in app.topLevelWidgets() if isinstance(w, QMainWindow) and w.isVisible()]
    if not windows or turns > 0:
        QTimer.singleShot(0, lambda: _report_when_idle(app, turns - 1 if windows else turns))
        return
    for window in windows:
        window.repaint()  # the first full paint is part of being usable
    print("ready", flush=True)
    app.exit(0)


def main(argv: list[str]) -> int:
    app = QApplication(["briefbook"])
    QTimer.singleShot(0, lambda: _report_when_idle(app))
    if argv[0] == "bare":
        window = QMainWindow()
        window.setWindowTitle("Bare PySide6 window")
        window.setCentralWidget(QLabel("Hello", window))
        window.resize(1200, 780)
        window.show()
        return app.exec()
    from app.cli import main as briefbook

    return briefbook(["--store", argv[1]])


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
