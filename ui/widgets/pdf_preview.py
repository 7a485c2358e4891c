"""A PDF preview pane: QtPdf's view with page navigation and zoom controls."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

ZOOM_STEP = 1.25
ZOOM_MIN = 0.25
ZOOM_MAX = 4.0


class PdfPreview(QWidget):
    """Shows one PDF file; ``load(path)`` replaces it. Emits ``loaded(page_count)``."""

    loaded = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path: Path | None = None
        self.document = QPdfDocument(self)
        self.view = QPdfView()
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)

        self.placeholder = QLabel("No preview yet.")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setObjectName("previewPlaceholder")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(self.view)

        self.previous_button = _tool_button("◀", "Previous page", self.previous_page)
        self.next_button = _tool_button("▶", "Next page", self.next_page)
        self.page_box = QSpinBox()
        self.page_box.setMinimum(1)
        self.page_box.setKeyboardTracking(False)
        self.page_box.setAccessibleName("Page")
        self.page_box.valueChanged.connect(lambda page: self.go_to_page(page - 1))
        self.page_label = QLabel()
        self.page_label.setObjectName("pageLabel")
        self.zoom_out_button = _tool_button("−", "Zoom out", self.zoom_out)
        self.zoom_in_button = _tool_button("+", "Zoom in", self.zoom_in)
        self.fit_button = _tool_button(
            "Fit width", "Fit the page to the width of the pane", self.fit_width
        )
        self.fit_button.setCheckable(True)
        self.page_fit_button = _tool_button(
            "Whole page", "Show whole pages, to judge the layout", self.fit_page
        )
        self.page_fit_button.setCheckable(True)
        self.zoom_label = QLabel()
        self.zoom_label.setMinimumWidth(48)

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.previous_button)
        bar.addWidget(QLabel("Page"))
        bar.addWidget(self.page_box)
        bar.addWidget(self.page_label)
        bar.addWidget(self.next_button)
        bar.addStretch(1)
        bar.addWidget(self.zoom_out_button)
        bar.addWidget(self.zoom_label)
        bar.addWidget(self.zoom_in_button)
        bar.addWidget(self.fit_button)
        bar.addWidget(self.page_fit_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)

        self.view.pageNavigator().currentPageChanged.connect(self._update_page)
        self.view.zoomFactorChanged.connect(self._update_zoom)
        self.view.zoomModeChanged.connect(self._update_zoom)
        self._update_controls()

    # --- document -------------------------------------------------------------------------

    def set_placeholder(self, text: str) -> None:
        self.placeholder.setText(text)
        if self.page_count() == 0:
            self.stack.setCurrentWidget(self.placeholder)

    def load(self, path: Path) -> int:
        """Show the PDF at ``path``; returns its page count (0 if it could not be read)."""
        self.document.close()
        error = self.document.load(str(path))
        if error != QPdfDocument.Error.None_ or self.document.pageCount() == 0:
            self.path = None
            self.set_placeholder(f"The preview could not be read ({error.name}).")
            self._update_controls()
            self.loaded.emit(0)
            return 0
        self.path = path
        self.stack.setCurrentWidget(self.view)
        self.view.pageNavigator().jump(0, QPointF(0, 0))
        self._update_controls()
        self.loaded.emit(self.page_count())
        return self.page_count()

    def clear(self) -> None:
        """Let go of the file (so it can be deleted) and show the placeholder."""
        self.document.close()
        self.path = None
        self.stack.setCurrentWidget(self.placeholder)
        self._update_controls()

    def page_count(self) -> int:
        if self.document.status() != QPdfDocument.Status.Ready:
            return 0
        return self.document.pageCount()

    def current_page(self) -> int:
        """The page shown, counted from 0."""
        return self.view.pageNavigator().currentPage()

    # --- navigation -----------------------------------------------------------------------

    def go_to_page(self, page: int) -> None:
        count = self.page_count()
        if not count:
            return
        page = min(count - 1, max(0, page))
        if page != self.current_page():
            self.view.pageNavigator().jump(page, QPointF(0, 0))
        self._update_page()

    def next_page(self) -> None:
        self.go_to_page(self.current_page() + 1)

    def previous_page(self) -> None:
        self.go_to_page(self.current_page() - 1)

    # --- zoom -----------------------------------------------------------------------------

    def effective_zoom(self) -> float:
        """The zoom factor on screen, also while fitting (where Qt reports none)."""
        mode = self.view.zoomMode()
        if mode == QPdfView.ZoomMode.Custom or not self.page_count():
            return self.view.zoomFactor()
        page = self.document.pagePointSize(max(0, self.current_page()))
        if page.width() <= 0 or page.height() <= 0:
            return 1.0
        # QPdfView draws one point as logicalDpi/72 pixels at zoom 1.
        pixels_per_point = self.logicalDpiX() / 72.0
        margins = self.view.documentMargins()
        viewport = self.view.viewport()
        factor = (viewport.width() - margins.left() - margins.right()) / (
            page.width() * pixels_per_point
        )
        if mode == QPdfView.ZoomMode.FitInView:
            tall = (viewport.height() - margins.top() - margins.bottom()) / (
                page.height() * pixels_per_point
            )
            factor = min(factor, tall)
        return max(ZOOM_MIN, factor)

    def set_zoom(self, factor: float) -> None:
        page = self.current_page()
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(min(ZOOM_MAX, max(ZOOM_MIN, factor)))
        self._stay_on(page)
        self._update_zoom()

    def zoom_in(self) -> None:
        self.set_zoom(self.effective_zoom() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self.effective_zoom() / ZOOM_STEP)

    def fit_page(self) -> None:
        page = self.current_page()
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView)
        self._stay_on(page)
        self._update_zoom()

    def fit_width(self) -> None:
        page = self.current_page()
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._stay_on(page)
        self._update_zoom()

    def _stay_on(self, page: int) -> None:
        """After a zoom, show the top of the page that was shown (not the old scroll offset)."""
        if self.page_count():
            navigator = self.view.pageNavigator()
            navigator.clear()  # a jump to the page it is already on would be ignored
            navigator.jump(page, QPointF(0, 0))

    # --- labels ---------------------------------------------------------------------------

    def _update_controls(self) -> None:
        has_pages = self.page_count() > 0
        for widget in (
            self.previous_button,
            self.next_button,
            self.page_box,
            self.zoom_in_button,
            self.zoom_out_button,
            self.fit_button,
            self.page_fit_button,
        ):
            widget.setEnabled(has_pages)
        self._update_page()
        self._update_zoom()

    def _update_page(self, *_: object) -> None:
        count = self.page_count()
        current = self.current_page() if count else -1
        self.page_box.blockSignals(True)
        self.page_box.setMaximum(max(1, count))
        self.page_box.setValue(current + 1 if count else 1)
        self.page_box.blockSignals(False)
        self.page_label.setText(f"of {count}" if count else "of –")
        self.previous_button.setEnabled(count > 0 and current > 0)
        self.next_button.setEnabled(count > 0 and current < count - 1)

    def _update_zoom(self, *_: object) -> None:
        fitting = self.view.zoomMode() == QPdfView.ZoomMode.FitToWidth
        self.fit_button.setChecked(fitting)
        self.page_fit_button.setChecked(self.view.zoomMode() == QPdfView.ZoomMode.FitInView)
        if not self.page_count():
            self.zoom_label.setText("")
            return
        self.zoom_label.setText(f"{round(self.effective_zoom() * 100)} %")

    def page_text(self) -> str:
        """What the page indicator says, e.g. "Page 2 of 14" (for tests and accessibility)."""
        count = self.page_count()
        return f"Page {self.current_page() + 1} of {count}" if count else "No pages"


def _tool_button(text: str, tip: str, slot: object) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    button.setAutoRaise(True)
    button.setMinimumWidth(28)
    font = button.font()
    font.setPointSizeF(font.pointSizeF() * 1.15)
    button.setFont(font)
    button.clicked.connect(slot)
    return button
