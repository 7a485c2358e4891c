"""Drag-and-drop payloads that carry record ids between the libraries and a book's pages."""

from __future__ import annotations

import json
from collections.abc import Iterable

from PySide6.QtCore import QMimeData

PERSON_IDS_MIME = "application/x-briefbook-person-ids"
NOTE_IDS_MIME = "application/x-briefbook-note-ids"


def ids_mime_data(mime_type: str, ids: Iterable[str]) -> QMimeData:
    """A payload holding ``ids`` (duplicates dropped, order kept) under ``mime_type``."""
    payload = QMimeData()
    unique = list(dict.fromkeys(ids))
    payload.setData(mime_type, json.dumps(unique).encode("utf-8"))
    return payload


def ids_from_mime(payload: QMimeData | None, mime_type: str) -> list[str]:
    """The ids in ``payload``, or [] when it holds none of ``mime_type`` or is malformed."""
    if payload is None or not payload.hasFormat(mime_type):
        return []
    try:
        decoded = json.loads(bytes(payload.data(mime_type).data()).decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return []
    if not isinstance(decoded, list):
        return []
    return [item for item in decoded if isinstance(item, str)]
