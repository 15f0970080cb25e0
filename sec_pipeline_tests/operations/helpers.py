"""A seeded app store and a scriptable InstanceProbe, shared by the operations tests."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sec_pipeline.operations.probe import EdgarTraffic, QualityFigures
from sec_pipeline.store import Store
from sec_pipeline.store.blobs import model_key, raw_key

DAY = date(2024, 11, 1)
CIKS = (320193, 789019)


def accession(cik: int, seq: int = 1) -> str:
    """An accession number of DAY's year."""
    return f"{cik:010d}-{DAY.year % 100:02d}-{seq:06d}"


def seed(store: Store, day: date = DAY) -> dict[str, int]:
    """Two filings of `day` with raw documents in the store's blobs, two sections each (one long enough to
    live in the blob store when the store's inline limit is small), published signals, validations and a
    model version. Returns the row counts written."""
    assert store.blobs is not None, "seed needs a Store with blobs"
    filings = []
    for cik in CIKS:
        acc = accession(cik)
        uri = store.blobs.put(raw_key(cik, acc, "full-submission.txt"), f"<SEC-DOCUMENT>{acc}".encode())
        filings.append({"accession_no": acc, "cik": str(cik), "company": f"Company {cik}", "form_type": "10-K",
                        "filing_date": day, "raw_uri": uri, "bytes": 20, "status": "extracted",
                        "declared_items": None})
    store.upsert_filings(filings)
    for row in filings:
        store.replace_sections_many({row["accession_no"]: [
            {"item": "1A", "title": "Risk Factors", "text": "Risk. " * 400, "start_offset": 0, "end_offset": 2400},
            {"item": "7", "title": "MD&A", "text": "Revenue grew.", "start_offset": 2400, "end_offset": 2413},
        ]})
        store.stage_signals_many({row["accession_no"]: [
            {"section": "7", "family": "tone", "name": name, "filing_date": day, "category": "tone",
             "value": value, "tier": "lexicon"}
            for name, value in (("net_tone", 0.25), ("fog", 17.5))
        ]})
    store.publish_signals(day)
    store.upsert_validations([
        {"partition": day.isoformat(), "scope": "partition", "expectation": name, "passed": passed,
         "observed_value": {"value": 1}, "details": {"severity": "error"}}
        for name, passed in (("schema", True), ("non_empty", True), ("sizes", False))
    ])
    model_uri = store.blobs.put(model_key("sentiment", "v1"), b"model archive")
    store.record_model_version("sentiment", "v1", model_uri, {"accuracy": 0.95})
    return {"filings": 2, "sections": 4, "signals": 4, "validations": 3, "model_versions": 1}


@dataclass
class FakeProbe:
    """An InstanceProbe whose answers the test sets; it records the retention cutoffs it was given."""

    queued: int = 0
    counts: Mapping[str, int] = field(default_factory=dict)
    heartbeats: Mapping[str, datetime] = field(default_factory=dict)
    steps: Mapping[str, float] = field(default_factory=dict)
    quality: QualityFigures = field(default_factory=QualityFigures)
    traffic: EdgarTraffic = field(default_factory=EdgarTraffic)
    deleted_before: list[datetime] = field(default_factory=list)

    def queued_runs(self) -> int:
        return self.queued

    def run_counts(self, since: datetime) -> Mapping[str, int]:
        return self.counts

    def daemon_heartbeats(self) -> Mapping[str, datetime]:
        return self.heartbeats

    def step_durations(self, runs: int) -> Mapping[str, float]:
        return self.steps

    def quality_figures(self) -> QualityFigures:
        return self.quality

    def edgar_traffic(self, since: datetime) -> EdgarTraffic:
        return self.traffic

    def delete_runs_before(self, cutoff: datetime) -> int:
        self.deleted_before.append(cutoff)
        return 3


def add_runs(instance, *statuses, tags: Mapping[str, str] | None = None) -> list[str]:
    """Add one daily_filings_job run per status (queued runs get the origin the queue needs); their ids."""
    import dagster as dg
    from dagster._core.remote_origin import (
        InProcessCodeLocationOrigin,
        RemoteJobOrigin,
        RemoteRepositoryOrigin,
    )
    from dagster._core.storage.dagster_run import DagsterRun
    from dagster._core.types.loadable_target_origin import LoadableTargetOrigin

    location = InProcessCodeLocationOrigin(LoadableTargetOrigin(module_name="sec_pipeline.definitions"),
                                           location_name="sec_pipeline")
    origin = RemoteJobOrigin(RemoteRepositoryOrigin(location, "__repository__"), "daily_filings_job")
    ids = []
    for status in statuses:
        queued = status == dg.DagsterRunStatus.QUEUED
        run = DagsterRun(job_name="daily_filings_job", status=status, tags=dict(tags or {}),
                         remote_job_origin=origin if queued else None)
        ids.append(instance.add_run(run).run_id)
    return ids


NOW = datetime(2024, 11, 5, 15, 0, tzinfo=UTC)  # a Tuesday: the expected published day is Monday 2024-11-04
