"""`sec-pipeline eval <target>`: accuracy of one part of the pipeline on the shared labeled data.

Targets live in TARGETS (name -> (help, function)); each function takes the parsed arguments and returns
an exit code. `sections` scores section parsing (the same scoring as benchmarks/sections.py, without the
speed comparison); `sentiment` scores a sentiment model on the held-out Financial PhraseBank sentences;
`events` scores the text event detectors on the hand labels in benchmarks/labels/events.jsonl.
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


def _phrasebank_dir(args: argparse.Namespace) -> Path:
    from sec_pipeline.parsing.evaluation import shared_edgar

    edgar = Path(args.edgar) if args.edgar else shared_edgar()
    return edgar / "labels" / "financial-phrasebank" / "FinancialPhraseBank-v1.0"


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
        name, version = model.name, model.version
    else:
        from sec_pipeline.signals.routing import LexiconSentiment

        model = LexiconSentiment()
        name, version = "loughran-mcdonald lexicon", "lexicon"
    rows = []
    with tempfile.TemporaryDirectory() as cache:
        for gold in ("Sentences_AllAgree.txt", "Sentences_50Agree.txt"):
            result = model_accuracy(predict_fn_for(model), folder / gold, cache, version)
            rows.append((gold, result.n, result.value, result.details.get("macro_f1")))
    print(f"model: {name} (version {version}); held-out rule: sha256(sentence) mod 5 == 1\n")
    print("| gold file | sentences | accuracy | macro-F1 |\n|---|---|---|---|")
    for gold, n, accuracy, macro in rows:
        macro_text = f"{macro:.4f}" if isinstance(macro, float) else "n/a"
        print(f"| {gold} | {n} | {accuracy:.4f} | {macro_text} |")
    return 0


def _eval_events(args: argparse.Namespace) -> int:
    import importlib.util

    script = Path(__file__).resolve().parents[2] / "benchmarks" / "events.py"
    if not script.is_file():
        print("sec-pipeline eval events: the hand labels ship with the source checkout "
              "(benchmarks/labels/events.jsonl); run it from a clone of the repository", file=sys.stderr)
        return 2
    spec = importlib.util.spec_from_file_location("sec_pipeline_events_benchmark", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    if args.edgar:  # the benchmark's functions read its module-level SHARED when called
        module.SHARED = Path(args.edgar)
    result = module.score(module.load_labels())
    print("| event | TP | FP | FN | TN | precision | recall |\n|---|---|---|---|---|---|---|")
    totals = {"tp": 0, "fp": 0, "fn": 0, "tn": 0}
    for event, counts in sorted(result["counts"].items()):
        for key in totals:
            totals[key] += counts[key]
        print(_event_row(event, counts))
    print(_event_row("**overall**", totals))
    return 0


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
        sub.set_defaults(handler=fn)
