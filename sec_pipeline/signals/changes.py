"""Year-over-year change of a section ("Lazy Prices", Cohen, Malloy and Nguyen 2020) as `Signal` rows.

Compares a section (Item 1A, Item 7, 10-Q Part II Item 1A) with the same section of the company's previous filing
of that form: cosine similarity of term frequencies, Jaccard similarity of word sets, minimum edit similarity
(word level), simple similarity (share of sentences left unchanged), embedding cosine (MiniLM), and the
risk-factor headings added and removed.
"""

from __future__ import annotations

import hashlib
import math
import re
import time
from collections import Counter
from collections.abc import Callable, Sequence
from difflib import SequenceMatcher

from sec_pipeline.signals.embeddings import MODEL_NAME, Encoder, cosine, embed_texts
from sec_pipeline.signals.records import Signal
from sec_pipeline.signals.text import split_sentences

FAMILY = "risk_change"
# the sections compared with the previous filing of the form, per base form
CHANGE_ITEMS: dict[str, tuple[str, ...]] = {"10-K": ("1A", "7"), "10-Q": ("part2item1a",)}
MODEL = "lazy-prices"
MODEL_VERSION = "1"
WORD = re.compile(r"[a-z][a-z'\-]*[a-z]|[a-z]")
EDIT_CHUNK_WORDS = 2000  # word-level alignment runs only inside changed blocks of at most this many words
HEADING_MIN_WORDS, HEADING_MAX_WORDS = 4, 70
HEADING_MATCH_RATIO = 0.85
# Function words dominate raw term counts and make any two filings look alike (cosine ~0.96 between unrelated
# companies' risk factors); cosine_tf and jaccard leave them out.
STOPWORDS = frozenset(
    "a about above after again against all also am an and any are as at be because been before being below "
    "between both but by can could did do does doing down during each few for from further had has have having "
    "he her here hers him his how i if in into is it its itself may me might more most must my no nor not of off "
    "on once only or other our ours out over own same shall she should so some such than that the their theirs "
    "them then there these they this those through to too under until up upon us very was we were what when "
    "where which while who whom why will with would you your".split()
)


def words(text: str) -> list[str]:
    """Lower-cased alphabetic word tokens (numbers are left out, so updated figures do not count as edits)."""
    return WORD.findall(text.lower())


def content_words(text: str) -> list[str]:
    """Word tokens without function words."""
    return [w for w in words(text) if w not in STOPWORDS]


def _cosine(wa: list[str], wb: list[str]) -> float:
    ca, cb = Counter(wa), Counter(wb)
    if not ca or not cb:
        return 0.0
    dot = sum(n * cb[w] for w, n in ca.items() if w in cb)
    return dot / (math.sqrt(sum(n * n for n in ca.values())) * math.sqrt(sum(n * n for n in cb.values())))


def _jaccard(wa: list[str], wb: list[str]) -> float:
    sa, sb = set(wa), set(wb)
    return len(sa & sb) / len(sa | sb) if sa | sb else 0.0


def cosine_tf(a: str, b: str) -> float:
    """Cosine similarity of the two texts' term-frequency vectors (function words left out)."""
    return _cosine(content_words(a), content_words(b))


def jaccard(a: str, b: str) -> float:
    """Jaccard similarity of the two texts' word sets (function words left out)."""
    return _jaccard(content_words(a), content_words(b))


def sentence_words(text: str) -> list[list[str]]:
    """The word tokens of each sentence that has any."""
    return [toks for s in split_sentences(text) if (toks := words(s.text))]


def _sentence_opcodes(sa: list[list[str]], sb: list[list[str]]) -> Sequence[tuple[str, int, int, int, int]]:
    """Alignment of the two sentence lists, a sentence matching only a sentence of the same words."""
    return SequenceMatcher(None, [" ".join(s) for s in sa], [" ".join(s) for s in sb], autojunk=False).get_opcodes()


