"""deploy/monitoring: promtool checks and unit tests of the alert rules, thresholds that agree with the code,
and dashboard and rule queries that use only metric names the real exporter exposes."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import dagster as dg
import pytest
import yaml

from benchmarks.support.paths import REPO_ROOT
from sec_pipeline.defs.operations.instance_probe import DagsterInstanceProbe
from sec_pipeline.operations import health
from sec_pipeline.operations.metrics import MetricsServer, PipelineCollector
from sec_pipeline.quality.thresholds import Thresholds
from sec_pipeline.store import LocalBlobStore, Store
from sec_pipeline_tests.operations.helpers import seed
from sec_pipeline_tests.operations.test_metrics import exposed_names

MONITORING = REPO_ROOT / "deploy" / "monitoring"
PROMETHEUS_OWN = {"up"}  # recorded by Prometheus itself for every scrape target
_NOT_NAMES = {"by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless",
              "offset", "inf", "nan"}


def promtool(*args: str) -> subprocess.CompletedProcess:
    found = shutil.which("promtool")
    if not found:
        pytest.skip("promtool not installed (Debian: apt-get install prometheus)")
    return subprocess.run([found, *args], cwd=MONITORING, capture_output=True, text=True, timeout=120)


def test_promtool_checks_the_rules_and_the_config() -> None:
    rules = promtool("check", "rules", "alerts.yml")
    assert rules.returncode == 0, rules.stdout + rules.stderr
    config = promtool("check", "config", "prometheus.yml")
    assert config.returncode == 0, config.stdout + config.stderr


def test_promtool_unit_tests_of_the_rules() -> None:
    result = promtool("test", "rules", "alerts.test.yml")
    assert result.returncode == 0 and "SUCCESS" in result.stdout, result.stdout + result.stderr


def metric_names(expr: str) -> set[str]:
    """The metric names a PromQL expression selects (functions, keywords, labels and durations removed)."""
    expr = re.sub(r'"[^"]*"', "", expr)
    expr = re.sub(r"\{[^}]*\}", "", expr)
    expr = re.sub(r"\[[^\]]*\]", "", expr)
    expr = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", "", expr)
    names = set()
    for match in re.finditer(r"[A-Za-z_:][A-Za-z0-9_:]*", expr):
        rest = expr[match.end():].lstrip()
        preceded_by_digit = match.start() > 0 and expr[match.start() - 1].isdigit()
        if rest.startswith("(") or match.group().lower() in _NOT_NAMES or preceded_by_digit:
            continue
        names.add(match.group())
    return names


def test_metric_names_of_an_expression() -> None:
    assert metric_names('histogram_quantile(0.95, sum by (le) (rate(a_bucket{h="x"}[5m]))) > 2') == {"a_bucket"}
    assert metric_names("time() - b{kind=\"daily\"} > 26 * 3600") == {"b"}
    assert metric_names("max by (instance) (c) > 90 and on() d") == {"c", "d"}


def _alert_rules() -> list[dict]:
    groups = yaml.safe_load((MONITORING / "alerts.yml").read_text())["groups"]
    return [rule for group in groups for rule in group["rules"]]


def _threshold(alert: str) -> float:
    (rule,) = [r for r in _alert_rules() if r["alert"] == alert]
    return float(re.search(r"[<>]\s*([0-9.]+)\s*$", rule["expr"]).group(1))


def test_rule_thresholds_agree_with_the_code() -> None:
    gates = Thresholds()
    assert _threshold("ExtractionAccuracyLow") == gates.extraction_accuracy
    assert _threshold("ValidationPassRateLow") == gates.validation_pass_rate
    assert _threshold("InferenceSlow") == gates.p95_latency_s
    assert _threshold("CostPerFilingHigh") == gates.cost_per_filing_usd
    assert _threshold("HighQueueDepth") == health.QUEUED_RUNS.critical
    assert _threshold("HighRunFailureRate") == health.FAILED_RUN_SHARE.critical
    assert _threshold("DiskAlmostFull") == health.DISK_USAGE.warning
    assert _threshold("DagsterDaemonDown") == health.HEARTBEAT_AGE_S.warning
    assert _threshold("HighLatency") == health.REPORT_BUDGET_S
    assert {r["labels"]["severity"] for r in _alert_rules()} == {"critical", "warning", "info"}


@pytest.fixture
def exporter_names(tmp_path: Path) -> set[str]:
    """The names the real exporter exposes over a seeded SQLite store and a real Dagster instance."""
    store = Store(f"sqlite:///{tmp_path / 'app.db'}", blobs=LocalBlobStore(tmp_path / "blobs"))
    store.migrate()
    seed(store)
    with dg.DagsterInstance.ephemeral() as instance:
        collector = PipelineCollector(engine=store.engine, probe=DagsterInstanceProbe(instance), blobs=store.blobs,
                                      data_dir=tmp_path)
        with MetricsServer(collector, lambda: health.HealthReport([]), port=0) as server:
            exposed_names(server.url)  # one request first, so the request histogram has samples
            names = exposed_names(server.url)
    store.dispose()
    return names


def test_dashboard_and_rules_use_only_exposed_metrics(exporter_names: set[str]) -> None:
    dashboard = json.loads((MONITORING / "grafana-dashboard.json").read_text())
    dashboard_exprs = [target["expr"] for panel in dashboard["panels"] for target in panel["targets"]]
    used = set().union(*(metric_names(expr) for expr in dashboard_exprs))
    assert len(dashboard["panels"]) >= 15 and used
    assert used - exporter_names == set()
    rule_names = set().union(*(metric_names(rule["expr"]) for rule in _alert_rules()))
    assert rule_names - exporter_names == PROMETHEUS_OWN
