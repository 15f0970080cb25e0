"""`sec-pipeline run --date D`: every partitioned asset for one filing date, on the configured store."""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date

from sec_pipeline.config import PipelineConfig
from sec_pipeline.store.engine import redact_url


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `run` subcommand."""
    parser = subparsers.add_parser("run", help="materialize every asset for one filing date")
    parser.add_argument("--date", required=True, type=date.fromisoformat, help="filing date, YYYY-MM-DD")
    parser.add_argument("--forms", nargs="*", default=[], help="forms to keep (default: SEC_PIPELINE_FORMS)")
    parser.add_argument("--cik", nargs="*", default=[], help="only these companies")
    parser.add_argument("--accession", nargs="*", default=[], help="only these filings")
    parser.add_argument("--mirror", help="serve this folder as EDGAR on loopback (air-gapped runs, demos)")
    parser.add_argument("--verbose", action="store_true",
                        help="Dagster's event log instead of one line per step")
    parser.set_defaults(handler=run_command, needs_config=True)


def check_arguments(args: argparse.Namespace, config: PipelineConfig) -> None:
    """ValueError (one line) for what no run can use: a --date outside the partitions, a malformed --cik or
    DATABASE_URL. Checked before the run starts, so such errors never reach the retry policies."""
    from sec_pipeline.defs.partitions import check_partition_date
    from sec_pipeline.store.engine import normalize_url
    from sec_pipeline.vocabulary import normalize_cik

    check_partition_date(args.date)
    for cik in args.cik:
        normalize_cik(cik)
    normalize_url(config.database_url)


def run_command(args: argparse.Namespace, config: PipelineConfig) -> int:
    """Run the daily job for --date in this process, one line per step (Dagster's event log with --verbose),
    then a summary; 2 for unusable arguments."""
    from sec_pipeline.commands._progress import quiet
    from sec_pipeline.commands._runtime import dagster_instance, daily_job, optional_mirror
    from sec_pipeline.defs.selection import selection_run_config
    from sec_pipeline.shutdown import stops_cleanly

    try:
        check_arguments(args, config)
    except ValueError as exc:
        print(f"sec-pipeline run: {redact_url(str(exc))}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    with stops_cleanly("sec-pipeline run"), optional_mirror(config, args.mirror) as served:
        job = daily_job(served)
        run_config = selection_run_config(args.accession, args.cik, args.forms)
        if not args.verbose:
            job, run_config = quiet(job, run_config)
        print(f"sec-pipeline: running {job.name} for {args.date} on {redact_url(served.database_url)}", flush=True)
        result = job.execute_in_process(
            partition_key=args.date.isoformat(),
            run_config=run_config,
            instance=dagster_instance(served),
            raise_on_error=False,
        )
    print_summary(config, args.date)
    print(f"{'succeeded' if result.success else 'FAILED'} in {time.perf_counter() - started:.1f} s")
    return 0 if result.success else 1


def print_summary(config: PipelineConfig, day: date) -> None:
    """Counts of the day's filings (per form and status), sections, signals and validations."""
    from collections import Counter

    from sec_pipeline.factories import open_store

    store = open_store(config.database_url, None, migrate=False)
    try:
        filings = store.get_filings(filing_date=day)
        by_form = Counter(f"{f['form_type']} {f['status']}" for f in filings)
        kinds = ", ".join(f"{count} {kind}" for kind, count in sorted(by_form.items()))
        print(f"filings of {day}: {len(filings)}" + (f" ({kinds})" if filings else ""))
        accessions = [f["accession_no"] for f in filings]
        if accessions:
            sections = store.get_sections(accessions, with_text=False)
            print(f"sections: {len(sections)}")
            staged = store.get_staged_signals(filing_date=day)
            published = store.get_signals(filing_date=day)
            families = Counter(s["family"] for s in published)
            print(f"signals: {len(staged)} staged, {len(published)} published {dict(sorted(families.items()))}")
            validations = store.get_validations(day.isoformat())
            if validations:
                passed = sum(1 for v in validations if v["passed"])
                print(f"validations: {passed} of {len(validations)} expectations passed")
    finally:
        store.dispose()
    sys.stdout.flush()
