"""The export driver: atomic writes, cancellation, refusals, lazy writer imports."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from book_support import TODAY, add_test_book, pdftotext

from app.document import BookDocument
from app.errors import ExportFailed, NotFound
from app.store import Store
from exports import api
from exports.api import export_book, normalise_format, writer_for

PREVIOUS = b"%PDF-1.4 previous export, must survive\n"


@pytest.fixture
def book(export_store: Store) -> str:
    return add_test_book(export_store)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """An empty folder to export into (the store lives beside it, not in it)."""
    made = tmp_path / "exports"
    made.mkdir()
    return made


def _run(steps: Iterator[float]) -> list[float]:
    return list(steps)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def test_export_writes_the_file_and_reports_progress(
    export_store: Store, book: str, folder: Path
) -> None:
    target = folder / "out" / "book.pdf"
    target.parent.mkdir()
    target.write_bytes(PREVIOUS)
    progress = _run(export_book(export_store, book, "pdf", target, today=TODAY))
    assert progress[0] == 0.0 and progress[-1] == 1.0 and progress == sorted(progress)
    assert target.read_bytes().startswith(b"%PDF-")
    assert "Trade mission to Bakı" in pdftotext(target)
    assert _leftovers(target.parent) == []
    assert oct(target.stat().st_mode & 0o777) == oct(0o644)


def test_handout_flag_writes_the_handout(export_store: Store, book: str, folder: Path) -> None:
    target = folder / "handout.pdf"
    _run(export_book(export_store, book, "PDF", target, handout=True, today=TODAY))
    text = pdftotext(target)
    assert "Handout edition" in text and "INTERNAL-NOTE-TEXT" not in text


def test_cancelling_keeps_the_previous_file(export_store: Store, book: str, folder: Path) -> None:
    target = folder / "book.pdf"
    target.write_bytes(PREVIOUS)
    steps = export_book(export_store, book, "pdf", target, today=TODAY)
    for _ in range(4):
        next(steps)
    assert _leftovers(folder)  # the temporary file exists while the export runs
    steps.close()
    assert target.read_bytes() == PREVIOUS
    assert _leftovers(folder) == []


def test_cancelling_a_first_export_leaves_no_file(
    export_store: Store, book: str, folder: Path
) -> None:
    target = folder / "book.pdf"
    steps = export_book(export_store, book, "pdf", target)
    next(steps)
    next(steps)
    next(steps)
    steps.close()
    assert list(folder.iterdir()) == []


def _refusal(steps: Iterator[float]) -> str:
    with pytest.raises(ExportFailed) as caught:
        _run(steps)
    message = str(caught.value)
    assert "\n" not in message and message.endswith(".")
    return message


def test_target_that_is_a_folder_is_refused(export_store: Store, book: str, folder: Path) -> None:
    message = _refusal(export_book(export_store, book, "pdf", folder))
    assert "is a folder" in message


def test_missing_folder_is_refused(export_store: Store, book: str, folder: Path) -> None:
    message = _refusal(export_book(export_store, book, "pdf", folder / "nope" / "b.pdf"))
    assert "does not exist" in message


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root may write anywhere")
def test_read_only_folder_is_refused(export_store: Store, book: str, folder: Path) -> None:
    folder = folder / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        assert "permission" in _refusal(export_book(export_store, book, "pdf", folder / "b.pdf"))
    finally:
        folder.chmod(0o755)


def test_folder_without_permission_is_refused(
    export_store: Store, book: str, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tests may run as root, which may write anywhere: the permission check is simulated.
    monkeypatch.setattr("exports.atomic.os.access", lambda path, mode: False)
    message = _refusal(export_book(export_store, book, "pdf", folder / "b.pdf"))
    assert "permission" in message
    assert list(folder.iterdir()) == []


def test_locked_target_keeps_the_previous_file(
    export_store: Store, book: str, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows refuses to replace a file open in another program; the same is simulated here."""
    target = folder / "book.pdf"
    target.write_bytes(PREVIOUS)

    def locked(source: object, destination: object) -> None:
        raise PermissionError(13, "The process cannot access the file")

    monkeypatch.setattr("exports.atomic.os.replace", locked)
    message = _refusal(export_book(export_store, book, "pdf", target, today=TODAY))
    assert "open in another program" in message
    assert target.read_bytes() == PREVIOUS
    assert _leftovers(folder) == []


def test_writer_failure_becomes_one_line_and_keeps_the_previous_file(
    export_store: Store, book: str, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = folder / "book.pdf"
    target.write_bytes(PREVIOUS)

    def failing(document: BookDocument, path: Path) -> Iterator[float]:
        path.write_bytes(b"half a file")
        yield 0.5
        raise ValueError("layout went wrong\nwith a second line")

    monkeypatch.setattr(api, "writer_for", lambda fmt: failing)
    message = _refusal(export_book(export_store, book, "pdf", target))
    assert message == "The PDF file could not be made: layout went wrong."
    assert target.read_bytes() == PREVIOUS
    assert _leftovers(folder) == []


def test_disk_full_is_reported(
    export_store: Store, book: str, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(document: BookDocument, path: Path) -> Iterator[float]:
        yield 0.1
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(api, "writer_for", lambda fmt: full)
    assert "not enough disk space" in _refusal(
        export_book(export_store, book, "pdf", folder / "b.pdf")
    )
    assert list(folder.iterdir()) == []


def test_unknown_format_is_refused(export_store: Store, book: str, folder: Path) -> None:
    message = _refusal(export_book(export_store, book, "odt", folder / "b.odt"))
    assert "pdf or docx" in message
    assert normalise_format(".PDF") == "pdf"


def test_missing_book(export_store: Store, folder: Path) -> None:
    with pytest.raises(NotFound):
        _run(export_book(export_store, "no-such-book", "pdf", folder / "b.pdf"))
    assert list(folder.iterdir()) == []


def test_writers_follow_one_interface() -> None:
    assert writer_for("pdf").__module__ == "exports.pdf_writer"
    try:
        docx = writer_for("docx")
    except ExportFailed:
        pytest.skip("exports/docx_writer.py is not in this tree yet")
    assert docx.__module__ == "exports.docx_writer"


def test_export_libraries_are_imported_lazily() -> None:
    code = (
        "import sys, exports.api, app.cli\n"
        "heavy = [m for m in ('reportlab', 'docx', 'exports.pdf_writer') if m in sys.modules]\n"
        "print(','.join(heavy))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
