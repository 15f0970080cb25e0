"""Lexicon tone per section: Loughran-McDonald category counts and shares, net tone, Gunning fog.

One tokenization pass (`[A-Za-z]+`, upper-cased, exact dictionary lookups) counts every category and
the complex (3+ syllable) words. Syllables come from the LM list where present, else from a vowel-group
estimate. Gunning fog = 0.4 * (words per sentence + 100 * complex words / words).
"""

from __future__ import annotations

import bisect
import re
import time
from collections import Counter
from dataclasses import dataclass
from functools import partial

from sec_pipeline.signals.lexicon import CATEGORIES, Lexicon, load_lexicon
from sec_pipeline.signals.records import Signal
from sec_pipeline.signals.text import Sentence, split_sentences

_WORD = re.compile(r"[A-Za-z]+")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")


def estimate_syllables(word: str) -> int:
    """Vowel-group syllable estimate for words the LM list does not cover (at least 1)."""
    lower = word.lower()
    count = len(_VOWEL_GROUPS.findall(lower))
    if lower.endswith("e") and not lower.endswith(("le", "ee")) and count > 1:
        count -= 1
    return max(count, 1)


@dataclass(frozen=True)
class ToneScores:
    """Tone of one text: per-category counts and shares of words, net tone, fog, and evidence."""

    words: int
    sentences: int
    counts: dict[str, int]
    shares: dict[str, float]
    net_tone: float
    fog: float
    complex_words: int
    evidence: dict[str, Sentence]


def score_tone(text: str, lexicon: Lexicon | None = None) -> ToneScores:
    """Count LM categories in `text`; evidence per category is the sentence with the most hits."""
    lexicon = lexicon or load_lexicon()
    sentences = split_sentences(text)
    starts = [s.start for s in sentences]
    counts: Counter[str] = Counter()
    hits: dict[str, Counter[int]] = {c: Counter() for c in CATEGORIES}
    words = complex_words = 0
    lookup, syllables = lexicon.word_categories, lexicon.syllables
    estimated: dict[str, int] = {}
    for match in _WORD.finditer(text):
        word = match.group().upper()
        words += 1
        n_syllables = syllables.get(word) or estimated.get(word)
        if n_syllables is None:
            n_syllables = estimated[word] = estimate_syllables(word)
        complex_words += n_syllables >= 3
        cats = lookup.get(word)
        if cats:
            sentence_index = max(bisect.bisect_right(starts, match.start()) - 1, 0)
            for cat in cats:
                counts[cat] += 1
                hits[cat][sentence_index] += 1
    full = {c: counts.get(c, 0) for c in CATEGORIES}
    shares = {c: (n / words if words else 0.0) for c, n in full.items()}
    polar = full["positive"] + full["negative"]
    net = (full["positive"] - full["negative"]) / polar if polar else 0.0
    n_sentences = max(len(sentences), 1)
    fog = 0.4 * (words / n_sentences + 100.0 * complex_words / words) if words else 0.0
    evidence = {c: sentences[h.most_common(1)[0][0]] for c, h in hits.items() if h and sentences}
    return ToneScores(words, len(sentences), full, shares, net, fog, complex_words, evidence)


def tone_signals(section_item: str, text: str, lexicon: Lexicon | None = None, tier: str = "lexicon") -> list[Signal]:
    """Signals of family `tone`: `<category>_count` and `<category>_share` per LM category (evidence:
    the sentence with the most words of that category), `net_tone` in [-1, 1], `fog_index`, `words`."""
    started = time.perf_counter()
    lexicon = lexicon or load_lexicon()
    scores = score_tone(text, lexicon)
    signal = partial(Signal, section=section_item, family="tone", model="loughran-mcdonald",
                     model_version=lexicon.version, tier=tier, latency_s=time.perf_counter() - started)
    signals: list[Signal] = []
    for cat in CATEGORIES:
        ev = scores.evidence.get(cat)
        signals.append(signal(name=f"{cat}_count", category=cat, value=float(scores.counts[cat]), unit="words"))
        signals.append(signal(name=f"{cat}_share", category=cat, value=scores.shares[cat], unit="share",
                              evidence=ev.text if ev else None, evidence_start=ev.start if ev else None,
                              evidence_end=ev.end if ev else None))
    net_label = "positive" if scores.net_tone > 0 else "negative" if scores.net_tone < 0 else "neutral"
    signals.append(signal(name="net_tone", category="net", value=scores.net_tone, label=net_label))
    signals.append(signal(name="fog_index", category="readability", value=scores.fog, unit="grade"))
    signals.append(signal(name="words", category="count", value=float(scores.words), unit="words"))
    return signals
