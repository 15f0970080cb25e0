"""validations and model_versions: keyed upserts and lookups; unsupported URLs; frames."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from sec_pipeline.store import Store, StoreConfigError
from sec_pipeline.store.frames import filings_frame, sections_frame, signals_frame

from .helpers import accession, filing_row, signal_row


def test_validations_upsert_by_key(store: Store) -> None:
    rows = [
        {"partition": "2024-11-01", "scope": "sections", "expectation": "item_1a_present", "passed": True,
         "observed_value": 0.98, "threshold": 0.95, "details": {"missing": []}, "run_id": "r1"},
        {"partition": "2024-11-01", "scope": "signals", "expectation": "confidence_range", "passed": False,
         "observed_value": [0.1, 1.2], "threshold": {"min": 0, "max": 1}, "details": None, "run_id": "r1"},
    ]
    assert store.upsert_validations(rows) == 2
    assert store.upsert_validations([{**rows[1], "passed": True, "run_id": "r2"}]) == 1
    got = store.get_validations("2024-11-01")
    assert [(r["scope"], r["passed"], r["run_id"]) for r in got] == [("sections", True, "r1"),
                                                                     ("signals", True, "r2")]
    assert got[0]["observed_value"] == 0.98 and got[1]["threshold"] == {"min": 0, "max": 1}
    assert got[1]["details"] is None
    assert store.get_validations("2024-11-02") == []


def test_model_versions(store: Store) -> None:
    assert store.latest_model_version("sentiment") is None
    first = store.record_model_version("sentiment", "v1", "file:///m/v1.tar.gz", {"macro_f1": 0.71})
    store.record_model_version("sentiment", "v2", "file:///m/v2.tar.gz", {"macro_f1": 0.78})
    store.record_model_version("other", "v9", "file:///o.tar.gz")
    latest = store.latest_model_version("sentiment")
    assert latest is not None and (latest["version"], latest["metrics"]) == ("v2", {"macro_f1": 0.78})
    again = store.record_model_version("sentiment", "v1", "s3://b/m/v1.tar.gz", {"macro_f1": 0.72})
    assert again["created_at"] == first["created_at"] and again["uri"] == "s3://b/m/v1.tar.gz"


def test_unsupported_urls_are_refused() -> None:
    with pytest.raises(StoreConfigError, match="supports sqlite and postgresql"):
        Store("mysql://user@host/db")
    with pytest.raises(StoreConfigError, match="is not a database URL"):
        Store("not a url")


def test_frames(store: Store) -> None:
    day = date(2024, 11, 1)
    empty = signals_frame(store, day)
    assert empty.empty and "confidence" in empty.columns
    assert sections_frame(store, day).empty and "char_count" in sections_frame(store, day).columns
    acc = accession(320193, 2024, 1)
    store.upsert_filings([filing_row(320193, 1, day=day), filing_row(1, 2, day=date(2024, 11, 4))])
    store.replace_sections_many({acc: [{"item": "7", "start_offset": 0, "text": "MD&A"}]})
    store.stage_signals_many({acc: [signal_row("7", "neg", 0.5)]})
    filings = filings_frame(store, day)
    assert isinstance(filings, pd.DataFrame) and filings["accession_no"].tolist() == [acc]
    sections = sections_frame(store, day)
    assert sections[["item", "form_type", "char_count"]].values.tolist() == [["7", "10-K", 4]]
    assert "text" not in sections.columns and sections_frame(store, day, with_text=True)["text"][0] == "MD&A"
    assert signals_frame(store, day)["value"].tolist() == [0.5]
