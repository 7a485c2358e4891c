"""Search: forgiving folding, prefix typing, punctuation as text, ranking and snippets."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain import Book, Meeting, Note, Person
from app.search import match_expression
from app.store import Store
from app.textfold import fold, query_terms


@pytest.fixture
def db(tmp_path: Path) -> Store:
    store = Store.open(tmp_path / "store.sqlite")
    book = store.save_book(Book(title="Baku engagement", destination="Baku, Azerbaijan"))
    store.add_section(book.id, "Situation", "Rail corridors and AT&T style [telecoms] deals.")
    store.save_person(
        Person(
            name="Sameddin F. Asadov",
            native_name="Səməddin Əsədov",
            title="Deputy Minister of Digital Development and Transport",
        )
    )
    store.save_person(Person(name="Elnur Mammadov", native_name="Elnur Məmmədov"))
    store.save_person(Person(name="Şahin Çağlar", organization="İstanbul Ticaret Odası"))
    store.save_note(
        Note(title="Energy security", sector="Energy", body="Gas via the Southern Corridor.")
    )
    store.save_meeting(
        Meeting(
            book.id,
            "Roundtable with operators",
            datetime(2026, 12, 2, 15),
            datetime(2026, 12, 2, 16),
            "Asia/Baku",
            location="Hotel ballroom",
        )
    )
    yield store
    store.close()


def _titles(store: Store, query: str) -> list[str]:
    return [hit.title for hit in store.search(query)]


@pytest.mark.parametrize(
    "query",
    ["Səməddin", "səməddin", "SAMEDDIN", "Semeddin", "Samaddin", "Əsədov", "asadov", "ƏSƏDOV"],
)
def test_schwa_names_match_in_every_spelling(db: Store, query: str) -> None:
    assert _titles(db, query) == ["Sameddin F. Asadov"]


@pytest.mark.parametrize("query", ["Məmmədov", "Mammadov", "memmedov", "mamma", "elnur məm"])
def test_native_and_romanized_match_both_ways(db: Store, query: str) -> None:
    assert _titles(db, query) == ["Elnur Mammadov"]


@pytest.mark.parametrize(
    "query", ["sahin", "Şahin", "caglar", "ÇAĞLAR", "istanbul", "İSTANBUL", "ticaret odasi"]
)
def test_turkish_letters_fold(db: Store, query: str) -> None:
    assert _titles(db, query) == ["Şahin Çağlar"]


def test_prefix_typing_finds_as_you_type(db: Store) -> None:
    assert _titles(db, "As") == ["Sameddin F. Asadov"]
    assert _titles(db, "Asa") == ["Sameddin F. Asadov"]
    assert set(_titles(db, "corr")) == {"Situation", "Energy security"}


@pytest.mark.parametrize(
    "query",
    [
        "AT&T",
        '"rail',
        "rail)",
        "(rail",
        "rail OR",
        "OR",
        "AND",
        "NOT",
        "*",
        "-rail",
        "rail*",
        "^",
        "NEAR(",
        "[telecoms]",
        "'",
        "a:b",
    ],
)
def test_punctuation_and_fts_syntax_are_just_text(db: Store, query: str) -> None:
    db.search(query)  # must never raise


def test_operators_typed_by_a_user_are_words(db: Store) -> None:
    assert _titles(db, "AT&T") == ["Situation"]
    assert _titles(db, "[telecoms]") == ["Situation"]
    assert _titles(db, "OR") == []
    assert _titles(db, "*") == []
    assert _titles(db, "rail NOT") == []  # NOT is a word the text lacks, not an operator


def test_every_kind_is_searchable(db: Store) -> None:
    kinds = {
        hit.kind
        for query in ["Baku", "corridors", "Asadov", "Energy", "Roundtable"]
        for hit in db.search(query)
    }
    assert kinds == {"book", "section", "person", "note", "meeting"}


def test_title_hits_rank_before_body_hits(db: Store) -> None:
    db.save_note(Note(title="Notes", body="Roundtable follow-up and roundtable minutes"))
    hits = db.search("roundtable")
    assert hits[0].kind == "meeting"


def test_snippet_shows_the_matching_words_with_highlights(db: Store) -> None:
    hit = db.search("corridor")[0]
    assert "corridor" in hit.snippet.lower()
    start, end = hit.highlights[0]
    assert hit.snippet[start:end].lower().startswith("corridor")


def test_snippet_highlights_the_native_spelling(db: Store) -> None:
    hit = db.search("samaddin")[0]
    start, end = hit.highlights[0]
    assert hit.snippet[start:end] == "Səməddin"


def test_snippet_keeps_separate_fields_and_lines_apart(db: Store) -> None:
    book = db.save_book(Book(title="Snippet trip"))
    db.save_meeting(
        Meeting(
            book_id=book.id,
            title="Lunch",
            start=datetime(2026, 12, 1, 12, 0),
            end=datetime(2026, 12, 1, 13, 0),
            timezone="Asia/Baku",
            location="Old town restaurant",
            objective="Discuss the zanzibar corridor informally",
        )
    )
    hit = db.search("zanzibar")[0]
    assert "Old town restaurant · Discuss the zanzibar" in hit.snippet
    start, end = hit.highlights[0]
    assert hit.snippet[start:end] == "zanzibar"
    db.save_note(Note(title="List", body="Intro:\n- first zebra item\n- second item"))
    hit = db.search("zebra")[0]
    assert "Intro: first zebra item · second item" in hit.snippet


@pytest.mark.parametrize("lead", [*range(1, 12), 25, 40, 61, 90, 150])
def test_a_snippet_never_opens_on_half_a_word(lead: int) -> None:
    from app.search import make_snippet

    words = ["Interconnectivity", "energy", "security", "regional", "supply", "networks"]
    body = " ".join(words[i % len(words)] for i in range(lead)) + " zanzibar corridor plans"
    snippet, spans = make_snippet(body, [["zanzibar"]])
    opening = snippet.removeprefix("…").split(" ")[0]
    assert opening in {*words, "zanzibar"}, snippet
    start, end = spans[0]
    assert snippet[start:end] == "zanzibar"


def test_index_follows_edits_and_deletes(db: Store) -> None:
    person = next(p for p in db.list_people() if p.name == "Elnur Mammadov")
    db.save_person(Person(name="Elnur Mammadov", native_name="", title="Ambassador", id=person.id))
    assert _titles(db, "memmedov") == []
    assert _titles(db, "ambassador") == ["Elnur Mammadov"]
    db.delete_person(person.id)
    assert _titles(db, "ambassador") == []


def test_kind_filter_and_limit(db: Store) -> None:
    assert {hit.kind for hit in db.search("Baku", kinds=["book"])} == {"book"}
    assert db.search("a", limit=2) and len(db.search("a", limit=2)) <= 2
    assert db.search("Baku", kinds=["nonsense"]) == []


def test_rebuild_gives_the_same_results(db: Store) -> None:
    before = [(h.kind, h.id) for h in db.search("corridor")]
    db.rebuild_search_index()
    assert [(h.kind, h.id) for h in db.search("corridor")] == before


def test_folding_rules() -> None:
    assert fold("Səməddin Əsədov") == "semeddin esedov"
    assert fold("İIıi ŞşÇçĞğÖöÜü") == "iiii ssccggoouu"
    assert fold("Crème Brûlée") == "creme brulee"
    assert query_terms("Məmmədov") == [["memmedov", "mammadov"]]


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_query_makes_a_safe_expression(query: str) -> None:
    expression = match_expression(query)
    for term in query_terms(query):
        for spelling in term:
            assert '"' not in spelling
    assert expression.count('"') % 2 == 0


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    store = Store.open(tmp_path_factory.mktemp("search") / "s.sqlite")
    store.save_person(Person(name="Sameddin F. Asadov", native_name="Səməddin Əsədov"))
    yield store
    store.close()


@settings(max_examples=60, deadline=None)
@given(query=st.text(min_size=1, max_size=40))
def test_any_query_runs_against_the_index(shared_store: Store, query: str) -> None:
    shared_store.search(query)


def test_a_query_matching_very_many_records_ranks_the_newest(
    db: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("app.search.RANKED_CANDIDATES", 2)
    for index in range(4):
        db.save_note(Note(title=f"Pipeline {index}", body="pipeline " * index))
    titles = _titles(db, "pipeline")
    assert sorted(titles) == ["Pipeline 2", "Pipeline 3"]
    assert [hit.title for hit in db.search("pipeline", kinds=["note"])] == titles
    assert _titles(db, "pipeline 1") == ["Pipeline 1"]  # a narrower query ranks everything again


def test_a_name_query_shows_the_person_before_meetings_named_after_them(
    tmp_path: Path,
) -> None:
    store = Store.open(tmp_path / "names.sqlite")
    book = store.save_book(Book(title="Baku"))
    person = store.save_person(
        Person(
            name="Aysel Karimova",
            honorific="Ms.",
            title="Deputy Minister of Energy",
            bio="A long career in the energy ministry. " * 40,
        )
    )
    store.save_meeting(
        Meeting(
            book.id,
            "Meeting with Deputy Minister Karimova",
            datetime(2026, 12, 1, 10),
            datetime(2026, 12, 1, 11),
            "Asia/Baku",
        )
    )
    hits = store.search("karimova")
    assert [hit.kind for hit in hits] == ["person", "meeting"]
    assert hits[0].id == person.id
    # The honorific is not glued to the title in the snippet.
    assert not hits[0].snippet.startswith("Ms.")
    assert "Ms. Deputy" not in hits[0].snippet
    store.close()
