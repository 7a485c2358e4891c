"""A Word document (``.docx``, also ``.docm``/``.dotx``) becomes a book, or sections of one.

mammoth reads the document (its styles, numbering, hyperlinks, tracked changes, pictures) into
plain semantic HTML; ``app.importing.html_markdown`` turns that into the Markdown bodies the
rest of BriefBook uses. ``docs/architecture.md`` says why mammoth rather than python-docx.

- A Heading 1 starts a section; deeper headings stay inside it (Heading 2 is the body's ``#``).
- The book is named by the Title style, else the first heading, else the file name.
- Bold, italic, strikethrough, links, nested lists and tables are kept. Pictures (JPEG, PNG)
  are stored once as images and referenced from the body as ``![alt](image:SHA256)``.
- Tracked changes are taken as shown: insertions kept, deletions dropped. Comments, footnotes,
  fields, embedded objects and macros are left out, and the report says so, with counts.

The file is checked by ``app.importing.limits`` before mammoth sees it; nothing is written to
the store until the whole document has been read.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.domain import Book, Image
from app.errors import InvalidInput
from app.images import MAX_IMAGE_BYTES, load_image
from app.importing.html_markdown import Node, nodes_to_markdown, parse_html
from app.importing.limits import check_xml_parts, open_package, read_part, refuse
from app.store import Store

DOCX_SUFFIXES = (".docx", ".docm", ".dotx", ".dotm")
IMAGE_SCHEME = "image:"
FIRST_SECTION_TITLE = "Introduction"
_TITLE_CLASS = "bb-doc-title"
_SUBTITLE_CLASS = "bb-doc-subtitle"
# Word's and LibreOffice's names for the title styles; mammoth's defaults handle headings.
_STYLE_MAP = "\n".join(
    [
        f"p[style-name='Title'] => h1.{_TITLE_CLASS}:fresh",
        f"p[style-name='Subtitle'] => p.{_SUBTITLE_CLASS}:fresh",
        "r[style-name='Strong'] => strong",
        "r[style-name='Emphasis'] => em",
        "p[style-name='Quote'] => blockquote > p:fresh",
        "p[style-name='Intense Quote'] => blockquote > p:fresh",
        "p[style-name='Block Text'] => blockquote > p:fresh",
    ]
)
_FIELD_BEGIN = re.compile(rb"<w:fldChar\b[^>]*w:fldCharType=\"begin\"")
_INSTRUCTION = re.compile(rb"<w:instrText\b[^>]*>([^<]*)</w:instrText>")
_SIMPLE_FIELD = re.compile(rb"<w:fldSimple\b[^>]*w:instr=\"\s*([A-Za-z]+)")
_PLAIN_IMAGE_TYPES = ("image/png", "image/jpeg", "image/jpg", "image/pjpeg")


@dataclass
class ImportedSection:
    title: str
    body: str
    lead: bool = False  # the text before the first Heading 1


@dataclass
class DocxContent:
    """What a Word document holds, read but not yet stored."""

    title: str
    subtitle: str
    sections: list[ImportedSection]
    images: dict[str, Image]
    left_out: list[str] = field(default_factory=list)  # one line each, for the report


@dataclass
class DocxImportResult:
    book_id: str
    book_title: str
    new_book: bool
    sections_added: int
    pictures: int
    left_out: list[str]
    section_ids: list[str] = field(default_factory=list)  # in book order: what undo removes

    def report_lines(self) -> list[str]:
        where = "a new book" if self.new_book else "the book"
        lines = [
            f"{self.sections_added} section(s) added to {where} “{self.book_title}”"
            f", with {self.pictures} picture(s)."
        ]
        if self.left_out:
            lines.append("Left out or changed:")
            lines.extend(f"  - {line}" for line in self.left_out)
        return lines


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def _survey(document_xml: bytes, names: set[str]) -> list[str]:
    """Report lines for what the conversion leaves out, counted in the document's XML."""
    lines: list[str] = []
    boxes = document_xml.count(b"<w:txbxContent")
    if boxes:
        lines.append(
            f"{_plural(boxes, 'text box', 'text boxes')}: the text was kept in the flow, "
            "the box and its position were left out"
        )
    notes = document_xml.count(b"<w:footnoteReference") + document_xml.count(b"<w:endnoteReference")
    if notes:
        lines.append(f"{_plural(notes, 'footnote or endnote', 'footnotes and endnotes')} left out")
    kinds = [m.group(1).split() for m in _INSTRUCTION.finditer(document_xml)]
    codes = [words[0].decode("ascii", "replace").upper() for words in kinds if words]
    codes += [m.group(1).decode("ascii").upper() for m in _SIMPLE_FIELD.finditer(document_xml)]
    fields = [code for code in codes if code != "HYPERLINK"]
    if fields:
        names_seen = ", ".join(sorted(set(fields))[:6])
        lines.append(
            f"{_plural(len(fields), 'field')} ({names_seen}): the text shown was kept, "
            "the field itself was left out"
        )
    objects = document_xml.count(b"<w:object") + document_xml.count(b"<c:chart ")
    if objects:
        lines.append(f"{_plural(objects, 'embedded object')} (charts, OLE objects) left out")
    comments = document_xml.count(b"<w:commentReference")
    if comments:
        lines.append(f"{_plural(comments, 'comment')} left out")
    inserted = len(re.findall(rb"<w:ins\b", document_xml))
    deleted = len(re.findall(rb"<w:del\b", document_xml))
    if inserted or deleted:
        lines.append(
            f"tracked changes taken as shown: {_plural(inserted, 'insertion')} kept, "
            f"{_plural(deleted, 'deletion')} dropped"
        )
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        lines.append("macros ignored (never run)")
    return lines


