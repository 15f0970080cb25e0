"""The Dagster layer, one folder per concept, loaded by `sec_pipeline.definitions` (`dg.load_from_defs_folder`).

filings/ (raw_filings, parsed_sections), models/ (sentiment_model), signals/ (extracted_signals), quality/
(signal_validations, published_signals, the failure alert sensor), automation/ (the daily job, its schedule,
the new-filings sensor). resources.py holds every resource and execution.py the executor, both built from the
`PipelineConfig` that `location.py` hands to the folder while it loads.
"""
