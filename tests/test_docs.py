"""The docs and the code agree: paths the architecture page names exist, and every command of
the CLI is documented and has help text (the idea of sqlite-utils' tests/test_docs.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app import cli

ROOT = Path(__file__).resolve().parents[1]
ARCHITECTURE = ROOT / "docs" / "architecture.md"
TOP_LEVEL = (
    "app/",
    "exports/",
    "ui/",
    "tests/",
    "resources/",
    "docs/",
    "benchmarks/",
    "packaging/",
)


def shared_folder() -> Path | None:
    """The team's shared folder (``../shared`` of the main checkout; found upwards from a
    worktree), or None where the project is checked out alone."""
    for folder in ROOT.parents:
        if (folder / "shared" / "spec").is_dir():
            return folder / "shared"
    return None


def named_paths(markdown: str) -> list[str]:
    """Every `code` span that names a file or folder of the project (or of ../shared/)."""
    spans = re.findall(r"`([^`\s]+)`", markdown)
    return [span for span in spans if span.startswith((*TOP_LEVEL, "../shared/"))]


def resolves(name: str) -> bool:
    """True when ``name`` is a path that exists, or a module path with attributes after it
    (``ui/window/page_host.PageHost``, ``app/cli.py::main``)."""
    name = name.split("::", maxsplit=1)[0]
    if name.startswith("../shared/"):
        shared = shared_folder()
        if shared is None:
            return True  # nothing to check against outside the team's checkout
        return (shared / name.removeprefix("../shared/")).exists()
    if (ROOT / name).exists():
        return True
    module, _, _attributes = name.partition(".")
    return (ROOT / f"{module}.py").is_file() or (ROOT / module).is_dir()


def test_named_paths_are_found() -> None:
    assert named_paths("see `app/store.py`, `ui/window/page_host.PageHost` and `backups/`") == [
        "app/store.py",
        "ui/window/page_host.PageHost",
    ]
    assert resolves("ui/window/page_host.PageHost")
    assert not resolves("ui/page_host.PageHost")
    assert not resolves("app/nowhere.py")


def test_every_path_the_architecture_page_names_exists() -> None:
    names = named_paths(ARCHITECTURE.read_text(encoding="utf-8"))
    assert names, "docs/architecture.md names no paths?"
    assert [name for name in names if not resolves(name)] == []


def _documented(command: str) -> bool:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    if re.search(rf"briefbook(\s+--store\s+\S+)?\s+{re.escape(command)}\b", readme):
        return True
    shared = shared_folder()
    if shared is None:
        return False
    spec = (shared / "spec" / "cli.md").read_text(encoding="utf-8")
    return re.search(rf"^\|[^|`]*`{re.escape(command)}\b", spec, re.MULTILINE) is not None


@pytest.mark.parametrize("command", cli.COMMANDS)
def test_every_command_is_documented(command: str) -> None:
    assert _documented(command), f"`briefbook {command}` is in neither README.md nor spec/cli.md"


@pytest.mark.parametrize("command", cli.SUBCOMMANDS, ids=lambda command: command.name)
def test_every_command_has_help(
    command: cli.Subcommand, capsys: pytest.CaptureFixture[str]
) -> None:
    assert command.help.strip()
    assert cli.main([command.name, "--help"]) == 0
    assert capsys.readouterr().out.startswith(f"usage: briefbook {command.name}")
    assert cli.main(["--help"]) == 0
    assert command.help in " ".join(capsys.readouterr().out.split())
