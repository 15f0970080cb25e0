"""`sec-pipeline eval <target>`: accuracy of one part of the pipeline on the shared labeled data.

Targets live in TARGETS (name -> (help, function)); each function takes the parsed arguments and returns
an exit code. `sections` scores section parsing (the same scoring as benchmarks/sections.py, without the
speed comparison).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path


def _eval_sections(args: argparse.Namespace) -> int:
    from sec_pipeline.parsing.evaluation import evaluate, render_md, shared_edgar

    edgar = Path(args.edgar) if args.edgar else shared_edgar()
    try:
        results = evaluate(edgar)
    except FileNotFoundError as exc:
        print(f"sec-pipeline eval sections: {exc}", file=sys.stderr)
        return 2
    report = render_md(results)
    if args.out:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        (out / "sections.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
        (out / "sections.md").write_text(report, encoding="utf-8")
    print(report.split("## Misses")[0])
    return 0


TARGETS: dict[str, tuple[str, Callable[[argparse.Namespace], int]]] = {
    "sections": ("section parsing vs the edgar-crawler and sec-parser labels", _eval_sections),
}


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `eval` subcommand with one sub-subcommand per target."""
    parser = subparsers.add_parser("eval", help="measure accuracy on the shared labeled data")
    targets = parser.add_subparsers(dest="target", required=True)
    for name, (help_text, fn) in TARGETS.items():
        sub = targets.add_parser(name, help=help_text)
        sub.add_argument("--edgar", default=None, help="shared EDGAR tree (default ../shared/edgar or "
                                                        "$SEC_PIPELINE_SHARED_EDGAR)")
        sub.add_argument("--out", default=None, help="folder for <target>.json and <target>.md")
        sub.set_defaults(handler=fn)
