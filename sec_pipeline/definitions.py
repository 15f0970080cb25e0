"""The Definitions object: assets, checks, jobs, schedules, sensors and resources of sec_pipeline."""

import dagster as dg

from sec_pipeline.defs.alerting import failure_alert_sensor
from sec_pipeline.defs.assets_filings import parsed_sections, raw_filings
from sec_pipeline.defs.assets_signals import (
    extracted_signals,
    published_signals,
    sentiment_model,
    signal_validations,
)
from sec_pipeline.defs.company import process_company_job
from sec_pipeline.defs.jobs import daily_filings_job, executor_from_env
from sec_pipeline.defs.resources import default_resources
from sec_pipeline.defs.schedules import daily_filings_schedule
from sec_pipeline.defs.sensors import new_filings_sensor


def build_definitions() -> dg.Definitions:
    """Definitions with resources configured from the environment as it is now."""
    return dg.Definitions(
        assets=[raw_filings, parsed_sections, sentiment_model, extracted_signals, signal_validations, published_signals],
        jobs=[daily_filings_job, process_company_job],
        schedules=[daily_filings_schedule],
        sensors=[new_filings_sensor, failure_alert_sensor],
        resources=default_resources(),
        executor=executor_from_env(),
    )


defs = build_definitions()
