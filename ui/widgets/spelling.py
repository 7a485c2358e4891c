"""Spelling in a text field: red wavy underlines and a context menu of suggestions.

``SpellHighlighter`` knows nothing of the store: it is given a ``Checker`` (or None: nothing is
underlined) and underlines what it says is wrong. It never makes typing wait on Hunspell:

- ``highlightBlock`` (called by Qt for each paragraph that changed) only splits the paragraph
  into words and looks each one up in what is already known (the lexicon, the dictionary's
  memory). A word never seen before is queued, not checked.
- Queued words are checked in idle time, ``BATCH_WORDS`` per turn of the event loop, and the
  paragraphs that had them are underlined again when the queue is empty (``checked`` fires).
- A paragraph longer than ``LONG_PARAGRAPH`` characters (a pasted report) is split into words
  in idle time too, one piece per turn; meanwhile it keeps the underlines it had.

``attach_spelling_menu`` adds the suggestions, "Add to dictionary" and "Ignore in this book" at
the top of a text field's own context menu; what the two actions do is up to the caller.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QSyntaxHighlighter,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QApplication, QMenu, QPlainTextEdit, QTextEdit

from app.spelling.check import Checker
from app.spelling.tokens import Word, words

BATCH_WORDS = 80  # Hunspell lookups per turn of the event loop (~2 ms for unknown words)
LONG_PARAGRAPH = 20_000  # characters; longer paragraphs are split into words in idle time
PIECE = 4_000  # characters of a long paragraph split per turn
UNDERLINE = QColor(210, 40, 40)


def _pieces(text: str) -> list[tuple[int, int]]:
    """``text`` cut into spans of about ``PIECE`` characters, each ending at whitespace."""
    spans: list[tuple[int, int]] = []
    start = 0
    while start < len(text):
        end = min(len(text), start + PIECE)
        if end < len(text):
            space = text.rfind(" ", start, end)
            end = space + 1 if space > start else end
        spans.append((start, end))
        start = end
    return spans


class SpellHighlighter(QSyntaxHighlighter):
    """Underlines the misspelt words of a document; see the module docstring."""

    checked = Signal()  # the queue of new words is done and their paragraphs are underlined

    def __init__(self, document: QTextDocument, checker: Checker | None = None) -> None:
        super().__init__(document)
        self._checker = checker
        self._format = QTextCharFormat()
        self._format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
        self._format.setUnderlineColor(UNDERLINE)
        self._queue: dict[str, None] = {}  # words to ask Hunspell about, in order
        self._waiting: dict[int, QTextBlock] = {}  # paragraphs to underline again after
        self._long: dict[int, tuple[str, list[Word]]] = {}  # long paragraphs' words, by block
        self._splitting: dict[int, tuple[QTextBlock, str, list[tuple[int, int]], list[Word]]] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._work)
        self.batches = 0  # idle-time turns taken (tests bound the work per turn with it)

    def checker(self) -> Checker | None:
        return self._checker

    def set_checker(self, checker: Checker | None, force: bool = True) -> None:
        """Check with ``checker`` from now on (None: underline nothing) and redo every
        paragraph; unless ``force``, a checker with the same dictionary and words as the
        current one changes nothing."""
        current = self._checker
        same = (checker is None and current is None) or (
            checker is not None
            and current is not None
            and checker.dictionary is current.dictionary
            and checker.lexicon is current.lexicon
        )
        self._checker = checker
        if same and not force:
            return
        self._queue.clear()
        self._waiting.clear()
        self._long.clear()
        self._splitting.clear()
        self._quietly(self.rehighlight)

    def is_busy(self) -> bool:
        """Whether words or paragraphs still wait for idle time."""
        return bool(self._queue or self._splitting)

    def misspelt_at(self, position: int) -> Word | None:
        """The underlined word at ``position`` in the document, if any."""
        document = self.document()
        if self._checker is None or document is None:
            return None
        block = document.findBlock(position)
        offset = position - block.position()
        for word in self._words_of(block.text(), block.blockNumber()):
            if word.start <= offset <= word.end and self._checker.verdict(word.word):
                return Word(block.position() + word.start, block.position() + word.end, word.word)
        return None

    # --- Qt's call for each changed paragraph ------------------------------------------------

    def highlightBlock(self, text: str) -> None:
        checker = self._checker
        if checker is None or not checker.active or not text:
            return
        number = self.currentBlock().blockNumber()
        if len(text) > LONG_PARAGRAPH:
            found = self._long_words(text, number)
        else:
            found = words(text, markdown=False)
        unknown = False
        for word in found:
            verdict = checker.verdict(word.word)
            if verdict is None:
                self._queue.setdefault(word.word, None)
                unknown = True
            elif verdict:
                self.setFormat(word.start, word.end - word.start, self._format)
        if unknown:
            self._waiting[number] = self.currentBlock()
            self._timer.start()

    def _words_of(self, text: str, number: int) -> list[Word]:
        if len(text) > LONG_PARAGRAPH:
            known = self._long.get(number)
            return known[1] if known and known[0] == text else []
        return words(text, markdown=False)

    def _long_words(self, text: str, number: int) -> list[Word]:
        """A long paragraph's words when they are known for this very text; else the words it
        had (still underlined where they were) while it is split again in idle time."""
        known = self._long.get(number)
        if known is not None and known[0] == text:
            return known[1]
        self._splitting[number] = (self.currentBlock(), text, _pieces(text), [])
        self._timer.start()
        if known is None:
            return []
        return [word for word in known[1] if word.end <= len(text)]

    def _quietly(self, redo: Callable[[], None]) -> None:
        """Underline again without telling the document's listeners that the text changed.

        QSyntaxHighlighter's rehighlight marks the document's contents dirty, so QTextEdit
        emits textChanged and QTextDocument contentsChanged although no character changed
        (Qt 6.8-6.12); editors that autosave on those would save and add an undo step for
        every new underline. The layout is told directly, not by these signals, so repainting
        still happens. Reproduced in tests/ui/widgets/test_spelling.py.
        """
        document = self.document()
        blocker = QSignalBlocker(document) if document is not None else None
        try:
            redo()
        finally:
            if blocker is not None:
                blocker.unblock()

    # --- idle time ------------------------------------------------------------------------------

    def _work(self) -> None:
        self.batches += 1
        if self._splitting:
            self._split_one_piece()
        elif self._queue and self._checker is not None:
            for _ in range(min(BATCH_WORDS, len(self._queue))):
                word = next(iter(self._queue))
                del self._queue[word]
                self._checker.is_misspelt(word)
        else:
            self._queue.clear()
        if self.is_busy():
            self._timer.start()
            return
        waiting = list(self._waiting.values())
        self._waiting.clear()
        valid = [block for block in waiting if block.isValid()]

        def underline_again() -> None:
            for block in valid:
                self.rehighlightBlock(block)

        self._quietly(underline_again)
        if not self.is_busy():
            self.checked.emit()

    def _split_one_piece(self) -> None:
        number = next(iter(self._splitting))
        block, text, spans, found = self._splitting[number]
        start, end = spans.pop(0)
        found += [
            Word(w.start + start, w.end + start, w.word) for w in words(text[start:end], False)
        ]
        if spans:
            return
        del self._splitting[number]
        if block.isValid() and block.text() == text:
            self._long[number] = (text, found)
            self._waiting[number] = block


def attach_spelling_menu(
    edit: QTextEdit | QPlainTextEdit,
    highlighter: SpellHighlighter,
    add_to_dictionary: Callable[[str], None],
    ignore_in_book: Callable[[str], None] | None,
) -> None:
    """Put the suggestions for the misspelt word under the mouse, "Add to dictionary" and (when
    given) "Ignore in this book" at the top of ``edit``'s context menu."""
    edit.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def show_menu(point: QPoint) -> None:
        menu = spelling_menu(edit, highlighter, point, add_to_dictionary, ignore_in_book)
        menu.exec(edit.viewport().mapToGlobal(point))
        menu.deleteLater()

    edit.customContextMenuRequested.connect(show_menu)


