"""`sec-pipeline parse PATH [--form FORM] [--json]`: print the sections of a local filing."""

from __future__ import annotations

import argparse
import json
import sys

from sec_pipeline.parsing.api import parse_path
from sec_pipeline.parsing.source import SourceError
from sec_pipeline.vocabulary import form_family


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `parse` subcommand."""
    parser = subparsers.add_parser(
        "parse", help="split a local filing into its Items",
        description="Split a local filing (full submission .txt, .htm/.html or plain text, optionally .gz) "
                    "into its Items and print them. Exits 1 (after printing what was parsed) when a full "
                    "submission is truncated, 2 on unreadable input.",
    )
    parser.add_argument("path", help="the filing file")
    parser.add_argument("--form", default=None, help="10-K, 10-Q or 8-K (default: from the file)")
    parser.add_argument("--json", action="store_true", help="print a JSON list of sections with their text")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Parse ARGS.path and print its sections; 1 when the input is truncated, 2 when it is unreadable."""
    try:
        if args.form:
            form_family(args.form)
        doc = parse_path(args.path, args.form)
    except (SourceError, ValueError) as exc:
        print(f"sec-pipeline parse: {exc}", file=sys.stderr)
        return 2
    if args.json:
        json.dump([s.as_dict() for s in doc.sections], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return _truncation_status(args.path, doc.truncated)
    print(f"{args.path}: form {doc.form}, {len(doc.sections)} sections")
    for s in doc.sections:
        flags = f"  [{'; '.join(s.warnings)}]" if s.warnings else ""
        print(f"{s.item:>12}  {s.char_count:>9,} chars  conf {s.confidence:.2f}  {s.title[:70]}{flags}")
    for w in doc.warnings:
        print(f"warning: {w}")
    if doc.declared_items:
        print(f"declared items: {', '.join(doc.declared_items)}")
    return _truncation_status(args.path, doc.truncated)


def _truncation_status(path: str, truncated: str | None) -> int:
    """0 for complete input; else a one-line warning on stderr and 1."""
    if truncated is None:
        return 0
    print(f"sec-pipeline parse: warning: {path} is truncated ({truncated}); its sections end where the input does",
          file=sys.stderr)
    return 1
