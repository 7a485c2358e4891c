"""Review in the DOCX: Word comments anchored to the text, and the header watermark.

Comments are real Word comments (python-docx ≥ 1.2 writes ``word/comments.xml``): a comment's
range starts before the first run of the words it is about and ends after the last, followed
by the reference run. Each reply is a Word comment on the same range, threaded under its
comment through ``word/commentsExtended.xml`` (Word 2013's part: ``paraIdParent`` names the
comment answered, ``done`` marks a resolved thread), so a reviewer sees one conversation and
can answer it in Word. Programs that do not know that part show the replies as comments on the
same words, in order.

The watermark is the one Word's Design ▸ Watermark makes: a VML text-path shape in each
section's header, centred on the page and turned 45°; Word and LibreOffice both draw it on
every page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from docx.document import Document as DocxDocument
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree

from app.document import CommentNote, CommentThread
from exports.docx_xml import W, paragraph, sub

W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"
W15_NS = "http://schemas.microsoft.com/office/word/2012/wordml"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
V_NS = "urn:schemas-microsoft-com:vml"
O_NS = "urn:schemas-microsoft-com:office:office"
COMMENTS_EXTENDED_RT = "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"
COMMENTS_EXTENDED_CT = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml"
)


def _initials(name: str) -> str:
    return "".join(word[0] for word in name.split() if word[:1].isalpha())[:3].upper()


def _moment(when: str) -> datetime | None:
    for pattern in ("%d %B %Y, %H:%M UTC",):
        try:
            return datetime.strptime(when, pattern).replace(tzinfo=UTC)
        except ValueError:
            continue
    return None


@dataclass
class WordComments:
    """The Word comments of one document, made the first time the body refers to a thread."""

    docx: DocxDocument
    threads: dict[str, CommentThread]
    made: dict[str, list[int]] = field(default_factory=dict)  # thread id -> Word comment ids
    extended: list[tuple[str, str | None, bool]] = field(default_factory=list)
    next_para_id: int = 0x10000001

    def ids_for(self, thread_id: str) -> list[int]:
        """The Word comment ids of a thread (its comment, then its replies)."""
        if thread_id not in self.made:
            thread = self.threads[thread_id]
            first = self._add(thread.opening, None, thread.resolved, thread.quote)
            ids = [first[0]]
            for reply in thread.replies:
                ids.append(self._add(reply, first[1], thread.resolved, "")[0])
            self.made[thread_id] = ids
        return self.made[thread_id]

    def _add(
        self, note: CommentNote, parent: str | None, done: bool, quote: str
    ) -> tuple[int, str]:
        comment = self.docx.comments.add_comment(
            text=note.text or " ", author=note.author, initials=_initials(note.author)
        )
        moment = _moment(note.when)
        if moment is not None:
            comment._comment_elm.date = moment
        para_id = f"{self.next_para_id:08X}"
        self.next_para_id += 1
        # Word threads comments by the paraId of each comment's last paragraph.
        last = comment._comment_elm.findall(W + "p")[-1]
        last.set(f"{{{W14_NS}}}paraId", para_id)
        self.extended.append((para_id, parent, done))
        del quote  # the words are the comment's range; Word shows them itself
        return comment.comment_id, para_id

    def start(self, parent: etree._Element, thread_id: str) -> None:
        for word_id in self.ids_for(thread_id):
            sub(parent, "commentRangeStart", id=str(word_id))

    def end(self, parent: etree._Element, thread_id: str) -> None:
        for word_id in self.ids_for(thread_id):
            sub(parent, "commentRangeEnd", id=str(word_id))
            run = sub(parent, "r")
            sub(run, "commentReference", id=str(word_id))

    def finish(self) -> None:
        """Add ``commentsExtended.xml`` (threads and resolved flags) when there are comments."""
        if not self.extended:
            return
        root = etree.Element(
            f"{{{W15_NS}}}commentsEx",
            nsmap={"w15": W15_NS, "mc": MC_NS},
        )
        root.set(f"{{{MC_NS}}}Ignorable", "w15")
        for para_id, parent, done in self.extended:
            entry = etree.SubElement(root, f"{{{W15_NS}}}commentEx")
            entry.set(f"{{{W15_NS}}}paraId", para_id)
            if parent is not None:
                entry.set(f"{{{W15_NS}}}paraIdParent", parent)
            entry.set(f"{{{W15_NS}}}done", "1" if done else "0")
        blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        part = Part(
            PackURI("/word/commentsExtended.xml"),
            COMMENTS_EXTENDED_CT,
            blob,
            self.docx.part.package,
        )
        self.docx.part.relate_to(part, COMMENTS_EXTENDED_RT)


# --- the watermark ----------------------------------------------------------------------------

_SHAPE_TYPE = """<v:shapetype xmlns:v="urn:schemas-microsoft-com:vml"
 xmlns:o="urn:schemas-microsoft-com:office:office" id="_x0000_t136" coordsize="21600,21600"
 o:spt="136" adj="10800" path="m@7,l@8,m@5,21600l@6,21600e">
