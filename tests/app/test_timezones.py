"""Time-zone names for the pickers come from tzdata's list, the same zones zoneinfo knows."""

from __future__ import annotations

from zoneinfo import ZoneInfo, available_timezones

from app.timezones import known_zones, picker_zones


def test_known_zones_are_the_ones_zoneinfo_knows() -> None:
    assert {"Asia/Baku", "Europe/Istanbul", "UTC", "US/Eastern"} <= known_zones()
    assert known_zones() <= available_timezones()


def test_the_picker_lists_area_city_zones_and_utc_sorted_without_legacy_aliases() -> None:
    zones = picker_zones()
    assert list(zones) == sorted(zones)
    assert "Asia/Baku" in zones and "UTC" in zones
    assert not any(zone.startswith(("US/", "Etc/", "SystemV/")) for zone in zones)
    for zone in zones:
        ZoneInfo(zone)  # every offered name loads
