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


WRAPPED = (
    "As part of this plan in the third quarter of fiscal 2001, the Company had\n"
    "reserved approximately $5.0 million, of which $3.0 million was non-cash, for\n"
    "charges associated with inventory obsolescence, lease terminations and the\n"
    "Company's exit from the retail business.  This charge was comprised of $3 million\n"
    "for the write-off of various operating assets and $5 million for severance.\n\n"
    "ITEM 5. OTHER EVENTS\n"
    "On March 1, 1999, the Company announced that John Smith, its President\n"
    "and Chief Executive Officer, had resigned.\n"
)


def test_prose_splitter_joins_hard_wrapped_lines_and_keeps_offsets():
    from sec_pipeline.signals.text import is_hard_wrapped, split_prose_sentences

    assert is_hard_wrapped(WRAPPED)
    sentences = split_prose_sentences(WRAPPED)
    assert [" ".join(s.text.split()) for s in sentences] == [
        "As part of this plan in the third quarter of fiscal 2001, the Company had reserved approximately $5.0 "
        "million, of which $3.0 million was non-cash, for charges associated with inventory obsolescence, lease "
        "terminations and the Company's exit from the retail business.",
        "This charge was comprised of $3 million for the write-off of various operating assets and $5 million "
        "for severance.",
        "ITEM 5.", "OTHER EVENTS",
        "On March 1, 1999, the Company announced that John Smith, its President and Chief Executive Officer, "
        "had resigned.",
    ]
    assert all(WRAPPED[s.start:s.end] == s.text for s in sentences)
    # split_sentences itself is unchanged: the label offsets rely on it
    assert "Company's exit from the retail business." in [s.text for s in split_sentences(WRAPPED)]


def test_prose_splitter_leaves_unwrapped_text_as_split_sentences():
    from sec_pipeline.signals.text import split_prose_sentences

    text = "Revenue rose.\nCosts fell in the quarter because of lower freight.\n\nRisk Factors\nWe may lose money."
    assert split_prose_sentences(text) == split_sentences(text)
