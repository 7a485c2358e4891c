"""Small builders for WordprocessingML elements, used by the DOCX writer.

The writer builds the document body with lxml directly instead of python-docx's proxy objects:
python-docx inserts every paragraph by scanning the body for the final ``w:sectPr`` and
``Table.cell()`` rescans the whole table, both quadratic on a 300-page book. Text is always set
through lxml (``.text``), which escapes it, so user text can never become markup.
"""

from __future__ import annotations

import copy
import hashlib
import re

from lxml import etree

from app.document import clean_text
from exports.docx_scripts import needs_scripts, script_rpr, script_runs

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_NS = "http://www.w3.org/XML/1998/namespace"
W = f"{{{W_NS}}}"
R = f"{{{R_NS}}}"
XML_SPACE = f"{{{XML_NS}}}space"

# Element order inside w:pPr and w:rPr matters to Word; these list the ones the writer uses.
_PPR_ORDER = (
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "widowControl",
    "numPr",
    "pBdr",
    "shd",
    "tabs",
    "bidi",
    "spacing",
    "ind",
    "contextualSpacing",
    "jc",
    "outlineLvl",
    "rPr",
    "sectPr",
)
_LINE_BREAKS = re.compile(r"(\r\n|\r|\n|\t)")


def el(tag: str, **attrs: str) -> etree._Element:
    """A new ``w:`` element; ``attrs`` are ``w:`` attributes (``val="x"`` -> ``w:val="x"``)."""
    element = etree.Element(W + tag)
    for key, value in attrs.items():
        element.set(W + key, value)
    return element


