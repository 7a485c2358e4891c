"""The benchmark table (one row per figure, each beside its peer and target) and
``docs/benchmarks.md``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass
class Row:
    """One line of the table. ``met`` is None where there is no target or no peer to judge by."""

    what: str
    ours: str
    peer: str = "—"
    ratio: str = "—"
    target: str = "—"
    met: bool | None = None

    @property
    def verdict(self) -> str:
        if self.met is None:
            return "—"
        return "met" if self.met else "**NOT met**"


HEADER = ("Measurement", "BriefBook", "Peer (same run)", "Ratio", "Target", "Result")


def table(rows: Sequence[Row]) -> str:
    """A Markdown pipe table, padded so it also reads well in a terminal."""
    cells = [HEADER] + [(r.what, r.ours, r.peer, r.ratio, r.target, r.verdict) for r in rows]
    widths = [max(len(line[i]) for line in cells) for i in range(len(HEADER))]

    def line(values: Sequence[str]) -> str:
        return "| " + " | ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(cells[0]), rule, *(line(c) for c in cells[1:])])


def seconds(value: float) -> str:
    return f"{value:.2f} s"


def millis(value: float) -> str:
    return f"{value:.1f} ms" if value < 100 else f"{value:.0f} ms"


def ratio(ours: float, peer: float) -> str:
    return f"{ours / peer:.2f}×" if peer > 0 else "—"


def document(
    table_text: str,
    machine: dict[str, str],
    method: Sequence[str],
    sections: Sequence[tuple[str, str]],
    notes: Sequence[str],
) -> str:
    """``docs/benchmarks.md``: how to run it, the table, the machine, the method, details."""
    parts = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`python -m benchmarks.run`) from a real run on the machine "
        "below; every figure is a median over several runs, and each peer was measured in the "
        "same run, round by round with BriefBook. Performance is not part of `make test`: the "
        "tests check behaviour, this page reports figures. Numbers from a shared or busy "
        "machine move by tens of percent; compare ratios within one run.",
        "",
        table_text,
        "",
    ]
    if notes:
        parts += ["Notes:", "", *(f"- {note}" for note in notes), ""]
    parts += ["## Machine", "", "| | |", "|---|---|"]
    parts += [f"| {key} | {value} |" for key, value in machine.items()]
    parts += ["", "## Method", "", *(f"- {line}" for line in method), ""]
    for title, body in sections:
        parts += [f"## {title}", "", body, ""]
    return "\n".join(parts).rstrip() + "\n"
