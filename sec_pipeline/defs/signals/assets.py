"""extracted_signals: tone, sentiment, events, year-over-year changes and XBRL financials, staged for the gates."""

from pathlib import Path

import dagster as dg

from sec_pipeline.defs.constants import GPU_K8S_CONFIG, OWNERS
from sec_pipeline.defs.filings.assets import parsed_sections
from sec_pipeline.defs.models.assets import model_metadata, sentiment_model
from sec_pipeline.defs.models.event_model import event_model
from sec_pipeline.defs.partitions import PER_DATE, daily_partitions, partition_day, partitioned_check
from sec_pipeline.defs.quality.checks import warn_result
from sec_pipeline.defs.resources import ModelsResource, SettingsResource, StoreResource
from sec_pipeline.defs.selection import FilingSelection
from sec_pipeline.defs.storage import DATABASE, row_counts, table_metadata


@dg.asset(
    partitions_def=daily_partitions,
    deps=[parsed_sections, sentiment_model, event_model],
    group_name="signals",
    kinds={"pytorch", "python", DATABASE},
    owners=OWNERS,
    code_version="1",
    metadata=table_metadata("staged_signals"),
    op_tags=GPU_K8S_CONFIG,
    backfill_policy=PER_DATE,
    check_specs=[
        partitioned_check("p95_inference_seconds", "extracted_signals",
                          "p95 inference seconds per filing under the threshold (WARN)"),
        partitioned_check("cost_per_filing", "extracted_signals",
                          "estimated cost per filing under the threshold (WARN)"),
    ],
)
def extracted_signals(
    context: dg.AssetExecutionContext,
    config: FilingSelection,
    models: ModelsResource,
    store: StoreResource,
    settings: SettingsResource,
) -> dg.MaterializeResult:
    """Signals of every parsed filing, staged for validation.

    Loughran-McDonald tone and readability per section; sentence sentiment over MD&A, risk factors and 8-K
    press releases, routed by text complexity between the accurate transformer and the fast self-trained
    model; 8-K item events and text events (going concern, material weakness, restatement, cyber incident,
    officer changes...) by the latest event_model (trained once here when none is stored), each asserting
    sentence quoted; year-over-year risk-factor and MD&A similarity; XBRL
    financials. Runs on a GPU pod under the k8s executor. A filing that fails extraction keeps its status, with
    its error recorded (the next run retries it); the errors are in the metadata, and the blocking
    stage_failures gate of signal_validations fails the partition when too many filings failed.
    """
    from sec_pipeline.flows.event_model import ensure_event_detector
    from sec_pipeline.flows.extraction import extract_partition
    from sec_pipeline.flows.models import ensure_self_trained, load_extractors

    app_store, blob_store = store.get_store(), store.get_blobs()
    if not models.lexicon_sentiment:
        version, trained = ensure_self_trained(app_store, blob_store, models.settings(), log=context.log.info)
        if trained is not None:  # trained here, once: sentiment_model counts as materialized
            context.log_event(dg.AssetMaterialization(
                asset_key=sentiment_model.key, description="trained by extracted_signals (no version existed)",
                metadata=model_metadata(version["version"], version["uri"], trained.metrics)))
    extractors = load_extractors(
        app_store, blob_store,
        accurate_model=models.accurate_model, cache_dir=models.cache_dir, offline=models.offline,
        batch_size=models.batch_size, threshold=models.complexity_threshold_high,
        lexicon_sentiment=models.lexicon_sentiment, embeddings=models.embeddings,
        usd_per_gpu_hour=models.usd_per_gpu_hour, usd_per_cpu_hour=models.usd_per_cpu_hour,
        log=context.log.warning,
    )
    extractors.events = ensure_event_detector(app_store, blob_store, Path(models.cache_dir).expanduser(),
                                              models.event_training(), log=context.log.info)
    report = extract_partition(app_store, blob_store, partition_day(context), extractors,
                               accessions=config.accessions or None, ciks=config.ciks, log=context.log.info)
    thresholds = settings.thresholds()
    return dg.MaterializeResult(
        metadata={
            **row_counts(app_store, "staged_signals", report.signals),
            "filings": dg.MetadataValue.int(report.filings),
            "extracted": dg.MetadataValue.int(report.extracted),
            "failures": dg.MetadataValue.int(report.failed),
            "signals": dg.MetadataValue.int(report.signals),
            "signals_by_family": dg.MetadataValue.json(dict(report.by_family)),
            "tier_shares": dg.MetadataValue.json(report.tier_shares),
            "p95_inference_seconds_per_filing": dg.MetadataValue.float(round(report.p95_seconds, 4)),
            "cost_per_filing_usd": dg.MetadataValue.float(report.mean_cost),
            "device": dg.MetadataValue.text(extractors.device),
            "sentiment_models": dg.MetadataValue.json(extractors.router.models_in_use()),
            "errors": dg.MetadataValue.json(dict(list(report.errors.items())[:20])),
        },
        check_results=[
            warn_result("p95_inference_seconds", filings=report.extracted, observed=report.p95_seconds,
                        passed=report.p95_seconds < thresholds.p95_latency_s, threshold=thresholds.p95_latency_s),
            warn_result("cost_per_filing", filings=report.extracted, observed=report.mean_cost,
                        passed=report.mean_cost < thresholds.cost_per_filing_usd,
                        threshold=thresholds.cost_per_filing_usd),
        ],
    )
