"""Loading the models that extraction routes between, and publishing the self-trained one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sec_pipeline.flows.extraction import Extractors
from sec_pipeline.signals.routing import SentimentRouter
from sec_pipeline.signals.sentiment import ModelLoadError, SentimentModel
from sec_pipeline.signals.training import TrainingReport
from sec_pipeline.store.blobs import BlobStore, get_dir, model_key, put_dir
from sec_pipeline.store.store import Store

SELF_TRAINED = "sentiment_model"


def load_self_trained(store: Store, blobs: BlobStore, cache_dir: Path, batch_size: int = 32) -> SentimentModel | None:
    """The latest self-trained sentiment model (fetched from the blob store once per version), or None."""
    latest = store.latest_model_version(SELF_TRAINED)
    if latest is None:
        return None
    folder = cache_dir / SELF_TRAINED / latest["version"]
    if not (folder / "config.json").exists():
        get_dir(blobs, latest["uri"], folder)
    return SentimentModel.load(folder, batch_size=batch_size)


def load_extractors(
    store: Store,
    blobs: BlobStore,
    *,
    accurate_model: str,
    cache_dir: str,
    offline: bool = True,
    batch_size: int = 32,
    threshold: float = 0.7,
    embeddings: bool = True,
    usd_per_gpu_hour: float = 2.5,
    usd_per_cpu_hour: float = 0.05,
    log: Callable[[str], None] = lambda _msg: None,
) -> Extractors:
    """Extractors with the accurate tier (the configured transformer) and the fast tier (the latest
    self-trained model); a tier whose model cannot be loaded falls back (fast, then the lexicon)."""
    cache = Path(cache_dir).expanduser()
    accurate = None
    if accurate_model:
        try:
            accurate = SentimentModel.load(accurate_model, cache_dir=cache, offline=offline, batch_size=batch_size)
        except ModelLoadError as exc:
            log(f"accurate tier unavailable, routing to the fast tier: {exc}")
    fast = load_self_trained(store, blobs, cache, batch_size)
    if fast is None:
        log("no self-trained sentiment model yet (materialize sentiment_model): fast tier uses the lexicon")
    encoder_factory = None
    if embeddings:
        from sec_pipeline.signals.embeddings import default_encoder

        encoder_factory = default_encoder
    device = next((m.device for m in (accurate, fast) if m is not None), "cpu")
    return Extractors(
        router=SentimentRouter(accurate, fast, threshold),
        encoder_factory=encoder_factory,
        usd_per_gpu_hour=usd_per_gpu_hour,
        usd_per_cpu_hour=usd_per_cpu_hour,
        device=str(device),
    )


def publish_trained_model(store: Store, blobs: BlobStore, report: TrainingReport) -> str:
    """Keep a versioned copy of a trained model folder in the blob store and record it; returns its URI."""
    uri = put_dir(blobs, model_key(SELF_TRAINED, report.version), report.model_dir)
    store.record_model_version(SELF_TRAINED, report.version, uri, report.metrics)
    return uri
