"""One factory per external system: the EDGAR client, the blob store, the app database.

The CLI commands and the Dagster resources both build these here, from the settings of
`sec_pipeline.config`, so both get the same policy: the declared User-Agent, the rate limit shared by every
process of the machine, the request bounds and the HTTP cache; S3 when a bucket is set, else a local folder;
the SQLite file's folder created and the schema migrated.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypedDict, Unpack

from sec_pipeline.config import BlobSettings, EdgarSettings
from sec_pipeline.edgar.client import EdgarClient
from sec_pipeline.store.blobs import BlobStore, LocalBlobStore, S3BlobStore
from sec_pipeline.store.engine import normalize_url, sqlite_path
from sec_pipeline.store.store import Store


class ClientTuning(TypedDict, total=False):
    """EdgarClient's retry knobs that a caller may set."""

    throttle_pause_s: float
    max_retries: int


def edgar_client(settings: EdgarSettings, **tuning: Unpack[ClientTuning]) -> EdgarClient:
    """An EdgarClient for `settings`; `tuning` passes EdgarClient's retry knobs (throttle_pause_s, max_retries)."""
    return EdgarClient(
        settings.user_agent,
        edgar_url=settings.edgar_url,
        data_url=settings.data_url,
        rate_limit=settings.rate_limit,
        cache_dir=Path(settings.cache_dir) if settings.cache_dir else None,
        timeout=settings.first_byte_timeout_s,
        connect_timeout_s=settings.connect_timeout_s,
        deadline_s=settings.request_deadline_s,
        max_body_bytes=settings.max_body_bytes,
        budget_dir=Path(settings.budget_dir) if settings.budget_dir else None,
        **tuning,
    )


def blob_store(settings: BlobSettings) -> BlobStore:
    """S3 when `settings.s3_bucket` is set (credentials from boto3's default chain), else the local folder."""
    if settings.s3_bucket:
        return S3BlobStore(settings.s3_bucket, settings.s3_prefix, endpoint_url=settings.s3_endpoint_url or None)
    return LocalBlobStore(Path(settings.local_dir))


def open_store(database_url: str, blobs: BlobStore | None, *, migrate: bool = True) -> Store:
    """The app database at `database_url` (a SQLite file's folder is created), keeping long section text in
    `blobs`; migrated to the newest schema unless `migrate=False` (to look at it without changing it)."""
    url = normalize_url(database_url)
    path = sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    store = Store(url.render_as_string(hide_password=False), blobs=blobs)
    if migrate:
        store.migrate()
    return store
