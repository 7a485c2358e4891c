"""A comment's quoted words are found again after edits around them."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.review.anchors import Anchor, locate

TEXT = "Rail links matter. The corridor carries freight. Rail links matter to Georgia too."
QUOTE = "carries freight"


def test_found_where_it_was() -> None:
    start = TEXT.index(QUOTE)
    assert locate(TEXT, QUOTE, start) == Anchor(start, start + len(QUOTE))


def test_text_added_before_moves_the_words() -> None:
    start = TEXT.index(QUOTE)
    edited = "New opening sentence. " + TEXT
    found = locate(edited, QUOTE, start)
    assert found is not None
    assert edited[found.start : found.end] == QUOTE
    assert found.start == start + len("New opening sentence. ")


def test_a_repeated_phrase_keeps_the_occurrence_nearest_where_it_was() -> None:
    second = TEXT.rindex("Rail links matter")
    edited = "Intro. " + TEXT
    found = locate(edited, "Rail links matter", second)
    assert found is not None and found.start == second + len("Intro. ")


def test_changed_spacing_and_case_still_match() -> None:
    edited = TEXT.replace("carries freight", "Carries\n  freight")
    found = locate(edited, QUOTE, TEXT.index(QUOTE))
    assert found is not None
    assert edited[found.start : found.end] == "Carries\n  freight"


def test_words_that_are_gone_are_reported_gone() -> None:
    assert locate(TEXT.replace("freight", "passengers"), QUOTE, 10) is None
    assert locate(TEXT, "   ", 0) is None


@given(
    before=st.text(alphabet="abc .\n", max_size=40),
    after=st.text(alphabet="abc .\n", max_size=40),
)
def test_edits_around_the_words_never_lose_them(before: str, after: str) -> None:
    start = TEXT.index(QUOTE)
    edited = before + TEXT[:start] + QUOTE + TEXT[start + len(QUOTE) :] + after
    found = locate(edited, QUOTE, start)
    assert found is not None
    assert edited[found.start : found.end] == QUOTE
    assert found.start == start + len(before)
