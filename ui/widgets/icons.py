"""SVG icons that stay sharp at any scale and follow the light or dark palette.

The monochrome icons in ``resources/icons`` are drawn in ``currentColor``; they are painted from
the SVG at the requested size (never scaled bitmaps) in the palette's text colour, so they read
well on light and dark themes and at any HiDPI factor.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from app.resources import resource_path

# Icons drawn in their own colours (not tinted by the palette).
FULL_COLOUR = frozenset({"briefbook"})


@cache
def _svg_source(name: str) -> str:
    return resource_path("icons", f"{name}.svg").read_text(encoding="utf-8")


MAX_CACHED_PIXMAPS = 2000
_PIXMAPS: dict[tuple[str, int, int, QIcon.Mode, str], QPixmap] = {}


@cache
def _renderer(name: str, colour: str) -> QSvgRenderer:
    """The icon's SVG with ``currentColor`` set to ``colour`` ("" keeps its own colours)."""
    source = _svg_source(name)
    if colour:
        source = source.replace("currentColor", colour)
    return QSvgRenderer(QByteArray(source.encode("utf-8")))


def _mode_colour(mode: QIcon.Mode) -> str:
    palette = QGuiApplication.palette()
    group = (
        QPalette.ColorGroup.Disabled if mode == QIcon.Mode.Disabled else QPalette.ColorGroup.Active
    )
    role = (
        QPalette.ColorRole.HighlightedText
        if mode == QIcon.Mode.Selected
        else QPalette.ColorRole.WindowText
    )
    return palette.color(group, role).name()


class _TintedSvgEngine(QIconEngine):
    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name

    def _renderer(self, mode: QIcon.Mode) -> QSvgRenderer:
        return _renderer(self.name, "" if self.name in FULL_COLOUR else _mode_colour(mode))

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        renderer = self._renderer(mode)
        if mode == QIcon.Mode.Disabled and self.name in FULL_COLOUR:
            painter.setOpacity(0.4)
        renderer.render(painter, QRectF(rect))

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        # Views ask for the same small pixmaps on every repaint: render each SVG once per
        # size, mode and palette colour (the key changes when the theme does).
        key = (self.name, size.width(), size.height(), mode, _mode_colour(mode))
        cached = _PIXMAPS.get(key)
        if cached is not None:
            return cached
        pixmap = self._render(size, mode, state)
        if len(_PIXMAPS) < MAX_CACHED_PIXMAPS:
            _PIXMAPS[key] = pixmap
        return pixmap

    def _render(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        pixmap = QPixmap(size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        self.paint(painter, QRect(0, 0, size.width(), size.height()), mode, state)
        painter.end()
        return pixmap

    def scaledPixmap(
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        pixmap = QPixmap(  # a copy: the cached one keeps its own pixel ratio
            self.pixmap(
                QSize(round(size.width() * scale), round(size.height() * scale)), mode, state
            )
        )
        pixmap.setDevicePixelRatio(scale)
        return pixmap

    def clone(self) -> QIconEngine:
        return _TintedSvgEngine(self.name)

    def key(self) -> str:
        return "briefbook-svg"


def icon(name: str) -> QIcon:
    """The icon ``resources/icons/<name>.svg``."""
    if not resource_path("icons", f"{name}.svg").is_file():
        raise FileNotFoundError(f"No icon named {name!r} in resources/icons.")
    return QIcon(_TintedSvgEngine(name))


def app_icon() -> QIcon:
    """The application's own icon (window, dock and taskbar)."""
    return QIcon(str(resource_path("icons", "briefbook.svg")))
