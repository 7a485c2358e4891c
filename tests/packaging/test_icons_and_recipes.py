"""packaging/make_icons.py, the smoke test's bundle, and the names the recipes share."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging_support import ROOT, load_script
from PIL import Image

from app.bundle import import_bundle
from app.resources import resource_path
from app.store import Store


def test_icons_are_made_from_the_window_icon(qapp: object, tmp_path: Path) -> None:
    # qapp first: the script reuses the session's QApplication instead of making a bare
    # QGuiApplication that would outlive the test and break every widget test after it.
    make_icons = load_script("make_icons")
    assert resource_path("icons", "briefbook.svg") == make_icons.SOURCE
    paths = make_icons.make_icons(make_icons.SOURCE, tmp_path)

    with Image.open(paths["ico"]) as ico:
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])
    with Image.open(paths["icns"]) as icns:
        assert icns.format == "ICNS"
        assert (512, 512, 2) in icns.info["sizes"]
    with Image.open(paths["png"]) as png:
        assert png.size == (1024, 1024)
        # Drawn, not blank: the rounded square's navy fills the middle, the corners stay clear.
        assert png.getpixel((512, 900))[3] == 255
        assert png.getpixel((0, 0))[3] == 0


def test_the_smoke_test_bundle_imports_as_a_new_book(tmp_path: Path) -> None:
    smoke = load_script("smoke_test")
    bundle = smoke.write_bundle(tmp_path / "trip.bbk")
    with Store.open(tmp_path / "store.sqlite") as store:
        result = import_bundle(store, bundle)
        assert store.get_book(result.book_id).title == smoke.BUNDLE_TITLE


def test_installer_uses_what_the_spec_builds() -> None:
    spec = (ROOT / "briefbook.spec").read_text(encoding="utf-8")
    iss = (ROOT / "installer" / "briefbook.iss").read_text(encoding="utf-8")
    assert 'executable("briefbook", console=False)' in spec
    assert 'executable("briefbook-cli", console=True)' in spec
    assert 'name="briefbook",' in spec  # the COLLECT folder: dist/briefbook
    assert re.search(r'^Source: "\.\.\\dist\\briefbook\\\*"', iss, re.MULTILINE)
    assert re.search(r"^SetupIconFile=\.\.\\build\\icons\\briefbook\.ico$", iss, re.MULTILINE)
    assert '#define AppExe "briefbook.exe"' in iss
    assert "PrivilegesRequired=lowest" in iss
    # The association runs what `briefbook trip.bbk` expects: the exe and the file's path.
    assert 'ValueData: """{app}\\{#AppExe}"" ""%1"""' in iss


def test_spec_reads_the_version_from_pyproject() -> None:
    spec = (ROOT / "briefbook.spec").read_text(encoding="utf-8")
    assert 'tomllib.load(pyproject)["project"]["version"]' in spec
    with (ROOT / "pyproject.toml").open("rb") as handle:
        assert tomllib.load(handle)["project"]["version"]
