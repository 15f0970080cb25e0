"""The learned event sentence classifier: a fine-tuned MiniLM read from a folder, scored in batches.

Multi-label over the nine text events plus an explicit `not_asserted` class: each output is a sigmoid; the
folder's thresholds (`default` for the classifier alone, `rule` to confirm a rule's verdict) decide what is
asserted (`signals.event_detector.asserted_events`). The folder is what
`signals.event_training` writes: the encoder with its mean-pooling head (`signals.mean_pooling`), the
tokenizer, `event_model.json` (classes, thresholds, input length, version of the recipe) and the cheap first
stage `prefilter.npz` (`signals.event_prefilter`). Inference sorts
sentences by length, pads each batch dynamically and runs under `torch.inference_mode` on CUDA when present.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sec_pipeline.signals.event_prefilter import Prefilter
from sec_pipeline.signals.events import TEXT_EVENTS

NOT_ASSERTED = "not_asserted"
CLASSES = (*TEXT_EVENTS, NOT_ASSERTED)
META_FILE = "event_model.json"


class EventModelError(RuntimeError):
    """The event model folder is missing or unusable; the message names the folder and the fix."""


@dataclass
class EventClassifier:
    """A loaded event classifier: `probabilities(texts)` gives one {class: probability} per input text."""

    model: Any
    tokenizer: Any
    thresholds: dict[str, float]
    version: str
    device: str = "cpu"
    batch_size: int = 64
    max_length: int = 128
    prefilter: Prefilter | None = None

    @classmethod
    def load(cls, folder: str | Path, version: str = "", batch_size: int = 64,
             device: str | None = None) -> EventClassifier:
        """Read a folder written by `signals.event_training.train_event_model` (CUDA when present)."""
        import torch
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        from sec_pipeline.signals.mean_pooling import quiet_model_io, register

        path = Path(folder)
        if not (path / META_FILE).is_file():
            raise EventModelError(f"{path} holds no event model ({META_FILE} missing): train one with "
                                  "`dagster asset materialize --select event_model` or let rule-signals train it")
        meta = json.loads((path / META_FILE).read_text())
        register()
        device = device or ("cuda" if torch.cuda.is_available() else "cpu")
        with quiet_model_io():
            model = AutoModelForSequenceClassification.from_pretrained(path, local_files_only=True).to(device).eval()
        tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
        return cls(model, tokenizer, dict(meta["thresholds"]), version or str(meta.get("version", "")),
                   device, batch_size, int(meta.get("max_length", 128)), Prefilter.load(path))

    def probabilities(self, texts: Sequence[str]) -> list[dict[str, float]]:
        """Sigmoid probability of every class for each text, in input order; a text the prefilter sets aside
        is "not asserted" (probability 1, every event 0) without running the network."""
        import torch

        keep = self.prefilter.keep(texts) if self.prefilter is not None else [True] * len(texts)
        aside = {c: 0.0 for c in CLASSES} | {NOT_ASSERTED: 1.0}
        order = sorted((i for i in range(len(texts)) if keep[i]), key=lambda i: len(texts[i]))
        out: list[dict[str, float]] = [{} if keep[i] else dict(aside) for i in range(len(texts))]
        with torch.inference_mode():
            for start in range(0, len(order), self.batch_size):
                ids = order[start:start + self.batch_size]
                batch = self.tokenizer([texts[i] for i in ids], padding=True, truncation=True,
                                       max_length=self.max_length, return_tensors="pt").to(self.device)
                probs = torch.sigmoid(self.model(**batch).logits.float()).cpu().tolist()
                for i, row in zip(ids, probs, strict=True):
                    out[i] = dict(zip(CLASSES, row, strict=True))
        return out
