"""Sentence sentiment scorers side by side on filing text and on PhraseBank, in one run.

Scorers: the Loughran-McDonald lexicon (LexiconSentiment), a PhraseBank-only model (`--phrasebank-model`, a
folder written by `python -m benchmarks.train_sentiment --no-filing-labels`), the domain model
(`--domain-model`, the default recipe: filing labels + PhraseBank), the default recipe without PhraseBank
(`--filing-model`, what a run with no PhraseBank configured trains) and FinBERT when its files are in the model
cache. A model folder that does not exist is listed under `skipped`, never scored.
Gold sets: the company-disjoint test split of the carried filing labels (all, and the clearly labeled
subset) and the held-out Financial PhraseBank split (AllAgree and 50Agree). Accuracy and macro-F1 for each.

Run: nice -n 5 python -m benchmarks.filing_sentiment --domain-model DIR [--phrasebank-model DIR]
     writes benchmarks/results/filing_sentiment.json and .md
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from benchmarks.support.paths import RESULTS, shared_edgar_dir
from sec_pipeline.config import PipelineConfig
from sec_pipeline.signals.filing_labels import load_filing_labels
from sec_pipeline.signals.routing import LexiconSentiment
from sec_pipeline.signals.sentiment import ModelLoadError, SentimentModel
from sec_pipeline.signals.training import filing_metrics, heldout_metrics

PHRASEBANK = shared_edgar_dir() / "labels" / "financial-phrasebank" / "FinancialPhraseBank-v1.0"
COLUMNS = (("filing test", "filing", "test"), ("filing test, clear", "filing", "test_clear"),
           ("PhraseBank AllAgree", "phrasebank", "AllAgree"), ("PhraseBank 50Agree", "phrasebank", "50Agree"))


def _parser() -> argparse.ArgumentParser:
    home = PipelineConfig.from_env(os.environ).home
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--domain-model", default=str(home / "models" / "sentiment-domain"))
    parser.add_argument("--phrasebank-model", default=str(home / "models" / "sentiment-minilm"))
    parser.add_argument("--filing-model", default=str(home / "models" / "sentiment-filing"))
    parser.add_argument("--finbert", default="ProsusAI/finbert", help="hub id looked up in --cache-dir only")
    parser.add_argument("--cache-dir", default=PipelineConfig.from_env(os.environ).models.cache_dir)
    parser.add_argument("--phrasebank", default=str(PHRASEBANK))
    parser.add_argument("--out", default=str(RESULTS / "filing_sentiment"), help="results path without suffix")
    return parser


def _score(model, phrasebank: str) -> dict[str, dict[str, dict[str, float]]]:
    started = time.perf_counter()
    scores = {"filing": filing_metrics(model, load_filing_labels()),
              "phrasebank": heldout_metrics(model, phrasebank) if Path(phrasebank).is_dir() else {}}
    return {**scores, "seconds": round(time.perf_counter() - started, 1)}  # type: ignore[dict-item]


def _markdown(result: dict) -> str:
    lines = ["| scorer | " + " | ".join(name for name, _, _ in COLUMNS) + " |",
             "|---|" + "---|" * len(COLUMNS)]
    for name, scores in result["scorers"].items():
        cells = []
        for _, gold, key in COLUMNS:
            m = scores.get(gold, {}).get(key)
            cells.append(f"{m['accuracy']:.3f} / {m['macro_f1']:.3f}" if m else "-")
        trained = f" (trained on {scores['trained_on']})" if scores.get("trained_on") else ""
        lines.append(f"| {name}{trained} | " + " | ".join(cells) + " |")
    return ("Accuracy / macro-F1 (`python -m benchmarks.filing_sentiment`).\n\n" + "\n".join(lines) + "\n"
            + "".join(f"\nskipped {name}: {why}" for name, why in result["skipped"].items()) + "\n")


def _trained_on(source: str | None) -> str:
    """What a self-trained model folder learned from (its metrics.json), '' for anything else."""
    metrics = Path(source or "") / "metrics.json"
    if not source or not metrics.is_file():
        return ""
    m = json.loads(metrics.read_text())
    filing = int(m.get("train_filing_sentences", 0))
    other = int(m.get("train_sentences", 0)) - filing
    return f"{filing} filing-label sentences" + (f" + {other} PhraseBank sentences" if other else " (no PhraseBank)")


def main() -> int:
    args = _parser().parse_args()
    candidates = {"lexicon (Loughran-McDonald)": None, "PhraseBank-only MiniLM": args.phrasebank_model,
                  "domain MiniLM (default recipe)": args.domain_model,
                  "domain MiniLM (default recipe, no PhraseBank configured)": args.filing_model,
                  "FinBERT": args.finbert}
    load_start = os.getloadavg()[0]
    scorers: dict[str, dict] = {}
    skipped: dict[str, str] = {}
    for name, source in candidates.items():
        if source is None:
            model = LexiconSentiment()
        else:
            try:
                model = SentimentModel.load(source, cache_dir=args.cache_dir, precision="fp32")
            except (ModelLoadError, OSError) as exc:
                skipped[name] = f"{source}: {str(exc)[:160]}"
                continue
        scorers[name] = {"model": getattr(model, "name", name), "version": model.version,
                         "trained_on": _trained_on(source), **_score(model, args.phrasebank)}
        print(name, json.dumps({k: v for k, v in scorers[name].items() if k in ("filing", "phrasebank")}), flush=True)
    result = {"command": "python -m benchmarks.filing_sentiment " + " ".join(sys.argv[1:]),
              "load_average": {"start": round(load_start, 2), "end": round(os.getloadavg()[0], 2)},
              "cpu_count": os.cpu_count(), "scorers": scorers, "skipped": skipped}
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.with_suffix(".json").write_text(json.dumps(result, indent=2) + "\n")
    out.with_suffix(".md").write_text(_markdown(result))
    print(_markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