def _simple(sa: list[list[str]], sb: list[list[str]]) -> float:
    total = sum(map(len, sa)) + sum(map(len, sb))
    if total == 0:
        return 0.0
    same = sum(len(s) for tag, i1, i2, _j1, _j2 in _sentence_opcodes(sa, sb) if tag == "equal" for s in sa[i1:i2])
    return 2 * same / total


def _min_edit(sa: list[list[str]], sb: list[list[str]]) -> float:
    total = sum(map(len, sa)) + sum(map(len, sb))
    if total == 0:
        return 0.0
    matched = 0
    for tag, i1, i2, j1, j2 in _sentence_opcodes(sa, sb):
        if tag == "equal":
            matched += sum(len(s) for s in sa[i1:i2])
        elif tag == "replace":
            wa = [w for s in sa[i1:i2] for w in s]
            wb = [w for s in sb[j1:j2] for w in s]
            for start in range(0, max(len(wa), len(wb)), EDIT_CHUNK_WORDS):
                piece_a = wa[start:start + EDIT_CHUNK_WORDS]
                piece_b = wb[start:start + EDIT_CHUNK_WORDS]
                if piece_a and piece_b:
                    blocks = SequenceMatcher(None, piece_a, piece_b, autojunk=False).get_matching_blocks()
                    matched += sum(m.size for m in blocks)
    return 2 * matched / total


def simple_similarity(a: str, b: str) -> float:
    """Share of words in sentences left unchanged: 2 * unchanged words / (words in a + words in b)."""
    return _simple(sentence_words(a), sentence_words(b))


def min_edit_similarity(a: str, b: str) -> float:
    """1 - word-level edit distance (insertions + deletions) / (len a + len b).

    Sentences are aligned first; words are aligned only inside changed blocks, each capped at
    `EDIT_CHUNK_WORDS` words, so that a 100,000-word section stays fast. Exact for small texts; for larger
    ones a close upper bound on the true minimum edit distance.
    """
    return _min_edit(sentence_words(a), sentence_words(b))


def risk_factor_headings(text: str) -> list[str]:
    """Heading-like lines of an Item 1A text: one sentence of 4-70 words on its own line, starting with a capital
    letter (not a bullet), followed by a longer paragraph (the bold risk-factor captions), in order, de-duplicated.
    Needs the section text with one paragraph per line, as `parsing` produces it."""
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    out: list[str] = []
    seen: set[str] = set()
    for i, line in enumerate(lines[:-1]):
        n = len(line.split())
        if not HEADING_MIN_WORDS <= n <= HEADING_MAX_WORDS or line.lower().startswith(("item ", "part ")):
            continue
        if not line[0].isupper() or line.endswith((";", ":", ",")):  # bullets, list items, broken lines
            continue
        if len(split_sentences(line)) != 1:
            continue
        following = lines[i + 1]
        if len(following.split()) <= n or len(split_sentences(following)) < 2 and len(following.split()) < 2 * n:
            continue
        key = _heading_key(line)
        if key and key not in seen:
            seen.add(key)
            out.append(line)
    return out


def _heading_key(heading: str) -> str:
    return " ".join(words(heading))


def heading_changes(current: Sequence[str], previous: Sequence[str]) -> tuple[list[str], list[str]]:
    """(added, removed) headings; a heading counts as kept if a heading of the other year matches it
    with a SequenceMatcher ratio of at least 0.85 (so small rewordings are not reported)."""
    cur = {_heading_key(h): h for h in current}
    prev = {_heading_key(h): h for h in previous}

    def unmatched(src: dict[str, str], other: dict[str, str]) -> list[str]:
        out = []
        for key, heading in src.items():
            if key in other:
                continue
            close = False
            for candidate in other:
                sm = SequenceMatcher(None, key, candidate, autojunk=False)
                if sm.real_quick_ratio() >= HEADING_MATCH_RATIO and sm.quick_ratio() >= HEADING_MATCH_RATIO \
                        and sm.ratio() >= HEADING_MATCH_RATIO:
                    close = True
                    break
            if not close:
                out.append(heading)
        return out

    return unmatched(cur, prev), unmatched(prev, cur)


