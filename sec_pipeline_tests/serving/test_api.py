"""The endpoints' logic under the test client, on SQLite and PostgreSQL."""

from __future__ import annotations

import io

import pyarrow.parquet as pq
import pytest

from sec_pipeline.serving.models import SignalRow
from sec_pipeline.store.signals_query import COLUMN_NAMES
from sec_pipeline_tests.serving.conftest import CIKS, DAYS, NAMES, FakeLauncher, accession

PER_FILING = 2 * len(NAMES)  # two sections, three names


def test_signals_filtered_by_company_form_family_name_and_dates(api):
    body = api.get("/signals", params={"cik": "0000002488"}).json()
    assert body["count"] == len(DAYS) * PER_FILING and body["next_cursor"] is None
    assert {row["cik"] for row in body["signals"]} == {"2488"}
    row = body["signals"][0]
    assert list(row) == list(COLUMN_NAMES)
    assert (row["company"], row["form_type"], row["filing_date"], row["period_of_report"]) == (
        "Company 2488", "10-K", "2024-02-26", "2023-12-31")
    assert (row["evidence"], row["evidence_start"], row["evidence_end"], row["model_version"]) == (
        "Revenue grew.", 0, 13, "2020")
    assert api.get("/signals", params={"form": "10-K"}).json()["count"] == len(CIKS) * PER_FILING
    only = api.get("/signals", params={"name": "fog", "family": "tone", "since": "2024-02-27",
                                       "until": "2024-02-27"}).json()
    assert only["count"] == len(CIKS) * 2 and {r["filing_date"] for r in only["signals"]} == {"2024-02-27"}
    assert api.get("/signals", params={"family": "event"}).json()["count"] == 0


def test_signal_rows_match_the_documented_model():
    assert tuple(SignalRow.model_fields) == COLUMN_NAMES


