"""Search across scripts: part of a CJK name, Latin spellings of other scripts, Kazakh/Uzbek,
Arabic and Hebrew folding; snippets keep the original text."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain import Person
from app.store import Store
from app.textfold import cjk_spaced, fold, query_terms, transliteration, words_of

FIXTURES = Path(__file__).parent / "fixtures"

PEOPLE = {
    "Zhao Siyuan": "赵思远",
    "Chen Lihua": "陳麗華",
    "Takahashi Sakura": "高橋さくら",
    "Park Seo-yeon": "박서연",
    "Nino Beridze": "ნინო ბერიძე",
    "Aram Petrosyan": "Արամ Պետրոսյան",
    "Eleni Papadopoulou": "Ελένη Παπαδοπούλου",
    "Kasym Tokayev": "Қасым Тоқаев",
    "Asel Konyrbayeva": "Әсел Нұрғалиқызы Қоңырбаева",
    "Dilshod Xo'jayev": "Дилшод Ҳожаев",
    "Ahmad Al-Qasimi": "أَحْمَد القَاسِمِيّ",
    "Mustafa Madrasa": "مصطفى مـدرسـة",
    "Noa Ben-David": "נוֹעָה בֶּן־דָּוִד",
    "Ananya Sharma": "अनन्या शर्मा",
}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(tmp_path / "store.sqlite")
    for name, native in PEOPLE.items():
        opened.save_person(Person(name=f"{name} (P)", native_name=native, bio=f"Met {native}."))
    yield opened
    opened.close()


def _found(store: Store, query: str) -> list[str]:
    return [hit.title.removesuffix(" (P)") for hit in store.search(query)]


@pytest.mark.parametrize(
    ("query", "who"),
    [
        ("思远", "Zhao Siyuan"),  # given name only
        ("远", "Zhao Siyuan"),  # one character
        ("赵思", "Zhao Siyuan"),
        ("麗華", "Chen Lihua"),
        ("さくら", "Takahashi Sakura"),
        ("橋", "Takahashi Sakura"),
        ("서연", "Park Seo-yeon"),
    ],
)
def test_part_of_a_cjk_name_finds_it(store: Store, query: str, who: str) -> None:
    assert _found(store, query) == [who]


def test_a_cjk_match_is_highlighted_in_the_original_text(store: Store) -> None:
    hit = store.search("思远")[0]
    assert "赵思远" in hit.snippet
    start, end = hit.highlights[0]
    assert hit.snippet[start:end] == "思远"


@pytest.mark.parametrize(
    ("query", "who"),
    [
        ("beridze", "Nino Beridze"),  # Georgian
        ("Petrosyan", "Aram Petrosyan"),  # Armenian
        ("papadopoulou", "Eleni Papadopoulou"),  # Greek
        ("tokaev", "Kasym Tokayev"),  # Kazakh Cyrillic
        ("Konyrbaeva", "Asel Konyrbayeva"),
    ],
)
def test_a_latin_spelling_finds_a_name_written_only_in_another_script(
    tmp_path: Path, query: str, who: str
) -> None:
    # Only the native name holds the script: the Latin name is something else entirely.
    with Store.open(tmp_path / "only-native.sqlite") as only:
        only.save_person(Person(name="Counterpart", native_name=PEOPLE[who]))
        only.save_person(Person(name="Someone else", native_name="Жан Другой"))
        hits = only.search(query)
        assert [hit.title for hit in hits] == ["Counterpart"]
        assert PEOPLE[who] in hits[0].snippet  # the snippet shows the original text


@pytest.mark.parametrize(
    ("query", "who"),
    [
        ("Токаев", "Kasym Tokayev"),
        ("Касым", "Kasym Tokayev"),
        ("Конырбаева", "Asel Konyrbayeva"),
        ("Нургаликызы", "Asel Konyrbayeva"),
        ("Хожаев", "Dilshod Xo'jayev"),  # Uzbek ҳ
    ],
)
def test_kazakh_and_uzbek_letters_fold_to_russian(store: Store, query: str, who: str) -> None:
    assert _found(store, query) == [who]


@pytest.mark.parametrize(
    ("query", "who"),
    [
        ("احمد", "Ahmad Al-Qasimi"),  # harakat and hamza ignored
        ("أحمد", "Ahmad Al-Qasimi"),
        ("القاسمي", "Ahmad Al-Qasimi"),
        ("مصطفي", "Mustafa Madrasa"),  # alef maqsura / yeh
        ("مدرسه", "Mustafa Madrasa"),  # ta marbuta / heh, tatweel ignored
        ("مدرسة", "Mustafa Madrasa"),
        ("נועה", "Noa Ben-David"),  # niqqud ignored
        ("דוד", "Noa Ben-David"),
        ("शर्मा", "Ananya Sharma"),
        ("अनन्या", "Ananya Sharma"),
    ],
)
def test_arabic_hebrew_and_indic_matching(store: Store, query: str, who: str) -> None:
    assert _found(store, query) == [who]


def test_arabic_snippet_keeps_the_harakat_as_typed(store: Store) -> None:
    hit = store.search("احمد")[0]
    assert "أَحْمَد" in hit.snippet


def test_folding_rules() -> None:
    assert fold("ҚҒҮҰӨӘҢҺІ") == "кгууоанхи"
    assert fold("إِسْلَام آمِنَة ٱلله مـحـمـد") == fold("اسلام امنه الله محمد")
    assert fold("فاطمة") == fold("فاطمه") and fold("مصطفى") == fold("مصطفي")
    assert fold("ی ک") == fold("ي ك")
    assert fold("שָׁלוֹם") == "שלום"
    assert cjk_spaced("王文涛 and 박서연") == "王 文 涛 and 박 서 연"
    assert transliteration("Met ნინო in Tbilisi") == "nino"
    assert transliteration("Plain Latin, even Azərbaycan — €5") == ""


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.characters(
            codec="utf-8",
            categories=("L", "M", "N", "P", "Zs"),
            exclude_characters="\x00",
        ),
        max_size=40,
    )
)
def test_query_terms_never_pass_syntax_and_match_their_own_text(text: str) -> None:
    for spellings in query_terms(text):
        for spelling in spellings:
            assert '"' not in spelling and "*" not in spelling
    assert all(word for word in words_of(text))


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(sorted(PEOPLE.values())), st.data())
def test_any_word_of_a_native_name_finds_its_person(native: str, data: st.DataObject) -> None:
    import tempfile

    words = words_of(native)
    word = data.draw(st.sampled_from(words))
    with tempfile.TemporaryDirectory() as folder, Store.open(Path(folder) / "s.sqlite") as store:
        store.save_person(Person(name="Counterpart", native_name=native))
        store.save_person(Person(name="Other", native_name="Someone Else"))
        assert [hit.title for hit in store.search(word)] == ["Counterpart"]


# --- the upgrade ------------------------------------------------------------------------------


def test_a_version_1_store_is_reindexed_for_every_script(tmp_path: Path) -> None:
    """Records indexed by the old folding (no transliteration, CJK names as one word) are
    found the new ways once the store is upgraded."""
    path = tmp_path / "store.sqlite"
    shutil.copy(FIXTURES / "store-v1.sqlite", path)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "INSERT INTO people (id, name, native_name, created_at, updated_at) "
            "VALUES ('p-ka', 'Counterpart', 'ნინო ბერიძე', '2026-01-01', '2026-01-01')"
        )
        rowid = conn.execute(
            "INSERT INTO search_docs (kind, ref, book_id, title, body) "
            "VALUES ('person', 'p-ka', NULL, 'Counterpart', 'ნინო ბერიძე 赵思远')"
        ).lastrowid
        # What version 1 wrote: folded text, no alternate spelling.
        conn.execute(
            "INSERT INTO search_index (rowid, title, body, alt) VALUES (?, ?, ?, '')",
            [rowid, "counterpart", "ნინო ბერიძე 赵思远"],
        )
        conn.execute("UPDATE people SET bio = '赵思远' WHERE id = 'p-ka'")
    conn.close()
    with Store.open(path) as store:
        assert [hit.title for hit in store.search("beridze")] == ["Counterpart"]
        assert [hit.title for hit in store.search("思远")] == ["Counterpart"]
        assert [hit.title for hit in store.search("mammadov")] == ["Elnur Mammadov"]
