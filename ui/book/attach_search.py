"""Search-as-you-type for attaching library records (people or notes) to the open book.

Uses the store's search (forgiving: "asadov" finds Əsədov, prefixes work), skips records the
book already has, and offers the hits in a popup; choosing one emits ``chosen(id)``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from app.domain import SearchHit
from ui.context import AppContext
from ui.window.read_only import disable_when_read_only

ID_ROLE = Qt.ItemDataRole.UserRole + 1
RESULT_LIMIT = 15
SNIPPET_CHARS = 70


def hit_label(hit: SearchHit) -> str:
    """ "Name — the start of what matched", short enough for one line of a popup."""
    snippet = " ".join(hit.snippet.split())
    if len(snippet) > SNIPPET_CHARS:
        snippet = snippet[: SNIPPET_CHARS - 1].rstrip() + "…"
    return f"{hit.title}  —  {snippet}" if snippet else hit.title


def joined(*parts: str) -> str:
    return ", ".join(part for part in parts if part)


class AttachSearchField(QLineEdit):
    """A line edit that searches one kind of library record and offers matches to attach."""

    chosen = Signal(str)

    def __init__(
        self,
        context: AppContext,
        kind: str,
        placeholder: str,
        parent: QWidget | None = None,
        describe: Callable[[SearchHit], str] = hit_label,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.kind = kind
        disable_when_read_only(self)  # an "Add a person…" field that cannot add would mislead
        self._describe = describe
        self._excluded: set[str] = set()
        self._hits: list[SearchHit] = []
        self.setPlaceholderText(placeholder)
        self.setClearButtonEnabled(True)
        self.results_model = QStandardItemModel(self)
        self.completer_popup = QCompleter(self.results_model, self)
        # The store already matched (with folding); the completer must not filter again.
        self.completer_popup.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer_popup.setWidget(self)
        self.completer_popup.setMaxVisibleItems(10)
        self.completer_popup.activated[QModelIndex].connect(self._activated)  # type: ignore[index]
        self.textEdited.connect(self.search)
        self.returnPressed.connect(self.choose_first)

    def set_excluded(self, ids: set[str]) -> None:
        """Records already attached: they are not offered again."""
        self._excluded = set(ids)

    def results(self) -> list[SearchHit]:
        return list(self._hits)

    def search(self, text: str) -> list[SearchHit]:
        """Run the query and show the popup of hits (hidden when there are none)."""
        hits = (
            []
            if not text.strip()
            else self.context.store.search(
                text, limit=RESULT_LIMIT + len(self._excluded), kinds=[self.kind]
            )
        )
        self._hits = [hit for hit in hits if hit.id not in self._excluded][:RESULT_LIMIT]
        self.results_model.clear()
        for hit in self._hits:
            item = QStandardItem(self._describe(hit))
            item.setData(hit.id, ID_ROLE)
            item.setToolTip(hit.snippet)
            item.setEditable(False)
            self.results_model.appendRow(item)
        if self._hits and self.hasFocus():
            self.completer_popup.complete()
        else:
            self._hide_popup()
        return self.results()

    def choose(self, row: int) -> None:
        if 0 <= row < len(self._hits):
            record_id = self._hits[row].id
            self._reset()
            self.chosen.emit(record_id)

    def choose_first(self) -> None:
        if self._popup_visible():
            return  # the popup's own Enter handling picks the highlighted row
        self.choose(0)

    def _popup_visible(self) -> bool:
        popup = self.completer_popup.popup()
        return popup is not None and popup.isVisible()

    def _hide_popup(self) -> None:
        popup = self.completer_popup.popup()
        if popup is not None:
            popup.hide()

    def _activated(self, index: QModelIndex) -> None:
        record_id = index.data(ID_ROLE)
        rows = [row for row, hit in enumerate(self._hits) if hit.id == record_id]
        if rows:
            self.choose(rows[0])

    def _reset(self) -> None:
        self._hide_popup()
        self._hits = []
        self.results_model.clear()
        # The completer may write the chosen label into the field after this signal.
        QTimer.singleShot(0, self.clear)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down and self._hits and not self._popup_visible():
            self.completer_popup.complete()
            return
        super().keyPressEvent(event)
