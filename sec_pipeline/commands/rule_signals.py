"""`sec-pipeline rule-signals PATH [--form FORM] [--no-embeddings] [--previous PATH]`: events, financials and
year-over-year changes of a local filing, printed as JSON lines (one `Signal` row each), by the same parser,
rules and event detector as the pipeline's assets: text events come from the current `event_model` version of the
configured store (SEC_PIPELINE_HOME's by default), trained once from the carried labels when none is stored."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sec_pipeline.config import PipelineConfig
    from sec_pipeline.signals.event_detector import EventDetector
    from sec_pipeline.signals.records import Signal


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `rule-signals` subcommand."""
    parser = subparsers.add_parser(
        "rule-signals", help="events, XBRL financials and year-over-year changes of a local filing",
        description="Print the rule-based signals of a local filing as JSON lines: 8-K item events, text events "
                    "per section, inline XBRL financials (10-K/10-Q), and with --previous the similarity of "
                    "Items 1A and 7 (10-Q: Part II Item 1A) to the previous filing.",
    )
    parser.add_argument("path", help="the filing file (.htm/.html/.txt, optionally .gz)")
    parser.add_argument("--form", default=None, help="10-K, 10-Q or 8-K (default: from the file)")
    parser.add_argument("--previous", default=None, help="the same company's previous filing of that form")
    parser.add_argument("--no-embeddings", action="store_true", help="skip the MiniLM embedding similarity")
    parser.set_defaults(handler=run, needs_config=True)


def event_detector(config: PipelineConfig) -> EventDetector:
    """The current event detector of the configured store (trained and stored first when it has none)."""
    from sec_pipeline.factories import blob_store, open_store
    from sec_pipeline.flows.event_model import ensure_event_detector
    from sec_pipeline.signals.event_training import event_recipe

    blobs = blob_store(config.blobs)
    store = open_store(config.database_url, blobs)
    training = event_recipe(config.models.event_base_model, config.models.event_train_epochs)
    try:
        return ensure_event_detector(store, blobs, Path(config.models.cache_dir).expanduser(), training,
                                     log=lambda msg: print(f"sec-pipeline rule-signals: {msg}", file=sys.stderr))
    finally:
        store.dispose()


def signals_for(path: str, form: str | None, previous: str | None, embeddings: bool,
                events: EventDetector | None = None) -> list[Signal]:
    """The signals of one local filing, by what extracted_signals applies (`flows.extraction.rule_signals`,
    with the learned event detector `events`) to the sections `sec-pipeline parse` finds."""
    # imported here: every `sec-pipeline` command builds this parser, and lxml/numpy need not load for those
    from sec_pipeline.flows.extraction import PreviousSections, dedupe, rule_signals
    from sec_pipeline.parsing.api import parse_path
    from sec_pipeline.signals.embeddings import default_encoder

    doc = parse_path(path, form)
    earlier = None
    if previous:
        before = parse_path(previous, doc.form)
        earlier = PreviousSections(before.accession_no, {s.item: s.text for s in before.sections})
    signals = rule_signals(
        doc.form, {s.item: s.text for s in doc.sections}, declared_items=doc.declared_items, previous=earlier,
        ixbrl_text=doc.inline_xbrl.text if doc.inline_xbrl else None,
        encoder=default_encoder if embeddings else lambda: None, events=events, report_year=doc.report_year,
    )
    return dedupe(signals)[0]


def run(args: argparse.Namespace, config: PipelineConfig) -> int:
    """Print the signals of ARGS.path as JSON lines; 2 on unreadable input."""
    from sec_pipeline.parsing.source import SourceError

    if not Path(args.path).is_file():
        print(f"sec-pipeline rule-signals: no such file: {args.path}", file=sys.stderr)
        return 2
    try:
        signals = signals_for(args.path, args.form, args.previous, not args.no_embeddings, event_detector(config))
    except (SourceError, ValueError, OSError) as exc:
        print(f"sec-pipeline rule-signals: {exc}", file=sys.stderr)
        return 2
    for signal in signals:
        sys.stdout.write(json.dumps(asdict(signal), ensure_ascii=False) + "\n")
    return 0
