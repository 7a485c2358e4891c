"""The review commands of ``briefbook``: ``review``, ``snapshot``, ``snapshots``, ``compare``,
and what ``export`` needs for editions, the DRAFT stamp and saving each export as a version.

``app.cli`` lists ``SUBCOMMANDS`` in its command table. JSON output (fields may be added,
never renamed):

- ``review --json``: ``{"enabled", "sections": [{"id", "title", "status", "cleared_by",
  "cleared_at"}], "comments": [{"id", "target": {"kind", "id"}, "author", "text", "resolved",
  "replies": [{"id", "author", "text"}]}]}``, the open comments only;
- ``snapshots --json``: a list, oldest first, of ``{"number", "name", "time", "export",
  "made_by"}``; ``export`` says whether an export saved it, ``made_by`` which (``"pdf, full
  edition"``, or ``""``).
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

from app.cli_support import open_store, print_json, say, table
from app.document import Edition
from app.domain import BookContent
from app.errors import InvalidInput, StoreLocked
from app.review import compare, versions
from app.review.model import TARGET_LABELS, status_label
from app.review.store_review import load_review
from app.store import Store

Handler = Callable[[argparse.Namespace, Path], int]


def _targets(store: Store, book_id: str) -> dict[tuple[str, str], str]:
    """What each comment target is called, for the listing."""
    content = store.load_book_content(book_id)
    names = {("book", book_id): content.book.title}
    names.update({("section", s.id): s.title for s in content.sections})
    names.update({("participant", e.person.id): e.person.name for e in content.participants})
    names.update({("note", n.id): n.title for n in content.notes})
    names.update({("meeting", m.id): m.title for m in content.meetings})
    return names


def cmd_review(args: argparse.Namespace, store_path: Path) -> int:
    with open_store(store_path, must_exist=True) as store:
        book = store.find_book(args.book)
        review = load_review(store, book.id)
        sections = store.list_sections(book.id)
        names = _targets(store, book.id)
    statuses = [review.status_of(section.id) for section in sections]
    open_comments = [c for c in review.comments if not c.resolved]
    signed = review.settings if review.signed_off else None
    if args.json:
        print_json(
            {
                "enabled": review.enabled,
                # Beyond the spec's keys (a reader ignores what it does not know): the book's
                # sign-off while it stands, else nulls.
                "signed_off_by": signed.signed_off_by if signed else None,
                "signed_off_at": signed.signed_off_at if signed else None,
                "sections": [
                    {
                        "id": section.id,
                        "title": section.title,
                        "status": status.status,
                        "cleared_by": status.cleared_by,
                        "cleared_at": status.cleared_at,
                    }
                    for section, status in zip(sections, statuses, strict=True)
                ],
                "comments": [
                    {
                        "id": c.id,
                        "target": {"kind": c.target_kind, "id": c.target_id},
                        "author": c.author,
                        "text": c.text,
                        "resolved": c.resolved,
                        "replies": [
                            {"id": r.id, "author": r.author, "text": r.text} for r in c.replies
                        ],
                    }
                    for c in open_comments
                ],
            }
        )
        return 0
    from app.review.model import cleared_summary

    state = "on" if review.enabled else "off"
    say(f"{book.title}: review is {state}; {cleared_summary(statuses)}.")
    if signed is not None:
        when = (signed.signed_off_at or "")[:16].replace("T", " ")
        say(f"Signed off by {signed.signed_off_by} at {when} (UTC).")
    elif review.enabled:
        say("Not signed off.")
    rows = [
        [
            section.title,
            status_label(status.status),
            status.cleared_by,
            (status.cleared_at or "")[:16].replace("T", " "),
        ]
        for section, status in zip(sections, statuses, strict=True)
    ]
    for line in table(["Section", "Status", "Cleared by", "When (UTC)"], rows):
        say(line)
    say()
    say(f"{len(open_comments)} open comment(s)")
    for comment in open_comments:
        target = names.get((comment.target_kind, comment.target_id), "(removed)")
        about = f"{TARGET_LABELS[comment.target_kind]} “{target}”"
        if comment.quote:
            about += f" on “{comment.quote}”"
        say(f"- {comment.author} about {about}: {comment.text}")
        for reply in comment.replies:
            say(f"    {reply.author}: {reply.text}")
    return 0


def cmd_snapshot(args: argparse.Namespace, store_path: Path) -> int:
    with open_store(store_path, write=True, must_exist=True) as store:
        book = store.find_book(args.book)
        info = versions.save_version(store, book.id, name=args.name or "")
    say(str(info.number))
    return 0


def cmd_snapshots(args: argparse.Namespace, store_path: Path) -> int:
    with open_store(store_path, must_exist=True) as store:
        book = store.find_book(args.book)
        found = versions.list_versions(store, book.id)
    if args.json:
        print_json(
            [
                {
                    "number": info.number,
                    "name": info.name,
                    "time": info.created_at,
                    "export": bool(info.export),
                    "made_by": info.export,
                }
                for info in found
            ]
        )
        return 0
    if not found:
        say(f"{book.title} has no versions yet; `briefbook snapshot` or an export saves one.")
        return 0
    rows = [
        [
            str(info.number),
            info.name,
            info.created_at[:19].replace("T", " "),
            info.export or "",
        ]
        for info in found
    ]
    for line in table(["Version", "Name", "Time (UTC)", "Made by export"], rows):
        say(line)
    return 0


def _version_number(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        raise InvalidInput(
            f'"{text}" is not a version number; `briefbook snapshots BOOK` lists them.'
        ) from None
    return number


def cmd_compare(args: argparse.Namespace, store_path: Path) -> int:
    first = _version_number(args.a)
    second = None if args.b is None else _version_number(args.b)
    with open_store(store_path, must_exist=True) as store:
        book = store.find_book(args.book)
        old = versions.load_version(store, book.id, first)
        old_label = f"version {first}"
        if second is None:
            new, new_label = versions.book_state(store, book.id), "now"
        else:
            new, new_label = versions.load_version(store, book.id, second), f"version {second}"
    changes = compare.compare_states(old, new)
    if all(change.kind == compare.SAME for change in changes):
        say(f"Nothing changed from {old_label} to {new_label}.")
        return 0
    say(compare.unified_diff(changes, old_label, new_label).rstrip("\n"))
    return 0


def export_edition(args: argparse.Namespace) -> Edition:
    """The edition ``export`` writes: ``--edition``, else ``--handout``, else the full book."""
    if args.edition and args.handout and args.edition != "handout":
        raise InvalidInput("--handout and --edition disagree; give one of them.")
    if args.edition:
        return Edition(args.edition)
    return Edition.HANDOUT if args.handout else Edition.FULL


@contextlib.contextmanager
def open_for_export(store_path: Path) -> Iterator[tuple[Store, str]]:
    """The store for an export, writable so the export is saved as a version.

    While the desktop app holds the store, the export still runs (read-only) and the note
    says the version was not saved.
    """
    with contextlib.ExitStack() as stack:
        try:
            store = stack.enter_context(open_store(store_path, write=True, must_exist=True))
            note = ""
        except StoreLocked as error:
            store = stack.enter_context(open_store(store_path, must_exist=True))
            note = f"the export was not saved as a version ({error})"
        yield store, note


def exported_version_saver(
    store: Store, book_id: str, fmt: str, edition: Edition
) -> Callable[[BookContent], None] | None:
    """Saves the content an export wrote as the book's next version (None when read-only)."""
    if store.read_only:
        return None

    def save(content: BookContent) -> None:
        versions.save_version(
            store,
            book_id,
            export=f"{fmt}, {edition.value} edition",
            state=versions.content_state(content),
        )

    return save


