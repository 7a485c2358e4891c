"""House styles in the store: the only SQL of ``app.styles`` (tables from migration 6).

A style's plain values are one JSON object (``settings``); the bytes it embeds (logo, added
TrueType files, reference Word document) are kept once by SHA-256 in ``house_style_files`` and
named from the settings. Files no style names any more are removed with the change that
dropped them.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from app.domain import Image, now_stamp
from app.errors import InvalidInput, NotFound
from app.store import Store
from app.styles.model import (
    BUILTIN_ID,
    DEFAULT_BASE_SIZE,
    DEFAULT_HEADING_COLOURS,
    HouseStyle,
    Margins,
    builtin_style,
    validate,
)

_DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_FONT_MIME = "font/ttf"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def style_settings(style: HouseStyle) -> dict[str, Any]:
    """A style's plain values as JSON-ready data (files named by SHA-256, without bytes)."""
    settings: dict[str, Any] = {
        "body_font": style.body_font,
        "heading_font": style.heading_font,
        "base_size": style.base_size,
        "heading_colours": list(style.heading_colours),
        "page_size": style.page_size,
        "margins_mm": list(style.margins.as_tuple()) if style.margins else None,
        "logo_in_header": style.logo_in_header,
        "letterhead": style.letterhead,
        "cover_layout": style.cover_layout,
        "reference_name": style.reference_name,
    }
    if style.logo is not None:
        settings["logo"] = {
            "sha256": style.logo.sha256,
            "mime": style.logo.mime,
            "width": style.logo.width,
            "height": style.logo.height,
        }
    if style.reference is not None:
        settings["reference"] = _sha(style.reference)
    settings["fonts"] = {
        family: {slot: _sha(data) for slot, data in slots.items()}
        for family, slots in style.fonts.items()
    }
    return settings


def apply_settings(style: HouseStyle, settings: dict[str, Any]) -> None:
    """Fill ``style``'s plain values from ``settings`` (missing keys keep the defaults)."""
    style.body_font = str(settings.get("body_font") or style.body_font)
    style.heading_font = str(settings.get("heading_font") or style.heading_font)
    style.base_size = float(settings.get("base_size") or DEFAULT_BASE_SIZE)
    colours = settings.get("heading_colours") or list(DEFAULT_HEADING_COLOURS)
    style.heading_colours = (str(colours[0]), str(colours[1]), str(colours[2]))
    style.page_size = str(settings.get("page_size") or "")
    margins = settings.get("margins_mm")
    style.margins = Margins(*(float(v) for v in margins)) if margins else None
    style.logo_in_header = bool(settings.get("logo_in_header", False))
    style.letterhead = str(settings.get("letterhead") or "")
    style.cover_layout = str(settings.get("cover_layout") or "classic")
    style.reference_name = str(settings.get("reference_name") or "")


