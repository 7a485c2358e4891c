"""What review adds to the export dialog: the DRAFT tick box that review can require, and
keeping every export as a version of the book."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QCheckBox, QRadioButton

from app.errors import BriefBookError
from app.review import versions
from app.review.stamp import not_cleared
from app.review.store_review import load_review
from app.store import Store
from ui.context import AppContext


def review_choices(context: AppContext, book_id: str) -> tuple[QRadioButton, QCheckBox]:
    """The Review edition's radio button and the DRAFT tick box (ticked and locked, saying
    why, when review requires the stamp)."""
    review = QRadioButton("Review")
    review.setObjectName("reviewEdition")
    review.setToolTip(
        "The full book with each section's status and every comment with its replies."
    )
    box = QCheckBox("Stamp DRAFT on every page")
    box.setObjectName("draftWatermark")
    box.setToolTip("A book under review with sections not cleared is stamped DRAFT anyway.")
    require_draft_stamp(box, context.store, book_id)
    return review, box


def review_file_name(name: str, edition: str) -> str:
    """The review edition's default file name never falls on the full book's."""
    if edition != "review":
        return name
    stem, dot, extension = name.rpartition(".")
    return f"{stem} - review{dot}{extension}"


def require_draft_stamp(box: QCheckBox, store: Store, book_id: str) -> None:
    """Under review with sections not cleared, the stamp is not a choice: tick, lock, say why."""
    review = load_review(store, book_id)
    sections = store.list_sections(book_id)
    waiting = not_cleared(review, sections) if review.enabled else []
    if waiting:
        box.setChecked(True)
        box.setEnabled(False)
        box.setText(
            f"Stamp DRAFT on every page ({len(waiting)} of {len(sections)} sections "
            "not cleared yet)"
        )


def save_exported_version(
    context: AppContext, book_id: str, path: Path, edition: str, exported: list[Any]
) -> None:
    """Keep the content the export wrote (``exported``, filled by its worker) as a version."""
    if not exported or context.read_only:
        return
    fmt = path.suffix.lstrip(".").lower()
    try:
        versions.save_version(
            context.store,
            book_id,
            export=f"{fmt}, {edition} edition",
            state=versions.content_state(exported[-1]),
        )
    except BriefBookError as error:
        context.events.status_message.emit(f"The export was not kept as a version: {error}")
    exported.clear()
