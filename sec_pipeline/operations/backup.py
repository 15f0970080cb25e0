"""Backups of the app database and the configuration in the blob store: create, list, verify, restore,
prune.

Layout: `backups/<kind>/<UTC stamp>/` holds the database snapshot (see `snapshots`), `configuration.json.gz`
(the settings with secrets masked) and `manifest.json`, written last, so a listed backup is a complete one.
A backup's id is "<kind>-<stamp>", e.g. "daily-20250105T020000Z". Retention keeps daily backups 30 days and
weekly ones 90 days (settings), and always the newest backup of each kind.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sec_pipeline.operations.snapshots import (
    TableFigures,
    database_figures,
    load_snapshot,
    scratch_database,
    take_snapshot,
)
from sec_pipeline.store.blobs import BlobNotFoundError, BlobStore
from sec_pipeline.store.engine import normalize_url

ROOT = "backups"
KINDS = ("daily", "weekly")
MANIFEST = "manifest.json"
CONFIGURATION = "configuration.json.gz"
STAMP = "%Y%m%dT%H%M%SZ"


class BackupError(RuntimeError):
    """A backup cannot be found, made or used; the message says what to do."""


@dataclass(frozen=True)
class Backup:
    """One complete backup as its manifest records it."""

    id: str
    kind: str
    created_at: datetime
    backend: str
    files: dict[str, str]  # file name -> sha256 of the stored bytes
    tables: dict[str, TableFigures]
    bytes: int

    @property
    def prefix(self) -> str:
        """The blob folder of this backup."""
        return backup_prefix(self.kind, self.created_at)

    @property
    def database_file(self) -> str:
        """The name of the database snapshot among the files."""
        return next(name for name in self.files if name.startswith("database."))

    def as_dict(self) -> dict[str, Any]:
        """The manifest's JSON shape."""
        shown = asdict(self)
        shown["created_at"] = self.created_at.isoformat()
        return shown

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Backup:
        """Read a manifest."""
        return cls(
            id=data["id"], kind=data["kind"], created_at=datetime.fromisoformat(data["created_at"]),
            backend=data["backend"], files=dict(data["files"]),
            tables={name: TableFigures(**figures) for name, figures in data["tables"].items()},
            bytes=int(data["bytes"]),
        )


@dataclass(frozen=True)
class Verification:
    """A backup restored into a scratch database and compared, table by table, with its manifest."""

    backup_id: str
    tables: int
    mismatches: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when every file and table matched."""
        return not self.mismatches


def _check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise BackupError(f"backup kind {kind!r} is not one of {', '.join(KINDS)}")
    return kind


def backup_prefix(kind: str, created_at: datetime) -> str:
    """backups/<kind>/<stamp>."""
    return f"{ROOT}/{_check_kind(kind)}/{created_at.astimezone(UTC).strftime(STAMP)}"


def backup_id(kind: str, created_at: datetime) -> str:
    """<kind>-<stamp>."""
    return f"{_check_kind(kind)}-{created_at.astimezone(UTC).strftime(STAMP)}"


def parse_backup_id(text: str) -> tuple[str, datetime]:
    """(kind, creation time) of an id such as daily-20250105T020000Z."""
    kind, _, stamp = text.partition("-")
    try:
        return _check_kind(kind), datetime.strptime(stamp, STAMP).replace(tzinfo=UTC)
    except (BackupError, ValueError) as exc:
        raise BackupError(f"{text!r} is not a backup id such as daily-20250105T020000Z; "
                          "`sec-pipeline backup list` shows them") from exc


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def create_backup(url: str, blobs: BlobStore, *, kind: str, configuration: Mapping[str, Any],
                  now: datetime) -> Backup:
    """Snapshot the database at `url` and store it with `configuration` (already redacted) as backup `kind`."""
    prefix = backup_prefix(kind, now)
    if blobs.exists(f"{prefix}/{MANIFEST}"):
        raise BackupError(f"backup {backup_id(kind, now)} exists already; make the next one a second later")
    snapshot = take_snapshot(url)
    stored = {
        snapshot.filename: snapshot.data,
        CONFIGURATION: gzip.compress(json.dumps(dict(configuration), indent=2, default=str).encode()),
    }
    for name, data in stored.items():
        blobs.put(f"{prefix}/{name}", data)
    backup = Backup(
        id=backup_id(kind, now), kind=kind, created_at=now.astimezone(UTC),
        backend=normalize_url(url).get_backend_name(),
        files={name: _sha256(data) for name, data in stored.items()},
        tables=snapshot.tables, bytes=sum(len(data) for data in stored.values()),
    )
    blobs.put(f"{prefix}/{MANIFEST}", json.dumps(backup.as_dict(), indent=2).encode())
    return backup


def _manifest_keys(blobs: BlobStore) -> list[str]:
    return [info.key for info in blobs.scan(ROOT) if info.key.endswith(f"/{MANIFEST}")]


def list_backups(blobs: BlobStore) -> list[Backup]:
    """Every complete backup, oldest first."""
    backups = [Backup.from_dict(json.loads(blobs.get(key))) for key in _manifest_keys(blobs)]
    return sorted(backups, key=lambda b: b.created_at)


def latest_backup_times(blobs: BlobStore) -> dict[str, datetime]:
    """Creation time of the newest complete backup of each kind (from the keys; no manifest is read)."""
    latest: dict[str, datetime] = {}
    for key in _manifest_keys(blobs):
        _, kind, stamp, _ = key.split("/")
        created = parse_backup_id(f"{kind}-{stamp}")[1]
        latest[kind] = max(created, latest.get(kind, created))
    return latest


def find_backup(blobs: BlobStore, backup: str | None = None, before: datetime | None = None) -> Backup:
    """The backup with id `backup`, else the newest one (created before `before` when given)."""
    if backup:
        kind, created = parse_backup_id(backup)
        try:
            return Backup.from_dict(json.loads(blobs.get(f"{backup_prefix(kind, created)}/{MANIFEST}")))
        except BlobNotFoundError as exc:
            raise BackupError(f"no backup {backup}; `sec-pipeline backup list` shows the ones there are") from exc
    candidates = [b for b in list_backups(blobs) if before is None or b.created_at < before]
    if not candidates:
        when = f" before {before.isoformat()}" if before else ""
        raise BackupError(f"no backup{when} in {blobs!r}; make one with `sec-pipeline backup create`")
    return candidates[-1]


def _read_checked(blobs: BlobStore, backup: Backup, name: str) -> bytes:
    data = blobs.get(f"{backup.prefix}/{name}")
    if _sha256(data) != backup.files[name]:
        raise BackupError(f"{backup.id}/{name} does not match its manifest checksum: the stored copy is damaged")
    return data


def restore_backup(backup: Backup, blobs: BlobStore, url: str) -> None:
    """Replace the database at `url` with the backup's snapshot (checksum-checked first)."""
    load_snapshot(url, backup.database_file, _read_checked(blobs, backup, backup.database_file))


