"""The exporter: every family scraped over loopback from a real store, a failing source, /health."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from sec_pipeline.operations.backup import create_backup
from sec_pipeline.operations.health import CheckResult, HealthReport, Status
from sec_pipeline.operations.metrics import MetricsServer, PipelineCollector
from sec_pipeline.operations.probe import EdgarTraffic, QualityFigures
from sec_pipeline.store import LocalBlobStore, Store
from sec_pipeline.store.engine import make_engine
from sec_pipeline_tests.operations.helpers import DAY, NOW, FakeProbe, seed

PROBE = FakeProbe(
    queued=7, counts={"success": 18, "failure": 2, "queued": 7},
    heartbeats={"SCHEDULER": NOW - timedelta(seconds=12), "SENSOR": NOW - timedelta(seconds=40)},
    steps={"raw_filings": 12.5, "extracted_signals": 95.0},
    quality=QualityFigures(0.97, 0.92, 14.0, None),
    traffic=EdgarTraffic(requests=120, answers_429=3, answers_403=1),
)


def scrape(url: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """(sample name, sorted labels) -> value of one scrape of url/metrics."""
    response = httpx.get(f"{url}/metrics", timeout=10)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/plain")
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(response.text) for sample in family.samples}


def exposed_names(url: str) -> set[str]:
    """Every metric family name and sample name the exporter at `url` exposes."""
    text = httpx.get(f"{url}/metrics", timeout=10).text
    names = set()
    for family in text_string_to_metric_families(text):
        names.add(family.name)
        names.update(sample.name for sample in family.samples)
    names.update(line.split()[2] for line in text.splitlines() if line.startswith(("# HELP", "# TYPE")))
    return names


def _report() -> HealthReport:
    return HealthReport([CheckResult("database", 1.0, "answers", Status.WARNING)])


def test_every_family_over_loopback(store: Store, tmp_path: Path) -> None:
    seed(store)
    create_backup(store.url.render_as_string(hide_password=False), store.blobs, kind="daily", configuration={},
                  now=NOW)
    collector = PipelineCollector(engine=store.engine, probe=PROBE, blobs=store.blobs, data_dir=tmp_path,
                                  clock=lambda: NOW)
    with MetricsServer(collector, _report, port=0) as server:
        samples = scrape(server.url)
        again = scrape(server.url)

    def value(name: str, **labels: str) -> float:
        return samples[(f"sec_pipeline_{name}", tuple(sorted(labels.items())))]

    day = DAY.isoformat()
    assert (value("partition_filings", partition=day), value("partition_sections", partition=day),
            value("partition_signals", partition=day)) == (2, 4, 4)
    assert value("database_up") == 1 and value("published_lag_business_days") == 1
    assert (value("runs", status="success"), value("runs", status="failure")) == (18, 2)
    assert value("failed_run_ratio") == pytest.approx(0.1) and value("run_queue_depth") == 7
    assert value("step_duration_seconds", step="extracted_signals") == 95.0
    assert value("daemon_heartbeat_age_seconds", daemon="SENSOR") == 40
    assert (value("extraction_accuracy"), value("validation_pass_rate"), value("p95_inference_seconds")) == (
        0.97, 0.92, 14.0)
    assert not any(name == "sec_pipeline_cost_per_filing_usd" for name, _ in samples)  # never evaluated
    assert value("edgar_requests_24h") == 120
    assert (value("edgar_answers_24h", status="429"), value("edgar_answers_24h", status="403")) == (3, 1)
    assert 0 < value("disk_usage_ratio") < 1
    assert value("backup_latest_timestamp_seconds", kind="daily") == NOW.timestamp()
    assert all(value("scrape_source_up", source=s) == 1 for s in ("database", "instance", "disk", "backups"))
    if store.dialect == "postgresql":
        assert 0 < value("database_connections") < value("database_max_connections")
    else:
        assert not any(name == "sec_pipeline_database_connections" for name, _ in samples)
    served = again[("sec_pipeline_http_requests_total", (("code", "200"), ("handler", "/metrics")))]
    assert served == 1  # the first scrape, counted after it was answered
    assert again[("sec_pipeline_http_request_duration_seconds_count", (("handler", "/metrics"),))] == 1


def test_a_failing_source_leaves_the_others(tmp_path: Path) -> None:
    unreachable = make_engine("postgresql://nobody@127.0.0.1:1/none", connect_args={"connect_timeout": 1})

    class BrokenProbe(FakeProbe):
        def run_counts(self, since):
            raise RuntimeError("instance storage is down")

    collector = PipelineCollector(engine=unreachable, probe=BrokenProbe(), blobs=LocalBlobStore(tmp_path),
                                  data_dir=tmp_path)
    with MetricsServer(collector, _report, port=0) as server:
        samples = scrape(server.url)
    up = {dict(labels)["source"]: v for (name, labels), v in samples.items() if name == "sec_pipeline_scrape_source_up"}
    assert up == {"database": 0, "instance": 0, "disk": 1, "backups": 1}
    assert samples[("sec_pipeline_database_up", ())] == 0


def test_health_endpoint_and_unknown_paths(tmp_path: Path) -> None:
    reports = iter([_report(), HealthReport([CheckResult("database", "down", "answers", Status.CRITICAL)])])
    collector = PipelineCollector(engine=make_engine("sqlite://"), probe=FakeProbe(), blobs=LocalBlobStore(tmp_path),
                                  data_dir=tmp_path)
    with MetricsServer(collector, lambda: next(reports), port=0) as server:
        warning = httpx.get(f"{server.url}/health", timeout=10)
        critical = httpx.get(f"{server.url}/health", timeout=10)
        missing = httpx.get(f"{server.url}/nope", timeout=10)
        samples = scrape(server.url)
    assert (warning.status_code, warning.json()["status"]) == (200, "warning")
    assert (critical.status_code, critical.json()["checks"][0]["value"]) == (503, "down")
    assert missing.status_code == 404
    assert samples[("sec_pipeline_http_requests_total", (("code", "503"), ("handler", "/health")))] == 1
    assert samples[("sec_pipeline_http_requests_total", (("code", "404"), ("handler", "other")))] == 1
