"""Loading the models that extraction routes between, and training and publishing the self-trained one.

The self-trained model is trained once, when no version exists yet (`ensure_self_trained`: by the
sentiment_model asset, by extraction's first run, or by `sec-pipeline sentiment`), from the filing labels the
package carries and Financial PhraseBank when configured. A file lock in the model cache makes concurrent
first runs on one machine train it once.
"""

from __future__ import annotations

import contextlib
import fcntl
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

from sec_pipeline.config import ModelSettings
from sec_pipeline.flows.extraction import Extractors
from sec_pipeline.flows.model_versions import publish_model
from sec_pipeline.signals.routing import SentimentRouter
from sec_pipeline.signals.sentiment import ModelLoadError, SentimentModel
from sec_pipeline.signals.training import TrainingConfig, TrainingReport, train_sentiment_model
from sec_pipeline.store.blobs import BlobStore, get_dir
from sec_pipeline.store.rows import ModelVersion
from sec_pipeline.store.store import Store

SELF_TRAINED = "sentiment_model"


def training_config(settings: ModelSettings) -> TrainingConfig:
    """The default recipe, with the configured epoch count and sentence limit (0: the recipe's own)."""
    config = TrainingConfig()
    if settings.train_epochs:
        config = replace(config, epochs=settings.train_epochs)
    if settings.train_limit:
        config = replace(config, limit=settings.train_limit)
    return config


def train_and_publish(store: Store, blobs: BlobStore, settings: ModelSettings,
                      log: Callable[[str], None] = lambda _msg: None) -> tuple[TrainingReport[TrainingConfig], str]:
    """Train the self-trained model with `settings` and publish it; returns the report and the blob URI."""
    with tempfile.TemporaryDirectory() as out:
        report = train_sentiment_model(settings.phrasebank_dir or None, Path(out) / "model",
                                       base_model=settings.base_model or None, config=training_config(settings),
                                       log=log)
        uri = publish_model(store, blobs, SELF_TRAINED, report)
    return report, uri


@contextlib.contextmanager
def _training_lock(cache_dir: Path) -> Iterator[None]:
    cache_dir.mkdir(parents=True, exist_ok=True)
    with open(cache_dir / f".{SELF_TRAINED}.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ensure_self_trained(store: Store, blobs: BlobStore, settings: ModelSettings,
                        log: Callable[[str], None] = lambda _msg: None) -> tuple[ModelVersion, TrainingReport[TrainingConfig] | None]:
    """The latest self-trained version; when none exists, train and publish one first (the report says so)."""
    latest = store.latest_model_version(SELF_TRAINED)
    if latest is not None:
        return latest, None
    with _training_lock(Path(settings.cache_dir).expanduser()):
        latest = store.latest_model_version(SELF_TRAINED)  # another process may have trained it meanwhile
        if latest is not None:
            return latest, None
        log("no self-trained sentiment model yet: training one from the carried filing labels"
            + (" and Financial PhraseBank" if settings.phrasebank_dir else "") + " (once)")
        report, _uri = train_and_publish(store, blobs, settings, log)
    trained = store.latest_model_version(SELF_TRAINED)
    if trained is None:  # pragma: no cover - record_model_version just wrote it
        raise RuntimeError("the trained sentiment model was not recorded")
    return trained, report


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
    lexicon_sentiment: bool = False,
    embeddings: bool = True,
    usd_per_gpu_hour: float = 2.5,
    usd_per_cpu_hour: float = 0.05,
    log: Callable[[str], None] = lambda _msg: None,
) -> Extractors:
    """Extractors with the accurate tier (the configured transformer) and the fast tier (the latest
    self-trained model); an accurate tier that cannot be loaded falls back to the fast one. Without a fast model
    sentence sentiment comes from the lexicon only with `lexicon_sentiment` (tier "lexicon"); otherwise that
    is a ModelLoadError (run `ensure_self_trained` first)."""
    cache = Path(cache_dir).expanduser()
    accurate = None
    if accurate_model:
        try:
            accurate = SentimentModel.load(accurate_model, cache_dir=cache, offline=offline, batch_size=batch_size)
        except ModelLoadError as exc:
            log(f"accurate tier unavailable, routing to the fast tier: {exc}")
    fast = load_self_trained(store, blobs, cache, batch_size)
    if fast is None and not lexicon_sentiment:
        raise ModelLoadError("no self-trained sentiment model: materialize sentiment_model, or set "
                             "SEC_PIPELINE_LEXICON_SENTIMENT=1 to publish lexicon sentiment instead")
    if fast is None:
        log("no self-trained sentiment model: sentence sentiment comes from the lexicon (tier 'lexicon')")
    encoder_factory = None
    if embeddings:
        from sec_pipeline.signals.embeddings import default_encoder

        encoder_factory = default_encoder
    device = next((m.device for m in (accurate, fast) if m is not None), "cpu")
    return Extractors(
        router=SentimentRouter(accurate, fast, threshold, lexicon_fallback=lexicon_sentiment),
        encoder_factory=encoder_factory,
        usd_per_gpu_hour=usd_per_gpu_hour,
        usd_per_cpu_hour=usd_per_cpu_hour,
        device=str(device),
    )
