"""The carried filing-sentiment labels load, and their splits are company-disjoint."""

from __future__ import annotations

import pytest

from sec_pipeline.signals.filing_labels import in_split, load_filing_labels


def test_carried_labels_load_with_company_disjoint_splits():
    records = load_filing_labels()
    assert len(records) >= 3000
    companies = {split: {r.company for r in in_split(records, split)} for split in ("train", "validation", "test")}
    assert all(companies.values())
    assert not companies["train"] & companies["test"] and not companies["train"] & companies["validation"]
    assert not companies["validation"] & companies["test"]
    clear = in_split(records, "test", clear_only=True)
    assert clear and all(r.clarity == "clear" for r in clear) and len(clear) < len(in_split(records, "test"))
    assert {r.label for r in in_split(records, "test")} == {"positive", "negative", "neutral"}


def test_a_malformed_line_names_the_file_and_line(tmp_path):
    bad = tmp_path / "labels.jsonl"
    bad.write_text('{"text": "Revenue rose.", "label": "positive"}\n')
    with pytest.raises(ValueError, match="labels.jsonl:1"):
        load_filing_labels(bad)
    with pytest.raises(ValueError, match="split"):
        in_split([], "dev")
