"""Review in the store: the switch, clearing, un-clearing on edit, comments and replies."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from review_support import DRAFTER, QUOTE, REVIEWER, quoted_comment, reviewed_sample

from app.errors import InvalidInput
from app.preflight import run_preflight
from app.review.model import Comment, Reply, SectionStatus, cleared_summary
from app.review.stamp import needs_draft_stamp, watermark_for
from app.review.store_review import ReviewStore, load_review
from app.store import Store

FIXTURES = Path(__file__).parent.parent / "fixtures"
FIXTURE_BOOK = "00000000-0000-4000-8000-000000000001"


def test_review_is_off_for_books_of_an_older_store(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / "store-v1.sqlite", path)
    with Store.open(path) as store:
        review = load_review(store, FIXTURE_BOOK)
        assert review.enabled is False
        assert [s.status for s in review.statuses.values()] == ["draft"]
        assert review.comments == []


def test_a_new_book_starts_with_review_off_and_it_can_be_switched_on(store: Store) -> None:
    book = reviewed_sample(store, enabled=False)
    assert book.reviews.settings(book.book_id).enabled is False
    book.reviews.set_enabled(book.book_id, True)
    assert book.reviews.settings(book.book_id).enabled is True
    book.reviews.set_enabled(book.book_id, False)
    assert book.reviews.settings(book.book_id).enabled is False


def test_clearing_records_who_and_when_and_counts(store: Store) -> None:
    book = reviewed_sample(store)
    first, second = book.sections[0], book.sections[1]
    book.reviews.set_status(second.id, "in_review")
    cleared = book.reviews.set_status(first.id, "cleared", REVIEWER)
    assert cleared.cleared_by == REVIEWER and cleared.cleared_at
    statuses = book.reviews.statuses(book.book_id)
    assert list(statuses) == [s.id for s in book.sections]  # book order, drafts included
    assert [s.status for s in statuses.values()] == [
        "cleared",
        "in_review",
        "draft",
        "draft",
        "draft",
    ]
    assert cleared_summary(list(statuses.values())) == "1 of 5 sections cleared"
    assert cleared_summary([SectionStatus("x", "cleared")]) == "1 of 1 section cleared"


def test_clearing_needs_a_name_and_a_known_status(store: Store) -> None:
    book = reviewed_sample(store)
    with pytest.raises(InvalidInput, match="name"):
        book.reviews.set_status(book.sections[0].id, "cleared", "  ")
    with pytest.raises(InvalidInput, match="not a status"):
        book.reviews.set_status(book.sections[0].id, "approved", REVIEWER)


def test_moving_back_from_cleared_forgets_who_cleared(store: Store) -> None:
    book = reviewed_sample(store)
    section = book.sections[0]
    book.reviews.set_status(section.id, "cleared", REVIEWER)
    back = book.reviews.set_status(section.id, "in_review", REVIEWER)
    assert (back.cleared_by, back.cleared_at) == ("", None)
    assert book.reviews.status(section.id).cleared_by == ""


def test_editing_a_cleared_sections_text_sends_it_back_to_review(store: Store) -> None:
    book = reviewed_sample(store)
    section = store.get_section(book.sections[0].id)
    book.reviews.set_status(section.id, "cleared", REVIEWER)
    store.save_section(section)  # saved unchanged (an autosave): still cleared
    assert book.reviews.status(section.id).status == "cleared"
    store.save_section(replace(section, handout=not section.handout))  # not its words
    assert book.reviews.status(section.id).status == "cleared"
    store.save_section(replace(section, body=section.body + "\n\nOne more line."))
    after = book.reviews.status(section.id)
    assert (after.status, after.cleared_by, after.cleared_at) == ("in_review", "", None)


def test_renaming_a_cleared_section_sends_it_back_to_review(store: Store) -> None:
    book = reviewed_sample(store)
    section = store.get_section(book.sections[2].id)
    book.reviews.set_status(section.id, "cleared", REVIEWER)
    store.save_section(replace(section, title="Outlook for 2027"))
    assert book.reviews.status(section.id).status == "in_review"


def test_a_status_change_makes_the_section_newer(store: Store) -> None:
    """Bundles merge a status with its section, by the section's updated_at."""
    book = reviewed_sample(store)
    before = store.get_section(book.sections[0].id).updated_at
    book.reviews.set_status(book.sections[0].id, "in_review")
    assert store.get_section(book.sections[0].id).updated_at > before


def test_a_deleted_section_keeps_its_status_for_undo_until_pruned(store: Store) -> None:
    book = reviewed_sample(store)
    section = book.sections[0]
    book.reviews.set_status(section.id, "cleared", REVIEWER)
    store.delete_section(section.id)
    assert section.id not in book.reviews.statuses(book.book_id)
    store.save_section(section)  # what undoing the deletion does: the same id comes back
    assert book.reviews.status(section.id).cleared_by == REVIEWER
    store.delete_section(section.id)
    assert book.reviews.prune_orphans() == 1
    assert store.conn.execute("SELECT count(*) FROM section_reviews").fetchone()[0] == 0


