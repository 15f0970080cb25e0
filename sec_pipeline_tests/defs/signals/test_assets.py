"""extracted_signals: a filing that fails extraction is recorded (error on its row, in the metadata), never fails
the step; the stage_failures gate of signal_validations judges the partition (defs/quality tests)."""

from __future__ import annotations

from sec_pipeline.defs.signals.assets import extracted_signals
from sec_pipeline.store.store import Store
from sec_pipeline_tests.defs.pipeline_helpers import materialize_partition, resources

DATE = "1999-09-28"  # a 10-K and an 8-K


def test_an_extraction_failure_is_recorded_and_the_step_goes_on(eight_k_fails, edgar_mirror, tmp_path):
    database_url = f"sqlite:///{tmp_path / 'app.db'}"
    result = materialize_partition(DATE, resources(edgar_mirror, database_url, tmp_path))
    meta = next(m.metadata for m in result.asset_materializations_for_node("extracted_signals")
                if m.asset_key == extracted_signals.key)  # (the first run also records the model it trained)
    assert (meta["filings"].value, meta["extracted"].value, meta["failures"].value) == (2, 1, 1)
    assert list(meta["errors"].value.values()) == ["LookupError: previous-year filing not found"]
    store = Store(database_url)
    try:
        rows = {f["form_type"][:3]: f for f in store.get_filings(filing_date=DATE)}
        assert (rows["8-K"]["status"], rows["8-K"]["error"]) == ("parsed", "LookupError: previous-year filing not found")
        assert (rows["10-"]["status"], rows["10-"]["error"]) == ("extracted", None)
    finally:
        store.dispose()
