"""`sec-pipeline eval <target>`: accuracy of one part of the pipeline on the shared labeled data.

Targets live in TARGETS (name -> (help, function)); each function takes the parsed arguments and returns
an exit code. `sections` scores section parsing (benchmarks.support.section_scoring, as benchmarks.sections
does without its speed comparison); `sentiment` scores a sentiment model on the held-out Financial PhraseBank
sentences; `events` scores the text event detectors on the hand labels in benchmarks/labels/events.jsonl
(benchmarks.events). The section and event scorers and the default --edgar ship with the source checkout.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from sec_pipeline.commands._checkout import NotInCheckoutError, checkout_module


def _edgar_dir(args: argparse.Namespace) -> Path:
    """--edgar, else the shared EDGAR tree of the source checkout (benchmarks.support.paths)."""
    if args.edgar:
        return Path(args.edgar)
    return checkout_module("benchmarks.support.paths", "finding the shared EDGAR tree without --edgar").shared_edgar_dir()


def _eval_sections(args: argparse.Namespace) -> int:
    scoring = checkout_module("benchmarks.support.section_scoring", "the section scorer")
    report_module = checkout_module("benchmarks.support.section_report", "the section report")
    try:
        results = scoring.evaluate(_edgar_dir(args))
    except FileNotFoundError as exc:
        print(f"sec-pipeline eval sections: {exc}", file=sys.stderr)
        return 2
    report = report_module.render_md(results)
    if args.out:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        (out / "sections.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
        (out / "sections.md").write_text(report, encoding="utf-8")
    print(report.split("## Misses")[0])
    return 0


def _phrasebank_dir(args: argparse.Namespace) -> Path:
    return _edgar_dir(args) / "labels" / "financial-phrasebank" / "FinancialPhraseBank-v1.0"


def _eval_sentiment(args: argparse.Namespace) -> int:
    import tempfile

    from sec_pipeline.quality.gold import model_accuracy, predict_fn_for

    folder = _phrasebank_dir(args)
    if not folder.is_dir():
        print(f"sec-pipeline eval sentiment: no Financial PhraseBank at {folder}; pass --edgar", file=sys.stderr)
        return 2
    if args.model:
        from sec_pipeline.signals.sentiment import ModelLoadError, SentimentModel

        try:
            model = SentimentModel.load(args.model)
        except ModelLoadError as exc:
            print(f"sec-pipeline eval sentiment: {exc}", file=sys.stderr)
            return 2
        name, version, predict = model.name, model.version, predict_fn_for(model)
    else:
        from sec_pipeline.signals.routing import LexiconSentiment

        name, version, predict = "loughran-mcdonald lexicon", "lexicon", predict_fn_for(LexiconSentiment())
    rows = []
    with tempfile.TemporaryDirectory() as cache:
        for gold in ("Sentences_AllAgree.txt", "Sentences_50Agree.txt"):
            result = model_accuracy(predict, folder / gold, cache, version)
            rows.append((gold, result.n, result.value, result.details.get("macro_f1")))
    print(f"model: {name} (version {version}); held-out rule: sha256(sentence) mod 5 == 1\n")
    print("| gold file | sentences | accuracy | macro-F1 |\n|---|---|---|---|")
    for gold, n, accuracy, macro in rows:
        macro_text = f"{macro:.4f}" if isinstance(macro, float) else "n/a"
        print(f"| {gold} | {n} | {accuracy:.4f} | {macro_text} |")
    return 0


def _eval_events(args: argparse.Namespace) -> int:
    events = checkout_module("benchmarks.events", "the event scorer")
    if not events.LABELS.is_file():
        raise NotInCheckoutError(f"the event scorer needs the hand labels {events.LABELS}, which ship with the "
                                 "repository: run from a source checkout")
    result = events.score(events.load_labels(), events.FilingTexts(_edgar_dir(args)))
    print("| event | TP | FP | FN | TN | precision | recall |\n|---|---|---|---|---|---|---|")
    totals = {"tp": 0, "fp": 0, "fn": 0, "tn": 0}
    for event, counts in sorted(result["counts"].items()):
        for key in totals:
            totals[key] += counts[key]
        print(_event_row(event, counts))
    print(_event_row("**overall**", totals))
    return 0


def _reporting_checkout_errors(name: str, fn: Callable[[argparse.Namespace], int]
                               ) -> Callable[[argparse.Namespace], int]:
    """`fn` with a missing source checkout reported as one line and exit code 2."""
    def handler(args: argparse.Namespace) -> int:
        try:
            return fn(args)
        except NotInCheckoutError as exc:
            print(f"sec-pipeline eval {name}: {exc}", file=sys.stderr)
            return 2

    return handler


def _event_row(name: str, c: dict[str, int]) -> str:
    precision = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else float("nan")
    recall = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else float("nan")
    return f"| {name} | {c['tp']} | {c['fp']} | {c['fn']} | {c['tn']} | {precision:.3f} | {recall:.3f} |"


TARGETS: dict[str, tuple[str, Callable[[argparse.Namespace], int]]] = {
    "sections": ("section parsing vs the edgar-crawler and sec-parser labels", _eval_sections),
    "sentiment": ("a sentiment model (--model; default the lexicon) on held-out PhraseBank", _eval_sentiment),
    "events": ("text event detectors vs the hand labels (precision, recall)", _eval_events),
}


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `eval` subcommand with one sub-subcommand per target."""
    parser = subparsers.add_parser("eval", help="measure accuracy on the shared labeled data")
    targets = parser.add_subparsers(dest="target", required=True)
    for name, (help_text, fn) in TARGETS.items():
        sub = targets.add_parser(name, help=help_text)
        sub.add_argument("--edgar", default=None, help="shared EDGAR tree (default ../shared/edgar or "
                                                        "$SEC_PIPELINE_SHARED_EDGAR)")
        sub.add_argument("--out", default=None, help="folder for <target>.json and <target>.md (sections)")
        if name == "sentiment":
            sub.add_argument("--model", default=None, help="HF model id or folder (default: the LM lexicon)")
        sub.set_defaults(handler=_reporting_checkout_errors(name, fn))
