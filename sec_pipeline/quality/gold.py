"""Accuracy against gold labels: sections vs EDGAR's own labels, models on held-out PhraseBank and on the
company-disjoint test split of the filing-sentiment labels the package carries (`filing_accuracy`).

Section accuracy uses the labels EDGAR itself carries: the 8-K items declared in the SEC header (found items
must equal them) and the items every 10-K/10-Q must have for its era (see quality.rules). A filing that
carries no such label (an 8-K without declared items, an amendment) is not counted.

Model accuracy uses the Financial PhraseBank held-out split defined in quality.phrasebank: a sentence is held
out when the SHA-256 of its UTF-8 text is 1 modulo 5. Training (signals.training) excludes exactly these
sentences. The result is cached as JSON per model version and gold file content, so it runs once per model.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from sec_pipeline.files import write_atomic
from sec_pipeline.quality.phrasebank import LABELS, is_heldout, load_phrasebank
from sec_pipeline.quality.section_checks import filing_checks
from sec_pipeline.signals.filing_labels import LABELS_FILE, in_split, load_filing_labels

DEFAULT_GOLD_FILE = "Sentences_AllAgree.txt"
HELDOUT_RULE = "sha256(sentence.strip() as UTF-8) mod 5 == 1 (quality.phrasebank.is_heldout)"
MAX_LISTED = 50
PredictFn = Callable[[list[str]], Sequence[str]]


@dataclass(frozen=True)
class AccuracyResult:
    """An accuracy-like share in [0, 1], the number of units it was measured on, and the evidence.

    With n == 0 (nothing to measure, e.g. a partition with no labelled filing) the value is 1.0 and
    details["note"] says so: callers that must not pass on an empty measurement should test `n`.
    """

    value: float
    n: int
    details: dict[str, Any] = field(default_factory=dict)


def section_accuracy(filings: pd.DataFrame, sections: pd.DataFrame) -> AccuracyResult:
    """Share of labelled filings whose sections agree with EDGAR's labels (declared 8-K items, required items)."""
    checks = filing_checks(filings, sections)
    agree = []
    by_form: dict[str, list[int]] = {}
    wrong = []
    for row in checks.itertuples(index=False):
        verdicts = [v for v in (row.required_items_present, row.items_match_declared) if v is not None]
        if not verdicts:
            continue
        ok = all(bool(v) for v in verdicts)
        agree.append(ok)
        counts = by_form.setdefault(str(row.form_type), [0, 0])
        counts[0] += 1
        counts[1] += int(ok)
        if not ok:
            wrong.append({"accession_no": row.accession_no, "form_type": row.form_type,
                          "missing_items": row.missing_items, "declared": row.declared,
                          "found_8k_items": row.found_8k_items})
    details: dict[str, Any] = {
        "by_form": {form: {"n": n, "correct": c} for form, (n, c) in sorted(by_form.items())},
        "disagreements": wrong[:MAX_LISTED],
        "unlabelled_filings": len(checks) - len(agree),
    }
    if not agree:
        return AccuracyResult(1.0, 0, {**details, "note": "no filing in this frame carries an EDGAR label"})
    return AccuracyResult(sum(agree) / len(agree), len(agree), details)


def heldout_sentences(gold_sentences_path: str | Path) -> list[tuple[str, str]]:
    """The held-out (sentence, label) pairs of a PhraseBank file, or of Sentences_AllAgree.txt in a folder."""
    path = Path(gold_sentences_path)
    if path.is_dir():
        path = path / DEFAULT_GOLD_FILE
    if not path.is_file():
        raise FileNotFoundError(f"gold sentences file {path} not found: pass a Financial PhraseBank "
                                f"'sentence@label' file or the folder holding {DEFAULT_GOLD_FILE}")
    seen: dict[str, str] = {}
    for sentence, label in load_phrasebank(path):
        if is_heldout(sentence):
            seen.setdefault(sentence, label)
    return list(seen.items())


def predict_fn_for(model: Any) -> PredictFn:
    """A PredictFn over a model whose `predict(sentences)` returns labels or objects with `.label`.

    Fits `signals.sentiment.SentimentModel` and `signals.routing.LexiconSentiment`.
    """
    if not callable(getattr(model, "predict", None)):
        raise TypeError(f"{type(model).__name__} has no predict(sentences) method")

    def predict(sentences: list[str]) -> list[str]:
        return [getattr(p, "label", p) for p in model.predict(sentences)]

    return predict


