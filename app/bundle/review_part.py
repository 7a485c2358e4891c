"""Version 2 of the bundle: a book's review (switch, section statuses, comments and replies).

Writing and merging live here; reading the review (``read_review``, ``check_targets``) is in
``app.bundle.checking`` beside the other fields' checks. Writing adds ``book.review``, each section's ``status``/``cleared_by``/``cleared_at`` and
``book.comments`` to the version 1 document (comments on items the bundle does not carry are
left out, as a reader would refuse them). Reading takes them only from a version 2 document: a
version 1 bundle is a book with review off, whatever it holds. Merging:

- a section's status travels with the section record: it is written when the section is
  (created, or newer by ``updated_at``), since clearing a section moves its ``updated_at``;
- the review switch follows the book record, and is taken when the store has none;
- comments merge by id and ``updated_at`` like records; replies are the union of both copies
  by id, whatever happens to the comment, so a reply is never lost.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from app.bundle.format import refused
from app.review.model import (
    CLEARED,
    Comment,
    ReviewSettings,
    SectionStatus,
)
from app.review.store_review import ReviewStore
from app.store import Store

if TYPE_CHECKING:
    from app.domain import BookContent

REVIEW_VERSION = 2


@dataclass
class BundleReview:
    """The review a bundle carries; empty for version 1."""

    settings: ReviewSettings | None = None
    statuses: dict[str, SectionStatus] = field(default_factory=dict)
    comments: list[Comment] = field(default_factory=list)


# --- writing --------------------------------------------------------------------------------


def _status_json(status: SectionStatus) -> dict[str, Any]:
    cleared = status.status == CLEARED
    return {
        "status": status.status,
        "cleared_by": status.cleared_by if cleared else "",
        "cleared_at": status.cleared_at if cleared else None,
    }


def add_review(store: Store, content: BookContent, book_json: dict[str, Any]) -> None:
    """Add the book's review to a version 1 ``book`` object, making it version 2's."""
    book_id = content.book.id
    review = ReviewStore(store).load(book_id)
    settings = review.settings
    book_json["review"] = {
        "enabled": settings.enabled,
        "signed_off_by": settings.signed_off_by,
        "signed_off_at": settings.signed_off_at,
    }
    if settings.updated_at:
        book_json["review"]["updated_at"] = settings.updated_at
    for section_json in book_json["sections"]:
        section_json.update(_status_json(review.status_of(section_json["id"])))
    present = {("book", book_id)}
    present |= {("section", s.id) for s in content.sections}
    present |= {("participant", e.person.id) for e in content.participants}
    present |= {("note", n.id) for n in content.notes}
    present |= {("meeting", m.id) for m in content.meetings}
    book_json["comments"] = [
        {
            "id": comment.id,
            "target": {"kind": comment.target_kind, "id": comment.target_id},
            "quote": comment.quote,
            "anchor_start": comment.anchor_start,
            "author": comment.author,
            "created_at": comment.created_at,
            "updated_at": comment.updated_at,
            "text": comment.text,
            "resolved": comment.resolved,
            "replies": [
                {
                    "id": reply.id,
                    "author": reply.author,
                    "created_at": reply.created_at,
                    "text": reply.text,
                }
                for reply in comment.replies
            ],
        }
        for comment in review.comments
        if (comment.target_kind, comment.target_id) in present
    ]


# --- merging --------------------------------------------------------------------------------


@dataclass
class ReviewStep:
    outcome: str
    kind: str
    write: Any


def review_steps(
    store: Store,
    book_id: str,
    review: BundleReview,
    *,
    book_outcome: str,
    section_outcomes: dict[str, str],
    outcome: Any,
) -> list[ReviewStep]:
    """What merging a bundle's review into book ``book_id`` does; runs after the book and its
    sections. ``outcome(existing_stamp, incoming_stamp)`` is the merge's created/updated/skipped
    rule.
    """
    if review.settings is None:
        return []
    reviews = ReviewStore(store)
    steps: list[ReviewStep] = []
    stored = reviews.settings(book_id)
    if book_outcome != "skipped" or not stored.updated_at:
        settings = review.settings
        steps.append(
            ReviewStep(
                "created" if not stored.updated_at else "updated",
                "review",
                lambda: reviews.save_settings(settings, keep_timestamp=True),
            )
        )
    for section_id, status in review.statuses.items():
        if section_outcomes.get(section_id, "skipped") != "skipped":
            steps.append(
                ReviewStep(
                    "updated",
                    "status",
                    _bound(lambda s: reviews.put_status(s, touch_section=False), status),
                )
            )
    known = {c.id: c for c in reviews.comments(book_id)}
    for comment in review.comments:
        existing = known.get(comment.id)
        if existing is None and _comment_elsewhere(store, comment.id):
            raise refused(f"comment {comment.id} belongs to another book")
        result = outcome(existing.updated_at if existing else None, comment.updated_at)
        fields = replace(comment, replies=[])
        steps.append(
            ReviewStep(
                result,
                "comment",
                None
                if result == "skipped"
                else _bound(lambda c: reviews.save_comment(c, keep_timestamp=True), fields),
            )
        )
        have = {r.id for r in existing.replies} if existing else set()
        for reply in comment.replies:
            if reply.id in have:
                steps.append(ReviewStep("skipped", "reply", None))
            else:
                steps.append(ReviewStep("created", "reply", _bound(reviews.insert_reply, reply)))
    return steps


def _comment_elsewhere(store: Store, comment_id: str) -> bool:
    row = store.conn.execute("SELECT 1 FROM comments WHERE id = ?", [comment_id]).fetchone()
    return row is not None


def _bound(function: Any, argument: object) -> Any:
    return lambda: function(argument)
