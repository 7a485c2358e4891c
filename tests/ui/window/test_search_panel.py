"""The search panel: results as you type, off the GUI thread, and opening a hit."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import QApplication

from app.domain import SearchHit
from app.sample import ASADOV_ID, SAMPLE_BOOK_ID
from ui.window import search_panel
from ui.window.search_panel import (
    ResultRow,
    SearchPanel,
    SearchResults,
    SearchResultsModel,
    highlighted_html,
)


@pytest.fixture
def panel(qtbot, sample_context):
    widget = SearchPanel(sample_context)
    qtbot.addWidget(widget)
    widget.activate()
    yield widget
    widget.shutdown()


def _type(qtbot, panel: SearchPanel, text: str) -> tuple[str, int]:
    with qtbot.waitSignal(panel.results_shown, timeout=5000) as shown:
        qtbot.keyClicks(panel.field, text)
    return shown.args[0], shown.args[1]


def test_a_romanized_query_finds_the_native_spelling_and_enter_opens_it(
    qtbot, panel, sample_context
):
    query, count = _type(qtbot, panel, "samaddin")
    assert query == "samaddin"
    assert count >= 1
    hit = panel.current_hit()
    assert hit is not None
    assert (hit.kind, hit.id, hit.title) == ("person", ASADOV_ID, "Sameddin F. Asadov")
    assert "Səməddin" in hit.snippet
    events = sample_context.events
    with qtbot.waitSignal(events.open_record, timeout=2000) as opened:
        qtbot.keyClick(panel.field, Qt.Key.Key_Return)
    assert opened.args == ["person", ASADOV_ID, ""]
    assert panel.isHidden()


def test_arrow_keys_choose_the_hit_and_book_records_carry_their_book(qtbot, panel, sample_context):
    _query, count = _type(qtbot, panel, "baku")
    assert count >= 3
    assert panel.results.currentIndex().row() == 0
    qtbot.keyClick(panel.field, Qt.Key.Key_Down)
    qtbot.keyClick(panel.field, Qt.Key.Key_Down)
    qtbot.keyClick(panel.field, Qt.Key.Key_Up)
    assert panel.results.currentIndex().row() == 1
    chosen = panel.current_hit()
    with qtbot.waitSignal(sample_context.events.open_record, timeout=2000) as opened:
        qtbot.keyClick(panel.field, Qt.Key.Key_Enter)
    expected_book = chosen.book_id or (chosen.id if chosen.kind == "book" else "")
    assert opened.args == [chosen.kind, chosen.id, expected_book]


def test_a_meeting_hit_opens_with_its_book_and_says_where_it_is(qtbot, panel, sample_context):
    _query, count = _type(qtbot, panel, "roundtable")
    assert count >= 1
    row = panel.model.index(0).data(search_panel.HIT_ROLE)
    assert row.hit.kind == "meeting"
    assert row.where == "Meeting in Baku trade and development meetings"
    with qtbot.waitSignal(sample_context.events.open_record, timeout=2000) as opened:
        panel.results.doubleClicked.emit(panel.model.index(0))
    assert opened.args == ["meeting", row.hit.id, SAMPLE_BOOK_ID]


def test_queries_run_off_the_gui_thread(qtbot, panel, monkeypatch):
    threads: list[QThread] = []
    real = search_panel.run_query

    def recording(store, query, limit=search_panel.RESULT_LIMIT):
        threads.append(QThread.currentThread())
        return real(store, query, limit)

    monkeypatch.setattr(search_panel, "run_query", recording)
    _type(qtbot, panel, "rail")
    assert threads
    assert all(thread is not QApplication.instance().thread() for thread in threads)


def test_results_of_an_older_query_are_dropped(qtbot, panel):
    _type(qtbot, panel, "kress")
    shown = [panel.model.hit_at(row).id for row in range(panel.model.rowCount())]
    stale_hit = SearchHit("note", "stale", "Stale", "old")
    panel._on_results(SearchResults(panel._generation - 1, "k", [ResultRow(stale_hit, "Note")]))
    assert [panel.model.hit_at(row).id for row in range(panel.model.rowCount())] == shown


def test_clearing_the_field_clears_the_results(qtbot, panel):
    _type(qtbot, panel, "energy")
    assert panel.model.rowCount() > 0
    panel.field.clear()
    assert panel.model.rowCount() == 0


def test_nothing_found_says_so(qtbot, panel):
    _query, count = _type(qtbot, panel, "zzqxv")
    assert count == 0
    assert "Nothing matches" in panel.status.text()


def test_enter_before_the_results_arrive_opens_the_best_hit(qtbot, panel, sample_context):
    panel.field.setText("mammadov")
    with qtbot.waitSignal(sample_context.events.open_record, timeout=5000) as opened:
        qtbot.keyClick(panel.field, Qt.Key.Key_Return)
    best = sample_context.store.search("mammadov")[0]
    assert opened.args[:2] == [best.kind, best.id]
    assert panel.isHidden()


def test_highlights_are_bold_and_text_is_escaped():
    assert highlighted_html("Səməddin Əsədov", [(0, 8)]) == "<b>Səməddin</b> Əsədov"
    assert highlighted_html("AT&T <b>x</b>", [(0, 4)]) == "<b>AT&amp;T</b> &lt;b&gt;x&lt;/b&gt;"
    assert highlighted_html("abcdef", [(1, 3), (2, 5)]) == "a<b>bc</b><b>de</b>f"


def test_results_model_passes_the_model_tester(qtmodeltester):
    model = SearchResultsModel()
    qtmodeltester.check(model)
    model.set_rows(
        [
            ResultRow(
                SearchHit("person", "p1", "Elnur Mammadov", "Elnur Məmmədov", None, [(6, 14)]),
                "Person",
            ),
            ResultRow(SearchHit("note", "n1", "Rail", ""), "Sector note"),
        ]
    )
    qtmodeltester.check(model)
    assert model.index(1).data(Qt.ItemDataRole.DisplayRole) == "Rail"
    assert not model.index(0).data(Qt.ItemDataRole.DecorationRole).isNull()


def test_the_results_paint(qtbot, panel):
    _type(qtbot, panel, "asadov")
    image = panel.grab().toImage()
    assert not image.isNull()
