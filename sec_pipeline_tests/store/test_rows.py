"""The row types at the store's boundary name exactly their tables' columns, and the store returns such rows."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Table

from sec_pipeline.store import Store, rows, schema

from .helpers import accession, filing_row, signal_row

DAY = date(2024, 11, 1)
READ_ROWS = [(rows.Filing, schema.filings), (rows.Section, schema.sections),
             (rows.StagedSignal, schema.staged_signals), (rows.PublishedSignal, schema.signals),
             (rows.Validation, schema.validations), (rows.ModelVersion, schema.model_versions)]
WRITE_ROWS = [(rows.FilingUpdate, schema.filings), (rows.SectionInput, schema.sections),
              (rows.StagedSignalInput, schema.staged_signals), (rows.ValidationInput, schema.validations)]


def columns(table: Table) -> set[str]:
    return {c.name for c in table.columns}


def keys(row_type: type) -> set[str]:
    return set(row_type.__required_keys__ | row_type.__optional_keys__)


@pytest.mark.parametrize(("row_type", "table"), READ_ROWS + WRITE_ROWS, ids=lambda x: getattr(x, "__name__", ""))
def test_row_types_name_their_tables_columns(row_type: type, table: Table) -> None:
    assert keys(row_type) == columns(table)


def test_what_a_write_must_carry() -> None:
    """An upsert needs the key; a replace gets the accession from its filing and needs the rest of the key."""
    assert rows.FilingUpdate.__required_keys__ == {"accession_no"}
    assert rows.SectionInput.__required_keys__ == {"item"}
    assert rows.StagedSignalInput.__required_keys__ == {"section", "family", "name", "category"}
    assert rows.ValidationInput.__required_keys__ == {"partition", "scope", "expectation", "passed"}
    for row_type, _table in READ_ROWS:
        optional = {"text"} if row_type is rows.Section else set()
        assert row_type.__optional_keys__ == optional, row_type.__name__


def test_the_store_returns_rows_of_those_types(store: Store) -> None:
    acc = accession(320193, 2024, 1)
    store.upsert_filings([filing_row(320193, 1, day=DAY)])
    store.replace_sections_many({acc: [{"item": "7", "start_offset": 0, "text": "MD&A"}]})
    store.stage_signals_many({acc: [signal_row("7", "neg", 0.5)]})
    store.publish_signals(DAY)
    store.upsert_validations([{"partition": DAY.isoformat(), "scope": "partition", "expectation": "x", "passed": True}])
    store.record_model_version("sentiment", "v1", "file:///m/v1.tar.gz")

    (filing,) = store.get_filings(filing_date=DAY)
    assert set(filing) == keys(rows.Filing)
    assert store.previous_filing(320193, "10-K", date(2025, 1, 1)) == filing
    (section,) = store.get_sections([acc])
    assert set(section) == keys(rows.Section)
    assert set(store.get_sections([acc], with_text=False)[0]) == keys(rows.Section) - {"text"}
    assert set(store.get_staged_signals(DAY)[0]) == keys(rows.StagedSignal)
    assert set(store.get_signals(DAY)[0]) == keys(rows.PublishedSignal)
    assert set(store.get_validations(DAY.isoformat())[0]) == keys(rows.Validation)
    latest = store.latest_model_version("sentiment")
    assert latest is not None and set(latest) == keys(rows.ModelVersion)
