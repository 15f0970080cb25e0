"""Transformer sentence sentiment: batched sequence-classification inference and per-section signals.

Any Hugging Face sequence-classification model (a hub id such as `ProsusAI/finbert`, read from the
cache directory, or a local folder such as the one `signals.training` writes) is loaded offline by
default. Inference sorts sentences by length, pads each batch dynamically, runs under
`torch.inference_mode` on CUDA when present, and returns predictions in input order.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from sec_pipeline.signals.records import Signal
from sec_pipeline.signals.text import Sentence, is_table_like, split_sentences

LABELS = ("positive", "negative", "neutral")
_LABEL_ALIASES = {
    "positive": "positive", "pos": "positive", "bullish": "positive",
    "negative": "negative", "neg": "negative", "bearish": "negative",
    "neutral": "neutral", "neu": "neutral", "none": "neutral",
}
_MIN_SENTENCE_CHARS = 20


class ModelLoadError(RuntimeError):
    """The model could not be loaded; the message names the model and how to make it available."""


@dataclass(frozen=True)
class Prediction:
    """One sentence's label, its probability, and the probability of every label."""

    label: str
    confidence: float
    probs: dict[str, float]


def normalise_labels(id2label: dict[int, str]) -> dict[int, str]:
    """Map a model config's id2label onto positive/negative/neutral.

    Generic names (`LABEL_0`..`LABEL_2`) are read in the Financial PhraseBank order used by FinBERT
    fine-tunes: positive, negative, neutral. Any other unknown name is an error.
    """
    mapped: dict[int, str] = {}
    for index, name in id2label.items():
        key = str(name).strip().lower()
        if key in _LABEL_ALIASES:
            mapped[int(index)] = _LABEL_ALIASES[key]
        elif key.startswith("label_") and key[6:].isdigit() and int(key[6:]) < len(LABELS):
            mapped[int(index)] = LABELS[int(key[6:])]
        else:
            raise ModelLoadError(
                f"label {name!r} of the model config is not positive/negative/neutral; use a 3-class "
                "sentiment model or set id2label in its config.json"
            )
    if sorted(mapped.values()) != sorted(LABELS):
        raise ModelLoadError(f"model labels {id2label} do not cover positive, negative and neutral")
    return mapped


def _model_version(model_id: str, folder: Path | None) -> str:
    if folder is not None:
        metrics = folder / "metrics.json"
        if metrics.is_file():
            version = json.loads(metrics.read_text()).get("version")
            if version:
                return str(version)
        config = folder / "config.json"
        if config.is_file():
            return hashlib.sha256(config.read_bytes()).hexdigest()[:12]
    return model_id


