"""The daily job end to end against the mirror: exact filings, header fields, idempotent reruns."""

from __future__ import annotations

from datetime import date

import dagster as dg
import pytest

from sec_pipeline.store.store import Store
from sec_pipeline_tests.defs.pipeline_helpers import manifest_filings, materialize_partition, resources

DATE = "1999-09-28"  # a 10-K (HTML) and an 8-K (plain text era) on the same day


def _snapshot(store: Store, day: date) -> dict:
    filings = store.get_filings(filing_date=day)
    accessions = [f["accession_no"] for f in filings]
    return {
        "filings": sorted((f["accession_no"], f["form_type"], f["sha256"], f["status"]) for f in filings),
        "sections": sorted((s["accession_no"], s["item"], s["char_count"])
                           for s in store.get_sections(accessions, with_text=False)),
        "signals": sorted((s["accession_no"], s["section"], s["family"], s["name"], s["value"], s["label"])
                          for s in store.get_signals(filing_date=day)),
    }


def test_daily_job_stores_exactly_the_days_filings_and_reruns_change_nothing(
    shared_edgar, edgar_mirror, database_url, tmp_path
):
    expected = manifest_filings(shared_edgar, DATE)
    assert expected, "the fixture date must hold filings"
    resource_defs = resources(edgar_mirror, database_url, tmp_path)
    with dg.DagsterInstance.ephemeral() as instance:
        first = materialize_partition(DATE, resource_defs, instance)
        assert first.success
        store = Store(database_url)
        day = date.fromisoformat(DATE)
        filings = {f["accession_no"]: f for f in store.get_filings(filing_date=day)}
        assert set(filings) == set(expected)
        for accession, row in expected.items():
            stored = filings[accession]
            assert stored["cik"] == row["cik"].lstrip("0")
            assert stored["form_type"].split("/")[0] in (row["form"], "10-K405") or stored["form_type"] == row["form"]
            assert stored["filing_date"] == day
            assert stored["status"] == "extracted"
            assert stored["sha256"] and stored["bytes"] > 1000
        before = _snapshot(store, day)
        assert before["sections"], "every filing is split into sections"
        assert before["signals"], "signals are published after the gates pass"
        checks = {e.asset_check_key.name: e.passed for e in first.get_asset_check_evaluations()}
        assert checks["extraction_accuracy"] and checks["validation_pass_rate"] and checks["completeness"]

        second = materialize_partition(DATE, resource_defs, instance)
        assert second.success
        assert _snapshot(store, day) == before
        raw_meta = second.asset_materializations_for_node("raw_filings")[0].metadata
        assert raw_meta["downloaded"].value == 0 and raw_meta["already_stored"].value == len(expected)
        store.dispose()


def test_a_business_day_without_filings_succeeds_with_zero_filings(edgar_mirror, tmp_path):
    database_url = f"sqlite:///{tmp_path / 'app.db'}"
    result = materialize_partition("2021-07-05", resources(edgar_mirror, database_url, tmp_path))
    assert result.success
    meta = result.asset_materializations_for_node("raw_filings")[0].metadata
    assert meta["filings"].value == 0 and meta["in_daily_index"].value == 0


@pytest.mark.parametrize("accession_count", [1])
def test_selection_limits_a_run_to_the_requested_accessions(shared_edgar, edgar_mirror, tmp_path, accession_count):
    expected = sorted(manifest_filings(shared_edgar, DATE))
    chosen = expected[:accession_count]
    database_url = f"sqlite:///{tmp_path / 'app.db'}"
    result = materialize_partition(DATE, resources(edgar_mirror, database_url, tmp_path), accessions=chosen)
    assert result.success
    store = Store(database_url)
    assert [f["accession_no"] for f in store.get_filings(filing_date=date.fromisoformat(DATE))] == chosen
    store.dispose()