def spelling_menu(
    edit: QTextEdit | QPlainTextEdit,
    highlighter: SpellHighlighter,
    point: QPoint,
    add_to_dictionary: Callable[[str], None],
    ignore_in_book: Callable[[str], None] | None,
) -> QMenu:
    """The context menu for ``point`` in ``edit``'s viewport (built, not shown)."""
    menu = edit.createStandardContextMenu(edit.viewport().mapToGlobal(point))
    position = edit.cursorForPosition(point).position()
    word = highlighter.misspelt_at(position)
    checker = highlighter.checker()
    if word is None or checker is None or edit.isReadOnly():
        return menu
    first = menu.actions()[0] if menu.actions() else None
    added: list[QAction] = []
    # Hunspell takes 0.1-0.5 s to suggest (it tries every edit of the word): say so.
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        suggestions = checker.suggestions(word.word)
    finally:
        QApplication.restoreOverrideCursor()
    for suggestion in suggestions:
        action = QAction(suggestion, menu)
        action.setObjectName("spellingSuggestion")
        font = action.font()
        font.setBold(True)
        action.setFont(font)
        action.triggered.connect(lambda _=False, s=suggestion: _replace(edit, word, s))
        added.append(action)
    if not suggestions:
        none = QAction("(no suggestions)", menu)
        none.setEnabled(False)
        added.append(none)
    add = QAction(f"Add “{word.word}” to dictionary", menu)
    add.setObjectName("spellingAdd")
    add.triggered.connect(lambda: add_to_dictionary(word.word))
    added.append(add)
    if ignore_in_book is not None:
        ignore = QAction("Ignore in this book", menu)
        ignore.setObjectName("spellingIgnore")
        ignore.triggered.connect(lambda: ignore_in_book(word.word))
        added.append(ignore)
    if first is None:
        menu.addActions(added)
    else:
        menu.insertActions(first, added)
        menu.insertSeparator(first)
    return menu


def _replace(edit: QTextEdit | QPlainTextEdit, word: Word, replacement: str) -> None:
    cursor = edit.textCursor()
    cursor.setPosition(word.start)
    cursor.setPosition(word.end, QTextCursor.MoveMode.KeepAnchor)
    if cursor.selectedText() == word.word:
        cursor.insertText(replacement)  # one undo step, and the field's own change signals
        edit.setTextCursor(cursor)
