"""The bundled script fonts, made known to Qt so that a bare machine shows every name.

A Windows or macOS machine without Noto, Droid Sans Fallback or Nanum draws a Khmer, Sinhala
or Ethiopic name as boxes in the editors, lists and search. ``FontRegistrar`` unpacks the
bundled script fonts (``exports.fonts.SCRIPT_FONTS``, the PDF's own) in a worker once the
window is up, then adds them to ``QFontDatabase`` one per turn of the event loop (a 4 MB CJK
font takes the GUI thread a few milliseconds), and lists them as substitutes of the
application's font, so Qt falls back to them for characters the system font lacks.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QByteArray, QObject, QTimer, Signal
from PySide6.QtGui import QFont, QFontDatabase, QFontInfo, QGuiApplication

from ui.session.workers import Worker

logger = logging.getLogger(__name__)


def _script_font_data(_worker: Worker) -> list[tuple[str, bytes]]:
    # Imported here, in the worker: exports.fonts brings reportlab, which start-up never needs.
    from app.resources import resource_path
    from exports.fonts import SCRIPT_FONTS, font_bytes

    names = [name for font in SCRIPT_FONTS for name in (font.regular, font.bold) if name]
    return [(name, font_bytes(resource_path("fonts", name))) for name in names]


class FontRegistrar(QObject):
    """Registers the bundled script fonts with Qt, off the first paint's way.

    ``finished`` carries the family names Qt now knows from them.
    """

    finished = Signal(list)

    def __init__(
        self,
        parent: QObject | None = None,
        read: Callable[[Worker], list[tuple[str, bytes]]] = _script_font_data,
    ) -> None:
        super().__init__(parent)
        self._read = read
        self._pending: list[tuple[str, bytes]] = []
        self.families: list[str] = []
        self.worker: Worker | None = None

    def start(self) -> None:
        """Unpack the fonts in a worker; they are registered on the GUI thread as it idles."""
        self.worker = Worker(self._read, "bundled fonts")
        self.worker.signals.finished.connect(self._received)
        self.worker.signals.failed.connect(self._failed)
        self.worker.start()

    def _failed(self, message: str) -> None:
        logger.warning("bundled fonts not registered: %s", message)
        self.finished.emit([])

    def _received(self, fonts: object) -> None:
        self._pending = list(fonts)  # type: ignore[call-overload]
        self._register_next()

    def _register_next(self) -> None:
        if not self._pending:
            self._finish()
            return
        name, data = self._pending.pop(0)
        font_id = QFontDatabase.addApplicationFontFromData(QByteArray(data))
        if font_id < 0:
            logger.warning("Qt could not read the bundled font %s", name)
        else:
            for family in QFontDatabase.applicationFontFamilies(font_id):
                if family not in self.families:
                    self.families.append(family)
        QTimer.singleShot(0, self, self._register_next)

    def _finish(self) -> None:
        # The family Qt really draws with: substitutes of an alias such as "Sans Serif" are
        # tried before the system font itself, and digits and brackets came out in Noto
        # Sans Arabic. Substitutes of the real family only fill in what it lacks.
        application_font = QFontInfo(QGuiApplication.font()).family()
        QFont.insertSubstitutions(application_font, self.families)
        logger.info("bundled script fonts registered: %s", ", ".join(self.families))
        self.finished.emit(list(self.families))
