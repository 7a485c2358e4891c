"""The ``briefbook`` command: the desktop app's launcher and a headless tool (spec/cli.md).

``briefbook [--store PATH] [--version] [COMMAND ...]``

Commands: (none) or ``gui [FILE]``, ``demo``, ``books [--json]``,
``export BOOK --format pdf|docx --output FILE [--handout]``, ``search QUERY [--json] [--limit N]``,
``import FILE``, ``bundle BOOK --output FILE.bbk``, ``backup --output FILE``, ``check``,
``backups [--json]``, ``restore BACKUP``, ``styles [--json]`` (``app.cli_styles``); review
(``app.cli_review``): ``review BOOK [--json]``, ``snapshot BOOK [--name TEXT]``,
``snapshots BOOK [--json]``, ``compare BOOK A [B]``, and ``export ... --edition
full|handout|review --watermark draft``; ``export`` takes ``--style NAME|FILE`` and ``import`` a
``.bbstyle`` file.
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
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app import __version__, cli_protect, cli_support
from app.cli_backups import cmd_backups, cmd_restore, restore_hint
from app.cli_review import SUBCOMMANDS as REVIEW_SUBCOMMANDS
from app.cli_styles import cmd_styles
from app.cli_support import (
    Progress,
    open_store,
    os_error_message,
    print_error,
    print_json,
    same_file,
    say,
    table,
)
from app.domain import Book, SearchHit
from app.errors import BriefBookError, InvalidInput, StoreDamaged
from app.paths import default_store_path
from app.protection import sqldb
from app.store import Store

OPENABLE_SUFFIXES = (".bbk", ".json")
EXPORT_FORMATS = ("pdf", "docx")
DEFAULT_SEARCH_LIMIT = 20

Handler = Callable[[argparse.Namespace, Path], int]


# --- small helpers ------------------------------------------------------------------------


def version() -> str:
    """BriefBook's version."""
    return __version__


def _dates(book: Book) -> str:
    start = book.start_date.isoformat() if book.start_date else ""
    end = book.end_date.isoformat() if book.end_date else ""
    if start and end and start != end:
        return f"{start} to {end}"
    return start or end


# --- commands -----------------------------------------------------------------------------


def _cmd_gui(args: argparse.Namespace, store_path: Path) -> int:
    open_file = Path(args.file).expanduser() if args.file else None
    if open_file is not None and not open_file.is_file():
        raise InvalidInput(f"{open_file} does not exist or is not a file.")
    try:
        from ui.session.startup import run_gui
    except ImportError as error:
        return print_error(
            f"The desktop app is not available in this installation ({error}); "
            "the other commands still work."
        )
    cli_protect.unlock_quietly(args, store_path)
    # The app opens (or creates) the store itself, so it can offer a backup for a damaged one,
    # and gives a store without books the sample book on its first run.
    return int(run_gui(store_path, open_file))


def _cmd_demo(args: argparse.Namespace, store_path: Path) -> int:
    from app.sample import ensure_sample_book

    with open_store(store_path, write=True) as store:
        book = ensure_sample_book(store)
    say(book.id)
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
        with open_store(store_path) as store:
            books = store.list_books()
    if args.json:
        print_json([_book_json(book) for book in books])
        return 0
    if not books:
        say(f"No books in {store_path} yet; `briefbook demo` adds the sample book.")
        return 0
    rows = [[book.id, book.title, book.destination, _dates(book)] for book in books]
    for line in table(["ID", "TITLE", "DESTINATION", "DATES"], rows):
        say(line)
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
    if not cli_support.is_terminal() or os.environ.get("NO_COLOR") or not hit.highlights:
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
        with open_store(store_path) as store:
            hits = store.search(args.query, limit=args.limit)
    if args.json:
        print_json([_hit_json(hit) for hit in hits])
        return 0
    if not hits:
        say(f'No matches for "{args.query}".')
        return 0
    rows = [[hit.kind, hit.title or "(untitled)", hit.id] for hit in hits]
    lines = table(["KIND", "TITLE", "ID"], rows)
    say(lines[0])
    indent = " " * (max(len(hit.kind) for hit in hits) + 2)
    for line, hit in zip(lines[1:], hits, strict=True):
        say(line)
        if hit.snippet:
            say(indent + _emphasised(hit))
    return 0


