"""``briefbook backups`` and ``briefbook restore``: the store's automatic backups, listed and
put back, and the hint a damaged store's refusal carries."""

from __future__ import annotations

import argparse
import shlex
from pathlib import Path

from app.cli_support import Progress, print_json, same_file, say, table
from app.errors import InvalidInput, StoreRefused

LATEST = "latest"


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


def restore_hint(store_path: Path, store_option: str | None) -> str:
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


def cmd_backups(args: argparse.Namespace, store_path: Path) -> int:
    """``briefbook backups [--json]``: the automatic backups, newest first, each checked."""
    from app.backups import backup_dir_for, list_backups, verify_backup

    found = list_backups(store_path, check=False)
    problems: list[str | None] = []
    # Each backup gets SQLite's integrity check, which takes a moment on a large store.
    with Progress("Checking backups") as progress:
        for done, info in enumerate(found):
            progress.update(done / len(found))
            problems.append(verify_backup(info.path))
    if args.json:
        print_json(
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
        say(
            f"No backups of {store_path} in {folder} yet; the desktop app makes one on the "
            "first open of each day."
        )
        return 0
    say(f"Backups of {store_path}, newest first, in {folder}:")
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
    for line in table(["#", "TAKEN", "KIND", "SIZE", "CHECK", "FILE"], rows):
        say(line)
    for number, problem in enumerate(problems, 1):
        if problem is not None:
            say(f"#{number} cannot be restored: {problem}.")
    say(f"Restore one with {_restore_command(args.store, 'N')} (N from the first column),")
    say(f"or the newest good one with {_restore_command(args.store, LATEST)}.")
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


def cmd_restore(args: argparse.Namespace, store_path: Path) -> int:
    """``briefbook restore BACKUP``: put a backup back, keeping the replaced store aside."""
    from app.backups import restore_backup

    backup = _chosen_backup(args.backup, store_path, args.store)
    if same_file(backup, store_path):
        raise InvalidInput(f"{backup} is the store itself; choose a backup. Nothing was changed.")
    kept = restore_backup(backup, store_path, kind="cli")
    say(f"Restored {store_path} from {backup}.")
    if kept is None:
        say("There was no store to keep aside.")
    else:
        say(f"The replaced store was kept as {kept}.")
    return 0
