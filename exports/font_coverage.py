"""Write ``resources/fonts/coverage.json``: the code points each bundled font draws.

Run after adding or replacing a font file:
    .venv/bin/python -m exports.font_coverage

``app.glyphs`` (preflight) and ``exports.fonts`` (font fallback) read the table instead of
parsing a dozen fonts, some of them 4 MB, on every check. ``tests/exports/test_scripts.py``
recomputes it from the files and fails when it is stale.
"""

from __future__ import annotations

import json

from app.glyphs import COVERAGE_FILE, ranges_of
from app.resources import resource_path
from exports.fonts import bundled_font_files, read_font_cmap


def compute() -> dict[str, list[list[int]]]:
    """Font file name -> inclusive code point ranges, read from each file's ``cmap``."""
    return {
        path.name: [[a, b] for a, b in ranges_of(read_font_cmap(path))]
        for path in bundled_font_files()
    }


def render(table: dict[str, list[list[int]]]) -> str:
    """The JSON text of the table (one font per line, so a diff shows which font changed)."""
    lines = [f"  {json.dumps(name)}: {json.dumps(ranges)}" for name, ranges in table.items()]
    return '{"fonts": {\n' + ",\n".join(lines) + "\n}}\n"


def main() -> None:
    target = resource_path("fonts", COVERAGE_FILE)
    target.write_text(render(compute()), encoding="utf-8")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