class SentimentModel:
    """A 3-class sentence sentiment classifier with batched, order-preserving prediction."""

    def __init__(self, model, tokenizer, *, name: str, version: str, device: str = "cpu",
                 batch_size: int = 32, max_tokens: int = 128) -> None:
        if batch_size < 1 or max_tokens < 8:
            raise ValueError(f"batch_size={batch_size} must be >= 1 and max_tokens={max_tokens} >= 8")
        self.model = model
        self.tokenizer = tokenizer
        self.name = name
        self.version = version
        self.device = device
        self.batch_size = batch_size
        # A sentence never gets more tokens than the model has positions (a small model would raise).
        self.max_tokens = min(max_tokens, getattr(model.config, "max_position_embeddings", None) or max_tokens)
        self.id2label = normalise_labels(dict(model.config.id2label))

    @classmethod
    def load(cls, model_id_or_path: str | os.PathLike[str], cache_dir: str | os.PathLike[str] | None = None,
             device: str | None = None, offline: bool = True, batch_size: int = 32,
             max_tokens: int = 128, quantize: bool = False, precision: str = "auto") -> SentimentModel:
        """Load a tokenizer and sequence-classification model from a local folder or the hub cache.

        With `offline=True` (the default) nothing is downloaded (`local_files_only`): the files must already
        be in `cache_dir` (or the folder). `device` defaults to CUDA when available.
        `quantize=True` (CPU only) applies dynamic int8 quantization to the Linear layers: about 2x
        faster on CPU, with slightly different predictions (see benchmarks/results/inference.json).
        `precision` is "fp32", "bf16" or "auto" (bf16 on a CUDA GPU with native bf16, else fp32; see
        `bf16_is_native` for why CPUs stay fp32). On some AVX512-BF16 CPUs bf16 doubled throughput
        with 99.8% of labels unchanged and the same held-out accuracy (benchmarks/inference.py).
        """
        import torch
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        from sec_pipeline.signals.mean_pooling import quiet_model_io, register

        register()  # folders trained with the mean-pooling head
        if precision not in ("auto", "fp32", "bf16"):
            raise ValueError(f"precision={precision!r} must be 'auto', 'fp32' or 'bf16'")
        device = device or ("cuda" if torch.cuda.is_available() else "cpu")
        if quantize and device != "cpu":
            raise ValueError(f"quantize=True needs device='cpu', got {device!r}")
        name = str(model_id_or_path)
        folder = Path(name).expanduser()
        is_folder = folder.is_dir()
        source = str(folder) if is_folder else name
        cache = None if cache_dir is None else str(Path(cache_dir).expanduser())
        try:
            tokenizer = AutoTokenizer.from_pretrained(source, cache_dir=cache, local_files_only=offline)
            with quiet_model_io():
                model = AutoModelForSequenceClassification.from_pretrained(
                    source, cache_dir=cache, local_files_only=offline
                )
        except (OSError, ValueError) as exc:
            where = f"folder {folder}" if is_folder else f"cache dir {cache or 'default HF cache'}"
            raise ModelLoadError(
                f"cannot load sentiment model {name!r} from {where} (offline={offline}): {exc}. "
                f"Download it once into the cache dir (e.g. `hf download {name} --cache-dir DIR`) or pass "
                "a local folder written by `sec-pipeline train-sentiment`."
            ) from exc
        model.to(device)
        model.eval()
        version = _model_version(name, folder if is_folder else None)
        if not quantize and (precision == "bf16" or (precision == "auto" and bf16_is_native(device))):
            model.to(torch.bfloat16)
            version += "+bf16"
        if quantize:
            import warnings

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
            version += "+int8"
        return cls(model, tokenizer, name=name, version=version, device=device, batch_size=batch_size,
                   max_tokens=max_tokens)

    def predict(self, sentences: Sequence[str]) -> list[Prediction]:
        """Classify sentences in batches sorted by length; results come back in input order."""
        import torch

        if not sentences:
            return []
        order = sorted(range(len(sentences)), key=lambda i: len(sentences[i]))
        results: list[Prediction | None] = [None] * len(sentences)
        was_training = self.model.training
        self.model.eval()
        with torch.inference_mode():
            for first in range(0, len(order), self.batch_size):
                indices = order[first : first + self.batch_size]
                batch = self.tokenizer(
                    [sentences[i] for i in indices], padding=True, truncation=True,
                    max_length=self.max_tokens, return_tensors="pt",
                ).to(self.device)
                probs = torch.softmax(self.model(**batch).logits.float(), dim=-1).cpu().tolist()
                for index, row in zip(indices, probs, strict=True):
                    by_label = {self.id2label[j]: p for j, p in enumerate(row)}
                    label = max(by_label, key=by_label.__getitem__)
                    results[index] = Prediction(label, by_label[label], by_label)
        if was_training:
            self.model.train()
        return [r for r in results if r is not None]


def bf16_is_native(device: str) -> bool:
    """True when `device` is a CUDA GPU that computes bfloat16 natively, where bf16 is faster.

    CPUs count as not native even where oneDNN reports bf16 support: on this project's 2-core machines a
    MiniLM training step under bf16 autocast took 10-15 s against 1 s in fp32, and batched inference ran at
    118 sentences/s in bf16 against 171/s in fp32 (docs: shared TOOLCHAIN.md); `precision="bf16"` still forces it.
    """
    import torch

    if str(device).startswith("cuda"):
        return torch.cuda.is_available() and torch.cuda.is_bf16_supported()
    return False


def prose_sentences(text: str) -> list[Sentence]:
    """Sentences of a section worth classifying: not table-like, not too short."""
    return [s for s in split_sentences(text) if len(s.text) >= _MIN_SENTENCE_CHARS and not is_table_like(s.text)]


def sentence_sentiment_signals(section_item: str, text: str, model: SentimentModel, tier: str) -> list[Signal]:
    """Per-section sentiment from sentence predictions.

    Returns `share_positive`, `share_negative`, `share_neutral` (shares of prose sentences), `net_score`
    (mean of P(positive) - P(negative), in [-1, 1], evidence: the most negative sentence) and
    `sentences` (the count). A section with no prose sentences yields only `sentences` = 0.
    """
    started = time.perf_counter()
    sentences = prose_sentences(text)
    predictions = model.predict([s.text for s in sentences])
    latency = time.perf_counter() - started
    signal = partial(Signal, section=section_item, family="sentiment", model=model.name,
                     model_version=model.version, tier=tier, latency_s=latency)
    signals = [signal(name="sentences", category="count", value=float(len(sentences)))]
    if not sentences:
        return signals
    n = len(predictions)
    for label in LABELS:
        share = sum(p.label == label for p in predictions) / n
        mean_conf = [p.confidence for p in predictions if p.label == label]
        signals.append(signal(name=f"share_{label}", category=label, value=share,
                              confidence=sum(mean_conf) / len(mean_conf) if mean_conf else None))
    net = sum(p.probs["positive"] - p.probs["negative"] for p in predictions) / n
    worst = max(range(n), key=lambda i: predictions[i].probs["negative"])
    net_label = "positive" if net > 0.1 else "negative" if net < -0.1 else "neutral"
    signals.append(signal(
        name="net_score", category="net", value=net, label=net_label,
        confidence=predictions[worst].probs["negative"], evidence=sentences[worst].text,
        evidence_start=sentences[worst].start, evidence_end=sentences[worst].end,
    ))
    return signals