def _cmd_export(args: argparse.Namespace, store_path: Path) -> int:
    try:
        from exports.api import export_book
    except ImportError as error:
        return print_error(f"Export is not available in this installation ({error}).")
    from app.cli_review import export_edition, exported_version_saver, open_for_export

    output = Path(args.output).expanduser()
    edition = export_edition(args)
    password = cli_protect.pdf_password(args)
    from exports.pdf_lock import locking

    # Writable when it can be, so the export is kept as a version of the book.
    with open_for_export(store_path) as (store, note):
        book = store.find_book(args.book)
        saver = exported_version_saver(store, book.id, args.format, edition)
        with (
            Progress(f"Exporting the {edition.value} edition to {output.name}") as progress,
            locking(output, password, allow_copying=not args.no_copying) as written,
        ):
            for fraction in export_book(
                store,
                book.id,
                args.format,
                written,
                edition=edition,
                draft=args.watermark == "draft",
                exported=saver,
                style=args.style,
            ):
                progress.update(fraction)
    if note:
        print(f"briefbook: {note}", file=sys.stderr)
    say(str(output))
    return 0


def _cmd_import(args: argparse.Namespace, store_path: Path) -> int:
    from app.importing import commands

    source = Path(args.file).expanduser()
    kind = commands.kind_of(source, into=args.into, dry_run=args.dry_run, photos=args.photos)
    if kind == "bundle":
        try:
            from app.bundle import import_bundle
        except ImportError as error:
            return print_error(f"Bundles are not available in this installation ({error}).")
    if not source.is_file():
        raise InvalidInput(f"{source} does not exist or is not a file.")
    if source.suffix.lower() == ".bbstyle":
        from app.cli_styles import import_style_file

        with open_store(store_path, write=True) as store:
            say(import_style_file(store, source).name)
        return 0
    if kind == "docx":
        with open_store(store_path, write=True) as store, Progress(f"Reading {source.name}") as bar:
            made = commands.import_docx(store, source, args.into, bar.update)
        say(made.book_id)
        commands.tell(made.report_lines())
        return 0
    if kind == "people":
        photos = Path(args.photos).expanduser() if args.photos else None
        with commands.people_store(store_path, args.dry_run, open_store) as store:
            lines = commands.import_people(store, source, args.dry_run, photos)
        for line in lines:
            say(line)
        return 0
    cli_protect.offer_bundle_passphrase(args, source)
    with (
        open_store(store_path, write=True) as store,
        Progress(f"Importing {source.name}") as progress,
    ):
        progress.busy()
        result = import_bundle(store, source)
    say(result.book_id)
    return 0


def _cmd_bundle(args: argparse.Namespace, store_path: Path) -> int:
    try:
        from app.bundle import export_bundle
    except ImportError as error:
        return print_error(f"Bundles are not available in this installation ({error}).")
    output = Path(args.output).expanduser()
    secret = cli_protect.new_bundle_passphrase(args)
    with open_store(store_path, must_exist=True) as store:
        book = store.find_book(args.book)
        if secret is not None:
            from app.bundle import export_sealed_bundle

            written = export_sealed_bundle(store, book.id, output, secret)
        else:
            written = export_bundle(store, book.id, output)
    say(str(written))
    return 0


def _cmd_backup(args: argparse.Namespace, store_path: Path) -> int:
    output = Path(args.output).expanduser()
    if same_file(output, store_path):
        raise InvalidInput("The backup must go to another file than the store itself.")
    with open_store(store_path, must_exist=True) as store, Progress("Backing up") as progress:

        def report(_status: int, remaining: int, total: int) -> None:
            progress.update((total - remaining) / total if total else 1.0)

        store.backup(output, progress=report if progress.enabled else None)
    say(str(output))
    return 0


