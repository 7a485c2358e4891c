"""What the world's scripts cost in the PDF export, whole processes in one run.

- The Latin reference book with this code against the same export with the code before font
  fallback and shaping (``BENCH_BEFORE``: a checkout of that commit, e.g. a temporary
  ``git worktree add /tmp/bb-before <commit>``; skipped when unset). Cost only where used: a
  Latin book must not pay for the other scripts.
- The same book rewritten in mixed scripts (``mixed_scripts``: each paragraph, title, bio
  and objective written in one of 23 scripts in turn, Markdown kept, and each person's native
  name in a script of its own) against the Latin book, both with this code.

The mixed-script twin lives in a copy of the large store (made once, not timed), so both books
are exported by the same command from stores of the same size.
"""

from __future__ import annotations

import compileall
import os
import re
import shutil
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from app.store import Store
from benchmarks.generate import REFERENCE_BOOK_ID
from benchmarks.measure import PYTHON, quiet_env, round_robin, run_process

# Words in each script (fictional names and common words), for the mixed-script twin.
LEXICON: tuple[tuple[str, ...], ...] = (
    ("سلمان", "الفارس", "الوفد", "التجارة"),  # Arabic
    ("کامران", "رضایی‌نژاد", "بازرگانی"),  # Persian
    ("נועה", "בן־דוד", "משלחת"),  # Hebrew
    ("अनन्या", "शर्मा", "व्यापार"),  # Devanagari
    ("তানভীর", "হোসেন", "বাণিজ্য"),  # Bengali
    ("கார்த்திகா", "சுப்பிரமணியன்"),  # Tamil
    ("නිමාලි", "පෙරේරා"),  # Sinhala
    ("สมชาย", "ใจดี", "การค้า"),  # Thai
    ("ສົມພອນ", "ແກ້ວມະນີ"),  # Lao
    ("សុខ", "វណ្ណា"),  # Khmer
    ("အောင်ကျော်မင်း",),  # Myanmar
    ("ნინო", "ბერიძე", "ვაჭრობა"),  # Georgian
    ("Արամ", "Պետրոսյան"),  # Armenian
    ("ሰላማዊት", "ተስፋዬ"),  # Ethiopic
    ("Ελένη", "Παπαδοπούλου", "εμπόριο"),  # Greek
    ("Әсел", "Қоңырбаева", "сауда"),  # Kazakh
    ("Өлзийсайхан", "Батбаяр"),  # Mongolian
    ("赵思远", "贸易谈判"),  # Chinese (simplified)
    ("陳麗華", "貿易"),  # Chinese (traditional)
    ("高橋さくら", "貿易交渉"),  # Japanese
    ("박서연", "무역"),  # Korean
    ("Nguyễn", "Hương", "thương mại"),  # Vietnamese
    ("હેતલ", "પટેલ"),  # Gujarati
)
_WORD = re.compile(r"\b[A-Za-z]+\b")


def mixed_scripts(text: str, seed: int) -> str:
    """``text`` with each paragraph rewritten in one script (its words replaced by words of
    that script, its Markdown, digits and punctuation kept); the next paragraph takes the next
    script, so a book holds all 23."""
    paragraphs = text.split("\n\n")
    out = []
    for number, paragraph in enumerate(paragraphs):
        words = LEXICON[(seed + number) % len(LEXICON)]
        count = 0

        def swap(match: re.Match[str], words: tuple[str, ...] = words) -> str:
            nonlocal count
            count += 1
            return words[(count + len(match.group(0))) % len(words)]

        out.append(_WORD.sub(swap, paragraph))
    return "\n\n".join(out)


