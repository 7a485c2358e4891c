"""The ``styles`` command and house-style options of ``export`` and ``import`` (spec/cli.md).

``styles [--json]`` lists the house styles: the built-in one first, then the store's by name.
JSON (fields may be added, never renamed): a list of ``{"id", "name", "default", "builtin",
"body_font", "heading_font", "base_size", "page_size", "cover_layout", "reference"}`` where
``page_size`` is ``"a4"``, ``"letter"`` or ``""`` (the book's own) and ``reference`` is the
reference Word document's file name or ``null``.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli_support import open_store, print_json, say, table
from app.store import Store
from app.styles.model import HouseStyle, builtin_style


def _styles(store: Store | None) -> tuple[list[HouseStyle], str]:
    if store is None:
        builtin = builtin_style()
        return [builtin], builtin.id
    from app.styles.records import StyleRecords

    records = StyleRecords(store)
    return records.list_styles(), records.default_style_id()


def styles_json(store: Store | None) -> list[dict[str, Any]]:
    """Every style as the ``styles --json`` objects."""
    styles, default = _styles(store)
    return [
        {
            "id": style.id,
            "name": style.name,
            "default": style.id == default,
            "builtin": style.builtin,
            "body_font": style.body_font,
            "heading_font": style.heading_font,
            "base_size": style.base_size,
            "page_size": style.page_size,
            "cover_layout": style.cover_layout,
            "reference": style.reference_name or None,
        }
        for style in styles
    ]


def styles_rows(store: Store | None) -> list[list[str]]:
    """Every style as a row of the ``styles`` table: name, fonts, paper, cover, default."""
    rows = []
    for item in styles_json(store):
        fonts = item["body_font"]
        if item["heading_font"] != item["body_font"]:
            fonts += f" / {item['heading_font']}"
        paper = {"a4": "A4", "letter": "Letter"}.get(item["page_size"], "book's own")
        rows.append(
            [
                item["name"] + (" (default)" if item["default"] else ""),
                f"{fonts} {item['base_size']:g} pt",
                paper,
                item["cover_layout"],
                item["reference"] or "",
            ]
        )
    return rows


def import_style_file(store: Store, path: Path) -> HouseStyle:
    """Add the style in a ``.bbstyle`` file to the store (see ``app.styles.files.adopt_style``)."""
    from app.styles.files import adopt_style, read_style_file
    from app.styles.records import StyleRecords

    return adopt_style(StyleRecords(store), read_style_file(path))


def cmd_styles(args: argparse.Namespace, store_path: Path) -> int:
    """``briefbook styles [--json]``; a store that does not exist yet is not made to list them."""
    if store_path.exists():
        with open_store(store_path) as store:
            found, rows = styles_json(store), styles_rows(store)
    else:
        found, rows = styles_json(None), styles_rows(None)
    if args.json:
        print_json(found)
        return 0
    for line in table(["NAME", "FONTS", "PAPER", "COVER", "REFERENCE"], rows):
        say(line)
    return 0
