"""Shared helpers of the Dagster-layer tests: resources on a mirror, materializing a partition."""

from __future__ import annotations

import csv
from pathlib import Path

import dagster as dg

from sec_pipeline.defs.filings.assets import parsed_sections, raw_filings
from sec_pipeline.defs.models.assets import sentiment_model
from sec_pipeline.defs.quality.assets import published_signals, signal_validations
from sec_pipeline.defs.resources import (
    AlertResource,
    BlobStoreResource,
    EdgarResource,
    ModelsResource,
    SettingsResource,
    StoreResource,
)
from sec_pipeline.defs.selection import selection_run_config
from sec_pipeline.defs.signals.assets import extracted_signals
from sec_pipeline_tests.signals.conftest import TINY_TRAIN_LIMIT, tiny_training_settings

TEST_USER_AGENT = "sec-pipeline-tests tests@example.com"
PARTITIONED = [raw_filings, parsed_sections, extracted_signals, signal_validations, published_signals]
ALL_ASSETS = [*PARTITIONED, sentiment_model]


def resources(mirror_url: str, database_url: str, home: Path, **models: object) -> dict[str, object]:
    """Resources against the loopback mirror, the given database and a blob folder under `home`; the sentiment
    and event models extraction trains when none is stored fine-tune tiny BERTs, not MiniLM."""
    from sec_pipeline_tests.signals.conftest import build_tiny_classifier

    tiny = tiny_training_settings(home / "tiny_base")  # extraction trains its sentiment model from it
    event_tiny = home / "tiny_event_base"
    event_base = event_tiny if (event_tiny / "config.json").exists() else build_tiny_classifier(event_tiny)
    model_config = {"accurate_model": "", "cache_dir": str(home / "models"), "embeddings": False,
                    "base_model": tiny["SEC_PIPELINE_SENTIMENT_BASE_MODEL"], "train_limit": TINY_TRAIN_LIMIT,
                    "train_epochs": 1, "event_base_model": str(event_base), "event_train_epochs": 1, **models}
    return {
        "edgar": EdgarResource(user_agent=TEST_USER_AGENT, edgar_url=mirror_url, data_url=mirror_url,
                               rate_limit=10.0, throttle_pause_s=0.2),
        "store": StoreResource(database_url=database_url, blobs=BlobStoreResource(local_dir=str(home / "blobs"))),
        "models": ModelsResource(**model_config),
        "alerts": AlertResource(webhook_url=""),
        "settings": SettingsResource(model_filing_accuracy=0.0),  # a tiny model cannot be accurate
    }


def materialize_partition(
    partition_key: str, resource_defs: dict, instance: dg.DagsterInstance | None = None, **selection: list[str]
) -> dg.ExecuteInProcessResult:
    """Materialize every partitioned asset for one date, like the daily job does."""
    return dg.materialize(
        ALL_ASSETS,
        selection=PARTITIONED,
        partition_key=partition_key,
        resources=resource_defs,
        instance=instance,
        run_config=selection_run_config(**selection),
        raise_on_error=False,
    )


def manifest_filings(shared_edgar: Path, filing_date: str, forms: tuple[str, ...] = ("10-K", "10-Q", "8-K")):
    """MANIFEST rows of the filings of a date (with an accession), by accession."""
    with open(shared_edgar / "MANIFEST.tsv", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return {
        row["accession"]: row for row in rows
        if row["kind"] == "filing" and row["filing_date"] == filing_date and row["accession"]
        and row["form"].split("/")[0] in forms + ("10-K405",)
    }
