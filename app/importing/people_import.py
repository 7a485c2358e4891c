"""People from a contact list: CSV, Excel ``.xlsx`` or vCard (``.vcf``) into the library.

Three steps, so that the app can show a preview and the CLI a dry run:

1. ``read_contacts(path)`` reads and checks the file into a ``ContactTable`` (headings, rows,
   photos a vCard carries). Nothing is written; a hostile or broken file is refused here.
2. ``plan_people(store, table, mapping, photo_folder)`` decides for each row: add, update (its
   folded name matches a person already in the library: ``SAMEDDIN F. ASADOV`` is
   ``Sameddin F. Asadov``) or skip (no name, a repeat of an earlier row, nothing new), each with
   its reason. It only reads the store.
3. ``apply_people(store, plan)`` writes the plan in one transaction.
"""

from __future__ import annotations

import base64
import binascii
import csv
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from app.domain import Image, Person
from app.errors import InvalidInput
from app.images import MAX_IMAGE_BYTES, make_portrait
from app.importing.column_matching import FIELDS, has_name, match_columns
from app.importing.limits import (
    MAX_COLUMNS,
    MAX_PEOPLE_ROWS,
    MAX_TEXT_FILE_BYTES,
    OLE_MAGIC,
    ZIP_MAGIC,
    check_file_size,
    check_xml_parts,
    open_package,
    read_head,
    refuse,
)
from app.store import Store
from app.textfold import fold

PEOPLE_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".vcf", ".vcard")
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png")
MAX_CELL_CHARS = 20_000
_ENCODINGS = ("utf-8-sig", "cp1252", "latin-1")
_DELIMITERS = ",;\t|"
_LIST_SPLIT = re.compile(r"\s*[;,/]\s*")
_WORDS = re.compile(r"\w+", re.UNICODE)

ADD, UPDATE, SKIP = "add", "update", "skip"


@dataclass
class ContactTable:
    """A contact list as read: headings, rows of text, and pictures carried by rows (vCard)."""

    kind: str  # "CSV", "Excel workbook", "vCard"
    headings: list[str]
    rows: list[list[str]]
    photos: dict[int, bytes] = field(default_factory=dict)  # row index -> picture bytes
    encoding: str = ""
    delimiter: str = ""

    def suggested_mapping(self) -> list[str | None]:
        return match_columns(self.headings)


@dataclass
class RowPlan:
    """What importing one row would do, and why."""

    row: int  # 1-based, as a spreadsheet numbers data rows
    action: str  # ADD | UPDATE | SKIP
    reason: str
    person: Person | None = None  # the person as it would be saved
    photo: Image | None = None
    changed: list[str] = field(default_factory=list)  # fields an update changes


@dataclass
class PeoplePlan:
    rows: list[RowPlan]

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    def summary(self) -> str:
        return f"{self.count(ADD)} added, {self.count(UPDATE)} updated, {self.count(SKIP)} skipped"

    def report_lines(
        self, verbs: tuple[str, str, str] = ("added", "updated", "skipped")
    ) -> list[str]:
        names = dict(zip((ADD, UPDATE, SKIP), verbs, strict=True))
        lines = []
        for row in self.rows:
            who = row.person.name if row.person else ""
            label = f"row {row.row}" + (f" ({who})" if who else "")
            lines.append(f"  {names[row.action]:<8} {label}: {row.reason}")
        return lines


# --- reading --------------------------------------------------------------------------------


def name_key(name: str, schwa: str = "e") -> str:
    """A person's name folded for duplicate checks: case, accents, dots and spacing ignored."""
    return " ".join(_WORDS.findall(fold(name, schwa)))


def name_keys(name: str) -> tuple[str, ...]:
    """Every folded spelling of a name: Məmmədov is both Memmedov and Mammadov."""
    first, second = name_key(name), name_key(name, "a")
    return (first,) if first == second else (first, second)


