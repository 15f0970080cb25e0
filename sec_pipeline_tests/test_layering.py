"""The floors of the house: domain packages never import dagster, and no module imports itself in a circle."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "sec_pipeline"
# The Dagster-free floors: the domain packages, and the configuration and factories the CLI uses.
DAGSTER_FREE = ("sec_pipeline.edgar", "sec_pipeline.parsing", "sec_pipeline.signals", "sec_pipeline.quality",
                "sec_pipeline.store", "sec_pipeline.operations", "sec_pipeline.vocabulary", "sec_pipeline.config",
                "sec_pipeline.shutdown",
                "sec_pipeline.factories")


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = sorted(module_name(path) for path in PACKAGE.rglob("*.py") if "migrations" not in path.parts)


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=REPO)


@pytest.mark.parametrize("floor", DAGSTER_FREE)
def test_floor_imports_no_dagster(floor: str) -> None:
    """Importing the floor and every module in it loads neither dagster nor (for the store) boto3."""
    modules = [m for m in MODULES if m == floor or m.startswith(f"{floor}.")]
    banned = ("dagster", "boto3") if floor == "sec_pipeline.store" else ("dagster",)
    result = _run(f"import importlib, sys\nfor m in {modules!r}: importlib.import_module(m)\n"
                  f"bad = [m for m in {banned!r} if m in sys.modules]\nsys.exit(f'imported {{bad}}' if bad else 0)")
    assert result.returncode == 0, result.stderr[-2000:]


def test_every_module_imports_in_a_fresh_interpreter() -> None:
    result = _run(f"import importlib\nfor m in {MODULES!r}: importlib.import_module(m)")
    assert result.returncode == 0, result.stderr[-2000:]


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _import_time_statements(body: list[ast.stmt]):
    """The import statements that run when the module is imported (not in functions or TYPE_CHECKING blocks)."""
    for node in body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        elif isinstance(node, ast.If) and not _is_type_checking(node):
            yield from _import_time_statements(node.body + node.orelse)
        elif isinstance(node, ast.Try):
            yield from _import_time_statements(node.body + node.orelse + node.finalbody)


def import_graph() -> dict[str, set[str]]:
    """{module: the sec_pipeline modules it imports at import time}."""
    known = set(MODULES)
    graph: dict[str, set[str]] = {}
    for module in MODULES:
        path = REPO / Path(*module.split("."))
        path = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
        edges: set[str] = set()
        for node in _import_time_statements(ast.parse(path.read_text(), str(path)).body):
            if isinstance(node, ast.Import):
                edges |= {alias.name for alias in node.names if alias.name in known}
            elif node.module and node.level == 0 and node.module.startswith("sec_pipeline"):
                names = {f"{node.module}.{alias.name}" for alias in node.names} & known
                edges |= names or ({node.module} & known)
        graph[module] = edges - {module}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycle() -> None:
    assert cycles(import_graph()) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
