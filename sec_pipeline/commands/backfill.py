"""`sec-pipeline backfill --start D --end D`: the daily job over a date range, with progress."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from datetime import date, timedelta

from sec_pipeline.config import PipelineConfig

TERMINAL = {"SUCCESS", "FAILURE", "CANCELED"}


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `backfill` subcommand."""
    parser = subparsers.add_parser("backfill", help="run the daily job over a date range")
    parser.add_argument("--start", required=True, type=date.fromisoformat, help="first filing date")
    parser.add_argument("--end", required=True, type=date.fromisoformat, help="last filing date (inclusive)")
    parser.add_argument("--in-process", action="store_true",
                        help="run the dates one after another in this process (no daemon needed)")
    parser.add_argument("--no-wait", action="store_true", help="launch on the instance and return")
    parser.add_argument("--mirror", help="serve this folder as EDGAR on loopback (with --in-process)")
    parser.set_defaults(handler=backfill_command, needs_config=True)


def date_range(start: date, end: date) -> list[str]:
    """Partition keys from start to end inclusive."""
    if end < start:
        raise SystemExit(f"--end {end} is before --start {start}; give an increasing range")
    return [(start + timedelta(days=n)).isoformat() for n in range((end - start).days + 1)]


def backfill_command(args: argparse.Namespace, config: PipelineConfig) -> int:
    """Run in process, or launch a backfill on the Dagster instance and follow its runs; 2 for dates outside
    the partitions."""
    from sec_pipeline.defs.partitions import check_partition_date

    try:
        check_partition_date(args.start, "--start")
        check_partition_date(args.end, "--end")
    except ValueError as exc:
        print(f"sec-pipeline backfill: {exc}", file=sys.stderr)
        return 2
    keys = date_range(args.start, args.end)
    if args.in_process:
        return run_in_process(config, keys, args.mirror)
    return launch_on_instance(config, args.start, args.end, keys, wait=not args.no_wait)


def run_in_process(config: PipelineConfig, keys: list[str], mirror: str | None) -> int:
    """Execute each partition here, printing one progress line per date."""
    from sec_pipeline.commands._runtime import dagster_instance, daily_job, optional_mirror

    failures = 0
    with optional_mirror(config, mirror) as served:
        job, instance = daily_job(served), dagster_instance(served)
        for number, key in enumerate(keys, start=1):
            started = time.perf_counter()
            result = job.execute_in_process(partition_key=key, instance=instance, raise_on_error=False,
                                            tags={"sec_pipeline/backfill": "cli"})
            failures += not result.success
            state = "ok" if result.success else "FAILED"
            print(f"[{number}/{len(keys)}] {key} {state} in {time.perf_counter() - started:.1f} s", flush=True)
    print(f"backfill done: {len(keys) - failures} succeeded, {failures} failed")
    return 1 if failures else 0


def launch_on_instance(config: PipelineConfig, start: date, end: date, keys: list[str], wait: bool) -> int:
    """`dagster job backfill` on DAGSTER_HOME's instance; the daemon launches the runs, we follow them."""
    if config.dagster_home is None:
        raise SystemExit("set DAGSTER_HOME to the instance that runs the daemon (or use --in-process)")
    import dagster as dg

    from sec_pipeline.commands._runtime import dagster_instance

    instance = dagster_instance(config)
    before = {b.backfill_id for b in instance.get_backfills(limit=50)}
    command = [sys.executable, "-m", "dagster", "job", "backfill", "-m", "sec_pipeline.definitions",
               "-j", "daily_filings_job", "--from", start.isoformat(), "--to", end.isoformat(), "--noprompt"]
    # the child is a Dagster CLI that finds its instance in DAGSTER_HOME: the one followed here
    subprocess.run(command, check=True, env={**os.environ, "DAGSTER_HOME": str(config.dagster_home)})
    launched = [b for b in instance.get_backfills(limit=50) if b.backfill_id not in before]
    if not launched:
        print("no backfill was created; see the output above")
        return 1
    backfill_id = launched[0].backfill_id
    print(f"backfill {backfill_id}: {len(keys)} partitions; the daemon (dagster dev or dagster-daemon) runs them")
    if not wait:
        return 0
    while True:
        runs = instance.get_runs(filters=dg.RunsFilter(tags={"dagster/backfill": backfill_id}))
        states = [run.status.value for run in runs]
        done = sum(state in TERMINAL for state in states)
        failed = states.count("FAILURE")
        print(f"  {done}/{len(keys)} partitions finished, {failed} failed", flush=True)
        backfill = instance.get_backfill(backfill_id)
        if done >= len(keys) or (backfill is not None and backfill.status.value in (
                "COMPLETED", "FAILED", "CANCELED", "COMPLETED_SUCCESS", "COMPLETED_FAILED")):
            return 1 if failed else 0
        time.sleep(5)