class StyleRecords:
    """House styles of one open store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.conn = store.conn

    # --- reading ------------------------------------------------------------------------

    def _file(self, sha256: str) -> bytes:
        row = self.conn.execute(
            "SELECT data FROM house_style_files WHERE sha256 = ?", [sha256]
        ).fetchone()
        if row is None:
            raise NotFound(f"A file of a house style is missing from the store ({sha256[:12]}).")
        return bytes(row[0])

    def _style(self, row: tuple[Any, ...]) -> HouseStyle:
        ident, name, settings_text, _default, created_at, updated_at = row
        settings = json.loads(settings_text or "{}")
        style = HouseStyle(name=name, id=ident, created_at=created_at, updated_at=updated_at)
        apply_settings(style, settings)
        logo = settings.get("logo")
        if logo:
            style.logo = Image(
                logo["sha256"],
                logo["mime"],
                self._file(logo["sha256"]),
                int(logo.get("width", 0)),
                int(logo.get("height", 0)),
            )
        if settings.get("reference"):
            style.reference = self._file(settings["reference"])
        style.fonts = {
            family: {slot: self._file(sha) for slot, sha in slots.items()}
            for family, slots in (settings.get("fonts") or {}).items()
        }
        return style

    _COLUMNS = "id, name, settings, is_default, created_at, updated_at"

    def list_styles(self) -> list[HouseStyle]:
        """The built-in style first, then the store's styles by name."""
        rows = self.conn.execute(
            f"SELECT {self._COLUMNS} FROM house_styles ORDER BY name COLLATE NOCASE"
        ).fetchall()
        return [builtin_style(), *(self._style(row) for row in rows)]

    def style_names(self) -> list[tuple[str, str]]:
        """``(id, name)`` of every style, the built-in first (cheap: no files are read)."""
        rows = self.conn.execute(
            "SELECT id, name FROM house_styles ORDER BY name COLLATE NOCASE"
        ).fetchall()
        return [(BUILTIN_ID, builtin_style().name), *((r[0], r[1]) for r in rows)]

    def get_style(self, style_id: str) -> HouseStyle:
        if style_id == BUILTIN_ID:
            return builtin_style()
        row = self.conn.execute(
            f"SELECT {self._COLUMNS} FROM house_styles WHERE id = ?", [style_id]
        ).fetchone()
        if row is None:
            raise NotFound("That house style is not in the store (it may have been deleted).")
        return self._style(row)

    def find_style(self, ref: str) -> HouseStyle:
        """A style by id or by name (case does not matter)."""
        wanted = " ".join(ref.split())
        if wanted.casefold() in (BUILTIN_ID, builtin_style().name.casefold()):
            return builtin_style()
        row = self.conn.execute(
            f"SELECT {self._COLUMNS} FROM house_styles WHERE id = ? OR name = ? COLLATE NOCASE",
            [wanted, wanted],
        ).fetchone()
        if row is None:
            names = ", ".join(name for _, name in self.style_names())
            raise NotFound(
                f'There is no house style "{wanted}" in the store; the styles are: {names}.'
            )
        return self._style(row)

    def default_style_id(self) -> str:
        row = self.conn.execute("SELECT id FROM house_styles WHERE is_default = 1").fetchone()
        return str(row[0]) if row else BUILTIN_ID

    def book_style_id(self, book_id: str) -> str | None:
        """The style a book chose, or None when it follows the default."""
        row = self.conn.execute(
            "SELECT style_id FROM book_styles WHERE book_id = ?", [book_id]
        ).fetchone()
        return str(row[0]) if row else None

    def style_for_book(self, book_id: str) -> HouseStyle:
        """The style a book exports in: its own choice, else the store's default."""
        chosen = self.book_style_id(book_id)
        if chosen is not None:
            try:
                return self.get_style(chosen)
            except NotFound:
                pass  # deleted since: the default stands in
        return self.get_style(self.default_style_id())

    def style_name_for_book(self, book_id: str) -> str:
        """The name of the style a book exports in (cheap: no files are read)."""
        names = dict(self.style_names())
        chosen = self.book_style_id(book_id)
        return names.get(chosen or "", names[self.default_style_id()])

    # --- writing ------------------------------------------------------------------------

    def _put_file(self, data: bytes, mime: str) -> str:
        sha = _sha(data)
        self.conn.execute(
            "INSERT OR IGNORE INTO house_style_files (sha256, mime, data, size, created_at) "
            "VALUES (?, ?, ?, ?, ?)",
            [sha, mime, data, len(data), now_stamp()],
        )
        return sha

    def _prune_files(self) -> None:
        used: set[str] = set()
        for (text,) in self.conn.execute("SELECT settings FROM house_styles"):
            settings = json.loads(text or "{}")
            if settings.get("logo"):
                used.add(settings["logo"]["sha256"])
            if settings.get("reference"):
                used.add(settings["reference"])
            for slots in (settings.get("fonts") or {}).values():
                used.update(slots.values())
        for (sha,) in self.conn.execute("SELECT sha256 FROM house_style_files").fetchall():
            if sha not in used:
                self.conn.execute("DELETE FROM house_style_files WHERE sha256 = ?", [sha])

    def save_style(self, style: HouseStyle, *, keep_timestamp: bool = False) -> HouseStyle:
        """Create or update a style (by id); refuses the built-in style and bad values."""
        if style.builtin:
            raise InvalidInput("The built-in style cannot be changed; make a new style instead.")
        problems = validate(style)
        if problems:
            raise InvalidInput(" ".join(problems))
        saved = style.copy(name=" ".join(style.name.split()))
        stamp = now_stamp()
        if not (keep_timestamp and saved.updated_at):
            saved.updated_at = stamp
        clash = self.conn.execute(
            "SELECT id FROM house_styles WHERE name = ? COLLATE NOCASE AND id != ?",
            [saved.name, saved.id],
        ).fetchone()
        if clash:
            raise InvalidInput(f'There is already a house style named "{saved.name}".')
        with self.store.transaction():
            existing = self.conn.execute(
                "SELECT created_at FROM house_styles WHERE id = ?", [saved.id]
            ).fetchone()
            saved.created_at = saved.created_at or (existing[0] if existing else stamp)
            if saved.logo is not None:
                self._put_file(saved.logo.data, saved.logo.mime)
            if saved.reference is not None:
                self._put_file(saved.reference, _DOCX_MIME)
            for slots in saved.fonts.values():
                for data in slots.values():
                    self._put_file(data, _FONT_MIME)
            settings = json.dumps(style_settings(saved), ensure_ascii=False, sort_keys=True)
            if existing:
                self.conn.execute(
                    "UPDATE house_styles SET name = ?, settings = ?, updated_at = ? WHERE id = ?",
                    [saved.name, settings, saved.updated_at, saved.id],
                )
            else:
                self.conn.execute(
                    "INSERT INTO house_styles (id, name, settings, is_default, created_at, "
                    "updated_at) VALUES (?, ?, ?, 0, ?, ?)",
                    [saved.id, saved.name, settings, saved.created_at, saved.updated_at],
                )
            self._prune_files()
        return saved

    def delete_style(self, style_id: str) -> None:
        """Delete a style; books that chose it follow the default again."""
        if style_id == BUILTIN_ID:
            raise InvalidInput("The built-in style cannot be deleted.")
        with self.store.transaction():
            self.conn.execute("DELETE FROM book_styles WHERE style_id = ?", [style_id])
            self.conn.execute("DELETE FROM house_styles WHERE id = ?", [style_id])
            self._prune_files()

    def set_default_style(self, style_id: str) -> None:
        """Make a style the default for books that did not choose one (built-in: none flagged)."""
        if style_id != BUILTIN_ID:
            self.get_style(style_id)
        with self.store.transaction():
            self.conn.execute("UPDATE house_styles SET is_default = (id = ?)", [style_id])

    def set_book_style(self, book_id: str, style_id: str | None) -> None:
        """Choose a book's style; None makes it follow the default."""
        self.store.get_book(book_id)
        if style_id is not None and style_id != BUILTIN_ID:
            self.get_style(style_id)
        with self.store.transaction():
            if style_id is None:
                self.conn.execute("DELETE FROM book_styles WHERE book_id = ?", [book_id])
            else:
                self.conn.execute(
                    "INSERT OR REPLACE INTO book_styles (book_id, style_id) VALUES (?, ?)",
                    [book_id, style_id],
                )
