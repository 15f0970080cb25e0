"""The authorization matrix on every endpoint: no key, malformed, unknown, revoked, wrong scope, right scope,
admin; every refusal is in auth_events and in one `auth_refused` log line, never with a secret."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from sec_pipeline.serving.keys import KEY_PATTERN
from sec_pipeline.store import schema
from sec_pipeline_tests.serving.conftest import DAYS, accession

# (method, path, JSON body, the scope it needs, a key lacking it)
ENDPOINTS = [
    ("GET", "/signals", None, "read", "process"),
    ("GET", f"/filings/{accession('2488', DAYS[0])}", None, "read", "process"),
    ("POST", "/filings/process", {"cik": "2488", "form_type": "10-K", "limit": 1}, "process", "read"),
    ("GET", "/runs/00000001", None, "process", "read"),
    ("POST", "/auth/keys", {"name": "new", "scopes": ["read"]}, "admin", "process"),
    ("DELETE", "/auth/keys/1", None, "admin", "read"),
    ("GET", "/admin/keys", None, "admin", "read"),
]
UNKNOWN = "secp_0123456789ab_" + "A" * 43
MALFORMED = ["Bearer not-a-key", "Basic dXNlcjpwYXNz", "Bearer", "secp_0123456789ab_" + "A" * 43,
             "Bearer secp_0123456789ab_" + "A" * 42 + "'"]


def _call(api, method, path, body, header):
    headers = {} if header is None else {"Authorization": header}
    return api.client.request(method, path, headers=headers, json=body)


def _events(api):
    with api.store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(schema.auth_events).order_by(schema.auth_events.c.id)).mappings()]


@pytest.mark.parametrize("method, path, body, scope, lacking", ENDPOINTS, ids=[e[1] for e in ENDPOINTS])
def test_matrix(api, caplog, method, path, body, scope, lacking):
    caplog.set_level(logging.INFO, logger="sec_pipeline.serving")
    refused = [(None, 401, "missing"), *((h, 401, "malformed") for h in MALFORMED),
               (f"Bearer {UNKNOWN}", 401, "unknown_key"), (f"Bearer {api.secrets['revoked']}", 401, "revoked"),
               (f"bearer {api.secrets[lacking]}", 403, f"needs_{scope}")]
    for header, status, reason in refused:
        answer = _call(api, method, path, body, header)
        assert answer.status_code == status, (header, answer.text)
        if status == 401:
            assert answer.headers["www-authenticate"] == "Bearer"
        event = _events(api)[-1]
        assert (event["status"], event["reason"], event["method"], event["path"]) == (status, reason, method, path)
        assert event["client"] == "testclient"
    events = _events(api)
    assert len(events) == len(refused)
    assert events[-2]["key_prefix"] == KEY_PATTERN.fullmatch(api.secrets["revoked"]).group(1) and events[-2]["key_id"] is None
    assert events[-1]["key_id"] is not None
    for key in (scope, "admin"):
        answer = _call(api, method, path, body, f"Bearer {api.secrets[key]}")
        assert answer.status_code in (200, 201, 202, 404), (key, answer.text)  # 404: the run 00000001
    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("auth_refused")]
    assert len(lines) == len(refused)
    assert all(f"path={path}" in line for line in lines)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert not any(KEY_PATTERN.fullmatch(secret).group(2) in logged for secret in api.secrets.values())
    assert "A" * 43 not in logged


def test_public_endpoints_need_no_key(api):
    for path in ("/health", "/openapi.json", "/docs"):
        assert api.client.get(path).status_code in (200, 503), path
    assert _events(api) == []


def test_every_request_is_logged_with_its_key_id(api, caplog):
    caplog.set_level(logging.INFO, logger="sec_pipeline.serving")
    api.get("/signals")
    read_id = next(k.id for k in api.keys.list() if k.name == "read-key")
    line = next(r.getMessage() for r in caplog.records if r.getMessage().startswith("api_request"))
    assert f"key_id={read_id}" in line and "status=200" in line and "path=/signals" in line


def test_bootstrap_admin_key_from_the_environment_is_an_admin_listed_nowhere(api, caplog):
    caplog.set_level(logging.INFO, logger="sec_pipeline.serving")
    for method, path, body, _scope, _lacking in ENDPOINTS:
        answer = _call(api, method, path, body, f"Bearer {api.bootstrap}")
        assert answer.status_code in (200, 201, 202, 404), (path, answer.text)
    assert _events(api) == []
    listed = api.client.get("/admin/keys", headers={"Authorization": f"Bearer {api.bootstrap}"}).json()["keys"]
    assert 0 not in {key["id"] for key in listed}
    assert api.client.delete("/auth/keys/0", headers={"Authorization": f"Bearer {api.bootstrap}"}).status_code == 422
    near_miss = api.bootstrap[:-1] + ("A" if api.bootstrap[-1] != "A" else "B")
    assert _call(api, "GET", "/admin/keys", None, f"Bearer {near_miss}").status_code == 401
    requests = [r.getMessage() for r in caplog.records if r.getMessage().startswith("api_request")]
    assert requests and all("key_id=0" in line for line in requests[:len(ENDPOINTS)])
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert api.bootstrap not in logged and near_miss not in logged