def test_comments_replies_resolve_and_reopen(store: Store) -> None:
    book = reviewed_sample(store)
    comment = quoted_comment(book)
    on_book = book.reviews.save_comment(
        Comment(book.book_id, "book", book.book_id, DRAFTER, "Shorter, please.")
    )
    book.reviews.add_reply(Reply(comment.id, DRAFTER, "Checked on 1 December."))
    book.reviews.add_reply(Reply(comment.id, REVIEWER, "Thanks."))
    book.reviews.set_resolved(comment.id, True)
    listed = book.reviews.comments(book.book_id)
    assert [c.id for c in listed] == [comment.id, on_book.id]
    first = listed[0]
    assert first.quote == QUOTE and first.resolved
    assert [(r.author, r.text) for r in first.replies] == [
        (DRAFTER, "Checked on 1 December."),
        (REVIEWER, "Thanks."),
    ]
    book.reviews.set_resolved(comment.id, False)
    assert book.reviews.comment(comment.id).resolved is False
    book.reviews.delete_comment(comment.id)
    assert [c.id for c in book.reviews.comments(book.book_id)] == [on_book.id]
    assert store.conn.execute("SELECT count(*) FROM comment_replies").fetchone()[0] == 0


def test_empty_comments_and_unknown_targets_are_refused(store: Store) -> None:
    book = reviewed_sample(store)
    with pytest.raises(InvalidInput, match="needs some text"):
        book.reviews.save_comment(Comment(book.book_id, "book", book.book_id, REVIEWER, " "))
    with pytest.raises(InvalidInput, match="cannot be about"):
        book.reviews.save_comment(Comment(book.book_id, "photo", "x", REVIEWER, "Hm"))
    comment = quoted_comment(book)
    with pytest.raises(InvalidInput, match="needs some text"):
        book.reviews.add_reply(Reply(comment.id, DRAFTER, ""))


def test_a_deleted_book_comes_back_with_its_review_and_versions(store: Store) -> None:
    from app.review import versions

    book = reviewed_sample(store)
    book.reviews.set_status(book.sections[0].id, "cleared", REVIEWER)
    quoted_comment(book)
    versions.save_version(store, book.book_id, name="Kept")
    content = store.load_book_content(book.book_id)
    store.delete_book(book.book_id)
    store.restore_book_content(content)  # the undo of Delete book
    review = load_review(store, book.book_id)
    assert review.enabled and review.status_of(book.sections[0].id).cleared
    assert [c.quote for c in review.comments] == [QUOTE]
    assert [v.name for v in versions.list_versions(store, book.book_id)] == ["Kept"]


def test_pruning_removes_what_deleted_books_left_and_keeps_the_rest(store: Store) -> None:
    from app.domain import Book
    from app.review import versions

    book = reviewed_sample(store)
    other = store.save_book(Book(title="Other trip"))
    store.add_section(other.id, "Situation", "Kept.")
    versions.save_version(store, other.id)
    quoted_comment(book)
    versions.save_version(store, book.book_id)
    before = versions.load_version(store, other.id, 1)
    store.delete_book(book.book_id)
    assert ReviewStore(store).prune_orphans() > 0
    for table in ("comments", "comment_replies", "book_reviews", "section_reviews"):
        assert store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
    assert versions.list_versions(store, book.book_id) == []
    assert versions.load_version(store, other.id, 1) == before  # its records were kept
    assert ReviewStore(store).prune_orphans() == 0


def test_draft_stamp_rule(store: Store) -> None:
    book = reviewed_sample(store, enabled=False)
    sections = book.sections
    assert watermark_for(load_review(store, book.book_id), sections, asked=False) == ""
    assert watermark_for(load_review(store, book.book_id), sections, asked=True) == "DRAFT"
    book.reviews.set_enabled(book.book_id, True)
    assert needs_draft_stamp(load_review(store, book.book_id), sections)
    for section in sections:
        book.reviews.set_status(section.id, "cleared", REVIEWER)
    assert not needs_draft_stamp(load_review(store, book.book_id), sections)
    assert watermark_for(load_review(store, book.book_id), sections, asked=True) == "DRAFT"


def test_preflight_lists_what_is_not_cleared(store: Store) -> None:
    book = reviewed_sample(store)
    for section in book.sections[:3]:
        book.reviews.set_status(section.id, "cleared", REVIEWER)
    book.reviews.set_status(book.sections[3].id, "in_review")
    content = store.load_book_content(book.book_id)
    found = [
        p
        for p in run_preflight(content, review=load_review(store, book.book_id))
        if "not cleared" in p.message
    ]
    assert [(p.kind, p.ref_id) for p in found] == [
        ("section", book.sections[3].id),
        ("section", book.sections[4].id),
    ]
    assert "Objectives" in found[0].message and "in review" in found[0].message
    # Review off: nothing to clear, nothing listed.
    ReviewStore(store).set_enabled(book.book_id, False)
    found = run_preflight(content, review=load_review(store, book.book_id))
    assert not [p for p in found if "not cleared" in p.message]


def test_pruning_with_nothing_deleted_keeps_everything(store: Store) -> None:
    from app.review import versions

    book = reviewed_sample(store)
    book.reviews.set_status(book.sections[0].id, "cleared", REVIEWER)
    quoted_comment(book)
    versions.save_version(store, book.book_id)
    assert book.reviews.prune_orphans() == 0
    assert load_review(store, book.book_id).comments
    assert versions.list_versions(store, book.book_id)
