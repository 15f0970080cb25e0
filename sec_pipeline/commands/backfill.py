"""`sec-pipeline backfill --start D --end D`: the daily job over the business days of a range, with progress.

By default the backfill is created on DAGSTER_HOME's instance for the workspace's code location (the one
`dagster dev` in the repository root loads from workspace.yaml), so the daemon launches its runs under the
instance's `dagster/backfill` concurrency limit; the command follows the runs until all have ended and exits 1
when any failed. `--in-process` runs the dates here instead, one after another, without a daemon.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from sec_pipeline.config import PipelineConfig

TERMINAL_RUNS = {"SUCCESS", "FAILURE", "CANCELED"}
FAILED_RUNS = {"FAILURE", "CANCELED"}
# Backfill states after which the daemon creates no more runs.
SETTLED_BACKFILLS = {"COMPLETED", "COMPLETED_SUCCESS", "COMPLETED_FAILED", "FAILED", "CANCELED"}
POLL_SECONDS = 2.0
DAEMON_SILENCE_S = 60.0  # no backfill daemon heartbeat for this long: nobody will launch the runs
_LAUNCHED = re.compile(r"Launched backfill job `([^`]+)`")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `backfill` subcommand."""
    parser = subparsers.add_parser("backfill", help="run the daily job over the business days of a date range")
    parser.add_argument("--start", required=True, type=date.fromisoformat, help="first filing date")
    parser.add_argument("--end", required=True, type=date.fromisoformat, help="last filing date (inclusive)")
    parser.add_argument("--in-process", action="store_true",
                        help="run the dates one after another in this process (no daemon needed)")
    parser.add_argument("--no-wait", action="store_true", help="create the backfill and return")
    parser.add_argument("--workspace", type=Path, default=Path("workspace.yaml"),
                        help="workspace file of the code location the daemon serves (default: ./workspace.yaml)")
    parser.add_argument("--mirror", help="serve this folder as EDGAR on loopback (with --in-process)")
    parser.set_defaults(handler=backfill_command, needs_config=True)


def backfill_command(args: argparse.Namespace, config: PipelineConfig) -> int:
    """Run in process, or create a backfill on the Dagster instance and follow its runs; 2 for unusable
    arguments."""
    from sec_pipeline.defs.partitions import business_days, check_partition_date

    try:
        check_partition_date(args.start, "--start", business_day=False)
        check_partition_date(args.end, "--end", business_day=False)
        if args.end < args.start:
            raise ValueError(f"--end {args.end} is before --start {args.start}; give an increasing range")
        keys = business_days(args.start, args.end)
        if not keys:
            raise ValueError(f"{args.start} to {args.end} holds no business day; widen the range")
        if not args.in_process:
            check_instance_arguments(config, args.workspace)
    except ValueError as exc:
        print(f"sec-pipeline backfill: {exc}", file=sys.stderr)
        return 2
    if args.in_process:
        return run_in_process(config, keys, args.mirror)
    return launch_on_instance(config, keys, args.workspace, wait=not args.no_wait)


def check_instance_arguments(config: PipelineConfig, workspace: Path) -> None:
    """ValueError when there is no instance (DAGSTER_HOME) or no workspace file to target."""
    if config.dagster_home is None:
        raise ValueError("set DAGSTER_HOME to the instance whose daemon runs the backfill (or use --in-process)")
    if not workspace.is_file():
        raise ValueError(f"--workspace {workspace} is not a file: run from the repository root (where "
                         "workspace.yaml is) or pass the workspace file `dagster dev` loads")


def run_in_process(config: PipelineConfig, keys: list[str], mirror: str | None) -> int:
    """Execute each partition here, printing one line per step and one per date."""
    from sec_pipeline.commands._progress import quiet
    from sec_pipeline.commands._runtime import dagster_instance, daily_job, optional_mirror

    failures = 0
    with optional_mirror(config, mirror) as served:
        job, run_config = quiet(daily_job(served), {})
        instance = dagster_instance(served)
        for number, key in enumerate(keys, start=1):
            started = time.perf_counter()
            result = job.execute_in_process(partition_key=key, instance=instance, raise_on_error=False,
                                            run_config=run_config, tags={"sec_pipeline/backfill": "in-process"})
            failures += not result.success
            state = "ok" if result.success else "FAILED"
            print(f"[{number}/{len(keys)}] {key} {state} in {time.perf_counter() - started:.1f} s", flush=True)
    print(f"backfill done: {len(keys) - failures} succeeded, {failures} failed")
    return 1 if failures else 0


