"""The main window's pages, built on first use and told about the open book just in time.

Start-up builds only the page in view; switching books updates the visible page at once and
the other built pages one per turn of the event loop, so neither start-up nor opening a book
holds the GUI thread for the sum of every page's reload. Any access through the mapping brings
that page up to date first, so callers never see a page showing another book.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QStackedWidget

from ui.context import AppContext
from ui.window.pages import BookPage

PageFactory = Callable[[str, AppContext], BookPage]
_UNSET = object()


class PageHost(Mapping[str, BookPage]):
    """A read-only mapping key → page over ``keys``; pages live in ``stack``."""

    def __init__(
        self,
        keys: tuple[str, ...],
        context: AppContext,
        stack: QStackedWidget,
        factory: PageFactory,
    ) -> None:
        self._keys = keys
        self._context = context
        self._stack = stack
        self._factory = factory
        self._pages: dict[str, BookPage] = {}
        self._shown_book: dict[str, object] = {}  # key → book id the page was last given
        self.book_id: str | None = None
        self._catch_up = QTimer(stack)
        self._catch_up.setSingleShot(True)
        self._catch_up.setInterval(0)
        self._catch_up.timeout.connect(self._update_one_stale_page)

    # --- Mapping ---------------------------------------------------------------------------

    def __getitem__(self, key: str) -> BookPage:
        if key not in self._keys:
            raise KeyError(key)
        page = self._pages.get(key)
        if page is None:
            page = self._factory(key, self._context)
            if self._context.read_only:
                page.set_read_only(True)  # locked before anyone can type in it
            page.setObjectName(f"page_{key}")
            self._stack.addWidget(page)
            self._pages[key] = page
            self._shown_book[key] = _UNSET
        if self._shown_book[key] != self.book_id:
            self._shown_book[key] = self.book_id
            page.set_book(self.book_id)
        return page

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    # --- what the window needs -------------------------------------------------------------

    def built(self) -> list[BookPage]:
        """The pages built so far, as they are (for flushing edits and preferences)."""
        return list(self._pages.values())

    def is_built(self, key: str) -> bool:
        return key in self._pages

    def set_book(self, book_id: str | None, visible_key: str | None) -> None:
        """Open ``book_id``: the visible page now, the other built pages soon after."""
        self.book_id = book_id
        if book_id is None:
            # Closing a book (it may be deleted): no page may keep showing it.
            for key in list(self._pages):
                self[key]
            return
        if visible_key in self._pages:
            self[visible_key]
        if self._stale_keys():
            self._catch_up.start()

    def _stale_keys(self) -> list[str]:
        return [key for key in self._pages if self._shown_book[key] != self.book_id]

    def _update_one_stale_page(self) -> None:
        stale = self._stale_keys()
        if stale:
            self[stale[0]]
        if len(stale) > 1:
            self._catch_up.start()
