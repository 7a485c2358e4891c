"""The review bar above a section's text: the book's review switch and progress, the book's
sign-off, the shown section's status (draft, in review, cleared, and who cleared it), and a
button to comment.

It only shows and asks: the Sections page turns its signals into undoable commands.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.review.model import CLEARED, STATUSES, SectionStatus, cleared_summary, status_label
from ui.book.review_style import status_icon, status_tooltip
from ui.widgets.inline_message import InlineMessage


class SectionReviewBar(QWidget):
    """Review switch, "3 of 5 sections cleared", and the current section's status buttons."""

    TOP_GAP = 12  # between the review switch and the progress
    TOP_SPACING = 6  # between the top row's items (set, so the fitting can count it)
    review_toggled = Signal(bool)
    status_chosen = Signal(str)
    comment_requested = Signal()
    comments_toggled = Signal(bool)
    sign_off_requested = Signal(bool)  # True: sign the book off; False: withdraw the sign-off

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewBar")
        self.enabled_box = QCheckBox("Review this book", self)
        self.enabled_box.setObjectName("reviewEnabled")
        self.enabled_box.setToolTip(
            "Sections are cleared one by one; until all are, exports say DRAFT on every page. "
            "Once all are, Sign off puts your name on the cover as the one who cleared the book."
        )
        self.summary = QLabel(self)
        self.summary.setObjectName("reviewSummary")
        self.progress = QProgressBar(self)
        self.progress.setTextVisible(False)
        self.progress.setFixedWidth(56)
        self.progress.setFixedHeight(8)
        self.sign_off_button = QToolButton(self)
        self.sign_off_button.setObjectName("signOff")
        self.sign_off_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.comments_button = QToolButton(self)
        self.comments_button.setObjectName("showComments")
        self.comments_button.setText("Comments")
        self.comments_button.setCheckable(True)
        self.comments_button.setToolTip("Show or hide the comments panel")

        self.status_label = QLabel("Status:", self)
        self.status_buttons = QButtonGroup(self)
        self.status_buttons.setExclusive(True)
        status_row = QHBoxLayout()
        status_row.setSpacing(2)
        status_row.addWidget(self.status_label)
        for status in STATUSES:
            button = QToolButton(self)
            button.setObjectName(f"status_{status}")
            button.setText(status_label(status))
            button.setIcon(status_icon(status))
            button.setCheckable(True)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setProperty("status", status)
            self.status_buttons.addButton(button)
            status_row.addWidget(button)
        self.cleared_by = QLabel(self)
        self.cleared_by.setObjectName("clearedBy")
        status_row.addSpacing(8)
        status_row.addWidget(self.cleared_by, 1)
        self.comment_button = QToolButton(self)
        self.comment_button.setObjectName("addComment")
        self.comment_button.setText("Comment…")
        self.comment_button.setToolTip(
            "Comment on this section, or on the selected words (Ctrl+Alt+M)"
        )
        self.comment_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        status_row.addWidget(self.comment_button)
        self.status_row = QWidget(self)
        self.status_row.setLayout(status_row)
        status_row.setContentsMargins(0, 0, 0, 0)

        self.message = InlineMessage(self)
        self.message.setObjectName("reviewMessage")

        top = QHBoxLayout()
        self.top_row = top
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(self.TOP_SPACING)
        top.addWidget(self.enabled_box)
        top.addSpacing(self.TOP_GAP)
        top.addWidget(self.progress)
        top.addWidget(self.summary, 1)
        top.addWidget(self.sign_off_button)
        top.addWidget(self.comments_button)
        layout = QVBoxLayout(self)
        self.outer = layout
        layout.setContentsMargins(4, 0, 4, 4)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.status_row)
        layout.addWidget(self.message)

        # The bar must not widen the Sections page (a small window keeps its layout): its
        # labels shrink first, and below that the bar is clipped rather than pushing.
        for label in (self.summary, self.cleared_by):
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            label.setMinimumWidth(0)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Maximum)

        self._quiet = False
        self._progress_wanted = False
        self._signed = False
        self._wordings: list[str] = []
        self.enabled_box.toggled.connect(self._on_enabled)
        self.status_buttons.buttonClicked.connect(self._on_status)
        self.comment_button.clicked.connect(self.comment_requested)
        self.comments_button.toggled.connect(self.comments_toggled)
        self.sign_off_button.clicked.connect(lambda: self.sign_off_requested.emit(not self._signed))
        self.show_state(False, [], None)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_progress()

    def _summary_room(self) -> int:
        """Width left for the summary, from the bar's own width (the label's width lags behind
        its layout, so it cannot be asked). The progress bar is not counted."""
        spacing = self.TOP_SPACING
        others = [self.enabled_box, self.sign_off_button, self.comments_button]
        shown = [w for w in others if w.isVisibleTo(self)]
        left, _, right, _ = self.layout_margins()
        used = sum(w.sizeHint().width() for w in shown) + self.TOP_GAP
        gaps = spacing * (len(shown) + 1)  # the gap item and the summary are items too
        return self.width() - left - right - used - gaps

    def layout_margins(self) -> tuple[int, int, int, int]:
        margins = self.outer.contentsMargins()
        return margins.left(), margins.top(), margins.right(), margins.bottom()

    def _fit_progress(self) -> None:
        """The progress bar gives way when the summary would be cut ("0 of 5 sections cleare"),
        and then the summary takes its shorter wordings ("5 of 5 sections cleared", "5/5")."""
        wordings = self._wordings or [""]
        metrics = self.summary.fontMetrics()
        if not (self.isVisible() and self.width() > 0):
            self.progress.setVisible(self._progress_wanted)
            self.summary.setText(wordings[0])
            return
        room = self._summary_room()
        needed = metrics.horizontalAdvance(wordings[0]) + 8
        bar_width = self.progress.width() + self.TOP_SPACING
        with_bar = self._progress_wanted and room - bar_width >= needed
        self.progress.setVisible(with_bar)
        left = room - (bar_width if with_bar else 0)
        fits = [w for w in wordings if metrics.horizontalAdvance(w) + 8 <= left]
        chosen = fits[0] if fits else wordings[-1]
        if self.summary.text() != chosen:
            self.summary.setText(chosen)

    def show_state(
        self,
        enabled: bool,
        statuses: list[SectionStatus],
        current: SectionStatus | None,
        signed_by: str = "",
        signed_when: str = "",
    ) -> None:
        """Show the book's switch, progress and sign-off (``signed_by`` while it stands), and
        the status of the section shown."""
        self._quiet = True
        try:
            self.enabled_box.setChecked(enabled)
            cleared = sum(1 for s in statuses if s.cleared)
            summary = cleared_summary(statuses) if enabled else "Review is off"
            signed_off = f"by {signed_by}, {signed_when}" if enabled and signed_by else ""
            # Longest first; the bar shows the longest that fits beside its buttons.
            short = f"{cleared}/{len(statuses)} cleared"
            if signed_off:
                self._wordings = [
                    f"{summary} · signed off by {signed_by}",
                    f"{summary} · signed off",
                    f"{short} · signed off",
                    "Signed off",
                ]
            elif enabled and statuses:
                self._wordings = [summary, short, f"{cleared}/{len(statuses)}"]
            else:
                self._wordings = [summary]
            # The whole of it, time included, is the tooltip.
            self.summary.setToolTip(
                f"{self._wordings[0]}, {signed_when}" if signed_off else summary
            )
            self._show_sign_off(enabled, bool(statuses) and cleared == len(statuses), signed_off)
            self._progress_wanted = enabled and bool(statuses)
            self._fit_progress()
            self.progress.setRange(0, max(1, len(statuses)))
            self.progress.setValue(cleared)
            self.status_row.setVisible(enabled and current is not None)
            if current is not None:
                for button in self.status_buttons.buttons():
                    button.setChecked(button.property("status") == current.status)
                who = (
                    status_tooltip(current.status, current.cleared_by, current.cleared_at)
                    if current.status == CLEARED
                    else ""
                )
                self.cleared_by.setText(who)
                self.cleared_by.setToolTip(who)
        finally:
            self._quiet = False

    def _show_sign_off(self, enabled: bool, all_cleared: bool, signed_off: str) -> None:
        """Offered once every section is cleared (while drafting the bar keeps its room)."""
        self._signed = bool(signed_off)
        self.sign_off_button.setVisible(enabled and (all_cleared or self._signed))
        if signed_off:
            self.sign_off_button.setText("Withdraw")
            self.sign_off_button.setToolTip(
                f"Signed off {signed_off}. Withdraw the sign-off if the book must not go out "
                "as it is."
            )
        else:
            self.sign_off_button.setText("Sign off")
            self.sign_off_button.setToolTip(
                "Sign the whole book off in your name: the cover of the full book then says "
                "who cleared it. An edit to any section afterwards withdraws the sign-off."
            )

    def current_status(self) -> str:
        checked = self.status_buttons.checkedButton()
        return str(checked.property("status")) if checked is not None else ""

    def _on_enabled(self, enabled: bool) -> None:
        if not self._quiet:
            self.review_toggled.emit(enabled)

    def _on_status(self, button: QToolButton) -> None:
        if not self._quiet:
            self.status_chosen.emit(str(button.property("status")))