def test_cursor_pages_cover_every_row_once_in_order(api):
    seen, cursor, pages = [], None, 0
    while True:
        params = {"limit": 5, **({"cursor": cursor} if cursor else {})}
        body = api.get("/signals", params=params).json()
        seen += [(r["filing_date"], r["accession_no"], r["section"], r["family"], r["name"]) for r in body["signals"]]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            break
    total = len(DAYS) * len(CIKS) * PER_FILING
    assert len(seen) == len(set(seen)) == total and seen == sorted(seen)
    assert pages == -(-total // 5)


def test_csv_and_parquet_carry_the_same_rows_and_the_next_cursor(api):
    csv_answer = api.get("/signals", params={"cik": "2488", "format": "csv", "limit": 4})
    assert csv_answer.headers["content-type"].startswith("text/csv")
    lines = csv_answer.text.splitlines()
    assert lines[0].split(",") == list(COLUMN_NAMES) and len(lines) == 5
    assert csv_answer.headers["x-next-cursor"]
    parquet = api.get("/signals", params={"cik": "2488", "format": "parquet"})
    table = pq.read_table(io.BytesIO(parquet.content))
    assert table.num_rows == len(DAYS) * PER_FILING and table.column_names == list(COLUMN_NAMES)
    assert "x-next-cursor" not in parquet.headers


@pytest.mark.parametrize("params, named", [
    ({"cik": "MSFT"}, "CIK 'MSFT'"), ({"family": "astrology"}, "family 'astrology'"),
    ({"form": "S-1"}, "form 'S-1'"), ({"cursor": "bm90LWEta2V5"}, "cursor"),
    ({"since": "2024-03-01", "until": "2024-02-01"}, "since 2024-03-01 is after until"),
    ({"limit": 0}, "limit"), ({"format": "xml"}, "format"),
])
def test_bad_filters_are_422_naming_the_input(api, params, named):
    answer = api.get("/signals", params=params)
    assert answer.status_code == 422
    assert named in answer.text


def test_filing_detail_has_sections_and_signals(api):
    acc = accession("2488", DAYS[0])
    body = api.get(f"/filings/{acc}").json()
    assert body["filing"]["accession_no"] == acc and body["filing"]["cik"] == "2488"
    assert body["sections"] == [{"item": "1A", "title": "Risk Factors", "start_offset": 0, "end_offset": 5,
                                 "source_start": None, "source_end": None, "char_count": 5, "confidence": 0.9,
                                 "warnings": None, "parser_version": None}]
    assert len(body["signals"]) == PER_FILING
    assert api.get("/filings/0000000001-24-000001").status_code == 404
    assert api.get("/filings/not-an-accession").status_code == 422


def test_process_queues_a_request_and_its_status_is_readable(api):
    answer = api.client.post("/filings/process", headers=api.auth("process"),
                             json={"cik": "0000789019", "form_type": "10-q", "limit": 2})
    assert answer.status_code == 202
    run_id = answer.json()["run_id"]
    assert api.launcher.launched == [("789019", "10-Q", 2)]
    assert answer.json()["status_url"] == f"/runs/{run_id}"
    status = api.get(f"/runs/{run_id}", key="process").json()
    assert (status["id"], status["status"]) == (run_id, "queued")
    assert api.get("/runs/ffffffffff", key="process").status_code == 404


@pytest.mark.parametrize("body, named", [
    ({"cik": "0000789019", "form_type": "S-1"}, "form 'S-1' is unknown"),
    ({"cik": "MSFT", "form_type": "10-Q"}, "CIK 'MSFT'"),
    ({"cik": "12345678901", "form_type": "10-Q"}, "is not 1 to 10 digits"),
    ({"cik": "-1"}, "CIK '-1'"),
    ({"cik": "789019", "limit": 0}, "limit"),
    ({"form_type": "10-K"}, "cik"),
])
def test_process_refuses_unknown_forms_and_malformed_ciks(api, body, named):
    answer = api.client.post("/filings/process", headers=api.auth("process"), json=body)
    assert answer.status_code == 422 and named in answer.text
    assert api.launcher.launched == []


def test_keys_created_listed_and_revoked_through_the_api(api):
    created = api.client.post("/auth/keys", headers=api.auth("admin"), json={"name": "dash", "scopes": ["read"]})
    assert created.status_code == 201
    secret, key_id = created.json()["secret"], created.json()["id"]
    assert api.client.get("/signals", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    listed = api.get("/admin/keys", key="admin").json()["keys"]
    assert {k["name"] for k in listed} >= {"dash", "revoked-key"}
    assert all("secret" not in k and "secret_hash" not in k and "salt" not in k for k in listed)
    assert secret not in api.get("/admin/keys", key="admin").text
    revoked = api.client.delete(f"/auth/keys/{key_id}", headers=api.auth("admin"))
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    assert api.client.get("/signals", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    assert api.client.delete("/auth/keys/999999", headers=api.auth("admin")).status_code == 404
    bad = api.client.post("/auth/keys", headers=api.auth("admin"), json={"name": "x", "scopes": ["root"]})
    assert bad.status_code == 422 and "scope 'root' is unknown" in bad.text


def test_health_is_200_when_not_critical_and_503_when_critical(tmp_path, database_url):
    from fastapi.testclient import TestClient

    from sec_pipeline.serving import create_app
    from sec_pipeline_tests.serving.conftest import api_config

    class DownProbe(FakeLauncher().probe_.__class__):
        def queued_runs(self) -> int:
            raise ConnectionError("instance storage does not answer")

    healthy = FakeLauncher()
    with TestClient(create_app(api_config(tmp_path, database_url), launcher=healthy)) as client:
        answer = client.get("/health")
    assert healthy.started and healthy.closed
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "warning"  # nothing published yet, no daemon: warnings only
    assert {c["name"] for c in answer.json()["checks"]} >= {"database", "schema", "run_queue", "freshness"}
    with TestClient(create_app(api_config(tmp_path, database_url), launcher=FakeLauncher(DownProbe()))) as client:
        answer = client.get("/health")
    assert answer.status_code == 503 and answer.json()["status"] == "critical"
    assert "instance storage does not answer" in answer.text


def test_openapi_and_docs_are_served(api):
    spec = api.client.get("/openapi.json").json()
    assert {"/health", "/signals", "/filings/{accession}", "/filings/process", "/runs/{run_id}", "/auth/keys",
            "/auth/keys/{key_id}", "/admin/keys"} == set(spec["paths"])
    assert "HTTPBearer" in spec["components"]["securitySchemes"]
    assert api.client.get("/docs").status_code == 200


def test_as_of_needs_a_time_zone_and_filters_by_acceptance(api):
    assert api.get("/signals", params={"as_of": "2004-02-11T14:30:00"}).status_code == 422
    answer = api.get("/signals", params={"as_of": "2004-02-11T14:30:00Z"})
    assert answer.status_code == 200 and answer.json()["signals"] == [], "nothing was accepted by 2004"
