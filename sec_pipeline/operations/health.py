"""The health report: every runbook check with its value, threshold and status, within 2 seconds.

Each check is a small function returning a `CheckResult`; `run_checks` runs them all at once on daemon
threads and waits at most the report budget, so one hanging dependency (a database that does not answer,
EDGAR behind a black hole) costs its own check a "critical: no answer" and never delays the report.
`runbook_checks` is the list `sec-pipeline health` and the serving API's `/health` report.
"""

from __future__ import annotations

import shutil
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import IntEnum
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from sqlalchemy import Engine

from sec_pipeline.operations import database
from sec_pipeline.operations.probe import InstanceProbe, failed_run_share
from sec_pipeline.store.blobs import BlobStore
from sec_pipeline.store.engine import redact_url

REPORT_BUDGET_S = 2.0
EDGAR_TIMEOUT_S = 1.5
FAILED_RUN_WINDOW = timedelta(hours=24)
FILING_TIMEZONE = ZoneInfo("America/New_York")
BLOB_PROBE_KEY = "health/probe.txt"
_MAX_ERROR_CHARS = 300


class Status(IntEnum):
    """Check outcome; its value is the exit code of `sec-pipeline health`."""

    OK = 0
    WARNING = 1
    CRITICAL = 2

    @property
    def label(self) -> str:
        """"ok", "warning" or "critical"."""
        return self.name.lower()


@dataclass(frozen=True)
class Limits:
    """Grades a figure that should stay low: a warning from `warning` on, critical from `critical` on."""

    warning: float
    critical: float
    unit: str = ""

    def grade(self, value: float) -> Status:
        """The status of `value` against the two limits."""
        if value >= self.critical:
            return Status.CRITICAL
        return Status.WARNING if value >= self.warning else Status.OK

    def describe(self) -> str:
        """The limits as a reader sees them, e.g. "ok below 100, warning from 100, critical from 500"."""
        w, c, u = self.warning, self.critical, self.unit
        return f"ok below {w:g}{u}, warning from {w:g}{u}, critical from {c:g}{u}"


# The runbook's expected results.
QUEUED_RUNS = Limits(100, 500)
FAILED_RUN_SHARE = Limits(0.01, 0.05)
CONNECTION_SHARE = Limits(0.80, 0.95)
DISK_USAGE = Limits(0.80, 0.90)
HEARTBEAT_AGE_S = Limits(90, 300, " s")  # the daemon beats every 30 s
PUBLISHED_LAG_BUSINESS_DAYS = Limits(2, 4)  # 1: before the 06:00 run, or after one market holiday


