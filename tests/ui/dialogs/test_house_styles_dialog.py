"""The House styles dialog: the list, editing with a live preview drawn off the GUI thread,
making a default, files in and out; and the Overview page choosing a book's style."""

from __future__ import annotations

from pathlib import Path

import pytest
from house_support import PYTHON_DOCX_REFERENCE, tall_seal
from pypdf import PdfReader

from app.sample import SAMPLE_BOOK_ID
from app.styles.files import read_style_file
from app.styles.model import BUILTIN_ID, HouseStyle
from app.styles.records import StyleRecords
from ui.dialogs import house_style_form as form_module
from ui.dialogs import house_styles_dialog as dialog_module
from ui.dialogs.house_styles_dialog import HouseStylesDialog

PREVIEW_TIMEOUT_MS = 30_000


@pytest.fixture
def dialog(qtbot, sample_context):
    widget = HouseStylesDialog(sample_context)
    qtbot.addWidget(widget)
    if widget.preview.path is None:
        qtbot.waitSignal(widget.preview.loaded, timeout=PREVIEW_TIMEOUT_MS).wait()
    yield widget
    widget.done(0)


def _preview_text(dialog: HouseStylesDialog) -> str:
    assert dialog.preview.path is not None
    return "\n".join(page.extract_text() for page in PdfReader(dialog.preview.path).pages)


def test_opens_on_the_builtin_style_with_its_preview(dialog: HouseStylesDialog) -> None:
    assert dialog.style_ids() == [BUILTIN_ID]
    assert dialog.current_id == BUILTIN_ID
    assert not dialog.form.isEnabled() and dialog.builtin_note.isVisibleTo(dialog)
    assert dialog.preview.page_count() == 2  # a cover and a page
    assert "Baku trade and development meetings" in _preview_text(dialog)
    assert not dialog.delete_button.isEnabled()


def test_a_new_style_is_edited_saved_and_previewed(qtbot, dialog: HouseStylesDialog) -> None:
    with qtbot.waitSignal(dialog.preview.loaded, timeout=PREVIEW_TIMEOUT_MS):
        dialog.new_button.click()
    assert len(dialog.style_ids()) == 2 and dialog.form.isEnabled()
    with qtbot.waitSignal(dialog.preview.loaded, timeout=PREVIEW_TIMEOUT_MS):
        dialog.form.letterhead.setPlainText("Ministry of Foreign Affairs\nProtocol")
    assert dialog.dirty and dialog.save_button.isEnabled()
    assert "Ministry of Foreign Affairs" in _preview_text(dialog)  # the preview follows edits
    with qtbot.waitSignal(dialog.preview.loaded, timeout=PREVIEW_TIMEOUT_MS):
        dialog.form.paper.setCurrentIndex(dialog.form.paper.findData("a4"))
    width = float(PdfReader(dialog.preview.path).pages[0].mediabox.width)
    assert width == pytest.approx(595.3, abs=0.5)
    dialog.save_button.click()
    stored = StyleRecords(dialog.context.store).find_style("New style")
    assert stored.letterhead == "Ministry of Foreign Affairs\nProtocol"
    assert stored.page_size == "a4" and not dialog.dirty


def test_a_bad_value_is_named_and_not_saved(qtbot, dialog: HouseStylesDialog, answers) -> None:
    with qtbot.waitSignal(dialog.preview.loaded, timeout=PREVIEW_TIMEOUT_MS):
        dialog.new_button.click()
    dialog.form.name.setText("")
    dialog.form.name.textEdited.emit("")
    assert "needs a name" in dialog.message.text()
    assert not dialog.save()
    answers.ask += [False, True]
    dialog.done(0)  # "Keep editing"
    assert dialog.dirty and "problem" in answers.asked[-1]
    dialog.done(0)  # "Close without saving"
    assert not dialog.dirty
    assert "New style" in [name for _, name in StyleRecords(dialog.context.store).style_names()]


