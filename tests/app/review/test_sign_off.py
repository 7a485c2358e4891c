"""The book's sign-off: only over a fully cleared book, voided by any later change to a section,
printed on the cover of the full book (never the handout), and listed by ``review``."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from review_support import REVIEWER, clear_all, reviewed_sample

from app.assemble import build_document
from app.document import Cover, Edition
from app.errors import InvalidInput
from app.review.model import ReviewSettings, SectionStatus, sign_off_holds
from app.review.store_review import load_review
from app.store import Store

SUPERVISOR = "C. Supervisor"


def test_only_a_fully_cleared_book_can_be_signed_off(store: Store) -> None:
    book = reviewed_sample(store)
    with pytest.raises(InvalidInput, match="5 still wait"):
        book.reviews.sign_off(book.book_id, SUPERVISOR)
    clear_all(book)
    with pytest.raises(InvalidInput, match="name"):
        book.reviews.sign_off(book.book_id, "  ")
    signed = book.reviews.sign_off(book.book_id, SUPERVISOR)
    assert signed.signed_off_by == SUPERVISOR and signed.signed_off_at
    assert load_review(store, book.book_id).signed_off
    book.reviews.withdraw_sign_off(book.book_id)
    assert not load_review(store, book.book_id).signed_off


def test_review_switched_off_cannot_be_signed(store: Store) -> None:
    book = reviewed_sample(store, enabled=False)
    with pytest.raises(InvalidInput, match="Review is off"):
        book.reviews.sign_off(book.book_id, SUPERVISOR)


def test_an_edit_or_a_new_section_voids_the_sign_off(store: Store) -> None:
    book = reviewed_sample(store)
    clear_all(book)
    book.reviews.sign_off(book.book_id, SUPERVISOR)
    section = store.get_section(book.sections[2].id)
    store.save_section(replace(section, body=section.body + "\nOne more line.\n"))
    assert not load_review(store, book.book_id).signed_off  # the edit sent it back to review
    # Clearing it again does not bring the old sign-off back: it covered other words.
    book.reviews.set_status(section.id, "cleared", REVIEWER)
    assert not load_review(store, book.book_id).signed_off

    book.reviews.sign_off(book.book_id, SUPERVISOR)
    store.add_section(book.book_id, "Late addition", "Text nobody cleared.")
    assert not load_review(store, book.book_id).signed_off


def test_the_rule_reads_stamps_with_any_offset() -> None:
    settings = ReviewSettings("b", True, SUPERVISOR, "2026-12-05T10:00:00+01:00")
    before = SectionStatus("s", "cleared", REVIEWER, "2026-12-05T08:59:00Z")
    after = SectionStatus("s", "cleared", REVIEWER, "2026-12-05T09:01:00Z")
    assert sign_off_holds(settings, [before])
    assert not sign_off_holds(settings, [after])
    assert not sign_off_holds(replace(settings, enabled=False), [before])
    assert not sign_off_holds(settings, [])


def test_the_cover_of_the_full_book_says_who_cleared_it(store: Store) -> None:
    book = reviewed_sample(store)
    clear_all(book)
    content = store.load_book_content(book.book_id)

    def cover(edition: Edition) -> str:
        review = load_review(store, book.book_id)
        document = build_document(content, edition, date(2026, 12, 5), review=review)
        [cover] = [block for block in document.blocks if isinstance(block, Cover)]
        return cover.cleared_by

    assert cover(Edition.FULL) == ""  # cleared, but not signed off yet
    book.reviews.sign_off(book.book_id, SUPERVISOR)
    assert cover(Edition.FULL).startswith(f"{SUPERVISOR}, ")
    assert cover(Edition.REVIEW).startswith(f"{SUPERVISOR}, ")
    assert cover(Edition.HANDOUT) == ""  # the handout goes to counterparts


def test_exported_covers_carry_the_line(store: Store, tmp_path: Path) -> None:
    from docx import Document

    from exports.api import export_book

    book = reviewed_sample(store)
    clear_all(book)
    book.reviews.sign_off(book.book_id, SUPERVISOR)
    docx_path = tmp_path / "book.docx"
    pdf_path = tmp_path / "book.pdf"
    for path, fmt in ((docx_path, "docx"), (pdf_path, "pdf")):
        for _ in export_book(store, book.book_id, fmt, path, today=date(2026, 12, 5)):
            pass
    cover_lines = [p.text for p in Document(str(docx_path)).paragraphs[:12]]
    assert any(line.startswith(f"Cleared by {SUPERVISOR}, ") for line in cover_lines)
    first_page = subprocess.run(
        ["pdftotext", "-l", "1", str(pdf_path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert f"Cleared by {SUPERVISOR}," in first_page
    assert "DRAFT" not in first_page


def test_review_command_lists_the_sign_off(store: Store) -> None:
    book = reviewed_sample(store)
    clear_all(book)
    book.reviews.sign_off(book.book_id, SUPERVISOR)
    path = store.path
    store.close()

    def review(*extra: str) -> str:
        command = [sys.executable, "-m", "app", "--store", str(path), "review", book.book_id]
        done = subprocess.run([*command, *extra], capture_output=True, text=True, check=True)
        return done.stdout

    assert f"Signed off by {SUPERVISOR} at " in review()
    listing = json.loads(review("--json"))
    assert listing["signed_off_by"] == SUPERVISOR and listing["signed_off_at"]


def test_a_sign_off_travels_in_a_bundle_and_still_stands(store: Store, tmp_path: Path) -> None:
    from app.bundle import export_bundle, import_bundle

    book = reviewed_sample(store)
    clear_all(book)
    book.reviews.sign_off(book.book_id, SUPERVISOR)
    bundle = tmp_path / "cleared.bbk"
    export_bundle(store, book.book_id, bundle)
    with Store.open(tmp_path / "other.sqlite") as other:
        imported = import_bundle(other, bundle)
        review = load_review(other, imported.book_id)
        assert review.signed_off and review.settings.signed_off_by == SUPERVISOR
