"""Complexity routing: hard sections go to the accurate model, the rest to the fast tier.

complexity_score(text) = 0.3 * length + 0.3 * readability + 0.2 * numeric + 0.2 * long_sentences, each
component clipped to [0, 1]:
  length         = (log10(words) - 2) / 2.2        (100 words -> 0, about 16,000 words -> 1)
  readability    = (fog - 16) / 9                  (Gunning fog 16 -> 0, 25 -> 1; syllables estimated)
  numeric        = numeric tokens per word / 0.10  (10% numbers or more -> 1: tables, financial detail)
  long_sentences = share of sentences over 35 words / 0.45
The ranges span roughly the 10th to 90th percentile of each measure over EDGAR-CRAWLER 10-K and 8-K items
(benchmarks/inference.py records the score distribution); with the default threshold 0.7 only the
hardest few percent of sections reach the accurate tier, so lower COMPLEXITY_THRESHOLD_HIGH to send more.
Tiers: "accurate" (the configured transformer), "fast" (the pipeline's own model) and "lexicon" (the
Loughran-McDonald fallback, only when the router is told to use it and no transformer is available).
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from sec_pipeline.signals.lexicon import Lexicon, load_lexicon
from sec_pipeline.signals.records import Signal
from sec_pipeline.signals.sentiment import Prediction, SentimentModel, sentence_sentiment_signals
from sec_pipeline.signals.text import split_sentences
from sec_pipeline.signals.tone import estimate_syllables

DEFAULT_THRESHOLD = 0.7
WEIGHTS = {"length": 0.3, "readability": 0.3, "numeric": 0.2, "long_sentences": 0.2}
LONG_SENTENCE_WORDS = 35
LENGTH_RANGE = (2.0, 4.2)  # log10(words)
FOG_RANGE = (16.0, 25.0)
NUMERIC_FULL = 0.10
LONG_SHARE_FULL = 0.45
_WORD = re.compile(r"[A-Za-z]+")
_NUMBER = re.compile(r"(?<![A-Za-z])\$?\d[\d,]*(?:\.\d+)?%?")


def _clip(value: float) -> float:
    return min(max(value, 0.0), 1.0)


def complexity_features(text: str) -> dict[str, float]:
    """Raw measures behind the score: words, Gunning fog, numeric tokens per word, long-sentence share."""
    words = _WORD.findall(text)
    if not words:
        return {"words": 0.0, "fog": 0.0, "numeric_ratio": 0.0, "long_sentence_share": 0.0}
    sentences = split_sentences(text)
    n_sentences = max(len(sentences), 1)
    complex_words = sum(estimate_syllables(w) >= 3 for w in words)
    return {
        "words": float(len(words)),
        "fog": 0.4 * (len(words) / n_sentences + 100.0 * complex_words / len(words)),
        "numeric_ratio": len(_NUMBER.findall(text)) / len(words),
        "long_sentence_share": sum(len(_WORD.findall(s.text)) > LONG_SENTENCE_WORDS for s in sentences) / n_sentences,
    }


def complexity_components(text: str) -> dict[str, float]:
    """The four components of the complexity score, each in [0, 1] (see module docstring)."""
    f = complexity_features(text)
    if not f["words"]:
        return dict.fromkeys(WEIGHTS, 0.0)
    return {
        "length": _clip((math.log10(f["words"]) - LENGTH_RANGE[0]) / (LENGTH_RANGE[1] - LENGTH_RANGE[0])),
        "readability": _clip((f["fog"] - FOG_RANGE[0]) / (FOG_RANGE[1] - FOG_RANGE[0])),
        "numeric": _clip(f["numeric_ratio"] / NUMERIC_FULL),
        "long_sentences": _clip(f["long_sentence_share"] / LONG_SHARE_FULL),
    }


def complexity_score(text: str) -> float:
    """Weighted complexity of a section in [0, 1]; 0 for text without words."""
    components = complexity_components(text)
    return sum(WEIGHTS[k] * v for k, v in components.items())


def route(score: float, threshold: float = DEFAULT_THRESHOLD) -> str:
    """"accurate" when score >= threshold, else "fast"."""
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"complexity threshold {threshold} must be within [0, 1] (COMPLEXITY_THRESHOLD_HIGH)")
    return "accurate" if score >= threshold else "fast"


class LexiconSentiment:
    """Sentence sentiment from Loughran-McDonald positive/negative counts; same interface as SentimentModel."""

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon or load_lexicon()
        self.name = "loughran-mcdonald"
        self.version = self.lexicon.version
        self.device = "cpu"
        self._pos = self.lexicon.words_in("positive")
        self._neg = self.lexicon.words_in("negative")

    def predict(self, sentences: Sequence[str]) -> list[Prediction]:
        """Positive when positive words outnumber negative ones, negative for the reverse, else neutral."""
        out = []
        for sentence in sentences:
            tokens = [w.upper() for w in _WORD.findall(sentence)]
            pos = sum(t in self._pos for t in tokens)
            neg = sum(t in self._neg for t in tokens)
            total = pos + neg
            if total == 0:
                probs = {"positive": 0.0, "negative": 0.0, "neutral": 1.0}
            else:
                probs = {"positive": pos / total, "negative": neg / total, "neutral": 0.0}
            label = "neutral" if pos == neg else ("positive" if pos > neg else "negative")
            out.append(Prediction(label, probs[label] if total else 1.0, probs))
        return out


@dataclass(frozen=True)
class RoutedSection:
    """One section's sentiment signals, the tier that produced them, its complexity and latency."""

    section: str
    tier: str
    score: float
    latency_s: float
    signals: list[Signal]


