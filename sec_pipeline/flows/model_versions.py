"""Publishing a trained model folder: a versioned copy in the blob store and a row in the store's model
versions (one home for `sentiment_model` and `event_model`)."""

from __future__ import annotations

from typing import Any

from sec_pipeline.signals.training import TrainingReport
from sec_pipeline.store.blobs import BlobStore, model_key, put_dir
from sec_pipeline.store.store import Store


def publish_model(store: Store, blobs: BlobStore, name: str, report: TrainingReport[Any]) -> str:
    """Keep a versioned copy of the trained model folder of `report` under `name` in the blob store and record
    it with its metrics; returns its URI."""
    uri = put_dir(blobs, model_key(name, report.version), report.model_dir)
    store.record_model_version(name, report.version, uri, report.metrics)
    return uri
