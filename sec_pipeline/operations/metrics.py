"""Prometheus exposition of sec_pipeline: read from the app database, the Dagster instance and the disk
at scrape time (nothing is counted in this process except the exporter's own HTTP requests).

`PipelineCollector` yields every family on each scrape; a source that fails (database down, instance
unreadable) leaves its families without samples and sets `sec_pipeline_scrape_source_up{source}` to 0.
`MetricsServer` serves `/metrics` and `/health` (the health report: 200 unless critical, then 503).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.exposition import CONTENT_TYPE_LATEST, generate_latest
from prometheus_client.registry import Collector
from sqlalchemy import Engine

from sec_pipeline.operations import database
from sec_pipeline.operations.backup import latest_backup_times
from sec_pipeline.operations.health import (
    FAILED_RUN_WINDOW,
    HealthReport,
    Status,
    business_days_after,
    disk_usage_share,
    expected_published_day,
)
from sec_pipeline.operations.probe import InstanceProbe, failed_run_share
from sec_pipeline.store.blobs import BlobStore
from sec_pipeline.store.schema import utcnow

RECENT_PARTITIONS = 7
STEP_DURATION_RUNS = 10
Clock = Callable[[], datetime]


def _gauge(name: str, documentation: str, labels: tuple[str, ...] = ()) -> GaugeMetricFamily:
    return GaugeMetricFamily(f"sec_pipeline_{name}", documentation, labels=list(labels))


class PipelineCollector(Collector):
    """Every sec_pipeline figure, read fresh at each scrape."""

    def __init__(self, *, engine: Engine, probe: InstanceProbe, blobs: BlobStore, data_dir: Path,
                 clock: Clock = utcnow) -> None:
        self.engine = engine
        self.probe = probe
        self.blobs = blobs
        self.data_dir = data_dir
        self.clock = clock

    def collect(self) -> Iterator[Metric]:
        """One scrape: database, instance, disk and backup families, then which sources answered."""
        now = self.clock()
        source_up = _gauge("scrape_source_up", "1 when the source answered this scrape, else 0", ("source",))
        for source, families in (
            ("database", self._database(now)),
            ("instance", self._instance(now)),
            ("disk", self._disk()),
            ("backups", self._backups()),
        ):
            answered = True
            try:
                yield from families()
            except Exception:  # noqa: BLE001 - a failing source is reported as down, never breaks the scrape
                answered = False
            source_up.add_metric([source], 1.0 if answered else 0.0)
        yield source_up

    # Each source returns a function that yields its families, so a failure stops only that source.

    def _database(self, now: datetime) -> Callable[[], Iterator[Metric]]:
        def families() -> Iterator[Metric]:
            up = _gauge("database_up", "1 when the app database answers SELECT 1, else 0")
            try:
                database.ping_seconds(self.engine)
            except Exception:
                up.add_metric([], 0.0)
                yield up
                raise
            up.add_metric([], 1.0)
            yield up
            connections = _gauge("database_connections", "client connections to the PostgreSQL server")
            max_connections = _gauge("database_max_connections", "max_connections of the PostgreSQL server")
            usage = database.connection_usage(self.engine)
            if usage is not None:
                connections.add_metric([], usage[0])
                max_connections.add_metric([], usage[1])
            yield connections
            yield max_connections
            counts = database.partition_counts(self.engine, RECENT_PARTITIONS)
            for name, what in (("filings", "filings"), ("sections", "sections"), ("signals", "published signals")):
                family = _gauge(f"partition_{name}", f"{what} of each of the newest filing dates", ("partition",))
                for row in counts:
                    family.add_metric([row.partition], getattr(row, name))
                yield family
            lag = _gauge("published_lag_business_days",
                         "business days between the newest published filing date and the previous business day")
            latest = database.latest_published_day(self.engine)
            if latest is not None:
                lag.add_metric([], business_days_after(latest, expected_published_day(now)))
            yield lag

        return families

    def _instance(self, now: datetime) -> Callable[[], Iterator[Metric]]:
        def families() -> Iterator[Metric]:
            counts = self.probe.run_counts(now - FAILED_RUN_WINDOW)
            runs = _gauge("runs", "Dagster runs last updated in the past 24 hours, by status", ("status",))
            for status, count in sorted(counts.items()):
                runs.add_metric([status], count)
            yield runs
            ratio = _gauge("failed_run_ratio", "failed runs over finished runs in the past 24 hours")
            ratio.add_metric([], failed_run_share(counts))
            yield ratio
            queue = _gauge("run_queue_depth", "runs waiting in the Dagster run queue")
            queue.add_metric([], self.probe.queued_runs())
            yield queue
            steps = _gauge("step_duration_seconds", "seconds of each step in the latest finished run that ran it",
                           ("step",))
            for step, seconds in sorted(self.probe.step_durations(STEP_DURATION_RUNS).items()):
                steps.add_metric([step], seconds)
            yield steps
            beats = _gauge("daemon_heartbeat_age_seconds", "seconds since each Dagster daemon's last heartbeat",
                           ("daemon",))
            for daemon, beat in sorted(self.probe.daemon_heartbeats().items()):
                beats.add_metric([daemon], max(0.0, (now - beat).total_seconds()))
            yield beats
            figures = self.probe.quality_figures()
            for name, value, what in (
                ("extraction_accuracy", figures.extraction_accuracy, "latest extraction-accuracy gate value"),
                ("validation_pass_rate", figures.validation_pass_rate, "latest validation pass rate gate value"),
                ("p95_inference_seconds", figures.p95_inference_seconds, "latest p95 inference seconds per filing"),
                ("cost_per_filing_usd", figures.cost_per_filing_usd, "latest estimated cost per filing in USD"),
            ):
                family = _gauge(name, what)
                if value is not None:
                    family.add_metric([], value)
                yield family
            traffic = self.probe.edgar_traffic(now - FAILED_RUN_WINDOW)
            requests = _gauge("edgar_requests_24h", "EDGAR requests of raw_filings steps in the past 24 hours")
            requests.add_metric([], traffic.requests)
            yield requests
            answers = _gauge("edgar_answers_24h", "EDGAR 429 and 403 answers to raw_filings steps in the past 24 hours",
                             ("status",))
            answers.add_metric(["429"], traffic.answers_429)
            answers.add_metric(["403"], traffic.answers_403)
            yield answers

        return families

    def _disk(self) -> Callable[[], Iterator[Metric]]:
        def families() -> Iterator[Metric]:
            usage = _gauge("disk_usage_ratio", "used share of the filesystem holding the data folder")
            usage.add_metric([], disk_usage_share(self.data_dir))
            yield usage

        return families

    def _backups(self) -> Callable[[], Iterator[Metric]]:
        def families() -> Iterator[Metric]:
            latest = _gauge("backup_latest_timestamp_seconds", "creation time of the newest backup of each kind",
                            ("kind",))
            for kind, created in sorted(latest_backup_times(self.blobs).items()):
                latest.add_metric([kind], created.timestamp())
            yield latest

        return families


class MetricsServer:
    """`/metrics` and `/health` over HTTP on host:port (port 0: a free one), served from a thread or in the
    foreground; request durations go to `sec_pipeline_http_request_duration_seconds{handler}`."""

    def __init__(self, collector: Collector, health: Callable[[], HealthReport], host: str = "127.0.0.1",
                 port: int = 9464) -> None:
        self.registry = CollectorRegistry()
        self.registry.register(collector)
        durations = Histogram("sec_pipeline_http_request_duration_seconds", "seconds to answer an HTTP request",
                              ["handler"], registry=self.registry)
        answers = Counter("sec_pipeline_http_requests", "HTTP requests answered, by handler and status code",
                          ["handler", "code"], registry=self.registry)
        registry = self.registry

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the http.server naming
                started = time.perf_counter()
                path = self.path.split("?", 1)[0]
                if path == "/metrics":
                    code, body, kind = 200, generate_latest(registry), CONTENT_TYPE_LATEST
                elif path == "/health":
                    report = health()
                    code = 503 if report.status is Status.CRITICAL else 200
                    body, kind = json.dumps(report.as_dict(), default=str).encode(), "application/json"
                else:
                    code, body, kind, path = 404, b"not found: try /metrics or /health\n", "text/plain", "other"
                self.send_response(code)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                durations.labels(path).observe(time.perf_counter() - started)
                answers.labels(path, str(code)).inc()

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the http.server name
                """Quiet: Prometheus scrapes every few seconds."""

        self._server = ThreadingHTTPServer((host, port), Handler)
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        """The port the server listens on."""
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        """Base URL, e.g. http://127.0.0.1:9464."""
        return f"http://{self._server.socket.getsockname()[0]}:{self.port}"

    def serve_forever(self) -> None:
        """Serve in the foreground until interrupted."""
        self._server.serve_forever()

    def __enter__(self) -> MetricsServer:
        self._thread = threading.Thread(target=self._server.serve_forever, name="metrics-server", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop serving and release the port."""
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join()
        self._server.server_close()

