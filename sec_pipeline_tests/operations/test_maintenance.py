"""Maintenance on SQLite and PostgreSQL: vacuum/reindex or integrity, sizes, the runbook's indexes, orphaned
blobs (and the guards that keep blobs), run retention."""

from __future__ import annotations

import json
import os
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from sec_pipeline.cli import main
from sec_pipeline.operations.maintenance import MAINTAINED_TABLES, run_maintenance
from sec_pipeline.operations.snapshots import database_figures
from sec_pipeline.store import LocalBlobStore, Store
from sec_pipeline_tests.operations.helpers import DAY, FakeProbe, accession, seed


def _age(blobs: LocalBlobStore, key: str, days: float) -> None:
    when = time.time() - days * 86400
    os.utime(blobs.root / key, (when, when))


def _orphaned_store(store: Store) -> list[str]:
    """Seed the store and add blobs no row references: three old ones, one fresh, one in an unowned folder."""
    store.inline_text_limit = 100
    seed(store)
    blobs = store.blobs
    for info in list(blobs.scan("raw")) + list(blobs.scan("sections")) + list(blobs.scan("models")):
        _age(blobs, info.key, 3)  # the referenced blobs are old too: age alone never makes an orphan
    old = [f"raw/1234/{accession(1234)}/full-submission.txt", f"sections/{accession(1234)}/1A.txt",
           "models/sentiment/v0.tar.gz"]
    for key in old:
        blobs.put(key, b"left behind")
        _age(blobs, key, 2)
    blobs.put(f"raw/5678/{accession(5678)}/full-submission.txt", b"written a moment ago, row not yet committed")
    blobs.put("validations/2024-11-01/index.html", b"data docs: no row points here, and none has to")
    _age(blobs, "validations/2024-11-01/index.html", 30)
    return sorted(old)


def test_maintenance_pass(store: Store) -> None:
    orphans = _orphaned_store(store)
    url = store.url.render_as_string(hide_password=False)
    figures = database_figures(url)
    probe = FakeProbe()
    now = datetime.now(UTC)
    dry = run_maintenance(store.engine, store.blobs, probe, now=now, run_retention_days=90, dry_run=True)
    assert dry.orphans == orphans and dry.orphans_removed == 0 and dry.statements == [] and probe.deleted_before == []
    assert all(store.blobs.exists(key) for key in orphans)

    report = run_maintenance(store.engine, store.blobs, probe, now=now, run_retention_days=90)
    assert report.runbook_indexes == {"idx_filings_cik_date": "ix_filings_cik_filing_date",
                                      "idx_signals_filing_category": "ix_signals_accession_no_category"}
    sizes = {t.table: t for t in report.tables}
    assert list(sizes) == sorted(MAINTAINED_TABLES)
    assert (sizes["filings"].rows, sizes["sections"].rows, sizes["signals"].rows, sizes["validations"].rows) == (
        2, 4, 4, 3)
    if store.dialect == "postgresql":
        assert report.statements[:4] == [f'VACUUM (ANALYZE) "{t}"' for t in MAINTAINED_TABLES]
        reindexed = {s.split('"')[1] for s in report.statements[4:]}
        assert {"ix_filings_cik_filing_date", "ix_signals_accession_no_category", "filings_pkey"} <= reindexed
        assert all(s.startswith("REINDEX INDEX CONCURRENTLY") for s in report.statements[4:])
        assert sizes["filings"].bytes > 0 and 0 <= sizes["filings"].bloat_share < 1
        assert report.integrity is None
    else:
        assert report.statements == ["VACUUM", "ANALYZE", "PRAGMA integrity_check"]
        assert report.integrity == "ok" and sizes["filings"].bytes > 0
    assert report.orphans == orphans and report.orphans_removed == 3
    assert not any(store.blobs.exists(key) for key in orphans)
    assert store.blobs.exists(f"raw/5678/{accession(5678)}/full-submission.txt")  # inside the grace period
    assert store.blobs.exists("validations/2024-11-01/index.html")
    assert len(store.get_sections([accession(320193)])[0]["text"]) == 2400  # its blob was referenced
    assert database_figures(url) == figures
    assert probe.deleted_before == [now - timedelta(days=90)] and report.runs_deleted == 3
    json.dumps(report.as_dict())


def test_references_outside_this_blob_store_keep_every_blob(store: Store, tmp_path: Path) -> None:
    orphans = _orphaned_store(store)
    store.upsert_filings([{"accession_no": accession(4321), "cik": "4321", "form_type": "10-K", "filing_date": DAY,
                           "status": "downloaded", "raw_uri": (tmp_path / "old-home" / "x.txt").as_uri()}])
    report = run_maintenance(store.engine, store.blobs, None, now=datetime.now(UTC), run_retention_days=90)
    assert report.orphans == orphans and report.orphans_removed == 0
    assert "1 stored URIs point outside" in report.orphans_kept_reason
    assert all(store.blobs.exists(key) for key in orphans)


def test_maintenance_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("SEC_PIPELINE_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    assert main(["maintenance", "run", "--dry-run"]) == 0
    dry = json.loads(capsys.readouterr().out)
    assert dry["statements"] == [] and dry["backend"] == "sqlite"
    assert main(["maintenance", "run"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["integrity"] == "ok" and report["runs_deleted"] == 0
