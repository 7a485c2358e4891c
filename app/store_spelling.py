"""The store's spelling words: the personal dictionary and the words ignored in one book.

Part of ``app.store.Store``. The personal dictionary lives in the store (not the settings), so
backups, restores and the CLI's ``check`` see the same words as the editors.
"""

from __future__ import annotations

from app.domain import now_stamp
from app.errors import InvalidInput
from app.store_core import StoreCore


class SpellingWords(StoreCore):
    """Words spelling accepts: everywhere (personal) or in one book (ignored)."""

    def personal_words(self) -> list[str]:
        """The personal dictionary, in alphabetical order."""
        return [row[0] for row in self.conn.execute("SELECT word FROM personal_words ORDER BY 1")]

    def add_personal_word(self, word: str) -> None:
        """Add ``word`` to the personal dictionary (accepted in every book from now on)."""
        word = _spelling_word(word)
        with self.transaction():
            self.conn.execute(
                "INSERT OR IGNORE INTO personal_words (word, created_at) VALUES (?, ?)",
                [word, now_stamp()],
            )

    def remove_personal_word(self, word: str) -> None:
        with self.transaction():
            self.conn.execute("DELETE FROM personal_words WHERE word = ?", [word])

    def ignored_words(self, book_id: str) -> list[str]:
        """The words "Ignore in this book" accepted in one book, in alphabetical order."""
        rows = self.conn.execute(
            "SELECT word FROM book_ignored_words WHERE book_id = ? ORDER BY 1", [book_id]
        )
        return [row[0] for row in rows]

    def ignore_word(self, book_id: str, word: str) -> None:
        """Accept ``word`` in one book only (kept with the book, deleted with it)."""
        word = _spelling_word(word)
        with self.transaction():
            self.conn.execute(
                "INSERT OR IGNORE INTO book_ignored_words (book_id, word, created_at) "
                "VALUES (?, ?, ?)",
                [book_id, word, now_stamp()],
            )


def _spelling_word(word: str) -> str:
    word = word.strip()
    if not word or any(c.isspace() for c in word) or len(word) > 100:
        raise InvalidInput("A dictionary word is one word, without spaces.")
    return word
