"""Resources: one small ConfigurableResource per external system, configured from the environment."""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg
from pydantic import PrivateAttr

from sec_pipeline.settings import Settings


def env_or(name: str, default: str) -> str | dg.EnvVar:
    """An EnvVar when the variable is set (so its value never shows in the UI), else the default."""
    return dg.EnvVar(name) if os.environ.get(name, "").strip() else default


class EdgarResource(dg.ConfigurableResource):
    """SEC EDGAR (or a mirror): declared User-Agent, one token bucket per process, retries."""

    user_agent: str
    edgar_url: str = "https://www.sec.gov"
    data_url: str = "https://data.sec.gov"
    rate_limit: float = 8.0
    cache_dir: str = ""
    throttle_pause_s: float = 600.0
    max_retries: int = 6

    _client: object = PrivateAttr(default=None)

    def get_client(self):
        """The process's EdgarClient for these settings."""
        from sec_pipeline.edgar.client import EdgarClient

        if self._client is None:
            self._client = EdgarClient(
                user_agent=self.user_agent,
                edgar_url=self.edgar_url,
                data_url=self.data_url,
                rate_limit=self.rate_limit,
                cache_dir=Path(self.cache_dir) if self.cache_dir else None,
                throttle_pause_s=self.throttle_pause_s,
                max_retries=self.max_retries,
            )
        return self._client


class StoreResource(dg.ConfigurableResource):
    """The app database (SQLite file by default, PostgreSQL in production), migrated on first use."""

    database_url: str

    _store: object = PrivateAttr(default=None)

    def get_store(self, blobs=None):
        """The migrated Store; with `blobs`, long section text goes to the blob store."""
        from sec_pipeline.store.store import Store

        if self._store is None:
            store = Store(self.database_url, blobs=blobs)
            store.migrate()
            self._store = store
        return self._store


class BlobStoreResource(dg.ConfigurableResource):
    """Raw documents and model versions: a local folder by default, S3 when a bucket is set."""

    local_dir: str
    s3_bucket: str = ""
    s3_prefix: str = "sec-pipeline"
    s3_endpoint_url: str = ""

    def get_blobs(self):
        """The blob store for this configuration."""
        from sec_pipeline.store.blobs import LocalBlobStore, S3BlobStore

        if self.s3_bucket:
            from dagster_aws.s3 import S3Resource

            client = S3Resource(endpoint_url=self.s3_endpoint_url or None).get_client()
            return S3BlobStore(self.s3_bucket, self.s3_prefix, client=client)
        return LocalBlobStore(Path(self.local_dir))


class ModelsResource(dg.ConfigurableResource):
    """Model settings: the accurate transformer, the cache folder, routing and cost figures."""

    accurate_model: str = "ProsusAI/finbert"
    cache_dir: str = ""
    offline: bool = True
    batch_size: int = 32
    complexity_threshold_high: float = 0.7
    usd_per_gpu_hour: float = 2.5
    usd_per_cpu_hour: float = 0.05
    embeddings: bool = True
    phrasebank_dir: str = ""
    base_model: str = ""  # encoder sentiment_model fine-tunes; empty: the packaged all-MiniLM-L6-v2
    train_epochs: int = 3


class AlertResource(dg.ConfigurableResource):
    """Where alerts go: a Slack-compatible JSON webhook (URL only from the environment)."""

    webhook_url: str = ""


def default_resources(settings: Settings | None = None) -> dict[str, dg.ConfigurableResource]:
    """Resources for the embedded default or production, from the environment."""
    settings = settings or Settings.from_env()
    return {
        "edgar": EdgarResource(
            user_agent=env_or("SEC_PIPELINE_USER_AGENT", settings.user_agent),
            edgar_url=settings.edgar_url,
            data_url=settings.data_url,
            rate_limit=settings.rate_limit,
            cache_dir=str(settings.home / "http-cache"),
        ),
        "store": StoreResource(database_url=env_or("DATABASE_URL", settings.effective_database_url)),
        "blobs": BlobStoreResource(
            local_dir=str(settings.blob_dir),
            s3_bucket=settings.s3_bucket,
            s3_prefix=settings.s3_prefix,
            s3_endpoint_url=settings.s3_endpoint_url,
        ),
        "models": ModelsResource(
            accurate_model=settings.sentiment_model,
            cache_dir=settings.model_cache_dir,
            complexity_threshold_high=settings.complexity_threshold_high,
            phrasebank_dir=os.environ.get("SEC_PIPELINE_PHRASEBANK_DIR", ""),
        ),
        "alerts": AlertResource(webhook_url=env_or("SEC_PIPELINE_ALERT_WEBHOOK_URL", "")),
    }


__all__ = [
    "AlertResource", "BlobStoreResource", "EdgarResource", "ModelsResource", "StoreResource",
    "default_resources",
]