def sub(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
    """Append a new ``w:`` child to ``parent`` and return it."""
    element = etree.SubElement(parent, W + tag)
    for key, value in attrs.items():
        element.set(W + key, value)
    return element


def ppr_child(p: etree._Element, tag: str, **attrs: str) -> etree._Element:
    """Get or add ``w:pPr/w:<tag>`` in schema order; set ``attrs`` on it."""
    ppr = p.find(W + "pPr")
    if ppr is None:
        ppr = el("pPr")
        p.insert(0, ppr)
    child = ppr.find(W + tag)
    if child is None:
        child = el(tag)
        rank = _PPR_ORDER.index(tag)
        position = len(ppr)
        for index, existing in enumerate(ppr):
            name = etree.QName(existing).localname
            if name in _PPR_ORDER and _PPR_ORDER.index(name) > rank:
                position = index
                break
        ppr.insert(position, child)
    for key, value in attrs.items():
        child.set(W + key, value)
    return child


def paragraph(style_id: str | None = None) -> etree._Element:
    """A new ``w:p`` with an optional paragraph style."""
    p = el("p")
    if style_id:
        sub(sub(p, "pPr"), "pStyle", val=style_id)
    return p


def run_properties(
    style_id: str | None = None,
    *,
    bold: bool = False,
    italic: bool = False,
    strike: bool = False,
    no_proof: bool = False,
) -> etree._Element | None:
    """A ``w:rPr`` in schema order, or None when the run has no formatting of its own."""
    if not (style_id or bold or italic or strike or no_proof):
        return None
    rpr = el("rPr")
    if style_id:
        sub(rpr, "rStyle", val=style_id)
    if bold:
        sub(rpr, "b")
        sub(rpr, "bCs")
    if italic:
        sub(rpr, "i")
        sub(rpr, "iCs")
    if strike:
        sub(rpr, "strike")
    if no_proof:
        sub(rpr, "noProof")
    return rpr


def add_text_run(
    parent: etree._Element, text: str, rpr: etree._Element | None = None
) -> etree._Element:
    """Append a ``w:r`` holding ``text``; tabs and line breaks become ``w:tab`` / ``w:br``.

    Text in another script than Latin, Cyrillic or Greek becomes one run per script, each
    with its fonts, language and direction (``exports.docx_scripts``); the last is returned.
    """
    if needs_scripts(text):
        run = None
        for piece, script in script_runs(text):
            props = script_rpr(rpr, script) if script else _copy_or_none(rpr)
            run = _add_plain_run(parent, piece, props)
        assert run is not None
        return run
    return _add_plain_run(parent, text, rpr)


def _copy_or_none(rpr: etree._Element | None) -> etree._Element | None:
    return copy.deepcopy(rpr) if rpr is not None else None


def _add_plain_run(parent: etree._Element, text: str, rpr: etree._Element | None) -> etree._Element:
    run = sub(parent, "r")
    if rpr is not None:
        run.append(rpr)
    for piece in _LINE_BREAKS.split(clean_text(text)):
        if not piece:
            continue
        if piece == "\t":
            sub(run, "tab")
        elif piece in ("\r\n", "\r", "\n"):
            sub(run, "br")
        else:
            t = sub(run, "t")
            t.set(XML_SPACE, "preserve")
            t.text = piece
    return run


def add_field(
    parent: etree._Element,
    instruction: str,
    cached: str,
    rpr: etree._Element | None = None,
) -> None:
    """Append a complex field (begin / instrText / separate / cached result / end).

    ``cached`` is what readers show until the field is updated.
    """

    def field_run() -> etree._Element:
        run = sub(parent, "r")
        if rpr is not None:
            run.append(_copy(rpr))
        return run

    sub(field_run(), "fldChar", fldCharType="begin")
    instr = sub(field_run(), "instrText")
    instr.set(XML_SPACE, "preserve")
    instr.text = f" {instruction} "
    sub(field_run(), "fldChar", fldCharType="separate")
    add_text_run(parent, cached, _copy(rpr) if rpr is not None else None)
    sub(field_run(), "fldChar", fldCharType="end")


def page_line(footer_title: str, total_pages: str, right_tab: int | None = None) -> etree._Element:
    """The footer's "Title <tab> Page X of Y" line. Y is SECTIONPAGES (the body's pages);
    ``total_pages`` is what shows until a reader updates the fields. ``right_tab`` (twips)
    sets a right tab of its own, so the number sits at the margin whatever tab stops an
    office's Footer style has."""
    line = paragraph("Footer")
    if right_tab is not None:
        tabs = ppr_child(line, "tabs")
        etree.SubElement(tabs, W + "tab", {W + "val": "right", W + "pos": str(right_tab)})
    if footer_title:
        add_text_run(line, footer_title)
    add_text_run(line, "\tPage ")
    add_field(line, "PAGE", "1")
    add_text_run(line, " of ")
    add_field(line, "SECTIONPAGES", total_pages)
    return line


def field_begin(parent: etree._Element, instruction: str) -> None:
    """Append the opening half of a field whose result spans several paragraphs."""
    sub(sub(parent, "r"), "fldChar", fldCharType="begin")
    instr = sub(sub(parent, "r"), "instrText")
    instr.set(XML_SPACE, "preserve")
    instr.text = f" {instruction} "
    sub(sub(parent, "r"), "fldChar", fldCharType="separate")


def field_end(parent: etree._Element) -> None:
    """Append the closing ``fldChar`` of a field opened with :func:`field_begin`."""
    sub(sub(parent, "r"), "fldChar", fldCharType="end")


def _copy(element: etree._Element) -> etree._Element:
    return copy.deepcopy(element)


def set_keep_next(p: etree._Element) -> None:
    """Keep this paragraph on the same page as the next one."""
    ppr_child(p, "keepNext")


def set_cant_split(tr: etree._Element) -> None:
    """Keep a table row from breaking across pages."""
    trpr = tr.find(W + "trPr")
    if trpr is None:
        trpr = el("trPr")
        tr.insert(0, trpr)
    if trpr.find(W + "cantSplit") is None:
        trpr.insert(0, el("cantSplit"))


class BookmarkNames:
    """Maps document anchors to Word bookmark names, stable and unique.

    Word wants at most 40 characters, a letter first, then only letters, digits and
    underscores; anchors from user headings may hold anything.
    """

    MAX_LENGTH = 40

    def __init__(self) -> None:
        self._by_anchor: dict[str, str] = {}
        self._taken: set[str] = set()

    def name(self, anchor: str) -> str:
        """The bookmark name for ``anchor`` (the same name every time it is asked)."""
        known = self._by_anchor.get(anchor)
        if known is not None:
            return known
        base = "bb_" + re.sub(r"[^A-Za-z0-9_]", "_", anchor)
        candidate = base[: self.MAX_LENGTH]
        if candidate in self._taken:
            digest = hashlib.sha1(anchor.encode("utf-8"), usedforsecurity=False).hexdigest()[:8]
            candidate = f"{base[: self.MAX_LENGTH - 9]}_{digest}"
            counter = 1
            while candidate in self._taken:
                counter += 1
                suffix = f"_{digest[:4]}{counter}"
                candidate = base[: self.MAX_LENGTH - len(suffix)] + suffix
        self._taken.add(candidate)
        self._by_anchor[anchor] = candidate
        return candidate

    def known(self, anchor: str) -> bool:
        """Whether ``anchor`` has been given a bookmark (i.e. is a heading in the document)."""
        return anchor in self._by_anchor
