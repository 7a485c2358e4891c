"""The ``import`` command's work for Word documents and contact lists (``app/cli.py`` parses
the arguments and prints; this module decides and reports)."""

from __future__ import annotations

import contextlib
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from app.errors import InvalidInput
from app.importing.docx_import import DOCX_SUFFIXES, DocxImportResult
from app.importing.docx_import import import_docx as _import_docx
from app.importing.people_import import ADD, PEOPLE_SUFFIXES, SKIP, UPDATE
from app.importing.people_import import import_people as _import_people
from app.store import Store

import_docx = _import_docx


def kind_of(source: Path, *, into: str | None, dry_run: bool, photos: str | None) -> str:
    """ "docx", "people" or "bundle" for ``source``; refuses options that do not fit it."""
    suffix = source.suffix.lower()
    if suffix in DOCX_SUFFIXES:
        if dry_run or photos:
            raise InvalidInput("--dry-run and --photos are for contact lists, not Word documents.")
        return "docx"
    if into:
        raise InvalidInput("--into is for Word documents (.docx) only.")
    if suffix in PEOPLE_SUFFIXES:
        if photos and not Path(photos).expanduser().is_dir():
            raise InvalidInput(f"{photos} is not a folder.")
        return "people"
    if dry_run or photos:
        raise InvalidInput("--dry-run and --photos are for contact lists (.csv, .xlsx, .vcf).")
    return "bundle"


def tell(lines: list[str]) -> None:
    """Notes about an import that succeeded go to stderr: stdout carries only the book id."""
    for line in lines:
        print(line, file=sys.stderr)


@contextlib.contextmanager
def people_store(store_path: Path, dry_run: bool, opener: Callable[..., Any]) -> Iterator[Store]:
    """The store a people import uses: writable, or for a dry run read-only (an empty scratch
    store when there is none yet, so that a dry run never creates a file)."""
    if not dry_run:
        with opener(store_path, write=True) as store:
            yield store
        return
    if store_path.exists():
        with opener(store_path) as store:
            yield store
        return
    with tempfile.TemporaryDirectory() as folder, Store.open(Path(folder) / "dry.sqlite") as store:
        yield store


def import_people(store: Store, source: Path, dry_run: bool, photos: Path | None) -> list[str]:
    """Import (or plan) and return the report: a count line, then one line per row."""
    table, plan = _import_people(store, source, dry_run=dry_run, photo_folder=photos)
    verbs = (
        ("would add", "would update", "would skip") if dry_run else ("added", "updated", "skipped")
    )
    counts = (
        f"{plan.count(ADD)} {'to add' if dry_run else 'added'}, "
        f"{plan.count(UPDATE)} {'to update' if dry_run else 'updated'}, "
        f"{plan.count(SKIP)} {'to skip' if dry_run else 'skipped'}"
    )
    lines = [f"{source.name} ({table.kind}, {len(table.rows)} rows): {counts}."]
    if dry_run:
        lines.append("Dry run: nothing was changed.")
    lines.extend(plan.report_lines(verbs))
    return lines


__all__ = ["DocxImportResult", "import_docx", "import_people", "kind_of", "people_store", "tell"]
