"""What every stage of a bundle shares: the format's names, the kinds of record, the refusal."""

from __future__ import annotations

from app.errors import BundleRefused

FORMAT_NAME = "briefbook-bundle"
FORMAT_VERSION = 1
BUNDLE_JSON = "bundle.json"

KINDS = ("book", "section", "person", "note", "meeting", "participant", "book_note", "image")


def refused(detail: str) -> BundleRefused:
    """The error for a bundle refused at ``detail``: the user learns nothing was imported."""
    return BundleRefused(f"The bundle was refused: {detail}; nothing was imported.")
