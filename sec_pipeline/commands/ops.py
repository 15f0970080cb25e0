"""Incident levers: `sec-pipeline pause` (stop the schedules and sensors that launch runs), `resume` (start
again what pause stopped) and `drain` (cancel the queued runs), on DAGSTER_HOME's instance."""

from __future__ import annotations

import argparse

from sec_pipeline.config import PipelineConfig


def _tag(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"{text!r} is not KEY=VALUE, e.g. sec_pipeline/backfill=cli")
    return key, value


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `pause`, `resume` and `drain` subcommands."""
    pause = subparsers.add_parser("pause", help="stop every running schedule and run-launching sensor")
    pause.set_defaults(handler=pause_command, needs_config=True)
    resume = subparsers.add_parser("resume", help="start again the schedules and sensors `pause` stopped")
    resume.set_defaults(handler=resume_command, needs_config=True)
    drain = subparsers.add_parser("drain", help="cancel the queued runs (runs in progress go on)")
    drain.add_argument("--tag", type=_tag, action="append", default=[], metavar="KEY=VALUE",
                       help="only queued runs with this tag (repeatable)")
    drain.set_defaults(handler=drain_command, needs_config=True)


def _instance(config: PipelineConfig):
    from sec_pipeline.commands._runtime import dagster_instance

    return dagster_instance(config)


def pause_command(args: argparse.Namespace, config: PipelineConfig) -> int:
    """Stop the automation and say what was stopped."""
    from sec_pipeline.defs.operations.automation import pause_automation

    stopped = pause_automation(_instance(config))
    print(f"paused: {', '.join(stopped)}" if stopped else "nothing was running")
    return 0


def resume_command(args: argparse.Namespace, config: PipelineConfig) -> int:
    """Start what pause stopped and say what was started."""
    from sec_pipeline.defs.operations.automation import resume_automation

    started = resume_automation(_instance(config))
    print(f"resumed: {', '.join(started)}" if started else "nothing to resume")
    return 0


def drain_command(args: argparse.Namespace, config: PipelineConfig) -> int:
    """Cancel the queued runs and say how many."""
    from sec_pipeline.defs.operations.automation import drain_queue

    canceled = drain_queue(_instance(config), dict(args.tag))
    print(f"canceled {len(canceled)} queued runs" + (f": {', '.join(canceled)}" if canceled else ""))
    return 0