def test_logo_reference_default_and_files(
    qtbot, dialog: HouseStylesDialog, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, answers
) -> None:
    logo = tmp_path / "seal.png"
    logo.write_bytes(tall_seal().data)
    chosen = iter([logo, PYTHON_DOCX_REFERENCE])
    monkeypatch.setattr(form_module, "_open_file", lambda *_: next(chosen))
    with qtbot.waitSignal(dialog.preview.loaded, timeout=PREVIEW_TIMEOUT_MS):
        dialog.new_button.click()
    with qtbot.waitSignal(dialog.preview.loaded, timeout=PREVIEW_TIMEOUT_MS):
        dialog.form.logo_button.click()
    assert dialog.form.current().logo is not None
    with qtbot.waitSignal(dialog.preview.loaded, timeout=PREVIEW_TIMEOUT_MS):
        dialog.form.reference_button.click()
    taken = dialog.form.current()
    assert taken.reference_name == PYTHON_DOCX_REFERENCE.name
    assert taken.body_font == "Times New Roman" and taken.base_size == 14
    assert dialog.form.reference_label.text() == PYTHON_DOCX_REFERENCE.name
    dialog.default_button.click()
    records = StyleRecords(dialog.context.store)
    assert records.default_style_id() == dialog.current_id != BUILTIN_ID
    assert any(item.endswith("(default)") for item in _labels(dialog))

    target = tmp_path / "office.bbstyle"
    monkeypatch.setattr(dialog_module, "_save_file", lambda *_: target)
    dialog.export_button.click()
    assert read_style_file(target).reference_name == PYTHON_DOCX_REFERENCE.name
    assert answers.infos  # said where it went

    records.delete_style(dialog.current_id)
    monkeypatch.setattr(dialog_module, "_open_style_file", lambda *_: target)
    dialog.import_button.click()
    assert "New style" in [name for _, name in records.style_names()]


def _labels(dialog: HouseStylesDialog) -> list[str]:
    return [dialog.list.item(row).text() for row in range(dialog.list.count())]


def test_delete_asks_and_books_go_back_to_the_default(
    qtbot, dialog: HouseStylesDialog, answers
) -> None:
    records = StyleRecords(dialog.context.store)
    style = records.save_style(HouseStyle(name="Short-lived"))
    records.set_book_style(SAMPLE_BOOK_ID, style.id)
    dialog._fill_list(style.id)
    answers.ask.append(True)
    dialog.delete_button.click()
    assert answers.asked and "Short-lived" in answers.asked[0]
    assert records.book_style_id(SAMPLE_BOOK_ID) is None
    assert dialog.style_ids() == [BUILTIN_ID]


def test_overview_page_picks_the_books_style(qtbot, sample_context) -> None:
    from ui.book.overview_page import BookFormPage

    records = StyleRecords(sample_context.store)
    style = records.save_style(HouseStyle(name="Embassy"))
    page = BookFormPage(sample_context)
    qtbot.addWidget(page)
    page.set_book(SAMPLE_BOOK_ID)
    combo = page.house_style
    first = records.book_style_id(SAMPLE_BOOK_ID)
    assert combo.currentText() == "BriefBook"  # the sample keeps BriefBook's look
    assert combo.itemText(0) == "The default (BriefBook)"
    combo.setCurrentIndex(combo.findData(style.id))
    combo.activated.emit(combo.currentIndex())
    assert records.book_style_id(SAMPLE_BOOK_ID) == style.id
    combo.setCurrentIndex(0)
    combo.activated.emit(0)
    assert records.book_style_id(SAMPLE_BOOK_ID) is None
    # Undoable like the book's other fields; the combo follows.
    sample_context.undo_stack.undo()
    assert records.book_style_id(SAMPLE_BOOK_ID) == style.id
    assert combo.currentText() == "Embassy"
    assert sample_context.undo_stack.undoText() == "Export in the house style “Embassy”"
    sample_context.undo_stack.undo()
    assert records.book_style_id(SAMPLE_BOOK_ID) == first
    assert combo.currentText() == "BriefBook"


def test_export_dialog_names_the_style_the_book_exports_in(qtbot, sample_context) -> None:
    from ui.dialogs.export_dialog import ExportDialog

    records = StyleRecords(sample_context.store)
    records.set_book_style(SAMPLE_BOOK_ID, records.save_style(HouseStyle(name="Embassy")).id)
    dialog = ExportDialog(sample_context, SAMPLE_BOOK_ID)
    qtbot.addWidget(dialog)
    assert dialog.house_style_label.text().startswith("Embassy ")
    dialog.done(0)


def test_read_only_store_shows_styles_but_changes_nothing(qtbot, sample_context) -> None:
    from dataclasses import replace

    StyleRecords(sample_context.store).save_style(HouseStyle(name="Embassy"))
    context = replace(sample_context, read_only=True, read_only_holder="the desktop app")
    dialog = HouseStylesDialog(context)
    qtbot.addWidget(dialog)
    dialog.list.setCurrentRow(1)
    assert dialog.current_id != BUILTIN_ID
    assert not dialog.form.isEnabled()
    for button in (dialog.new_button, dialog.delete_button, dialog.import_button):
        assert not button.isEnabled()
    assert dialog.export_button.isEnabled()  # sharing a style writes nothing to the store
    dialog.done(0)
