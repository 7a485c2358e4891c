"""From a book in the store to the neutral document both writers render.

This module decides what a book says and in which order, for one edition:

cover, contents, schedule (a table per day), the brief (purpose and sections), participant
profiles, sector notes. The handout edition keeps only sections flagged for handout and drops
everything meant for the delegation alone: talking points (sections and participants'), the
purpose, internal notes, meeting objectives and profile sources. The review edition is the full
book with a review summary after the contents, each section's status, and every comment with its
replies after the item it is about (``app.review.document_review``); only it ever carries
comments.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from app.dates_text import date_range, day_heading, long_date, time_span, zone_label
from app.document import (
    Block,
    BookDocument,
    CommentList,
    Cover,
    Edition,
    Heading,
    KeepTogether,
    ListBlock,
    ListItem,
    PageBreak,
    Paragraph,
    Picture,
    Run,
    SideBySide,
    Table,
    TableCell,
    TableOfContents,
    TocEntry,
    clean_text,
)
from app.domain import BookContent, Meeting, Note, ParticipantEntry, Section
from app.markdown_blocks import markdown_inline_runs, markdown_to_blocks
from app.review import document_review
from app.review.model import BookReview
from app.templates import is_talking_points

HANDOUT_NOTE = "Handout edition — for distribution to counterparts"
REVIEW_NOTE = "Review edition — statuses and comments, not for distribution"
PHOTO_WIDTH_IN = 1.6
TOC_MAX_LEVEL = 2


def sections_for(content: BookContent, edition: Edition) -> list[Section]:
    """The sections an edition prints, in book order."""
    if edition.complete:
        return list(content.sections)
    return [s for s in content.sections if s.handout and not is_talking_points(s)]


def notes_for(content: BookContent, edition: Edition) -> list[Note]:
    """The sector notes an edition prints, in book order."""
    if edition.complete:
        return list(content.notes)
    return [note for note in content.notes if not note.internal]


def _text(value: str) -> str:
    """A plain text field as the book prints it: XML-invalid characters dropped, ends trimmed."""
    return clean_text(value).strip()


def _para(text: str, style: str = "body", *, bold: bool = False, italic: bool = False) -> Paragraph:
    return Paragraph([Run(_text(text), bold=bold, italic=italic)], style=style)


def _labelled(label: str, value: str, style: str = "body") -> Paragraph:
    return Paragraph([Run(f"{label}: ", bold=True), Run(_text(value))], style=style)


@dataclass
class _Builder:
    content: BookContent
    edition: Edition
    today: date
    review: BookReview | None = None
    anchors: set[str] = field(default_factory=set)
    threads: document_review.ThreadMaker = field(default_factory=document_review.ThreadMaker)

    @property
    def full(self) -> bool:
        return self.edition.complete

    @property
    def reviewing(self) -> BookReview | None:
        """The review to print: only in the review edition (comments never reach the others)."""
        return self.review if self.edition is Edition.REVIEW else None

    def with_comments(
        self, kind: str, ident: str, heading: Heading, body: list[Block], about: str
    ) -> tuple[Heading, CommentList | None]:
        review = self.reviewing
        if review is None:
            return heading, None
        comments = review.comments_on(kind, ident)
        return document_review.attach(heading, body, comments, self.threads, about)

    def anchor(self, wanted: str) -> str:
        """A document-unique anchor made of letters, digits and hyphens."""
        base = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in wanted).strip("-")
        base = base or "h"
        candidate, n = base, 1
        while candidate in self.anchors:
            n += 1
            candidate = f"{base}-{n}"
        self.anchors.add(candidate)
        return candidate

    def heading(self, level: int, text: str, anchor: str) -> Heading:
        return Heading(level=level, text=_text(text) or "Untitled", anchor=self.anchor(anchor))

    def body(self, markdown: str, level: int, anchor: str) -> list[Block]:
        return markdown_to_blocks(
            markdown,
            base_level=level,
            anchor_prefix=self.anchor(anchor),
            images=self.content.images,
        )

    # --- cover --------------------------------------------------------------------------

    def cover(self) -> Cover:
        book = self.content.book
        return Cover(
            marking=_text(book.marking),
            organization=_text(book.organization),
            title=_text(book.title),
            subtitle=_text(book.subtitle),
            destination=_text(book.destination),
            dates=date_range(book.start_date, book.end_date),
            prepared_by=_text(book.prepared_by),
            exported_on=long_date(self.today),
            edition_note=(
                REVIEW_NOTE if self.edition is Edition.REVIEW else "" if self.full else HANDOUT_NOTE
            ),
            cleared_by=self.sign_off() if self.full else "",
        )

    def sign_off(self) -> str:
        """ "A. Supervisor, 5 December 2026" while the book's sign-off stands, else ""."""
        review = self.review
        if review is None or not review.signed_off or not review.settings.signed_off_at:
            return ""
        signed = datetime.fromisoformat(review.settings.signed_off_at)
        return f"{_text(review.settings.signed_off_by)}, {long_date(signed.astimezone().date())}"

    # --- schedule -----------------------------------------------------------------------

    def schedule(self) -> list[Block]:
        meetings = sorted(self.content.meetings, key=lambda m: (m.start, m.end, m.title))
        if not meetings:
            return []
        by_day: dict[date, list[Meeting]] = defaultdict(list)
        for meeting in meetings:
            by_day[meeting.start.date()].append(meeting)
        blocks: list[Block] = [PageBreak(), self.heading(1, "Schedule", "schedule")]
        for day, day_meetings in by_day.items():
            blocks.extend(self.schedule_day(day, day_meetings))
        return blocks

    def schedule_day(self, day: date, meetings: list[Meeting]) -> list[Block]:
        zones = {m.timezone for m in meetings}
        one_zone = len(zones) == 1
        intro = (
            f"Times are local: {zone_label(meetings[0].timezone, meetings[0].start)}."
            if one_zone
            else "Times are local to each meeting's time zone."
        )
        header = [
            TableCell([_para("Time", bold=True)]),
            TableCell([_para("Meeting and place", bold=True)]),
            TableCell([_para("Participants", bold=True)]),
        ]
        rows = [header] + [self.meeting_row(m, show_zone=not one_zone) for m in meetings]
        # One group, so a day's heading never stands alone at the foot of a page.
        blocks: list[Block] = [
            KeepTogether(
                [
                    self.heading(2, day_heading(day), f"day-{day.isoformat()}"),
                    _para(intro, "meta"),
                    Table(rows=rows, header_rows=1, widths=[1.25, 3.6, 2.0], style="schedule"),
                ]
            )
        ]
        review = self.reviewing
        if review is not None:
            threads = []
            for meeting, row in zip(meetings, rows[1:], strict=True):
                for comment in review.comments_on("meeting", meeting.id):
                    threads.append(self.threads.thread(comment, meeting.title or "Meeting"))
                    title_paragraph = row[1].blocks[0]
                    assert isinstance(title_paragraph, Paragraph)
                    if not (
                        comment.quote
                        and document_review.mark_quote(
                            row[1].blocks, comment.quote, comment.id, None
                        )
                    ):
                        title_paragraph.runs = [
                            replace(run, comment_ids=(*run.comment_ids, comment.id))
                            for run in title_paragraph.runs
                        ]
            if threads:
                blocks.append(CommentList(threads))
        return blocks

    def meeting_row(self, meeting: Meeting, show_zone: bool) -> list[TableCell]:
        time_blocks: list[Block] = [_para(time_span(meeting.start, meeting.end))]
        if show_zone:
            time_blocks.append(_para(zone_label(meeting.timezone, meeting.start), "small"))
        what: list[Block] = [_para(meeting.title or "Meeting", bold=True)]
        if _text(meeting.location):
            what.append(_para(meeting.location, "small"))
        if self.full and meeting.objective.strip():
            objective = markdown_inline_runs(meeting.objective)
            what.append(Paragraph([Run("Objective: ", italic=True), *objective], style="small"))
        names = self.participant_names(meeting.participants)
        who: list[Block] = [_para(name) for name in names]
        return [TableCell(time_blocks), TableCell(what), TableCell(who)]

    def participant_names(self, person_ids: list[str]) -> list[str]:
        known = {e.person.id: e.person for e in self.content.participants}
        return [_text(known[pid].name) for pid in person_ids if pid in known]

    # --- brief --------------------------------------------------------------------------

    def brief(self) -> list[Block]:
        sections = sections_for(self.content, self.edition)
        purpose = self.content.book.purpose if self.full else ""
        if not sections and not purpose.strip():
            return []
        blocks: list[Block] = [PageBreak(), self.heading(1, "Brief", "brief")]
        if purpose.strip():
            blocks.append(self.heading(2, "Purpose of the visit", "purpose"))
            blocks.extend(self.body(purpose, 2, "purpose-body"))
        for index, section in enumerate(sections, start=1):
            heading = self.heading(2, section.title, f"section-{index}")
            body = self.body(section.body, 2, f"section-{index}-body")
            heading, comments = self.with_comments(
                "section", section.id, heading, body, section.title
            )
            blocks.append(heading)
            review = self.reviewing
            if review is not None:
                blocks.append(document_review.status_paragraph(review, section.id))
            blocks.extend(body)
            if comments is not None:
                blocks.append(comments)
        return blocks

    # --- review summary (review edition) ------------------------------------------------

    def review_summary(self) -> list[Block]:
        review = self.reviewing
        if review is None:
            return []
        heading = self.heading(1, "Review", "review")
        heading, comments = self.with_comments(
            "book", self.content.book.id, heading, [], "The whole book"
        )
        blocks: list[Block] = [PageBreak(), heading]
        blocks.extend(document_review.summary_blocks(review, list(self.content.sections)))
        if comments is not None:
            comments.title = "Comments on the whole book"
            blocks.append(comments)
        return blocks

    # --- participants -------------------------------------------------------------------

    def participants(self) -> list[Block]:
        if not self.content.participants:
            return []
        blocks: list[Block] = [PageBreak(), self.heading(1, "Participants", "participants")]
        for index, entry in enumerate(self.content.participants, start=1):
            profile = self.profile(entry, index)
            first = profile.blocks[0]
            assert isinstance(first, Heading)
            heading, comments = self.with_comments(
                "participant", entry.person.id, first, profile.blocks[1:], entry.person.name
            )
            profile.blocks[0] = heading
            blocks.append(profile)
            if comments is not None:
                blocks.append(comments)
        return blocks

    def profile(self, entry: ParticipantEntry, index: int) -> KeepTogether:
        person, participant = entry.person, entry.participant
        name = " ".join(part for part in (_text(person.honorific), _text(person.name)) if part)
        details: list[Block] = []
        if _text(person.native_name):
            details.append(_para(person.native_name, "lead"))
        if _text(person.pronunciation):
            details.append(_labelled("Pronunciation", person.pronunciation, "meta"))
        if _text(person.title):
            details.append(_para(person.title, bold=True))
        if _text(person.organization):
            details.append(_para(person.organization))
        if _text(person.country):
            details.append(_para(person.country, "meta"))
        if _text(participant.role):
            details.append(_labelled("Role in this trip", participant.role))
        languages = [_text(lang) for lang in person.languages if _text(lang)]
        if languages:
            details.append(_labelled("Languages", ", ".join(languages)))
        image = self.content.images.get(person.photo or "")
        blocks: list[Block] = [self.heading(2, name or "Unnamed person", f"person-{index}")]
        if image is not None:
            alt = _text(person.photo_alt) or f"Photo of {_text(person.name)}"
            picture = Picture(image=image, alt=alt, width_in=PHOTO_WIDTH_IN)
            blocks.append(SideBySide(left=[picture], right=details, left_width_in=PHOTO_WIDTH_IN))
        else:
            blocks.extend(details)
        if person.bio.strip():
            blocks.append(_para("Biography", "label"))
            blocks.extend(self.body(person.bio, 2, f"person-{index}-bio"))
        if self.full and participant.talking_points.strip():
            blocks.append(_para("Talking points", "label"))
            blocks.extend(self.body(participant.talking_points, 2, f"person-{index}-points"))
        verified = (
            f"Verified as of {long_date(person.last_verified)}"
            if person.last_verified
            else "Verified as of: not recorded"
        )
        blocks.append(_para(verified, "meta"))
        if self.full and _text(person.source):
            blocks.append(_labelled("Source", person.source, "meta"))
        return KeepTogether(blocks)

    # --- notes --------------------------------------------------------------------------

    def notes(self) -> list[Block]:
        notes = notes_for(self.content, self.edition)
        if not notes:
            return []
        blocks: list[Block] = [PageBreak(), self.heading(1, "Sector notes", "notes")]
        for index, note in enumerate(notes, start=1):
            note_blocks = self.note(note, index)
            opening = note_blocks[0]
            assert isinstance(opening, KeepTogether)
            first = opening.blocks[0]
            assert isinstance(first, Heading)
            heading, comments = self.with_comments(
                "note", note.id, first, [*opening.blocks[1:], *note_blocks[1:]], note.title
            )
            opening.blocks[0] = heading
            blocks.extend(note_blocks)
            if comments is not None:
                blocks.append(comments)
        return blocks

    def note(self, note: Note, index: int) -> list[Block]:
        opening: list[Block] = [self.heading(2, note.title, f"note-{index}")]
        where = " · ".join(part for part in (_text(note.sector), _text(note.country)) if part)
        if where:
            opening.append(_para(where, "meta"))
        if note.internal:  # only ever reached in the full edition
            opening.append(_para("Internal: kept out of the handout edition", "meta", italic=True))
        body = self.body(note.body, 2, f"note-{index}-body")
        # The title and its detail lines stay with the first block of the body.
        blocks: list[Block] = [KeepTogether(opening + body[:1]), *body[1:]]
        sources = [_text(source) for source in note.sources if _text(source)]
        if sources:
            blocks.append(_para("Sources", "label"))
            items = [ListItem([Paragraph([self.source_run(s)])]) for s in sources]
            blocks.append(ListBlock(ordered=False, items=items))
        as_of = (
            f"As of {long_date(note.last_verified)}"
            if note.last_verified
            else "As of: not recorded"
        )
        blocks.append(_para(as_of, "meta"))
        return blocks

    @staticmethod
    def source_run(source: str) -> Run:
        is_link = source.lower().startswith(("http://", "https://")) and " " not in source
        return Run(source, link=source if is_link else None)

    # --- whole book ---------------------------------------------------------------------

    def document(self) -> BookDocument:
        book = self.content.book
        parts = (
            self.review_summary()
            + self.schedule()
            + self.brief()
            + self.participants()
            + self.notes()
        )
        body = BookDocument(title="", marking="", page_size="letter", edition=self.edition)
        body.blocks = parts
        entries = [
            TocEntry(level=h.level, text=h.text, anchor=h.anchor)
            for h in body.headings()
            if h.in_toc and h.level <= TOC_MAX_LEVEL
        ]
        blocks: list[Block] = [self.cover()]
        if entries:
            blocks.append(PageBreak())
            blocks.append(TableOfContents(title="Contents", entries=entries))
        blocks.extend(parts)
        title = _text(book.title) or "Untitled book"
        edition_word = {
            Edition.FULL: "Briefing book",
            Edition.HANDOUT: "Handout",
            Edition.REVIEW: "Briefing book for review",
        }[self.edition]
        subject = " — ".join(
            part
            for part in (
                edition_word,
                _text(book.destination),
                date_range(book.start_date, book.end_date),
            )
            if part
        )
        keywords = [
            word
            for word in (
                "briefing book",
                f"{self.edition.value} edition" if self.full else "handout",
                _text(book.destination),
                _text(book.organization),
                _text(book.marking),
            )
            if word
        ]
        return BookDocument(
            title=title,
            marking=_text(book.marking),
            page_size=book.page_size if book.page_size in ("letter", "a4") else "letter",
            edition=self.edition,
            author=_text(book.prepared_by) or _text(book.organization),
            subject=subject,
            keywords=keywords,
            footer_title=title,
            blocks=blocks,
            comments=dict(self.threads.threads),
        )


def build_document(
    content: BookContent,
    edition: Edition,
    today: date | None = None,
    *,
    review: BookReview | None = None,
    watermark: str = "",
) -> BookDocument:
    """The neutral document for ``content`` in ``edition``; ``today`` is the export date shown
    on the cover (fixed in tests so outputs are reproducible).

    ``review`` is printed by the review edition only; ``watermark`` ("DRAFT") is stamped across
    every page by the writers.
    """
    builder = _Builder(content=content, edition=edition, today=today or date.today(), review=review)
    document = builder.document()
    document.watermark = watermark
    return document
