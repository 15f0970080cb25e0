"""The daily filings job: every partitioned asset for one filing date."""

from __future__ import annotations

import dagster as dg

from sec_pipeline.defs.automation.freshness import published_by_morning
from sec_pipeline.defs.selection import PARTITIONED_ASSETS

daily_filings_job = dg.define_asset_job(
    name="daily_filings_job",
    # the partitioned assets with their per-date checks; freshness is judged by its own schedule, not per date
    selection=dg.AssetSelection.assets(*PARTITIONED_ASSETS) - dg.AssetSelection.checks(published_by_morning),
    description="raw_filings -> parsed_sections -> extracted_signals -> signal_validations for one filing date.",
)
