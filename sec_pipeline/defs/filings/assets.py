"""raw_filings and parsed_sections: EDGAR filings of a day, downloaded, then split into Items."""

import dagster as dg

from sec_pipeline.defs.constants import EDGAR_POOL, OWNERS
from sec_pipeline.defs.partitions import PER_DATE, daily_partitions, partition_day, partitioned_check
from sec_pipeline.defs.quality.checks import warn_result
from sec_pipeline.defs.resources import EdgarResource, SettingsResource, StoreResource
from sec_pipeline.defs.selection import FilingSelection
from sec_pipeline.defs.storage import BLOBS, DATABASE, row_counts, table_metadata
from sec_pipeline.defs.user_errors import fail_without_retry, stop_without_retry
from sec_pipeline.vocabulary import normalize_cik

NETWORK_RETRY = dg.RetryPolicy(max_retries=3, delay=30, backoff=dg.Backoff.EXPONENTIAL, jitter=dg.Jitter.PLUS_MINUS)


@dg.asset(
    partitions_def=daily_partitions,
    group_name="filings",
    kinds={"python", DATABASE, BLOBS},
    owners=OWNERS,
    code_version="1",
    metadata=table_metadata("filings"),
    pool=EDGAR_POOL,
    retry_policy=NETWORK_RETRY,
    backfill_policy=PER_DATE,
    check_specs=[
        partitioned_check("completeness", "raw_filings",
                          "filings stored equal the daily index's filings of the configured forms (WARN)"),
    ],
)
def raw_filings(
    context: dg.AssetExecutionContext,
    config: FilingSelection,
    edgar: EdgarResource,
    store: StoreResource,
    settings: SettingsResource,
) -> dg.MaterializeResult:
    """The day's 10-K, 10-Q and 8-K filings (and amendments) from EDGAR's daily index.

    Each filing's full submission is downloaded once (declared User-Agent, shared rate limit, retries),
    kept in the blob store and recorded in `filings` with its SEC header fields and a status. A filing
    that fails is recorded with its error; the stage_failures gate of signal_validations fails the partition
    when more than the allowed share of its filings failed.
    A malformed CIK or DATABASE_URL fails the step at once, without the network retries.
    """
    from sec_pipeline.flows.ingest import ingest_partition

    with fail_without_retry("raw_filings cannot start"):  # user errors: retrying cannot fix them
        ciks = [normalize_cik(cik) for cik in config.ciks or settings.ciks]
        app_store = store.get_store()
    with stop_without_retry("raw_filings"):  # SIGTERM/SIGINT: stop now, not a network retry minutes later
        report = ingest_partition(
            edgar.get_client(),
            app_store,
            store.get_blobs(),
            partition_day(context),
            forms=config.forms or settings.forms,
            ciks=ciks,
            accessions=config.accessions,
            log=context.log.info,
        )
    stored = report.downloaded + report.skipped_existing
    return dg.MaterializeResult(
        metadata={
            **row_counts(app_store, "filings", stored),
            "filings": dg.MetadataValue.int(stored),
            "in_daily_index": dg.MetadataValue.int(report.in_index),
            "selected": dg.MetadataValue.int(report.selected),
            "downloaded": dg.MetadataValue.int(report.downloaded),
            "already_stored": dg.MetadataValue.int(report.skipped_existing),
            "failures": dg.MetadataValue.int(report.failed),
            "bytes": dg.MetadataValue.int(report.bytes),
            "requests": dg.MetadataValue.int(report.requests),
            "throttled_answers": dg.MetadataValue.int(report.throttled),
            "retries": dg.MetadataValue.int(report.retries),
            "http_429_answers": dg.MetadataValue.int(report.answers_429),
            "http_403_answers": dg.MetadataValue.int(report.answers_403),
            "companyfacts_fetched": dg.MetadataValue.int(report.reference.fetched),
            "companyfacts_reused": dg.MetadataValue.int(report.reference.reused),
            "companyfacts_errors": dg.MetadataValue.json(report.reference.errors),
            "seconds": dg.MetadataValue.float(round(report.seconds, 3)),
            "filings_by_form": dg.MetadataValue.json(dict(report.by_form)),
            "errors": dg.MetadataValue.json(dict(list(report.errors.items())[:20])),
        },
        check_results=[
            warn_result("completeness", filings=report.selected, passed=stored == report.selected,
                        observed=stored / report.selected if report.selected else 1.0, threshold=1.0,
                        description=f"{stored} of {report.selected} selected filings stored"),
        ],
    )


@dg.asset(
    partitions_def=daily_partitions,
    deps=[raw_filings],
    group_name="filings",
    kinds={"python", DATABASE, BLOBS},
    owners=OWNERS,
    code_version="1",
    metadata=table_metadata("sections"),
    backfill_policy=PER_DATE,
)
def parsed_sections(
    context: dg.AssetExecutionContext,
    config: FilingSelection,
    store: StoreResource,
) -> dg.MaterializeResult:
    """Each filing split into its Items (10-K 1-16, 10-Q Part I/II items, 8-K 1.01-9.01 and EX-99 exhibits).

    Sections carry title, offsets, confidence and warnings; 8-K items found are compared with the
    items the filer declared. A filing that cannot be parsed is marked parse_failed; the rest go on.
    """
    from sec_pipeline.flows.sectioning import parse_partition

    app_store = store.get_store()
    report = parse_partition(
        app_store, store.get_blobs(), partition_day(context),
        accessions=config.accessions or None, ciks=config.ciks, log=context.log.info,
    )
    agreement = report.eight_k_agreement
    return dg.MaterializeResult(
        metadata={
            **row_counts(app_store, "sections", report.sections),
            "filings": dg.MetadataValue.int(report.filings),
            "parsed": dg.MetadataValue.int(report.parsed),
            "parse_failures": dg.MetadataValue.int(report.failed),
            "sections": dg.MetadataValue.int(report.sections),
            "sections_by_form": dg.MetadataValue.json(dict(report.sections_by_form)),
            "filings_missing_required_items": dg.MetadataValue.int(len(report.missing_required)),
            "mean_confidence": dg.MetadataValue.float(round(report.mean_confidence, 4)),
            "8k_agreement_rate": dg.MetadataValue.float(agreement if agreement is not None else float("nan")),
            "parse_seconds_per_mb": dg.MetadataValue.float(round(report.seconds_per_mb, 4)),
            "errors": dg.MetadataValue.json(dict(list(report.errors.items())[:20])),
        }
    )