def make_mixed_store(large: Path, target: Path) -> Path:
    """A copy of the large store whose reference book is rewritten in mixed scripts."""
    if target.exists():
        return target
    partial = target.with_name(target.name + ".partial")
    for extra in ("", "-wal", "-shm"):
        Path(f"{partial}{extra}").unlink(missing_ok=True)
    source = sqlite3.connect(f"file:{large}?mode=ro", uri=True)
    copy = sqlite3.connect(partial)
    source.backup(copy)
    source.close()
    copy.close()
    with Store.open(partial) as store:
        content = store.load_book_content(REFERENCE_BOOK_ID)
        with store.transaction():
            for index, section in enumerate(content.sections):
                store.save_section(
                    replace(
                        section,
                        title=mixed_scripts(section.title, index),
                        body=mixed_scripts(section.body, index),
                    )
                )
            for index, entry in enumerate(content.participants):
                person = entry.person
                words = LEXICON[index % len(LEXICON)]
                store.save_person(
                    replace(
                        person,
                        native_name=" ".join(words[:2]),
                        title=mixed_scripts(person.title, index),
                        bio=mixed_scripts(person.bio, index),
                    )
                )
            for index, note in enumerate(content.notes):
                store.save_note(
                    replace(
                        note,
                        title=mixed_scripts(note.title, index),
                        body=mixed_scripts(note.body, index),
                    )
                )
            for index, meeting in enumerate(content.meetings):
                store.save_meeting(
                    replace(
                        meeting,
                        title=mixed_scripts(meeting.title, index),
                        objective=mixed_scripts(meeting.objective, index),
                    )
                )
    for extra in ("-wal", "-shm"):
        Path(f"{partial}{extra}").unlink(missing_ok=True)
    partial.rename(target)
    return target


def make_before_store(large: Path, target: Path) -> Path:
    """A copy of the large store that the code before scripts opens: its schema version put
    back to 1 (version 2 only rebuilt the search index, which an export never reads)."""
    if target.exists():
        return target
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    source = sqlite3.connect(f"file:{large}?mode=ro", uri=True)
    copy = sqlite3.connect(partial)
    source.backup(copy)
    source.close()
    copy.execute("PRAGMA user_version = 1")
    copy.execute("DELETE FROM schema_migrations WHERE version > 1")
    copy.commit()
    copy.close()
    partial.rename(target)
    return target


@dataclass
class ScriptResults:
    samples: dict[str, list[float]] = field(default_factory=dict)  # wall seconds
    cpu: dict[str, list[float]] = field(default_factory=dict)  # CPU seconds, same runs
    pages: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def run(store: Path, work: Path, rounds: int) -> ScriptResults:
    from benchmarks.bench_export import BRIEFBOOK, _pdf_pages

    results = ScriptResults()
    out = work / "scripts"
    out.mkdir(parents=True, exist_ok=True)
    env = quiet_env(work / "home")
    print("  mixed-script twin of the reference book…", file=sys.stderr)
    mixed = make_mixed_store(store, store.with_name(store.stem + "-mixed-scripts.sqlite"))

    cpu: dict[str, list[float]] = {}

    def export(
        name: str,
        command: list[str],
        db: Path,
        target: Path,
        run_env: dict[str, str],
        cwd: Path | None = None,
    ) -> float:
        full = [*command, "--store", str(db), "export", REFERENCE_BOOK_ID, "--format", "pdf"]
        ran = run_process([*full, "--output", str(target)], env=run_env, cwd=cwd)
        cpu.setdefault(name, []).append(ran.cpu_seconds)
        return ran.seconds

    runs: dict[str, Callable[[], float]] = {
        "latin": lambda: export("latin", BRIEFBOOK, store, out / "latin.pdf", env),
        "mixed": lambda: export("mixed", BRIEFBOOK, mixed, out / "mixed.pdf", env),
    }
    before = os.environ.get("BENCH_BEFORE", "")
    if before:
        old = Path(before).resolve()
        compileall.compile_dir(old / "app", quiet=1)  # bytecode, as for this checkout
        compileall.compile_dir(old / "exports", quiet=1)
        old_env = quiet_env(work / "home-before")
        old_env["PYTHONPATH"] = str(old)  # the old checkout's app/ and exports/, not this one's
        old_store = make_before_store(store, store.with_name(store.stem + "-schema1.sqlite"))
        runs["latin_before"] = lambda: export(
            "latin_before", [PYTHON, "-m", "app"], old_store, out / "before.pdf", old_env, cwd=old
        )
    else:
        results.notes.append("BENCH_BEFORE not set: the Latin book was not timed with old code.")
    print("  Latin and mixed-script PDF export…", file=sys.stderr)
    results.samples.update(round_robin(rounds, runs))
    results.cpu.update(cpu)
    for name in ("latin", "mixed", "before"):
        path = out / f"{name}.pdf"
        if path.exists():
            results.pages[name] = _pdf_pages(path)
    return results


def cleanup(work: Path) -> None:
    shutil.rmtree(work / "scripts", ignore_errors=True)
