"""Where a command-line passphrase comes from (spec/cli.md), in order of precedence.

1. ``--passphrase-file FILE``: the first line of FILE (its line ending is not part of it);
2. the ``BRIEFBOOK_PASSPHRASE`` environment variable;
3. a prompt on the terminal (not echoed), when stdin is a terminal.

A new passphrase (``encrypt``, ``bundle --encrypt``) comes from the same places, and a prompt
asks for it twice. ``change-passphrase`` takes the new one from ``--new-passphrase-file FILE``,
else ``BRIEFBOOK_NEW_PASSPHRASE``, else a prompt (twice). With none of these the command is
refused (exit 1) and nothing is changed.
"""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from app.errors import InvalidInput

ENVIRONMENT = "BRIEFBOOK_PASSPHRASE"
NEW_ENVIRONMENT = "BRIEFBOOK_NEW_PASSPHRASE"


class NoPassphrase(InvalidInput):
    """No passphrase was given where one is needed; nothing was changed."""


def read_secret_file(path: str | os.PathLike[str], what: str = "passphrase") -> str:
    """The first line of a passphrase/password file, without its line ending."""
    file = Path(path).expanduser()
    try:
        text = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise NoPassphrase(f"Cannot read the {what} file {file}: {reason}.") from error
    secret = text.splitlines()[0] if text else ""
    if not secret:
        raise NoPassphrase(f"The {what} file {file} is empty; nothing was changed.")
    return secret


def _can_prompt() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def _prompt(label: str) -> str:
    return getpass.getpass(f"{label}: ")


def given(file_option: str | None, *, environment: str = ENVIRONMENT) -> list[str]:
    """The passphrases given without asking: the file's, then the environment's."""
    found = [read_secret_file(file_option)] if file_option else []
    from_environment = os.environ.get(environment)
    if from_environment and from_environment not in found:
        found.append(from_environment)
    return found


def current(file_option: str | None, label: str, *, environment: str = ENVIRONMENT) -> str:
    """The passphrase to open something that exists; refused when there is none."""
    found = given(file_option, environment=environment)
    if found:
        return found[0]  # the file's before the environment's
    if _can_prompt():
        secret = _prompt(label)
        if secret:
            return secret
    raise NoPassphrase(
        f"{label} is needed: give --passphrase-file FILE or set {ENVIRONMENT} "
        "(or run on a terminal to be asked); nothing was changed."
    )


def new(
    file_option: str | None,
    label: str,
    *,
    environment: str = ENVIRONMENT,
    option: str = "--passphrase-file",
) -> str:
    """A new passphrase: from the file or environment as given, or typed twice on a terminal."""
    found = given(file_option, environment=environment)
    if found:
        return found[0]  # the file's before the environment's
    if _can_prompt():
        first = _prompt(label)
        second = _prompt(f"{label} (again)")
        if first != second:
            raise NoPassphrase("The two passphrases differ; nothing was changed.")
        if first:
            return first
    raise NoPassphrase(
        f"{label} is needed: give {option} FILE or set {environment} "
        "(or run on a terminal to be asked); nothing was changed."
    )
