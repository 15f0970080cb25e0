"""Year-over-year change metrics, risk-factor headings and embeddings."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

from sec_pipeline.signals.changes import (
    cosine_tf,
    heading_changes,
    jaccard,
    min_edit_similarity,
    risk_factor_headings,
    similarity_signals,
    simple_similarity,
)
from sec_pipeline.signals.embeddings import chunks

A = "Our revenue depends on advertising. Competition is intense. Regulation may change our business."
DISJOINT = "Weather patterns shifted rapidly. Farmers harvested wheat early."


def test_identical_texts_score_one() -> None:
    for fn in (cosine_tf, jaccard, min_edit_similarity, simple_similarity):
        assert fn(A, A) == pytest.approx(1.0)


def test_disjoint_texts_score_zero() -> None:
    for fn in (cosine_tf, jaccard, min_edit_similarity, simple_similarity):
        assert fn(A, DISJOINT) == pytest.approx(0.0)


def test_known_partial_edits() -> None:
    # one word of four replaced: 3 words kept on each side -> 2*3/8
    assert min_edit_similarity("alpha beta gamma delta.", "alpha beta omega delta.") == pytest.approx(0.75)
    # sentence 1 kept (2 words each side), sentence 2 rewritten: simple = 2*2/(4+4)
    assert simple_similarity("Risk one. Risk two.", "Risk one. Risk three.") == pytest.approx(0.5)
    assert jaccard("apple banana cherry", "apple banana durian") == pytest.approx(2 / 4)
    assert cosine_tf("apple apple banana", "apple banana banana") == pytest.approx(4 / 5)


def test_min_edit_stays_fast_on_100k_words() -> None:
    rng = random.Random(0)
    vocab = ["".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=6)) for _ in range(3000)]
    sentences = [" ".join(rng.choices(vocab, k=20)) + "." for _ in range(5000)]
    edited = list(sentences)
    for i in rng.sample(range(len(edited)), 500):
        edited[i] = " ".join(rng.choices(vocab, k=20)) + "."
    started = time.perf_counter()
    value = min_edit_similarity(" ".join(sentences), " ".join(edited))
    assert time.perf_counter() - started < 30
    assert 0.85 < value < 0.95


SECTION_2023 = """Item 1A. Risk Factors
Risks Related to Our Business
We depend on a small number of customers for most of our revenue.
Our five largest customers accounted for 60% of revenue in 2023. Losing any of them would hurt our results. We have no long-term contracts with them.
Our operations could be disrupted by natural disasters.
Our facilities are in regions prone to earthquakes. A major earthquake could halt production. Insurance may not cover all losses.
"""
SECTION_2024 = """Item 1A. Risk Factors
Risks Related to Our Business
We depend on a small number of customers for most of our revenue.
Our five largest customers accounted for 62% of revenue in 2024. Losing any of them would hurt our results. We have no long-term contracts with them.
Cybersecurity incidents could compromise our systems and data.
Attackers target our networks daily. A breach could expose customer data. Remediation would be costly and slow.
"""


def test_risk_factor_headings_added_and_removed() -> None:
    assert risk_factor_headings(SECTION_2024) == [
        "Risks Related to Our Business",
        "We depend on a small number of customers for most of our revenue.",
        "Cybersecurity incidents could compromise our systems and data.",
    ]
    added, removed = heading_changes(risk_factor_headings(SECTION_2024), risk_factor_headings(SECTION_2023))
    assert added == ["Cybersecurity incidents could compromise our systems and data."]
    assert removed == ["Our operations could be disrupted by natural disasters."]
    sigs = similarity_signals("1A", SECTION_2024, SECTION_2023, embeddings=False, previous_accession="0000000001-24-1")
    by_cat = {s.category: s for s in sigs if s.category.startswith("heading_") and s.category != "heading_count"}
    added_sig = by_cat["heading_added"]
    assert SECTION_2024[added_sig.evidence_start:added_sig.evidence_end] == added_sig.evidence
    assert by_cat["heading_removed"].evidence_start is None
    counts = {s.name: s.value for s in sigs if s.category == "heading_count"}
    assert counts == {"headings_added": 1.0, "headings_removed": 1.0}
    assert all(s.family == "risk_change" for s in sigs)


def test_embedding_cosine_with_packaged_minilm() -> None:
    sigs = similarity_signals("7", A, A)
    emb = next(s for s in sigs if s.name == "embedding_cosine")
    assert emb.value == pytest.approx(1.0, abs=1e-5) and emb.model == "all-MiniLM-L6-v2"
    unrelated = next(s for s in similarity_signals("7", A, DISJOINT) if s.name == "embedding_cosine")
    assert unrelated.value < 0.5


def test_chunks_keep_sentences_whole() -> None:
    text = " ".join(f"Sentence number {i} has six words." for i in range(100))
    pieces = chunks(text, chunk_words=30)
    assert all(len(p.split()) <= 30 for p in pieces) and pieces[0].startswith("Sentence number 0")
    assert sum(len(p.split()) for p in pieces) == 600


def test_real_consecutive_10k_risk_factors(shared_edgar: Path) -> None:
    from sec_pipeline.parsing.api import parse_path

    def item(name: str, key: str) -> str:
        return next(s.text for s in parse_path(shared_edgar / "filings/10-K" / name).sections if s.item == key)

    ma_2024 = item("1141391_0001141391-24-000022.html.gz", "1A")
    ma_2025 = item("1141391_ma-10-k-2025-02-12.html.gz", "1A")
    meta_2025 = item("1326801_meta-10-k-2025-01-30.html.gz", "1A")
    same_company = {s.name: s.value for s in similarity_signals("1A", ma_2025, ma_2024, embeddings=False)}
    other_company = {s.name: s.value for s in similarity_signals("1A", ma_2025, meta_2025, embeddings=False)}
    for metric in ("cosine_tf", "jaccard", "min_edit", "simple"):
        assert same_company[metric] > other_company[metric] + 0.2
    assert same_company["simple"] > 0.4 and other_company["simple"] < 0.05
    assert 0 < same_company["headings_added"] < 20 and 0 < same_company["headings_removed"] < 20
