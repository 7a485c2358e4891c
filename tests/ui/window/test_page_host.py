"""The main window builds pages on first use and brings hidden ones up to date just in time."""

from __future__ import annotations

from app.domain import Book
from app.sample import SAMPLE_BOOK_ID
from ui.window.page_registry import PAGE_CLASSES


def test_start_up_builds_only_the_page_in_view(window) -> None:
    assert window.current_key is not None
    built = [key for key in PAGE_CLASSES if window.pages.is_built(key)]
    assert built == [window.current_key]


def test_a_page_is_built_when_first_shown_and_shows_the_open_book(window) -> None:
    assert not window.pages.is_built("schedule")
    window.show_page("schedule")
    assert window.pages.is_built("schedule")
    assert window.stack.currentWidget() is window.pages["schedule"]
    assert window.pages["schedule"].book_id == SAMPLE_BOOK_ID


def test_hidden_pages_catch_up_with_a_new_book_soon_after(qtbot, window, sample_context) -> None:
    for key in ("schedule", "sections", "overview"):
        window.show_page(key)
    other = sample_context.store.save_book(Book(title="Next trip"))
    window.open_book(other.id, "overview")
    # The visible page at once; the hidden ones one per turn of the event loop.
    assert window.pages._pages["overview"].book_id == other.id
    assert window.pages._pages["schedule"].book_id == SAMPLE_BOOK_ID
    qtbot.waitUntil(
        lambda: all(window.pages._pages[k].book_id == other.id for k in ("schedule", "sections"))
    )


def test_asking_for_a_hidden_page_brings_it_up_to_date_first(window, sample_context) -> None:
    window.show_page("sections")
    window.show_page("overview")
    other = sample_context.store.save_book(Book(title="Next trip"))
    window.open_book(other.id, "overview")
    assert window.pages["sections"].book_id == other.id  # no waiting needed


def test_closing_the_book_clears_every_built_page_at_once(window) -> None:
    for key in ("schedule", "sections", "overview"):
        window.show_page(key)
    window.close_book()
    assert all(window.pages._pages[key].book_id is None for key in ("schedule", "sections"))
    assert window.stack.currentWidget() is window.welcome
