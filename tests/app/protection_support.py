"""Helpers for the protection tests: a store with backups, and what a plaintext leak looks like."""

from __future__ import annotations

import hashlib
from pathlib import Path

from app.backups import backup_dir_for
from app.sample import ensure_sample_book
from app.store import Store

SECRET = "correct horse battery staple"
OTHER_SECRET = "a different passphrase"
# Words of the sample book that must never be readable in an encrypted store's folder.
READABLE_MARKERS = (b"Baku", b"Azerbaijan", b"talking", b"Trade and Development")


def make_store_with_backups(path: Path, backups: int = 2) -> Path:
    """A plain store with the sample book and ``backups`` plain daily backups beside it."""
    with Store.open(path) as store:
        ensure_sample_book(store)
        folder = backup_dir_for(path)
        folder.mkdir(exist_ok=True)
        for day in range(backups):
            store.backup(folder / f"{path.stem}-2026110{day + 1}-101010.sqlite")
    return path


def content_fingerprint(path: Path) -> str:
    """A digest of everything a user wrote, read through the store (keys must be remembered)."""
    digest = hashlib.sha256()
    with Store.open(path, read_only=True) as store:
        for book in store.list_books():
            content = store.load_book_content(book.id)
            digest.update(repr((book, content.sections, content.notes)).encode())
        for person in store.list_people():
            digest.update(repr(person).encode())
    return digest.hexdigest()


def readable_files(folder: Path) -> list[str]:
    """Every file under ``folder`` (recursively) that holds a readable word of the content."""
    found = []
    for file in sorted(folder.rglob("*")):
        if file.is_file():
            data = file.read_bytes()
            if any(marker in data for marker in READABLE_MARKERS):
                found.append(str(file.relative_to(folder)))
    return found
