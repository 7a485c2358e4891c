"""A new user's path through the libraries, in one go, from the sample book: a new person with
a photo, attached to the book and to a meeting, found by part of a romanized name, the book
previewed, and both editions exported and read back."""

from __future__ import annotations

from pathlib import Path

import docx
import pypdf
from library_support import png_bytes
from PySide6.QtCore import QDate, Qt, QTime
from workspace_support import Answers

from app.sample import SAMPLE_BOOK_ID
from ui.book.meeting_editor import MeetingEditor
from ui.dialogs.export_dialog import ExportDialog

EXPORT_TIMEOUT_MS = 60_000


def _pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(path).pages).split())


def _pdf_images(path: Path) -> int:
    return sum(len(page.images) for page in pypdf.PdfReader(path).pages)


def test_person_with_photo_to_meeting_to_search_to_preview_to_both_editions(
    qtbot, window, sample_context, tmp_path, monkeypatch, answers: Answers
) -> None:
    store = sample_context.store

    # 1. People ▸ New person, with a photo and its description.
    window.show_page("people_library")
    people = window.pages["people_library"]
    person_id = people.new_person()
    assert person_id is not None
    editor = people.editor
    editor.name_edit.setText("Leyla Hasanova")
    editor.native_name_edit.setText("Leyla Həsənova")
    editor.title_edit.setText("Head of Rail Freight")
    photo = tmp_path / "leyla.png"
    photo.write_bytes(png_bytes((400, 500), (120, 60, 40)))
    with qtbot.waitSignal(editor.photo_field.photo_changed):
        assert editor.photo_field.load_file(photo)
    editor.photo_alt_edit.setText("Leyla Hasanova, head and shoulders")
    people.flush()
    assert store.get_person(person_id).photo

    # 2. Drag her from the library onto the book in the navigator.
    model = people.model
    qtbot.waitUntil(lambda: model.row_of(person_id) >= 0)
    payload = model.mimeData([model.index(model.row_of(person_id), 0)])
    target = window.navigator.model.find(SAMPLE_BOOK_ID, "book")
    assert window.navigator.model.dropMimeData(payload, Qt.DropAction.CopyAction, -1, 0, target)
    assert person_id in [p.person_id for p in store.list_participants(SAMPLE_BOOK_ID)]

    # 3. Schedule ▸ Add meeting, with her as a participant.
    window.show_page("schedule")
    schedule = window.pages["schedule"]

    def fill_and_accept(meeting_editor: MeetingEditor) -> int:
        meeting_editor.title_edit.setText("Freight corridor call")
        meeting_editor.date_edit.setDate(QDate(2026, 12, 2))
        meeting_editor.start_edit.setTime(QTime(11, 0))
        meeting_editor.end_edit.setTime(QTime(11, 45))
        meeting_editor.location_edit.setText("Azerbaijan Railways, Baku")
        meeting_editor.set_participants([person_id])
        meeting_editor.accept()
        return meeting_editor.result()

    monkeypatch.setattr(MeetingEditor, "exec", fill_and_accept)
    meeting = schedule.add_meeting()
    assert meeting is not None
    assert store.get_meeting(meeting.id).participants == [person_id]

    # 4. Ctrl+K, part of a romanized name, Enter opens her profile.
    window.open_search()
    panel = window._search_panel
    with qtbot.waitSignal(panel.results_shown, timeout=5000):
        qtbot.keyClicks(panel.field, "hesen")  # ə typed as e, and only the start of it
    hit = panel.current_hit()
    assert hit is not None and (hit.kind, hit.id) == ("person", person_id)
    with qtbot.waitSignal(sample_context.events.open_record, timeout=2000):
        qtbot.keyClick(panel.field, Qt.Key.Key_Return)
    assert window.current_key == "people_library"
    assert people.editor.name_edit.text() == "Leyla Hasanova"

    # 5. Export: the preview, then the full book as PDF and the handout as DOCX.
    dialog = ExportDialog(sample_context, SAMPLE_BOOK_ID, window)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.preview_ready, timeout=EXPORT_TIMEOUT_MS) as ready:
        dialog.refresh_button.click()
    assert ready.args[0] == dialog.preview.page_count() > 1

    book_pdf = tmp_path / "book.pdf"
    dialog.set_format("pdf")
    dialog.set_destination(book_pdf)
    with qtbot.waitSignal(dialog.export_finished, timeout=EXPORT_TIMEOUT_MS):
        dialog.export_button.click()
    text = _pdf_text(book_pdf)
    assert "Leyla Hasanova" in text and "Leyla Həsənova" in text
    assert "Freight corridor call" in text
    assert _pdf_images(book_pdf) == 4  # the sample's three portraits and hers

    handout = tmp_path / "handout.docx"
    dialog.set_format("docx")
    dialog.set_handout(True)
    dialog.set_destination(handout)
    with qtbot.waitSignal(dialog.export_finished, timeout=EXPORT_TIMEOUT_MS):
        dialog.export_button.click()
    document = docx.Document(str(handout))
    words = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "Leyla Hasanova" in words + cells
    assert "handout" in (words + cells).lower()
    assert len(document.inline_shapes) >= 4
    dialog.done(0)
