"""signal_validations (the write-audit-publish gates) and published_signals."""

from pathlib import Path

import dagster as dg

from sec_pipeline.defs.constants import OWNERS
from sec_pipeline.defs.partitions import PER_DATE, daily_partitions, partition_day, partitioned_check
from sec_pipeline.defs.quality.checks import gate_result
from sec_pipeline.defs.resources import ModelsResource, SettingsResource, StoreResource
from sec_pipeline.defs.signals.assets import extracted_signals
from sec_pipeline.defs.storage import BLOBS, DATABASE, row_counts, table_metadata


@dg.asset(
    partitions_def=daily_partitions,
    deps=[extracted_signals],
    group_name="quality",
    kinds={"great_expectations", "python", DATABASE, BLOBS},
    owners=OWNERS,
    code_version="1",
    metadata=table_metadata("validations"),
    backfill_policy=PER_DATE,
    check_specs=[
        partitioned_check("extraction_accuracy", "signal_validations",
                          "section accuracy vs EDGAR's labels and model held-out accuracy >= threshold", blocking=True),
        partitioned_check("validation_pass_rate", "signal_validations",
                          "share of passed expectations >= threshold", blocking=True),
        partitioned_check("stage_failures", "signal_validations",
                          "share of filings that failed download, parsing or extraction <= "
                          "SEC_PIPELINE_MAX_FAILURE_SHARE, and signals produced when filings exist", blocking=True),
    ],
)
def signal_validations(
    context: dg.AssetExecutionContext,
    models: ModelsResource,
    store: StoreResource,
    settings: SettingsResource,
) -> dg.MaterializeResult:
    """Great Expectations suites over the partition's sections, staged signals and financials.

    One row per expectation and scope in `validations`; Data Docs in the blob store. Three blocking gates:
    extraction accuracy (>= 95% by default), validation pass rate (>= 90%) and stage failures (at most
    SEC_PIPELINE_MAX_FAILURE_SHARE of the filings failed any stage, and filings produced signals); when one
    fails, published_signals does not run and the previous published state stays.
    """
    from sec_pipeline.flows.reference_data import stored_companyfacts_lookup
    from sec_pipeline.flows.validation import validate_partition
    from sec_pipeline.quality.gold import predict_fn_for
    from sec_pipeline.signals.sentiment import SentimentModel

    def load_predict(model: str):
        return predict_fn_for(SentimentModel.load(model, cache_dir=models.cache_dir, offline=models.offline))

    lookup = stored_companyfacts_lookup(store.get_blobs())
    app_store = store.get_store()
    run = validate_partition(
        app_store, store.get_blobs(), partition_day(context),
        thresholds=settings.thresholds(), gold_path=models.phrasebank_dir,
        cache_dir=Path(models.cache_dir).expanduser() / "accuracy", load_predict=load_predict,
        companyfacts_lookup=lookup, max_failure_share=settings.max_failure_share, run_id=context.run_id,
    )
    report = run.report
    return dg.MaterializeResult(
        metadata={
            **row_counts(app_store, "validations", len(report.outcomes)),
            "pass_rate": dg.MetadataValue.float(round(report.pass_rate, 4)),
            "expectations": dg.MetadataValue.int(len(report.outcomes)),
            "failures_by_expectation": dg.MetadataValue.json(report.failures_by_expectation),
            "worst_filings": dg.MetadataValue.md(report.worst_filings_markdown() or "none"),
            "data_docs": (dg.MetadataValue.url(run.data_docs_uri) if run.data_docs_uri
                          else dg.MetadataValue.text("not built")),
            "filings": dg.MetadataValue.int(run.filings),
            "staged_signals": dg.MetadataValue.int(run.signals),
        },
        check_results=[gate_result(gate, run.filings) for gate in run.gates],
    )


@dg.asset(
    partitions_def=daily_partitions,
    deps=[signal_validations],
    group_name="quality",
    kinds={"python", DATABASE},
    owners=OWNERS,
    code_version="1",
    metadata=table_metadata("signals"),
    backfill_policy=PER_DATE,
)
def published_signals(context: dg.AssetExecutionContext, store: StoreResource) -> dg.MaterializeResult:
    """The partition's signals as users query them (`signals` table; `sec-pipeline signals`), published only
    after every gate on signal_validations passed. A failed gate stops this step, so the previous published
    state stays. Its metadata previews the day's notable signals (events first, then the most changed
    sections year over year)."""
    from sec_pipeline.flows.preview import notable_signals_markdown
    from sec_pipeline.flows.validation import publish_partition

    app_store, day = store.get_store(), partition_day(context)
    published = publish_partition(app_store, day)
    return dg.MaterializeResult(metadata={
        **row_counts(app_store, "signals", published, superseded_at=None),
        "published_signals": dg.MetadataValue.int(published),
        "notable_signals": dg.MetadataValue.md(notable_signals_markdown(app_store, day)),
    })
