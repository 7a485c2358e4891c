"""The spelling highlighter: underlines, idle-time checking, the context menu."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QTextEdit
from pytestqt.qtbot import QtBot
from spelling_support import underlined_words

from app.spelling import Checker, Dictionaries, Dictionary, Lexicon
from app.spelling.tokens import words
from ui.widgets.spelling import (
    BATCH_WORDS,
    LONG_PARAGRAPH,
    SpellHighlighter,
    spelling_menu,
)

PLANTED = "Mammadov said the goverment will recieve the delegation and adress the press."


@pytest.fixture(scope="module")
def shelf(tmp_path_factory: pytest.TempPathFactory) -> Dictionaries:
    return Dictionaries(cache=tmp_path_factory.mktemp("dictionaries"))


def _fresh_dictionary(shelf: Dictionaries, tmp_path: Path) -> Dictionary:
    """An en-US dictionary with an empty word memory (so its Hunspell calls can be counted)."""
    dictionary = Dictionaries(shelf.folder, tmp_path / "cache").get("en-US")
    assert dictionary is not None
    return dictionary


def _wait_checked(qtbot: QtBot, highlighter: SpellHighlighter) -> None:
    if highlighter.is_busy():
        with qtbot.waitSignal(highlighter.checked, timeout=10_000):
            pass


def test_three_planted_typos_are_underlined_and_the_name_is_not(
    qtbot: QtBot, shelf: Dictionaries, tmp_path: Path
) -> None:
    edit = QTextEdit()
    qtbot.addWidget(edit)
    checker = Checker(_fresh_dictionary(shelf, tmp_path), Lexicon(["Elnur Mammadov"]))
    highlighter = SpellHighlighter(edit.document(), checker)
    with qtbot.waitSignal(highlighter.checked, timeout=10_000):
        edit.setPlainText(f"Opening line.\n\n{PLANTED}\n")
    assert underlined_words(edit.document()) == ["goverment", "recieve", "adress"]


def test_no_checker_or_a_language_without_a_dictionary_underlines_nothing(
    qtbot: QtBot,
) -> None:
    edit = QTextEdit()
    qtbot.addWidget(edit)
    highlighter = SpellHighlighter(edit.document(), None)
    edit.setPlainText(PLANTED)
    assert underlined_words(edit.document()) == []
    highlighter.set_checker(Checker(None, Lexicon()))
    assert not highlighter.is_busy()
    assert underlined_words(edit.document()) == []


def test_a_big_pasted_paragraph_is_checked_in_idle_time_in_bounded_steps(
    qtbot: QtBot, shelf: Dictionaries, tmp_path: Path
) -> None:
    dictionary = _fresh_dictionary(shelf, tmp_path)
    edit = QTextEdit()
    qtbot.addWidget(edit)
    highlighter = SpellHighlighter(edit.document(), Checker(dictionary, Lexicon()))
    # 676 different invented words, repeated: one paragraph of about 60,000 characters.
    invented = [f"zq{chr(97 + i % 26)}{chr(97 + i // 26 % 26)}x" for i in range(1200)]
    paragraph = " ".join(["the", "delegation", *invented] * 6)
    assert len(paragraph) > LONG_PARAGRAPH
    unique = {w.word for w in words(paragraph, markdown=False)}

    edit.textCursor().insertText(paragraph)  # what a paste does
    # The paste itself asked Hunspell nothing: the paragraph waits for idle time.
    assert dictionary.engine_calls == 0
    assert highlighter.is_busy()
    _wait_checked(qtbot, highlighter)
    # Every different word was asked once, never more, in turns of at most BATCH_WORDS.
    assert dictionary.engine_calls == len(unique)
    assert highlighter.batches >= len(unique) / BATCH_WORDS
    assert sorted(set(underlined_words(edit.document()))) == sorted(set(invented))

    # Typing in the big paragraph afterwards: known words cost no Hunspell call.
    calls = dictionary.engine_calls
    cursor = edit.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    cursor.insertText(" qzzyq")
    _wait_checked(qtbot, highlighter)
    assert dictionary.engine_calls == calls + 1
    assert "qzzyq" in underlined_words(edit.document())


def test_underlining_again_does_not_tell_the_editor_its_text_changed(
    qtbot: QtBot, shelf: Dictionaries, tmp_path: Path
) -> None:
    edit = QTextEdit()
    qtbot.addWidget(edit)
    edit.setPlainText(PLANTED)
    changes: list[None] = []
    edit.textChanged.connect(lambda: changes.append(None))
    edit.document().contentsChanged.connect(lambda: changes.append(None))
    highlighter = SpellHighlighter(edit.document())
    highlighter.set_checker(Checker(_fresh_dictionary(shelf, tmp_path), Lexicon(["Mammadov"])))
    _wait_checked(qtbot, highlighter)
    assert underlined_words(edit.document()) == ["goverment", "recieve", "adress"]
    assert changes == []  # an editor that autosaves on these would save untouched text
    assert not edit.document().isModified()


def test_the_context_menu_offers_suggestions_and_the_two_word_actions(
    qtbot: QtBot, shelf: Dictionaries, tmp_path: Path
) -> None:
    edit = QTextEdit()
    qtbot.addWidget(edit)
    edit.resize(600, 200)
    edit.show()
    highlighter = SpellHighlighter(
        edit.document(), Checker(_fresh_dictionary(shelf, tmp_path), Lexicon(["Mammadov"]))
    )
    with qtbot.waitSignal(highlighter.checked, timeout=10_000):
        edit.setPlainText(PLANTED)
    cursor = edit.textCursor()
    cursor.setPosition(PLANTED.index("goverment") + 3)
    point = edit.cursorRect(cursor).center()
    added: list[str] = []
    ignored: list[str] = []
    menu = spelling_menu(edit, highlighter, point, added.append, ignored.append)
    texts = [action.text() for action in menu.actions()]
    assert texts[0] == "government"
    assert "Add “goverment” to dictionary" in texts
    assert "Ignore in this book" in texts
    assert texts.index("Ignore in this book") < len(texts) - 1  # the editor's own items follow
    add = next(a for a in menu.actions() if a.objectName() == "spellingAdd")
    add.trigger()
    assert added == ["goverment"]
    ignore = next(a for a in menu.actions() if a.objectName() == "spellingIgnore")
    ignore.trigger()
    assert ignored == ["goverment"]
    menu.actions()[0].trigger()  # the first suggestion replaces the word
    assert edit.toPlainText() == PLANTED.replace("goverment", "government")
    # Over a correct word, and in a library field (no book), the menu is the editor's own.
    plain = spelling_menu(edit, highlighter, QPoint(2, 2), added.append, None)
    assert not any(a.objectName().startswith("spelling") for a in plain.actions())
