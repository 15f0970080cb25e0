"""`sec-pipeline signals`: published signals with their filings, filtered like GET /signals (the same query),
printed as a table or written as CSV, JSON Lines or Parquet."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, date, datetime
from typing import Any

from sec_pipeline.config import PipelineConfig

TABLE_COLUMNS = ("filing_date", "ticker", "cik", "company", "form_type", "section", "family", "name", "value",
                 "label", "available_at")
WIDTH = 40  # a table cell's most characters


def _timestamp(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"--as-of {text!r} is not ISO 8601; pass e.g. 2004-02-11T14:30:00Z") from exc
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError(f"--as-of {text!r} has no time zone; add one, e.g. 2004-02-11T14:30:00Z")
    return moment.astimezone(UTC)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `signals` subcommand."""
    from sec_pipeline.store.signal_files import FILE_FORMATS

    parser = subparsers.add_parser("signals", help="query the published signals (the GET /signals filters)")
    parser.add_argument("--date", type=date.fromisoformat, help="one filing date (YYYY-MM-DD)")
    parser.add_argument("--since", type=date.fromisoformat, help="first filing date")
    parser.add_argument("--until", type=date.fromisoformat, help="last filing date")
    company = parser.add_mutually_exclusive_group()
    company.add_argument("--cik", help="company CIK")
    company.add_argument("--ticker", help="company ticker, e.g. AMD")
    parser.add_argument("--form", help="form type, e.g. 10-K")
    parser.add_argument("--family", help="signal family, e.g. risk_change")
    parser.add_argument("--name", help="signal name")
    parser.add_argument("--as-of", type=_timestamp, help="what was accepted and published by then, in the version "
                                                         "current then (ISO 8601, e.g. 2004-02-11T14:30:00Z)")
    parser.add_argument("--format", choices=("table", *FILE_FORMATS), default="table", help="output (default table)")
    parser.add_argument("--output", help="file to write (parquet needs one; default standard output)")
    parser.add_argument("--limit", type=int, default=1000, help="most rows (default 1000)")
    parser.set_defaults(handler=signals_command, needs_config=True)


def _table(rows: list[dict[str, Any]]) -> str:
    def cell(value: Any) -> str:
        text = "" if value is None else value.isoformat() if hasattr(value, "isoformat") else str(value)
        return text if len(text) <= WIDTH else text[:WIDTH - 1] + "…"

    cells = [[cell(row[name]) for name in TABLE_COLUMNS] for row in rows]
    widths = [max([len(name), *(len(line[i]) for line in cells)]) for i, name in enumerate(TABLE_COLUMNS)]
    lines = ["  ".join(name.ljust(w) for name, w in zip(TABLE_COLUMNS, widths, strict=True))]
    lines += ["  ".join(text.ljust(w) for text, w in zip(line, widths, strict=True)).rstrip() for line in cells]
    return "\n".join(lines) + "\n"


def signals_command(args: argparse.Namespace, config: PipelineConfig) -> int:
    """Print or write the matching signals; exit 2 with the reason when a filter cannot be used."""
    from sec_pipeline.factories import open_store
    from sec_pipeline.store.signal_files import to_csv, to_jsonl, to_parquet
    from sec_pipeline.store.signals_query import QueryError, SignalFilter, collect_signals
    from sec_pipeline.vocabulary import normalize_cik

    if args.format == "parquet" and not args.output:
        print("--format parquet writes a binary file; pass --output FILE.parquet", file=sys.stderr)
        return 2
    if args.date is not None and (args.since or args.until):
        print("--date is one day; leave out --since and --until, or drop --date", file=sys.stderr)
        return 2
    store = open_store(config.database_url, None)
    try:
        filters = SignalFilter(cik=None if args.cik is None else normalize_cik(args.cik), ticker=args.ticker,
                               form_type=args.form, family=args.family, name=args.name,
                               since=args.date or args.since, until=args.date or args.until, as_of=args.as_of)
        rows = collect_signals(store.engine, filters, limit=args.limit)
    except (QueryError, ValueError) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    finally:
        store.dispose()
    if args.format == "parquet":
        with open(args.output, "wb") as out:
            out.write(to_parquet(rows))
        return 0
    text = {"table": _table, "csv": to_csv, "jsonl": to_jsonl}[args.format](rows)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as out:
            out.write(text)
    else:
        sys.stdout.write(text)
    return 0