def _preflight_report(store: Store) -> None:
    """Print every book's preflight problems under the book's title, then a count."""
    try:
        from app.preflight import run_preflight
    except ImportError:
        say("Export preflight is not available in this installation; books were not checked.")
        return
    from app.spelling import Dictionaries, Lexicon, SpellingSetup
    from app.spelling.languages import default_language, system_locale_name

    books = store.list_books()
    counts = {"error": 0, "warning": 0, "spelling": 0}
    dictionaries = Dictionaries()
    english = default_language(system_locale_name())
    for book in books:
        say()
        say(f"{book.title} ({book.id})")
        spelling = SpellingSetup(
            dictionaries, Lexicon.from_sources(store.lexicon_sources(book.id)), english
        )
        from app.review.store_review import load_review

        found = run_preflight(
            store.load_book_content(book.id),
            spelling=spelling,
            review=load_review(store, book.id),
        )
        if not found:
            say("  no problems found")
        for problem in found:
            say(f"  {problem.severity:<8} {problem.message}")
            counts[problem.severity if problem.severity in counts else "warning"] += 1
    say()
    say(
        f"{len(books)} book(s) checked: {counts['error']} error(s), {counts['warning']} "
        f"warning(s), {counts['spelling']} misspelling(s)."
    )


def _cmd_check(args: argparse.Namespace, store_path: Path) -> int:
    with open_store(store_path, must_exist=True) as store:
        damage = store.integrity_problems()
        if damage:
            say(f"Store {store_path}: {len(damage)} integrity problem(s):")
            for line in damage:
                say(f"  {line}")
            return print_error(
                f"The store {store_path} failed its integrity check; restore it from a backup. "
                + restore_hint(store_path, args.store)
            )
        say(f"Store {store_path}: integrity check passed.")
        # Preflight findings are advice for the next export: they never fail the check.
        _preflight_report(store)
    return 0


# --- the command table and parsing --------------------------------------------------------


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def _gui_arguments(command: argparse.ArgumentParser) -> None:
    command.add_argument("file", nargs="?", metavar="FILE", help="a bundle (.bbk or .json) to open")


def _json_argument(command: argparse.ArgumentParser) -> None:
    command.add_argument("--json", action="store_true", help="print JSON")


def _export_arguments(command: argparse.ArgumentParser) -> None:
    command.add_argument("book", metavar="BOOK", help="the book's id or exact title")
    command.add_argument(
        "--format", required=True, type=str.lower, choices=EXPORT_FORMATS, help="pdf or docx"
    )
    command.add_argument("--output", required=True, metavar="FILE", help="the file to write")
    command.add_argument("--handout", action="store_true", help="write the handout edition")
    command.add_argument(
        "--style",
        metavar="NAME|FILE",
        help="a house style in the store, or an office's .docx/.dotx (or a .bbstyle file)",
    )
    cli_protect.add_export_options(command)
    from app.cli_review import export_arguments

    export_arguments(command)


def _search_arguments(command: argparse.ArgumentParser) -> None:
    command.add_argument("query", metavar="QUERY", help="words to look for (plain text)")
    command.add_argument("--json", action="store_true", help="print JSON")
    command.add_argument(
        "--limit",
        type=_positive_int,
        default=DEFAULT_SEARCH_LIMIT,
        metavar="N",
        help=f"at most N hits (default {DEFAULT_SEARCH_LIMIT})",
    )


def _import_arguments(command: argparse.ArgumentParser) -> None:
    command.add_argument("file", metavar="FILE", help="the file to import")
    command.add_argument("--into", metavar="BOOK", help=".docx: add its sections to this book")
    command.add_argument(
        "--dry-run", action="store_true", help="people: say what would happen, change nothing"
    )
    command.add_argument(
        "--photos", metavar="FOLDER", help="people: take photos from this folder, by file name"
    )


def _bundle_arguments(command: argparse.ArgumentParser) -> None:
    command.add_argument("book", metavar="BOOK", help="the book's id or exact title")
    command.add_argument("--output", required=True, metavar="FILE.bbk", help="the file to write")
    cli_protect.add_bundle_options(command)


def _backup_arguments(command: argparse.ArgumentParser) -> None:
    command.add_argument("--output", required=True, metavar="FILE", help="the file to write")


def _restore_arguments(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "backup",
        metavar="BACKUP",
        help="a backup file, its number in `briefbook backups`, or `latest` (newest good one)",
    )