def similarity_signals(section_item: str, current_text: str, previous_text: str,
                       encoder: Encoder | None = None, *, embeddings: bool = True,
                       previous_accession: str | None = None) -> list[Signal]:
    """Similarity of a section to the same section one filing earlier, plus risk-factor headings added and
    removed (headings only for Item 1A sections). `encoder=None` uses the packaged MiniLM; `embeddings=False`
    skips the embedding metric."""
    for name, given in (("current_text", current_text), ("previous_text", previous_text)):
        if not isinstance(given, str):
            raise TypeError(f"section {section_item!r}: {name} must be str, got {type(given).__name__}")
    label = f"vs {previous_accession}" if previous_accession else "vs previous filing"
    out: list[Signal] = []
    # both texts are tokenized once for the four lexical metrics; that time is shared equally in their latency
    started = time.perf_counter()
    cw_a, cw_b = content_words(current_text), content_words(previous_text)
    sw_a, sw_b = sentence_words(current_text), sentence_words(previous_text)
    metrics: list[tuple[str, Callable[[], float]]] = [
        ("cosine_tf", lambda: _cosine(cw_a, cw_b)), ("jaccard", lambda: _jaccard(cw_a, cw_b)),
        ("min_edit", lambda: _min_edit(sw_a, sw_b)), ("simple", lambda: _simple(sw_a, sw_b)),
    ]
    shared = (time.perf_counter() - started) / len(metrics)
    for name, fn in metrics:
        started = time.perf_counter()
        value = fn()
        out.append(Signal(section=section_item, family=FAMILY, name=name, category="similarity",
                          value=round(value, 6), label=label, confidence=1.0, model=MODEL,
                          model_version=MODEL_VERSION, tier="rules",
                          latency_s=shared + time.perf_counter() - started))
    if embeddings:
        started = time.perf_counter()
        va, vb = embed_texts([current_text, previous_text], encoder)
        value = cosine(va, vb) if va is not None and vb is not None else 0.0
        out.append(Signal(section=section_item, family=FAMILY, name="embedding_cosine", category="similarity",
                          value=round(value, 6), label=label, confidence=1.0, model=MODEL_NAME,
                          model_version=MODEL_VERSION, tier="fast", latency_s=time.perf_counter() - started))
    if section_item.lower().replace(" ", "").endswith("1a"):
        out.extend(_heading_signals(section_item, current_text, previous_text, label))
    return out


def _heading_signals(section_item: str, current_text: str, previous_text: str, label: str) -> list[Signal]:
    started = time.perf_counter()
    added, removed = heading_changes(risk_factor_headings(current_text), risk_factor_headings(previous_text))
    latency = time.perf_counter() - started
    out = [
        Signal(section=section_item, family=FAMILY, name="headings_added", category="heading_count",
               value=float(len(added)), label=label, confidence=0.8, model=MODEL, model_version=MODEL_VERSION,
               tier="rules", latency_s=latency),
        Signal(section=section_item, family=FAMILY, name="headings_removed", category="heading_count",
               value=float(len(removed)), label=label, confidence=0.8, model=MODEL, model_version=MODEL_VERSION,
               tier="rules", latency_s=latency),
    ]
    for kind, headings, source in (("heading_added", added, current_text), ("heading_removed", removed, None)):
        for heading in headings:
            start = source.find(heading) if source is not None else -1
            digest = hashlib.blake2b(_heading_key(heading).encode(), digest_size=6).hexdigest()
            out.append(Signal(
                section=section_item, family=FAMILY, name=f"{kind}:{digest}", category=kind, value=1.0,
                label=label if kind == "heading_added" else f"{label} (quote from the previous filing)",
                confidence=0.8, evidence=heading, evidence_start=start if start >= 0 else None,
                evidence_end=start + len(heading) if start >= 0 else None, model=MODEL,
                model_version=MODEL_VERSION, tier="rules", latency_s=latency))
    return out
