"""Bundle version 2: review, statuses and comments travel and merge; version 1 still imports."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from review_support import DRAFTER, REVIEWER, quoted_comment, reviewed_sample

from app.body_images import referenced_images
from app.bundle import FORMAT_VERSION, export_bundle, import_bundle
from app.errors import BundleRefused
from app.review.model import Comment, Reply
from app.review.store_review import ReviewStore, load_review
from app.store import Store

FIXTURES = Path(__file__).parent.parent / "fixtures"
V2_BOOK = "22222222-2222-4222-8222-222222222222"


@pytest.fixture
def other(tmp_path: Path) -> Iterator[Store]:
    """A second officer's store."""
    opened = Store.open(tmp_path / "other.sqlite")
    try:
        yield opened
    finally:
        opened.close()


def _bundle_json(path: Path) -> dict[str, Any]:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return dict(json.loads(archive.read("bundle.json")))


def test_there_is_a_bundle_fixture_for_every_version() -> None:
    found = sorted(int(p.stem.split("-v")[1]) for p in FIXTURES.glob("bundle-v*.json"))
    assert found == list(range(1, FORMAT_VERSION + 1))


def test_a_version_1_bundle_imports_with_review_off(store: Store) -> None:
    result = import_bundle(store, FIXTURES / "bundle-v1.json")
    review = load_review(store, result.book_id)
    assert review.enabled is False
    assert [s.status for s in review.statuses.values()] == ["draft"]
    assert review.comments == []


def test_a_version_1_bundle_ignores_review_fields(store: Store, tmp_path: Path) -> None:
    document = json.loads((FIXTURES / "bundle-v2.json").read_text())
    document["version"] = 1
    path = tmp_path / "v1.json"
    path.write_text(json.dumps(document))
    review = load_review(store, import_bundle(store, path).book_id)
    assert review.enabled is False and review.comments == []


def test_a_version_2_bundle_imports_review_statuses_and_comments(store: Store) -> None:
    result = import_bundle(store, FIXTURES / "bundle-v2.json")
    assert result.created["comment"] == 3 and result.created["reply"] == 1
    review = load_review(store, V2_BOOK)
    assert review.enabled is True
    statuses = list(review.statuses.values())
    assert [(s.status, s.cleared_by) for s in statuses] == [
        ("cleared", "A. Reviewer"),
        ("in_review", ""),
        ("draft", ""),
    ]
    by_id = {c.id[-2:]: c for c in review.comments}
    assert by_id["e1"].quote == "Steady" and by_id["e1"].replies[0].author == "B. Drafter"
    assert by_id["e2"].target_kind == "meeting" and by_id["e2"].resolved
    assert by_id["e3"].target_kind == "participant"


def test_a_version_3_bundle_brings_its_house_style_and_pictures(store: Store) -> None:
    """Version 3 adds the book's house style and the pictures its texts show."""
    from app.styles.records import StyleRecords

    result = import_bundle(store, FIXTURES / "bundle-v3.json")
    assert StyleRecords(store).style_name_for_book(result.book_id) == "Ministry"
    [picture] = referenced_images(s.body for s in store.list_sections(result.book_id))
    image = store.get_image(picture)
    assert image is not None and (image.width, image.height) == (24, 16)
    assert result.created["comment"] == 3  # and version 2's review still comes with it


def test_round_trip_carries_the_review(store: Store, other: Store, tmp_path: Path) -> None:
    book = reviewed_sample(store)
    book.reviews.set_status(book.sections[0].id, "cleared", REVIEWER)
    book.reviews.set_status(book.sections[1].id, "in_review")
    comment = quoted_comment(book)
    book.reviews.add_reply(Reply(comment.id, DRAFTER, "Yes."))
    path = export_bundle(store, book.book_id, tmp_path / "trip.bbk")
    document = _bundle_json(path)
    assert document["version"] == FORMAT_VERSION
    assert document["book"]["review"]["enabled"] is True
    assert document["book"]["sections"][0]["status"] == "cleared"
    assert document["book"]["sections"][0]["cleared_by"] == REVIEWER

    import_bundle(other, path)
    mine, theirs = load_review(store, book.book_id), load_review(other, book.book_id)
    assert theirs.enabled

    def clearance(review: Any) -> list[tuple[str, str, str, str | None]]:
        return [(k, s.status, s.cleared_by, s.cleared_at) for k, s in review.statuses.items()]

    assert clearance(theirs) == clearance(mine)
    assert theirs.comments == mine.comments


