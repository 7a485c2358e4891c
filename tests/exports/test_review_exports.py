"""Review in the exported files: DRAFT on every page, the review edition's comments (Word
comments read back with python-docx, boxes after their item in the PDF), and no comment ever
in the full or handout edition."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from book_support import TODAY, document_text, pdf_pages_text
from pypdf import PdfReader

from app.assemble import build_document
from app.document import CommentList, Edition
from app.review.model import Comment, Reply
from app.review.store_review import ReviewStore, load_review
from app.sample import ensure_sample_book
from app.store import Store
from exports.api import export_book

QUOTE = "well beyond the size of its economy"
SECRET_COMMENT = "Is this still true? (reviewer only)"
SECRET_REPLY = "Checked against the 2025 reporting."


@dataclass
class Reviewed:
    store: Store
    book_id: str
    reviews: ReviewStore


@pytest.fixture
def reviewed(tmp_path: Path) -> Iterator[Reviewed]:
    store = Store.open(tmp_path / "store.sqlite")
    book = ensure_sample_book(store)
    reviews = ReviewStore(store)
    reviews.set_enabled(book.id, True)
    sections = store.list_sections(book.id)
    comment = reviews.save_comment(
        Comment(book.id, "section", sections[1].id, "A. Reviewer", SECRET_COMMENT, quote=QUOTE)
    )
    reviews.add_reply(Reply(comment.id, "B. Drafter", SECRET_REPLY))
    reviews.save_comment(Comment(book.id, "section", sections[2].id, "C. Chief", "Rewrite."))
    reviews.save_comment(Comment(book.id, "book", book.id, "C. Chief", "Too long overall."))
    meeting = store.list_meetings(book.id)[0]
    reviews.save_comment(Comment(book.id, "meeting", meeting.id, "A. Reviewer", "Room?"))
    try:
        yield Reviewed(store, book.id, reviews)
    finally:
        store.close()


def _export(r: Reviewed, path: Path, edition: Edition, draft: bool = False) -> Path:
    for _ in export_book(r.store, r.book_id, path.suffix[1:], path, edition=edition, draft=draft):
        pass
    return path


def _clear_everything(r: Reviewed) -> None:
    for section in r.store.list_sections(r.book_id):
        r.reviews.set_status(section.id, "cleared", "A. Reviewer")


def _docx_headers(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        return [
            archive.read(name).decode()
            for name in archive.namelist()
            if re.fullmatch(r"word/header\d+\.xml", name)
        ]


# --- the DRAFT stamp --------------------------------------------------------------------------


def test_draft_pdf_says_draft_on_every_page_and_the_cleared_one_does_not(
    reviewed: Reviewed, tmp_path: Path
) -> None:
    draft = _export(reviewed, tmp_path / "draft.pdf", Edition.FULL)
    reader = PdfReader(draft)
    assert len(reader.pages) > 5
    assert all("DRAFT" in page.extract_text() for page in reader.pages)
    # poppler (what most Linux readers search with) finds it on every page too.
    assert all("DRAFT" in page for page in pdf_pages_text(draft))

    _clear_everything(reviewed)
    cleared = _export(reviewed, tmp_path / "cleared.pdf", Edition.FULL)
    assert not any("DRAFT" in page.extract_text() for page in PdfReader(cleared).pages)


def test_watermark_draft_stamps_a_book_without_review(reviewed: Reviewed, tmp_path: Path) -> None:
    reviewed.reviews.set_enabled(reviewed.book_id, False)
    plain = _export(reviewed, tmp_path / "plain.pdf", Edition.HANDOUT)
    assert not any("DRAFT" in page for page in pdf_pages_text(plain))
    stamped = _export(reviewed, tmp_path / "stamped.pdf", Edition.HANDOUT, draft=True)
    assert all("DRAFT" in page for page in pdf_pages_text(stamped))


def test_draft_docx_has_the_watermark_in_every_header(reviewed: Reviewed, tmp_path: Path) -> None:
    draft = _export(reviewed, tmp_path / "draft.docx", Edition.FULL)
    document = docx.Document(str(draft))
    assert len(document.sections) == 2  # the cover, then the book
    for section in document.sections:
        header = section.header._element
        assert not section.header.is_linked_to_previous
        paths = header.xpath(".//*[local-name()='textpath'][@string]")
        assert [p.get("string") for p in paths] == ["DRAFT"]
    assert all("rotation:315" in xml for xml in _docx_headers(draft))

    _clear_everything(reviewed)
    cleared = _export(reviewed, tmp_path / "cleared.docx", Edition.FULL)
    assert not any("DRAFT" in xml for xml in _docx_headers(cleared))


# --- the review edition -----------------------------------------------------------------------


def test_comments_never_reach_the_full_or_handout_edition(
    reviewed: Reviewed, tmp_path: Path
) -> None:
    content = reviewed.store.load_book_content(reviewed.book_id)
    review = load_review(reviewed.store, reviewed.book_id)
    for edition in (Edition.FULL, Edition.HANDOUT):
        document = build_document(content, edition, TODAY, review=review)
        assert document.comments == {}
        text = document_text(document)
        assert SECRET_COMMENT not in text and "Status:" not in text
        assert not any(isinstance(block, CommentList) for block in document.blocks)
        for fmt in ("pdf", "docx"):
            path = _export(reviewed, tmp_path / f"{edition.value}.{fmt}", edition)
            if fmt == "docx":
                assert len(docx.Document(str(path)).comments) == 0
                with zipfile.ZipFile(path) as archive:
                    assert "word/comments.xml" not in archive.namelist()
            else:
                assert not any(SECRET_COMMENT in page for page in pdf_pages_text(path))


def test_review_pdf_prints_statuses_and_comments_after_their_section(
    reviewed: Reviewed, tmp_path: Path
) -> None:
    reviewed.reviews.set_status(
        reviewed.store.list_sections(reviewed.book_id)[0].id, "cleared", "A. Reviewer"
    )
    pages = pdf_pages_text(_export(reviewed, tmp_path / "review.pdf", Edition.REVIEW))
    text = "\n".join(pages)
    assert "1 of 5 sections cleared" in text
    assert "Status: Cleared by A. Reviewer" in " ".join(text.split())
    flat = " ".join(text.split())
    assert SECRET_COMMENT in flat and SECRET_REPLY in flat and "Reply from B. Drafter" in flat
    assert f"On “{QUOTE}”" in flat
    # The thread follows its section's text, before the next section's heading.
    assert flat.index(SECRET_COMMENT) > flat.index(QUOTE)
    next_heading = re.search(r"Outlook(\[\d+\])? Status:", flat)
    assert next_heading is not None
    assert flat.index(SECRET_COMMENT) < next_heading.start()


def _commented_words(path: Path) -> dict[str, str]:
    """Word comment id -> the document text inside its range."""
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("word/document.xml").decode()
    found = {}
    for match in re.finditer(r'<w:commentRangeStart w:id="(\d+)"/>', xml):
        end = xml.index(f'<w:commentRangeEnd w:id="{match.group(1)}"/>', match.end())
        inside = xml[match.end() : end]
        found[match.group(1)] = "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", inside))
    return found


def test_review_docx_has_word_comments_anchored_to_the_text(
    reviewed: Reviewed, tmp_path: Path
) -> None:
    path = _export(reviewed, tmp_path / "review.docx", Edition.REVIEW)
    document = docx.Document(str(path))
    comments = {c.text: c for c in document.comments}
    assert set(comments) == {
        "Too long overall.",
        "Room?",
        SECRET_COMMENT,
        SECRET_REPLY,
        "Rewrite.",
    }
    assert comments[SECRET_COMMENT].author == "A. Reviewer"
    assert comments[SECRET_COMMENT].initials == "AR"
    assert comments[SECRET_REPLY].author == "B. Drafter"
    words = _commented_words(path)
    assert words[str(comments[SECRET_COMMENT].comment_id)] == QUOTE
    assert words[str(comments[SECRET_REPLY].comment_id)] == QUOTE  # the reply: same words
    assert words[str(comments["Rewrite."].comment_id)] == "Outlook"  # whole section: heading
    assert words[str(comments["Room?"].comment_id)] == "Arrival briefing"  # the meeting's title
    assert words[str(comments["Too long overall."].comment_id)] == "Review"

    # The reply is threaded under its comment for Word (commentsExtended).
    with zipfile.ZipFile(path) as archive:
        extended = archive.read("word/commentsExtended.xml").decode()
        comments_xml = archive.read("word/comments.xml").decode()
    para = dict(re.findall(r'w:id="(\d+)".*?w14:paraId="([0-9A-F]{8})"', comments_xml, re.S))
    parent = para[str(comments[SECRET_COMMENT].comment_id)]
    child = para[str(comments[SECRET_REPLY].comment_id)]
    assert f'w15:paraId="{child}" w15:paraIdParent="{parent}"' in extended
