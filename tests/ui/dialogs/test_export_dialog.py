"""The export dialog: preflight list, real PDF and DOCX exports, cancel, and the preview."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import docx
import pypdf
import pytest
from PySide6.QtCore import QUrl
from PySide6.QtPdfWidgets import QPdfView

from app.sample import SAMPLE_BOOK_ID
from ui.dialogs import export_dialog as export_module
from ui.dialogs.export_dialog import LAST_FOLDER_KEY, ExportDialog, default_file_name
from ui.session.workers import Worker
from ui.widgets import message_boxes

TITLE = "Baku trade and development meetings"
EXPORT_TIMEOUT_MS = 60_000


@pytest.fixture
def dialog(qtbot, sample_context):
    widget = ExportDialog(sample_context, SAMPLE_BOOK_ID)
    qtbot.addWidget(widget)
    if widget.problem_list.count() == 0:
        qtbot.waitSignal(widget.preflight_ready, timeout=10_000).wait()
    yield widget
    widget.done(0)


def _export(qtbot, dialog: ExportDialog, target: Path) -> Path:
    dialog.set_destination(target)
    with qtbot.waitSignal(dialog.export_finished, timeout=EXPORT_TIMEOUT_MS) as finished:
        dialog.export_button.click()
    return Path(finished.args[0])


def _pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(path).pages)


def test_a_pdf_export_writes_a_real_book_and_offers_to_open_it(
    qtbot, dialog, tmp_path, monkeypatch
):
    opened: list[QUrl] = []
    monkeypatch.setattr(export_module.QDesktopServices, "openUrl", opened.append)
    assert dialog.fmt() == "pdf"
    target = tmp_path / "book.pdf"
    written = _export(qtbot, dialog, target)
    assert written == target
    reader = pypdf.PdfReader(target)
    assert len(reader.pages) > 1
    assert TITLE in " ".join(_pdf_text(target).split())
    assert dialog.open_button.isEnabled() and dialog.folder_button.isEnabled()
    dialog.open_button.click()
    assert opened == [QUrl.fromLocalFile(str(target))]
    assert dialog.context.settings.value(LAST_FOLDER_KEY) == str(tmp_path)
    assert "Saved book.pdf" in dialog.status.text()


def test_a_docx_export_opens_in_python_docx(qtbot, dialog, tmp_path):
    dialog.set_format("docx")
    target = tmp_path / "book.docx"
    assert _export(qtbot, dialog, target) == target
    document = docx.Document(str(target))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert TITLE in text


def test_cancel_leaves_no_file_and_keeps_the_previous_one(qtbot, dialog, tmp_path, monkeypatch):
    target = tmp_path / "book.pdf"
    target.write_bytes(b"%PDF- the previous export")
    real_drive = export_module.drive

    def drive_then_cancel(control: Worker, steps: Iterator[float]) -> None:
        def cancel_after_two() -> Iterator[float]:
            try:
                for count, fraction in enumerate(steps, start=1):
                    yield fraction
                    if count == 2:
                        control.cancel()
            finally:
                steps.close()  # type: ignore[attr-defined]

        real_drive(control, cancel_after_two())

    monkeypatch.setattr(export_module, "drive", drive_then_cancel)
    monkeypatch.setattr(message_boxes, "ask", lambda *args, **kwargs: True)  # "Replace it?"
    dialog.set_destination(target)
    with qtbot.waitSignal(dialog.export_cancelled, timeout=EXPORT_TIMEOUT_MS):
        dialog.export_button.click()
    assert target.read_bytes() == b"%PDF- the previous export"
    assert sorted(p.name for p in tmp_path.iterdir() if "book" in p.name) == ["book.pdf"]
    assert "cancelled" in dialog.status.text()
    assert not dialog.open_button.isEnabled()
    assert dialog.export_button.isEnabled()


def test_the_cancel_button_stops_a_running_export(qtbot, dialog, tmp_path, monkeypatch):
    real_drive = export_module.drive

    def drive_pressing_cancel(control: Worker, steps: Iterator[float]) -> None:
        def press_cancel_first() -> Iterator[float]:
            try:
                for fraction in steps:
                    yield fraction
                    control.cancel()  # as the Cancel button does, from the first step on
            finally:
                steps.close()  # type: ignore[attr-defined]

        real_drive(control, press_cancel_first())

    monkeypatch.setattr(export_module, "drive", drive_pressing_cancel)
    dialog.set_destination(tmp_path / "never.pdf")
    with qtbot.waitSignal(dialog.export_cancelled, timeout=EXPORT_TIMEOUT_MS):
        dialog.export_button.click()
        assert dialog.cancel_button.isVisibleTo(dialog)
        dialog.cancel_button.click()
    assert not (tmp_path / "never.pdf").exists()


def test_replacing_an_existing_file_is_asked_first(qtbot, dialog, tmp_path, monkeypatch):
    target = tmp_path / "book.pdf"
    target.write_bytes(b"keep me")
    asked: list[str] = []

    def say_no(_parent, _title, text, *_args, **_kwargs):
        asked.append(text)
        return False

    monkeypatch.setattr(message_boxes, "ask", say_no)
    dialog.set_destination(target)
    dialog.export_button.click()
    assert asked and "already exists" in asked[0]
    assert not dialog.busy()
    assert target.read_bytes() == b"keep me"


def test_a_missing_folder_is_offered_for_creation(qtbot, dialog, tmp_path, monkeypatch):
    answers = [False, True]
    asked: list[str] = []

    def answer(_parent, _title, text, *_args, **_kwargs):
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(message_boxes, "ask", answer)
    target = tmp_path / "no such folder" / "book.pdf"
    dialog.set_destination(target)
    dialog.export_button.click()  # declined: nothing happens, and the status says why
    assert "does not exist" in asked[0]
    assert not dialog.busy()
    assert "does not exist" in dialog.status.text()
    assert not target.parent.exists()
    with qtbot.waitSignal(dialog.export_finished, timeout=EXPORT_TIMEOUT_MS):
        dialog.export_button.click()  # accepted: the folder is made and the book written
    assert target.exists()
    assert "Saved book.pdf" in dialog.status.text()


def test_the_error_message_clears_once_the_problem_is_fixed(dialog, tmp_path, monkeypatch):
    monkeypatch.setattr(message_boxes, "ask", lambda *args, **kwargs: False)
    dialog.set_destination(tmp_path / "missing" / "book.pdf")
    dialog.export_button.click()
    assert "does not exist" in dialog.status.text()
    dialog.set_destination(tmp_path / "book.pdf")
    assert dialog.status.text() == ""


def test_full_then_handout_never_replaces_the_full_book(qtbot, dialog, tmp_path, monkeypatch):
    """The walk from the report: export the full book, switch to Handout, export again."""
    asked: list[str] = []
    monkeypatch.setattr(
        message_boxes, "ask", lambda _p, _t, text, *a, **k: asked.append(text) or False
    )
    dialog.set_destination(tmp_path / f"{TITLE}.pdf")
    full = _export(qtbot, dialog, tmp_path / f"{TITLE}.pdf")
    dialog.set_handout(True)
    assert dialog.destination_path() == tmp_path / f"{TITLE} - handout.pdf"  # name follows
    with qtbot.waitSignal(dialog.export_finished, timeout=EXPORT_TIMEOUT_MS) as finished:
        dialog.export_button.click()
    handout = Path(finished.args[0])
    assert handout != full and full.exists() and handout.exists()
    assert asked == []  # neither file existed before
    # Exporting the handout again over its own file needs no question.
    with qtbot.waitSignal(dialog.export_finished, timeout=EXPORT_TIMEOUT_MS):
        dialog.export_button.click()
    assert asked == []

    # A name the officer typed stays when the edition changes, so replacing is asked.
    dialog.set_handout(False)
    dialog.name_edit.setText("for the minister.pdf")
    dialog.name_edit.textEdited.emit("for the minister.pdf")
    _export(qtbot, dialog, tmp_path / "for the minister.pdf")
    dialog.set_handout(True)
    assert dialog.destination_path() == tmp_path / "for the minister.pdf"
    dialog.export_button.click()
    assert asked and "already exists" in asked[0]
    assert "existing file is kept" in dialog.status.text()


def test_the_default_folder_is_one_that_exists(tmp_path, monkeypatch):
    from ui.window import file_actions

    missing = tmp_path / "Documents"
    monkeypatch.setattr(
        file_actions.QStandardPaths, "writableLocation", lambda *_args: str(missing)
    )
    assert file_actions.documents_folder() == Path.home()
    missing.mkdir()
    assert file_actions.documents_folder() == missing


def test_the_preview_follows_the_edition_by_itself(qtbot, dialog):
    dialog.show()
    with qtbot.waitSignal(dialog.preview_ready, timeout=EXPORT_TIMEOUT_MS):
        pass  # the first preview comes without asking
    assert "full edition" in dialog.preview_label.text()
    with qtbot.waitSignal(dialog.preview_ready, timeout=EXPORT_TIMEOUT_MS):
        dialog.set_handout(True)
    assert "handout edition" in dialog.preview_label.text()


def test_the_default_name_follows_title_format_and_edition(dialog, tmp_path):
    assert dialog.destination_path().name == f"{TITLE}.pdf"
    dialog.set_format("docx")
    assert dialog.destination_path().name == f"{TITLE}.docx"
    dialog.set_handout(True)
    assert dialog.destination_path().name == f"{TITLE} - handout.docx"
    assert default_file_name('Trip: "A/B" <draft>?', "pdf", False) == "Trip A B draft.pdf"
    assert default_file_name("...", "pdf", False) == "Briefing book.pdf"


def test_the_chosen_folder_and_file_come_from_the_file_dialog(dialog, tmp_path, monkeypatch):
    chosen = tmp_path / "picked"
    monkeypatch.setattr(
        export_module.QFileDialog,
        "getSaveFileName",
        lambda *args: (str(chosen), "PDF documents (*.pdf)"),
    )
    dialog.browse_button.click()
    assert dialog.destination_path() == tmp_path / "picked.pdf"


def test_preflight_problems_are_listed_and_clicking_one_jumps_to_it(qtbot, sample_context):
    empty = sample_context.store.add_section(SAMPLE_BOOK_ID, "Logistics", "")
    dialog = ExportDialog(sample_context, SAMPLE_BOOK_ID)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.preflight_ready, timeout=10_000) as ready:
        pass
    assert ready.args[0] == dialog.problem_count() > 0
    assert "Click one to go and fix it" in dialog.preflight_heading.text()
    rows = [dialog.problem_list.item(row) for row in range(dialog.problem_list.count())]
    logistics = next(item for item in rows if "Logistics" in item.text())
    assert not logistics.icon().isNull()
    dialog.show()
    with qtbot.waitSignal(sample_context.events.open_record) as opened:
        dialog.problem_list.itemClicked.emit(logistics)
    assert opened.args == ["section", empty.id, SAMPLE_BOOK_ID]
    assert dialog.isHidden()
    assert dialog.result() == ExportDialog.DialogCode.Rejected


def test_the_preview_follows_book_changes_only_while_the_dialog_is_open(
    qtbot, dialog, sample_context
):
    dialog.show()
    with qtbot.waitSignal(dialog.preview_ready, timeout=EXPORT_TIMEOUT_MS):
        pass  # the first preview
    with qtbot.waitSignal(dialog.preview_ready, timeout=EXPORT_TIMEOUT_MS):
        sample_context.events.book_changed.emit(SAMPLE_BOOK_ID)  # an autosave, say
    dialog.done(0)
    # Closed but still alive (a parent holds it): editing the book renders nothing behind it.
    sample_context.events.book_changed.emit(SAMPLE_BOOK_ID)
    assert not dialog._preview_timer.isActive() and dialog._worker is None


def test_the_preview_shows_every_page_with_navigation_and_zoom(qtbot, dialog):
    dialog.show()
    with qtbot.waitSignal(dialog.preview_ready, timeout=EXPORT_TIMEOUT_MS) as ready:
        dialog.refresh_button.click()
    preview = dialog.preview
    assert preview.path is not None
    expected = len(pypdf.PdfReader(preview.path).pages)
    assert ready.args == [expected]
    assert expected > 1
    assert preview.page_count() == expected
    assert preview.page_label.text() == f"of {expected}"
    assert preview.page_text() == f"Page 1 of {expected}"
    preview.next_button.click()
    qtbot.waitUntil(lambda: preview.current_page() == 1)
    assert preview.page_text() == f"Page 2 of {expected}"
    assert preview.page_box.value() == 2
    fitted = preview.effective_zoom()
    page_two_top = preview.view.verticalScrollBar().value()
    preview.zoom_in_button.click()
    assert preview.view.zoomMode() == QPdfView.ZoomMode.Custom
    assert preview.view.zoomFactor() == pytest.approx(fitted * 1.25)
    # Zooming keeps the same page in view: its top moved down with the larger pages.
    assert preview.current_page() == 1
    qtbot.waitUntil(lambda: preview.view.verticalScrollBar().value() > page_two_top)
    preview.zoom_out_button.click()
    assert preview.view.zoomFactor() == pytest.approx(fitted)
    preview.page_fit_button.click()
    assert preview.view.zoomMode() == QPdfView.ZoomMode.FitInView
    assert preview.effective_zoom() < fitted  # the pane is too short for a whole page at full width
    preview.fit_button.click()
    assert preview.view.zoomMode() == QPdfView.ZoomMode.FitToWidth
    assert not preview.page_fit_button.isChecked()
    preview.previous_button.click()
    qtbot.waitUntil(lambda: preview.current_page() == 0)
    assert preview.page_text() == f"Page 1 of {expected}"
    assert "full edition" in dialog.preview_label.text()

    first = preview.path
    dialog.set_handout(True)
    assert "the handout edition follows" in dialog.preview_label.text()
    with qtbot.waitSignal(dialog.preview_ready, timeout=EXPORT_TIMEOUT_MS):
        dialog.refresh_button.click()
    assert preview.path != first
    assert not first.exists()  # the old preview file is removed once replaced
    assert "handout edition" in dialog.preview_label.text()
    folder = preview.path.parent
    dialog.done(0)
    assert not folder.exists()  # closing removes the temporary preview folder


def test_a_shown_dialog_checks_the_book_once_it_has_painted(qtbot, sample_context):
    dialog = ExportDialog(sample_context, SAMPLE_BOOK_ID)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.preflight.worker is None  # not competing with the first paint
    with qtbot.waitSignal(dialog.preflight_ready, timeout=10_000):
        pass
    assert dialog.preflight_heading.text() != "Checking the book…"
    dialog.done(0)
