"""``briefbook export`` through a real subprocess: files written, exit codes, one-line errors."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from book_support import add_test_book, pdftotext

from app.store import Store

PREVIOUS = b"previous export, must survive"
HAS_DOCX_WRITER = importlib.util.find_spec("exports.docx_writer") is not None


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli-store") / "store.sqlite"
    store = Store.open(path)
    try:
        add_test_book(store)
    finally:
        store.close()
    return path


def briefbook(store_path: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", "--store", str(store_path), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _refused(result: subprocess.CompletedProcess[str], status: int = 1) -> str:
    assert result.returncode == status, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


def test_export_pdf_by_title(store_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "book.pdf"
    result = briefbook(
        store_path, "export", "Trade mission to Bakı", "--format", "pdf", "--output", target
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(target)  # no progress output when not on a terminal
    assert result.stderr == ""
    text = pdftotext(target)
    assert "Trade mission to Bakı" in text and "PERSON-POINT-TEXT" in text


def test_export_handout(store_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "handout.pdf"
    result = briefbook(
        store_path,
        "export",
        "Trade mission to Bakı",
        "--format",
        "PDF",
        "--output",
        target,
        "--handout",
    )
    assert result.returncode == 0, result.stderr
    text = pdftotext(target)
    assert "Handout edition" in text and "PERSON-POINT-TEXT" not in text


@pytest.mark.skipif(not HAS_DOCX_WRITER, reason="exports/docx_writer.py is not in this tree yet")
def test_export_docx(store_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "book.docx"
    result = briefbook(
        store_path, "export", "Trade mission to Bakı", "--format", "docx", "--output", target
    )
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(target) as archive:
        document = archive.read("word/document.xml").decode("utf-8")
    assert "Trade mission to Bakı" in document


def test_target_is_a_folder(store_path: Path, tmp_path: Path) -> None:
    result = briefbook(
        store_path, "export", "Trade mission to Bakı", "--format", "pdf", "--output", tmp_path
    )
    assert "is a folder" in _refused(result)


def test_missing_folder(store_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "missing" / "book.pdf"
    result = briefbook(
        store_path, "export", "Trade mission to Bakı", "--format", "pdf", "--output", target
    )
    assert "does not exist" in _refused(result)
    assert not target.parent.exists()


def test_refusals_keep_the_previous_file(store_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "book.pdf"
    target.write_bytes(PREVIOUS)
    unknown = briefbook(store_path, "export", "No such book", "--format", "pdf", "--output", target)
    assert "No such book" in _refused(unknown)
    assert target.read_bytes() == PREVIOUS
    wrong_format = briefbook(
        store_path, "export", "Trade mission to Bakı", "--format", "odt", "--output", target
    )
    assert wrong_format.returncode == 2
    assert target.read_bytes() == PREVIOUS
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.pdf"]