def launch_on_instance(config: PipelineConfig, keys: list[str], workspace: Path, wait: bool) -> int:
    """`dagster job backfill -w WORKSPACE` on DAGSTER_HOME's instance; the daemon launches the runs."""
    from sec_pipeline.commands._runtime import dagster_instance

    command = [sys.executable, "-m", "dagster", "job", "backfill", "-w", str(workspace), "-j", "daily_filings_job",
               "--partitions", ",".join(keys), "--noprompt"]
    # the child is a Dagster CLI that finds the instance in DAGSTER_HOME: the one followed here
    child = subprocess.run(command, env={**os.environ, "DAGSTER_HOME": str(config.dagster_home)},
                           capture_output=True, text=True, check=False)
    launched = _LAUNCHED.search(child.stdout)
    if child.returncode != 0 or launched is None:
        print(f"sec-pipeline backfill: `dagster job backfill` created no backfill (exit {child.returncode}):\n"
              f"{(child.stderr or child.stdout).strip()[-2000:]}", file=sys.stderr)
        return 1
    backfill_id = launched.group(1)
    print(f"backfill {backfill_id}: {len(keys)} business days from {keys[0]} to {keys[-1]}; the daemon "
          "(dagster dev or dagster-daemon) launches the runs", flush=True)
    if not wait:
        return 0
    instance = dagster_instance(config)
    try:
        return follow(instance, backfill_id, len(keys))
    finally:
        instance.dispose()


def backfill_daemon_alive(instance) -> bool:
    """Whether the instance's backfill daemon sent a heartbeat within DAEMON_SILENCE_S."""
    heartbeat = instance.get_daemon_heartbeats().get("BACKFILL")
    return heartbeat is not None and time.time() - heartbeat.timestamp < DAEMON_SILENCE_S


def follow(instance, backfill_id: str, expected_runs: int, poll_s: float = POLL_SECONDS) -> int:
    """Print a line whenever the backfill's runs progress, until it has settled and every run has ended;
    1 when a run failed or was canceled or the backfill failed, else 0."""
    import dagster as dg

    shown = None
    if not backfill_daemon_alive(instance):
        print(f"  no backfill daemon has reported on this instance in the last {DAEMON_SILENCE_S:.0f} s: start "
              "`dagster dev` (or `dagster-daemon run`) in the repository root with this DAGSTER_HOME; waiting",
              flush=True)
    while True:
        backfill = instance.get_backfill(backfill_id)
        status = backfill.status.value if backfill is not None else "MISSING"
        runs = instance.get_runs(filters=dg.RunsFilter(tags={"dagster/backfill": backfill_id}))
        states = [run.status.value for run in runs]
        done = sum(state in TERMINAL_RUNS for state in states)
        failed = [run for run in runs if run.status.value in FAILED_RUNS]
        progress = (done, len(failed), len(states))
        if progress != shown:
            print(f"  {done}/{expected_runs} runs finished, {len(failed)} failed, "
                  f"{len(states) - done} launched or queued", flush=True)
            shown = progress
        settled = status in SETTLED_BACKFILLS or status == "MISSING"
        if settled and done == len(states) and (len(states) >= expected_runs or status != "COMPLETED"):
            break
        time.sleep(poll_s)
    for run in failed:
        print(f"  {run.tags.get('dagster/partition', '?')} {run.status.value}: run {run.run_id}")
    if backfill is not None and backfill.error is not None:
        print(f"  backfill error: {backfill.error.message.strip()}")
    ok = not failed and status not in ("FAILED", "CANCELED", "MISSING") and done >= expected_runs
    print(f"backfill {backfill_id} {'succeeded' if ok else 'FAILED'}: {done - len(failed)} of {expected_runs} "
          f"dates succeeded, {len(failed)} failed (backfill {status.lower()})")
    return 0 if ok else 1
