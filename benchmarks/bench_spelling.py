"""Spelling on the GUI thread: checking the reference book's largest section paragraph by
paragraph, as the editor's highlighter does.

Each paragraph (a block between blank lines, as the editor shows it) is checked with the
reference book's real setup: the book's language, its lexicon from the whole large store
(10,000 people's names, 50,000 note titles), Hunspell with the bundled dictionary. Two figures
per paragraph: the first check with an empty word memory (the section just opened) and the
check again (what each keystroke costs: the highlighter re-checks the paragraph being typed
in). The generator's prose is made of invented words, and so are the 50,000 note titles and
10,000 names of the library, so the book's lexicon accepts nearly all of them; a third figure
checks the paragraphs with an empty lexicon, where every invented word goes to Hunspell, which
is slower to reject a word than to accept one: the worst case.

    python -m benchmarks.bench_spelling STORE
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from app.spelling import Checker, Dictionaries, Lexicon
from app.spelling.languages import resolve
from app.spelling.tokens import words
from app.store import Store
from benchmarks.generate import REFERENCE_BOOK_ID
from benchmarks.measure import median
from ui.widgets.spelling import BATCH_WORDS

LANGUAGE = "en-US"


@dataclass
class SpellingResults:
    first_ms: list[float] = field(default_factory=list)  # per paragraph, empty word memory
    again_ms: list[float] = field(default_factory=list)  # per paragraph, remembered words
    unknown_ms: list[float] = field(default_factory=list)  # per paragraph, no lexicon
    batch_ms: list[float] = field(default_factory=list)  # the editor's idle turn: new words
    load_ms: list[float] = field(default_factory=list)
    lexicon_ms: list[float] = field(default_factory=list)
    paragraphs: int = 0
    words: int = 0
    flagged_share: float = 0.0
    section: str = ""


def run(store_path: Path, rounds: int) -> SpellingResults:
    found = SpellingResults()
    store = Store.open(store_path, read_only=True)
    try:
        book = store.get_book(REFERENCE_BOOK_ID)
        section = max(store.list_sections(book.id), key=lambda s: len(s.body))
        paragraphs = [p for p in section.body.split("\n\n") if p.strip()]
        found.section = f"{section.title[:40]}… ({len(section.body):,} characters)"
        found.paragraphs = len(paragraphs)
        found.words = sum(len(words(p)) for p in paragraphs)
        language = resolve(book.language, section.language, LANGUAGE)
        for _ in range(rounds):
            started = time.perf_counter()
            lexicon = Lexicon.from_sources(store.lexicon_sources(book.id))
            found.lexicon_ms.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            dictionary = Dictionaries().get(language)
            found.load_ms.append((time.perf_counter() - started) * 1000)
            checker = Checker(dictionary, lexicon)
            flagged = 0
            for paragraph in paragraphs:
                started = time.perf_counter()
                flagged += len(checker.misspellings(paragraph))
                found.first_ms.append((time.perf_counter() - started) * 1000)
            for paragraph in paragraphs:
                started = time.perf_counter()
                checker.misspellings(paragraph)
                found.again_ms.append((time.perf_counter() - started) * 1000)
            found.flagged_share = flagged / max(found.words, 1)
            bare = Checker(Dictionaries().get(language), Lexicon())
            for paragraph in paragraphs:
                started = time.perf_counter()
                bare.misspellings(paragraph)
                found.unknown_ms.append((time.perf_counter() - started) * 1000)
            # The editor's idle turn: BATCH_WORDS words it has not seen, each to Hunspell.
            fresh = Checker(Dictionaries().get(language), Lexicon())
            unique = list(dict.fromkeys(w.word for p in paragraphs for w in words(p)))
            for start in range(0, len(unique), BATCH_WORDS):
                started = time.perf_counter()
                for word in unique[start : start + BATCH_WORDS]:
                    fresh.is_misspelt(word)
                found.batch_ms.append((time.perf_counter() - started) * 1000)
    finally:
        store.close()
    return found


def main() -> int:
    results = run(Path(sys.argv[1]), 3)
    print(
        f"{results.section}: {results.paragraphs} paragraphs, {results.words} words, "
        f"{results.flagged_share:.0%} flagged; first check {median(results.first_ms):.2f} ms "
        f"(max {max(results.first_ms):.2f}), again {median(results.again_ms):.2f} ms "
        f"(max {max(results.again_ms):.2f}); dictionary {median(results.load_ms):.0f} ms, "
        f"lexicon {median(results.lexicon_ms):.0f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
