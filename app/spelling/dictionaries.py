"""Hunspell dictionaries: loading the bundled ones, and asking them about words.

The engine is Hunspell itself through the ``chunspell`` package (its wheels carry the C++
library for Windows, macOS and Linux); docs/architecture.md ("Spelling") says why. The bundled
dictionaries are xz-compressed (13.4 MB of word lists are 2.2 MB, which keeps the frozen app
inside its size budget); Hunspell reads plain files, so each is unpacked once into the user's
cache folder, under a name that carries the compressed file's hash (an updated dictionary gets
a new folder). A ``Dictionaries`` shelf loads each language on first use (0.1–0.7 s, plus
~0.1 s the first time it is unpacked) and keeps it; every
``Dictionary`` remembers its answers per word, so checking a paragraph again as the user types
costs a dictionary lookup per word, not a Hunspell call.

Nothing here is global: the app and the CLI each make one shelf and pass it on.
"""

from __future__ import annotations

import contextlib
import hashlib
import lzma
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from app.paths import APP_AUTHOR, APP_NAME
from app.resources import resource_path
from app.spelling.languages import dictionary_name

CACHE_LIMIT = 50_000  # words remembered per dictionary before the memory starts again
SUGGESTION_LIMIT = 8


class Engine(Protocol):
    """What BriefBook needs of a spelling engine (Hunspell's ``spell`` and ``suggest``)."""

    def spell(self, word: str) -> bool: ...

    def suggest(self, word: str) -> tuple[str, ...]: ...


def dictionaries_folder() -> Path:
    """The bundled dictionaries (``resources/dictionaries``), in a checkout and the frozen app."""
    return resource_path("dictionaries")


def default_cache_folder() -> Path:
    """Where unpacked dictionaries are kept: the user's cache folder for BriefBook."""
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, APP_AUTHOR)) / "dictionaries"


def unpacked(folder: Path, stem: str, cache: Path) -> Path:
    """A folder holding ``stem.aff`` and ``stem.dic`` as plain files: ``folder`` itself when
    they are there, else a folder in ``cache`` where their ``.xz`` copies were unpacked."""
    if (folder / f"{stem}.aff").is_file() and (folder / f"{stem}.dic").is_file():
        return folder
    packed = [folder / f"{stem}.aff.xz", folder / f"{stem}.dic.xz"]
    digest = hashlib.sha256()
    for path in packed:
        digest.update(path.read_bytes())
    target = cache / f"{stem}-{digest.hexdigest()[:16]}"
    if (target / f"{stem}.aff").is_file() and (target / f"{stem}.dic").is_file():
        return target
    target.mkdir(parents=True, exist_ok=True)
    for path in packed:
        final = target / path.name.removesuffix(".xz")
        partial = final.with_name(f".{final.name}.{os.getpid()}.{threading.get_ident()}")
        try:
            partial.write_bytes(lzma.decompress(path.read_bytes()))
            os.replace(partial, final)  # whole or not at all: another process may be reading
        finally:
            with contextlib.suppress(OSError):
                partial.unlink()
    return target


def _path_encoding() -> str:
    # chunspell encodes the .aff/.dic paths with the locale's encoding, which on Windows cannot
    # hold every user name (C:\Users\Zoë\...). Given "utf-8" it prefixes \\?\ and Hunspell
    # opens the file with _wfopen (chunspell 2.0.5, hunspell.pyx prefix_win_utf8_hunspell_path).
    return "utf-8" if os.name == "nt" else sys.getfilesystemencoding()


def hunspell_engine(folder: Path, stem: str) -> Engine:
    """Hunspell loaded with ``folder/stem.aff`` and ``folder/stem.dic``."""
    import hunspell

    engine: Engine = hunspell.Hunspell(
        stem, hunspell_data_dir=str(folder), system_encoding=_path_encoding()
    )
    return engine


