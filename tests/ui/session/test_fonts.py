"""The bundled script fonts reach Qt: a bare machine shows every name in the app."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase, QFontInfo, QFontMetrics, QGuiApplication

from ui.session.fonts import FontRegistrar
from ui.session.workers import Worker


def test_every_script_font_is_registered_and_substitutes_the_app_font(qtbot):
    registrar = FontRegistrar()
    with qtbot.waitSignal(registrar.finished, timeout=30_000) as blocker:
        registrar.start()
    families = blocker.args[0]
    for family in ("Noto Sans Arabic", "Noto Sans Khmer", "Noto Sans Ethiopic", "NanumGothic"):
        assert family in families
        assert family in QFontDatabase.families()
    assert any("Droid Sans Fallback" in family for family in families)
    # Substitutes of the family Qt really draws with, not of an alias like "Sans Serif": those
    # are tried before the system font, and Latin digits and brackets came out in Noto Sans
    # Arabic.
    drawn = QFontInfo(QGuiApplication.font()).family()
    substitutes = QFont.substitutes(drawn)
    assert "noto sans sinhala" in [family.lower() for family in substitutes]
    alias = QGuiApplication.font().family()
    if alias != drawn:
        assert QFont.substitutes(alias) == []
    assert QFontInfo(QFont(alias)).family() == drawn
    # The fonts really draw their scripts (not boxes): Qt finds a glyph for each name.
    for family, name in (
        ("Noto Sans Khmer", "សុខ"),
        ("Noto Sans Sinhala", "නිමාලි"),
        ("NanumGothic", "박서연"),
    ):
        metrics = QFontMetrics(QFont(family))
        assert all(metrics.inFontUcs4(ord(char)) for char in name), family


def test_an_unreadable_font_is_logged_and_the_rest_still_register(qtbot, caplog):
    def read(_worker: Worker) -> list[tuple[str, bytes]]:
        from app.resources import resource_path
        from exports.fonts import font_bytes

        good = font_bytes(resource_path("fonts", "NotoSansGeorgian-Regular.ttf.xz"))
        return [("broken.ttf", b"not a font"), ("NotoSansGeorgian-Regular.ttf.xz", good)]

    registrar = FontRegistrar(read=read)
    with qtbot.waitSignal(registrar.finished, timeout=10_000) as blocker:
        registrar.start()
    assert blocker.args[0] == ["Noto Sans Georgian"]
    assert "broken.ttf" in caplog.text
