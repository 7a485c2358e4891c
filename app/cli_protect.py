"""The protection commands of ``briefbook`` (spec/cli.md): encrypt, decrypt, change-passphrase,
and the passphrase every other command needs for an encrypted store.

Kept apart from ``app/cli.py`` so the command table stays small; ``cli.main`` calls
``unlock_for_command`` before a command runs.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from app.errors import InvalidInput, StoreRefused
from app.protection import conversion, keys, passphrases


def add_export_options(export: argparse.ArgumentParser) -> None:
    export.add_argument(
        "--password-file",
        metavar="FILE",
        help="lock the PDF (AES-256) with the password on the first line of FILE",
    )
    export.add_argument(
        "--no-copying",
        action="store_true",
        help="with --password-file: readers may print but not copy text",
    )


def add_bundle_options(bundle: argparse.ArgumentParser) -> None:
    bundle.add_argument(
        "--encrypt", action="store_true", help="seal the bundle: it imports only with a passphrase"
    )


def pdf_password(args: argparse.Namespace) -> str | None:
    """``export --password-file``: the PDF's password, or None for an unlocked PDF."""
    if not args.password_file:
        return None
    if args.format != "pdf":
        raise InvalidInput("--password-file locks PDF files only; nothing was written.")
    return passphrases.read_secret_file(args.password_file, "password")


def new_bundle_passphrase(args: argparse.Namespace) -> str | None:
    """``bundle --encrypt``: the sealed bundle's new passphrase, or None for a plain bundle."""
    if not args.encrypt:
        return None
    secret = passphrases.new(args.passphrase_file, "Passphrase for the bundle")
    conversion.check_new_passphrase(secret)
    return secret


def offer_bundle_passphrase(args: argparse.Namespace, source: Path) -> None:
    """``import`` of a sealed bundle: its passphrase, from the usual sources."""
    from app.protection import envelope

    if envelope.is_sealed(source):
        envelope.offer_passphrase(
            passphrases.current(args.passphrase_file, f"Passphrase for {source.name}")
        )


def add_passphrase_option(parser: argparse.ArgumentParser, *, default: object = None) -> None:
    parser.add_argument(
        "--passphrase-file",
        metavar="FILE",
        default=default,
        help="read the passphrase (encrypted store or bundle) from the first line of FILE "
        f"(else ${passphrases.ENVIRONMENT}, else a prompt on a terminal)",
    )


def add_new_passphrase_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--new-passphrase-file",
        metavar="FILE",
        help=f"the new passphrase (else ${passphrases.NEW_ENVIRONMENT}, else asked twice)",
    )


def unlock_for_command(args: argparse.Namespace, store_path: Path) -> None:
    """Before a command on an encrypted store: get its passphrase and check it, or refuse.

    Every source given is tried in order (``--passphrase-file``, then ``$BRIEFBOOK_PASSPHRASE``):
    a sealed bundle's passphrase may be in the file while the store's is in the environment.
    With neither, a terminal prompt asks. (Not for ``gui``: the app asks in its own window.)
    """
    if not keys.is_encrypted(store_path):
        return
    given = passphrases.given(getattr(args, "passphrase_file", None))
    if not given:
        try:
            given = [passphrases.current(None, f"Passphrase for {store_path.name}")]
        except passphrases.NoPassphrase as error:
            raise keys.PassphraseNeeded(
                f"{store_path} is encrypted, or it is not a BriefBook store: give its passphrase "
                f"with --passphrase-file FILE or ${passphrases.ENVIRONMENT} (or run on a terminal "
                "to be asked). It was left untouched."
            ) from error
    for secret in given[:-1]:
        try:
            keys.unlock(store_path, secret)  # one key derivation per passphrase tried
            return
        except keys.WrongPassphrase:
            continue
    keys.unlock(store_path, given[-1])


def unlock_quietly(args: argparse.Namespace, store_path: Path) -> None:
    """For ``gui``: a passphrase given by file or environment opens the store without the
    app's prompt; a wrong or missing one leaves the prompt to ask."""
    if not keys.is_encrypted(store_path):
        return
    try:
        secrets = passphrases.given(getattr(args, "passphrase_file", None))
    except passphrases.NoPassphrase:
        return
    for secret in secrets:
        try:
            keys.unlock(store_path, secret)
            return
        except (StoreRefused, OSError):
            continue


def _progress_label(action: str) -> conversion.Progress:
    from app.cli_support import Progress

    shown = Progress(action)

    def report(fraction: float, _name: str) -> None:
        shown.update(fraction)
        if fraction >= 1.0:
            shown.clear()

    return report


def _report(result: conversion.ConversionReport, done: str) -> None:
    from app.cli_support import say

    say(f"{done} {len(result.converted)} file(s); {len(result.unchanged)} already were.")
    for file in result.skipped:
        say(f"Left as it was (no passphrase here opens it, or it is damaged): {file}")
    for file in result.removed:
        say(f"Removed a partial file: {file}")


def cmd_encrypt(args: argparse.Namespace, store_path: Path) -> int:
    from app.cli_support import say

    if not store_path.is_file():
        raise StoreRefused(f"There is no store at {store_path}; nothing was changed.")
    if keys.is_encrypted(store_path):
        # Already encrypted: finish a conversion that was stopped (plain backups left).
        # (its passphrase was asked for and checked before the command ran)
        target = keys.passphrase_for_file(store_path)
        assert target is not None
    else:
        secret = passphrases.new(args.passphrase_file, "New passphrase")
        conversion.check_new_passphrase(secret)
        target = keys.Passphrase(secret)
    result = conversion.convert_store(store_path, target, progress=_progress_label("Encrypting"))
    _report(result, "Encrypted")
    say(f"{store_path} is encrypted; it opens only with its passphrase.")
    return 0


def cmd_decrypt(args: argparse.Namespace, store_path: Path) -> int:
    from app.cli_support import say

    if not keys.is_encrypted(store_path):
        # Finish a decryption that was stopped (encrypted backups left), or say there is
        # nothing to do; the backups need the passphrase the store no longer asked for.
        say(f"{store_path} is not encrypted.")
        for secret in passphrases.given(args.passphrase_file):
            keys.remember(secret)
    result = conversion.convert_store(store_path, None, progress=_progress_label("Decrypting"))
    _report(result, "Decrypted")
    say(f"{store_path} is plain SQLite again; anyone with the file can read it.")
    return 0


def cmd_change_passphrase(args: argparse.Namespace, store_path: Path) -> int:
    from app.cli_support import say

    if not keys.is_encrypted(store_path):
        raise StoreRefused(
            f"{store_path} is not encrypted; `briefbook encrypt` encrypts it. Nothing was changed."
        )
    secret = passphrases.new(
        args.new_passphrase_file,
        "New passphrase",
        environment=passphrases.NEW_ENVIRONMENT,
        option="--new-passphrase-file",
    )
    conversion.check_new_passphrase(secret)
    result = conversion.convert_store(
        store_path, keys.Passphrase(secret), progress=_progress_label("Re-keying")
    )
    _report(result, "Re-keyed")
    say(f"{store_path} now opens with the new passphrase only.")
    return 0
