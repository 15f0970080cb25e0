"""Keys: only a salted hash is stored, the secret is shown once, `sec-pipeline keys` create/list/revoke."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from sec_pipeline.cli import main
from sec_pipeline.serving.keys import KEY_PATTERN, KeyRing
from sec_pipeline.store import Store, schema


def test_only_a_salted_hash_is_stored(store: Store):
    ring = KeyRing(store.engine)
    first, second = ring.create("a", ["read"]), ring.create("b", ["read"])
    with store.engine.connect() as conn:
        rows = conn.execute(select(schema.api_keys)).mappings().all()
    stored = " ".join(str(value) for row in rows for value in row.values())
    for created in (first, second):
        assert KEY_PATTERN.fullmatch(created.secret).group(2) not in stored
    assert rows[0]["salt"] != rows[1]["salt"] and rows[0]["secret_hash"] != rows[1]["secret_hash"]
    assert ring.authenticate(first.secret).key.id == first.info.id
    tampered = first.secret[:-1] + ("A" if first.secret[-1] != "A" else "B")
    assert ring.authenticate(tampered).reason == "unknown_key"
    other_secret = f"secp_{first.info.prefix}_{KEY_PATTERN.fullmatch(second.secret).group(2)}"
    assert ring.authenticate(other_secret).reason == "unknown_key", "a secret only proves its own prefix"


def test_bootstrap_admin_key_answers_only_where_configured(store: Store):
    secret = "b" * 43
    assert KeyRing(store.engine).authenticate(secret).reason == "malformed"
    ring = KeyRing(store.engine, bootstrap_admin_key=secret)
    verdict = ring.authenticate(secret)
    assert verdict.key is not None and verdict.key.id == 0 and verdict.key.allows("admin")
    assert ring.authenticate(secret + "b").reason == "malformed" and ring.list() == []


def test_last_used_is_recorded(store: Store):
    ring = KeyRing(store.engine)
    created = ring.create("a", ["admin"])
    assert ring.list()[0].last_used_at is None
    ring.authenticate(created.secret)
    assert ring.list()[0].last_used_at is not None


def _environ(tmp_path):
    return {"SEC_PIPELINE_HOME": str(tmp_path / "home")}


def test_keys_cli_create_prints_the_secret_alone_on_the_last_line(tmp_path, capsys):
    assert main(["keys", "create", "--admin", "--name", "bootstrap"], _environ(tmp_path)) == 0
    out = capsys.readouterr().out.splitlines()
    assert KEY_PATTERN.fullmatch(out[-1]) and "scopes: admin" in out[0]
    assert main(["keys", "create", "--name", "notebooks", "--scope", "read", "--scope", "process"],
                _environ(tmp_path)) == 0
    secret = capsys.readouterr().out.splitlines()[-1]
    assert main(["keys", "list"], _environ(tmp_path)) == 0
    listing = capsys.readouterr().out
    assert "bootstrap" in listing and "read,process" in listing and secret not in listing
    assert KEY_PATTERN.fullmatch(secret).group(2) not in listing
    assert main(["keys", "revoke", "2"], _environ(tmp_path)) == 0
    assert "revoked key 2 'notebooks'" in capsys.readouterr().out
    assert main(["keys", "revoke", "99"], _environ(tmp_path)) == 1
    assert "key 99 does not exist" in capsys.readouterr().err


def test_keys_cli_refuses_a_blank_name(tmp_path, capsys):
    assert main(["keys", "create", "--name", "  "], _environ(tmp_path)) == 2
    assert "key name '' must be 1 to 128 printable characters" in capsys.readouterr().err


def test_the_app_imports_no_dagster_and_runs_without_it(tmp_path):
    code = f"""
import sys
from pathlib import Path
from fastapi.testclient import TestClient
from sec_pipeline.serving import create_app
import sec_pipeline.serving.launcher
from sec_pipeline_tests.serving.conftest import FakeLauncher, api_config
app = create_app(api_config(__import__('pathlib').Path({str(tmp_path)!r}), 'sqlite:///{tmp_path}/a.db'),
                 launcher=FakeLauncher())
with TestClient(app) as client:
    assert client.get('/health').status_code == 200
    assert client.get('/signals').status_code == 401
sys.exit('imported dagster' if 'dagster' in sys.modules else 0)
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                            cwd=Path(__file__).resolve().parents[2])
    assert result.returncode == 0, result.stderr[-2000:]