@dataclass(frozen=True)
class CheckResult:
    """One check's outcome: what was measured, against what, and the verdict."""

    name: str
    value: Any
    threshold: str
    status: Status

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape: {"name", "value", "threshold", "status"}."""
        return {"name": self.name, "value": self.value, "threshold": self.threshold, "status": self.status.label}


@dataclass(frozen=True)
class HealthCheck:
    """A named check and the seconds it may take before it counts as not answering."""

    name: str
    threshold: str
    run: Callable[[], CheckResult]
    timeout_s: float = REPORT_BUDGET_S


@dataclass(frozen=True)
class HealthReport:
    """Every check's result; the report's status is the worst of them."""

    checks: list[CheckResult]
    seconds: float = 0.0

    @property
    def status(self) -> Status:
        """The worst status among the checks (ok when there are none)."""
        return max((c.status for c in self.checks), default=Status.OK)

    def as_dict(self) -> dict[str, Any]:
        """{"status": ..., "checks": [...]} for machines."""
        return {"status": self.status.label, "checks": [c.as_dict() for c in self.checks]}


def error_text(exc: BaseException) -> str:
    """A one-line, bounded description of `exc` with any URL password masked."""
    first_line = (str(exc).strip().splitlines() or [""])[0]
    return redact_url(f"{type(exc).__name__}: {first_line}")[:_MAX_ERROR_CHARS]


def run_checks(checks: Sequence[HealthCheck], budget_s: float = REPORT_BUDGET_S) -> HealthReport:
    """Run every check concurrently; a check that raises or outlives its timeout (capped by the budget)
    is critical. Returns after at most `budget_s` seconds, in the order of `checks`."""
    started = time.monotonic()
    results: list[CheckResult | None] = [None] * len(checks)

    def work(index: int, check: HealthCheck) -> None:
        try:
            results[index] = check.run()
        except (Exception, SystemExit) as exc:  # noqa: BLE001 - a failing check is reported, never raised
            results[index] = CheckResult(check.name, error_text(exc), check.threshold, Status.CRITICAL)

    threads = [threading.Thread(target=work, args=(i, c), name=f"health-{c.name}", daemon=True)
               for i, c in enumerate(checks)]
    for thread in threads:
        thread.start()
    for thread, check in zip(threads, checks, strict=True):
        deadline = started + min(check.timeout_s, budget_s)
        thread.join(max(0.0, deadline - time.monotonic()))
    final = [
        result if result is not None
        else CheckResult(check.name, f"no answer within {min(check.timeout_s, budget_s):g} s", check.threshold,
                         Status.CRITICAL)
        for check, result in zip(checks, results, strict=True)
    ]
    return HealthReport(final, seconds=time.monotonic() - started)


# ------------------------------------------------------------------------------------------ the checks


def database_check(engine: Engine) -> HealthCheck:
    """The app database answers `SELECT 1` (value: round trip in milliseconds)."""
    threshold = "answers SELECT 1"

    def run() -> CheckResult:
        seconds = database.ping_seconds(engine)
        return CheckResult("database", round(seconds * 1000, 1), threshold, Status.OK)

    return HealthCheck("database", threshold, run)


def connections_check(engine: Engine) -> HealthCheck:
    """PostgreSQL: client connections as a share of max_connections."""
    threshold = CONNECTION_SHARE.describe() + " of max_connections"

    def run() -> CheckResult:
        usage = database.connection_usage(engine)
        if usage is None:
            raise ValueError("connection usage is a PostgreSQL figure")
        share = usage[0] / usage[1]
        return CheckResult("database_connections", round(share, 3), threshold, CONNECTION_SHARE.grade(share))

    return HealthCheck("database_connections", threshold, run)


def schema_check(engine: Engine) -> HealthCheck:
    """The app database is at the newest migration (warning when behind: run `sec-pipeline db migrate`)."""
    from sec_pipeline.store.migrate import current_revision, head_revision

    head = head_revision()
    threshold = f"revision {head}"

    def run() -> CheckResult:
        current = current_revision(engine)
        return CheckResult("schema", current, threshold, Status.OK if current == head else Status.WARNING)

    return HealthCheck("schema", threshold, run)


def queue_check(probe: InstanceProbe) -> HealthCheck:
    """Runs waiting in the Dagster run queue."""
    threshold = QUEUED_RUNS.describe() + " queued runs"

    def run() -> CheckResult:
        queued = probe.queued_runs()
        return CheckResult("run_queue", queued, threshold, QUEUED_RUNS.grade(queued))

    return HealthCheck("run_queue", threshold, run)


def failed_runs_check(probe: InstanceProbe, now: datetime) -> HealthCheck:
    """Share of failed runs among the runs finished in the last 24 hours."""
    threshold = FAILED_RUN_SHARE.describe() + " of runs finished in 24 h"

    def run() -> CheckResult:
        share = failed_run_share(probe.run_counts(now - FAILED_RUN_WINDOW))
        return CheckResult("failed_runs", round(share, 4), threshold, FAILED_RUN_SHARE.grade(share))

    return HealthCheck("failed_runs", threshold, run)


def daemon_check(probe: InstanceProbe, now: datetime) -> HealthCheck:
    """Age of the stalest daemon heartbeat (schedules, sensors, the run queue and backfills need them)."""
    threshold = HEARTBEAT_AGE_S.describe()

    def run() -> CheckResult:
        beats = probe.daemon_heartbeats()
        if not beats:
            return CheckResult("daemon_heartbeat", "no daemon has run on this instance", threshold, Status.WARNING)
        age = max((now - beat).total_seconds() for beat in beats.values())
        return CheckResult("daemon_heartbeat", round(age, 1), threshold, HEARTBEAT_AGE_S.grade(age))

    return HealthCheck("daemon_heartbeat", threshold, run)


def business_days_after(earlier: date, later: date) -> int:
    """Weekdays after `earlier` up to and including `later` (0 when `later` is not after `earlier`)."""
    days, day = 0, earlier
    while day < later:
        day += timedelta(days=1)
        days += day.weekday() < 5
    return days


def expected_published_day(now: datetime) -> date:
    """The weekday before today in New York: the partition the 06:00 schedule publishes each morning."""
    day = now.astimezone(FILING_TIMEZONE).date() - timedelta(days=1)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def freshness_check(engine: Engine, now: datetime) -> HealthCheck:
    """Business days between the newest published filing date and the one expected by now."""
    threshold = PUBLISHED_LAG_BUSINESS_DAYS.describe() + " business days behind the previous business day"

    def run() -> CheckResult:
        latest = database.latest_published_day(engine)
        if latest is None:
            return CheckResult("freshness", "nothing published yet", threshold, Status.WARNING)
        lag = business_days_after(latest, expected_published_day(now))
        return CheckResult("freshness", lag, threshold, PUBLISHED_LAG_BUSINESS_DAYS.grade(lag))

    return HealthCheck("freshness", threshold, run)


def blob_store_check(blobs: BlobStore) -> HealthCheck:
    """A fresh token written to the blob store reads back unchanged (value: round trip in milliseconds)."""
    threshold = "a write reads back unchanged"

    def run() -> CheckResult:
        token = uuid.uuid4().hex.encode()
        started = time.perf_counter()
        uri = blobs.put(BLOB_PROBE_KEY, token)
        same = blobs.get(uri) == token
        millis = round((time.perf_counter() - started) * 1000, 1)
        return CheckResult("blob_store", millis if same else "read back different bytes", threshold,
                           Status.OK if same else Status.CRITICAL)

    return HealthCheck("blob_store", threshold, run)


def disk_usage_share(path: Path) -> float:
    """Used share of the filesystem holding `path` (or its nearest existing parent)."""
    existing = path
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    usage = shutil.disk_usage(existing)
    return usage.used / usage.total


def disk_check(data_dir: Path) -> HealthCheck:
    """Used share of the filesystem that holds the data folder (SEC_PIPELINE_HOME)."""
    threshold = DISK_USAGE.describe() + " used"

    def run() -> CheckResult:
        share = disk_usage_share(data_dir)
        return CheckResult("disk", round(share, 3), threshold, DISK_USAGE.grade(share))

    return HealthCheck("disk", threshold, run)


def edgar_check(edgar_url: str, user_agent: str, timeout_s: float = EDGAR_TIMEOUT_S) -> HealthCheck:
    """One GET of EDGAR's latest-filings feed (one entry), no retries (value: milliseconds). EDGAR and the
    project's mirror both serve it. Ok only for a 200 Atom feed; 403 is critical (SEC refuses this
    User-Agent or address); any other answer (404, 429, 5xx, a page that is not the feed, as a proxy or a
    captive portal gives) and a timeout are warnings."""
    from sec_pipeline.edgar.feed import getcurrent_path

    threshold = f"the latest-filings feed within {timeout_s:g} s"
    url = edgar_url.rstrip("/") + getcurrent_path("8-K", 0, 1)
    http = httpx.Client(timeout=timeout_s, follow_redirects=True)  # built here: its TLS setup takes ~0.3 s

    def run() -> CheckResult:
        from sec_pipeline.edgar.client import UserAgentError, validate_user_agent

        try:
            agent = validate_user_agent(user_agent)
        except UserAgentError:
            http.close()
            return CheckResult("edgar", "SEC_PIPELINE_USER_AGENT is not set to 'Company you@company.com'",
                               threshold, Status.WARNING)
        started = time.perf_counter()
        try:
            with http:
                response = http.get(url, headers={"User-Agent": agent})
        except httpx.HTTPError as exc:
            return CheckResult("edgar", error_text(exc), threshold, Status.WARNING)
        millis = round((time.perf_counter() - started) * 1000, 1)
        code = response.status_code
        if code != 200:
            return CheckResult("edgar", f"HTTP {code}", threshold, Status.CRITICAL if code == 403 else Status.WARNING)
        if b"<feed" not in response.content[:4096]:
            return CheckResult("edgar", "HTTP 200 but not the latest-filings feed (a proxy or portal page?)",
                               threshold, Status.WARNING)
        return CheckResult("edgar", millis, threshold, Status.OK)

    return HealthCheck("edgar", threshold, run, timeout_s=timeout_s + 0.3)


def runbook_checks(
    *,
    engine: Engine,
    blobs: BlobStore,
    probe: InstanceProbe,
    data_dir: Path,
    now: datetime,
    edgar_url: str | None,
    user_agent: str = "",
) -> list[HealthCheck]:
    """The morning check of the runbook, in report order (EDGAR left out when `edgar_url` is None)."""
    checks = [database_check(engine)]
    if engine.dialect.name == "postgresql":
        checks.append(connections_check(engine))
    checks += [
        schema_check(engine),
        queue_check(probe),
        failed_runs_check(probe, now),
        daemon_check(probe, now),
        freshness_check(engine, now),
        blob_store_check(blobs),
        disk_check(data_dir),
    ]
    if edgar_url is not None:
        checks.append(edgar_check(edgar_url, user_agent))
    return checks