class SentimentRouter:
    """Send each section to the accurate or fast model by complexity; to the lexicon only with
    `lexicon_fallback` and no transformer (without either a ValueError: sentiment would have no model)."""

    def __init__(self, accurate_model: SentimentModel | None, fast_model: SentimentModel | None,
                 threshold: float = DEFAULT_THRESHOLD, lexicon: Lexicon | None = None,
                 lexicon_fallback: bool = False) -> None:
        route(0.0, threshold)  # validates the threshold
        if accurate_model is None and fast_model is None and not lexicon_fallback:
            raise ValueError("no sentiment model for the router: give a transformer, or lexicon_fallback=True")
        self.accurate_model = accurate_model
        self.fast_model = fast_model
        self.threshold = threshold
        self._lexicon = lexicon
        self._lexicon_model: LexiconSentiment | None = None

    def _model_for(self, wanted: str):
        if wanted == "accurate" and self.accurate_model is not None:
            return "accurate", self.accurate_model
        if self.fast_model is not None:
            return "fast", self.fast_model
        if self.accurate_model is not None:
            return "accurate", self.accurate_model
        if self._lexicon_model is None:
            self._lexicon_model = LexiconSentiment(self._lexicon)
        return "lexicon", self._lexicon_model

    def models_in_use(self) -> dict[str, str]:
        """"name@version" of the model behind each tier this router can send sections to."""
        used = {tier: f"{model.name}@{model.version}"
                for tier, model in (("accurate", self.accurate_model), ("fast", self.fast_model)) if model is not None}
        if not used:
            used["lexicon"] = f"loughran-mcdonald@{(self._lexicon or load_lexicon()).version}"
        return used

    def run_section(self, section_item: str, text: str) -> RoutedSection:
        """Score, route and classify one section; every signal carries the tier and the section latency."""
        started = time.perf_counter()
        score = complexity_score(text)
        tier, model = self._model_for(route(score, self.threshold))
        signals = sentence_sentiment_signals(section_item, text, model, tier)
        latency = time.perf_counter() - started
        signals = [replace(s, latency_s=latency) for s in signals]
        signals.append(Signal(section=section_item, family="routing", name="complexity", category="complexity",
                              value=score, label=tier, model=model.name, model_version=model.version,
                              tier=tier, latency_s=latency))
        return RoutedSection(section_item, tier, score, latency, signals)

    def run(self, sections: Iterable[tuple[str, str]]) -> list[RoutedSection]:
        """run_section over (item, text) pairs, in order."""
        return [self.run_section(item, text) for item, text in sections]
