"""Every resource, built from the PipelineConfig in one place (`build_resources`).

One small ConfigurableResource per external system (EDGAR, the store with its blob store), the model and
alert settings, and the pipeline settings asset bodies and sensors read at run time (forms, CIK watchlist,
failure share, gate thresholds). The EDGAR client, blob store and store come from `sec_pipeline.factories`,
like the CLI's.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, fields
from typing import TYPE_CHECKING

import dagster as dg
from pydantic import PrivateAttr

from sec_pipeline.config import (
    DATABASE_URL_ENV,
    DEFAULT_FORMS,
    BlobSettings,
    EdgarSettings,
    ModelSettings,
    OperationsSettings,
    PipelineConfig,
)
from sec_pipeline.defs.location import current_location
from sec_pipeline.edgar.client import USER_AGENT_ENV
from sec_pipeline.quality.alerts import ENV_VAR as ALERT_WEBHOOK_ENV
from sec_pipeline.quality.thresholds import Thresholds
from sec_pipeline.store.engine import redact_url

if TYPE_CHECKING:
    from sec_pipeline.edgar.client import EdgarClient
    from sec_pipeline.signals.event_training import EventTrainingConfig
    from sec_pipeline.store.blobs import BlobStore
    from sec_pipeline.store.store import Store


class EdgarResource(dg.ConfigurableResource):
    """SEC EDGAR (or a mirror): declared User-Agent, one rate budget per machine, request bounds, retries."""

    user_agent: str
    edgar_url: str = EdgarSettings.edgar_url
    data_url: str = EdgarSettings.data_url
    rate_limit: float = EdgarSettings.rate_limit
    cache_dir: str = ""
    budget_dir: str = ""
    connect_timeout_s: float = EdgarSettings.connect_timeout_s
    first_byte_timeout_s: float = EdgarSettings.first_byte_timeout_s
    request_deadline_s: float = EdgarSettings.request_deadline_s
    max_body_bytes: int = EdgarSettings.max_body_bytes
    throttle_pause_s: float = 600.0
    max_retries: int = 6

    _client: EdgarClient | None = PrivateAttr(default=None)

    def get_client(self) -> EdgarClient:
        """The process's EdgarClient for these settings."""
        from sec_pipeline.factories import edgar_client

        if self._client is None:
            settings = EdgarSettings(**{item.name: getattr(self, item.name) for item in fields(EdgarSettings)})
            self._client = edgar_client(settings, throttle_pause_s=self.throttle_pause_s,
                                        max_retries=self.max_retries)
        return self._client


class BlobStoreResource(dg.ConfigurableResource):
    """Raw documents, long section text and model versions: a local folder by default, S3 when a bucket is set."""

    local_dir: str
    s3_bucket: str = ""
    s3_prefix: str = BlobSettings.s3_prefix
    s3_endpoint_url: str = ""

    _blobs: BlobStore | None = PrivateAttr(default=None)

    def get_blobs(self) -> BlobStore:
        """The blob store for this configuration."""
        from sec_pipeline.factories import blob_store

        if self._blobs is None:
            self._blobs = blob_store(BlobSettings(**{item.name: getattr(self, item.name)
                                                     for item in fields(BlobSettings)}))
        return self._blobs


# Masked database URL -> the URL, in this process only. Dagster stores every resource's config in each run's
# job snapshot, so build_resources hands StoreResource the masked URL and keeps the password here.
_DATABASE_URLS: dict[str, str] = {}


def masked_database_url(url: str) -> str:
    """`url` with its password masked; StoreResource.url() gives the URL back within this process."""
    masked = redact_url(url)
    if masked != url:
        _DATABASE_URLS[masked] = url
    return masked


class StoreResource(dg.ConfigurableResource):
    """The app database (SQLite file by default, PostgreSQL in production) with its blob store, migrated on
    first use. `database_url` may be masked (build_resources keeps passwords out of the run snapshots)."""

    database_url: str
    blobs: BlobStoreResource

    _store: Store | None = PrivateAttr(default=None)

    def get_store(self) -> Store:
        """The migrated Store; section text too long to keep inline goes to its blob store."""
        from sec_pipeline.factories import open_store

        if self._store is None:
            self._store = open_store(self.url(), self.blobs.get_blobs())
        return self._store

    def url(self) -> str:
        """The database URL, its password restored when `database_url` is masked (masked_database_url)."""
        return _DATABASE_URLS.get(self.database_url, self.database_url)

    def get_blobs(self) -> BlobStore:
        """The store's blob store (raw documents, model versions)."""
        return self.blobs.get_blobs()


