"""How review statuses look: one colour and one small round icon per status."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from app.review.model import CLEARED, DRAFT, IN_REVIEW, status_label

STATUS_COLOURS = {DRAFT: "#9AA3AF", IN_REVIEW: "#D08A1E", CLEARED: "#2E8B57"}
QUOTE_HIGHLIGHT = "#FFE9A6"  # the words an open comment is about, in the editor
QUOTE_HIGHLIGHT_CURRENT = "#FFC94D"  # ... and the comment chosen in the panel


@cache
def status_icon(status: str) -> QIcon:
    """A filled dot (cleared: with a tick; in review: half filled) in the status's colour."""
    icon = QIcon()
    for size in (16, 32):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colour = QColor(STATUS_COLOURS.get(status, STATUS_COLOURS[DRAFT]))
        margin = size * 0.18
        circle = QRectF(margin, margin, size - 2 * margin, size - 2 * margin)
        pen = painter.pen()
        pen.setColor(colour)
        pen.setWidthF(size / 10)
        painter.setPen(pen)
        if status == CLEARED:
            painter.setBrush(colour)
            painter.drawEllipse(circle)
            pen.setColor(QColor("white"))
            pen.setWidthF(size / 8)
            painter.setPen(pen)
            x, y, w, h = circle.x(), circle.y(), circle.width(), circle.height()
            painter.drawPolyline(
                [
                    QPointF(x + w * 0.25, y + h * 0.52),
                    QPointF(x + w * 0.44, y + h * 0.70),
                    QPointF(x + w * 0.76, y + h * 0.32),
                ]
            )
        elif status == IN_REVIEW:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(circle)
            painter.setBrush(colour)
            painter.drawPie(circle, 90 * 16, 180 * 16)
        else:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(circle)
        painter.end()
        icon.addPixmap(pixmap)
    return icon


def status_tooltip(status: str, cleared_by: str = "", cleared_at: str | None = None) -> str:
    from app.review.document_review import when_text

    if status == CLEARED:
        who = f" by {cleared_by}" if cleared_by else ""
        when = f", {when_text(cleared_at)}" if cleared_at else ""
        return f"Cleared{who}{when}"
    return status_label(status)