def test_versions_stay_local(store: Store, other: Store, tmp_path: Path) -> None:
    from app.review import versions

    book = reviewed_sample(store)
    versions.save_version(store, book.book_id, name="Mine")
    path = export_bundle(store, book.book_id, tmp_path / "trip.bbk")
    document = _bundle_json(path)
    assert set(document) == {"format", "version", "book", "people", "notes"}
    assert "Mine" not in json.dumps(document)
    import_bundle(other, path)
    assert versions.list_versions(other, book.book_id) == []


def test_concurrent_replies_both_survive_merging_both_ways(
    store: Store, other: Store, tmp_path: Path
) -> None:
    book = reviewed_sample(store)
    comment = quoted_comment(book)
    import_bundle(other, export_bundle(store, book.book_id, tmp_path / "first.bbk"))
    # Both officers answer the same comment, offline, at about the same time.
    ReviewStore(store).add_reply(Reply(comment.id, REVIEWER, "Mine: agreed."))
    ReviewStore(other).add_reply(Reply(comment.id, DRAFTER, "Theirs: rewritten."))
    ReviewStore(other).set_resolved(comment.id, True)  # and the other resolves it

    import_bundle(other, export_bundle(store, book.book_id, tmp_path / "mine.bbk"))
    import_bundle(store, export_bundle(other, book.book_id, tmp_path / "theirs.bbk"))

    for each in (store, other):
        merged = ReviewStore(each).comment(comment.id)
        assert sorted(r.text for r in merged.replies) == ["Mine: agreed.", "Theirs: rewritten."]
    # The newer copy of the comment itself (resolved) wins on both sides.
    assert ReviewStore(store).comment(comment.id).resolved is True
    assert ReviewStore(other).comment(comment.id).resolved is True


def test_an_older_status_does_not_overwrite_a_newer_clearance(
    store: Store, other: Store, tmp_path: Path
) -> None:
    book = reviewed_sample(store)
    section = book.sections[0]
    import_bundle(other, export_bundle(store, book.book_id, tmp_path / "old.bbk"))
    ReviewStore(other).set_status(section.id, "cleared", "C. Chief")
    import_bundle(other, export_bundle(store, book.book_id, tmp_path / "old-again.bbk"))
    assert ReviewStore(other).status(section.id).cleared_by == "C. Chief"
    import_bundle(store, export_bundle(other, book.book_id, tmp_path / "new.bbk"))
    assert ReviewStore(store).status(section.id).cleared_by == "C. Chief"


def _v2(edit: Any, tmp_path: Path) -> Path:
    document = json.loads((FIXTURES / "bundle-v2.json").read_text())
    edit(document)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document))
    return path


@pytest.mark.parametrize(
    ("edit", "words"),
    [
        (
            lambda d: d["book"]["sections"][0].update(status="approved"),
            "book.sections[0].status is not one of",
        ),
        (
            lambda d: d["book"]["comments"][0]["target"].update(id="nowhere"),
            "book.comments[0].target is not one of the bundle's sections",
        ),
        (
            lambda d: d["book"]["comments"][1]["target"].update(kind="photo"),
            "book.comments[1].target.kind is not one of",
        ),
        (
            lambda d: d["book"]["comments"][0]["replies"].append(
                d["book"]["comments"][0]["replies"][0]
            ),
            "book.comments[0].replies[1].id",
        ),
    ],
)
def test_bad_review_fields_are_refused_whole(
    store: Store, tmp_path: Path, edit: Any, words: str
) -> None:
    with pytest.raises(BundleRefused) as refused:
        import_bundle(store, _v2(edit, tmp_path))
    assert words in str(refused.value)
    assert store.list_books() == []


def test_comments_on_items_left_out_are_not_written(store: Store, tmp_path: Path) -> None:
    book = reviewed_sample(store)
    section = book.sections[0]
    book.reviews.save_comment(Comment(book.book_id, "section", section.id, REVIEWER, "Gone."))
    store.delete_section(section.id)
    document = _bundle_json(export_bundle(store, book.book_id, tmp_path / "trip.bbk"))
    assert document["book"]["comments"] == []
