"""The store's libraries (people, sector notes) and what links them to books."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from app import search as search_index
from app.domain import (
    Book,
    Note,
    NoteSummary,
    Participant,
    ParticipantEntry,
    Person,
    PersonSummary,
    now_stamp,
)
from app.errors import InvalidInput, NotFound
from app.store_core import StoreCore, date_text, list_text, parse_date, parse_list


class LibraryRecords(StoreCore):
    """People, participants, notes and a book's notes: part of ``app.store.Store``."""

    # --- people ---------------------------------------------------------------------------

    @staticmethod
    def _person(row: dict[str, Any]) -> Person:
        return Person(
            id=row["id"],
            name=row["name"],
            native_name=row["native_name"],
            honorific=row["honorific"],
            title=row["title"],
            organization=row["organization"],
            country=row["country"],
            bio=row["bio"],
            photo=row["photo"],
            photo_alt=row["photo_alt"],
            pronunciation=row["pronunciation"],
            languages=parse_list(row["languages"]),
            tags=parse_list(row["tags"]),
            source=row["source"],
            last_verified=parse_date(row["last_verified"]),
            created_at=row["created_at"],
            updated_at=row["updated_at"],
        )

    def list_people(self) -> list[Person]:
        return [self._person(r) for r in self._rows("SELECT * FROM people ORDER BY name, id")]

    def count_people(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM people").fetchone()[0])

    def get_person(self, person_id: str) -> Person:
        row = self._one("SELECT * FROM people WHERE id = ?", [person_id])
        if row is None:
            raise NotFound(f"No person with id {person_id}.")
        return self._person(row)

    def save_person(self, person: Person, *, keep_timestamp: bool = False) -> Person:
        if not person.name.strip():
            raise InvalidInput("A person needs a name.")
        stamp = now_stamp()
        existing = self._one("SELECT created_at FROM people WHERE id = ?", [person.id])
        saved = replace(
            person,
            created_at=(existing or {}).get("created_at") or person.created_at or stamp,
            updated_at=person.updated_at if keep_timestamp and person.updated_at else stamp,
        )
        with self.transaction():
            self.db.table("people").upsert(_person_record(saved), pk="id")
            search_index.index_person(self.conn, saved)
        return saved

    def save_people(self, people: Sequence[Person]) -> list[Person]:
        """Save many people at once (an import): one transaction, one batched upsert.

        The same rules as ``save_person``; a few hundred people take tens of milliseconds
        instead of a second of per-record upserts.
        """
        if any(not person.name.strip() for person in people):
            raise InvalidInput("A person needs a name.")
        stamp = now_stamp()
        created: dict[str, str] = {}
        ids = [person.id for person in people]
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            query = f"SELECT id, created_at FROM people WHERE id IN ({marks})"
            for row in self._rows(query, chunk):
                created[row["id"]] = row["created_at"]
        saved = [
            replace(
                person,
                created_at=created.get(person.id) or person.created_at or stamp,
                updated_at=stamp,
            )
            for person in people
        ]
        with self.transaction():
            self.db.table("people").upsert_all([_person_record(p) for p in saved], pk="id")
            for person in saved:
                search_index.index_person(self.conn, person)
        return saved

    def delete_person(self, person_id: str) -> None:
        """Remove a person from the library and from every book and meeting."""
        with self.transaction():
            self.conn.execute("DELETE FROM people WHERE id = ?", [person_id])
            search_index.remove(self.conn, "person", [person_id])

    def list_people_summaries(self) -> list[PersonSummary]:
        """Every person as a small summary for library tables, in one query (fast at 10,000)."""
        cursor = self.conn.execute(
            "SELECT p.id, p.name, p.native_name, p.title, p.organization, p.country,"
            " p.last_verified, p.photo IS NOT NULL,"
            " (SELECT count(*) FROM participants WHERE person_id = p.id)"
            " FROM people p ORDER BY p.name, p.id"
        )
        return [
            PersonSummary(
                id=row[0],
                name=row[1],
                native_name=row[2],
                title=row[3],
                organization=row[4],
                country=row[5],
                last_verified=parse_date(row[6]),
                has_photo=bool(row[7]),
                books_using=int(row[8]),
            )
            for row in cursor
        ]

    def books_using_person(self, person_id: str) -> list[Book]:
        rows = self._rows(
            "SELECT b.* FROM books b JOIN participants p ON p.book_id = b.id "
            "WHERE p.person_id = ? ORDER BY b.title",
            [person_id],
        )
        return [self._book(row) for row in rows]

    # --- participants ---------------------------------------------------------------------

    def list_participants(self, book_id: str) -> list[Participant]:
        rows = self._rows(
            "SELECT * FROM participants WHERE book_id = ? ORDER BY position, rowid", [book_id]
        )
        return [
            Participant(r["book_id"], r["person_id"], r["role"], r["talking_points"], r["position"])
            for r in rows
        ]

    def list_participant_entries(self, book_id: str) -> list[ParticipantEntry]:
        rows = self._rows(
            "SELECT p.book_id AS p_book_id, p.role AS p_role, p.talking_points AS p_talking_points,"
            " p.position AS p_position, people.* FROM participants p "
            "JOIN people ON people.id = p.person_id WHERE p.book_id = ? ORDER BY p.position, p.rowid",
            [book_id],
        )
        return [
            ParticipantEntry(
                Participant(
                    row["p_book_id"],
                    row["id"],
                    row["p_role"],
                    row["p_talking_points"],
                    row["p_position"],
                ),
                self._person(row),
            )
            for row in rows
        ]

    def save_participant(self, participant: Participant) -> Participant:
        """Attach a person to a book, or update their role, talking points or position."""
        record = {
            "book_id": participant.book_id,
            "person_id": participant.person_id,
            "role": participant.role,
            "talking_points": participant.talking_points,
            "position": participant.position,
        }
        with self.transaction():
            self.db.table("participants").upsert(record, pk=("book_id", "person_id"))
        return participant

    def attach_person(
        self, book_id: str, person_id: str, role: str = "", talking_points: str = ""
    ) -> Participant:
        """Attach a person at the end of the book's participants."""
        row = self._one("SELECT max(position) AS p FROM participants WHERE book_id = ?", [book_id])
        position = 0 if row is None or row["p"] is None else row["p"] + 1
        return self.save_participant(
            Participant(book_id, person_id, role, talking_points, position)
        )

    def detach_person(self, book_id: str, person_id: str) -> None:
        """Remove a person from a book and from that book's meetings."""
        with self.transaction():
            self.conn.execute(
                "DELETE FROM participants WHERE book_id = ? AND person_id = ?", [book_id, person_id]
            )
            self.conn.execute(
                "DELETE FROM meeting_participants WHERE person_id = ? AND meeting_id IN "
                "(SELECT id FROM meetings WHERE book_id = ?)",
                [person_id, book_id],
            )

    def reorder_participants(self, book_id: str, person_ids: Sequence[str]) -> None:
        with self.transaction():
            for position, person_id in enumerate(person_ids):
                self.conn.execute(
                    "UPDATE participants SET position = ? WHERE book_id = ? AND person_id = ?",
                    [position, book_id, person_id],
                )

    # --- notes ----------------------------------------------------------------------------

    @staticmethod
    def _note(row: dict[str, Any]) -> Note:
        return Note(
            id=row["id"],
            title=row["title"],
            sector=row["sector"],
            country=row["country"],
            body=row["body"],
            sources=parse_list(row["sources"]),
            last_verified=parse_date(row["last_verified"]),
            internal=bool(row["internal"]),
            created_at=row["created_at"],
            updated_at=row["updated_at"],
        )

    def list_notes(self) -> list[Note]:
        return [self._note(r) for r in self._rows("SELECT * FROM notes ORDER BY sector, title, id")]

    def count_notes(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM notes").fetchone()[0])

    def get_note(self, note_id: str) -> Note:
        row = self._one("SELECT * FROM notes WHERE id = ?", [note_id])
        if row is None:
            raise NotFound(f"No note with id {note_id}.")
        return self._note(row)

    def save_note(self, note: Note, *, keep_timestamp: bool = False) -> Note:
        if not note.title.strip():
            raise InvalidInput("A note needs a title.")
        stamp = now_stamp()
        existing = self._one("SELECT created_at FROM notes WHERE id = ?", [note.id])
        saved = replace(
            note,
            created_at=(existing or {}).get("created_at") or note.created_at or stamp,
            updated_at=note.updated_at if keep_timestamp and note.updated_at else stamp,
        )
        record = {
            "id": saved.id,
            "title": saved.title,
            "sector": saved.sector,
            "country": saved.country,
            "body": saved.body,
            "sources": list_text(saved.sources),
            "last_verified": date_text(saved.last_verified),
            "internal": int(saved.internal),
            "created_at": saved.created_at,
            "updated_at": saved.updated_at,
        }
        with self.transaction():
            self.db.table("notes").upsert(record, pk="id")
            search_index.index_note(self.conn, saved)
        return saved

    def delete_note(self, note_id: str) -> None:
        with self.transaction():
            self.conn.execute("DELETE FROM notes WHERE id = ?", [note_id])
            search_index.remove(self.conn, "note", [note_id])

    def list_book_notes(self, book_id: str) -> list[Note]:
        rows = self._rows(
            "SELECT notes.* FROM book_notes bn JOIN notes ON notes.id = bn.note_id "
            "WHERE bn.book_id = ? ORDER BY bn.position, bn.rowid",
            [book_id],
        )
        return [self._note(row) for row in rows]

    def attach_note(self, book_id: str, note_id: str, position: int | None = None) -> None:
        if position is None:
            row = self._one(
                "SELECT max(position) AS p FROM book_notes WHERE book_id = ?", [book_id]
            )
            position = 0 if row is None or row["p"] is None else row["p"] + 1
        with self.transaction():
            self.db.table("book_notes").upsert(
                {"book_id": book_id, "note_id": note_id, "position": position},
                pk=("book_id", "note_id"),
            )

    def detach_note(self, book_id: str, note_id: str) -> None:
        with self.transaction():
            self.conn.execute(
                "DELETE FROM book_notes WHERE book_id = ? AND note_id = ?", [book_id, note_id]
            )

    def reorder_book_notes(self, book_id: str, note_ids: Sequence[str]) -> None:
        with self.transaction():
            for position, note_id in enumerate(note_ids):
                self.conn.execute(
                    "UPDATE book_notes SET position = ? WHERE book_id = ? AND note_id = ?",
                    [position, book_id, note_id],
                )

    def list_note_summaries(self) -> list[NoteSummary]:
        """Every note as a small summary for library tables, in one query (no bodies)."""
        cursor = self.conn.execute(
            "SELECT n.id, n.title, n.sector, n.country, n.last_verified, n.internal,"
            " (SELECT count(*) FROM book_notes WHERE note_id = n.id)"
            " FROM notes n ORDER BY n.sector, n.title, n.id"
        )
        return [
            NoteSummary(
                id=row[0],
                title=row[1],
                sector=row[2],
                country=row[3],
                last_verified=parse_date(row[4]),
                internal=bool(row[5]),
                books_using=int(row[6]),
            )
            for row in cursor
        ]

    def books_using_note(self, note_id: str) -> list[Book]:
        rows = self._rows(
            "SELECT b.* FROM books b JOIN book_notes n ON n.book_id = b.id "
            "WHERE n.note_id = ? ORDER BY b.title",
            [note_id],
        )
        return [self._book(row) for row in rows]


def _person_record(saved: Person) -> dict[str, Any]:
    return {
        "id": saved.id,
        "name": saved.name,
        "native_name": saved.native_name,
        "honorific": saved.honorific,
        "title": saved.title,
        "organization": saved.organization,
        "country": saved.country,
        "bio": saved.bio,
        "photo": saved.photo,
        "photo_alt": saved.photo_alt,
        "pronunciation": saved.pronunciation,
        "languages": list_text(saved.languages),
        "tags": list_text(saved.tags),
        "source": saved.source,
        "last_verified": date_text(saved.last_verified),
        "created_at": saved.created_at,
        "updated_at": saved.updated_at,
    }
