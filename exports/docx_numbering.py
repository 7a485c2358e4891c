"""List numbering for the DOCX writer: BriefBook's bullet and numbered list definitions in
numbering.xml, with real levels so nested lists indent."""

from __future__ import annotations

from docx.document import Document as DocxDocument
from lxml import etree

from exports.docx_styles import COMPLEX_SCRIPT_FONT, list_indent_in, twips
from exports.docx_xml import W, el, sub

_BULLETS = ("•", "◦", "▪")
_ORDERED_FORMATS = (("decimal", "%{n}."), ("lowerLetter", "%{n}."), ("lowerRoman", "%{n}."))
LIST_LEVELS = 9


class ListNumbering:
    """BriefBook's list definitions in numbering.xml: one bullet list shared by every bullet
    list, and one numbered definition with a fresh ``w:num`` per numbered list so each one
    restarts at its own start number (Word continues numbering across nums otherwise)."""

    def __init__(self, document: DocxDocument) -> None:
        self._root = document.part.numbering_part.element
        abstract_ids = [
            int(a.get(W + "abstractNumId", "0")) for a in self._root.iterfind(W + "abstractNum")
        ]
        num_ids = [int(n.get(W + "numId", "0")) for n in self._root.iterfind(W + "num")]
        self._next_abstract = max(abstract_ids, default=-1) + 1
        self._next_num = max(num_ids, default=0) + 1
        self._bullet_abstract = self._add_abstract(ordered=False)
        self._ordered_abstract = self._add_abstract(ordered=True)
        nums = self._root.findall(W + "num")
        self._last_num: etree._Element | None = nums[-1] if nums else None
        self.bullet_num = self._add_num(self._bullet_abstract)
        self.ordered_num = self._add_num(self._ordered_abstract)

    def ordered(self, level: int, start: int) -> int:
        """A new numbered list instance starting at ``start`` at ``level``; its numId."""
        return self._add_num(self._ordered_abstract, restart=(level, start))

    def _add_abstract(self, *, ordered: bool) -> int:
        abstract_id = self._next_abstract
        self._next_abstract += 1
        abstract = el("abstractNum", abstractNumId=str(abstract_id))
        sub(abstract, "multiLevelType", val="hybridMultilevel")
        for level in range(LIST_LEVELS):
            lvl = sub(abstract, "lvl", ilvl=str(level))
            sub(lvl, "start", val="1")
            if ordered:
                fmt, text = _ORDERED_FORMATS[level % len(_ORDERED_FORMATS)]
                sub(lvl, "numFmt", val=fmt)
                sub(lvl, "lvlText", val=text.format(n=level + 1))
            else:
                sub(lvl, "numFmt", val="bullet")
                sub(lvl, "lvlText", val=_BULLETS[level % len(_BULLETS)])
            sub(lvl, "lvlJc", val="left")
            ppr = sub(lvl, "pPr")
            sub(ppr, "ind", left=twips(list_indent_in(level)), hanging=twips(0.25))
            if not ordered:
                rpr = sub(lvl, "rPr")
                sub(
                    rpr,
                    "rFonts",
                    ascii=COMPLEX_SCRIPT_FONT,
                    hAnsi=COMPLEX_SCRIPT_FONT,
                    hint="default",
                )
        existing = self._root.findall(W + "abstractNum")
        if existing:
            existing[-1].addnext(abstract)
        else:
            self._root.insert(0, abstract)
        return abstract_id

    def _add_num(self, abstract_id: int, restart: tuple[int, int] | None = None) -> int:
        num_id = self._next_num
        self._next_num += 1
        num = el("num", numId=str(num_id))
        sub(num, "abstractNumId", val=str(abstract_id))
        if restart is not None:
            level, start = restart
            override = sub(num, "lvlOverride", ilvl=str(level))
            sub(override, "startOverride", val=str(max(0, start)))
        if self._last_num is not None:
            self._last_num.addnext(num)
        else:
            self._root.append(num)
        self._last_num = num
        return num_id