<v:formulas><v:f eqn="sum #0 0 10800"/><v:f eqn="prod #0 2 1"/><v:f eqn="sum 21600 0 @1"/>
<v:f eqn="sum 0 0 @2"/><v:f eqn="sum 21600 0 @3"/><v:f eqn="if @0 @3 0"/>
<v:f eqn="if @0 21600 @1"/><v:f eqn="if @0 0 @2"/><v:f eqn="if @0 @4 21600"/>
<v:f eqn="mid @5 @6"/><v:f eqn="mid @8 @5"/><v:f eqn="mid @7 @8"/><v:f eqn="mid @6 @7"/>
<v:f eqn="sum @6 0 @5"/></v:formulas>
<v:path textpathok="t" o:connecttype="custom" o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800"
 o:connectangles="270,180,90,0"/>
<v:textpath on="t" fitshape="t"/>
<o:lock v:ext="edit" text="t" shapetype="t"/>
</v:shapetype>"""


def watermark_run(text: str, number: int, width_pt: float, font: str) -> etree._Element:
    """A run carrying ``text`` as Word's diagonal watermark shape (it takes no line space)."""
    run = etree.Element(W + "r")
    rpr = sub(run, "rPr")
    sub(rpr, "noProof")
    pict = sub(run, "pict")
    pict.append(etree.fromstring(_SHAPE_TYPE))
    height_pt = width_pt / max(1, len(text)) * 1.1
    shape = etree.SubElement(pict, f"{{{V_NS}}}shape", nsmap={"v": V_NS, "o": O_NS})
    shape.set("id", f"BriefBookWatermark{number}")
    shape.set(f"{{{O_NS}}}spid", f"_x0000_s{2049 + number}")
    shape.set("type", "#_x0000_t136")
    shape.set(
        "style",
        "position:absolute;margin-left:0;margin-top:0;"
        f"width:{width_pt:.1f}pt;height:{height_pt:.1f}pt;rotation:315;z-index:-251657216;"
        "mso-position-horizontal:center;mso-position-horizontal-relative:margin;"
        "mso-position-vertical:center;mso-position-vertical-relative:margin",
    )
    shape.set(f"{{{O_NS}}}allowincell", "f")
    shape.set("fillcolor", "#D9A3A3")
    shape.set("stroked", "f")
    fill = etree.SubElement(shape, f"{{{V_NS}}}fill")
    fill.set("opacity", ".5")
    path = etree.SubElement(shape, f"{{{V_NS}}}textpath")
    path.set("style", f'font-family:"{font}";font-size:1pt')
    path.set("string", text)
    return run


def stamp_header(
    header: etree._Element, text: str, number: int, width_pt: float, font: str
) -> None:
    """Put the watermark into a header story's first paragraph, before its text."""
    if not text:
        return
    first = header.find(W + "p")
    if first is None:
        first = paragraph()
        header.insert(0, first)
    ppr = first.find(W + "pPr")
    at = 0 if ppr is None else list(first).index(ppr) + 1
    first.insert(at, watermark_run(text, number, width_pt, font))
