"""Health: thresholds and statuses with fakes, the checks on real SQLite and PostgreSQL, the 2-second report."""

from __future__ import annotations

import json
import shutil
import threading
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import dagster as dg
import pytest

from sec_pipeline.cli import main
from sec_pipeline.defs.operations.instance_probe import DagsterInstanceProbe
from sec_pipeline.operations import health
from sec_pipeline.operations.health import (
    CheckResult,
    HealthCheck,
    Status,
    business_days_after,
    expected_published_day,
    run_checks,
    runbook_checks,
)
from sec_pipeline.store import LocalBlobStore, Store
from sec_pipeline.store.migrate import head_revision
from sec_pipeline_tests.conftest import TEST_USER_AGENT
from sec_pipeline_tests.operations.helpers import NOW, FakeProbe, seed


def _one(check: HealthCheck) -> CheckResult:
    return run_checks([check]).checks[0]


@pytest.mark.parametrize(("limits", "value", "status"), [
    (health.QUEUED_RUNS, 99, Status.OK), (health.QUEUED_RUNS, 100, Status.WARNING),
    (health.QUEUED_RUNS, 499, Status.WARNING), (health.QUEUED_RUNS, 500, Status.CRITICAL),
    (health.FAILED_RUN_SHARE, 0.009, Status.OK), (health.FAILED_RUN_SHARE, 0.01, Status.WARNING),
    (health.FAILED_RUN_SHARE, 0.05, Status.CRITICAL), (health.CONNECTION_SHARE, 0.79, Status.OK),
    (health.CONNECTION_SHARE, 0.80, Status.WARNING), (health.DISK_USAGE, 0.81, Status.WARNING),
    (health.DISK_USAGE, 0.95, Status.CRITICAL),
])
def test_limits_grade_the_runbook_thresholds(limits, value, status) -> None:
    assert limits.grade(value) is status


def test_instance_checks_with_a_fake_probe() -> None:
    assert _one(health.queue_check(FakeProbe(queued=3))).status is Status.OK
    assert _one(health.queue_check(FakeProbe(queued=120))).as_dict() == {
        "name": "run_queue", "value": 120, "status": "warning",
        "threshold": "ok below 100, warning from 100, critical from 500 queued runs"}
    assert _one(health.queue_check(FakeProbe(queued=800))).status is Status.CRITICAL

    def failed(success: int, failure: int) -> CheckResult:
        probe = FakeProbe(counts={"success": success, "failure": failure, "canceled": 50})
        return _one(health.failed_runs_check(probe, NOW))

    assert (failed(0, 0).value, failed(0, 0).status) == (0.0, Status.OK)
    assert (failed(995, 5).value, failed(995, 5).status) == (0.005, Status.OK)  # canceled runs do not count
    assert failed(97, 3).status is Status.WARNING
    assert failed(90, 10).status is Status.CRITICAL

    def daemons(*ages_s: float) -> CheckResult:
        beats = {f"daemon{i}": NOW - timedelta(seconds=age) for i, age in enumerate(ages_s)}
        return _one(health.daemon_check(FakeProbe(heartbeats=beats), NOW))

    assert daemons().status is Status.WARNING and "no daemon" in daemons().value
    assert (daemons(5, 30).value, daemons(5, 30).status) == (30.0, Status.OK)
    assert daemons(5, 120).status is Status.WARNING
    assert daemons(400).status is Status.CRITICAL


def test_business_days() -> None:
    assert expected_published_day(NOW) == date(2024, 11, 4)  # Tuesday -> Monday
    monday_early = datetime(2024, 11, 4, 9, 0, tzinfo=UTC)  # 04:00 in New York
    assert expected_published_day(monday_early) == date(2024, 11, 1)  # -> the Friday before
    assert expected_published_day(datetime(2024, 11, 5, 3, 0, tzinfo=UTC)) == date(2024, 11, 1)  # Monday 22:00 NY
    assert business_days_after(date(2024, 11, 1), date(2024, 11, 4)) == 1  # the weekend is not counted
    assert business_days_after(date(2024, 11, 4), date(2024, 11, 1)) == 0


def test_runner_times_out_and_reports_errors_without_raising() -> None:
    release = threading.Event()

    def hangs() -> CheckResult:
        release.wait(10)
        return CheckResult("hangs", 1, "", Status.OK)

    def fails() -> CheckResult:
        raise ConnectionError("could not reach postgresql://app:s3cret@db.internal/app\nsecond line")

    started = time.monotonic()
    report = run_checks([
        HealthCheck("hangs", "answers", hangs, timeout_s=0.3),
        HealthCheck("fails", "answers", fails),
        HealthCheck("fine", "answers", lambda: CheckResult("fine", 7, "answers", Status.OK)),
    ], budget_s=1.0)
    release.set()
    assert time.monotonic() - started < 0.8
    assert [c.name for c in report.checks] == ["hangs", "fails", "fine"]
    assert report.checks[0].as_dict() == {"name": "hangs", "value": "no answer within 0.3 s", "threshold": "answers",
                                          "status": "critical"}
    assert report.checks[1].value == "ConnectionError: could not reach postgresql://app:***@db.internal/app"
    assert report.status is Status.CRITICAL and int(report.status) == 2
    assert run_checks([]).status is Status.OK


