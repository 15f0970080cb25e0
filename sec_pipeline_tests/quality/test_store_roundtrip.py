"""Contract with the store: frames read back from a real SQLite store validate, and outcomes write back."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from sec_pipeline.quality.suites import run_all
from sec_pipeline_tests.quality.partition_data import companyfacts_lookup, good_partition, shared_edgar

pytestmark = pytest.mark.skipif(not shared_edgar().is_dir(), reason="needs ../shared/edgar test data")
PARTITION = date(2024, 2, 5)


def _records(frame: pd.DataFrame) -> list[dict]:
    return [{k: (None if not isinstance(v, list) and pd.isna(v) else v) for k, v in row.items()}
            for row in frame.to_dict("records")]


def test_store_frames_validate_and_outcomes_upsert(tmp_path):
    from sec_pipeline.store.frames import filings_frame, sections_frame, signals_frame
    from sec_pipeline.store.store import Store

    store = Store(f"sqlite:///{tmp_path / 'app.db'}")
    store.migrate()
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
    store.dispose()
