"""What the whole suite shares: start-up's workarounds, and for the app and export tests the
test book and the sample book in one store, and the test book's neutral document in both
editions, made once per module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from book_support import add_test_book, built_document

from app.document import BookDocument, Edition
from app.sample import ensure_sample_book
from app.store import Store


def pytest_configure(config: pytest.Config) -> None:
    """What the app's start-up does before any Qt work (ui.session.startup.run_gui)."""
    from ui.session.workarounds import keep_booleans_alive

    keep_booleans_alive()


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


@pytest.fixture(scope="module")
def test_documents(book_store: tuple[Store, str, str]) -> dict[Edition, BookDocument]:
    store, test_id, _ = book_store
    return {edition: built_document(store, test_id, edition) for edition in Edition}


@pytest.fixture(autouse=True)
def _forget_passphrases() -> Iterator[None]:
    """Passphrases live in process memory: no test sees another test's."""
    yield
    from app.protection import envelope, keys

    keys.forget_all()
    envelope.forget_passphrases()
