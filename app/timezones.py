"""IANA time-zone names for pickers, listed without walking the zoneinfo folders.

``zoneinfo.available_timezones()`` stats every file under every tz path (~50 ms), which the
book form paid at start-up. The ``tzdata`` package (a dependency) ships the list as one file.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from zoneinfo import available_timezones

LEGACY_PREFIXES = ("Etc/", "SystemV/", "US/", "posix/", "right/")


@cache
def known_zones() -> frozenset[str]:
    """Every zone name the tz database knows, legacy aliases included."""
    try:
        listed = resources.files("tzdata").joinpath("zones").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return frozenset(available_timezones())
    names = frozenset(line.strip() for line in listed.splitlines() if line.strip())
    return names or frozenset(available_timezones())


@cache
def picker_zones() -> tuple[str, ...]:
    """Sorted names worth offering in a picker: Area/City zones and UTC, no legacy aliases."""
    named = {z for z in known_zones() if "/" in z and not z.startswith(LEGACY_PREFIXES)}
    return tuple(sorted(named | {"UTC"}))
