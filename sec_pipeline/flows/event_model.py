"""The learned event detector's lifecycle: trained from the carried labels, versioned in the blob store as
`event_model` (as `flows.models` keeps `sentiment_model`), and loaded by extraction and `rule-signals`."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from sec_pipeline.flows.model_versions import publish_model
from sec_pipeline.signals.event_detector import EventDetector
from sec_pipeline.signals.event_model import EventClassifier
from sec_pipeline.signals.event_training import EventTrainingConfig, train_event_model
from sec_pipeline.signals.training import TrainingReport
from sec_pipeline.store.blobs import BlobStore, get_dir
from sec_pipeline.store.store import Store

EVENT_MODEL = "event_model"


def load_event_detector(store: Store, blobs: BlobStore, cache_dir: Path, batch_size: int = 64) -> EventDetector | None:
    """The detector of the latest stored event model version (fetched once per version), or None."""
    latest = store.latest_model_version(EVENT_MODEL)
    if latest is None:
        return None
    folder = cache_dir / EVENT_MODEL / latest["version"]
    if not (folder / "config.json").exists():
        get_dir(blobs, latest["uri"], folder)
    return EventDetector(EventClassifier.load(folder, version=latest["version"], batch_size=batch_size))


def train_and_publish(store: Store, blobs: BlobStore, config: EventTrainingConfig | None = None,
                      log: Callable[[str], None] = lambda _msg: None) -> TrainingReport[EventTrainingConfig]:
    """Train an event model from the carried labels and publish it (the folder is a temporary one)."""
    with tempfile.TemporaryDirectory() as out:
        report = train_event_model(Path(out) / "model", config, log=log)
        publish_model(store, blobs, EVENT_MODEL, report)
    return report


def ensure_event_detector(store: Store, blobs: BlobStore, cache_dir: Path,
                          config: EventTrainingConfig | None = None,
                          log: Callable[[str], None] = lambda _msg: None) -> EventDetector:
    """The current event detector; when no version is stored yet, one is trained once and stored first."""
    detector = load_event_detector(store, blobs, cache_dir)
    if detector is None:
        log("no event model yet: training one from the carried labels (once; several minutes on 2 CPU cores)")
        train_and_publish(store, blobs, config, log)
        detector = load_event_detector(store, blobs, cache_dir)
    if detector is None:  # pragma: no cover - record_model_version just wrote it
        raise RuntimeError("event model was published but cannot be read back from the model store")
    return detector
