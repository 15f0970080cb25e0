"""Run config of the partitioned assets: an optional subset of the partition's filings, the same for each asset."""

import dagster as dg


class FilingSelection(dg.Config):
    """Limit a run to some filings of the partition (empty lists mean: all configured filings)."""

    accessions: list[str] = []
    ciks: list[str] = []
    forms: list[str] = []


PARTITIONED_ASSETS = ("raw_filings", "parsed_sections", "extracted_signals", "signal_validations", "published_signals")
# The assets that accept a FilingSelection (validation and publication always cover the whole partition).
SELECTABLE_ASSETS = ("raw_filings", "parsed_sections", "extracted_signals")


def selection_run_config(accessions=(), ciks=(), forms=()) -> dict:
    """Run config that passes the same selection to every partitioned asset of a run."""
    config = {"accessions": list(accessions), "ciks": list(ciks), "forms": list(forms)}
    return {"ops": {name: {"config": dict(config)} for name in SELECTABLE_ASSETS}}
