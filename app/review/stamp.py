"""The DRAFT stamp: a book under review with anything not cleared exports as a draft."""

from __future__ import annotations

from app.domain import Section
from app.review.model import BookReview, status_label

DRAFT_WORD = "DRAFT"


def not_cleared(review: BookReview, sections: list[Section]) -> list[tuple[Section, str]]:
    """The sections that still need clearing, with their status's word, in book order."""
    return [
        (section, status_label(review.status_of(section.id).status))
        for section in sections
        if not review.status_of(section.id).cleared
    ]


def needs_draft_stamp(review: BookReview | None, sections: list[Section]) -> bool:
    """True when review is on and a section is not cleared (a book without sections is not)."""
    return bool(review and review.enabled and not_cleared(review, sections))


def watermark_for(review: BookReview | None, sections: list[Section], asked: bool) -> str:
    """The word stamped across every page: DRAFT when asked for or when review requires it."""
    return DRAFT_WORD if asked or needs_draft_stamp(review, sections) else ""
