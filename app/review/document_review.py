"""The review edition's additions to the neutral document: status lines, comment threads,
quoted words marked in the text, and the review summary that opens the book.

``app.assemble`` calls these while it builds the review edition; nothing here is used by the
full or handout edition, so comments can never reach them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from app.document import (
    Block,
    CommentList,
    CommentNote,
    CommentThread,
    Heading,
    KeepTogether,
    ListBlock,
    Paragraph,
    Quote,
    Run,
    SideBySide,
    Table,
    TableCell,
    clean_text,
)
from app.domain import Section
from app.review.anchors import locate
from app.review.model import CLEARED, BookReview, Comment, cleared_summary, status_label


def when_text(stamp: str | None) -> str:
    """A stored UTC time as printed: "1 December 2026, 10:00 UTC"."""
    if not stamp:
        return ""
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    return f"{moment.day} {moment:%B %Y, %H:%M} UTC"


def status_text(review: BookReview, section_id: str) -> str:
    """ "Cleared by A. Reviewer, 1 December 2026, 10:00 UTC", "In review", "Draft"."""
    status = review.status_of(section_id)
    if status.status == CLEARED:
        by = f" by {status.cleared_by}" if status.cleared_by else ""
        at = f", {when_text(status.cleared_at)}" if status.cleared_at else ""
        return f"Cleared{by}{at}"
    return status_label(status.status)


def status_paragraph(review: BookReview, section_id: str) -> Paragraph:
    return Paragraph(
        [Run("Status: ", bold=True), Run(clean_text(status_text(review, section_id)))], "meta"
    )


@dataclass
class ThreadMaker:
    """Numbers comments in the order the book prints them and keeps every thread by id."""

    threads: dict[str, CommentThread] = field(default_factory=dict)

    def thread(self, comment: Comment, about: str) -> CommentThread:
        made = CommentThread(
            id=comment.id,
            number=len(self.threads) + 1,
            about=clean_text(about),
            quote=clean_text(comment.quote),
            opening=CommentNote(
                clean_text(comment.author) or "Unknown",
                when_text(comment.created_at),
                clean_text(comment.text),
            ),
            replies=tuple(
                CommentNote(
                    clean_text(reply.author) or "Unknown",
                    when_text(reply.created_at),
                    clean_text(reply.text),
                )
                for reply in comment.replies
            ),
            resolved=comment.resolved,
        )
        self.threads[comment.id] = made
        return made


def _mark_runs(runs: list[Run], start: int, end: int, comment_id: str) -> list[Run]:
    """``runs`` with the characters ``start``..``end`` carrying ``comment_id``."""
    out: list[Run] = []
    at = 0
    for run in runs:
        run_start, run_end = at, at + len(run.text)
        at = run_end
        lo, hi = max(start, run_start), min(end, run_end)
        if lo >= hi:
            out.append(run)
            continue
        before = run.text[: lo - run_start]
        inside = run.text[lo - run_start : hi - run_start]
        after = run.text[hi - run_start :]
        if before:
            out.append(replace(run, text=before))
        out.append(replace(run, text=inside, comment_ids=(*run.comment_ids, comment_id)))
        if after:
            out.append(replace(run, text=after))
    return out


def mark_quote(blocks: list[Block], quote: str, comment_id: str, hint: int | None) -> bool:
    """Mark the first paragraph's words matching ``quote``; False when no paragraph has them."""
    for block in blocks:
        if isinstance(block, Paragraph):
            anchor = locate(block.text, quote, hint)
            if anchor is not None:
                block.runs = _mark_runs(block.runs, anchor.start, anchor.end, comment_id)
                return True
        elif isinstance(block, ListBlock):
            for item in block.items:
                if mark_quote(item.blocks, quote, comment_id, hint):
                    return True
        elif isinstance(block, Quote | KeepTogether):
            if mark_quote(block.blocks, quote, comment_id, hint):
                return True
        elif isinstance(block, Table):
            for row in block.rows:
                for cell in row:
                    if mark_quote(cell.blocks, quote, comment_id, hint):
                        return True
        elif isinstance(block, SideBySide) and (
            mark_quote(block.left, quote, comment_id, hint)
            or mark_quote(block.right, quote, comment_id, hint)
        ):
            return True
    return False


def attach(
    heading: Heading,
    body: list[Block],
    comments: list[Comment],
    maker: ThreadMaker,
    about: str,
) -> tuple[Heading, CommentList | None]:
    """Anchor ``comments`` in an item: quoted words in ``body``, the rest on ``heading``.

    Returns the heading (with the whole-item comments) and the list printed after the item.
    """
    if not comments:
        return heading, None
    on_heading: list[str] = []
    threads = []
    for comment in comments:
        threads.append(maker.thread(comment, about))
        if not (comment.quote and mark_quote(body, comment.quote, comment.id, None)):
            on_heading.append(comment.id)
    heading = replace(heading, comment_ids=(*heading.comment_ids, *on_heading))
    return heading, CommentList(threads)


def summary_blocks(review: BookReview, sections: list[Section]) -> list[Block]:
    """The review part's opening: how much is cleared and each section's status."""
    statuses = [review.status_of(section.id) for section in sections]
    blocks: list[Block] = [Paragraph([Run(cleared_summary(statuses), bold=True)], "lead")]
    if not review.enabled:
        blocks.append(
            Paragraph([Run("Review is switched off for this book.", italic=True)], "meta")
        )
    if sections:
        header = [
            TableCell([Paragraph([Run("Section", bold=True)])]),
            TableCell([Paragraph([Run("Status", bold=True)])]),
        ]
        rows = [header] + [
            [
                TableCell([Paragraph([Run(clean_text(section.title) or "Untitled")])]),
                TableCell([Paragraph([Run(status_text(review, section.id))])]),
            ]
            for section in sections
        ]
        blocks.append(Table(rows=rows, header_rows=1, widths=[3.2, 3.6], style="grid"))
    return blocks
