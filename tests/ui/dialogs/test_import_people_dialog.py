"""The people-import preview: the mapping shown and changeable, each row's fate, nothing written
until Import, and File ▸ Import… routing Word documents and contact lists."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from app.importing.people_import import read_contacts
from app.sample import SAMPLE_BOOK_ID
from ui.context import AppContext
from ui.dialogs.import_people_dialog import ImportPeopleDialog
from ui.window import import_actions

DATA = Path(__file__).parents[2] / "app" / "importing" / "data"
CSV = "Full name;Position;Org;Phone\nSAMEDDIN F. ASADOV;Deputy Minister;MDDT;+994\nLeyla Huseynova;Director;Port of Baku;+994\nleyla huseynova;;;\n"


def dump(context: AppContext) -> list[str]:
    return list(context.store.conn.iterdump())


@pytest.fixture
def contacts(tmp_path: Path) -> Path:
    path = tmp_path / "delegation.csv"
    path.write_text(CSV, encoding="utf-8-sig")
    return path


def make_dialog(qtbot, context: AppContext, path: Path) -> ImportPeopleDialog:  # type: ignore[no-untyped-def]
    dialog = ImportPeopleDialog(context, path, read_contacts(path))
    qtbot.addWidget(dialog)
    return dialog


def test_preview_shows_mapping_and_rows_and_changes_nothing(
    qtbot, sample_context: AppContext, contacts: Path
) -> None:
    before = dump(sample_context)
    dialog = make_dialog(qtbot, sample_context, contacts)
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=5000)
    assert dialog.mapping() == ["name", "title", "organization", None]
    model = dialog.model
    rows = [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]
    assert [row[1] for row in rows] == ["Update", "Add", "Skip"]
    assert rows[2][4] == "same person as row 2"
    assert "1</b> to add" in dialog.summary.text()
    assert dialog.import_button.isEnabled() and dialog.import_button.text() == "Import 2"
    dialog.reject()
    assert dump(sample_context) == before


def test_changing_the_mapping_plans_again(
    qtbot, sample_context: AppContext, contacts: Path
) -> None:
    dialog = make_dialog(qtbot, sample_context, contacts)
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=5000)
    with qtbot.waitSignal(dialog.planned, timeout=5000):
        dialog.set_field(0, None)  # no name column: nothing can be imported
    assert not dialog.import_button.isEnabled() and dialog.plan is None
    assert "Choose which column holds the name" in dialog.summary.text()
    with qtbot.waitSignal(dialog.planned, timeout=5000):
        dialog.set_field(2, "name")  # the organisation column as names (a user's choice)
    assert dialog.plan is not None
    assert [row.person.name for row in dialog.plan.rows if row.person] == ["MDDT", "Port of Baku"]
    # A field fills from one column: choosing "name" again elsewhere frees the first column.
    with qtbot.waitSignal(dialog.planned, timeout=5000):
        dialog.set_field(0, "name")
    assert dialog.mapping()[:3] == ["name", "title", None]


def test_import_writes_once_without_duplicates(
    qtbot, sample_context: AppContext, contacts: Path
) -> None:
    dialog = make_dialog(qtbot, sample_context, contacts)
    qtbot.waitUntil(dialog.import_button.isEnabled, timeout=5000)
    with qtbot.waitSignal(dialog.imported, timeout=5000):
        dialog.import_button.click()
    names = [person.name for person in sample_context.store.list_people()]
    assert names.count("Leyla Huseynova") == 1
    assert names.count("Sameddin F. Asadov") == 1
    asadov = next(p for p in sample_context.store.list_people() if p.name == "Sameddin F. Asadov")
    assert asadov.organization == "MDDT"


def test_file_import_routes_a_word_document_into_the_open_book(
    qtbot, sample_context: AppContext, answers, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *a: (str(DATA / "desk-libreoffice.docx"), "")
    )
    answers.choose.append(0)  # add to the open book
    before = len(sample_context.store.list_sections(SAMPLE_BOOK_ID))
    opened: list[str] = []
    sample_context.events.open_record.connect(lambda kind, ref, book: opened.append(book))
    assert import_actions.import_any(None, sample_context, SAMPLE_BOOK_ID) == SAMPLE_BOOK_ID  # type: ignore[arg-type]
    assert len(sample_context.store.list_sections(SAMPLE_BOOK_ID)) == before + 3
    qtbot.waitUntil(lambda: opened == [SAMPLE_BOOK_ID], timeout=2000)
    # What was left out is said once the book is in.
    assert answers.infos == [
        (
            "Word document imported",
            "3 section(s) added to the book “Baku trade and development meetings”, with 1 picture(s).",
        )
    ]


def test_file_import_refuses_a_hostile_document(
    qtbot, sample_context: AppContext, answers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = tmp_path / "brief.docx"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n not really")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(fake), ""))
    answers.choose.append(1)  # a new book
    before = dump(sample_context)
    assert import_actions.import_any(None, sample_context, SAMPLE_BOOK_ID) is None  # type: ignore[arg-type]
    assert dump(sample_context) == before
    [(title, text)] = answers.warnings
    assert title == "Word document not imported"
    assert (
        text
        == "brief.docx was not imported: it is not a Word document (its content is not what .docx says)."
    )


def test_a_change_during_a_plan_is_not_lost(
    qtbot, sample_context: AppContext, contacts: Path
) -> None:
    dialog = make_dialog(qtbot, sample_context, contacts)  # its first plan is running now
    dialog.set_field(1, None)
    with qtbot.waitSignal(dialog.planned, timeout=5000):
        dialog.set_field(3, "bio")
    qtbot.waitUntil(lambda: dialog._planning_generation is None, timeout=5000)
    assert dialog.plan is not None
    leyla = dialog.plan.rows[1].person
    assert leyla is not None and leyla.bio == "+994" and leyla.title == ""


def test_only_updates_and_skips_can_be_shown(
    qtbot, sample_context: AppContext, contacts: Path
) -> None:
    dialog = make_dialog(qtbot, sample_context, contacts)
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=5000)
    assert dialog.shown.rowCount() == 3
    dialog.only_not_added.setChecked(True)
    actions = [dialog.shown.index(r, 1).data() for r in range(dialog.shown.rowCount())]
    assert actions == ["Update", "Skip"]


def test_photos_from_a_folder_in_the_preview(
    qtbot, context: AppContext, contacts: Path, tmp_path: Path
) -> None:
    import io

    from PIL import Image as PILImage

    photos = tmp_path / "photos"
    photos.mkdir()
    buffer = io.BytesIO()
    PILImage.new("RGB", (80, 100), (20, 60, 90)).save(buffer, format="JPEG")
    (photos / "Leyla-Huseynova.JPG").write_bytes(buffer.getvalue())
    dialog = make_dialog(qtbot, context, contacts)
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=5000)
    with qtbot.waitSignal(dialog.planned, timeout=5000):
        dialog.set_photo_folder(photos)
    assert dialog.plan is not None
    leyla = dialog.plan.rows[1]
    assert leyla.photo is not None and leyla.reason.endswith("with the photo Leyla-Huseynova.JPG")
    assert dialog.plan.rows[0].photo is None
