"""The API under FastAPI's test client, on SQLite and PostgreSQL, with keys of each scope and seeded signals."""

from __future__ import annotations

import secrets as secret_source
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sec_pipeline.config import PipelineConfig
from sec_pipeline.operations.probe import InstanceProbe
from sec_pipeline.serving import create_app
from sec_pipeline.serving.keys import KeyRing
from sec_pipeline.serving.runs import QUEUED, RunStatus
from sec_pipeline.store import LocalBlobStore, Store
from sec_pipeline_tests.operations.helpers import FakeProbe

DAYS = (date(2024, 2, 26), date(2024, 2, 27), date(2024, 2, 28))
CIKS = ("2488", "789019")
NAMES = ("net_tone", "fog", "uncertainty")


def accession(cik: str, day: date) -> str:
    return f"{int(cik):010d}-{day.year % 100:02d}-{day.day:06d}"


@dataclass
class FakeLauncher:
    """A Launcher that records what it was asked to launch and answers statuses the test set."""

    probe_: InstanceProbe = field(default_factory=FakeProbe)
    launched: list[tuple[str, str, int]] = field(default_factory=list)
    started: bool = False
    closed: bool = False

    def start(self) -> None:
        self.started = True

    def launch(self, cik: str, form_type: str, limit: int) -> str:
        self.launched.append((cik, form_type, limit))
        return f"{len(self.launched):08x}"

    def status(self, run_id: str) -> RunStatus | None:
        index = int(run_id, 16) if all(c in "0123456789abcdef" for c in run_id) else 0
        return RunStatus(run_id, QUEUED, "waiting") if 0 < index <= len(self.launched) else None

    def probe(self) -> InstanceProbe:
        return self.probe_

    def close(self) -> None:
        self.closed = True


def seed_signals(store: Store) -> int:
    """Two companies' 10-K and 8-K filings on three days, three tone signals in two sections each; published."""
    count = 0
    for day in DAYS:
        filings = [{"accession_no": accession(cik, day), "cik": cik, "company": f"Company {cik}",
                    "form_type": "10-K" if day == DAYS[0] else "8-K", "filing_date": day, "status": "extracted",
                    "period_of_report": date(2023, 12, 31)} for cik in CIKS]
        store.upsert_filings(filings)
        for filing in filings:
            store.replace_sections_many({filing["accession_no"]: [
                {"item": "1A", "title": "Risk Factors", "text": "Risk.", "start_offset": 0, "end_offset": 5,
                 "char_count": 5, "confidence": 0.9}]})
            rows = [{"section": section, "family": "tone", "name": name, "category": "tone", "value": 0.1 * i,
                     "label": "neutral", "evidence": "Revenue grew.", "evidence_start": 0, "evidence_end": 13,
                     "tier": "lexicon", "model": "lm", "model_version": "2020"}
                    for section in ("1A", "7") for i, name in enumerate(NAMES)]
            count += store.stage_signals_many({filing["accession_no"]: rows})
        store.publish_signals(day)
    return count


@dataclass
class Api:
    """The test client, its launcher and store, a key of each kind, and the bootstrap admin key of the
    environment (SEC_PIPELINE_API_ADMIN_KEY)."""

    client: TestClient
    launcher: FakeLauncher
    store: Store
    keys: KeyRing
    secrets: dict[str, str]
    bootstrap: str

    def get(self, path: str, key: str | None = "read", **kwargs):
        return self.client.get(path, headers=self.auth(key), **kwargs)

    def auth(self, key: str | None) -> dict[str, str]:
        return {} if key is None else {"Authorization": f"Bearer {self.secrets[key]}"}


def api_config(tmp_path: Path, database_url: str, **more: str) -> PipelineConfig:
    return PipelineConfig.from_env({"SEC_PIPELINE_HOME": str(tmp_path / "home"), "DATABASE_URL": database_url,
                                    "SEC_PIPELINE_USER_AGENT": "sec-pipeline-tests tests@example.com", **more})


@pytest.fixture
def api(tmp_path: Path, database_url: str) -> Iterator[Api]:
    """The app on `database_url` (SQLite or PostgreSQL) with seeded signals, keys read/process/admin/revoked and
    a bootstrap admin key in its environment."""
    launcher = FakeLauncher()
    bootstrap = secret_source.token_urlsafe(32)
    config = api_config(tmp_path, database_url, SEC_PIPELINE_API_RATE="1000", SEC_PIPELINE_API_BURST="1000",
                        SEC_PIPELINE_API_ADMIN_KEY=bootstrap)
    app = create_app(config, launcher=launcher)
    store = Store(database_url, blobs=LocalBlobStore(tmp_path / "blobs"))
    seed_signals(store)
    ring = KeyRing(store.engine)
    secrets = {scope: ring.create(f"{scope}-key", [scope]).secret for scope in ("read", "process", "admin")}
    revoked = ring.create("revoked-key", ["read", "process", "admin"])
    ring.revoke(revoked.info.id)
    secrets["revoked"] = revoked.secret
    try:
        with TestClient(app) as client:
            yield Api(client, launcher, store, ring, secrets, bootstrap)
    finally:
        store.dispose()
