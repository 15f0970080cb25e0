"""Contract with the store: frames read back from a real SQLite store validate, and outcomes write back."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from benchmarks.support.partition_data import companyfacts_lookup, good_partition
from benchmarks.support.paths import shared_edgar_dir
from sec_pipeline.quality.outcomes import ValidationOutcome
from sec_pipeline.quality.suites import run_all

pytestmark = pytest.mark.skipif(not shared_edgar_dir().is_dir(), reason="needs ../shared/edgar test data")
PARTITION = date(2024, 2, 5)


def _records(frame: pd.DataFrame) -> list[dict]:
    return [{k: (None if not isinstance(v, list) and pd.isna(v) else v) for k, v in row.items()}
            for row in frame.to_dict("records")]


def test_store_frames_validate_and_outcomes_upsert(store):
    """On SQLite and PostgreSQL (the shared `store` fixture)."""
    from sec_pipeline.store.frames import filings_frame, sections_frame, signals_frame

    filings, sections, signals = good_partition()
    filings["filing_date"] = PARTITION
    store.upsert_filings(_records(filings.drop(columns=["period_of_report"])))
    rows = _records(sections.drop(columns=["filing_date"]))
    store.replace_sections_many({a: [r for r in rows if r["accession_no"] == a] for a in filings.accession_no})
    signal_rows = _records(signals.assign(filing_date=PARTITION))
    store.stage_signals_many({a: [r for r in signal_rows if r["accession_no"] == a] for a in filings.accession_no})

    report = run_all(filings_frame(store, PARTITION), sections_frame(store, PARTITION),
                     signals_frame(store, PARTITION), companyfacts_lookup=companyfacts_lookup, build_docs=False)
    assert [(o.scope, o.expectation, o.details) for o in report.failed] == []
    keys = [(o.scope, o.expectation) for o in report.outcomes]
    assert len(keys) == len(set(keys))  # the validations table key is unique within a partition

    written = store.upsert_validations([{"partition": PARTITION.isoformat(), **o.as_row()} for o in report.outcomes])
    assert written == len(report.outcomes)
    assert len(store.get_validations(PARTITION.isoformat())) == len(report.outcomes)
    nan_row = ValidationOutcome("partition", "x.nan", False, float("nan"), {"v": [float("inf"), 1]}).as_row()
    assert nan_row["observed_value"] is None and nan_row["details"]["v"] == [None, 1]
    assert store.upsert_validations([{"partition": PARTITION.isoformat(), **nan_row}]) == 1
