"""The ``briefbook`` command: the desktop app's launcher and a headless tool (spec/cli.md).

``briefbook [--store PATH] [--version] [COMMAND ...]``

Commands: (none) or ``gui [FILE]``, ``demo``, ``books [--json]``,
``export BOOK --format pdf|docx --output FILE [--handout]``, ``search QUERY [--json] [--limit N]``,
``import FILE``, ``bundle BOOK --output FILE.bbk``, ``backup --output FILE``, ``check``,
``backups [--json]``, ``restore BACKUP``, ``styles [--json]`` (``app.cli_styles``); ``export``
takes ``--style NAME|FILE`` and ``import`` a ``.bbstyle`` file.
A bare ``briefbook trip.bbk`` (an existing ``.bbk``/``.json`` file) opens the app on that bundle.

The store is ``--store PATH``, else ``BRIEFBOOK_STORE``, else ``briefbook.sqlite`` in the user data
folder. ``BOOK`` is a book's id or its exact title.

Exit status: 0 success; 1 the input or the store was refused (one sentence on stderr, nothing
changed); 2 wrong usage (argparse). Progress is shown only when stdout is a terminal.

Stable JSON output (UTF-8; dates ISO 8601 or ``null``; fields may be added, never renamed):

- ``books --json``: a list, in the order of ``books``, of
  ``{"id", "title", "subtitle", "destination", "start_date", "end_date", "marking"}``.
- ``search --json``: a list of hits, best first, of
  ``{"kind", "id", "title", "snippet", "book_id"}`` where ``kind`` is one of
  ``book``, ``section``, ``person``, ``note``, ``meeting`` and ``book_id`` is ``null`` for
  library records (people, notes).
- ``backups --json``: a list, newest first, of ``{"number", "path", "taken_at", "kind", "size",
  "ok", "problem"}``; ``number`` is what ``restore`` accepts, ``kind`` is ``daily``,
  ``before-migration`` or ``before-restore``, ``size`` is in bytes, ``problem`` is ``""`` when
  ``ok``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shlex
import sqlite3
import sys
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from app import __version__
from app.domain import Book, SearchHit
from app.errors import BriefBookError, InvalidInput, StoreDamaged, StoreRefused
from app.paths import default_store_path
from app.schema import LATEST_VERSION
from app.store import Store
from app.store_file import inspect_file

COMMANDS = (
    "gui",
    "demo",
    "books",
    "export",
    "search",
    "import",
    "bundle",
    "backup",
    "check",
    "backups",
    "restore",
    "styles",
)
LATEST = "latest"
OPENABLE_SUFFIXES = (".bbk", ".json")
EXPORT_FORMATS = ("pdf", "docx")
DEFAULT_SEARCH_LIMIT = 20

Handler = Callable[[argparse.Namespace, Path], int]


# --- small helpers ------------------------------------------------------------------------


def version() -> str:
    """BriefBook's version."""
    return __version__


def _is_terminal() -> bool:
    # A console-less frozen app has no stdout at all.
    return sys.stdout is not None and sys.stdout.isatty()


def _stdout_is_utf8() -> bool:
    encoding = getattr(sys.stdout, "encoding", None) or ""
    return encoding.lower().replace("-", "") == "utf8"


def _say(text: str = "") -> None:
    print(text, file=sys.stdout)


def _error(message: str) -> int:
    print(f"briefbook: {message}", file=sys.stderr)
    return 1


def _display_width(text: str) -> int:
    """Columns ``text`` takes on a terminal: wide East Asian characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Rows as left-aligned columns two spaces apart (the last column is not padded)."""
    widths = [_display_width(title) for title in header]
    for row in rows:
        widths = [max(width, _display_width(cell)) for width, cell in zip(widths, row, strict=True)]
    lines = []
    for row in [header, *rows]:
        cells = [
            cell + " " * (width - _display_width(cell))
            for cell, width in zip(row[:-1], widths, strict=False)
        ]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    return lines


def _dates(book: Book) -> str:
    start = book.start_date.isoformat() if book.start_date else ""
    end = book.end_date.isoformat() if book.end_date else ""
    if start and end and start != end:
        return f"{start} to {end}"
    return start or end


