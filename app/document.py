"""The neutral book document: a tree of blocks that both writers (DOCX and PDF) render.

Built from the store by ``app.assemble`` for one book and one edition; it holds no formatting
decisions beyond semantic styles, so DOCX and PDF say the same thing. All text in it is plain
text (never markup) and already cleaned of characters XML cannot hold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

from app.domain import Image

if TYPE_CHECKING:
    from app.styles.model import HouseStyle

LEAD_IN_MAX_CHARS = 100  # a bold line up to this long reads as a lead-in, not a sentence

# Characters XML 1.0 cannot hold (DOCX is XML; reportlab paragraphs are XML-ish too).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Drop characters XML cannot hold; keep everything else exactly as written."""
    return _XML_INVALID.sub("", text)


class Edition(Enum):
    """Which book is made: everything, what may be handed to the other side, or everything with
    its review (each section's status and every comment with its replies)."""

    FULL = "full"
    HANDOUT = "handout"
    REVIEW = "review"

    @property
    def complete(self) -> bool:
        """True for the editions that print the whole book (full and review)."""
        return self is not Edition.HANDOUT


@dataclass(frozen=True)
class Run:
    """A stretch of inline text with one formatting.

    ``text`` may hold ``"\n"`` for a hard line break (Markdown's trailing backslash).
    """

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    strike: bool = False
    link: str | None = None
    comment_ids: tuple[str, ...] = ()  # review edition: the comments these words carry


@dataclass
class Paragraph:
    """A paragraph of runs. ``style`` is a semantic name both writers map to a style:

    ``body``, ``lead`` (larger intro text), ``meta`` (small grey detail line), ``label``
    (small caps heading inside a block), ``small``, ``caption``, ``center``.
    """

    runs: list[Run]
    style: str = "body"

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)

    @property
    def is_lead_in(self) -> bool:
        """A short line wholly in bold ("**Points to explore**"): it introduces what follows
        like a heading, so writers keep it on the page of the next block."""
        text = self.text.strip()
        return (
            0 < len(text) <= LEAD_IN_MAX_CHARS
            and "\n" not in text
            and all(run.bold for run in self.runs if run.text.strip())
        )


@dataclass
class Heading:
    """A heading. Level 1 is a part of the book (Schedule, Brief, Participants, Sector notes);
    level 2 an item (a section, a person, a note); 3 and below come from Markdown bodies.
    ``anchor`` is unique in the document: bookmarks, TOC links and DOCX bookmarks use it.
    """

    level: int
    text: str
    anchor: str
    in_toc: bool = True
    comment_ids: tuple[str, ...] = ()  # review edition: comments about the whole item


@dataclass
class ListItem:
    blocks: list[Block]


@dataclass
class ListBlock:
    """A bullet or numbered list; items may hold nested lists."""

    ordered: bool
    items: list[ListItem]
    start: int = 1


@dataclass
class TableCell:
    blocks: list[Block]


@dataclass
class Table:
    """A table. ``widths`` are relative column widths (any scale); ``style`` is ``grid``
    (Markdown tables), ``schedule`` or ``facts`` (label/value pairs without header)."""

    rows: list[list[TableCell]]
    header_rows: int = 1
    widths: list[float] | None = None
    style: str = "grid"


@dataclass
class Picture:
    """An image shown ``width_in`` inches wide, its height following the aspect ratio."""

    image: Image
    alt: str
    width_in: float


@dataclass
class Quote:
    blocks: list[Block]


@dataclass
class CodeBlock:
    text: str


@dataclass
class Rule:
    """A thin horizontal line."""


@dataclass
class PageBreak:
    """Start a new page."""


@dataclass
class KeepTogether:
    """Blocks that should not be split across pages unless they must."""

    blocks: list[Block]


@dataclass
class SideBySide:
    """Two columns, e.g. a profile's photo beside its name and title."""

    left: list[Block]
    right: list[Block]
    left_width_in: float


@dataclass
class TocEntry:
    level: int
    text: str
    anchor: str


@dataclass
class TableOfContents:
    """The contents page: writers add page numbers (PDF: clickable; DOCX: a TOC field)."""

    title: str
    entries: list[TocEntry]


@dataclass
class Cover:
    """The cover page's content; writers lay it out.

    Fields hold bare values (``prepared_by="Regional office"``, ``exported_on="5 March 2026"``);
    writers add the labels ("Prepared by", "Cleared by", "Exported") and leave empty fields out.
    """

    marking: str
    organization: str
    title: str
    subtitle: str
    destination: str
    dates: str
    prepared_by: str
    exported_on: str
    edition_note: str = ""  # e.g. "Handout edition — for distribution to counterparts"
    cleared_by: str = ""  # the book's sign-off, "A. Supervisor, 5 December 2026" (not handouts)


@dataclass(frozen=True)
class CommentNote:
    """One message of a review comment's thread: who wrote it, when (as printed), and what."""

    author: str
    when: str
    text: str


@dataclass(frozen=True)
class CommentThread:
    """A review comment with its replies; ``number`` is how the printed book refers to it.

    ``quote`` holds the words it is about (empty for a comment on a whole item).
    """

    id: str
    number: int
    about: str
    quote: str
    opening: CommentNote
    replies: tuple[CommentNote, ...] = ()
    resolved: bool = False


@dataclass
class CommentList:
    """Review edition: the comments about the item just above, printed after it.

    The DOCX writer makes them Word comments on the text instead (``BookDocument.comments``).
    """

    threads: list[CommentThread]
    title: str = "Comments"


Block = (
    Paragraph
    | Heading
    | ListBlock
    | Table
    | Picture
    | Quote
    | CodeBlock
    | Rule
    | PageBreak
    | KeepTogether
    | SideBySide
    | TableOfContents
    | Cover
    | CommentList
)


@dataclass
class BookDocument:
    """A whole book ready for a writer.

    The builder places every ``PageBreak`` (after the cover, after the contents, before each
    part); writers add none of their own. The cover page carries no page number: numbering
    starts at 1 on the page after it.
    """

    title: str
    marking: str
    page_size: str  # "letter" | "a4"
    edition: Edition
    author: str = ""
    subject: str = ""
    keywords: list[str] = field(default_factory=list)
    footer_title: str = ""
    blocks: list[Block] = field(default_factory=list)
    watermark: str = ""  # a word stamped across every page ("DRAFT"), or nothing
    comments: dict[str, CommentThread] = field(default_factory=dict)  # review edition, by id
    # The house style the writers draw the book in (None or the built-in: BriefBook's own look).
    house_style: HouseStyle | None = None

    def headings(self) -> list[Heading]:
        """Every heading in reading order, including those inside groups."""
        found: list[Heading] = []

        def walk(blocks: list[Block]) -> None:
            for block in blocks:
                if isinstance(block, Heading):
                    found.append(block)
                elif isinstance(block, KeepTogether):
                    walk(block.blocks)
                elif isinstance(block, SideBySide):
                    walk(block.left)
                    walk(block.right)

        walk(self.blocks)
        return found
