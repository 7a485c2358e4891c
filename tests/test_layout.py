"""The source tree keeps its shape: module sizes, import directions and no import cycles.

Imports are read from the source with ``ast`` (nothing is imported), including imports inside
functions and under ``if TYPE_CHECKING:``: a lazy import, or one for the type checker only, still
ties two modules together.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("app", "exports", "ui")
MAX_MODULE_LINES = 700


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def source_modules() -> dict[str, Path]:
    """Every module of the app's packages, by dotted name."""
    return {
        _module_name(path): path
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
    }


def _imported_names(path: Path) -> Iterator[str]:
    """Every dotted name an import statement of ``path`` names (module, or module.attribute)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


@cache
def import_graph() -> dict[str, frozenset[str]]:
    """Each module and the modules of the app's packages it imports (at any level)."""
    modules = source_modules()
    graph = {}
    for name, path in modules.items():
        imported = {found for found in _imported_names(path) if found in modules}
        imported.discard(name)
        graph[name] = frozenset(imported)
    return graph


def imports_of(module: str) -> set[str]:
    """Every dotted name ``module`` imports, including third-party ones."""
    return set(_imported_names(source_modules()[module]))


def cycles(graph: dict[str, frozenset[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start, first_successors in graph.items():
        if start in index:
            continue
        work = [(start, iter(sorted(first_successors)))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, successors = work[-1]
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = len(index)
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(sorted(graph[successor]))))
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    if len(group) > 1:
                        found.append(sorted(group))
    return found


def test_the_cycle_finder_finds_cycles() -> None:
    graph = {
        "a": frozenset({"b"}),
        "b": frozenset({"c"}),
        "c": frozenset({"a"}),
        "d": frozenset({"a"}),
        "e": frozenset({"e"}),
    }
    assert cycles(graph) == [["a", "b", "c"]]


def test_no_import_cycles_between_modules() -> None:
    assert cycles(import_graph()) == []


def test_no_source_module_over_700_lines() -> None:
    too_long = {
        name: count
        for name, path in source_modules().items()
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert too_long == {}


def test_only_the_cli_reaches_exports_and_ui_from_app() -> None:
    """app/ is the core: only the composition root (app/cli.py) may import exports or ui."""
    offenders = {
        name: sorted(
            found for found in imports_of(name) if found.split(".")[0] in ("exports", "ui")
        )
        for name in source_modules()
        if name.startswith("app.") and name != "app.cli"
    }
    assert {name: found for name, found in offenders.items() if found} == {}


def test_the_cli_reaches_the_gui_only_lazily() -> None:
    tree = ast.parse(source_modules()["app.cli"].read_text(encoding="utf-8"))
    top_level = [node for node in tree.body if isinstance(node, ast.Import | ast.ImportFrom)]
    names = {
        alias.name for node in top_level if isinstance(node, ast.Import) for alias in node.names
    }
    names |= {node.module or "" for node in top_level if isinstance(node, ast.ImportFrom)}
    assert not {name for name in names if name.split(".")[0] in ("exports", "ui")}


def test_exports_never_import_ui() -> None:
    offenders = {
        name: sorted(found for found in imports_of(name) if found.split(".")[0] == "ui")
        for name in source_modules()
        if name.startswith("exports.")
    }
    assert {name: found for name, found in offenders.items() if found} == {}


def test_widgets_know_nothing_of_the_store_or_the_context() -> None:
    """ui/widgets/ holds widgets that take plain values: never the store or the app context."""
    forbidden = ("app.store", "app.store_file", "ui.context")
    offenders = {
        name: sorted(
            found
            for found in imports_of(name)
            if any(found == banned or found.startswith(banned + ".") for banned in forbidden)
        )
        for name in source_modules()
        if name.startswith("ui.widgets.")
    }
    assert {name: found for name, found in offenders.items() if found} == {}


def test_only_ui_imports_qt() -> None:
    offenders = sorted(
        name
        for name in source_modules()
        if not name.startswith("ui")
        and any(found.split(".")[0] == "PySide6" for found in imports_of(name))
    )
    assert offenders == []


def test_ui_keeps_only_a_handful_of_modules_at_its_top() -> None:
    """Features live in ui/<feature>/ folders; ui/ itself keeps its package file and context."""
    top = sorted(path.name for path in (ROOT / "ui").glob("*.py"))
    assert top == ["__init__.py", "context.py"]
