"""sentiment_model, extracted_signals, signal_validations and published_signals."""

import tempfile
from pathlib import Path

import dagster as dg

from sec_pipeline.defs.assets_filings import parsed_sections
from sec_pipeline.defs.config import FilingSelection
from sec_pipeline.defs.constants import GPU_K8S_CONFIG, OWNERS
from sec_pipeline.defs.partitions import PER_DATE, daily_partitions, partition_day
from sec_pipeline.defs.resources import BlobStoreResource, EdgarResource, ModelsResource, StoreResource


@dg.asset(
    group_name="models",
    kinds={"pytorch", "python"},
    owners=OWNERS,
    op_tags=GPU_K8S_CONFIG,
)
def sentiment_model(
    context: dg.AssetExecutionContext, models: ModelsResource, store: StoreResource, blobs: BlobStoreResource
) -> dg.MaterializeResult:
    """The fast-tier sentence sentiment model the pipeline trains itself.

    Fine-tunes the packaged MiniLM encoder on Financial PhraseBank (`sentence@label` files in
    SEC_PIPELINE_PHRASEBANK_DIR), never on the held-out sentences, keeps a versioned copy in the blob store
    and reports held-out accuracy and macro-F1. extracted_signals uses the latest version.
    """
    from sec_pipeline.flows.models import publish_trained_model
    from sec_pipeline.signals.training import train_sentiment_model

    if not models.phrasebank_dir:
        raise ValueError(
            "sentiment_model needs labeled sentences: set SEC_PIPELINE_PHRASEBANK_DIR to a Financial "
            "PhraseBank folder (files Sentences_*Agree.txt, lines 'sentence@label')"
        )
    with tempfile.TemporaryDirectory() as out:
        report = train_sentiment_model(models.phrasebank_dir, Path(out) / "model",
                                       base_model=models.base_model or None, epochs=models.train_epochs,
                                       log=context.log.info)
        blob_store = blobs.get_blobs()
        uri = publish_trained_model(store.get_store(blob_store), blob_store, report)
    metadata = {"version": dg.MetadataValue.text(report.version), "uri": dg.MetadataValue.text(uri)}
    for name, value in _flatten(report.metrics).items():
        if isinstance(value, (int, float)):
            metadata[name] = dg.MetadataValue.float(float(value))
    return dg.MaterializeResult(metadata=metadata)


def _flatten(metrics: dict, prefix: str = "") -> dict:
    flat = {}
    for key, value in metrics.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


@dg.asset(
    partitions_def=daily_partitions,
    deps=[parsed_sections, sentiment_model],
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
    blobs: BlobStoreResource,
) -> dg.MaterializeResult:
    """Signals of every parsed filing, staged for validation.

    Loughran-McDonald tone and readability per section; sentence sentiment over MD&A, risk factors and 8-K
    press releases, routed by text complexity between the accurate transformer and the fast self-trained
    model; 8-K item events and text events (going concern, material weakness, restatement, cyber incident,
    officer changes...) with quoted evidence; year-over-year risk-factor and MD&A similarity; XBRL
    financials. Runs on a GPU pod under the k8s executor.
    """
    from sec_pipeline.flows.extraction import extract_partition
    from sec_pipeline.flows.models import load_extractors
    from sec_pipeline.quality.thresholds import Thresholds

    blob_store = blobs.get_blobs()
    app_store = store.get_store(blob_store)
    extractors = load_extractors(
        app_store, blob_store,
        accurate_model=models.accurate_model, cache_dir=models.cache_dir, offline=models.offline,
        batch_size=models.batch_size, threshold=models.complexity_threshold_high, embeddings=models.embeddings,
        usd_per_gpu_hour=models.usd_per_gpu_hour, usd_per_cpu_hour=models.usd_per_cpu_hour,
        log=context.log.warning,
    )
    report = extract_partition(app_store, blob_store, partition_day(context), extractors,
                               accessions=config.accessions or None, ciks=config.ciks, log=context.log.info)
    thresholds = Thresholds.from_env()
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