class ModelsResource(dg.ConfigurableResource):
    """Model settings: the accurate transformer, the cache folder, routing and cost figures."""

    accurate_model: str = ModelSettings.accurate_model
    cache_dir: str = ""
    offline: bool = True
    batch_size: int = 32
    complexity_threshold_high: float = ModelSettings.complexity_threshold_high
    usd_per_gpu_hour: float = 2.5
    usd_per_cpu_hour: float = 0.05
    embeddings: bool = True
    phrasebank_dir: str = ""
    base_model: str = ""  # encoder sentiment_model fine-tunes; empty: the packaged all-MiniLM-L6-v2
    train_epochs: int = 0  # 0: the recipe's default
    train_limit: int = 0  # 0: every labeled sentence
    lexicon_sentiment: bool = False  # lexicon sentence sentiment (tier "lexicon") when no transformer loads
    event_base_model: str = ModelSettings.event_base_model
    event_train_epochs: int = ModelSettings.event_train_epochs  # 0: the recipe's

    def settings(self) -> ModelSettings:
        """These settings as the flows take them."""
        return ModelSettings(**{f.name: getattr(self, f.name) for f in fields(ModelSettings)})

    def event_training(self) -> EventTrainingConfig:
        """The event model's training recipe with these settings' base model and epochs."""
        from sec_pipeline.signals.event_training import event_recipe

        return event_recipe(self.event_base_model, self.event_train_epochs)


class AlertResource(dg.ConfigurableResource):
    """Where alerts go: a Slack-compatible JSON webhook (a secret: shown in the UI by its variable name)."""

    webhook_url: str = ""


class SettingsResource(dg.ConfigurableResource):
    """The pipeline's run-time settings: forms and CIK watchlist to ingest, allowed failure share, gate
    thresholds (fields named as in quality.thresholds.Thresholds)."""

    forms: list[str] = list(DEFAULT_FORMS)
    ciks: list[str] = []
    max_failure_share: float = PipelineConfig.max_failure_share
    extraction_accuracy: float = Thresholds.extraction_accuracy
    model_filing_accuracy: float = Thresholds.model_filing_accuracy
    validation_pass_rate: float = Thresholds.validation_pass_rate
    p95_latency_s: float = Thresholds.p95_latency_s
    cost_per_filing_usd: float = Thresholds.cost_per_filing_usd

    def thresholds(self) -> Thresholds:
        """The gate thresholds."""
        return Thresholds(**{item.name: getattr(self, item.name) for item in fields(Thresholds)})


class OperationsResource(dg.ConfigurableResource):
    """The runbook's settings for backup and maintenance runs, and the configuration (secrets masked) that
    each backup keeps beside the database."""

    backup_daily_days: int = OperationsSettings.backup_daily_days
    backup_weekly_days: int = OperationsSettings.backup_weekly_days
    run_retention_days: int = OperationsSettings.run_retention_days
    configuration: dict = {}

    def retention_days(self) -> dict[str, int]:
        """Days each backup series is kept."""
        return {"daily": self.backup_daily_days, "weekly": self.backup_weekly_days}


def build_resources(config: PipelineConfig, *, secrets_as_env_vars: bool = False) -> dict[str, dg.ConfigurableResource]:
    """Every resource, from `config`. With `secrets_as_env_vars` (the code location, whose config is the process
    environment) each secret that was set reaches its resource as a dg.EnvVar, so the UI shows only its name;
    otherwise the database URL reaches StoreResource masked (masked_database_url)."""

    def secret(name: str, value: str, mask: Callable[[str], str] = lambda value: value) -> str | dg.EnvVar:
        return dg.EnvVar(name) if secrets_as_env_vars and name in config.secrets_from_env else mask(value)

    return {
        "edgar": EdgarResource(**{**asdict(config.edgar),
                                  "user_agent": secret(USER_AGENT_ENV, config.edgar.user_agent)}),
        "store": StoreResource(database_url=secret(DATABASE_URL_ENV, config.database_url, masked_database_url),
                               blobs=BlobStoreResource(**asdict(config.blobs))),
        "models": ModelsResource(**asdict(config.models)),
        "alerts": AlertResource(webhook_url=secret(ALERT_WEBHOOK_ENV, config.alert_webhook_url)),
        "settings": SettingsResource(forms=list(config.forms), ciks=list(config.ciks),
                                     max_failure_share=config.max_failure_share, **asdict(config.thresholds)),
        "operations": OperationsResource(
            backup_daily_days=config.operations.backup_daily_days,
            backup_weekly_days=config.operations.backup_weekly_days,
            run_retention_days=config.operations.run_retention_days,
            configuration=json.loads(json.dumps(config.redacted(), default=str)),
        ),
    }


@dg.definitions
def resources() -> dg.Definitions:
    """The code location's resources."""
    location = current_location()
    return dg.Definitions(resources=build_resources(location.config,
                                                    secrets_as_env_vars=location.secrets_as_env_vars))
