"""What changed between two states of a book, part by part.

A state (``app.review.versions``) becomes parts a reader recognises: the book's details, each
section (its title line then its Markdown), the participants, the sector notes and the
schedule. Parts are matched by id, so a renamed or moved section is one changed part, not one
removed and one added. ``unified_diff`` is what ``briefbook compare`` prints; ``rows`` and
``word_changes`` feed the side-by-side view of the desktop app.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from app.review.versions import BOOK_FIELDS, State

ADDED = "added"
REMOVED = "removed"
CHANGED = "changed"
SAME = "same"

_FIELD_LABELS = {name: name.replace("_", " ").capitalize() for name in BOOK_FIELDS}


@dataclass(frozen=True)
class Part:
    key: str
    title: str
    text: str


@dataclass(frozen=True)
class PartChange:
    """One part in both states: ``old`` or ``new`` is empty text when it was added or removed."""

    key: str
    title: str
    kind: str  # ADDED | REMOVED | CHANGED | SAME
    old: str
    new: str

    @property
    def section_id(self) -> str | None:
        return self.key.removeprefix("section:") if self.key.startswith("section:") else None


def _details(book: dict[str, Any]) -> str:
    lines = []
    for name in BOOK_FIELDS:
        value = book.get(name)
        if name == "purpose":
            continue
        lines.append(f"{_FIELD_LABELS[name]}: {value if value not in (None, '') else '—'}")
    purpose = str(book.get("purpose") or "").strip()
    if purpose:
        lines += ["", "Purpose:", purpose]
    return "\n".join(lines)


def _participants(records: list[dict[str, Any]]) -> str:
    blocks = []
    for record in records:
        head = record.get("name") or record["person"]
        if record.get("role"):
            head += f" — {record['role']}"
        points = str(record.get("talking_points") or "").strip()
        blocks.append(head + (f"\nTalking points:\n{points}" if points else ""))
    return "\n\n".join(blocks)


def _meetings(records: list[dict[str, Any]]) -> str:
    blocks = []
    for record in sorted(records, key=lambda r: (r["start"], r["title"])):
        when = f"{record['start'].replace('T', ' ')}–{record['end'][11:]} {record['timezone']}"
        head = " · ".join(p for p in (when, record["title"], record.get("location", "")) if p)
        objective = str(record.get("objective") or "").strip()
        blocks.append(head + (f"\nObjective: {objective}" if objective else ""))
    return "\n\n".join(blocks)


def parts(state: State) -> list[Part]:
    """A state as the parts a comparison shows, in book order."""
    found = [Part("details", "Book details", _details(state["book"]))]
    for record in state["sections"]:
        title = record["title"] or "Untitled section"
        found.append(Part(f"section:{record['id']}", title, f"# {title}\n\n{record['body']}"))
    found.append(Part("participants", "Participants", _participants(state["participants"])))
    found.append(Part("notes", "Sector notes", "\n".join(n["title"] for n in state["notes"])))
    found.append(Part("schedule", "Schedule", _meetings(state["meetings"])))
    return found


def compare_states(old: State, new: State) -> list[PartChange]:
    """Every part of either state with what happened to it; new order, removed parts last."""
    before = {part.key: part for part in parts(old)}
    after = parts(new)
    changes = []
    for part in after:
        previous = before.pop(part.key, None)
        if previous is None:
            changes.append(PartChange(part.key, part.title, ADDED, "", part.text))
        else:
            kind = SAME if previous.text == part.text else CHANGED
            changes.append(PartChange(part.key, part.title, kind, previous.text, part.text))
    for part in before.values():
        changes.append(PartChange(part.key, part.title, REMOVED, part.text, ""))
    return changes


def unified_diff(changes: list[PartChange], old_label: str, new_label: str) -> str:
    """The changed parts as one unified diff of their text, each under a line naming it."""
    out: list[str] = []
    for change in changes:
        if change.kind == SAME:
            continue
        what = "Section" if change.section_id else "Part"
        out.append(f"=== {what}: {change.title} ({change.kind})")
        out.extend(
            line.rstrip("\n")
            for line in difflib.unified_diff(
                change.old.splitlines(keepends=True),
                change.new.splitlines(keepends=True),
                fromfile=f"{old_label}: {change.title}",
                tofile=f"{new_label}: {change.title}",
                lineterm="\n",
            )
        )
        out.append("")
    return "\n".join(out)


@dataclass(frozen=True)
class Row:
    """One line of a side-by-side view: ``tag`` is equal, replace, delete or insert."""

    tag: str
    old: str | None
    new: str | None


def rows(old: str, new: str) -> list[Row]:
    """The two texts line against line, paired where a line was changed."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    out: list[Row] = []
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        left, right = old_lines[i1:i2], new_lines[j1:j2]
        for index in range(max(len(left), len(right))):
            a = left[index] if index < len(left) else None
            b = right[index] if index < len(right) else None
            row_tag = tag
            if tag == "replace" and a is None:
                row_tag = "insert"
            elif tag == "replace" and b is None:
                row_tag = "delete"
            out.append(Row(row_tag, a, b))
    return out


_WORDS = re.compile(r"\s+|\w+|[^\w\s]")


def word_changes(old: str, new: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Character spans of the words that differ between two versions of a line."""
    a = _WORDS.findall(old)
    b = _WORDS.findall(new)
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    old_spans: list[tuple[int, int]] = []
    new_spans: list[tuple[int, int]] = []
    a_at = [0]
    for token in a:
        a_at.append(a_at[-1] + len(token))
    b_at = [0]
    for token in b:
        b_at.append(b_at[-1] + len(token))
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if i2 > i1:
            old_spans.append((a_at[i1], a_at[i2]))
        if j2 > j1:
            new_spans.append((b_at[j1], b_at[j2]))
    return old_spans, new_spans
