"""The passphrase is never written anywhere: after a full run of the CLI and the app, no file
in the data, config, cache, state or log folders (nor the store's folder) holds it.

It is looked for as UTF-8 and UTF-16 (Qt's settings and Windows logs), with and without
newline, so a quiet leak through settings, logs, crash reports, the bundle inbox or a lock file
would be found.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.protection import keys

STORE_SECRET = "Quokka-lantern 7 saffron-ridge"
NEW_SECRET = "Osprey-violin 3 juniper-delta"
BUNDLE_SECRET = "Heron-cobalt 5 tamarind-fjord"
PDF_SECRET = "Ibis-parchment 9 cardamom"
SECRETS = (STORE_SECRET, NEW_SECRET, BUNDLE_SECRET, PDF_SECRET)


def _cli(
    *argv: str, secret: str | None = None, check: bool = True
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("BRIEFBOOK_PASSPHRASE", None)
    if secret is not None:
        env["BRIEFBOOK_PASSPHRASE"] = secret
    done = subprocess.run(
        [sys.executable, "-m", "app", *argv],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    if check:
        assert done.returncode == 0, done.stderr
    for secret_text in SECRETS:
        assert secret_text not in done.stdout + done.stderr
    return done


def _leaks(folder: Path) -> list[str]:
    found = []
    for file in sorted(folder.rglob("*")):
        if not file.is_file():
            continue
        data = file.read_bytes()
        for secret in SECRETS:
            for encoded in (secret.encode("utf-8"), secret.encode("utf-16-le")):
                if encoded in data:
                    found.append(f"{file}: {secret}")
    return found


def test_no_passphrase_is_written_anywhere(
    tmp_path: Path,
    private_user_folders: Path,
    qapp: object,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtCore import QSettings

    from ui.dialogs.passphrase_dialog import PassphraseDialog
    from ui.session import error_reporting
    from ui.session.startup import Session

    home = private_user_folders
    store = home / "data" / "briefbook.sqlite"
    secrets = tmp_path / "secrets"  # the one place the secrets are allowed: the user's files
    secrets.mkdir()
    (secrets / "pdf.txt").write_text(PDF_SECRET + "\n", encoding="utf-8")
    (secrets / "bundle.txt").write_text(BUNDLE_SECRET + "\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()

    # --- the command line: a day's work on an encrypted store -----------------------------
    book = _cli("demo").stdout.strip()
    _cli("encrypt", secret=STORE_SECRET)
    _cli("books", secret=STORE_SECRET)
    _cli("search", "Baku", secret=STORE_SECRET)
    _cli("check", secret=STORE_SECRET)
    _cli("backups", secret=STORE_SECRET)
    _cli("backup", "--output", str(home / "data" / "manual.sqlite"), secret=STORE_SECRET)
    wrong = _cli("books", secret="not " + STORE_SECRET[4:], check=False)
    assert wrong.returncode == 1
    pdf = out / "handout.pdf"
    _cli(
        *["export", book, "--format", "pdf", "--output", str(pdf), "--handout"],
        *["--password-file", str(secrets / "pdf.txt")],
        secret=STORE_SECRET,
    )
    sealed = out / "trip.bbk"
    _cli(
        "bundle",
        book,
        "--output",
        str(sealed),
        "--encrypt",
        "--passphrase-file",
        str(secrets / "bundle.txt"),
        secret=STORE_SECRET,
    )
    _cli(
        "import", str(sealed), "--passphrase-file", str(secrets / "bundle.txt"), secret=STORE_SECRET
    )
    monkeypatch.setenv("BRIEFBOOK_NEW_PASSPHRASE", NEW_SECRET)
    _cli("change-passphrase", secret=STORE_SECRET)
    monkeypatch.delenv("BRIEFBOOK_NEW_PASSPHRASE")

    # --- the app: open with the passphrase, a wrong try, the idle lock, an error report ------
    typed = [NEW_SECRET[::-1], NEW_SECRET]

    def exec_(dialog: PassphraseDialog) -> int:
        while typed:
            dialog.field.setText(typed.pop(0))
            dialog.accept()
            if dialog.result():
                return 1
        return 0

    monkeypatch.setattr(PassphraseDialog, "exec", exec_)
    log_folder = home / "state" / "logs"
    log_file = error_reporting.setup_logging(log_folder)
    reporter = error_reporting.ErrorReporter(log_file)
    monkeypatch.setattr(reporter, "show_dialog", lambda *_args: None)
    settings = QSettings(str(home / "config" / "BriefBook.ini"), QSettings.Format.IniFormat)
    session = Session(settings, log_folder)
    try:
        assert session.start(store)
        assert session.idle_lock is not None and session.window is not None
        session.idle_lock.lock()
        assert session.idle_lock.screen is not None
        session.idle_lock.screen.field.setText(STORE_SECRET)  # the old one: refused
        assert not session.idle_lock.screen.try_unlock()
        session.idle_lock.screen.field.setText(NEW_SECRET)
        assert session.idle_lock.screen.try_unlock()
        try:
            keys.unlock(store, STORE_SECRET)
        except keys.WrongPassphrase as error:  # a crash report of a passphrase failure
            reporter.handle(type(error), error, error.__traceback__)
        settings.sync()
        assert session.window.close()
    finally:
        session.close()
        error_reporting.close_logging()

    assert (log_folder).is_dir() and any(log_folder.iterdir())
    assert len(_leaks(secrets)) == 2  # the search finds a secret where one is
    assert _leaks(home) == []
    assert _leaks(out) == []