def compare_tables(expected: Mapping[str, TableFigures], found: Mapping[str, TableFigures]) -> dict[str, str]:
    """Table name -> what differs, for every table whose figures differ or that is missing on one side."""
    differences = {}
    for name in sorted(set(expected) | set(found)):
        want, got = expected.get(name), found.get(name)
        if want is None or got is None:
            differences[name] = "missing in the restore" if got is None else "not in the backup"
        elif want.rows != got.rows:
            differences[name] = f"{got.rows} rows restored, {want.rows} backed up"
        elif want.checksum != got.checksum:
            differences[name] = "same row count, different content"
    return differences


def verify_backup(backup: Backup, blobs: BlobStore, like_url: str, scratch_url: str | None = None) -> Verification:
    """Restore the backup into a scratch database (a throwaway one beside `like_url`, or `scratch_url`) and
    compare each table's row count and checksum with the source's figures in the manifest."""
    try:
        for name in backup.files:
            _read_checked(blobs, backup, name)
    except BackupError as exc:
        return Verification(backup.id, 0, {"files": str(exc)})
    if scratch_url:
        restore_backup(backup, blobs, scratch_url)
        found = database_figures(scratch_url)
    else:
        with scratch_database(like_url) as scratch:
            restore_backup(backup, blobs, scratch)
            found = database_figures(scratch)
    return Verification(backup.id, len(backup.tables), compare_tables(backup.tables, found))


def delete_backup(backup: Backup, blobs: BlobStore) -> None:
    """Remove a backup: its manifest first, so a half-removed backup is never listed."""
    blobs.delete(f"{backup.prefix}/{MANIFEST}")
    for info in list(blobs.scan(backup.prefix)):
        blobs.delete(info.key)


def prune_backups(blobs: BlobStore, now: datetime, keep_days: Mapping[str, int]) -> list[str]:
    """Delete the backups older than their kind's retention (`keep_days`, e.g. {"daily": 30, "weekly": 90}),
    never the newest of a kind; returns the ids removed."""
    removed = []
    backups = list_backups(blobs)
    for kind in KINDS:
        of_kind = [b for b in backups if b.kind == kind]
        cutoff = now - timedelta(days=keep_days[kind])
        for backup in of_kind[:-1]:
            if backup.created_at < cutoff:
                delete_backup(backup, blobs)
                removed.append(backup.id)
    return removed
