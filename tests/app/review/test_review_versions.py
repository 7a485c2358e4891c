"""Versions: saved by hand or by an export, compared, restored; stored compactly."""

from __future__ import annotations

from dataclasses import replace

import pytest
from review_support import REVIEWER, reviewed_sample

from app.errors import NotFound
from app.review import compare, versions
from app.store import Store


def _store_bytes(store: Store) -> int:
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return store.path.stat().st_size


def test_versions_are_numbered_named_and_listed(store: Store) -> None:
    book = reviewed_sample(store)
    first = versions.save_version(store, book.book_id, name="Sent to the front office")
    second = versions.save_version(store, book.book_id, export="pdf, full edition")
    assert (first.number, second.number) == (1, 2)
    listed = versions.list_versions(store, book.book_id)
    assert [(v.number, v.name, v.export) for v in listed] == [
        (1, "Sent to the front office", ""),
        (2, "", "pdf, full edition"),
    ]
    assert listed[0].label == "Version 1 — Sent to the front office"
    assert versions.latest_export_version(store, book.book_id) == listed[1]
    with pytest.raises(NotFound, match="no version 9"):
        versions.load_version(store, book.book_id, 9)


def test_a_version_keeps_the_book_as_it_was(store: Store) -> None:
    book = reviewed_sample(store)
    before = versions.book_state(store, book.book_id)
    versions.save_version(store, book.book_id)
    section = book.sections[0]
    store.save_section(replace(section, body="Rewritten entirely."))
    assert versions.load_version(store, book.book_id, 1) == before
    assert versions.book_state(store, book.book_id) != before


def test_compare_shows_the_changed_section_as_a_unified_diff(store: Store) -> None:
    book = reviewed_sample(store)
    versions.save_version(store, book.book_id)
    section = book.sections[1]
    store.save_section(replace(section, body=section.body.replace("Azerbaijan", "AZ", 1)))
    store.add_section(book.book_id, "Annex", "Added later.")
    changes = compare.compare_states(
        versions.load_version(store, book.book_id, 1), versions.book_state(store, book.book_id)
    )
    kinds = {change.title: change.kind for change in changes}
    assert kinds["Why it matters"] == compare.CHANGED
    assert kinds["Annex"] == compare.ADDED
    assert kinds["Situation"] == compare.SAME
    diff = compare.unified_diff(changes, "version 1", "now")
    assert "=== Section: Why it matters (changed)" in diff
    assert "--- version 1: Why it matters" in diff and "+++ now: Why it matters" in diff
    assert any(line.startswith("+") and "AZ" in line for line in diff.splitlines())
    assert "Situation" not in diff


def test_side_by_side_rows_and_word_changes() -> None:
    rows = compare.rows("one\ntwo\nthree", "one\n2\nthree\nfour")
    assert [(r.tag, r.old, r.new) for r in rows] == [
        ("equal", "one", "one"),
        ("replace", "two", "2"),
        ("equal", "three", "three"),
        ("insert", None, "four"),
    ]
    old, new = compare.word_changes("The rail corridor", "The road corridor")
    assert (old, new) == ([(4, 8)], [(4, 8)])


def test_restore_one_section_from_a_version(store: Store) -> None:
    book = reviewed_sample(store)
    first, second = book.sections[0], book.sections[1]
    versions.save_version(store, book.book_id)
    store.save_section(replace(first, body="Changed."))
    store.save_section(replace(second, body="Also changed."))
    state = versions.load_version(store, book.book_id, 1)
    versions.restore_section(store, book.book_id, state, first.id)
    assert store.get_section(first.id).body == first.body
    assert store.get_section(second.id).body == "Also changed."


def test_restore_brings_back_a_deleted_section_in_its_place(store: Store) -> None:
    book = reviewed_sample(store)
    versions.save_version(store, book.book_id)
    gone = book.sections[2]
    store.delete_section(gone.id)
    versions.restore_section(
        store, book.book_id, versions.load_version(store, book.book_id, 1), gone.id
    )
    assert [s.id for s in store.list_sections(book.book_id)] == [s.id for s in book.sections]


def test_restore_the_whole_book_and_undo_it(store: Store) -> None:
    book = reviewed_sample(store)
    versions.save_version(store, book.book_id)
    store.save_section(replace(book.sections[0], body="Changed."))
    store.delete_section(book.sections[4].id)
    store.add_section(book.book_id, "Annex", "New.")
    renamed = replace(store.get_book(book.book_id), title="Renamed trip")
    store.save_book(renamed)
    edited = versions.book_state(store, book.book_id)

    versions.restore_book(store, book.book_id, versions.load_version(store, book.book_id, 1))
    assert versions.book_state(store, book.book_id) == versions.load_version(store, book.book_id, 1)
    assert store.get_book(book.book_id).title != "Renamed trip"

    versions.restore_book(store, book.book_id, edited)  # what the undo does
    assert versions.book_state(store, book.book_id) == edited


def test_restoring_unclears_a_section_whose_text_changes(store: Store) -> None:
    book = reviewed_sample(store)
    versions.save_version(store, book.book_id)
    section = book.sections[0]
    store.save_section(replace(section, body="Changed."))
    book.reviews.set_status(section.id, "cleared", REVIEWER)
    versions.restore_section(
        store, book.book_id, versions.load_version(store, book.book_id, 1), section.id
    )
    assert book.reviews.status(section.id).status == "in_review"


def test_store_grows_with_what_changed_not_with_versions(store: Store) -> None:
    """100 versions of the sample book, one section edited between each: the growth is the
    edited text, compressed, plus a small manifest per version."""
    book = reviewed_sample(store)
    versions.save_version(store, book.book_id)
    start = _store_bytes(store)
    whole_book = len(versions._canonical(versions.book_state(store, book.book_id)))
    for number in range(100):
        section = store.get_section(book.sections[number % len(book.sections)].id)
        store.save_section(replace(section, body=section.body + f"\n\nEdit {number}."))
        versions.save_version(store, book.book_id)
    growth = _store_bytes(store) - start
    assert len(versions.list_versions(store, book.book_id)) == 101
    # Full copies would be 100 x the book. Each edit is a delta against the section's
    # previous record, so the kept records are a few hundred bytes a version...
    kept = store.conn.execute("SELECT sum(length(data)) FROM version_blobs").fetchone()[0]
    assert kept < 100 * whole_book / 20
    # ...and the file, edits and search index included, grows far less than copies would.
    assert growth < 100 * whole_book / 4
    state = versions.load_version(store, book.book_id, 101)
    assert state == versions.book_state(store, book.book_id)  # deltas rebuild exactly
    unchanged = _store_bytes(store)
    for _ in range(20):
        versions.save_version(store, book.book_id)
    assert _store_bytes(store) - unchanged < 20 * 1024  # a version of nothing new is tiny