def _book_argument(command: argparse.ArgumentParser) -> None:
    command.add_argument("book", metavar="BOOK", help="the book's id or exact title")


def review_arguments(command: argparse.ArgumentParser) -> None:
    _book_argument(command)
    command.add_argument("--json", action="store_true", help="print JSON")


def snapshot_arguments(command: argparse.ArgumentParser) -> None:
    _book_argument(command)
    command.add_argument("--name", metavar="TEXT", help="a name for the version")


def compare_arguments(command: argparse.ArgumentParser) -> None:
    _book_argument(command)
    command.add_argument("a", metavar="A", help="the older version's number")
    command.add_argument("b", metavar="B", nargs="?", help="the newer version (default: now)")


def export_arguments(command: argparse.ArgumentParser) -> None:
    """What review adds to ``export``: the edition and the DRAFT stamp."""
    command.add_argument(
        "--edition",
        choices=("full", "handout", "review"),
        help="full (default), handout, or review (statuses and comments)",
    )
    command.add_argument("--watermark", choices=("draft",), help="stamp DRAFT across every page")


# (name, help, handler, arguments) for app.cli's command table.
SUBCOMMANDS: tuple[tuple[str, str, Handler, Callable[[argparse.ArgumentParser], None]], ...] = (
    ("review", "list each section's status and the open comments", cmd_review, review_arguments),
    (
        "snapshot",
        "save the book as it is now as a numbered version",
        cmd_snapshot,
        snapshot_arguments,
    ),
    ("snapshots", "list the book's versions", cmd_snapshots, review_arguments),
    (
        "compare",
        "what changed from version A to B (or to now), as a unified diff by section",
        cmd_compare,
        compare_arguments,
    ),
)
COMMANDS = tuple(entry[0] for entry in SUBCOMMANDS)