def model_accuracy(
    predict_fn: PredictFn,
    gold_sentences_path: str | Path,
    cache_dir: str | Path,
    model_version: str,
    *,
    batch_size: int = 256,
) -> AccuracyResult:
    """Accuracy of `predict_fn` (list of sentences -> labels) on the held-out PhraseBank sentences.

    Cached as JSON in `cache_dir` per (model_version, gold file content): a second call for the same model
    version returns the cached result without predicting (details["cached"] is True).
    """
    if not model_version or not model_version.strip():
        raise ValueError("model_version is required: accuracy is cached per model version")
    path = Path(gold_sentences_path)
    pairs = heldout_sentences(path)
    if not pairs:
        raise ValueError(f"{path} has no held-out sentences ({HELDOUT_RULE}); is it a PhraseBank file?")
    gold_file = path / DEFAULT_GOLD_FILE if path.is_dir() else path
    return _cached_accuracy(predict_fn, pairs, gold_file, cache_dir, model_version, batch_size,
                            {"heldout_rule": HELDOUT_RULE})


def filing_accuracy(
    predict_fn: PredictFn, cache_dir: str | Path, model_version: str, *, labels_file: str | Path = LABELS_FILE,
    batch_size: int = 256,
) -> AccuracyResult:
    """Accuracy of `predict_fn` on the filing-sentiment test split (companies no model trained on), cached
    like `model_accuracy`; details carry macro-F1 and the accuracy on the clearly labeled subset."""
    if not model_version or not model_version.strip():
        raise ValueError("model_version is required: accuracy is cached per model version")
    records = in_split(load_filing_labels(labels_file), "test")
    if not records:
        raise ValueError(f"{labels_file} has no test-split sentences")
    pairs = [(r.text, r.label) for r in records]
    return _cached_accuracy(predict_fn, pairs, Path(labels_file), cache_dir, model_version, batch_size,
                            {"split": "test (company-disjoint)"}, clear=[r.clarity == "clear" for r in records])


def _cached_accuracy(
    predict_fn: PredictFn, pairs: list[tuple[str, str]], gold_file: Path, cache_dir: str | Path,
    model_version: str, batch_size: int, about: dict[str, Any], clear: list[bool] | None = None,
) -> AccuracyResult:
    gold_digest = hashlib.sha256(gold_file.read_bytes()).hexdigest()[:12]
    cache = Path(cache_dir) / f"model_accuracy_{_safe(model_version)}_{gold_digest}.json"
    if cache.is_file():
        try:
            data = json.loads(cache.read_text())
            return AccuracyResult(float(data["value"]), int(data["n"]), {**data["details"], "cached": True})
        except (ValueError, KeyError, TypeError):
            pass  # a corrupt or partial cache file: evaluate again and overwrite it
    started = time.perf_counter()
    predicted: list[str] = []
    sentences = [s for s, _ in pairs]
    for start in range(0, len(sentences), batch_size):
        chunk = sentences[start:start + batch_size]
        labels = list(predict_fn(chunk))
        if len(labels) != len(chunk):
            raise ValueError(f"predict_fn returned {len(labels)} labels for {len(chunk)} sentences")
        predicted += [str(label).strip().lower() for label in labels]
    gold = [label for _, label in pairs]
    if clear is not None:
        hits = [p == g for p, g, c in zip(predicted, gold, clear, strict=True) if c]
        about = {**about, "clear_accuracy": sum(hits) / len(hits) if hits else None, "clear_n": len(hits)}
    result = AccuracyResult(
        value=sum(p == g for p, g in zip(predicted, gold, strict=True)) / len(gold),
        n=len(gold),
        details={**_per_label(gold, predicted), "gold_file": gold_file.name, "gold_sha256_12": gold_digest,
                 **about, "model_version": model_version,
                 "seconds": round(time.perf_counter() - started, 3), "cached": False},
    )
    write_atomic(cache, json.dumps(asdict(result), indent=1, sort_keys=True).encode("utf-8"))
    return result


def _per_label(gold: list[str], predicted: list[str]) -> dict[str, Any]:
    confusion = {g: {p: 0 for p in (*LABELS, "other")} for g in LABELS}
    for g, p in zip(gold, predicted, strict=True):
        confusion[g][p if p in LABELS else "other"] += 1
    f1 = {}
    for label in LABELS:
        tp = confusion[label][label]
        fp = sum(confusion[g][label] for g in LABELS if g != label)
        fn = sum(v for p, v in confusion[label].items() if p != label)
        f1[label] = 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)
    return {"confusion": confusion, "f1": f1, "macro_f1": sum(f1.values()) / len(LABELS)}


def _safe(text: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", text.strip())[:60]
    return f"{cleaned}_{hashlib.sha256(text.encode()).hexdigest()[:8]}"
