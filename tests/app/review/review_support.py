"""A sample book under review, for the review tests."""

from __future__ import annotations

from dataclasses import dataclass

from app.domain import Section
from app.review.model import Comment
from app.review.store_review import ReviewStore
from app.sample import ensure_sample_book
from app.store import Store

REVIEWER = "A. Reviewer"
DRAFTER = "B. Drafter"
QUOTE = "well beyond the size of its economy"


@dataclass
class ReviewedBook:
    store: Store
    reviews: ReviewStore
    book_id: str
    sections: list[Section]


def reviewed_sample(store: Store, *, enabled: bool = True) -> ReviewedBook:
    """The sample book with review switched on (or not) and nothing cleared."""
    book = ensure_sample_book(store)
    reviews = ReviewStore(store)
    if enabled:
        reviews.set_enabled(book.id, True)
    return ReviewedBook(store, reviews, book.id, store.list_sections(book.id))


def clear_all(book: ReviewedBook) -> None:
    for section in book.store.list_sections(book.book_id):
        book.reviews.set_status(section.id, "cleared", REVIEWER)


def quoted_comment(book: ReviewedBook, text: str = "Is this still true?") -> Comment:
    """A comment on the words QUOTE of the second section ("Why it matters")."""
    section = book.sections[1]
    assert QUOTE in section.body
    return book.reviews.save_comment(
        Comment(book.book_id, "section", section.id, REVIEWER, text, quote=QUOTE)
    )