def read_contacts(path: Path) -> ContactTable:
    """Read a ``.csv``/``.tsv``, ``.xlsx`` or ``.vcf`` contact list; refuses what it cannot read."""
    suffix = path.suffix.lower()
    if suffix not in PEOPLE_SUFFIXES:
        raise refuse(path, "it is not a contact list (.csv, .xlsx or .vcf)")
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    check_file_size(path, MAX_TEXT_FILE_BYTES)
    head = read_head(path, 8)
    if head.startswith((ZIP_MAGIC, OLE_MAGIC)):
        raise refuse(path, f"it is a zip or Office file, not the text {suffix} says")
    text, encoding = decode_text(path, path.read_bytes())
    if suffix in (".vcf", ".vcard"):
        return _read_vcards(path, text)
    table = _read_csv(path, text)
    table.encoding = encoding
    return table


def decode_text(path: Path, data: bytes) -> tuple[str, str]:
    """Text and the encoding it was read in: a BOM's, else UTF-8, else Windows-1252, else
    Latin-1 (which reads any bytes, so a file never fails on its encoding alone)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as error:
            raise refuse(path, "it is damaged UTF-16 text") from error
    if b"\x00" in data[:65536]:
        raise refuse(path, "it is a binary file, not text")
    for encoding in _ENCODINGS:
        try:
            return data.decode(encoding), "utf-8" if encoding == "utf-8-sig" else encoding
        except UnicodeDecodeError:
            continue
    raise refuse(path, "its text encoding could not be read")


def _read_csv(path: Path, text: str) -> ContactTable:
    sample = text[:65536]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=_DELIMITERS)
        delimiter = dialect.delimiter
    except csv.Error:
        first = sample.split("\n", 1)[0]
        delimiter = max(_DELIMITERS, key=first.count)
        if not first.count(delimiter):
            delimiter = ","
    csv.field_size_limit(MAX_CELL_CHARS)
    rows: list[list[str]] = []
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        for row in reader:
            if len(rows) > MAX_PEOPLE_ROWS:
                raise refuse(path, f"it has more than {MAX_PEOPLE_ROWS:,} rows; split the list")
            if len(row) > MAX_COLUMNS:
                raise refuse(path, f"it has more than {MAX_COLUMNS} columns")
            if any(cell.strip() for cell in row):
                rows.append([cell.strip() for cell in row])
    except csv.Error as error:
        raise refuse(path, f"it is not readable CSV ({error})") from error
    if not rows:
        raise refuse(path, "it has no rows")
    headings, *data = rows
    if len(rows) > MAX_PEOPLE_ROWS:
        raise refuse(path, f"it has more than {MAX_PEOPLE_ROWS:,} rows; split the list")
    return ContactTable(kind="CSV", headings=headings, rows=data, delimiter=delimiter)


def _read_xlsx(path: Path) -> ContactTable:
    with open_package(path, "Excel workbook", "xl/workbook.xml") as package:
        check_xml_parts(path, package)
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_vba=False)
    except (InvalidFileException, KeyError, ValueError, OSError, TypeError) as error:
        raise refuse(path, f"it is not a readable Excel workbook ({error})") from error
    except Exception as error:  # openpyxl raises many kinds for broken parts
        raise refuse(path, f"it is not a readable Excel workbook ({error})") from error
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise refuse(path, "it has no worksheet")
        declared = sheet.max_row or 0
        if declared > MAX_PEOPLE_ROWS + 1:
            raise refuse(path, f"its sheet claims {declared:,} rows, more than {MAX_PEOPLE_ROWS:,}")
        # Some writers store a wrong size: read the rows that are there (up to the cap).
        sheet.reset_dimensions()
        rows: list[list[str]] = []
        for values in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
            if len(rows) > MAX_PEOPLE_ROWS:
                raise refuse(path, f"it has more than {MAX_PEOPLE_ROWS:,} rows; split the list")
            cells = [_cell_text(value) for value in values]
            while cells and not cells[-1]:
                cells.pop()  # read-only sheets pad every row to max_col
            if cells:
                rows.append(cells)
    except InvalidInput:
        raise
    except Exception as error:
        raise refuse(path, f"its sheet could not be read ({error})") from error
    finally:
        workbook.close()
    if not rows:
        raise refuse(path, "its first sheet is empty")
    headings, *data = rows
    width = max(len(row) for row in rows)
    headings += [""] * (width - len(headings))
    data = [row + [""] * (width - len(row)) for row in data]
    return ContactTable(kind="Excel workbook", headings=headings, rows=data)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if hasattr(value, "isoformat"):
        return str(value.isoformat())[:10]
    return str(value).strip()[:MAX_CELL_CHARS]


_VCARD_HEADINGS = [
    "Full name",
    "Honorific",
    "Title",
    "Organization",
    "Country",
    "Languages",
    "Categories",
    "Note",
    "Source",
]


def _read_vcards(path: Path, text: str) -> ContactTable:
    import vobject

    if "BEGIN:VCARD" not in text.upper():
        raise refuse(path, "it holds no vCard (BEGIN:VCARD)")
    if text.upper().count("BEGIN:VCARD") > MAX_PEOPLE_ROWS:
        raise refuse(path, f"it has more than {MAX_PEOPLE_ROWS:,} contacts; split the file")
    rows: list[list[str]] = []
    photos: dict[int, bytes] = {}
    try:
        for card in vobject.readComponents(text, ignoreUnreadable=True):
            if getattr(card, "name", "").upper() != "VCARD":
                continue
            row, photo = _vcard_row(card)
            if photo:
                photos[len(rows)] = photo
            rows.append(row)
    except Exception as error:  # vobject raises ParseError and others for a broken card
        line = getattr(error, "lineNumber", None)
        where = f" near line {line}" if line else ""
        raise refuse(path, f"it is not a readable vCard file{where}") from error
    if not rows:
        raise refuse(path, "it holds no contacts")
    return ContactTable(kind="vCard", headings=list(_VCARD_HEADINGS), rows=rows, photos=photos)


def _values(card: Any, key: str) -> list[Any]:
    return [item.value for item in card.contents.get(key, [])]


def _first(card: Any, key: str) -> Any:
    found = _values(card, key)
    return found[0] if found else None


def _vcard_row(card: Any) -> tuple[list[str], bytes | None]:
    name = str(_first(card, "fn") or "").strip()
    structured = _first(card, "n")
    prefix = ""
    if structured is not None:
        prefix = str(getattr(structured, "prefix", "") or "").strip()
        if not name:
            parts = [structured.given, structured.additional, structured.family]
            name = " ".join(
                " ".join(part) if isinstance(part, list) else str(part or "") for part in parts
            ).strip()
    org = _first(card, "org")
    organization = ", ".join(p for p in org if p) if isinstance(org, list) else str(org or "")
    title = str(_first(card, "title") or _first(card, "role") or "")
    address = _first(card, "adr")
    country = str(getattr(address, "country", "") or "") if address is not None else ""
    languages = ", ".join(str(value) for value in _values(card, "lang"))
    categories = _first(card, "categories")
    tags = ", ".join(categories) if isinstance(categories, list) else str(categories or "")
    note = str(_first(card, "note") or "")
    source = str(_first(card, "source") or "")
    row = [name, prefix, title, organization, country, languages, tags, note, source]
    return [cell.strip()[:MAX_CELL_CHARS] for cell in row], _vcard_photo(card)


def _vcard_photo(card: Any) -> bytes | None:
    photo = card.contents.get("photo", [None])[0]
    if photo is None:
        return None
    value = photo.value
    if isinstance(value, bytes):  # vCard 3: ENCODING=b, decoded by vobject
        return value
    text = str(value or "")
    if text.startswith("data:") and ";base64," in text:  # vCard 4: a data: URI
        try:
            return base64.b64decode(text.split(",", 1)[1], validate=False)
        except (binascii.Error, ValueError):
            return b"not a picture"
    return None  # a link to a picture elsewhere is never fetched


# --- planning -------------------------------------------------------------------------------


def _row_values(row: Sequence[str], mapping: Sequence[str | None]) -> dict[str, str]:
    values: dict[str, str] = {}
    for index, key in enumerate(mapping):
        if key is None or index >= len(row):
            continue
        cell = row[index].strip()
        if cell and key not in values:
            values[key] = cell
    if "name" not in values:
        joined = " ".join(v for v in (values.get("first_name"), values.get("last_name")) if v)
        if joined:
            values["name"] = joined
    return values


def _split_list(text: str) -> list[str]:
    return [item for item in _LIST_SPLIT.split(text) if item]


_TEXT_FIELDS = (
    "honorific",
    "title",
    "organization",
    "country",
    "native_name",
    "pronunciation",
    "bio",
    "source",
)


def _apply_values(person: Person, values: dict[str, str]) -> tuple[Person, list[str]]:
    """``person`` with the row's non-empty values; lists gain new items. Returns the changed
    field names (labels)."""
    changed: list[str] = []
    updated = replace(person)
    if values.get("name") and values["name"] != person.name and not person.name:
        updated.name = values["name"]
    for key in _TEXT_FIELDS:
        new = values.get(key, "")
        if new and new != getattr(person, key):
            setattr(updated, key, new)
            changed.append(FIELDS[key].lower())
    for key in ("languages", "tags"):
        if key in values:
            current: list[str] = list(getattr(person, key))
            folded = {fold(item) for item in current}
            added = [item for item in _split_list(values[key]) if fold(item) not in folded]
            if added:
                setattr(updated, key, current + added)
                changed.append(FIELDS[key].lower())
    return updated, changed


def find_photo(
    folder: Path, values: dict[str, str], name: str, listing: Sequence[Path] | None = None
) -> Path | None:
    """The picture in ``folder`` for a row: the file its photo column names, else a file whose
    name is the person's (folded: ``sameddin_f_asadov.jpg`` for Sameddin F. Asadov)."""
    named = values.get("photo", "")
    if named:
        candidate = folder / Path(named.replace("\\", "/")).name
        if candidate.suffix.lower() in PHOTO_SUFFIXES and candidate.is_file():
            return candidate
    wanted = name_key(name)
    surname = wanted.split()[-1] if wanted else ""
    loose = None
    for entry in _photo_files(folder) if listing is None else listing:
        stem = name_key(entry.stem.replace("_", " "))
        if stem == wanted:
            return entry
        if stem and stem.split() == [wanted.split()[0], surname] and loose is None:
            loose = entry  # "sameddin-asadov.jpg" for "Sameddin F. Asadov"
    return loose


