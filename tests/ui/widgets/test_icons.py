"""Icons: every one the UI asks for exists, renders sharp at any size, follows the palette."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPalette

from app.resources import resource_path
from ui.widgets.icons import app_icon, icon

UI_FOLDER = Path(__file__).resolve().parents[3] / "ui"
MY_MODULES = (
    "widgets/icons.py",
    "window/menus.py",
    "window/navigator.py",
    "book/section_editor.py",
    "book/sections_page.py",
    "window/welcome.py",
)


def icon_names_used() -> set[str]:
    """Icon names written in the modules: icon("x"), _add("x", ...), _action(w, "..", slot, "x")."""
    patterns = (
        r"""\bicon\(\s*["']([a-z0-9_]+)["']""",
        r"""\b_add\(\s*["']([a-z0-9_]+)["']""",
        r"\b_action\(\s*w,\s*\"[^\"]*\",\s*[\w.]+,\s*\"([a-z0-9_]+)\"",
        r"""\b_action\(\s*["']([a-z0-9_]+)["']""",
        r"""\b_button\(\s*["']([a-z0-9_]+)["']""",
    )
    names: set[str] = set()
    for module in MY_MODULES:
        source = (UI_FOLDER / module).read_text(encoding="utf-8")
        for pattern in patterns:
            names.update(re.findall(pattern, source))
    # Built from a key or a loop: the navigator's page icons and the heading levels.
    names.update({"book", "overview", "schedule", "sections", "participants", "notes", "people"})
    names.update({"heading1", "heading2", "heading3"})
    return names


def opaque_pixels(icon_: QIcon, size: int) -> list[QColor]:
    image = icon_.pixmap(QSize(size, size)).toImage()
    return [
        image.pixelColor(x, y)
        for x in range(image.width())
        for y in range(image.height())
        if image.pixelColor(x, y).alpha() > 200
    ]


def test_every_icon_used_exists_and_draws(qapp: object) -> None:
    names = icon_names_used()
    assert {"bold", "heading1", "list_numbered", "undo", "new_book"} <= names
    for name in sorted(names):
        assert resource_path("icons", f"{name}.svg").is_file(), name
        assert opaque_pixels(icon(name), 24), name


def test_unknown_icon_is_an_error(qapp: object) -> None:
    with pytest.raises(FileNotFoundError):
        icon("no-such-icon")


def test_large_sizes_are_drawn_not_scaled(qapp: object) -> None:
    pixmap = icon("bold").pixmap(QSize(256, 256))
    assert (pixmap.width(), pixmap.height()) == (256, 256)
    assert not app_icon().pixmap(QSize(128, 128)).isNull()


def test_icons_follow_a_dark_palette(qapp: object) -> None:
    original = QGuiApplication.palette()
    dark = QPalette(original)
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#f0f0f0"))
    dark.setColor(QPalette.ColorRole.Window, QColor("#202020"))
    try:
        QGuiApplication.setPalette(dark)
        pixels = opaque_pixels(icon("table"), 32)
        assert pixels and all(p.lightness() > 200 for p in pixels)
    finally:
        QGuiApplication.setPalette(original)
    pixels = opaque_pixels(icon("table"), 32)
    assert all(p.lightness() < 100 for p in pixels)


def test_a_high_dpi_request_does_not_change_the_cached_pixmap(qapp: object) -> None:
    from ui.widgets.icons import _TintedSvgEngine

    engine = _TintedSvgEngine("sections")
    sharp = engine.scaledPixmap(QSize(16, 16), QIcon.Mode.Normal, QIcon.State.Off, 2.0)
    plain = engine.pixmap(QSize(32, 32), QIcon.Mode.Normal, QIcon.State.Off)
    assert sharp.devicePixelRatio() == 2.0
    assert plain.devicePixelRatio() == 1.0 and plain.size() == QSize(32, 32)


def test_icons_follow_a_palette_change(qapp: object) -> None:
    from ui.widgets.icons import _TintedSvgEngine

    engine = _TintedSvgEngine("sections")
    app = QGuiApplication.instance()
    assert isinstance(app, QGuiApplication)
    original = app.palette()
    try:
        before = engine.pixmap(QSize(24, 24), QIcon.Mode.Normal, QIcon.State.Off).toImage()
        dark = QPalette(original)
        dark.setColor(QPalette.ColorRole.WindowText, QColor("#f0f0f0"))
        app.setPalette(dark)
        after = engine.pixmap(QSize(24, 24), QIcon.Mode.Normal, QIcon.State.Off).toImage()
        assert before != after  # redrawn in the new text colour, not served from the cache
    finally:
        app.setPalette(original)