def _print_json(value: Any) -> None:
    # ASCII escapes keep the JSON valid on a console that cannot encode every character.
    _say(json.dumps(value, ensure_ascii=not _stdout_is_utf8(), indent=2))


def _os_error_message(error: OSError) -> str:
    reason = error.strerror or str(error) or type(error).__name__
    if error.filename is not None:
        return f"Cannot use {error.filename}: {reason}."
    return f"{reason}."


class _Progress:
    """A one-line percentage on a terminal; silent when stdout is a pipe or a file."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.enabled = _is_terminal()
        self.shown = False

    def update(self, fraction: float) -> None:
        if not self.enabled:
            return
        percent = int(max(0.0, min(1.0, fraction)) * 100)
        sys.stdout.write(f"\r{self.label} {percent:3d}%")
        sys.stdout.flush()
        self.shown = True

    def busy(self) -> None:
        """Say the work is under way when there is no fraction to report."""
        if self.enabled:
            sys.stdout.write(f"\r{self.label}…")
            sys.stdout.flush()
            self.shown = True

    def clear(self) -> None:
        if self.enabled and self.shown:
            sys.stdout.write("\r" + " " * (_display_width(self.label) + 5) + "\r")
            sys.stdout.flush()
            self.shown = False

    def __enter__(self) -> _Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.clear()


@contextlib.contextmanager
def _store(path: Path, *, write: bool = False, must_exist: bool = False) -> Iterator[Store]:
    """Open the store for one command and always close it.

    A command that writes takes the writer lock, so it is refused (naming the other process)
    while the desktop app has the store open. A command that only reads opens the store
    read-only, which works alongside the app and cannot change the file.
    """
    if must_exist and not path.exists():
        raise StoreRefused(
            f"There is no store at {path}; `briefbook --store {path} demo` creates one "
            "with the sample book."
        )
    if write or inspect_file(path) != LATEST_VERSION:
        # An empty or older store must be prepared first, which is a write. On a first run
        # the user data folder does not exist yet, and the writer lock file goes beside it.
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            reason = error.strerror or str(error)
            raise StoreRefused(f"Cannot create the folder {path.parent}: {reason}.") from error
        store = Store.open(path, lock="cli")
    else:
        store = Store.open(path, read_only=True)
    try:
        yield store
    finally:
        store.close()


# --- commands -----------------------------------------------------------------------------


def _cmd_gui(args: argparse.Namespace, store_path: Path) -> int:
    open_file = Path(args.file).expanduser() if args.file else None
    if open_file is not None and not open_file.is_file():
        raise InvalidInput(f"{open_file} does not exist or is not a file.")
    try:
        from ui.session.startup import run_gui
    except ImportError as error:
        return _error(
            f"The desktop app is not available in this installation ({error}); "
            "the other commands still work."
        )
    # The app opens (or creates) the store itself, so it can offer a backup for a damaged one,
    # and gives a store without books the sample book on its first run.
    return int(run_gui(store_path, open_file))


def _cmd_demo(args: argparse.Namespace, store_path: Path) -> int:
    from app.sample import ensure_sample_book

    with _store(store_path, write=True) as store:
        book = ensure_sample_book(store)
    _say(book.id)
    return 0


def _book_json(book: Book) -> dict[str, Any]:
    return {
        "id": book.id,
        "title": book.title,
        "subtitle": book.subtitle,
        "destination": book.destination,
        "start_date": book.start_date.isoformat() if book.start_date else None,
        "end_date": book.end_date.isoformat() if book.end_date else None,
        "marking": book.marking,
    }


def _cmd_books(args: argparse.Namespace, store_path: Path) -> int:
    books: list[Book] = []
    # A store that does not exist yet simply has no books; do not create one just to list it.
    if store_path.exists():
        with _store(store_path) as store:
            books = store.list_books()
    if args.json:
        _print_json([_book_json(book) for book in books])
        return 0
    if not books:
        _say(f"No books in {store_path} yet; `briefbook demo` adds the sample book.")
        return 0
    rows = [[book.id, book.title, book.destination, _dates(book)] for book in books]
    for line in _table(["ID", "TITLE", "DESTINATION", "DATES"], rows):
        _say(line)
    return 0


def _hit_json(hit: SearchHit) -> dict[str, Any]:
    return {
        "kind": hit.kind,
        "id": hit.id,
        "title": hit.title,
        "snippet": hit.snippet,
        "book_id": hit.book_id,
    }


def _emphasised(hit: SearchHit) -> str:
    """The snippet with its matches in bold on a colour-capable terminal."""
    if not _is_terminal() or os.environ.get("NO_COLOR") or not hit.highlights:
        return hit.snippet
    out, last = [], 0
    for start, end in hit.highlights:
        if start < last:
            continue
        out += [hit.snippet[last:start], "\033[1m", hit.snippet[start:end], "\033[0m"]
        last = end
    out.append(hit.snippet[last:])
    return "".join(out)


def _cmd_search(args: argparse.Namespace, store_path: Path) -> int:
    hits: list[SearchHit] = []
    if store_path.exists():
        with _store(store_path) as store:
            hits = store.search(args.query, limit=args.limit)
    if args.json:
        _print_json([_hit_json(hit) for hit in hits])
        return 0
    if not hits:
        _say(f'No matches for "{args.query}".')
        return 0
    rows = [[hit.kind, hit.title or "(untitled)", hit.id] for hit in hits]
    lines = _table(["KIND", "TITLE", "ID"], rows)
    _say(lines[0])
    indent = " " * (max(len(hit.kind) for hit in hits) + 2)
    for line, hit in zip(lines[1:], hits, strict=True):
        _say(line)
        if hit.snippet:
            _say(indent + _emphasised(hit))
    return 0


def _cmd_export(args: argparse.Namespace, store_path: Path) -> int:
    try:
        from exports.api import export_book
    except ImportError as error:
        return _error(f"Export is not available in this installation ({error}).")
    output = Path(args.output).expanduser()
    with _store(store_path, must_exist=True) as store:
        book = store.find_book(args.book)
        edition = "handout" if args.handout else "book"
        with _Progress(f"Exporting the {edition} to {output.name}") as progress:
            for fraction in export_book(
                store, book.id, args.format, output, handout=args.handout, style=args.style
            ):
                progress.update(fraction)
    _say(str(output))
    return 0


def _cmd_import(args: argparse.Namespace, store_path: Path) -> int:
    try:
        from app.bundle import import_bundle
    except ImportError as error:
        return _error(f"Bundles are not available in this installation ({error}).")
    source = Path(args.file).expanduser()
    if not source.is_file():
        raise InvalidInput(f"{source} does not exist or is not a file.")
    if source.suffix.lower() == ".bbstyle":
        from app.cli_styles import import_style_file

        with _store(store_path, write=True) as store:
            _say(import_style_file(store, source).name)
        return 0
    with (
        _store(store_path, write=True) as store,
        _Progress(f"Importing {source.name}") as progress,
    ):
        progress.busy()
        result = import_bundle(store, source)
    _say(result.book_id)
    return 0


def _cmd_styles(args: argparse.Namespace, store_path: Path) -> int:
    from app.cli_styles import styles_json, styles_rows

    if store_path.exists():
        with _store(store_path) as store:
            found, rows = styles_json(store), styles_rows(store)
    else:  # no store yet: only the built-in style, and no store is made to say so
        found, rows = styles_json(None), styles_rows(None)
    if args.json:
        _print_json(found)
        return 0
    for line in _table(["NAME", "FONTS", "PAPER", "COVER", "REFERENCE"], rows):
        _say(line)
    return 0


def _cmd_bundle(args: argparse.Namespace, store_path: Path) -> int:
    try:
        from app.bundle import export_bundle
    except ImportError as error:
        return _error(f"Bundles are not available in this installation ({error}).")
    output = Path(args.output).expanduser()
    with _store(store_path, must_exist=True) as store:
        book = store.find_book(args.book)
        written = export_bundle(store, book.id, output)
    _say(str(written))
    return 0


def _same_file(first: Path, second: Path) -> bool:
    with contextlib.suppress(OSError):
        if first.exists() and second.exists():
            return first.samefile(second)
    return first.resolve() == second.resolve()


def _cmd_backup(args: argparse.Namespace, store_path: Path) -> int:
    output = Path(args.output).expanduser()
    if _same_file(output, store_path):
        raise InvalidInput("The backup must go to another file than the store itself.")
    with _store(store_path, must_exist=True) as store, _Progress("Backing up") as progress:

        def report(_status: int, remaining: int, total: int) -> None:
            progress.update((total - remaining) / total if total else 1.0)

        store.backup(output, progress=report if progress.enabled else None)
    _say(str(output))
    return 0


def _preflight_report(store: Store) -> None:
    """Print every book's preflight problems under the book's title, then a count."""
    try:
        from app.preflight import run_preflight
    except ImportError:
        _say("Export preflight is not available in this installation; books were not checked.")
        return
    books = store.list_books()
    counts = {"error": 0, "warning": 0}
    for book in books:
        _say()
        _say(f"{book.title} ({book.id})")
        found = run_preflight(store.load_book_content(book.id))
        if not found:
            _say("  no problems found")
        for problem in found:
            _say(f"  {problem.severity:<8} {problem.message}")
            counts["error" if problem.severity == "error" else "warning"] += 1
    _say()
    _say(
        f"{len(books)} book(s) checked: {counts['error']} error(s), {counts['warning']} warning(s)."
    )


def _cmd_check(args: argparse.Namespace, store_path: Path) -> int:
    with _store(store_path, must_exist=True) as store:
        damage = store.integrity_problems()
        if damage:
            _say(f"Store {store_path}: {len(damage)} integrity problem(s):")
            for line in damage:
                _say(f"  {line}")
            return _error(
                f"The store {store_path} failed its integrity check; restore it from a backup. "
                + _restore_hint(store_path, args.store)
            )
        _say(f"Store {store_path}: integrity check passed.")
        # Preflight findings are advice for the next export: they never fail the check.
        _preflight_report(store)
    return 0


# --- automatic backups: list and restore ----------------------------------------------------


def _human_size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def _restore_command(store_option: str | None, backup: str) -> str:
    """The command a user would type, with ``--store`` only when they gave it."""
    store = f" --store {shlex.quote(store_option)}" if store_option else ""
    return f"`briefbook{store} restore {backup}`"


def _restore_hint(store_path: Path, store_option: str | None) -> str:
    """One sentence naming the newest good backup and how to restore it (for damaged stores)."""
    from app.backups import backup_dir_for, find_newest_good_backup

    try:
        newest = find_newest_good_backup(store_path)
    except OSError:
        newest = None
    if newest is None:
        return f"There is no good backup in {backup_dir_for(store_path)}."
    return (
        f"The newest good backup is {newest}; "
        f"{_restore_command(store_option, LATEST)} puts it back."
    )


def _cmd_backups(args: argparse.Namespace, store_path: Path) -> int:
    from app.backups import backup_dir_for, list_backups, verify_backup

    found = list_backups(store_path, check=False)
    problems: list[str | None] = []
    # Each backup gets SQLite's integrity check, which takes a moment on a large store.
    with _Progress("Checking backups") as progress:
        for done, info in enumerate(found):
            progress.update(done / len(found))
            problems.append(verify_backup(info.path))
    if args.json:
        _print_json(
            [
                {
                    "number": number,
                    "path": str(info.path),
                    "taken_at": info.taken_at.isoformat(),
                    "kind": info.kind,
                    "size": info.size,
                    "ok": problem is None,
                    "problem": problem or "",
                }
                for number, (info, problem) in enumerate(zip(found, problems, strict=True), 1)
            ]
        )
        return 0
    folder = backup_dir_for(store_path)
    if not found:
        _say(
            f"No backups of {store_path} in {folder} yet; the desktop app makes one on the "
            "first open of each day."
        )
        return 0
    _say(f"Backups of {store_path}, newest first, in {folder}:")
    rows = [
        [
            str(number),
            info.taken_at.strftime("%Y-%m-%d %H:%M:%S"),
            info.kind,
            _human_size(info.size),
            "OK" if problem is None else "damaged",
            info.path.name,
        ]
        for number, (info, problem) in enumerate(zip(found, problems, strict=True), 1)
    ]
    for line in _table(["#", "TAKEN", "KIND", "SIZE", "CHECK", "FILE"], rows):
        _say(line)
    for number, problem in enumerate(problems, 1):
        if problem is not None:
            _say(f"#{number} cannot be restored: {problem}.")
    _say(f"Restore one with {_restore_command(args.store, 'N')} (N from the first column),")
    _say(f"or the newest good one with {_restore_command(args.store, LATEST)}.")
    return 0


def _chosen_backup(choice: str, store_path: Path, store_option: str | None) -> Path:
    """The backup file meant by ``choice``: ``latest``, a number from ``backups``, or a path."""
    from app.backups import backup_dir_for, find_newest_good_backup, list_backups

    if choice == LATEST:
        newest = find_newest_good_backup(store_path)
        if newest is None:
            raise StoreRefused(
                f"There is no good backup of {store_path} in {backup_dir_for(store_path)}; "
                "nothing was changed."
            )
        return newest
    if choice.isdigit():
        found = list_backups(store_path, check=False)
        number = int(choice)
        if not 1 <= number <= len(found):
            listing = (
                f"there are {len(found)}"
                if found
                else f"there are none in {backup_dir_for(store_path)}"
            )
            raise InvalidInput(
                f"There is no backup number {number} of {store_path} ({listing}); "
                f"`briefbook{' --store ' + shlex.quote(store_option) if store_option else ''} "
                "backups` lists them. Nothing was changed."
            )
        return found[number - 1].path
    path = Path(choice).expanduser()
    if not path.is_file():
        raise InvalidInput(
            f"{path} does not exist or is not a file; give a backup file, a number from "
            "`briefbook backups`, or `latest`. Nothing was changed."
        )
    return path


def _cmd_restore(args: argparse.Namespace, store_path: Path) -> int:
    from app.backups import restore_backup

    backup = _chosen_backup(args.backup, store_path, args.store)
    if _same_file(backup, store_path):
        raise InvalidInput(f"{backup} is the store itself; choose a backup. Nothing was changed.")
    kept = restore_backup(backup, store_path, kind="cli")
    _say(f"Restored {store_path} from {backup}.")
    if kept is None:
        _say("There was no store to keep aside.")
    else:
        _say(f"The replaced store was kept as {kept}.")
    return 0


# --- parsing ------------------------------------------------------------------------------


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for ``briefbook`` (each command sets ``handler``)."""
    parser = argparse.ArgumentParser(
        prog="briefbook",
        description="BriefBook: briefing books for officers, offline. "
        "Without a command, opens the desktop app.",
    )
    store_help = (
        "the store file (default: $BRIEFBOOK_STORE, else briefbook.sqlite in the user data folder)"
    )
    parser.add_argument("--store", metavar="PATH", help=store_help)
    parser.add_argument("--version", action="version", version=f"briefbook {version()}")
    parser.set_defaults(handler=_cmd_gui, file=None)
    # --store is accepted after the command too; SUPPRESS keeps an earlier --store when absent.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--store", metavar="PATH", default=argparse.SUPPRESS, help=store_help)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    gui = commands.add_parser("gui", parents=[common], help="open the desktop app (the default)")
    gui.add_argument("file", nargs="?", metavar="FILE", help="a bundle (.bbk or .json) to open")
    gui.set_defaults(handler=_cmd_gui)

    demo = commands.add_parser(
        "demo", parents=[common], help="add the sample book (Baku trip); print its id"
    )
    demo.set_defaults(handler=_cmd_demo)

    books = commands.add_parser("books", parents=[common], help="list the books")
    books.add_argument("--json", action="store_true", help="print JSON")
    books.set_defaults(handler=_cmd_books)

    export = commands.add_parser("export", parents=[common], help="write a book as PDF or DOCX")
    export.add_argument("book", metavar="BOOK", help="the book's id or exact title")
    export.add_argument(
        "--format", required=True, type=str.lower, choices=EXPORT_FORMATS, help="pdf or docx"
    )
    export.add_argument("--output", required=True, metavar="FILE", help="the file to write")
    export.add_argument("--handout", action="store_true", help="write the handout edition")
    export.add_argument(
        "--style",
        metavar="NAME|FILE",
        help="a house style in the store, or an office's .docx/.dotx (or a .bbstyle file)",
    )
    export.set_defaults(handler=_cmd_export)

    styles = commands.add_parser("styles", parents=[common], help="list the house styles")
    styles.add_argument("--json", action="store_true", help="print JSON")
    styles.set_defaults(handler=_cmd_styles)

    search = commands.add_parser(
        "search", parents=[common], help="search books, people, notes and schedules"
    )
    search.add_argument("query", metavar="QUERY", help="words to look for (plain text)")
    search.add_argument("--json", action="store_true", help="print JSON")
    search.add_argument(
        "--limit",
        type=_positive_int,
        default=DEFAULT_SEARCH_LIMIT,
        metavar="N",
        help=f"at most N hits (default {DEFAULT_SEARCH_LIMIT})",
    )
    search.set_defaults(handler=_cmd_search)

    imports = commands.add_parser(
        "import", parents=[common], help="import a bundle (.bbk or .json)"
    )
    imports.add_argument("file", metavar="FILE", help="the bundle to import")
    imports.set_defaults(handler=_cmd_import)

    bundle = commands.add_parser(
        "bundle", parents=[common], help="write a book with its people and notes as .bbk"
    )
    bundle.add_argument("book", metavar="BOOK", help="the book's id or exact title")
    bundle.add_argument("--output", required=True, metavar="FILE.bbk", help="the file to write")
    bundle.set_defaults(handler=_cmd_bundle)

    backup = commands.add_parser(
        "backup", parents=[common], help="write a consistent copy of the store"
    )
    backup.add_argument("--output", required=True, metavar="FILE", help="the file to write")
    backup.set_defaults(handler=_cmd_backup)

    check = commands.add_parser(
        "check", parents=[common], help="check the store and every book; list problems"
    )
    check.set_defaults(handler=_cmd_check)

    backups = commands.add_parser(
        "backups", parents=[common], help="list the store's automatic backups and check each"
    )
    backups.add_argument("--json", action="store_true", help="print JSON")
    backups.set_defaults(handler=_cmd_backups)

    restore = commands.add_parser(
        "restore",
        parents=[common],
        help="replace the store with a backup (the replaced store is kept)",
    )
    restore.add_argument(
        "backup",
        metavar="BACKUP",
        help="a backup file, its number in `briefbook backups`, or `latest` (newest good one)",
    )
    restore.set_defaults(handler=_cmd_restore)
    return parser


