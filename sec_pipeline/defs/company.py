"""On-demand company processing: a company's filings of a form, through the daily job per filing date."""

from collections import defaultdict

import dagster as dg

from sec_pipeline.defs.config import selection_run_config
from sec_pipeline.defs.resources import EdgarResource


class ProcessCompanyConfig(dg.Config):
    """Which company and form to process, and how many of its latest filings."""

    cik: str
    form_type: str = "10-K"
    limit: int = 4


def filings_by_date(client, cik: str, form_type: str, limit: int) -> dict[str, list[str]]:
    """{filing date: [accessions]} of the company's latest `limit` filings of `form_type` (submissions JSON)."""
    from sec_pipeline.edgar.submissions import company_filings

    if limit < 1:
        raise ValueError(f"limit={limit}: process at least one filing")
    grouped: dict[str, list[str]] = defaultdict(list)
    for ref in company_filings(client, cik, forms=[form_type], limit=limit):
        grouped[ref.filing_date].append(ref.accession_no)
    return dict(sorted(grouped.items()))


def run_dates(instance: dg.DagsterInstance, cik: str, dates: dict[str, list[str]], log=print) -> list[dict]:
    """Run the daily job for each date, limited to the company's accessions; one result row per date."""
    from sec_pipeline.definitions import build_definitions

    job = build_definitions().resolve_job_def("daily_filings_job")
    results = []
    for day, accessions in dates.items():
        log(f"processing {day}: {', '.join(accessions)}")
        result = job.execute_in_process(
            partition_key=day,
            run_config=selection_run_config(accessions=accessions, ciks=[cik]),
            instance=instance,
            raise_on_error=False,
            tags={"sec_pipeline/trigger": "process_company", "sec_pipeline/cik": cik},
        )
        results.append({"date": day, "accessions": accessions, "run_id": result.run_id, "success": result.success})
    return results


@dg.op(description="Find the company's filings in its submissions JSON and run each filing date's partition.")
def process_company_filings(
    context: dg.OpExecutionContext, config: ProcessCompanyConfig, edgar: EdgarResource
) -> dg.Output:
    """Materialize the date partitions of the company's filings, filtered to that CIK and those accessions."""
    cik = str(int(config.cik))
    dates = filings_by_date(edgar.get_client(), cik, config.form_type, config.limit)
    if not dates:
        raise dg.Failure(f"CIK {cik} has no {config.form_type} filings in its submissions JSON")
    results = run_dates(context.instance, cik, dates, log=context.log.info)
    failed = [r for r in results if not r["success"]]
    metadata = {"dates": dg.MetadataValue.json(results), "failed_dates": dg.MetadataValue.int(len(failed))}
    if failed:
        raise dg.Failure(f"{len(failed)} of {len(results)} dates failed: {[r['date'] for r in failed]}",
                         metadata=metadata)
    return dg.Output(len(results), metadata=metadata)


@dg.job(description="On demand: one company's filings of one form (typed config: cik, form_type, limit).")
def process_company_job():
    """The on-demand company job."""
    process_company_filings()