def _photo_files(folder: Path) -> list[Path]:
    try:
        return sorted(
            entry
            for entry in folder.iterdir()
            if entry.suffix.lower() in PHOTO_SUFFIXES and entry.is_file()
        )
    except OSError:
        return []


def _portrait(source: str, data: bytes) -> Image:
    if len(data) > MAX_IMAGE_BYTES:
        raise InvalidInput(f"The photo {source} is larger than {MAX_IMAGE_BYTES // 2**20} MB.")
    try:
        return make_portrait(data)
    except InvalidInput as error:
        reason = str(error).split(";")[0].rstrip(".")
        raise InvalidInput(
            f"The photo {source} was not imported: {reason[:1].lower()}{reason[1:]}."
        ) from error


def plan_people(
    store: Store,
    table: ContactTable,
    mapping: Sequence[str | None] | None = None,
    photo_folder: Path | None = None,
    progress: Callable[[float], None] | None = None,
) -> PeoplePlan:
    """Decide what each row does. Reads the store, never writes it."""
    chosen = list(mapping if mapping is not None else table.suggested_mapping())
    if not has_name(chosen):
        raise InvalidInput(
            "No column holds the name (a heading such as “Name” or “Full name”); "
            "choose which column holds it."
        )
    # Names only (summaries skip bios and photos: a library of 10,000 reads in ~70 ms); the
    # full record is read for the people a row matches.
    existing: dict[str, str] = {}
    people = store.list_people_summaries()
    for summary in people:
        for spelling in name_keys(summary.name):
            existing.setdefault(spelling, summary.id)
    for summary in people:  # a list may give the name in its own script
        for spelling in name_keys(summary.native_name) if summary.native_name.strip() else ():
            existing.setdefault(spelling, summary.id)
    seen: dict[str, int] = {}
    planned: list[RowPlan] = []
    listing: list[Path] | None = None
    total = max(len(table.rows), 1)
    for index, row in enumerate(table.rows):
        if progress and index % 100 == 0:
            progress(index / total)
        number = index + 1
        values = _row_values(row, chosen)
        name = " ".join(values.get("name", "").split())
        if not name:
            planned.append(RowPlan(number, SKIP, "no name"))
            continue
        keys = name_keys(name)
        earlier = next((seen[key] for key in keys if key in seen), None)
        if earlier is not None:
            planned.append(
                RowPlan(number, SKIP, f"same person as row {earlier}", Person(name=name))
            )
            continue
        for key in keys:
            seen[key] = number
        photo_source: tuple[str, bytes] | None = None
        photo_note = ""
        if index in table.photos:
            photo_source = (f"of row {number}", table.photos[index])
            photo_note = ", with the card's photo"
        elif photo_folder is not None:
            if listing is None:
                listing = _photo_files(photo_folder)
            found = find_photo(photo_folder, values, name, listing)
            if found is not None:
                with found.open("rb") as handle:
                    photo_source = (found.name, handle.read(MAX_IMAGE_BYTES + 1))
                photo_note = f", with the photo {found.name}"
        photo = _portrait(*photo_source) if photo_source else None
        match_id = next((existing[key] for key in keys if key in existing), None)
        match = store.get_person(match_id) if match_id is not None else None
        if match is None:
            person, _changed = _apply_values(Person(name=name), values)
            if photo is not None:
                person.photo = photo.sha256
                person.photo_alt = f"Portrait of {name}"
            planned.append(RowPlan(number, ADD, f"new to the library{photo_note}", person, photo))
            continue
        person, changed = _apply_values(match, values)
        if photo is not None and photo.sha256 != match.photo:
            person.photo = photo.sha256
            person.photo_alt = person.photo_alt or f"Portrait of {match.name}"
            changed.append(f"photo ({photo_source[0]})" if photo_source else "photo")
        if not changed:
            planned.append(
                RowPlan(
                    number, SKIP, f"already in the library as “{match.name}”, nothing new", match
                )
            )
            continue
        planned.append(
            RowPlan(
                number,
                UPDATE,
                f"already in the library as “{match.name}”: updates {', '.join(changed)}",
                person,
                photo,
                changed,
            )
        )
    if progress:
        progress(1.0)
    return PeoplePlan(planned)


def apply_people(store: Store, plan: PeoplePlan) -> PeoplePlan:
    """Write the plan's additions and updates in one transaction; returns the plan."""
    written = [row for row in plan.rows if row.action != SKIP and row.person is not None]
    with store.transaction():
        for row in written:
            if row.photo is not None:
                store.put_image(row.photo)
        store.save_people([row.person for row in written if row.person is not None])
    return plan


def import_people(
    store: Store,
    path: Path,
    *,
    dry_run: bool = False,
    photo_folder: Path | None = None,
    mapping: Sequence[str | None] | None = None,
) -> tuple[ContactTable, PeoplePlan]:
    """Read, plan and (unless ``dry_run``) write: the CLI's one call."""
    table = read_contacts(path)
    plan = plan_people(store, table, mapping, photo_folder)
    if not dry_run:
        apply_people(store, plan)
    return table, plan