def _route_bare_file(argv: list[str]) -> list[str]:
    """``briefbook trip.bbk`` means ``briefbook gui trip.bbk`` (what a file association calls)."""
    index = 0
    while index < len(argv):
        token = argv[index]
        if token == "--store":
            index += 2
            continue
        if token.startswith("-"):
            index += 1
            continue
        if token not in COMMANDS and Path(token).suffix.lower() in OPENABLE_SUFFIXES:
            return [*argv[:index], "gui", *argv[index:]]
        break
    return argv


def _store_path(option: str | None) -> Path:
    return Path(option).expanduser() if option else default_store_path()


def _calm_unencodable_output() -> None:
    # A console that cannot encode "ə" must not turn a listing into a traceback.
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if stream is not None and encoding != "utf8" and hasattr(stream, "reconfigure"):
            with contextlib.suppress(Exception):
                stream.reconfigure(errors="replace")


def main(argv: list[str] | None = None) -> int:
    """Run ``briefbook`` with ``argv`` (default ``sys.argv[1:]``); returns the exit status."""
    _calm_unencodable_output()
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    try:
        args = parser.parse_args(_route_bare_file(arguments))
    except SystemExit as stop:  # --help, --version and usage errors (status 2)
        return stop.code if isinstance(stop.code, int) else 1
    store_path = _store_path(args.store)
    handler: Handler = args.handler
    try:
        return handler(args, store_path)
    except StoreDamaged as error:
        # The store cannot be read: say which backup would bring it back, and how.
        return _error(f"{error} {_restore_hint(store_path, args.store)}")
    except BriefBookError as error:
        return _error(str(error))
    except BrokenPipeError:
        # The reader (e.g. `head`) went away: stop quietly, as other command-line tools do.
        with contextlib.suppress(OSError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return 1
    except OSError as error:
        return _error(_os_error_message(error))
    except sqlite3.DatabaseError as error:
        if type(error) not in (sqlite3.DatabaseError, sqlite3.OperationalError):
            raise  # a programming error, not something the user did
        return _error(f"The store {store_path} could not be used: {error}.")
    except KeyboardInterrupt:
        print("briefbook: interrupted.", file=sys.stderr)
        return 130
