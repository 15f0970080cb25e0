"""extracted_signals: tone, sentiment, events, year-over-year changes and XBRL financials, staged for the gates."""

from pathlib import Path

import dagster as dg

from sec_pipeline.defs.constants import GPU_K8S_CONFIG, OWNERS
from sec_pipeline.defs.filings.assets import parsed_sections
from sec_pipeline.defs.models.assets import sentiment_model
from sec_pipeline.defs.models.event_model import event_model
from sec_pipeline.defs.partitions import PER_DATE, daily_partitions, partition_day
from sec_pipeline.defs.resources import ModelsResource, SettingsResource, StoreResource
from sec_pipeline.defs.selection import FilingSelection


@dg.asset(
    partitions_def=daily_partitions,
    deps=[parsed_sections, sentiment_model, event_model],
    group_name="signals",
    kinds={"pytorch", "python"},
    owners=OWNERS,
    op_tags=GPU_K8S_CONFIG,
    backfill_policy=PER_DATE,
    check_specs=[
        dg.AssetCheckSpec("p95_inference_seconds", asset="extracted_signals",
                          description="p95 inference seconds per filing under the threshold (WARN)"),
        dg.AssetCheckSpec("cost_per_filing", asset="extracted_signals",
                          description="estimated cost per filing under the threshold (WARN)"),
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
    financials. Runs on a GPU pod under the k8s executor. A filing that fails extraction keeps its status (the
    next run retries it); the step fails, with the errors in its metadata, when more than
    SEC_PIPELINE_MAX_FAILURE_SHARE of the filings failed, as raw_filings does for downloads.
    """
    from sec_pipeline.flows.event_model import ensure_event_detector
    from sec_pipeline.flows.extraction import extract_partition
    from sec_pipeline.flows.failure_share import TooManyFailures, check_failure_share
    from sec_pipeline.flows.models import load_extractors

    app_store, blob_store = store.get_store(), store.get_blobs()
    extractors = load_extractors(
        app_store, blob_store,
        accurate_model=models.accurate_model, cache_dir=models.cache_dir, offline=models.offline,
        batch_size=models.batch_size, threshold=models.complexity_threshold_high, embeddings=models.embeddings,
        usd_per_gpu_hour=models.usd_per_gpu_hour, usd_per_cpu_hour=models.usd_per_cpu_hour,
        log=context.log.warning,
    )
    extractors.events = ensure_event_detector(app_store, blob_store, Path(models.cache_dir).expanduser(),
                                              models.event_training(), log=context.log.info)
    report = extract_partition(app_store, blob_store, partition_day(context), extractors,
                               accessions=config.accessions or None, ciks=config.ciks, log=context.log.info)
    try:
        check_failure_share("extraction", report.filing_date, report.failed, report.filings,
                            settings.max_failure_share, report.errors)
    except TooManyFailures as exc:
        raise dg.Failure(description=str(exc), metadata={
            "filings": dg.MetadataValue.int(report.filings),
            "failures": dg.MetadataValue.int(report.failed),
            "max_failure_share": dg.MetadataValue.float(settings.max_failure_share),
            "errors": dg.MetadataValue.json(dict(list(exc.errors.items())[:20])),
        }) from exc
    thresholds = settings.thresholds()
    return dg.MaterializeResult(
        metadata={
            "filings": dg.MetadataValue.int(report.filings),
            "extracted": dg.MetadataValue.int(report.extracted),
            "failures": dg.MetadataValue.int(report.failed),
            "signals": dg.MetadataValue.int(report.signals),
            "signals_by_family": dg.MetadataValue.json(dict(report.by_family)),
            "tier_shares": dg.MetadataValue.json(report.tier_shares),
            "p95_inference_seconds_per_filing": dg.MetadataValue.float(round(report.p95_seconds, 4)),
            "cost_per_filing_usd": dg.MetadataValue.float(report.mean_cost),
            "device": dg.MetadataValue.text(extractors.device),
            "errors": dg.MetadataValue.json(dict(list(report.errors.items())[:20])),
        },
        check_results=[
            dg.AssetCheckResult(
                check_name="p95_inference_seconds",
                passed=report.p95_seconds < thresholds.p95_latency_s,
                severity=dg.AssetCheckSeverity.WARN,
                metadata={"observed_value": report.p95_seconds, "threshold": thresholds.p95_latency_s},
            ),
            dg.AssetCheckResult(
                check_name="cost_per_filing",
                passed=report.mean_cost < thresholds.cost_per_filing_usd,
                severity=dg.AssetCheckSeverity.WARN,
                metadata={"observed_value": report.mean_cost, "threshold": thresholds.cost_per_filing_usd},
            ),
        ],
    )
