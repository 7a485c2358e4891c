"""Locked handouts: a written PDF encrypted with AES-256 (PDF 2.0 standard security, revision 6).

reportlab 5 encrypts only up to revision 5 (AES-256 of Adobe's extension level 3, which PDF 2.0
deprecated, and only with the unmaintained ``pyaes``), so the finished PDF is encrypted
afterwards with pypdf, whose AES comes from ``cryptography``.

The user password opens the document. The owner password is random and thrown away, so no one
can lift the restrictions with it: printing (at full quality) stays allowed, and copying text
and graphics is allowed or not as asked. Editing, annotating and assembling are not allowed.
Restrictions are a request readers honour; the encryption is what protects the content.
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Iterator
from pathlib import Path

from app.errors import ExportFailed
from exports.atomic import AtomicTarget


def _permissions(allow_copying: bool) -> int:
    from pypdf.constants import UserAccessPermissions as Allow

    # Extraction for accessibility (bit 10) stays allowed: a screen reader must read it.
    flags = Allow.PRINT | Allow.PRINT_TO_REPRESENTATION | Allow.EXTRACT_TEXT_AND_GRAPHICS
    if allow_copying:
        flags |= Allow.EXTRACT
    # Bits 7-8 and 13-32 are reserved and must be 1 (ISO 32000-2, table 22).
    reserved = Allow.R7 | Allow.R8
    for bit in range(13, 33):
        reserved |= getattr(Allow, f"R{bit}")
    return int(flags | reserved)


def lock_pdf(source: Path, target: Path, password: str, *, allow_copying: bool = True) -> Path:
    """Write ``source`` (a PDF) to ``target`` encrypted with AES-256, opening with ``password``.

    ``target`` is replaced only by a finished file. Raises ``ExportFailed`` for an empty
    password or a file that cannot be written.
    """
    if not password:
        raise ExportFailed("A locked PDF needs a password; nothing was written.")
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(source))
    writer.encrypt(
        user_password=password,
        owner_password=secrets.token_urlsafe(32),
        permissions_flag=_permissions(allow_copying),  # type: ignore[arg-type]
        algorithm="AES-256",
    )
    with AtomicTarget(target) as atomic:
        with atomic.temp.open("wb") as handle:
            writer.write(handle)
        atomic.commit()
    return target


def unlocked_path(target: Path) -> Path:
    """Where the plain PDF is written before it is locked into ``target`` (beside it, hidden)."""
    return target.with_name(f".{target.name}.unlocked.part")


@contextlib.contextmanager
def locking(target: Path, password: str | None, *, allow_copying: bool = True) -> Iterator[Path]:
    """Write the PDF to the yielded path; with a password it is locked into ``target`` after.

    The plain PDF lives only beside the target, hidden, until it is locked, and is removed
    whether the export finished or not.
    """
    if password is None:
        yield target
        return
    plain = unlocked_path(target)
    try:
        yield plain
        lock_pdf(plain, target, password, allow_copying=allow_copying)
    finally:
        with contextlib.suppress(FileNotFoundError):
            plain.unlink()
