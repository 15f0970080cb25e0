"""`sec-pipeline process --cik C --form F [--limit N]`: one company's filings, on demand."""

from __future__ import annotations

import argparse

from sec_pipeline.settings import Settings


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `process` subcommand."""
    parser = subparsers.add_parser("process", help="process one company's filings of a form")
    parser.add_argument("--cik", required=True, help="company CIK, e.g. 0000789019")
    parser.add_argument("--form", default="10-K", help="form type (default 10-K)")
    parser.add_argument("--limit", type=int, default=4, help="latest N filings (default 4)")
    parser.add_argument("--mirror", help="serve this folder as EDGAR on loopback")
    parser.set_defaults(handler=process_command)


def process_command(args: argparse.Namespace) -> int:
    """Run the on-demand company job in this process and print one line per filing date."""
    from sec_pipeline.commands._runtime import dagster_instance, optional_mirror

    with optional_mirror(args.mirror):
        from sec_pipeline.definitions import build_definitions

        settings = Settings.from_env()
        job = build_definitions().resolve_job_def("process_company_job")
        result = job.execute_in_process(
            run_config={"ops": {"process_company_filings": {"config": {
                "cik": args.cik, "form_type": args.form, "limit": args.limit}}}},
            instance=dagster_instance(settings),
            raise_on_error=False,
        )
    for event in result.all_events:
        if event.event_type_value in ("STEP_OUTPUT", "STEP_FAILURE") and event.message:
            print(f"  {event.message[:200]}")
    print("succeeded" if result.success else "FAILED")
    return 0 if result.success else 1
