"""The rows the flows build for the store carry every field of what they record."""

from __future__ import annotations

from dataclasses import asdict, fields
from datetime import date

from sec_pipeline.flows.extraction import staged_rows
from sec_pipeline.flows.validation import validation_rows
from sec_pipeline.quality.outcomes import ValidationOutcome
from sec_pipeline.signals.records import Signal
from sec_pipeline.store import rows

ACC = "0000320193-24-000001"


def test_staged_rows_carry_every_signal_field() -> None:
    signal = Signal(section="7", family="tone", name="net_tone", category="net", value=0.1, label="positive",
                    confidence=0.9, evidence="Sales rose.", evidence_start=0, evidence_end=11, model="lm",
                    model_version="2024", tier="lexicon", latency_s=0.01, unit="share", period="FY2024")
    (row,) = staged_rows(ACC, date(2024, 11, 1), [signal], 0.002)
    assert row == {**asdict(signal), "accession_no": ACC, "filing_date": date(2024, 11, 1), "cost_usd": 0.002}
    assert {f.name for f in fields(Signal)} | {"accession_no", "filing_date", "cost_usd", "updated_at"} \
        == set(rows.StagedSignalInput.__annotations__), "a Signal field without a column, or a column without one"


def test_validation_rows_carry_every_outcome_field() -> None:
    outcome = ValidationOutcome("partition", "filings.non_empty", False, 0, {"rows": 0})
    (row,) = validation_rows("2024-11-01", "run-1", [outcome])
    assert row == {**outcome.as_row(), "partition": "2024-11-01", "run_id": "run-1"}