@dg.asset(
    partitions_def=daily_partitions,
    deps=[extracted_signals],
    group_name="quality",
    kinds={"great_expectations", "python"},
    owners=OWNERS,
    backfill_policy=PER_DATE,
    check_specs=[
        dg.AssetCheckSpec("extraction_accuracy", asset="signal_validations", blocking=True,
                          description="section accuracy vs EDGAR's labels and model held-out accuracy >= threshold"),
        dg.AssetCheckSpec("validation_pass_rate", asset="signal_validations", blocking=True,
                          description="share of passed expectations >= threshold"),
    ],
)
def signal_validations(
    context: dg.AssetExecutionContext,
    models: ModelsResource,
    store: StoreResource,
    blobs: BlobStoreResource,
    edgar: EdgarResource,
) -> dg.MaterializeResult:
    """Great Expectations suites over the partition's sections, staged signals and financials.

    One row per expectation and scope in `validations`; Data Docs in the blob store. Two blocking gates:
    extraction accuracy (>= 95% by default) and validation pass rate (>= 90%); when either fails,
    published_signals does not run and the previous published state stays.
    """
    from sec_pipeline.flows.validation import validate_partition
    from sec_pipeline.quality.companyfacts import make_companyfacts_lookup
    from sec_pipeline.quality.gold import predict_fn_for
    from sec_pipeline.quality.thresholds import Thresholds
    from sec_pipeline.signals.sentiment import SentimentModel

    def load_predict(model: str):
        return predict_fn_for(SentimentModel.load(model, cache_dir=models.cache_dir, offline=models.offline))

    blob_store = blobs.get_blobs()
    lookup = make_companyfacts_lookup(edgar.get_client().get_json) if edgar.user_agent else None
    run = validate_partition(
        store.get_store(blob_store), blob_store, partition_day(context),
        thresholds=Thresholds.from_env(), gold_path=models.phrasebank_dir,
        cache_dir=Path(models.cache_dir).expanduser() / "accuracy", load_predict=load_predict,
        companyfacts_lookup=lookup, run_id=context.run_id,
    )
    report = run.report
    return dg.MaterializeResult(
        metadata={
            "pass_rate": dg.MetadataValue.float(round(report.pass_rate, 4)),
            "expectations": dg.MetadataValue.int(len(report.outcomes)),
            "failures_by_expectation": dg.MetadataValue.json(report.failures_by_expectation),
            "worst_filings": dg.MetadataValue.md(report.worst_filings_markdown() or "none"),
            "data_docs": dg.MetadataValue.text(run.data_docs_uri or "not built"),
            "filings": dg.MetadataValue.int(run.filings),
            "staged_signals": dg.MetadataValue.int(run.signals),
        },
        check_results=[
            dg.AssetCheckResult(
                check_name=gate.name,
                passed=gate.passed,
                severity=dg.AssetCheckSeverity.ERROR,
                description=gate.message,
                metadata={
                    "observed_value": float("nan") if gate.observed is None else gate.observed,
                    "threshold": gate.threshold,
                    "details": dg.MetadataValue.json(gate.details),
                },
            )
            for gate in run.gates
        ],
    )


@dg.asset(
    partitions_def=daily_partitions,
    deps=[signal_validations],
    group_name="quality",
    kinds={"python"},
    owners=OWNERS,
    backfill_policy=PER_DATE,
)
def published_signals(
    context: dg.AssetExecutionContext, store: StoreResource, blobs: BlobStoreResource
) -> dg.MaterializeResult:
    """The partition's signals as users query them (`signals` table), published only after every gate
    on signal_validations passed. A failed gate stops this step, so the previous published state stays."""
    from sec_pipeline.flows.validation import publish_partition

    published = publish_partition(store.get_store(blobs.get_blobs()), partition_day(context))
    return dg.MaterializeResult(metadata={"published_signals": dg.MetadataValue.int(published)})
