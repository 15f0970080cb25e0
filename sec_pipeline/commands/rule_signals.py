"""`sec-pipeline rule-signals PATH [--form FORM] [--previous PATH]`: events, financials and year-over-year
changes of a local filing, printed as JSON lines (one `Signal` row each)."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sec_pipeline.signals.records import Signal

CHANGE_SECTIONS = ("1A", "7", "part2item1a")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `rule-signals` subcommand."""
    parser = subparsers.add_parser(
        "rule-signals", help="events, XBRL financials and year-over-year changes of a local filing",
        description="Print the rule-based signals of a local filing as JSON lines: 8-K item events, text events "
                    "per section, inline XBRL financials (10-K/10-Q), and with --previous the similarity of "
                    "Items 1A and 7 to the previous filing.",
    )
    parser.add_argument("path", help="the filing file (.htm/.html/.txt, optionally .gz)")
    parser.add_argument("--form", default=None, help="10-K, 10-Q or 8-K (default: from the file)")
    parser.add_argument("--previous", default=None, help="the same company's previous filing of that form")
    parser.add_argument("--no-embeddings", action="store_true", help="skip the MiniLM embedding similarity")
    parser.set_defaults(handler=run)


def signals_for(path: str, form: str | None, previous: str | None, embeddings: bool) -> list[Signal]:
    """All rule-based signals of one local filing."""
    # imported here: every `sec-pipeline` command builds this parser, and lxml/numpy need not load for those
    from sec_pipeline.parsing.api import parse_path, parse_text
    from sec_pipeline.parsing.ixbrl import IxbrlError
    from sec_pipeline.parsing.source import read_path
    from sec_pipeline.signals.changes import similarity_signals
    from sec_pipeline.signals.events import detect_text_events, item_events
    from sec_pipeline.signals.financials import extract_financials

    source = read_path(path)
    doc = parse_text(source, form, name=str(path))
    out: list[Signal] = []
    if doc.form.upper().startswith("8-K"):
        out += item_events({s.item: s.text for s in doc.sections if s.item[:1].isdigit()})
        out += item_events([i for i in doc.declared_items if i not in {s.item for s in doc.sections}])
    for section in doc.sections:
        out += detect_text_events(section.item, section.text)
    if doc.form.upper().startswith(("10-K", "10-Q")):
        try:
            out += extract_financials(source, doc.form)
        except IxbrlError as exc:
            print(f"sec-pipeline rule-signals: no XBRL financials: {exc}", file=sys.stderr)
    if previous:
        prev = {s.item: s.text for s in parse_path(previous, doc.form).sections}
        for section in doc.sections:
            if section.item in CHANGE_SECTIONS and section.item in prev:
                out += similarity_signals(section.item, section.text, prev[section.item], embeddings=embeddings)
    return out


def run(args: argparse.Namespace) -> int:
    """Print the signals of ARGS.path as JSON lines; 2 on unreadable input."""
    from sec_pipeline.parsing.source import SourceError

    try:
        signals = signals_for(args.path, args.form, args.previous, not args.no_embeddings)
    except (SourceError, ValueError, OSError) as exc:
        print(f"sec-pipeline rule-signals: {exc}", file=sys.stderr)
        return 2
    for signal in signals:
        sys.stdout.write(json.dumps(asdict(signal), ensure_ascii=False) + "\n")
    return 0