def test_database_checks_on_a_real_store(store: Store) -> None:
    assert _one(health.database_check(store.engine)).status is Status.OK
    schema = _one(health.schema_check(store.engine))
    assert (schema.value, schema.status) == (head_revision(), Status.OK)
    assert _one(health.freshness_check(store.engine, NOW)).as_dict()["value"] == "nothing published yet"
    seed(store)
    fresh = _one(health.freshness_check(store.engine, NOW))  # Friday's signals on Tuesday: 1 business day
    assert (fresh.value, fresh.status) == (1, Status.OK)
    assert _one(health.freshness_check(store.engine, NOW + timedelta(days=2))).status is Status.WARNING  # 3 days
    assert _one(health.freshness_check(store.engine, NOW + timedelta(days=7))).status is Status.CRITICAL
    if store.dialect == "postgresql":
        connections = _one(health.connections_check(store.engine))
        assert 0 < connections.value < 0.8 and connections.status is Status.OK
    names = [c.name for c in runbook_checks(engine=store.engine, blobs=store.blobs, probe=FakeProbe(),
                                            data_dir=Path("."), now=NOW, edgar_url=None)]
    assert ("database_connections" in names) == (store.dialect == "postgresql")
    assert "edgar" not in names


def test_schema_check_warns_before_migration(tmp_path: Path) -> None:
    engine = Store(f"sqlite:///{tmp_path / 'new.db'}").engine
    result = _one(health.schema_check(engine))
    assert (result.value, result.status) == (None, Status.WARNING)


def test_blob_store_and_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _one(health.blob_store_check(LocalBlobStore(tmp_path / "blobs"))).status is Status.OK

    class Forgetful(LocalBlobStore):
        def get(self, uri_or_key: str) -> bytes:
            return b"stale"

    broken = _one(health.blob_store_check(Forgetful(tmp_path / "other")))
    assert (broken.value, broken.status) == ("read back different bytes", Status.CRITICAL)
    real = _one(health.disk_check(tmp_path / "not" / "created" / "yet"))  # the nearest existing parent counts
    assert 0 < real.value < 1
    monkeypatch.setattr(shutil, "disk_usage", lambda _path: shutil._ntuple_diskusage(100, 85, 15))
    assert _one(health.disk_check(tmp_path)).as_dict()["status"] == "warning"


def test_edgar_check(edgar_mirror: str, black_hole: str, answering) -> None:
    assert _one(health.edgar_check(edgar_mirror, TEST_USER_AGENT)).status is Status.OK
    missing = _one(health.edgar_check(answering(404), TEST_USER_AGENT))  # a proxy that answers 404 to all
    assert (missing.value, missing.status) == ("HTTP 404", Status.WARNING)
    page = _one(health.edgar_check(answering(200), TEST_USER_AGENT))
    assert page.status is Status.WARNING and "not the latest-filings feed" in page.value
    assert _one(health.edgar_check(answering(403), TEST_USER_AGENT)).as_dict()["status"] == "critical"
    assert _one(health.edgar_check(answering(503), TEST_USER_AGENT)).status is Status.WARNING
    too_many = _one(health.edgar_check(answering(429), TEST_USER_AGENT))
    assert (too_many.value, too_many.status) == ("HTTP 429", Status.WARNING)
    assert _one(health.edgar_check(edgar_mirror, "")).status is Status.WARNING
    started = time.monotonic()
    silent = _one(health.edgar_check(black_hole, TEST_USER_AGENT, timeout_s=0.5))
    assert time.monotonic() - started < 1.0
    assert silent.status is Status.WARNING and silent.value.startswith("ReadTimeout")


def test_the_whole_report_within_two_seconds_with_edgar_unreachable(store: Store, black_hole: str,
                                                                   tmp_path: Path) -> None:
    now = datetime.now(UTC)
    seed(store, expected_published_day(now))
    with dg.DagsterInstance.ephemeral() as instance:
        checks = runbook_checks(engine=store.engine, blobs=store.blobs, probe=DagsterInstanceProbe(instance),
                                data_dir=tmp_path, now=now, edgar_url=black_hole,
                                user_agent=TEST_USER_AGENT)
        started = time.monotonic()
        report = run_checks(checks)
        elapsed = time.monotonic() - started
    assert elapsed < health.REPORT_BUDGET_S
    by_name = {c.name: c for c in report.checks}
    assert by_name["edgar"].status is Status.WARNING  # a timeout, not a hang
    assert by_name["database"].status is Status.OK and by_name["run_queue"].value == 0
    assert by_name["daemon_heartbeat"].status is Status.WARNING  # no daemon on an ephemeral instance
    assert report.status is Status.WARNING


def test_health_command_json_and_exit_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys,
                                           edgar_mirror: str) -> None:
    monkeypatch.setenv("SEC_PIPELINE_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    monkeypatch.setenv("SEC_PIPELINE_EDGAR_URL", edgar_mirror)
    monkeypatch.setenv("SEC_PIPELINE_USER_AGENT", TEST_USER_AGENT)
    assert main(["health", "--json"]) == 1  # warnings: never migrated, no daemon, nothing published
    report = json.loads(capsys.readouterr().out)
    assert report["status"] == "warning"
    assert all(set(check) == {"name", "value", "threshold", "status"} for check in report["checks"])
    assert {c["name"]: c["status"] for c in report["checks"]}["edgar"] == "ok"
    assert main(["db", "migrate"]) == 0
    capsys.readouterr()
    assert main(["health", "--skip-edgar"]) == 1
    table = capsys.readouterr().out
    assert table.startswith("sec-pipeline health: WARNING") and "edgar" not in table
    monkeypatch.setenv("SEC_PIPELINE_RATE_LIMIT", "50")
    assert main(["health", "--json"]) == 2
    assert "SEC_PIPELINE_RATE_LIMIT" in json.loads(capsys.readouterr().out)["checks"][0]["value"]
