"""The "one plain reportlab pass" peer of the PDF export, run as its own process.

It does everything BriefBook's export does up to the layout — open the store, load the book,
build the neutral document, turn it into the PDF writer's own flowables (same text, styles,
tables and prepared photos) — and then lays them out with one ``SimpleDocTemplate.build()``:
the same page size and body frame, but none of BriefBook's page machinery (no cover template,
no markings or footers drawn on each page, no "Page X of Y" or contents-number forms, no
progress generator). Contents lines become their bare paragraphs (their page numbers are
forms only BriefBook's canvas defines) and page-template switches are left out.

    python -m benchmarks.plain_reportlab STORE BOOK_ID OUTPUT
"""

from __future__ import annotations

import sys
from pathlib import Path

from reportlab.platypus import Flowable, NextPageTemplate
from reportlab.platypus.doctemplate import BaseDocTemplate, PageTemplate
from reportlab.platypus.frames import Frame

from app.assemble import build_document
from app.document import Edition
from app.store import Store
from exports.pdf_pages import PageLedger, TocLine
from exports.pdf_styles import geometry
from exports.pdf_writer import _Context, _Story


def plain_story(story: list[Flowable]) -> list[Flowable]:
    return [
        flowable.paragraph if isinstance(flowable, TocLine) else flowable
        for flowable in story
        if not isinstance(flowable, NextPageTemplate)
    ]


def main(argv: list[str]) -> int:
    store_path, book_id, output = Path(argv[0]), argv[1], Path(argv[2])
    with Store.open(store_path, read_only=True) as store:
        content = store.load_book_content(book_id)
    document = build_document(content, Edition.FULL, None)
    page = geometry(document.page_size)
    ledger = PageLedger(geometry=page, marking=document.marking, footer_title=document.footer_title)
    story = _Story(document, ledger, page).flowables(document.blocks, _Context(page.frame_width))
    template = BaseDocTemplate(str(output), pagesize=(page.width, page.height))
    padding = {"leftPadding": 0, "rightPadding": 0, "topPadding": 0, "bottomPadding": 0}
    frame = Frame(page.left, page.bottom, page.frame_width, page.frame_height, **padding)
    template.addPageTemplates([PageTemplate(id="body", frames=[frame])])
    template.build(plain_story(story))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
