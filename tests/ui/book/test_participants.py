"""Participants of the open book: attach by search or drop, reorder, role, talking points."""

from __future__ import annotations

import pytest
from library_support import add_book, add_people
from PySide6.QtCore import QModelIndex, Qt

from app.domain import Book, Person
from ui.book.participants_model import ParticipantsModel
from ui.book.participants_page import ParticipantsPage
from ui.context import AppContext
from ui.library.people_model import PeopleModel

# The models draw a style icon for stale dates: they need an application object.
pytestmark = pytest.mark.usefixtures("qapp")


@pytest.fixture
def people(context: AppContext) -> dict[str, Person]:
    return add_people(context.store)


@pytest.fixture
def book(context: AppContext) -> Book:
    return add_book(context.store)


@pytest.fixture
def page(qtbot, context: AppContext, people: dict[str, Person], book: Book) -> ParticipantsPage:
    widget = ParticipantsPage(context)
    qtbot.addWidget(widget)
    widget.set_book(book.id)
    return widget


def order(context: AppContext, book: Book) -> list[str]:
    return [p.person_id for p in context.store.list_participants(book.id)]


def test_participants_model_passes_qtmodeltester(
    qtmodeltester, context: AppContext, people: dict[str, Person], book: Book
) -> None:
    for person in people.values():
        context.store.attach_person(book.id, person.id, role="Host")
    model = ParticipantsModel(context.store)
    model.load(book.id)
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 3
    assert model.index(0, 1).data() == "Host"


def test_attach_by_typing_a_romanized_name(
    qtbot, page: ParticipantsPage, context: AppContext, people: dict[str, Person], book: Book
) -> None:
    hits = page.search_field.search("asad")
    assert [hit.title for hit in hits] == ["Sameddin F. Asadov"]
    assert page.search_field.results_model.item(0).text() == (
        "Sameddin F. Asadov (Səməddin Əsədov)  —  Deputy Minister of Digital Development "
        "and Transport, Ministry of Digital Development and Transport"
    )
    with qtbot.waitSignal(context.events.book_changed) as changed:
        page.search_field.choose(0)
    assert changed.args == [book.id]
    assert order(context, book) == [people["asadov"].id]
    assert page.model.ids() == [people["asadov"].id]
    # An attached person is not offered again.
    assert page.search_field.search("asadov") == []
    assert [hit.title for hit in page.search_field.search("məmməd")] == ["Elnur Mammadov"]


def test_enter_attaches_the_first_hit(
    qtbot, page: ParticipantsPage, context: AppContext, people: dict[str, Person], book: Book
) -> None:
    page.search_field.setText("kress")
    page.search_field.search("kress")
    qtbot.keyClick(page.search_field, Qt.Key.Key_Return)
    assert order(context, book) == [people["kress"].id]
    qtbot.waitUntil(lambda: page.search_field.text() == "")


def test_drop_from_the_people_library_attaches_at_the_drop_row(
    page: ParticipantsPage, context: AppContext, people: dict[str, Person], book: Book
) -> None:
    context.store.attach_person(book.id, people["kress"].id)
    page.reload()
    library = PeopleModel(context.store)
    library.reload()
    payload = library.mimeData(
        [library.index(library.row_of(people[key].id), 0) for key in ("asadov", "mammadov")]
    )
    assert page.model.canDropMimeData(payload, Qt.DropAction.CopyAction, 0, 0, QModelIndex())
    assert page.model.dropMimeData(payload, Qt.DropAction.CopyAction, 0, 0, QModelIndex())
    library_order = sorted([people["asadov"].id, people["mammadov"].id], key=library.row_of)
    assert order(context, book) == [*library_order, people["kress"].id]
    assert page.model.ids() == order(context, book)


