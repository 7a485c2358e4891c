"""What every stage of a bundle shares: the format's names, the kinds of record, the refusal."""

from __future__ import annotations

from app.errors import BundleRefused

FORMAT_NAME = "briefbook-bundle"
# 2: review (statuses, comments, replies); 3: a book's house style travels with it
# (``house_style``). docs/bundle-format.md describes every version; all of them import.
FORMAT_VERSION = 3
BUNDLE_JSON = "bundle.json"

KINDS = (
    "book",
    "section",
    "person",
    "note",
    "meeting",
    "participant",
    "book_note",
    "image",
    "comment",
    "reply",
)


def refused(detail: str) -> BundleRefused:
    """The error for a bundle refused at ``detail``: the user learns nothing was imported."""
    return BundleRefused(f"The bundle was refused: {detail}; nothing was imported.")
