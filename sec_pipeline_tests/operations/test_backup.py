"""Backups: back up, destroy, restore, identical (SQLite and PostgreSQL); verify; retention with a fake
clock; the blob store on S3 (moto); the command."""

from __future__ import annotations

import gzip
import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import MetaData, inspect

from sec_pipeline.cli import main
from sec_pipeline.operations import backup as backups
from sec_pipeline.operations.backup import (
    BackupError,
    compare_tables,
    create_backup,
    find_backup,
    latest_backup_times,
    list_backups,
    prune_backups,
    restore_backup,
    verify_backup,
)
from sec_pipeline.operations.snapshots import TableFigures, database_figures
from sec_pipeline.store import BlobStore, LocalBlobStore, Store
from sec_pipeline.store.engine import sqlite_path
from sec_pipeline_tests.operations.helpers import CIKS, DAY, NOW, accession, seed


def _url(store: Store) -> str:
    return store.url.render_as_string(hide_password=False)


def _contents(url: str, blobs: BlobStore) -> dict[str, object]:
    reader = Store(url, blobs=blobs)
    try:
        accessions = [accession(cik) for cik in CIKS]
        return {"filings": reader.get_filings(filing_date=DAY), "sections": reader.get_sections(accessions),
                "signals": reader.get_signals(filing_date=DAY), "validations": reader.get_validations(DAY.isoformat()),
                "model": reader.latest_model_version("sentiment")}
    finally:
        reader.dispose()


def _destroy(url: str, store: Store) -> None:
    store.dispose()
    path = sqlite_path(store.url)
    if path is not None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    metadata = MetaData()
    metadata.reflect(store.engine)
    metadata.drop_all(store.engine)
    store.dispose()


def test_back_up_destroy_restore_identical(store: Store) -> None:
    store.inline_text_limit = 100  # the long risk-factor text goes to the blob store
    seed(store)
    url = _url(store)
    before = _contents(url, store.blobs)
    backup = create_backup(url, store.blobs, kind="daily", configuration={"database_url": "***"}, now=NOW)
    assert backup.id == "daily-20241105T150000Z" and backup.backend == store.dialect
    assert backup.tables["filings"].rows == 2 and backup.tables["sections"].rows == 4
    assert backup.tables == database_figures(url)
    _destroy(url, store)
    assert "filings" not in inspect(Store(url).engine).get_table_names()
    restore_backup(find_backup(store.blobs), store.blobs, url)
    assert database_figures(url) == backup.tables
    assert _contents(url, store.blobs) == before


def test_postgres_restore_recreates_a_dropped_database(postgres_server, tmp_path: Path) -> None:
    name = postgres_server.create()
    url = postgres_server.url_for(name)
    try:
        blobs = LocalBlobStore(tmp_path / "blobs")
        store = Store(url, blobs=blobs)
        store.migrate()
        seed(store)
        store.dispose()
        backup = create_backup(url, blobs, kind="weekly", configuration={}, now=NOW)
        postgres_server.drop(name)
        restore_backup(backup, blobs, url)
        assert database_figures(url) == backup.tables
    finally:
        postgres_server.drop(name)


def test_verify_restores_into_a_scratch_database(store: Store, tmp_path: Path) -> None:
    seed(store)
    url = _url(store)
    backup = create_backup(url, store.blobs, kind="daily", configuration={}, now=NOW)
    store.upsert_filings([{"accession_no": accession(1234), "cik": "1234", "form_type": "8-K", "filing_date": DAY,
                           "status": "downloaded"}])  # the live database moved on; the backup did not
    result = verify_backup(backup, store.blobs, url)
    assert result.ok and result.tables == len(backup.tables)
    if store.dialect == "sqlite":
        scratch = f"sqlite:///{tmp_path / 'scratch.db'}"
        assert verify_backup(backup, store.blobs, url, scratch_url=scratch).ok
        assert database_figures(scratch) == backup.tables
    key = f"{backup.prefix}/{backup.database_file}"
    store.blobs.put(key, store.blobs.get(key)[:-10])
    damaged = verify_backup(backup, store.blobs, url)
    assert not damaged.ok and "damaged" in damaged.mismatches["files"]
    with pytest.raises(BackupError, match="damaged"):
        restore_backup(backup, store.blobs, url)


def test_compare_tables() -> None:
    a, b = TableFigures(2, "x"), TableFigures(2, "y")
    assert compare_tables({"t": a}, {"t": a}) == {}
    assert compare_tables({"t": a, "u": a}, {"t": b, "v": a}) == {
        "t": "same row count, different content", "u": "missing in the restore", "v": "not in the backup"}
    assert compare_tables({"t": a}, {"t": TableFigures(1, "x")}) == {"t": "1 rows restored, 2 backed up"}