def test_reorder_by_dragging_within_the_list_and_undo(
    page: ParticipantsPage, context: AppContext, people: dict[str, Person], book: Book
) -> None:
    ids = [people[key].id for key in ("kress", "asadov", "mammadov")]
    for person_id in ids:
        context.store.attach_person(book.id, person_id)
    page.reload()
    page.focus_record(ids[2])
    payload = page.model.mimeData([page.model.index(2, 0)])
    # Dropped before the first row: Mammadov goes to the top.
    assert page.model.dropMimeData(payload, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    assert order(context, book) == [ids[2], ids[0], ids[1]]
    assert page.model.ids() == [ids[2], ids[0], ids[1]]
    assert page.current_person_id() == ids[2]  # the moved row stays selected
    # Dropped on the empty area below the rows: to the end.
    payload = page.model.mimeData([page.model.index(0, 0)])
    assert page.model.dropMimeData(payload, Qt.DropAction.MoveAction, -1, -1, QModelIndex())
    assert order(context, book) == [ids[0], ids[1], ids[2]]
    context.undo_stack.undo()
    assert order(context, book) == [ids[2], ids[0], ids[1]]
    assert page.model.ids() == [ids[2], ids[0], ids[1]]


def test_move_buttons_reorder(
    page: ParticipantsPage, context: AppContext, people: dict[str, Person], book: Book
) -> None:
    ids = [people[key].id for key in ("kress", "asadov", "mammadov")]
    for person_id in ids:
        context.store.attach_person(book.id, person_id)
    page.reload()
    page.focus_record(ids[0])
    assert not page.up_button.isEnabled()
    page.down_button.click()
    assert order(context, book) == [ids[1], ids[0], ids[2]]
    page.down_button.click()
    assert order(context, book) == [ids[1], ids[2], ids[0]]
    assert not page.down_button.isEnabled()
    page.up_button.click()
    assert order(context, book) == [ids[1], ids[0], ids[2]]


def test_role_and_talking_points_autosave(
    qtbot, page: ParticipantsPage, context: AppContext, people: dict[str, Person], book: Book
) -> None:
    context.store.attach_person(book.id, people["asadov"].id)
    context.store.attach_person(book.id, people["kress"].id)
    page.reload()
    page.focus_record(people["asadov"].id)
    details = page.details
    assert details.name_label.text() == "Sameddin F. Asadov"
    assert "Səməddin Əsədov" in details.about_label.text()
    details.role_combo.setCurrentText("Counterpart")
    details.points_editor.editor.setMarkdown("- Thank him for the *rail* corridor work")
    assert details.autosave.timer.interval() == 1000
    details.autosave.timer.start(10)
    with qtbot.waitSignal(context.events.book_changed):
        pass
    saved = context.store.list_participants(book.id)[0]
    assert (saved.role, saved.talking_points) == (
        "Counterpart",
        "- Thank him for the *rail* corridor work\n",
    )
    assert page.model.index(0, 1).data() == "Counterpart"
    # Switching participant saves a pending edit at once.
    details.role_combo.setCurrentText("Host of the dinner")
    page.focus_record(people["kress"].id)
    assert context.store.list_participants(book.id)[0].role == "Host of the dinner"
    assert details.name_label.text() == "Carl B. Kress"
    assert details.role_combo.currentText() == ""


def test_switching_book_flushes_pending_points(
    page: ParticipantsPage, context: AppContext, people: dict[str, Person], book: Book
) -> None:
    context.store.attach_person(book.id, people["kress"].id)
    page.reload()
    page.focus_record(people["kress"].id)
    page.details.points_editor.editor.setMarkdown("Agenda first")
    page.set_book(None)
    assert context.store.list_participants(book.id)[0].talking_points == "Agenda first\n"
    assert page.stack.currentIndex() == 0


def test_detach_and_undo_restore_role_points_and_place(
    page: ParticipantsPage, context: AppContext, people: dict[str, Person], book: Book
) -> None:
    store = context.store
    store.attach_person(book.id, people["kress"].id, role="Principal")
    store.attach_person(book.id, people["asadov"].id, role="Counterpart", talking_points="Rail")
    store.attach_person(book.id, people["mammadov"].id)
    page.reload()
    page.focus_record(people["asadov"].id)
    page.detach_button.click()
    assert order(context, book) == [people["kress"].id, people["mammadov"].id]
    assert page.model.ids() == order(context, book)
    assert store.get_person(people["asadov"].id).name  # still in the library
    context.undo_stack.undo()
    restored = store.list_participants(book.id)
    assert [p.person_id for p in restored] == [
        people["kress"].id,
        people["asadov"].id,
        people["mammadov"].id,
    ]
    assert (restored[1].role, restored[1].talking_points) == ("Counterpart", "Rail")
    assert page.model.ids() == [p.person_id for p in restored]


def test_new_person_inline_is_created_attached_and_undone_together(
    page: ParticipantsPage, context: AppContext, book: Book
) -> None:
    page.search_field.setText("Leyla Hasanova")
    page.new_button.click()
    form = page.new_form
    assert form.isVisibleTo(page)
    assert form.name_edit.text() == "Leyla Hasanova"
    form.title_edit.setText("Head of Protocol")
    form.role_combo.setCurrentText("Host")
    person_id = page.create_new_person()
    assert person_id is not None
    assert context.store.get_person(person_id).title == "Head of Protocol"
    participants = context.store.list_participants(book.id)
    assert [(p.person_id, p.role) for p in participants] == [(person_id, "Host")]
    assert not form.isVisibleTo(page)
    assert page.current_person_id() == person_id
    context.undo_stack.undo()
    assert context.store.list_participants(book.id) == []
    assert [p.name for p in context.store.list_people()] == [
        "Carl B. Kress",
        "Elnur Mammadov",
        "Sameddin F. Asadov",
    ]


def test_new_person_needs_a_name(page: ParticipantsPage, context: AppContext) -> None:
    page.new_button.click()
    assert page.create_new_person() is None
    assert "name" in page.new_form.message.text()
    assert context.undo_stack.count() == 0


def test_no_book_shows_a_hint(qtbot, context: AppContext) -> None:
    widget = ParticipantsPage(context)
    qtbot.addWidget(widget)
    assert widget.stack.currentIndex() == 0
    assert widget.model.rowCount() == 0
    assert not widget.place(["x"], 0)


def test_the_main_window_shows_these_pages(qtbot, context: AppContext) -> None:
    from ui.book.book_notes_page import BookNotesPage
    from ui.library.notes_page import NotesPage
    from ui.library.people_page import PeoplePage
    from ui.window.page_registry import build_pages

    pages = build_pages(context)
    for page in pages.values():
        qtbot.addWidget(page)
    assert isinstance(pages["people_library"], PeoplePage)
    assert isinstance(pages["participants"], ParticipantsPage)
    assert isinstance(pages["notes_library"], NotesPage)
    assert isinstance(pages["notes"], BookNotesPage)
