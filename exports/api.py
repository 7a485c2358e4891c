"""Exporting a book from the store to a file: the one entry point the CLI and the UI call.

``export_book`` is a generator yielding progress from 0 to 1. Stop iterating (or call
``close()``) to cancel: the temporary file is removed and any previous file is kept.
Writers are imported only when an export runs: they cost a noticeable fraction of a second to
import, and the app must start fast.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

from app.assemble import build_document
from app.document import BookDocument, Edition
from app.domain import BookContent
from app.errors import BriefBookError, ExportFailed
from app.store import Store
from app.styles.model import HouseStyle
from exports.atomic import AtomicTarget, check_target, os_error_message

WRITERS = {"pdf": "exports.pdf_writer", "docx": "exports.docx_writer"}
FORMATS = tuple(WRITERS)


Writer = Callable[[BookDocument, Path], Iterator[float]]


def normalise_format(fmt: str) -> str:
    """``"PDF"``, ``".pdf"`` and ``"pdf"`` are the same format; anything unknown is refused."""
    name = fmt.strip().lower().lstrip(".")
    if name not in WRITERS:
        known = " or ".join(FORMATS)
        raise ExportFailed(f"BriefBook cannot export to {fmt!r}; choose {known}.")
    return name


def writer_for(fmt: str) -> Writer:
    """The ``write(document, path)`` generator of a format's writer, imported on first use."""
    name = normalise_format(fmt)
    try:
        module = importlib.import_module(WRITERS[name])
    except ModuleNotFoundError as error:
        if error.name != WRITERS[name]:
            raise
        raise ExportFailed(f"This copy of BriefBook cannot write {name.upper()} files.") from error
    write: Writer = module.write
    return write


def _one_line(error: BaseException) -> str:
    """The first line of an error's text, as the end of a sentence."""
    lines = str(error).strip().splitlines()
    first = lines[0].strip().rstrip(".") if lines else type(error).__name__
    return first + "."


def write_document(document: BookDocument, fmt: str, output: Path) -> Iterator[float]:
    """Write an already built ``document`` to ``output`` atomically, yielding progress."""
    write = writer_for(fmt)
    output = Path(output)
    with AtomicTarget(output) as target:
        try:
            for progress in write(document, target.temp):
                yield min(progress, 1.0) * 0.99
        except BriefBookError:
            raise
        except OSError as error:
            raise ExportFailed(os_error_message(output, error)) from error
        except Exception as error:  # a writer failure must reach the user as one line
            raise ExportFailed(
                f"The {normalise_format(fmt).upper()} file could not be made: {_one_line(error)}"
            ) from error
        target.commit()
    yield 1.0


def export_book(
    store: Store,
    book_id: str,
    fmt: str,
    output: Path,
    handout: bool = False,
    *,
    today: date | None = None,
    edition: Edition | None = None,
    draft: bool = False,
    exported: Callable[[BookContent], None] | None = None,
    style: HouseStyle | str | None = None,
) -> Iterator[float]:
    """Export a book (or its handout edition) to ``output`` in ``fmt`` ("pdf" or "docx").

    ``edition`` picks full, handout or review (``handout=True`` is the handout edition). Every
    page says DRAFT when ``draft`` asks for it, or when the book is under review and a section
    is not cleared. ``exported`` is called with the content just written, once the file is in
    place: the caller saves it as a version of the book (the CLI at once; the app on its GUI
    thread, since a worker's connection is read-only). ``style`` is a house style, or what
    ``--style`` names (a stored style's name, a ``.docx``, ``.dotx`` or ``.bbstyle`` file);
    without it the book's own style applies, else the default.

    Yields progress from 0 to 1. Raises ``ExportFailed`` with a one-line message for a
    target that cannot be written or an unknown format, and ``NotFound`` for a missing book;
    in every failure or cancellation the previous file at ``output`` is kept.
    """
    from app.review.stamp import watermark_for
    from app.review.store_review import load_review
    from app.styles.resolve import resolve_style

    normalise_format(fmt)
    output = Path(output)
    check_target(output)
    chosen = style if isinstance(style, HouseStyle) else resolve_style(store, book_id, style)
    yield 0.0
    content = store.load_book_content(book_id)
    review = load_review(store, book_id)
    if edition is None:
        edition = Edition.HANDOUT if handout else Edition.FULL
    watermark = watermark_for(review, content.sections, draft)
    document = build_document(content, edition, today, review=review, watermark=watermark)
    document.house_style = chosen
    yield 0.02
    for progress in write_document(document, fmt, output):
        if progress >= 1.0 and exported is not None:
            exported(content)
        yield 0.02 + 0.98 * progress
