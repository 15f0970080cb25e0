"""sec_pipeline.quality: expectation suites, gold-set accuracy, gate thresholds and alerts (no dagster).

Entry points for the Dagster layer:
  suites.run_all(filings, sections, signals, *, companyfacts_lookup=None) -> outcomes.ValidationReport
  gold.section_accuracy / gold.model_accuracy -> gold.AccuracyResult
  thresholds.Thresholds (built by sec_pipeline.config); alerts.post_alert(url, alerts.AlertMessage(...))
  flows.reference_data.stored_companyfacts_lookup(blobs) gives the cross-checks' companyfacts_lookup
Great Expectations is imported lazily inside quality.gx_runner.
"""
