"""Review and clearance: statuses, comments, versions and the DRAFT stamp (no Qt).

- ``model``: the plain data (statuses, comments, replies) and their words;
- ``store_review``: reading and writing them in the store (migration 3's tables);
- ``anchors``: finding a comment's quoted words again after edits around them;
- ``versions``: numbered versions of a book, stored content-addressed, and restoring them;
- ``compare``: what changed between two versions, part by part;
- ``stamp``: when an export carries DRAFT, and what is not cleared yet.
"""
