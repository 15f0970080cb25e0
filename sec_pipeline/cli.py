"""The `sec-pipeline` command: run, parse, mirror, import, eval, sentiment, train-sentiment, process, backfill,
health, db, rule-signals, backup, maintenance, pause, resume, drain, metrics, serve, keys, signals, docs."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Mapping

# Each entry is a module under sec_pipeline.commands exposing register(subparsers). A subcommand that needs the
# settings registers `needs_config=True`; its handler is then called as handler(args, config), and a bad
# setting ends in a one-line error (exit 2) unless it also registers `on_config_error(args, error)`.
COMMAND_MODULES = (
    "run", "parse", "mirror", "import_dir", "eval", "sentiment", "process", "backfill", "health_report", "db",
    "rule_signals", "backup", "maintenance", "ops", "metrics", "serve", "keys", "signals", "docs",
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


def main(argv: list[str] | None = None, environ: Mapping[str, str] | None = None) -> int:
    """Entry point of the console script; settings are read once, from `environ` (default: the process's)."""
    args = build_parser().parse_args(argv)
    if not getattr(args, "needs_config", False):
        return int(args.handler(args) or 0)
    from sec_pipeline.config import ConfigError, PipelineConfig

    try:
        config = PipelineConfig.from_env(os.environ if environ is None else environ)
    except ConfigError as exc:
        on_error = getattr(args, "on_config_error", None)  # a command may report it its own way (health)
        if on_error is not None:
            return int(on_error(args, exc))
        print(f"sec-pipeline: {exc}", file=sys.stderr)
        return 2
    return int(args.handler(args, config) or 0)


if __name__ == "__main__":
    sys.exit(main())
