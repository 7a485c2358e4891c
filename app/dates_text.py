"""Dates and times as a printed book shows them, in English whatever the machine's locale.

``strftime`` follows the process locale (which Qt changes on start), so month and day names are
spelled out here instead.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def long_date(value: date) -> str:
    """``2 December 2026``."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def day_heading(value: date) -> str:
    """``Wednesday 2 December 2026``."""
    return f"{WEEKDAYS[value.weekday()]} {long_date(value)}"


def date_range(start: date | None, end: date | None) -> str:
    """A trip's dates, as short as stays clear: ``1–3 December 2026``,
    ``30 November – 2 December 2026``, ``30 December 2026 – 2 January 2027``."""
    if start is None and end is None:
        return ""
    if start is None or end is None or start == end:
        return long_date(start or end)  # type: ignore[arg-type]
    if start.year != end.year:
        return f"{long_date(start)} – {long_date(end)}"
    if start.month != end.month:
        return f"{start.day} {MONTHS[start.month - 1]} – {long_date(end)}"
    return f"{start.day}–{long_date(end)}"


def clock(value: datetime) -> str:
    """``09:30``."""
    return f"{value.hour:02d}:{value.minute:02d}"


def time_span(start: datetime, end: datetime) -> str:
    """``09:00–10:30``, with ``(+1 day)`` when the meeting ends on a later date."""
    text = f"{clock(start)}–{clock(end)}"
    days = (end.date() - start.date()).days
    if days > 0:
        text += f" (+{days} day{'s' if days > 1 else ''})"
    return text


def zone_label(zone: str, moment: datetime) -> str:
    """``Asia/Baku (UTC+04:00)``: the zone's name with its offset at ``moment``."""
    try:
        offset = moment.replace(tzinfo=ZoneInfo(zone)).utcoffset()
    except (ZoneInfoNotFoundError, ValueError):
        return zone
    if offset is None:
        return zone
    sign = "+" if offset >= timedelta(0) else "-"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"{zone} (UTC{sign}{minutes // 60:02d}:{minutes % 60:02d})"
