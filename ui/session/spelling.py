"""The app's spelling: dictionaries and lexicons made ready off the GUI thread, and the words
the user adds.

``spelling_for(context)`` gives the one ``Spelling`` of a window's context (made on first use).
``Spelling.checker(book_id, section_language)`` never blocks: until the book's lexicon (read on
a worker's own read-only connection) and its language's dictionary (0.1–0.7 s to load) are ready
it returns None, and ``changed`` fires when they are. "Add to dictionary" writes the personal
dictionary (kept in the store, so backups, restores and ``briefbook check`` see the same words)
and "Ignore in this book" the book's ignored words.

``bind_spelling`` joins a text field to it: a ``SpellHighlighter`` on the field's document, the
context menu, and a refresh when the book's words or language change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLocale, QObject, QTimer, Signal
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit

from app.errors import BriefBookError
from app.spelling import Checker, Dictionaries, Lexicon, default_language
from app.spelling.languages import resolve
from app.store import Store
from ui.session.workers import Worker
from ui.widgets.spelling import SpellHighlighter, attach_spelling_menu

if TYPE_CHECKING:
    from ui.context import AppContext

LIBRARY = ""  # the "book" of library records (bios, notes): names only, the default language
REFRESH_AFTER_MS = 1500  # a book's names are read again this long after its last change
# The first loads wait this long: start-up builds the first page (and asks for a checker)
# before the window is painted, and no worker may start before the first paint.
FIRST_LOAD_AFTER_MS = 500


class Spelling(QObject):
    """Dictionaries and lexicons for one store; see the module docstring."""

    changed = Signal()  # a dictionary or lexicon is ready or changed: ask for checkers again

    def __init__(
        self,
        context: AppContext,
        dictionaries: Dictionaries | None = None,
        english: str | None = None,
    ) -> None:
        super().__init__()
        self.context = context
        self.dictionaries = dictionaries if dictionaries is not None else Dictionaries()
        self.default_language = english or default_language(QLocale.system().name())
        self._lexicons: dict[str, Lexicon] = {}
        self._languages: dict[str, str] = {}  # the language last given for each book
        self._workers: dict[str, Worker] = {}
        self._stale: set[str] = set()
        self._refresh = QTimer(self)
        self._refresh.setSingleShot(True)
        self._refresh.setInterval(REFRESH_AFTER_MS)
        self._refresh.timeout.connect(self._reload_stale)
        self._waiting: list[Worker] = []
        self._launch = QTimer(self)
        self._launch.setSingleShot(True)
        self._launch.setInterval(FIRST_LOAD_AFTER_MS)
        self._launch.timeout.connect(self._launch_waiting)
        context.events.people_changed.connect(self._names_changed)
        context.events.notes_changed.connect(self._names_changed)
        context.events.book_changed.connect(self._book_changed)

    # --- what editors ask -------------------------------------------------------------------

    def language(self, book_id: str, section_language: str = "") -> str:
        book_language = ""
        if book_id:
            try:
                book_language = self.context.store.get_book(book_id).language
            except BriefBookError:
                book_language = ""
        self._languages[book_id] = book_language
        return resolve(book_language, section_language, self.default_language)

    def checker(self, book_id: str, section_language: str = "") -> Checker | None:
        """A checker for text of ``book_id`` (LIBRARY for library records), or None while its
        dictionary or lexicon is being made ready (``changed`` fires then)."""
        if self.context.store.closed:
            return None  # the window is closing: a load that ends now has nothing to check
        language = self.language(book_id, section_language)
        lexicon = self._lexicons.get(book_id)
        if lexicon is None:
            self._load_lexicon(book_id)
        if not self.dictionaries.has(language):
            return Checker(None, lexicon or Lexicon())  # not checked at all
        if not self.dictionaries.is_loaded(language):
            self._load_dictionary(language)
            return None
        if lexicon is None:
            return None
        return Checker(self.dictionaries.loaded(language), lexicon)

    def lexicon(self, book_id: str) -> Lexicon | None:
        """The book's lexicon if it is loaded (preflight reuses it instead of reading the
        library again)."""
        return self._lexicons.get(book_id)

    def is_ready(self) -> bool:
        """Nothing is loading (tests wait for ``changed`` until this holds)."""
        return not self._workers

    # --- what the user does -----------------------------------------------------------------

    def add_to_dictionary(self, word: str) -> None:
        """Accept ``word`` in every book from now on (the personal dictionary)."""
        if self.context.read_only:
            return
        self.context.store.add_personal_word(word)
        for lexicon in self._lexicons.values():
            lexicon.add_word(word)
        self.context.events.status_message.emit(f"“{word}” added to your dictionary.")
        self.changed.emit()

    def ignore_in_book(self, book_id: str, word: str) -> None:
        """Accept ``word`` in this book only."""
        if self.context.read_only or not book_id:
            return
        self.context.store.ignore_word(book_id, word)
        lexicon = self._lexicons.get(book_id)
        if lexicon is not None:
            lexicon.add_word(word)
        self.context.events.status_message.emit(f"“{word}” is ignored in this book.")
        self.changed.emit()

    # --- loading off the GUI thread ---------------------------------------------------------

    def _start(self, key: str, job: Callable[[Worker], Any], done: Callable[[Any], bool]) -> None:
        """Run ``job`` in a worker; ``done(result)`` on the GUI thread says whether anything
        changed (then ``changed`` fires)."""
        if key in self._workers:
            return
        worker = Worker(job, name=f"spelling {key}")
        self._workers[key] = worker

        def finished(result: Any) -> None:
            self._workers.pop(key, None)
            if done(result):
                self.changed.emit()

        def failed(_message: str) -> None:
            self._workers.pop(key, None)

        worker.signals.finished.connect(finished)
        worker.signals.failed.connect(failed)
        self._waiting.append(worker)
        if not self._launch.isActive():
            self._launch.start()

    def _launch_waiting(self) -> None:
        self._launch.setInterval(0)  # only the first loads wait for the window to show
        waiting, self._waiting = self._waiting, []
        for worker in waiting:
            worker.start()

    def _load_dictionary(self, language: str) -> None:
        dictionaries = self.dictionaries
        self._start(f"dictionary:{language}", lambda _w: dictionaries.get(language), _loaded)

    def _load_lexicon(self, book_id: str) -> None:
        store_path = self.context.store_path

        def job(_worker: Worker) -> Lexicon:
            with Store.open(store_path, read_only=True) as store:
                return Lexicon.from_sources(store.lexicon_sources(book_id))

        def done(lexicon: Lexicon) -> bool:
            # Read again after an edit, the names are usually the same: keep the lexicon the
            # fields use (and their underlines) unless a word came or went.
            old = self._lexicons.get(book_id)
            if old is not None and old.words() == lexicon.words():
                return False
            self._lexicons[book_id] = lexicon
            return True

        self._start(f"lexicon:{book_id}", job, done)

    def _names_changed(self) -> None:
        self._stale |= set(self._lexicons)
        self._refresh.start()

    def _book_changed(self, book_id: str) -> None:
        # A destination, a meeting's place or the language may have changed; every autosave of
        # a section says so too, so read the names again only once the edits pause.
        if book_id in self._lexicons:
            self._stale.add(book_id)
            self._refresh.start()
        if book_id in self._languages and not self.context.store.closed:
            before = self._languages[book_id]
            if self.language(book_id) and self._languages[book_id] != before:
                self.changed.emit()  # a new language takes effect at once

    def _reload_stale(self) -> None:
        # The current lexicon stays in use until the new one is read (no flicker).
        for book_id in sorted(self._stale):
            self._load_lexicon(book_id)
        self._stale.clear()

    def wait_for_workers(self, timeout: float = 5.0) -> None:
        """For shutdown: let loads in flight end (they only read). A worker must outlive its
        run (``ui.session.workers.Worker``), so this object must not go before them."""
        self._launch.stop()
        self._waiting.clear()  # never started: nothing to wait for
        for worker in list(self._workers.values()):
            if worker.running:
                worker.wait(timeout)
        self._workers.clear()


def _loaded(_result: object) -> bool:
    return True


def spelling_for(context: AppContext) -> Spelling:
    """The context's ``Spelling``, made on first use."""
    if context.spelling is None:
        context.spelling = Spelling(context)
    return context.spelling