def _no_arguments(command: argparse.ArgumentParser) -> None:
    pass


@dataclass(frozen=True)
class Subcommand:
    """One ``briefbook`` command, as the parser, the help and the windowed build see it."""

    name: str
    help: str
    handler: Handler
    arguments: Callable[[argparse.ArgumentParser], None] = _no_arguments
    # Its output is meant to be read, so the windowed Windows build joins the terminal's
    # console for it (app/console.py); opening the app prints nothing.
    prints: bool = True


# The command table: the parser, the bare-file routing and the console all read it.
SUBCOMMANDS = (
    Subcommand("gui", "open the desktop app (the default)", _cmd_gui, _gui_arguments, prints=False),
    Subcommand("demo", "add the sample book (Baku trip); print its id", _cmd_demo),
    Subcommand("books", "list the books", _cmd_books, _json_argument),
    Subcommand("export", "write a book as PDF or DOCX", _cmd_export, _export_arguments),
    Subcommand(
        "search", "search books, people, notes and schedules", _cmd_search, _search_arguments
    ),
    Subcommand(
        "import",
        "import a bundle (.bbk, .json), a Word document (.docx) or people (.csv .xlsx .vcf)",
        _cmd_import,
        _import_arguments,
    ),
    Subcommand(
        "bundle",
        "write a book with its people and notes as .bbk",
        _cmd_bundle,
        _bundle_arguments,
    ),
    Subcommand("backup", "write a consistent copy of the store", _cmd_backup, _backup_arguments),
    Subcommand("check", "check the store and every book; list problems", _cmd_check),
    Subcommand(
        "backups",
        "list the store's automatic backups and check each",
        cmd_backups,
        _json_argument,
    ),
    Subcommand(
        "restore",
        "replace the store with a backup (the replaced store is kept)",
        cmd_restore,
        _restore_arguments,
    ),
    Subcommand("styles", "list the house styles", cmd_styles, _json_argument),
    Subcommand(
        "encrypt", "encrypt the store and its backups with a passphrase", cli_protect.cmd_encrypt
    ),
    Subcommand(
        "decrypt", "turn an encrypted store back into plain SQLite", cli_protect.cmd_decrypt
    ),
    Subcommand(
        "change-passphrase",
        "re-key an encrypted store and its backups",
        cli_protect.cmd_change_passphrase,
        cli_protect.add_new_passphrase_option,
    ),
    *(Subcommand(*entry) for entry in REVIEW_SUBCOMMANDS),
)
COMMANDS = tuple(command.name for command in SUBCOMMANDS)
PRINTING_COMMANDS = frozenset(command.name for command in SUBCOMMANDS if command.prints)


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
    cli_protect.add_passphrase_option(parser)
    parser.add_argument("--version", action="version", version=f"briefbook {version()}")
    parser.set_defaults(handler=_cmd_gui, file=None)
    # --store is accepted after the command too; SUPPRESS keeps an earlier --store when absent.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--store", metavar="PATH", default=argparse.SUPPRESS, help=store_help)
    cli_protect.add_passphrase_option(common, default=argparse.SUPPRESS)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    for command in SUBCOMMANDS:
        subparser = commands.add_parser(command.name, parents=[common], help=command.help)
        command.arguments(subparser)
        subparser.set_defaults(handler=command.handler)
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
        if handler is not _cmd_gui:
            cli_protect.unlock_for_command(args, store_path)
        return handler(args, store_path)
    except StoreDamaged as error:
        # The store cannot be read: say which backup would bring it back, and how.
        return print_error(f"{error} {restore_hint(store_path, args.store)}")
    except BriefBookError as error:
        return print_error(str(error))
    except BrokenPipeError:
        # The reader (e.g. `head`) went away: stop quietly, as other command-line tools do.
        with contextlib.suppress(OSError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return 1
    except OSError as error:
        return print_error(os_error_message(error))
    except sqldb.DatabaseError as error:
        if not sqldb.is_plain_database_error(error):
            raise  # a programming error, not something the user did
        return print_error(f"The store {store_path} could not be used: {error}.")
    except KeyboardInterrupt:
        print("briefbook: interrupted.", file=sys.stderr)
        return 130
