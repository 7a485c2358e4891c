"""Spelling: words found in prose, names never flagged, languages, the personal dictionary."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest

from app.domain import Book, Meeting, Note, Person, Section
from app.preflight import SPELLING, SPELLING_SHOWN, run_preflight
from app.sample import ensure_sample_book
from app.spelling import Checker, Dictionaries, Lexicon, SpellingSetup, default_language
from app.spelling.dictionaries import dictionaries_folder, unpacked
from app.spelling.languages import LANGUAGES, NOT_CHECKED, resolve
from app.spelling.tokens import line_and_column, words
from app.store import Store


@pytest.fixture(scope="module")
def dictionaries(tmp_path_factory: pytest.TempPathFactory) -> Dictionaries:
    return Dictionaries(cache=tmp_path_factory.mktemp("dictionaries"))


@pytest.fixture(autouse=True)
def _cache_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Dictionaries made without a cache folder unpack into the test's own folder."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def _checker(dictionaries: Dictionaries, language: str, *names: str) -> Checker:
    return Checker(dictionaries.get(language), Lexicon(names))


def _flagged(checker: Checker, text: str, markdown: bool = True) -> list[str]:
    return [found.word for found in checker.misspellings(text, markdown)]


# --- words ----------------------------------------------------------------------------------


def test_words_keep_their_offsets() -> None:
    text = "The *goverment* said: don't wait."
    found = words(text)
    assert [w.word for w in found] == ["The", "goverment", "said", "don't", "wait"]
    assert all(text[w.start : w.end] == w.word for w in found)


def test_what_is_not_prose_is_not_split_into_words() -> None:
    text = (
        "See [the plan](https://example.org/plann/xyzzy) and <https://qwzx.org/abcq>.\n"
        "Write to ofice@mfa.gov.az or visit www.qwzrt.com, mfa.gov.az and socar.az.\n"
        "Run `recieve_data --frobnicate` today.\n"
        "```\nfenced qqqxx zzyzx\n```\n"
        "[ref]: https://refernce.example/qqq\n"
        "COP29, 3rd, 1990s, H2O, snake_case, SOCAR, iPhone, McKinsey, a b c, &nbsp; <b>tagg</b>\n"
    )
    checked = [w.word for w in words(text)]
    for hidden in ("plann", "xyzzy", "qwzx", "abcq", "ofice", "qwzrt", "recieve", "frobnicate"):
        assert hidden not in checked
    for hidden in ("qqqxx", "zzyzx", "refernce", "COP", "rd", "SOCAR", "iPhone", "McKinsey"):
        assert hidden not in checked
    assert "nbsp" not in checked and "snake" not in checked
    assert "the" in checked and "plan" in checked and "tagg" in checked  # link text is prose


def test_plain_text_keeps_backticks_and_brackets_as_prose() -> None:
    assert [w.word for w in words("`wordd`", markdown=False)] == ["wordd"]


def test_line_and_column_are_one_based() -> None:
    assert line_and_column("ab\ncd ef", 6) == (2, 4)


# --- checking -------------------------------------------------------------------------------


def test_misspellings_are_found_in_order(dictionaries: Dictionaries) -> None:
    checker = _checker(dictionaries, "en-US")
    text = "We recieve the goverment's offer; the Minister will adress it."
    assert _flagged(checker, text) == ["recieve", "goverment's", "adress"]


def test_names_from_the_lexicon_are_never_flagged(dictionaries: Dictionaries) -> None:
    checker = _checker(
        dictionaries, "en-US", "Elnur Mammadov", "Elnur Məmmədov", "Carl B. Kress", "Sumqayit"
    )
    text = "Mammadov's team met Kress in Sumqayit; ELNUR and mammadov agreed. Kreses erred."
    assert _flagged(checker, text) == ["Kreses"]


def test_lexicon_words_match_in_any_case_and_apostrophe(dictionaries: Dictionaries) -> None:
    lexicon = Lexicon(["İlham Əliyev", "Seán O’Brien", "Straße"])
    for word in ("İlham", "ILHAM", "Əliyev's", "O'Brien", "O’Brien’s", "STRASSE", "Seán"):
        assert word in lexicon, word
    assert "Ilhams" not in lexicon and "Brien" not in lexicon
    lexicon.add_text("Gəncə-Qazax")
    assert "Gəncə" in lexicon and "Qazax" in lexicon


def test_words_in_another_alphabet_are_not_judged_by_english(dictionaries: Dictionaries) -> None:
    checker = _checker(dictionaries, "en-US")
    # Azerbaijani ə/ı and Cyrillic are not English letters: such words belong to another
    # language (here names), so they are never flagged against English.
    assert _flagged(checker, "Əsədov met Эльнур and Qarayev in Sumqayıt.") == ["Qarayev"]


def test_the_language_decides(dictionaries: Dictionaries) -> None:
    us, gb = _checker(dictionaries, "en-US"), _checker(dictionaries, "en-GB")
    text = "The colour of the organisation's programme; the color of the program."
    assert _flagged(us, text) == ["colour", "organisation's", "programme"]
    assert _flagged(gb, text) == ["color"]
    french = _checker(dictionaries, "fr")
    assert _flagged(french, "Le gouvernement et le ministère ont signé l'accord.") == []
    assert _flagged(french, "Le gouvernemant a signé.") == ["gouvernemant"]
    russian = _checker(dictionaries, "ru")
    assert _flagged(russian, "Правительство и министерство. Правительсто.") == ["Правительсто"]
    # Latin words in a Russian text are another language's: not checked against Russian.
    assert _flagged(russian, "Министерство и Mammadov.") == []


def test_a_language_without_a_dictionary_is_not_checked_at_all(
    dictionaries: Dictionaries,
) -> None:
    for code in ("az", "de", NOT_CHECKED, "xx-unknown"):
        checker = _checker(dictionaries, code)
        assert not checker.active
        assert _flagged(checker, "Qonşu ölkələrlə ticarət recieve goverment") == []


def test_every_language_with_a_dictionary_loads_and_knows_a_word(
    dictionaries: Dictionaries,
) -> None:
    samples = {
        "en-US": "government",
        "en-GB": "government",
        "fr": "gouvernement",
        "es": "gobierno",
        "ru": "правительство",
        "ar": "الحكومة",
    }
    with_dictionary = [language.code for language in LANGUAGES if language.dictionary]
    assert sorted(with_dictionary) == sorted(samples)
    for code, word in samples.items():
        dictionary = dictionaries.get(code)
        assert dictionary is not None, code
        assert dictionary.knows(word), code
        assert not dictionary.knows(word + word[-2:] + word[-1]), code


def test_every_bundled_dictionary_is_described_with_its_licence() -> None:
    folder = dictionaries_folder()
    sources = (folder / "SOURCES.md").read_text(encoding="utf-8")
    for language in LANGUAGES:
        if language.dictionary:
            for suffix in (".aff.xz", ".dic.xz"):
                assert (folder / f"{language.dictionary}{suffix}").is_file()
            assert f"`{language.dictionary}.dic`" in sources, language.code
    for line in sources.splitlines():
        for licence in re.findall(r"`(licences/[^`]+)`", line):
            assert (folder / licence).is_file(), licence


def test_a_dictionary_is_unpacked_once_into_the_cache(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = unpacked(dictionaries_folder(), "en_US", cache)
    assert first.parent == cache and (first / "en_US.dic").stat().st_size > 800_000
    stamp = (first / "en_US.dic").stat().st_mtime_ns
    assert unpacked(dictionaries_folder(), "en_US", cache) == first
    assert (first / "en_US.dic").stat().st_mtime_ns == stamp
    assert [p.name for p in cache.iterdir()] == [first.name]


def test_without_a_writable_cache_nothing_is_checked_and_nothing_breaks(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    shelf = Dictionaries(cache=blocker / "cache")
    assert shelf.has("en-US")
    assert shelf.get("en-US") is None


def test_suggestions_put_the_likely_word_first(dictionaries: Dictionaries) -> None:
    assert _checker(dictionaries, "en-US").suggestions("goverment")[0] == "government"
    assert "colour" in _checker(dictionaries, "en-GB").suggestions("colur")


def test_answers_are_remembered_per_word(dictionaries: Dictionaries) -> None:
    dictionary = Dictionaries().get("en-US")
    assert dictionary is not None
    checker = Checker(dictionary, Lexicon())
    paragraph = "The delegation will recieve the minister and the delegation. " * 50
    checker.misspellings(paragraph)
    first = dictionary.engine_calls
    assert first == len({w.word for w in words(paragraph)})
    checker.misspellings(paragraph)
    assert dictionary.engine_calls == first


def test_default_english_follows_the_locale() -> None:
    assert default_language("en_GB.UTF-8") == "en-GB"
    assert default_language("en-AU") == "en-GB"
    assert default_language("fr_BE") == "en-US"
    assert default_language("en_US") == "en-US"
    assert default_language("") == "en-US"
    assert resolve("", "", "en-GB") == "en-GB"
    assert resolve("fr", "", "en-GB") == "fr"
    assert resolve("fr", "ru", "en-GB") == "ru"


# --- the store: lexicon, personal dictionary, ignored words ---------------------------------


def _book_with_names(store: Store) -> Book:
    book = store.save_book(Book(title="Trip", destination="Sumqayit, Azerbaijan", language="en-US"))
    person = store.save_person(
        Person(name="Elnur Mammadov", native_name="Эльнур Mammadovich Мамедов")
    )
    store.attach_person(book.id, person.id, "Counterpart")
    store.save_note(Note(title="Shahdeniz gas field"))
    store.save_meeting(
        Meeting(
            book.id,
            "Call",
            datetime(2026, 12, 1, 10),
            datetime(2026, 12, 1, 11),
            "Asia/Baku",
            location="Gulustan Palace, Baku",
        )
    )
    return book


def test_the_lexicon_comes_from_the_store(store: Store) -> None:
    book = _book_with_names(store)
    sources = store.lexicon_sources(book.id)
    lexicon = Lexicon.from_sources(sources)
    for word in ("Elnur", "Mammadov", "Mammadovich", "Мамедов", "Sumqayit", "Gulustan"):
        assert word in lexicon, word
    assert "Shahdeniz" in lexicon and "Baku" in lexicon
    assert "Qarayev" not in lexicon


def test_preflight_lists_misspellings_and_never_names(store: Store) -> None:
    book = _book_with_names(store)
    section = store.save_section(
        Section(
            book.id,
            "Situtation",
            "Mammadov and Mammadovich will recieve us at Gulustan.\n\n"
            "The Shahdeniz field in Sumqayit; the goverment, the goverment.\n",
        )
    )
    setup = SpellingSetup(
        Dictionaries(), Lexicon.from_sources(store.lexicon_sources(book.id)), "en-US"
    )
    problems = [
        p
        for p in run_preflight(store.load_book_content(book.id), spelling=setup)
        if p.severity == SPELLING
    ]
    assert [(p.kind, p.ref_id, p.word, p.field) for p in problems] == [
        ("section", section.id, "Situtation", "title"),
        ("section", section.id, "recieve", "body"),
        ("section", section.id, "goverment", "body"),
    ]
    assert problems[0].message == "Section “Situtation”, title: “Situtation”"
    assert problems[1].message == "Section “Situtation”, line 1: “recieve”"
    assert problems[2].message == "Section “Situtation”, line 3: “goverment” (2 times)"


def test_preflight_caps_a_field_in_the_wrong_language(store: Store) -> None:
    book = store.save_book(Book(title="Trip", language="en-US"))
    gibberish = " ".join(f"qz{chr(97 + i % 26)}{chr(97 + i // 26)}x" for i in range(60))
    store.add_section(book.id, "Situation", gibberish)
    setup = SpellingSetup(Dictionaries(), Lexicon(), "en-US")
    problems = [
        p
        for p in run_preflight(store.load_book_content(book.id), spelling=setup)
        if p.severity == SPELLING
    ]
    assert len(problems) == SPELLING_SHOWN + 1
    assert "40 more misspelt words" in problems[-1].message


def test_a_section_in_another_language_is_checked_in_it(store: Store) -> None:
    book = store.save_book(Book(title="Trip", language="en-GB"))
    store.save_section(Section(book.id, "Contexte", "Le gouvernemant a signé.", language="fr"))
    store.save_section(Section(book.id, "Qeyd", "Qonşu ölkələrlə ticarət.", language="az"))
    setup = SpellingSetup(Dictionaries(), Lexicon(), "en-US")
    words_found = [
        p.word
        for p in run_preflight(store.load_book_content(book.id), spelling=setup)
        if p.severity == SPELLING
    ]
    assert words_found == ["gouvernemant"]  # checked in French, the Azerbaijani one not at all
    book.language = "az"  # the whole book in a language without a dictionary: nothing checked
    store.save_book(book)
    content = store.load_book_content(book.id)
    content.sections[0].language = ""
    assert not [p for p in run_preflight(content, spelling=setup) if p.severity == SPELLING]


def test_the_personal_dictionary_persists(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite"
    with Store.open(path) as store:
        book = store.save_book(Book(title="Trip"))
        store.add_personal_word("Qarayev")
        store.add_personal_word("Qarayev")  # twice is once
        store.ignore_word(book.id, "Shusha")
        other = store.save_book(Book(title="Other trip"))
    with Store.open(path) as store:
        assert store.personal_words() == ["Qarayev"]
        assert store.ignored_words(book.id) == ["Shusha"]
        assert store.ignored_words(other.id) == []
        assert "Qarayev" in Lexicon.from_sources(store.lexicon_sources(other.id))
        assert "Shusha" not in Lexicon.from_sources(store.lexicon_sources(other.id))
        copy = store.duplicate_book(book.id)
        assert store.ignored_words(copy.id) == ["Shusha"]
        store.delete_book(book.id)
        assert store.ignored_words(book.id) == []
        store.remove_personal_word("Qarayev")
        assert store.personal_words() == []


def test_the_sample_book_shows_no_false_alarm(store: Store) -> None:
    book = ensure_sample_book(store)
    lexicon = Lexicon.from_sources(store.lexicon_sources(book.id))
    for english in ("en-US", "en-GB"):  # the book says en-GB whatever the computer's default
        setup = SpellingSetup(Dictionaries(), lexicon, english)
        problems = run_preflight(store.load_book_content(book.id), date(2026, 11, 1), setup)
        assert [p.message for p in problems if p.severity == SPELLING] == []
