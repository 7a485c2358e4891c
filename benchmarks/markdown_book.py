"""The reference book as Markdown, for pandoc: the same neutral document the DOCX writer gets
(cover facts, contents, schedule tables, sections, profiles with their photos, notes), written
the way a person would write it by hand for pandoc."""

from __future__ import annotations

from pathlib import Path

from app.document import (
    Block,
    BookDocument,
    CodeBlock,
    Cover,
    Heading,
    KeepTogether,
    ListBlock,
    PageBreak,
    Paragraph,
    Picture,
    Quote,
    Rule,
    Run,
    SideBySide,
    Table,
    TableOfContents,
)

_PAGE_BREAK = '```{=openxml}\n<w:p><w:r><w:br w:type="page"/></w:r></w:p>\n```'
_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_{}[]<>#|"})


def _escape(text: str) -> str:
    return text.translate(_SPECIAL)


def _wrap(text: str, mark: str) -> str:
    """``text`` between ``mark``s, its outer spaces kept outside (``* a *`` is no emphasis)."""
    core = text.strip()
    if not core:
        return text
    start = text.index(core[0])
    return f"{text[:start]}{mark}{core}{mark}{text[start + len(core) :]}"


def _runs(runs: list[Run]) -> str:
    out = []
    for run in runs:
        if run.code:
            out.append(f"`{run.text}`")
            continue
        text = _escape(run.text).replace("\n", "\\\n")
        for flag, mark in ((run.bold, "**"), (run.italic, "*"), (run.strike, "~~")):
            if flag:
                text = _wrap(text, mark)
        if run.link:
            text = f"[{text}]({run.link})"
        out.append(text)
    return "".join(out)


class _Writer:
    def __init__(self, images: Path) -> None:
        self.images = images
        self.written: set[str] = set()

    def picture(self, picture: Picture) -> str:
        name = f"{picture.image.sha256}.{picture.image.mime.split('/')[-1]}"
        if name not in self.written:
            (self.images / name).write_bytes(picture.image.data)
            self.written.add(name)
        return f"![{_escape(picture.alt)}]({self.images.name}/{name}){{width={picture.width_in}in}}"

    def inline(self, blocks: list[Block]) -> str:
        """A table cell's blocks on one line (pipe tables hold one line per cell)."""
        parts = []
        for block in blocks:
            if isinstance(block, Paragraph):
                parts.append(_runs(block.runs).replace("\\\n", " "))
            elif isinstance(block, Heading):
                parts.append(f"**{_escape(block.text)}**")
            elif isinstance(block, ListBlock):
                parts.extend(self.inline(item.blocks) for item in block.items)
            elif isinstance(block, Picture):
                parts.append(self.picture(block))
            elif isinstance(block, KeepTogether | Quote):
                parts.append(self.inline(block.blocks))
        return " ".join(part for part in parts if part).replace("\n", " ")

    def blocks(self, blocks: list[Block], indent: str = "") -> list[str]:
        out: list[str] = []
        for block in blocks:
            out.extend(self.block(block, indent))
        return out

    def block(self, block: Block, indent: str) -> list[str]:
        if isinstance(block, Paragraph):
            text = _runs(block.runs)
            return [indent + text] if text.strip() else []
        if isinstance(block, Heading):
            return [f"{'#' * min(block.level, 6)} {_escape(block.text)}"]
        if isinstance(block, ListBlock):
            lines = []
            for number, item in enumerate(block.items, start=block.start):
                marker = f"{number}. " if block.ordered else "- "
                inner = self.blocks(item.blocks, indent + " " * len(marker))
                first = inner[0].lstrip() if inner else ""
                lines.append(indent + marker + first)
                lines.extend(inner[1:])
            return ["\n".join(lines)]
        if isinstance(block, Table):
            if not block.rows:
                return []
            width = max(len(row) for row in block.rows)
            rows = [
                [self.inline(cell.blocks) for cell in row] + [""] * (width - len(row))
                for row in block.rows
            ]
            header = rows[0] if block.header_rows else [""] * width
            body = rows[1:] if block.header_rows else rows
            lines = ["| " + " | ".join(header) + " |", "|" + "---|" * width]
            lines += ["| " + " | ".join(row) + " |" for row in body]
            return ["\n".join(lines)]
        if isinstance(block, Picture):
            return [self.picture(block)]
        if isinstance(block, Quote):
            return [
                "\n".join(
                    "> " + line for line in "\n\n".join(self.blocks(block.blocks)).split("\n")
                )
            ]
        if isinstance(block, CodeBlock):
            return [f"```\n{block.text}\n```"]
        if isinstance(block, Rule):
            return ["* * *"]
        if isinstance(block, PageBreak):
            return [_PAGE_BREAK]
        if isinstance(block, KeepTogether):
            return self.blocks(block.blocks, indent)
        if isinstance(block, SideBySide):
            return self.blocks(block.left, indent) + self.blocks(block.right, indent)
        if isinstance(block, TableOfContents):
            return []  # pandoc makes the contents itself (--toc)
        if isinstance(block, Cover):
            facts = [block.marking, block.organization, block.subtitle, block.destination]
            facts += [block.dates, f"Prepared by {block.prepared_by}", block.exported_on]
            return [_escape(fact) for fact in facts if fact and fact != "Prepared by "]
        return []


def write_markdown(document: BookDocument, folder: Path) -> Path:
    """Write ``document`` as ``book.md`` (photos beside it in ``images/``); returns its path."""
    images = folder / "images"
    images.mkdir(parents=True, exist_ok=True)
    writer = _Writer(images)
    front = f'---\ntitle: "{document.title.replace(chr(34), "")}"\nlang: en\n---\n'
    body = "\n\n".join(writer.blocks(document.blocks))
    path = folder / "book.md"
    path.write_text(front + "\n" + body + "\n", encoding="utf-8")
    return path
