"""Repair of emphasis that earlier versions saved broken.

Up to December 2026 the editor saved a bold, italic or struck-through run that started or ended
on a space as ``**faster customs **clearance``: CommonMark does not read that as emphasis, so the
book printed the asterisks, and the next save escaped them (``\\**faster customs \\**clearance``)
for good. This finds those pairs and writes them the way the editor now does
(``**faster customs** clearance``).

It is conservative: a pair is only rewritten when it has the broken shape (white space just
inside a delimiter), holds no other delimiter, sits on one line, and the rewritten paragraph
reads back with fewer literal delimiter characters and otherwise the same words.
"""

from __future__ import annotations

import re

from app.markdown_blocks import markdown_inline_runs

# A delimiter pair with white space just inside it on at least one side. Double asterisks and
# tildes may be escaped by Qt's writer (``\**``, ``\~~``); the single asterisk (italic) too.
_PAIR = re.compile(
    r"(?P<open>\\?(?P<mark>\*\*|~~|\*))(?P<lead>[ \t]*)"
    r"(?P<body>[^*~\n\\]*?[^*~\s\\])(?P<trail>[ \t]*)(?P<close>\\?(?P=mark))(?![*~])"
)


def repair_broken_emphasis(text: str) -> str:
    """``text`` with each broken emphasis pair rewritten; unchanged when none is found."""
    if "*" not in text and "~" not in text:
        return text
    return "\n".join(_repair_line(line) for line in text.split("\n"))


def _repair_line(line: str) -> str:
    position = 0
    while True:
        match = _PAIR.search(line, position)
        if match is None:
            return line
        candidate = _rewritten(match)
        if candidate is None:
            position = match.start() + 1
            continue
        repaired = line[: match.start()] + candidate + line[match.end() :]
        if _reads_better(line, repaired, match.group("mark")):
            line = repaired
            position = match.start() + len(candidate)
        else:
            position = match.start() + 1


def _rewritten(match: re.Match[str]) -> str | None:
    lead, trail, mark = match.group("lead"), match.group("trail"), match.group("mark")
    if not lead and not trail:
        return None  # not the broken shape: leave it as it is
    if mark == "*" and lead:
        # "2 * 3 * 4" is arithmetic, not italic that lost its shape.
        return None
    return f"{lead}{mark}{match.group('body')}{mark}{trail}"


def _visible(markdown: str) -> tuple[str, int]:
    """The text a reader sees, and how many characters of it are formatted."""
    runs = markdown_inline_runs(markdown)
    text = "".join(run.text for run in runs)
    formatted = sum(len(run.text) for run in runs if run.bold or run.italic or run.strike)
    return text, formatted


def _reads_better(before: str, after: str, mark: str) -> bool:
    old_text, old_formatted = _visible(before)
    new_text, new_formatted = _visible(after)
    if new_formatted <= old_formatted:
        return False
    removed = old_text.count(mark[0]) - new_text.count(mark[0])
    if removed != 2 * len(mark):
        return False
    # The same words in the same order: only delimiters and spacing changed.
    return _words(old_text.replace(mark[0], "")) == _words(new_text.replace(mark[0], ""))


def _words(text: str) -> list[str]:
    return text.split()
