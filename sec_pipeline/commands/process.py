"""`sec-pipeline process --cik C --form F [--limit N]`: one company's filings, on demand.

The company's latest filings of the form are found in its submissions JSON; then, per filing date, the daily
job runs in this process for just those accessions (like `run`), on the configured Dagster instance.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sec_pipeline.config import PipelineConfig

if TYPE_CHECKING:
    import dagster as dg


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `process` subcommand."""
    parser = subparsers.add_parser("process", help="process one company's filings of a form")
    parser.add_argument("--cik", required=True, help="company CIK, e.g. 0000789019")
    parser.add_argument("--form", default="10-K", help="form type (default 10-K)")
    parser.add_argument("--limit", type=_positive, default=4, help="latest N filings (default 4)")
    parser.add_argument("--mirror", help="serve this folder as EDGAR on loopback")
    parser.set_defaults(handler=process_command, needs_config=True)


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value}: process at least one filing")
    return value


def filings_by_date(client, cik: str, form_type: str, limit: int) -> dict[str, list[str]]:
    """{filing date: [accessions]} of the company's latest `limit` filings of `form_type` (submissions JSON)."""
    from sec_pipeline.edgar.submissions import company_filings

    grouped: dict[str, list[str]] = defaultdict(list)
    for ref in company_filings(client, cik, forms=[form_type], limit=limit):
        grouped[ref.filing_date].append(ref.accession_no)
    return dict(sorted(grouped.items()))


@dataclass(frozen=True)
class DateRun:
    """One run of the daily job for a filing date's accessions of the company."""

    filing_date: str
    accessions: list[str]
    run_id: str
    success: bool


def process_company(
    config: PipelineConfig, cik: str, form_type: str, limit: int, *, tags: Mapping[str, str] | None = None,
    instance: dg.DagsterInstance | None = None, on_run: Callable[[DateRun], None] | None = None,
) -> list[DateRun]:
    """Run the daily job in this process for each filing date of the company's latest `limit` filings of
    `form_type` (`cik` normalized), on `instance` (default: the configured one); [] when it has none."""
    from sec_pipeline.commands._runtime import dagster_instance, daily_job
    from sec_pipeline.defs.selection import selection_run_config
    from sec_pipeline.factories import edgar_client

    with edgar_client(config.edgar) as client:
        dates = filings_by_date(client, cik, form_type, limit)
    if not dates:
        return []
    job, instance = daily_job(config), instance or dagster_instance(config)
    runs = []
    for day, accessions in dates.items():
        result = job.execute_in_process(
            partition_key=day,
            run_config=selection_run_config(accessions=accessions, ciks=[cik]),
            instance=instance,
            raise_on_error=False,
            tags={"sec_pipeline/trigger": "process_company", "sec_pipeline/cik": cik, **(tags or {})},
        )
        runs.append(DateRun(day, accessions, result.run_id, result.success))
        if on_run is not None:
            on_run(runs[-1])
    return runs


def process_command(args: argparse.Namespace, config: PipelineConfig) -> int:
    """Run the daily job for each of the company's filing dates, one line per date; 1 when any date failed."""
    from sec_pipeline.commands._runtime import optional_mirror
    from sec_pipeline.vocabulary import normalize_cik

    try:
        cik = normalize_cik(args.cik)
    except ValueError as exc:
        print(f"sec-pipeline process: --cik {exc}", file=sys.stderr)
        return 2

    def report(run: DateRun) -> None:
        state = "ok" if run.success else "FAILED"
        print(f"  {run.filing_date} {state} run {run.run_id}: {', '.join(run.accessions)}", flush=True)

    with optional_mirror(config, args.mirror) as served:
        runs = process_company(served, cik, args.form, args.limit, on_run=report)
    if not runs:
        print(f"sec-pipeline process: CIK {cik} has no {args.form} filings in its submissions JSON", file=sys.stderr)
        return 1
    failed = [run.filing_date for run in runs if not run.success]
    print(f"{len(runs) - len(failed)} of {len(runs)} filing dates succeeded" + (f"; failed: {failed}" if failed else ""))
    return 1 if failed else 0
