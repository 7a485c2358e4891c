"""The builder: what a book says, in which order, for each edition."""

from __future__ import annotations

from datetime import date, datetime

from book_support import HANDOUT_FORBIDDEN, TODAY, document_text

from app.assemble import HANDOUT_NOTE, PHOTO_WIDTH_IN, build_document
from app.dates_text import date_range, day_heading, time_span, zone_label
from app.document import (
    BookDocument,
    Cover,
    Edition,
    Heading,
    KeepTogether,
    ListBlock,
    PageBreak,
    Paragraph,
    Picture,
    SideBySide,
    Table,
    TableOfContents,
)
from app.domain import Book, BookContent, Note, Participant, ParticipantEntry, Person, Section
from app.store import Store
from app.templates import is_talking_points


def _parts(document: BookDocument) -> list[str]:
    return [h.text for h in document.headings() if h.level == 1]


def _profiles(document: BookDocument) -> list[KeepTogether]:
    return [
        b
        for b in document.blocks
        if isinstance(b, KeepTogether)
        and any(
            isinstance(inner, SideBySide)
            or (isinstance(inner, Heading) and inner.anchor.startswith("person-"))
            for inner in b.blocks
        )
    ]


def test_full_book_order(test_documents: dict[Edition, BookDocument]) -> None:
    document = test_documents[Edition.FULL]
    assert isinstance(document.blocks[0], Cover)
    assert isinstance(document.blocks[1], PageBreak)
    assert isinstance(document.blocks[2], TableOfContents)
    assert _parts(document) == ["Schedule", "Brief", "Participants", "Sector notes"]
    level2 = [h.text for h in document.headings() if h.level == 2]
    assert level2 == [
        "Wednesday 2 December 2026",
        "Thursday 3 December 2026",
        "Purpose of the visit",
        "Situation",
        "Internal assessment",
        "Talking points",
        "H.E. Anar Əliyev",
        "Eleni Papadopoulou",
        "Rail corridor",
        "Internal logistics note",
    ]
    # every part starts on a new page
    for index, block in enumerate(document.blocks):
        if isinstance(block, Heading) and block.level == 1:
            assert isinstance(document.blocks[index - 1], PageBreak)


def test_cover_and_metadata(test_documents: dict[Edition, BookDocument]) -> None:
    document = test_documents[Edition.FULL]
    cover = document.blocks[0]
    assert cover == Cover(
        marking="OFFICIAL-SENSITIVE",
        organization="Trade Development Office",
        title="Trade mission to Bakı",
        subtitle="Follow-up talks — ə ğ ı ş İ",
        destination="Bakı, Azərbaycan",
        dates="2–3 December 2026",
        prepared_by="Regional desk",
        exported_on="20 November 2026",
        edition_note="",
    )
    assert document.title == document.footer_title == "Trade mission to Bakı"
    assert document.marking == "OFFICIAL-SENSITIVE"
    assert document.author == "Regional desk"
    assert "Bakı, Azərbaycan" in document.subject
    assert "Bakı, Azərbaycan" in document.keywords
    assert document.page_size == "letter"


def test_contents_lists_parts_and_items_with_unique_anchors(
    test_documents: dict[Edition, BookDocument],
) -> None:
    document = test_documents[Edition.FULL]
    toc = document.blocks[2]
    assert isinstance(toc, TableOfContents)
    headings = [h for h in document.headings() if h.level <= 2]
    assert [(e.level, e.text, e.anchor) for e in toc.entries] == [
        (h.level, h.text, h.anchor) for h in headings
    ]
    anchors = [h.anchor for h in document.headings()]
    assert len(anchors) == len(set(anchors))
    assert all(a.replace("-", "").isalnum() and a.isascii() for a in anchors)


