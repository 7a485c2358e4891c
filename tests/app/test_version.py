"""One version everywhere: pyproject.toml, the code, and what `briefbook --version` prints."""

from __future__ import annotations

import tomllib
from pathlib import Path

from app import __version__
from app.cli import main

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def test_the_code_carries_the_version_of_pyproject() -> None:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    assert __version__ == project["version"]


def test_version_flag_prints_it(capsys) -> None:
    try:
        main(["--version"])
    except SystemExit as stop:
        assert stop.code in (0, None)
    assert __version__ in capsys.readouterr().out
