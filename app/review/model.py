"""Review and clearance as plain data: a book's review switch, section statuses, comments.

A section moves draft → in review → cleared; a cleared section records who cleared it and when.
A comment is about one target (the book, a section, a participant, a note or a meeting) and,
for a section, optionally about the words that were selected when it was made (``quote``,
with ``anchor_start`` the offset in the section's plain text where the words were last seen).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from app.domain import new_id

DRAFT = "draft"
IN_REVIEW = "in_review"
CLEARED = "cleared"
STATUSES = (DRAFT, IN_REVIEW, CLEARED)
STATUS_LABELS = {DRAFT: "Draft", IN_REVIEW: "In review", CLEARED: "Cleared"}

TARGET_KINDS = ("book", "section", "participant", "note", "meeting")
TARGET_LABELS = {
    "book": "Book",
    "section": "Section",
    "participant": "Participant",
    "note": "Note",
    "meeting": "Meeting",
}


def status_label(status: str) -> str:
    """The word a person reads for a status ("In review" for ``in_review``)."""
    return STATUS_LABELS.get(status, STATUS_LABELS[DRAFT])


@dataclass
class ReviewSettings:
    """Whether a book is under review. Books without a stored row are not."""

    book_id: str
    enabled: bool = False
    signed_off_by: str = ""
    signed_off_at: str | None = None
    updated_at: str = ""


def _moment(stamp: str) -> datetime:
    moment = datetime.fromisoformat(stamp)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def sign_off_holds(settings: ReviewSettings, statuses: list[SectionStatus]) -> bool:
    """Whether the book's sign-off still stands.

    It stands while review is on and every section is cleared, none of them after the sign-off:
    an edit sends a section back to review, and clearing it again needs a new sign-off. Read
    this way rather than erased by triggers, a sign-off merged from a bundle is judged alike.
    """
    if not (settings.enabled and settings.signed_off_by and settings.signed_off_at and statuses):
        return False
    signed = _moment(settings.signed_off_at)
    return all(s.cleared and s.cleared_at and _moment(s.cleared_at) <= signed for s in statuses)


@dataclass
class SectionStatus:
    """A section's place in review. ``cleared_by``/``cleared_at`` are set only when cleared."""

    section_id: str
    status: str = DRAFT
    cleared_by: str = ""
    cleared_at: str | None = None
    changed_at: str = ""

    @property
    def cleared(self) -> bool:
        return self.status == CLEARED


@dataclass
class Reply:
    """An answer in a comment's thread."""

    comment_id: str
    author: str
    text: str
    id: str = field(default_factory=new_id)
    created_at: str = ""


@dataclass
class Comment:
    """A note from one reviewer about one target, with its thread of replies."""

    book_id: str
    target_kind: str
    target_id: str
    author: str
    text: str
    quote: str = ""
    anchor_start: int | None = None
    resolved: bool = False
    replies: list[Reply] = field(default_factory=list)
    id: str = field(default_factory=new_id)
    created_at: str = ""
    updated_at: str = ""


@dataclass
class BookReview:
    """Everything about one book's review, read together."""

    settings: ReviewSettings
    statuses: dict[str, SectionStatus]  # by section id; a missing section is a draft
    comments: list[Comment]

    @property
    def enabled(self) -> bool:
        return self.settings.enabled

    @property
    def signed_off(self) -> bool:
        """The sign-off stands (``statuses`` holds every section, as ``ReviewStore`` reads it)."""
        return sign_off_holds(self.settings, list(self.statuses.values()))

    def status_of(self, section_id: str) -> SectionStatus:
        return self.statuses.get(section_id) or SectionStatus(section_id)

    def comments_on(self, kind: str, target_id: str) -> list[Comment]:
        return [c for c in self.comments if c.target_kind == kind and c.target_id == target_id]


def cleared_summary(statuses: list[SectionStatus]) -> str:
    """ "3 of 5 sections cleared" (and "1 of 1 section cleared")."""
    total = len(statuses)
    cleared = sum(1 for status in statuses if status.cleared)
    noun = "section" if total == 1 else "sections"
    return f"{cleared} of {total} {noun} cleared"