def test_find_list_and_retention_with_a_fake_clock(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    store = Store(url, blobs=LocalBlobStore(tmp_path / "blobs"))
    store.migrate()
    blobs = store.blobs
    daily_days = (0, 10, 50, 65, 70, 95)
    weekly_days = (0, 5, 14)
    start = NOW - timedelta(days=100)
    for day in daily_days:
        create_backup(url, blobs, kind="daily", configuration={}, now=start + timedelta(days=day))
    for day in weekly_days:
        create_backup(url, blobs, kind="weekly", configuration={}, now=start + timedelta(days=day, hours=1))
    with pytest.raises(BackupError, match="exists already"):
        create_backup(url, blobs, kind="daily", configuration={}, now=start)
    listed = list_backups(blobs)
    assert len(listed) == 9 and listed == sorted(listed, key=lambda b: b.created_at)
    assert find_backup(blobs).id == backups.backup_id("daily", start + timedelta(days=95))
    assert find_backup(blobs, before=start + timedelta(days=12)).id == backups.backup_id(
        "daily", start + timedelta(days=10))
    assert find_backup(blobs, listed[0].id) == listed[0]
    with pytest.raises(BackupError, match="no backup daily-20000101T000000Z"):
        find_backup(blobs, "daily-20000101T000000Z")
    with pytest.raises(BackupError, match="not a backup id"):
        find_backup(blobs, "monthly-1")
    with pytest.raises(BackupError, match="no backup before"):
        find_backup(blobs, before=start - timedelta(days=1))
    assert latest_backup_times(blobs) == {"daily": start + timedelta(days=95),
                                          "weekly": start + timedelta(days=14, hours=1)}

    removed = prune_backups(blobs, NOW, {"daily": 30, "weekly": 90})  # day 100: daily before day 70 go
    assert removed == [backups.backup_id("daily", start + timedelta(days=d)) for d in (0, 10, 50, 65)] + [
        backups.backup_id("weekly", start + timedelta(days=d, hours=1)) for d in (0, 5)]
    left = [(b.kind, (b.created_at - start).days) for b in list_backups(blobs)]
    assert left == [("weekly", 14), ("daily", 70), ("daily", 95)]  # the newest weekly stays, though 86 days old
    assert not any(info.key.startswith(f"backups/daily/{start:%Y%m%d}") for info in blobs.scan("backups"))
    later = prune_backups(blobs, NOW + timedelta(days=365), {"daily": 30, "weekly": 90})
    assert later == [backups.backup_id("daily", start + timedelta(days=70))]  # each kind keeps its newest
    store.dispose()


def test_backups_in_s3(blob_store: BlobStore, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    store = Store(url, blobs=blob_store)
    store.migrate()
    seed(store)
    store.dispose()
    backup = create_backup(url, blob_store, kind="weekly", configuration={"s3_bucket": "b"}, now=NOW)
    assert blob_store.uri(f"{backup.prefix}/manifest.json").startswith(
        "s3://" if type(blob_store).__name__ == "S3BlobStore" else "file://")
    assert [b.id for b in list_backups(blob_store)] == [backup.id]
    assert verify_backup(backup, blob_store, url).ok
    Path(tmp_path / "app.db").unlink()
    restore_backup(find_backup(blob_store), blob_store, url)
    assert database_figures(url) == backup.tables
    assert json.loads(gzip.decompress(blob_store.get(f"{backup.prefix}/configuration.json.gz"))) == {"s3_bucket": "b"}
    assert prune_backups(blob_store, NOW + timedelta(days=400), {"daily": 30, "weekly": 90}) == []  # the newest
    newer = create_backup(url, blob_store, kind="weekly", configuration={}, now=NOW + timedelta(days=7))
    assert prune_backups(blob_store, NOW + timedelta(days=400), {"daily": 30, "weekly": 90}) == [backup.id]
    assert [b.id for b in list_backups(blob_store)] == [newer.id]
    assert not any(info.key.startswith(backup.prefix) for info in blob_store.scan("backups"))


def test_backup_command(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    from sqlalchemy.engine import make_url

    # a password in the URL (trust authentication ignores it) must reach pg_dump but never the backup
    shown = make_url(database_url).set(password="s3cret-pw") if database_url.startswith("postgresql") else None
    url = shown.render_as_string(hide_password=False) if shown else database_url
    monkeypatch.setenv("SEC_PIPELINE_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("DATABASE_URL", url)
    store = Store(url, blobs=LocalBlobStore(tmp_path / "home" / "blobs"))
    store.migrate()
    seed(store)
    store.dispose()
    assert main(["backup", "list"]) == 0 and "no backups" in capsys.readouterr().out
    assert main(["backup", "create"]) == 0
    created = json.loads(capsys.readouterr().out)
    assert created["rows"]["filings"] == 2 and created["id"].startswith("daily-")
    assert main(["backup", "list"]) == 0 and created["id"] in capsys.readouterr().out
    assert main(["backup", "verify"]) == 0 and "identical" in capsys.readouterr().out
    assert main(["backup", "restore", created["id"]]) == 1 and "add --yes" in capsys.readouterr().out
    assert main(["backup", "restore", "--yes"]) == 0 and "db migrate" in capsys.readouterr().out
    assert main(["backup", "prune"]) == 0 and "pruned 0 backups" in capsys.readouterr().out
    with pytest.raises(SystemExit, match="backup verify: no backup daily-20000101T000000Z"):
        main(["backup", "verify", "daily-20000101T000000Z"])
    configuration = next((tmp_path / "home" / "blobs" / "backups").rglob("configuration.json.gz"))
    assert "s3cret-pw" not in gzip.decompress(configuration.read_bytes()).decode()
    assert main(["backup", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["tables"]["signals"]["rows"] == 4
