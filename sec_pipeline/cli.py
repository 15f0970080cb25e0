"""The `sec-pipeline` command: run, parse, mirror, import, eval, sentiment, train-sentiment, process, backfill,
health, db, rule-signals, backup, maintenance, pause, resume, drain, metrics."""

from __future__ import annotations

import argparse
import importlib
import sys

# Each entry is a module under sec_pipeline.commands exposing register(subparsers).
COMMAND_MODULES = (
    "run", "parse", "mirror", "import_dir", "eval", "sentiment", "process", "backfill", "health_report", "db",
    "rule_signals", "backup", "maintenance", "ops", "metrics",
)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every available subcommand registered."""
    parser = argparse.ArgumentParser(prog="sec-pipeline", description=__doc__)
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"sec_pipeline.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"sec_pipeline.commands.{name}":
                continue
            raise
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    return int(args.handler(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
