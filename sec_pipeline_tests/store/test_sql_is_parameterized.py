"""Every SQL statement in the store is built by SQLAlchemy or is a constant: no value is spliced in."""

from __future__ import annotations

import ast
from pathlib import Path

import sec_pipeline.store

SQL_CALLS = {"execute", "exec_driver_sql", "text", "executescript", "executemany"}


def _offending_calls(source: str) -> list[int]:
    bad = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and node.args:
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            first = node.args[0]
            if name in SQL_CALLS and isinstance(first, ast.JoinedStr | ast.BinOp):
                bad.append(node.lineno)
            if name in SQL_CALLS and isinstance(first, ast.Call) and getattr(first.func, "attr", "") == "format":
                bad.append(node.lineno)
    return bad


def test_no_sql_is_built_from_strings() -> None:
    root = Path(sec_pipeline.store.__file__).parent
    files = sorted(root.rglob("*.py"))
    assert len(files) >= 8
    offending = {str(p.relative_to(root)): lines for p in files if (lines := _offending_calls(p.read_text()))}
    assert offending == {}


def test_the_checker_catches_splicing() -> None:
    assert _offending_calls('conn.execute(text(f"SELECT * FROM t WHERE a = {x}"))') == [1]
    assert _offending_calls('cur.execute("DELETE FROM t WHERE a = " + x)') == [1]
    assert _offending_calls('conn.exec_driver_sql("SELECT {}".format(x))') == [1]
    assert _offending_calls('conn.execute(text("SELECT 1 WHERE a = :a"), {"a": x})') == []
