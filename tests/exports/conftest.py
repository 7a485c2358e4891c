"""Fixtures for the export tests: stores holding the test book and the sample book, and their
PDFs, made once per module where the tests only read them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from _export_book import TODAY, add_test_book

from app.assemble import build_document
from app.document import BookDocument, Edition
from app.sample import ensure_sample_book
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
def book_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, str, str]]:
    """A store with the test book and the sample book: (store, test book id, sample book id)."""
    opened = Store.open(tmp_path_factory.mktemp("books") / "store.sqlite")
    try:
        test_id = add_test_book(opened)
        sample_id = ensure_sample_book(opened).id
        yield opened, test_id, sample_id
    finally:
        opened.close()


def _document(store: Store, book_id: str, edition: Edition) -> BookDocument:
    return build_document(store.load_book_content(book_id), edition, TODAY)


@pytest.fixture(scope="module")
def test_documents(book_store: tuple[Store, str, str]) -> dict[Edition, BookDocument]:
    store, test_id, _ = book_store
    return {edition: _document(store, test_id, edition) for edition in Edition}


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
        for _ in pdf_writer.write(_document(store, sample_id, edition), path, invariant=True):
            pass
        paths[edition] = path
    return paths