class SpellingBinding(QObject):
    """A text field checked as the user types, for the book ``book_id()`` returns."""

    def __init__(
        self,
        edit: QTextEdit | QPlainTextEdit,
        context: AppContext,
        book_id: Callable[[], str | None],
        section_language: Callable[[], str] = lambda: "",
    ) -> None:
        super().__init__(edit)
        self.spelling = spelling_for(context)
        self.highlighter = SpellHighlighter(edit.document())
        self._book_id = book_id
        self._section_language = section_language
        in_book = book_id() != LIBRARY
        attach_spelling_menu(
            edit,
            self.highlighter,
            self.spelling.add_to_dictionary,
            self._ignore if in_book else None,
        )
        self.spelling.changed.connect(self._on_changed)
        self.refresh()

    def refresh(self, force: bool = False) -> None:
        """Ask for the checker again: call when the field shows another book or section (a
        checker like the current one changes nothing)."""
        book_id = self._book_id()
        checker = (
            None if book_id is None else self.spelling.checker(book_id, self._section_language())
        )
        self.highlighter.set_checker(checker, force)

    def _on_changed(self) -> None:
        self.refresh(force=True)

    def _ignore(self, word: str) -> None:
        book_id = self._book_id()
        if book_id:
            self.spelling.ignore_in_book(book_id, word)


def bind_spelling(
    edit: QTextEdit | QPlainTextEdit,
    context: AppContext,
    book_id: Callable[[], str | None],
    section_language: Callable[[], str] = lambda: "",
) -> SpellingBinding:
    """Check ``edit`` as the user types (see ``SpellingBinding``)."""
    return SpellingBinding(edit, context, book_id, section_language)
