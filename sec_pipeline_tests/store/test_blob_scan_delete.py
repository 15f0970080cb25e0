"""The two blob-store operations that backups and maintenance add: scan a folder, delete a blob (local and S3)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sec_pipeline.store import BlobStore, LocalBlobStore


def test_scan_and_delete(blob_store: BlobStore) -> None:
    before = datetime.now(UTC) - timedelta(minutes=5)
    blob_store.put("backups/daily/a/manifest.json", b"{}")
    blob_store.put("backups/daily/a/database.sqlite.gz", b"12345")
    blob_store.put("backups/weekly/b/manifest.json", b"{}")
    blob_store.put("backupsx/not-under-the-folder.txt", b"x")
    found = {info.key: info for info in blob_store.scan("backups")}
    assert set(found) == {"backups/daily/a/manifest.json", "backups/daily/a/database.sqlite.gz",
                          "backups/weekly/b/manifest.json"}
    assert found["backups/daily/a/database.sqlite.gz"].size == 5
    assert all(before < info.modified <= datetime.now(UTC) + timedelta(minutes=5) for info in found.values())
    assert [info.key for info in blob_store.scan("backups/weekly")] == ["backups/weekly/b/manifest.json"]
    assert list(blob_store.scan("nothing/here")) == []
    blob_store.delete("backups/daily/a/manifest.json")
    blob_store.delete("backups/daily/a/manifest.json")  # absent: nothing happens
    assert not blob_store.exists("backups/daily/a/manifest.json")
    assert blob_store.exists("backups/daily/a/database.sqlite.gz")


def test_local_scan_skips_temporary_files_and_delete_tidies_folders(tmp_path) -> None:
    store = LocalBlobStore(tmp_path / "blobs")
    store.put("raw/1/doc.txt", b"a")
    (tmp_path / "blobs" / "raw" / "1" / ".doc.txt.abc123.tmp").write_bytes(b"half written")
    assert [info.key for info in store.scan("raw")] == ["raw/1/doc.txt"]
    store.put("sections/x/1A.txt", b"b")
    store.delete("sections/x/1A.txt")
    assert not (tmp_path / "blobs" / "sections").exists() and (tmp_path / "blobs").is_dir()
