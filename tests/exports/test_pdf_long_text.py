"""Pasted walls of text: laid out in pieces, every word kept, in order."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from pypdf import PdfReader

from app.document import Run
from app.domain import Meeting
from app.sample import SAMPLE_BOOK_ID, ensure_sample_book
from app.store import Store
from exports.api import export_book
from exports.pdf_markup import split_long_runs


def test_long_runs_are_cut_between_words_keeping_every_character_and_format() -> None:
    words = " ".join(f"word{i}" for i in range(3000))
    runs = [Run("Lead in. "), Run(words, bold=True), Run(" tail", italic=True)]
    pieces = split_long_runs(runs, 1000)
    assert len(pieces) > 10
    assert "".join(run.text for piece in pieces for run in piece) == "".join(r.text for r in runs)
    for piece in pieces:
        assert sum(len(run.text) for run in piece) <= 1000
    for piece in pieces[:-1]:
        assert piece[-1].text.endswith(" ")  # cut after a space, never inside a word
    assert all(run.bold for piece in pieces[1:-1] for run in piece)
    assert pieces[-1][-1].italic


def test_a_word_longer_than_a_piece_is_cut_where_it_must() -> None:
    pieces = split_long_runs([Run("x" * 2500)], 1000)
    assert [len(piece[0].text) for piece in pieces] == [1000, 1000, 500]


def test_short_text_stays_one_piece() -> None:
    runs = [Run("Short"), Run(" text", bold=True)]
    assert split_long_runs(runs, 1000) == [runs]


def test_a_huge_meeting_objective_exports_whole_and_in_order(tmp_path: Path) -> None:
    sentences = [f"Point {i:05d} on the freight corridor timetable." for i in range(900)]
    with Store.open(tmp_path / "s.sqlite") as store:
        ensure_sample_book(store)
        store.save_meeting(
            Meeting(
                book_id=SAMPLE_BOOK_ID,
                title="Pasted minutes",
                start=datetime(2026, 12, 2, 9, 0),
                end=datetime(2026, 12, 2, 10, 0),
                timezone="Asia/Baku",
                objective=" ".join(sentences),
            )
        )
        output = tmp_path / "book.pdf"
        for _ in export_book(store, SAMPLE_BOOK_ID, "pdf", output):
            pass
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(output).pages).split())
    found = [text.find(f"Point {i:05d}") for i in range(0, 900, 50)] + [text.find("Point 00899")]
    assert all(position >= 0 for position in found)
    assert found == sorted(found)