def _alphabet(aff_path: Path) -> frozenset[str]:
    """The letters a dictionary's language is written with: its affix file's TRY letters
    (every letter its suggestions may use), in both cases, plus the plain Latin letters for a
    Latin-script language."""
    letters: set[str] = set()
    with aff_path.open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            if line.startswith("TRY"):
                letters.update(c for c in line[3:].strip() if c.isalpha())
                break
    letters |= {c.upper() for c in letters} | {c.lower() for c in letters}
    if any("a" <= c <= "z" for c in letters):
        letters |= set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
    return frozenset(letters)


class Dictionary:
    """One language's dictionary. Thread-safe: the GUI and a preflight worker may share it."""

    def __init__(self, language: str, engine: Engine, alphabet: frozenset[str]) -> None:
        self.language = language
        self.alphabet = alphabet
        self._engine = engine
        self._known: dict[str, bool] = {}
        self._lock = threading.Lock()
        self.engine_calls = 0  # Hunspell lookups made (tests bound the work with it)

    def covers(self, word: str) -> bool:
        """Whether ``word`` is written in this language's alphabet. A word with other letters
        (Cyrillic in English, ə in French) belongs to another language and is not judged."""
        return all(c in self.alphabet for c in word if c.isalpha())

    def remembered(self, word: str) -> bool | None:
        """Hunspell's answer for ``word`` if it was asked before, else None (never calls it)."""
        return self._known.get(word)

    def knows(self, word: str) -> bool:
        """Whether Hunspell accepts ``word`` (remembered per word)."""
        known = self._known.get(word)
        if known is not None:
            return known
        with self._lock:
            self.engine_calls += 1
            try:
                known = bool(self._engine.spell(word))
            except UnicodeError:
                known = False
            if len(self._known) >= CACHE_LIMIT:
                self._known.clear()
            self._known[word] = known
        return known

    def suggestions(self, word: str, limit: int = SUGGESTION_LIMIT) -> list[str]:
        """Hunspell's suggestions for ``word``, best first (150–500 ms: call on demand)."""
        with self._lock:
            try:
                found = self._engine.suggest(word)
            except UnicodeError:
                return []
        unique: dict[str, None] = {}
        for suggestion in found:
            if suggestion and suggestion != word:
                unique.setdefault(suggestion, None)
        return list(unique)[:limit]


class Dictionaries:
    """The dictionaries in one folder, each loaded on first use and then kept."""

    def __init__(
        self,
        folder: Path | None = None,
        cache: Path | None = None,
        engine_factory: Callable[[Path, str], Engine] = hunspell_engine,
    ) -> None:
        self.folder = folder if folder is not None else dictionaries_folder()
        self.cache = cache if cache is not None else default_cache_folder()
        self._engine_factory = engine_factory
        self._loaded: dict[str, Dictionary | None] = {}
        self._lock = threading.Lock()

    def has(self, language: str) -> bool:
        """Whether ``language`` has a dictionary here (without loading it)."""
        stem = dictionary_name(language)
        return bool(stem) and any(
            (self.folder / f"{stem}.dic{suffix}").is_file() for suffix in ("", ".xz")
        )

    def loaded(self, language: str) -> Dictionary | None:
        """The dictionary if it is already loaded (never loads: safe on the GUI thread)."""
        return self._loaded.get(language)

    def is_loaded(self, language: str) -> bool:
        """Whether ``get(language)`` would answer at once (loaded, or known to be missing)."""
        return language in self._loaded

    def get(self, language: str) -> Dictionary | None:
        """The dictionary for ``language``, loading it now if needed; None when the language
        has no dictionary (such text is not checked at all) or the engine cannot load it."""
        if language in self._loaded:
            return self._loaded[language]
        with self._lock:
            if language not in self._loaded:
                self._loaded[language] = self._load(language)
            return self._loaded[language]

    def _load(self, language: str) -> Dictionary | None:
        if not self.has(language):
            return None
        stem = dictionary_name(language)
        try:
            folder = unpacked(self.folder, stem, self.cache)
            engine = self._engine_factory(folder, stem)
        except (ImportError, OSError, lzma.LZMAError):
            # No engine in this installation, or a cache folder that cannot be written: nothing
            # is checked and nothing breaks.
            return None
        return Dictionary(language, engine, _alphabet(folder / f"{stem}.aff"))