def test_schedule_has_a_table_per_day(test_documents: dict[Edition, BookDocument]) -> None:
    document = test_documents[Edition.FULL]
    days = [
        b
        for b in document.blocks
        if isinstance(b, KeepTogether) and isinstance(b.blocks[-1], Table)
    ]
    assert len(days) == 2
    heading, intro, table = days[0].blocks
    assert isinstance(heading, Heading) and heading.text == "Wednesday 2 December 2026"
    assert isinstance(intro, Paragraph) and "Asia/Baku (UTC+04:00)" in intro.text
    assert isinstance(table, Table) and table.style == "schedule" and table.header_rows == 1
    texts = [
        ["\n".join(p.text for p in cell.blocks if isinstance(p, Paragraph)) for cell in row]
        for row in table.rows
    ]
    assert texts[0] == ["Time", "Meeting and place", "Participants"]
    assert texts[1][0] == "10:00–11:00"
    assert texts[1][1].startswith("Meeting with the Deputy Minister\nGovernment House, Bakı")
    assert "OBJECTIVE-TEXT: agree next steps." in texts[1][1]
    assert texts[2][2] == "Anar Əliyev\nEleni Papadopoulou"


def test_profile_layout(test_documents: dict[Edition, BookDocument]) -> None:
    document = test_documents[Edition.FULL]
    first, second = _profiles(document)
    heading, side = first.blocks[0], first.blocks[1]
    assert isinstance(heading, Heading) and heading.text == "H.E. Anar Əliyev"
    assert isinstance(side, SideBySide)
    [picture] = side.left
    assert isinstance(picture, Picture)
    assert picture.width_in == PHOTO_WIDTH_IN and picture.alt == "Portrait of Anar Əliyev"
    right = [p.text for p in side.right if isinstance(p, Paragraph)]
    assert right == [
        "Анар Алиев",
        "Pronunciation: ah-NAR ah-LEE-yev",
        "Deputy Minister",
        "Ministry of Digital Development",
        "Azerbaijan",
        "Role in this trip: Counterpart",
        "Languages: Azerbaijani, Russian, English",
    ]
    text = [p.text for p in first.blocks if isinstance(p, Paragraph)]
    assert "Anar Əliyev leads the digital programme." in text
    assert "Talking points" in text
    assert "Verified as of 1 October 2026" in text
    assert "Source: Ministry website" in text
    # no photo: no side-by-side, the details follow the heading
    assert not any(isinstance(b, SideBySide) for b in second.blocks)
    assert "Ελένη Παπαδοπούλου" in [p.text for p in second.blocks if isinstance(p, Paragraph)]


def test_notes_have_sources_and_as_of(test_documents: dict[Edition, BookDocument]) -> None:
    text = document_text(test_documents[Edition.FULL])
    assert "Railway infrastructure · Azerbaijan" in text
    assert "https://example.org/rail" in text
    assert "As of 1 November 2026" in text
    lists = [b for b in test_documents[Edition.FULL].blocks if isinstance(b, ListBlock)]
    source_links = [
        item.blocks[0].runs[0].link
        for b in lists
        for item in b.items  # type: ignore[union-attr]
        if item.blocks and isinstance(item.blocks[0], Paragraph) and item.blocks[0].runs[0].link
    ]
    assert "https://example.org/rail" in source_links


def test_handout_leaks_nothing_internal(test_documents: dict[Edition, BookDocument]) -> None:
    full = document_text(test_documents[Edition.FULL])
    handout = document_text(test_documents[Edition.HANDOUT])
    for marker in HANDOUT_FORBIDDEN:
        assert marker in full, marker  # the marker is real...
        assert marker not in handout, marker  # ...and the handout drops it
    assert "Talking points" not in handout
    assert HANDOUT_NOTE in handout
    assert test_documents[Edition.HANDOUT].edition is Edition.HANDOUT
    assert _parts(test_documents[Edition.HANDOUT]) == [
        "Schedule",
        "Brief",
        "Participants",
        "Sector notes",
    ]
    assert "Situation" in handout and "Rail corridor" in handout


