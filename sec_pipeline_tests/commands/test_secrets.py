"""A database password never leaves: `run`, `db status` and `health` with a DATABASE_URL that carries a secret
(malformed, or good enough for a whole run) write it nowhere: not to stdout or stderr, not to Dagster's event log
or compute logs, not to the app tables, not to any file under the homes (compressed snapshots opened)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from sec_pipeline_tests.commands.helpers import cli_environ

SECRET = "Zq7-secret-Pw"
REPO = Path(__file__).resolve().parents[2]
DATE = "1999-09-28"  # a 10-K and an 8-K


def _cli(environ: dict[str, str], *argv: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "DAGSTER_HOME")}
    env.update(environ, PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, "-m", "sec_pipeline.cli", *argv], env=env, capture_output=True,
                          text=True, timeout=600, check=False)


def _sqlite_texts(path: Path) -> list[str]:
    """Every value of every table of a SQLite file, compressed values (Dagster's snapshots) opened."""
    texts = []
    with sqlite3.connect(path) as conn:
        tables = [row[0] for row in conn.execute("select name from sqlite_master where type = 'table'")]
        for table in tables:
            for row in conn.execute(f'select * from "{table}"'):  # noqa: S608 - table names from the file itself
                for value in row:
                    if isinstance(value, bytes):
                        try:
                            value = zlib.decompress(value)
                        except zlib.error:
                            pass
                        value = value.decode("utf-8", "replace")
                    texts.append(str(value))
    return texts


def _leaks(root: Path) -> list[str]:
    """The files under `root` (and the SQLite tables in them) that hold the secret."""
    found = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if SECRET.encode() in data:
            found.append(str(path))
        elif data.startswith(b"SQLite format 3") and any(SECRET in text for text in _sqlite_texts(path)):
            found.append(f"{path} (a table)")
    return found


@pytest.mark.parametrize("url", [
    f"postgresql://user:{SECRET}@db.example:notaport/sec",  # a non-numeric port
    f"postgresql://:{SECRET}@db.example:notaport/sec",  # an empty user name
    f"postgresql://user:p@{SECRET}@127.0.0.1:1/sec",  # an unencoded "@" in the password
])
@pytest.mark.parametrize("argv", [["run", "--date", DATE], ["db", "status"], ["health"]])
def test_a_malformed_database_url_is_refused_without_showing_its_password(tmp_path, url, argv):
    done = _cli(cli_environ(tmp_path, "http://127.0.0.1:9", DATABASE_URL=url), *argv)
    assert done.returncode != 0
    assert SECRET not in done.stdout + done.stderr
    assert "***" in done.stdout + done.stderr, "the message names the URL, masked"
    assert "Traceback" not in done.stderr
    assert _leaks(tmp_path) == []


def test_a_whole_run_on_postgresql_with_a_password_writes_it_nowhere(tmp_path, edgar_mirror, postgres_server):
    import psycopg

    name = postgres_server.create()
    admin = make_url(postgres_server.admin_url)
    url = f"postgresql://{admin.username or 'postgres'}:{SECRET}@{admin.host}:{admin.port or 5432}/{name}"
    environ = cli_environ(tmp_path, edgar_mirror, DATABASE_URL=url, SEC_PIPELINE_EXECUTOR="in_process")
    try:
        outputs = [_cli(environ, "db", "migrate"), _cli(environ, "run", "--date", DATE),
                   _cli(environ, "db", "status"), _cli(environ, "health")]
        run = outputs[1]
        assert run.returncode in (0, 1), run.stderr[-3000:]
        assert "postgresql" in run.stdout and "***" in run.stdout, "the run names its database, masked"
        for done in outputs:
            assert SECRET not in done.stdout and SECRET not in done.stderr, done.args
        home = tmp_path / "home"
        assert list(home.rglob("compute_logs/*")) and list(home.rglob("history/runs/*.db")), "the run wrote logs"
        assert _leaks(tmp_path) == []
        with psycopg.connect(postgres_server.url_for(name).replace("+psycopg", "")) as conn:
            tables = [row[0] for row in conn.execute(
                "select table_name from information_schema.tables where table_schema = 'public'")]
            rows = {table: conn.execute(f'select * from "{table}"').fetchall() for table in tables}  # noqa: S608
        assert rows["filings"], "the run stored its filings"
        assert [table for table, values in rows.items() if SECRET in repr(values)] == []
    finally:
        postgres_server.drop(name)
