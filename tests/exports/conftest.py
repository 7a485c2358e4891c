"""Fixtures for the export tests: an empty store, and the PDFs of the test book and the sample
book, made once per module where the tests only read them (the books: ``tests/conftest.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from book_support import built_document

from app.document import BookDocument, Edition
from app.store import Store


@pytest.fixture
def export_store(tmp_path: Path) -> Iterator[Store]:
    """An empty store in the test's own folder."""
    opened = Store.open(tmp_path / "store.sqlite")
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture(scope="module")
def test_pdfs(
    tmp_path_factory: pytest.TempPathFactory, test_documents: dict[Edition, BookDocument]
) -> dict[Edition, Path]:
    """The test book written as PDF in both editions."""
    from exports import pdf_writer

    folder = tmp_path_factory.mktemp("pdfs")
    paths = {}
    for edition, document in test_documents.items():
        path = folder / f"test-{edition.value}.pdf"
        for _ in pdf_writer.write(document, path, invariant=True):
            pass
        paths[edition] = path
    return paths


@pytest.fixture(scope="module")
def sample_pdfs(
    tmp_path_factory: pytest.TempPathFactory, book_store: tuple[Store, str, str]
) -> dict[Edition, Path]:
    """The sample book written as PDF in both editions."""
    from exports import pdf_writer

    store, _, sample_id = book_store
    folder = tmp_path_factory.mktemp("sample-pdfs")
    paths = {}
    for edition in Edition:
        path = folder / f"sample-{edition.value}.pdf"
        for _ in pdf_writer.write(built_document(store, sample_id, edition), path, invariant=True):
            pass
        paths[edition] = path
    return paths