def test_sample_book_handout(book_store: tuple[Store, str, str]) -> None:
    store, _, sample_id = book_store
    content = store.load_book_content(sample_id)
    handout = build_document(content, Edition.HANDOUT, TODAY)
    text = document_text(handout)
    assert "Talking points" not in text
    assert "Delegation logistics" not in text  # the sample's internal note
    assert "these points stay out of the handout" not in text
    full = document_text(build_document(content, Edition.FULL, TODAY))
    assert "Delegation logistics" in full and "Səməddin Əsədov" in full


def _tiny_content(**book_fields: object) -> BookContent:
    book = Book(title="T", **book_fields)  # type: ignore[arg-type]
    return BookContent(book=book, sections=[], participants=[], notes=[], meetings=[], images={})


def test_a_record_never_verified_says_so_plainly() -> None:
    """Not "Verified as of not recorded" (seen on a profile page)."""
    content = _tiny_content()
    person = Person(name="Nino Beridze")
    content.participants.append(
        ParticipantEntry(Participant(content.book.id, person.id, role="Counterpart"), person)
    )
    content.notes.append(Note(title="Rail links", body="Text."))
    text = document_text(build_document(content, Edition.FULL, TODAY))
    assert "Verified as of: not recorded" in text
    assert "As of: not recorded" in text
    assert "of not recorded" not in text


def test_empty_book_is_a_cover_only() -> None:
    document = build_document(_tiny_content(), Edition.FULL, TODAY)
    assert len(document.blocks) == 1 and isinstance(document.blocks[0], Cover)
    assert document.blocks[0].dates == ""


def test_text_fields_are_cleaned_not_rewritten() -> None:
    hostile = "A & B <b>x</b> \"q\" 'a'\x00\x1f\ufffe end"
    content = _tiny_content(subtitle=hostile, page_size="a4", marking="M\x0b")
    content.sections.append(Section(book_id=content.book.id, title=hostile, body=""))
    document = build_document(content, Edition.FULL, TODAY)
    cover = document.blocks[0]
    assert isinstance(cover, Cover)
    assert cover.subtitle == "A & B <b>x</b> \"q\" 'a' end"
    assert cover.marking == document.marking == "M"
    assert document.page_size == "a4"
    assert "A & B <b>x</b> \"q\" 'a' end" in [h.text for h in document.headings()]


def test_today_defaults_to_the_current_date() -> None:
    cover = build_document(_tiny_content(), Edition.FULL).blocks[0]
    assert isinstance(cover, Cover)
    assert cover.exported_on.endswith(str(date.today().year))


def test_talking_points_sections_are_recognised() -> None:
    assert is_talking_points(Section(book_id="b", title="Talking  Points"))
    assert is_talking_points(Section(book_id="b", title="Notes", template_key="talking_points"))
    assert not is_talking_points(Section(book_id="b", title="Situation"))


def test_internal_note_is_marked_in_the_full_book() -> None:
    content = _tiny_content()
    content.notes.append(Note(title="Secret", internal=True))
    assert "Internal: kept out of the handout edition" in document_text(
        build_document(content, Edition.FULL, TODAY)
    )
    assert "Secret" not in document_text(build_document(content, Edition.HANDOUT, TODAY))


def test_dates_and_times_text() -> None:
    assert date_range(date(2026, 12, 1), date(2026, 12, 3)) == "1–3 December 2026"
    assert date_range(date(2026, 11, 30), date(2026, 12, 2)) == "30 November – 2 December 2026"
    assert date_range(date(2026, 12, 30), date(2027, 1, 2)) == "30 December 2026 – 2 January 2027"
    assert date_range(date(2026, 12, 1), None) == "1 December 2026"
    assert day_heading(date(2026, 12, 2)) == "Wednesday 2 December 2026"
    late = datetime(2026, 12, 2, 22, 0)
    assert time_span(late, datetime(2026, 12, 3, 1, 30)) == "22:00–01:30 (+1 day)"
    assert zone_label("America/New_York", datetime(2026, 7, 1, 9)) == "America/New_York (UTC-04:00)"
    assert zone_label("Not/AZone", late) == "Not/AZone"
