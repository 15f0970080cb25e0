"""Sentence splitting and table detection."""

from __future__ import annotations

from sec_pipeline.signals.text import is_table_like, split_sentences


def test_split_sentences_offsets_and_abbreviations():
    text = "Apple Inc. sold more. Revenue rose 5% in the U.S. market!\n\nRisk Factors\nWe may lose money. J. Doe left."
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "Apple Inc. sold more.", "Revenue rose 5% in the U.S. market!", "Risk Factors", "We may lose money.",
        "J. Doe left.",
    ]
    assert all(text[s.start : s.end] == s.text for s in sentences)


def test_table_like_lines():
    assert is_table_like("Total revenue     $ 1,234     $ 1,100")
    assert is_table_like("| 2023 | 2022 | 2021 |")
    assert is_table_like("12")
    assert not is_table_like("Revenue increased 10% in 2023 because demand for our products grew.")
