"""People library: model, filter, profile editor, photos and undo of add/delete."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from library_support import add_book, add_people, png_bytes, png_claiming
from PySide6.QtCore import Qt
from workspace_support import Answers

from app.domain import Meeting, Person
from app.errors import NotFound
from app.images import MAX_IMAGE_BYTES
from app.store import Store
from ui.commands import library_commands
from ui.context import AppContext
from ui.library.library_filter import LibraryFilterProxy
from ui.library.people_model import BOOKS, NAME, VERIFIED, PeopleModel
from ui.library.people_page import PeoplePage
from ui.library.photo_field import PhotoField
from ui.library.record_mime import PERSON_IDS_MIME, ids_from_mime
from ui.widgets.dates import format_date

# The models draw a style icon for stale dates: they need an application object.
pytestmark = pytest.mark.usefixtures("qapp")


@pytest.fixture
def page(qtbot, context: AppContext) -> PeoplePage:
    add_people(context.store)
    widget = PeoplePage(context)
    qtbot.addWidget(widget)
    widget.ensure_loaded()
    return widget


def names(model: LibraryFilterProxy | PeopleModel) -> list[str]:
    return [model.index(row, NAME).data() for row in range(model.rowCount())]


# --- model --------------------------------------------------------------------------------


def test_people_model_passes_qtmodeltester(qtmodeltester, context: AppContext) -> None:
    add_people(context.store)
    model = PeopleModel(context.store)
    model.reload()
    qtmodeltester.check(model, force_py=True)
    proxy = LibraryFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_query("minister")
    qtmodeltester.check(proxy, force_py=True)


def test_model_shows_every_column_and_badges_stale_profiles(context: AppContext) -> None:
    people = add_people(context.store)
    book = add_book(context.store)
    context.store.attach_person(book.id, people["asadov"].id)
    model = PeopleModel(context.store)
    model.reload()
    row = model.row_of(people["asadov"].id)
    assert [model.index(row, c).data() for c in range(7)] == [
        "Sameddin F. Asadov",
        "Səməddin Əsədov",
        "Deputy Minister of Digital Development and Transport",
        "Ministry of Digital Development and Transport",
        "Azerbaijan",
        format_date(date.today() - timedelta(days=10)),
        1,
    ]
    fresh = model.index(row, VERIFIED)
    stale = model.index(model.row_of(people["mammadov"].id), VERIFIED)
    never = model.index(model.row_of(people["kress"].id), VERIFIED)
    assert fresh.data(Qt.ItemDataRole.DecorationRole) is None
    assert stale.data(Qt.ItemDataRole.DecorationRole) is not None
    assert "400 days" in stale.data(Qt.ItemDataRole.ToolTipRole)
    assert never.data() == "Never"
    assert never.data(Qt.ItemDataRole.DecorationRole) is not None
    assert model.index(model.row_of(people["kress"].id), BOOKS).data() == 0


@pytest.mark.parametrize("query", ["asadov", "Əsədov", "ƏSƏDOV", "esedov", "samed asad"])
def test_filter_finds_native_name_by_romanized_spelling(context: AppContext, query: str) -> None:
    add_people(context.store)
    model = PeopleModel(context.store)
    model.reload()
    proxy = LibraryFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_query(query)
    assert names(proxy) == ["Sameddin F. Asadov"]


def test_filter_covers_title_organization_and_country(context: AppContext) -> None:
    add_people(context.store)
    model = PeopleModel(context.store)
    model.reload()
    proxy = LibraryFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_query("foreign affairs")
    assert names(proxy) == ["Elnur Mammadov"]
    proxy.set_query("united states")
    assert names(proxy) == ["Carl B. Kress"]
    proxy.set_query("Məmməd")
    assert names(proxy) == ["Elnur Mammadov"]
    proxy.set_query("nobody here")
    assert names(proxy) == []
    proxy.set_query("")
    assert proxy.rowCount() == 3


def test_a_filter_stays_true_while_rows_are_reloaded_sorted_and_edited(
    context: AppContext,
) -> None:
    people = add_people(context.store)
    model = PeopleModel(context.store)
    model.reload()
    proxy = LibraryFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_query("minister")
    assert sorted(names(proxy)) == ["Elnur Mammadov", "Sameddin F. Asadov"]
    proxy.sort(NAME, Qt.SortOrder.DescendingOrder)  # rows move under the filter
    assert names(proxy) == ["Sameddin F. Asadov", "Elnur Mammadov"]
    context.store.save_person(Person(name="Aysel Karimova", title="Deputy Minister of Energy"))
    model.reload()  # a new matching row appears, in the chosen order
    assert names(proxy) == ["Sameddin F. Asadov", "Elnur Mammadov", "Aysel Karimova"]
    demoted = replace(context.store.get_person(people["mammadov"].id), title="Ambassador")
    model.update_from(context.store.save_person(demoted))  # no longer matches
    assert names(proxy) == ["Sameddin F. Asadov", "Aysel Karimova"]
    proxy.set_query("")
    assert proxy.rowCount() == 4


def test_filter_texts_are_folded_in_idle_time_after_a_reload(qtbot, context: AppContext) -> None:
    for number in range(2500):
        context.store.save_person(Person(name=f"Person {number}", country="Azərbaycan"))
    model = PeopleModel(context.store)
    model.reload()
    assert None in model._filter_texts  # not all at once, on the reload
    qtbot.waitUntil(lambda: None not in model._filter_texts)
    assert "azerbaycan" in model.filter_text(0)


def test_sorting_through_the_proxy_sorts_the_source(context: AppContext) -> None:
    add_people(context.store)
    model = PeopleModel(context.store)
    model.reload()
    proxy = LibraryFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(NAME, Qt.SortOrder.DescendingOrder)
    assert names(proxy) == ["Sameddin F. Asadov", "Elnur Mammadov", "Carl B. Kress"]
    proxy.sort(VERIFIED, Qt.SortOrder.AscendingOrder)  # never verified first, then oldest
    assert names(proxy) == ["Carl B. Kress", "Elnur Mammadov", "Sameddin F. Asadov"]
    model.reload()  # a reload keeps the chosen order
    assert names(proxy) == ["Carl B. Kress", "Elnur Mammadov", "Sameddin F. Asadov"]


def test_ten_thousand_people_load_filter_and_sort(qtbot, context: AppContext) -> None:
    store = context.store
    # Rows go straight into the table (no search indexing): this test is about the model.
    store.db.table("people").insert_all(
        {
            "id": f"p{number:05d}",
            "name": f"Person {number:05d}",
            "native_name": "Əliyev" if number % 1000 == 0 else "",
            "organization": f"Ministry {number % 37}",
            "country": "Azerbaijan",
            "created_at": "2025-01-01T00:00:00Z",
            "updated_at": "2025-01-01T00:00:00Z",
        }
        for number in range(10_000)
    )
    page = PeoplePage(context)
    qtbot.addWidget(page)
    assert page.model.rowCount() == 0  # nothing read until the page is first shown
    page.show()
    assert page.model.rowCount() == 10_000
    assert page.count_label.text() == "10,000 people"
    page.filter_edit.setText("aliyev")
    assert page.proxy.rowCount() == 10
    assert page.count_label.text() == "10 of 10,000 people"
    page.table.sortByColumn(NAME, Qt.SortOrder.DescendingOrder)
    assert page.proxy.index(0, NAME).data() == "Person 09000"


def test_dragging_people_out_of_the_library_carries_their_ids(context: AppContext) -> None:
    people = add_people(context.store)
    model = PeopleModel(context.store)
    model.reload()
    indexes = [model.index(model.row_of(people[key].id), 0) for key in ("kress", "asadov")]
    payload = model.mimeData(indexes)
    assert set(ids_from_mime(payload, PERSON_IDS_MIME)) == {
        people["kress"].id,
        people["asadov"].id,
    }
    assert model.supportedDragActions() == Qt.DropAction.CopyAction


# --- profile editor and autosave ----------------------------------------------------------


def editing(page: PeoplePage) -> str:
    person_id = page.editor.person_id
    assert person_id is not None
    return person_id


def select(page: PeoplePage, name: str) -> None:
    for row in range(page.proxy.rowCount()):
        if page.proxy.index(row, NAME).data() == name:
            page.table.selectRow(row)
            return
    raise AssertionError(f"{name} is not in the table")


def test_profile_edits_are_saved_after_the_pause_and_on_flush(
    qtbot, page: PeoplePage, context: AppContext
) -> None:
    select(page, "Carl B. Kress")
    editor = page.editor
    person_id = editor.person_id
    assert person_id is not None
    editor.honorific_edit.setText("Mr.")
    editor.languages_edit.setText("English,  German ,")
    editor.tags_edit.setText("agency, host")
    editor.bio_editor.editor.setMarkdown("Leads the **regional** office.")
    assert editor.autosave.pending
    assert editor.autosave.timer.interval() == 1000
    editor.autosave.timer.start(10)  # the same timer, shortened so the test need not wait
    with qtbot.waitSignal(editor.saved, timeout=3000):
        pass
    saved = context.store.get_person(person_id)
    assert saved.honorific == "Mr."
    assert saved.languages == ["English", "German"]
    assert saved.tags == ["agency", "host"]
    assert saved.bio == "Leads the **regional** office.\n"

    editor.title_edit.setText("Regional Director, Eurasia")
    page.flush()  # leaving the page or quitting writes at once
    assert not editor.autosave.pending
    assert context.store.get_person(person_id).title == "Regional Director, Eurasia"
    assert page.model.index(page.model.row_of(person_id), 2).data() == (
        "Regional Director, Eurasia"
    )


def test_switching_person_saves_the_previous_one(page: PeoplePage, context: AppContext) -> None:
    select(page, "Carl B. Kress")
    kress_id = editing(page)
    page.editor.source_edit.setText("Agency website")
    select(page, "Elnur Mammadov")
    assert page.editor.name_edit.text() == "Elnur Mammadov"
    assert context.store.get_person(kress_id).source == "Agency website"


def test_verified_today_button_clears_the_stale_warning(
    page: PeoplePage, context: AppContext
) -> None:
    select(page, "Elnur Mammadov")
    field = page.editor.verified_field
    assert field.warning.text().startswith("Last verified 400 days ago")
    field.today_button.click()
    assert field.warning.text() == ""
    page.flush()
    person = context.store.get_person(editing(page))
    assert person.last_verified == date.today()
    row = page.model.row_of(person.id)
    assert page.model.index(row, VERIFIED).data(Qt.ItemDataRole.DecorationRole) is None


def test_empty_name_keeps_the_stored_name(page: PeoplePage, context: AppContext) -> None:
    select(page, "Carl B. Kress")
    page.editor.name_edit.setText("   ")
    page.editor.country_edit.setText("USA")
    page.flush()
    person = context.store.get_person(editing(page))
    assert (person.name, person.country) == ("Carl B. Kress", "USA")
    assert "needs a name" in page.editor.save_message.text()


# --- photos -------------------------------------------------------------------------------


def test_add_person_with_a_photo(
    qtbot, page: PeoplePage, context: AppContext, tmp_path: Path
) -> None:
    person_id = page.new_person()
    assert person_id is not None
    editor = page.editor
    editor.name_edit.setText("Leyla Hasanova")
    photo_file = tmp_path / "leyla.png"
    photo_file.write_bytes(png_bytes((300, 200)))  # landscape: cropped to a 4:5 portrait
    with qtbot.waitSignal(editor.photo_field.photo_changed) as changed:
        assert editor.photo_field.load_file(photo_file)
    sha = changed.args[0]
    assert editor.alt_warning.text().startswith("Add a photo description")
    editor.photo_alt_edit.setText("Leyla Hasanova, head and shoulders")
    assert editor.alt_warning.text() == ""
    page.flush()

    person = context.store.get_person(person_id)
    assert (person.name, person.photo, person.photo_alt) == (
        "Leyla Hasanova",
        sha,
        "Leyla Hasanova, head and shoulders",
    )
    image = context.store.get_image(sha)
    assert image is not None and image.mime == "image/jpeg"
    assert image.width * 5 == image.height * 4
    assert editor.photo_field.view.has_picture()
    assert page.model.record(page.model.row_of(person_id)).has_photo


def _store_snapshot(context: AppContext) -> tuple[list[Person], int]:
    store = context.store
    images = store.db.execute("SELECT count(*) FROM images").fetchone()[0]
    return store.list_people(), images


def test_a_file_that_is_not_an_image_is_refused(
    page: PeoplePage, context: AppContext, tmp_path: Path
) -> None:
    select(page, "Carl B. Kress")
    before = _store_snapshot(context)
    fake = tmp_path / "notes.png"
    fake.write_text("this is not a picture")
    field = page.editor.photo_field
    assert not field.load_file(fake)
    assert "notes.png was not used" in field.message.text()
    assert "not a JPEG or PNG" in field.message.text()
    assert field.photo() is None
    assert not page.editor.dirty
    page.flush()
    assert _store_snapshot(context) == before


def test_a_too_large_file_is_refused_without_reading_it(
    page: PeoplePage, context: AppContext, tmp_path: Path
) -> None:
    select(page, "Carl B. Kress")
    before = _store_snapshot(context)
    huge = tmp_path / "huge.jpg"
    with huge.open("wb") as handle:  # sparse: a large size without writing the bytes
        handle.truncate(MAX_IMAGE_BYTES + 1)
    field = page.editor.photo_field
    assert not field.load_file(huge)
    assert "at most 20 MB" in field.message.text()
    assert field.photo() is None
    page.flush()
    assert _store_snapshot(context) == before


def test_a_too_many_pixels_image_is_refused(qtbot, context: AppContext) -> None:
    field = PhotoField(context)
    qtbot.addWidget(field)
    before = context.store.db.execute("SELECT count(*) FROM images").fetchone()[0]
    assert not field.load_bytes(png_claiming(9000, 9000), "bomb.png")
    assert "million pixels" in field.message.text()
    assert context.store.db.execute("SELECT count(*) FROM images").fetchone()[0] == before


def test_removing_the_photo_clears_it(qtbot, page: PeoplePage, context: AppContext) -> None:
    select(page, "Carl B. Kress")
    field = page.editor.photo_field
    assert field.load_bytes(png_bytes())
    page.flush()
    person_id = editing(page)
    assert context.store.get_person(person_id).photo is not None
    field.remove_button.click()
    page.flush()
    assert context.store.get_person(person_id).photo is None


# --- undo ---------------------------------------------------------------------------------


def test_undo_and_redo_of_adding_a_person(page: PeoplePage, context: AppContext) -> None:
    stack = context.undo_stack
    person_id = page.new_person()
    assert person_id is not None
    page.editor.name_edit.setText("Anar Karimov")
    page.flush()
    assert page.model.rowCount() == 4
    stack.undo()
    with pytest.raises(NotFound):
        context.store.get_person(person_id)
    page.reload()
    assert page.model.rowCount() == 3
    assert page.editor.person_id != person_id
    stack.redo()
    assert context.store.get_person(person_id).name == "Anar Karimov"


def test_undo_of_delete_restores_the_person_in_books_and_meetings(
    page: PeoplePage, context: AppContext, answers: Answers
) -> None:
    store = context.store
    book = add_book(store)
    people = {p.name: p for p in store.list_people()}
    asadov = people["Sameddin F. Asadov"]
    store.attach_person(book.id, people["Carl B. Kress"].id, role="Principal")
    store.attach_person(book.id, asadov.id, role="Counterpart", talking_points="Rail")
    store.attach_person(book.id, people["Elnur Mammadov"].id)
    store.put_image(png_image := _portrait())
    store.save_person(replace(asadov, photo=png_image.sha256, photo_alt="Portrait"))
    meeting = store.save_meeting(
        Meeting(
            book_id=book.id,
            title="Call on the ministry",
            start=_at(10),
            end=_at(11),
            timezone="Asia/Baku",
            participants=[people["Carl B. Kress"].id, asadov.id],
        )
    )
    page.reload()
    select(page, "Sameddin F. Asadov")
    answers.ask = [False]
    page.delete_selected()  # the question names the book and the meeting; declined: kept
    assert "Books use Sameddin F. Asadov" in answers.asked[0]
    assert f"“{book.title}” (1 meeting)" in answers.details[0]
    assert store.get_person(asadov.id).name == "Sameddin F. Asadov"
    answers.ask = [True]
    page.delete_selected()
    with pytest.raises(NotFound):
        store.get_person(asadov.id)
    assert page.model.rowCount() == 2
    assert len(store.list_participants(book.id)) == 2

    context.undo_stack.undo()
    restored = store.get_person(asadov.id)
    assert restored.photo == png_image.sha256
    participants = store.list_participants(book.id)
    assert [p.person_id for p in participants] == [
        people["Carl B. Kress"].id,
        asadov.id,
        people["Elnur Mammadov"].id,
    ]
    assert (participants[1].role, participants[1].talking_points) == ("Counterpart", "Rail")
    assert store.get_meeting(meeting.id).participants == [people["Carl B. Kress"].id, asadov.id]
    page.reload()
    assert page.model.rowCount() == 3


def test_attach_to_book_adds_selected_people_once(page: PeoplePage, context: AppContext) -> None:
    book = add_book(context.store)
    page.set_book(book.id)
    select(page, "Elnur Mammadov")
    assert page.attach_button.isEnabled()
    page.attach_selected()
    page.attach_selected()
    people = context.store.list_participants(book.id)
    assert len(people) == 1
    context.undo_stack.undo()
    assert context.store.list_participants(book.id) == []


def test_refused_add_is_not_put_on_the_undo_stack(page: PeoplePage, context: AppContext) -> None:
    assert not library_commands.add_person(context, Person(name=" "), page.message.show_error)
    assert context.undo_stack.count() == 0
    assert "needs a name" in page.message.text()


def _portrait():
    from app.images import make_portrait

    return make_portrait(png_bytes((80, 100), (200, 50, 50)))


def _at(hour: int):
    from datetime import datetime

    return datetime(2025, 5, 12, hour, 0)


def test_hidden_columns_are_remembered(qtbot, page: PeoplePage, context: AppContext) -> None:
    page.set_column_shown(1, False)  # native name
    header = page.table.horizontalHeader()
    assert header.isSectionHidden(1)
    again = PeoplePage(context)
    qtbot.addWidget(again)
    assert again.table.horizontalHeader().isSectionHidden(1)
    again.set_column_shown(1, True)
    third = PeoplePage(context)
    qtbot.addWidget(third)
    assert not third.table.horizontalHeader().isSectionHidden(1)


def test_dropping_a_photo_file_on_the_field(qtbot, context: AppContext, tmp_path: Path) -> None:
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    field = PhotoField(context)
    qtbot.addWidget(field)
    photo = tmp_path / "dropped.png"
    photo.write_bytes(png_bytes((120, 150), (10, 120, 60)))
    payload = QMimeData()
    payload.setUrls([QUrl.fromLocalFile(str(photo))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        payload,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(field.photo_changed) as changed:
        field.dropEvent(event)
    assert changed.args[0] == field.photo()
    assert context.store.get_image(changed.args[0]) is not None


def test_a_failed_save_keeps_the_edit_and_retries(qtbot, context: AppContext) -> None:
    from ui.session.autosave import RETRY_DELAY_MS, SAVE_DELAY_MS

    add_people(context.store)
    read_only = replace(context, store=Store.open(context.store_path, read_only=True))
    page = PeoplePage(read_only)
    qtbot.addWidget(page)
    page.ensure_loaded()
    select(page, "Carl B. Kress")
    page.editor.country_edit.setText("USA")
    with qtbot.waitSignal(context.events.save_state) as state:
        page.flush()
    assert state.args[0] == "failed"
    assert page.has_unsaved_changes()
    assert "Not saved yet" in page.editor.save_message.text()
    assert page.editor.country_edit.text() == "USA"
    assert page.editor.autosave.timer.interval() == RETRY_DELAY_MS
    page.editor.tags_edit.setText("delegation")  # typing again goes back to the short delay
    assert page.editor.autosave.timer.interval() == SAVE_DELAY_MS
    page.editor.discard()
    read_only.store.close()


def test_a_new_person_takes_their_place_in_the_sorted_list_once_named(
    page: PeoplePage, qtmodeltester
) -> None:
    """Typed over "New person", the name moves the row where it sorts, selection and all."""
    page.proxy.sort(NAME, Qt.SortOrder.AscendingOrder)
    record_id = page.new_record()
    assert record_id is not None
    page.editor.name_edit.setText("Aaron Abbasov")
    page.flush()
    assert names(page.proxy) == [
        "Aaron Abbasov",
        "Carl B. Kress",
        "Elnur Mammadov",
        "Sameddin F. Asadov",
    ]
    assert page.selected_ids() == [record_id]
    page.editor.name_edit.setText("Zaur Zeynalov")
    page.flush()
    assert names(page.proxy)[-1] == "Zaur Zeynalov"
    assert page.selected_ids() == [record_id]
    qtmodeltester.check(page.model, force_py=True)