class _Pictures:
    """mammoth's image callback: checks each picture and stores it by hash (in memory)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.images: dict[str, Image] = {}
        self.left_out: dict[str, int] = {}
        self.count = 0

    def __call__(self, image: Any) -> dict[str, str]:
        content_type = str(image.content_type or "").lower()
        with image.open() as stream:
            data = stream.read(MAX_IMAGE_BYTES + 1)
        if content_type not in _PLAIN_IMAGE_TYPES:
            kind = content_type.removeprefix("image/").upper() or "unknown"
            self.left_out[kind] = self.left_out.get(kind, 0) + 1
            return {}
        try:
            stored = load_image(data)
        except InvalidInput as error:
            reason = str(error).split(";")[0].rstrip(".")
            raise refuse(
                self.path,
                f"a picture in it is not a usable image ({reason[:1].lower()}{reason[1:]})",
            ) from error
        self.images.setdefault(stored.sha256, stored)
        self.count += 1
        return {"src": f"{IMAGE_SCHEME}{stored.sha256}", "alt": str(image.alt_text or "")}


def _picture_markdown(node: Node) -> str | None:
    src = node.attrs.get("src", "")
    if not src.startswith(IMAGE_SCHEME):
        return None
    alt = re.sub(r"[\[\]\\\n\r]+", " ", node.attrs.get("alt", "")).strip()
    return f"![{alt}]({src})"


def _text_of(node: Node) -> str:
    parts: list[str] = []
    for child in node.children:
        parts.append(child if isinstance(child, str) else _text_of(child))
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def read_docx(path: Path, progress: Callable[[float], None] | None = None) -> DocxContent:
    """Read and check a Word document; raises ``ImportRefused`` (one sentence) when it cannot."""
    import mammoth

    if path.suffix.lower() not in DOCX_SUFFIXES:
        raise refuse(path, "it is not a Word document (.docx)")
    with open_package(path, "Word document", "word/document.xml") as package:
        check_xml_parts(path, package)
        document_xml = read_part(path, package, "word/document.xml", 60 * 1024 * 1024)
        left_out = _survey(document_xml, set(package.namelist()))
    if progress:
        progress(0.2)
    pictures = _Pictures(path)
    try:
        with path.open("rb") as handle:
            result = mammoth.convert_to_html(
                handle,
                style_map=_STYLE_MAP,
                convert_image=mammoth.images.img_element(pictures),
                ignore_empty_paragraphs=True,
            )
    except InvalidInput:
        raise
    except RecursionError as error:
        raise refuse(path, "it is nested too deeply to read") from error
    except Exception as error:  # mammoth and expat raise many kinds for a broken document
        raise refuse(path, f"it could not be read as a Word document ({error})") from error
    if progress:
        progress(0.7)
    for kind, count in sorted(pictures.left_out.items()):
        left_out.append(
            f"{_plural(count, 'picture')} in {kind} format left out (JPEG and PNG kept)"
        )
    content = _split(parse_html(str(result.value)), path)
    content.images = pictures.images
    content.left_out = left_out
    if progress:
        progress(0.9)
    return content


def _split(root: Node, path: Path) -> DocxContent:
    """Cut the document at its Heading 1s; name it from the Title style or the first heading."""
    title = ""
    subtitle = ""
    first_heading = ""
    parts: list[tuple[str, list[Node | str]]] = [("", [])]
    for found in root.children:
        child = found
        if isinstance(child, Node):
            classes = child.attrs.get("class", "").split()
            if _TITLE_CLASS in classes:
                if not title:
                    title = _text_of(child)
                    continue
                child = Node("h1", children=child.children)  # a second Title: a heading
            elif _SUBTITLE_CLASS in classes and not subtitle:
                subtitle = _text_of(child)
                continue
            if child.tag == "h1":
                heading = _text_of(child)
                if heading:
                    first_heading = first_heading or heading
                    parts.append((heading, []))
                    continue
            elif child.tag in ("h2", "h3", "h4", "h5", "h6") and not first_heading:
                first_heading = _text_of(child)
        parts[-1][1].append(child)
    title = title or first_heading or path.stem
    sections = []
    for index, (heading, nodes) in enumerate(parts):
        body = nodes_to_markdown(
            Node("", children=nodes), heading_offset=-1, picture=_picture_markdown
        )
        if index == 0 and not body.strip():
            continue
        name = heading or (FIRST_SECTION_TITLE if len(parts) > 1 else title)
        sections.append(ImportedSection(title=name[:300], body=body, lead=not heading))
    return DocxContent(title=title[:300], subtitle=subtitle[:300], sections=sections, images={})


def import_docx(
    store: Store,
    path: Path,
    into: str | None = None,
    progress: Callable[[float], None] | None = None,
) -> DocxImportResult:
    """Read ``path`` and add it to the store in one transaction: a new book, or sections at the
    end of the book ``into`` (an id or exact title). Nothing is written when reading fails."""
    target = store.find_book(into) if into else None
    content = read_docx(path, progress)
    if not content.sections:
        raise refuse(path, "it holds no text")
    with store.transaction():
        if target is None:
            book = store.save_book(Book(title=content.title, subtitle=content.subtitle))
        else:
            book = target
        for image in content.images.values():
            store.put_image(image)
        section_ids = []
        for imported in content.sections:
            # Among a book's other sections, a desk's opening text is named by its document.
            title = content.title if imported.lead and target is not None else imported.title
            section_ids.append(store.add_section(book.id, title, imported.body).id)
    if progress:
        progress(1.0)
    return DocxImportResult(
        book_id=book.id,
        book_title=book.title,
        new_book=target is None,
        sections_added=len(content.sections),
        pictures=len(content.images),
        left_out=content.left_out,
        section_ids=section_ids,
    )
