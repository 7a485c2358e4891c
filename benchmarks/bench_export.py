"""Exporting the reference book, whole processes, against its peers in the same run.

- PDF: ``briefbook export --format pdf`` against LibreOffice converting BriefBook's own DOCX of
  the book to PDF, and against one plain reportlab pass over the same flowables
  (``benchmarks.plain_reportlab``).
- DOCX: ``briefbook export --format docx`` against pandoc converting the same book written as
  Markdown (``benchmarks.markdown_book``), photos included, with ``--toc``.
- Peak memory (``ru_maxrss``) of each BriefBook export process.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from app.assemble import build_document
from app.document import Edition
from app.store import Store
from benchmarks.generate import REFERENCE_BOOK_ID
from benchmarks.markdown_book import write_markdown
from benchmarks.measure import PYTHON, ProcessFailed, quiet_env, round_robin, run_process
from benchmarks.peers import find_tool, tool_version

_SCRIPT = Path(PYTHON).with_name("briefbook")
# The installed console script, as an officer runs it; ``python -m app`` where it is missing.
BRIEFBOOK = [str(_SCRIPT)] if _SCRIPT.exists() else [PYTHON, "-m", "app"]


@dataclass
class ExportResults:
    samples: dict[str, list[float]] = field(default_factory=dict)
    peak_mb: dict[str, list[float]] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    versions: dict[str, str] = field(default_factory=dict)
    pages: dict[str, int] = field(default_factory=dict)


def _pdf_pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def run(store: Path, work: Path, rounds: int) -> ExportResults:
    results = ExportResults()
    env = quiet_env(work / "home")
    out = work / "out"
    out.mkdir(parents=True, exist_ok=True)

    def export(fmt: str) -> Callable[[], float]:
        def measure() -> float:
            target = out / f"briefbook.{fmt}"
            command = [*BRIEFBOOK, "--store", str(store), "export", REFERENCE_BOOK_ID]
            ran = run_process([*command, "--format", fmt, "--output", str(target)], env=env)
            results.peak_mb.setdefault(fmt, []).append(ran.max_rss_mb)
            return ran.seconds

        return measure

    # The inputs the peers convert, made once (not timed): BriefBook's DOCX, and Markdown.
    docx = out / "reference.docx"
    export_command = [*BRIEFBOOK, "--store", str(store), "export", REFERENCE_BOOK_ID]
    run_process([*export_command, "--format", "docx", "--output", str(docx)], env=env)
    with Store.open(store, read_only=True) as opened:
        document = build_document(opened.load_book_content(REFERENCE_BOOK_ID), Edition.FULL, None)
    markdown = write_markdown(document, work / "markdown")

    pdf: dict[str, Callable[[], float]] = {"briefbook_pdf": export("pdf")}
    soffice, note = find_tool("soffice")
    if soffice:
        results.versions["LibreOffice"] = tool_version(soffice)
        profile = work / "lo-profile"
        lo_out = out / "libreoffice"
        lo_command = [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(lo_out),
            str(docx),
        ]
        run_process(lo_command, env=env)  # the first start creates LibreOffice's profile
        pdf["libreoffice_pdf"] = lambda: run_process(lo_command, env=env).seconds
    else:
        results.notes["libreoffice_pdf"] = note
    plain = out / "plain.pdf"
    plain_command = [PYTHON, "-m", "benchmarks.plain_reportlab", str(store), REFERENCE_BOOK_ID]
    pdf["reportlab_pass"] = lambda: run_process([*plain_command, str(plain)], env=env).seconds
    print("  PDF export, LibreOffice, one reportlab pass…", file=sys.stderr)
    results.samples.update(round_robin(rounds, pdf))
    results.pages["briefbook_pdf"] = _pdf_pages(out / "briefbook.pdf")
    results.pages["reportlab_pass"] = _pdf_pages(plain)
    if soffice:
        results.pages["libreoffice_pdf"] = _pdf_pages(out / "libreoffice" / "reference.pdf")

    docx_runs: dict[str, Callable[[], float]] = {"briefbook_docx": export("docx")}
    pandoc, note = find_tool("pandoc")
    if pandoc:
        results.versions["pandoc"] = tool_version(pandoc)
        pandoc_command = [pandoc, markdown.name, "--toc", "-o", str(out / "pandoc.docx")]
        docx_runs["pandoc_docx"] = lambda: (
            run_process(pandoc_command, env=env, cwd=markdown.parent).seconds
        )
    else:
        results.notes["pandoc_docx"] = note
    print("  DOCX export and pandoc…", file=sys.stderr)
    results.samples.update(round_robin(rounds, docx_runs))
    return results


def cleanup(work: Path) -> None:
    shutil.rmtree(work / "out", ignore_errors=True)
    shutil.rmtree(work / "markdown", ignore_errors=True)


__all__ = ["ExportResults", "ProcessFailed", "cleanup", "run"]
