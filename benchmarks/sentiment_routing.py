"""Does routing complex sections to the accurate tier pay? Filing-label accuracy by section complexity.

Gold: the carried filing labels' validation and test splits (company-disjoint). Each labeled sentence's
section is parsed again from the shared EDGAR tree (`parse_path`, the label's item) and scored with
`routing.complexity_score`, the score the router routes on. For every threshold on a grid: the share of
sentences routed to the accurate tier, the fast and the accurate model's accuracy on those sentences, and the
routed accuracy over all (accurate at or above the threshold, fast below). The threshold is chosen on
validation only: the highest routed accuracy, ties going to the higher threshold (fewer sections on the
slower tier); test is recorded for that threshold and the grid. An accurate candidate (`--accurate`, repeatable)
is a model folder or hub id, or several comma-separated ones whose probabilities are averaged (an ensemble).

Run: nice -n 10 python -m benchmarks.sentiment_routing --fast DIR --accurate DIR[,DIR...] [--accurate ...]
     writes benchmarks/results/sentiment_routing.json
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from benchmarks.support.paths import RESULTS, shared_edgar_dir
from sec_pipeline.parsing.api import parse_path
from sec_pipeline.quality.phrasebank import LABELS
from sec_pipeline.signals.filing_labels import LABELS_FILE
from sec_pipeline.signals.routing import complexity_score
from sec_pipeline.signals.sentiment import Prediction, SentimentModel

THRESHOLDS = [round(0.05 * i, 2) for i in range(21)]


class Ensemble:
    """The mean of several models' label probabilities; the SentimentModel predict interface."""

    def __init__(self, models: Sequence[SentimentModel]) -> None:
        self.models = list(models)

    def predict(self, sentences: Sequence[str]) -> list[Prediction]:
        """Average probabilities per sentence, label the argmax."""
        runs = [model.predict(sentences) for model in self.models]
        out = []
        for predictions in zip(*runs, strict=True):
            probs = {label: sum(p.probs.get(label, 0.0) for p in predictions) / len(predictions) for label in LABELS}
            label = max(probs, key=probs.__getitem__)
            out.append(Prediction(label, probs[label], probs))
        return out


def _load(source: str, cache_dir: str | None) -> SentimentModel | Ensemble:
    parts = [s for s in source.split(",") if s]
    models = [SentimentModel.load(p, cache_dir=cache_dir, precision="fp32") for p in parts]
    return models[0] if len(models) == 1 else Ensemble(models)


def labeled_sections(edgar: Path, labels: Path = LABELS_FILE) -> list[dict]:
    """Validation and test label rows, each with `complexity`: the complexity score of its source section."""
    rows = [row for row in map(json.loads, labels.read_text(encoding="utf-8").splitlines())
            if row["split"] in ("validation", "test")]
    scores: dict[tuple[str, str], float] = {}
    for path in sorted({row["path"] for row in rows}):
        form = next(row["form"] for row in rows if row["path"] == path)
        for section in parse_path(edgar / path, form).sections:
            scores[(path, section.item)] = complexity_score(section.text)
    missing = [row["id"] for row in rows if (row["path"], row["item"]) not in scores]
    if missing:
        raise SystemExit(f"{len(missing)} labels whose section the parser no longer finds, e.g. {missing[:3]}")
    return [{**row, "complexity": scores[(row["path"], row["item"])]} for row in rows]


def _grid(rows: list[dict], fast: list[str], accurate: list[str]) -> list[dict]:
    out = []
    for threshold in THRESHOLDS:
        routed = [i for i, row in enumerate(rows) if row["complexity"] >= threshold]
        chosen = set(routed)
        correct = sum((accurate if i in chosen else fast)[i] == row["label"] for i, row in enumerate(rows))
        out.append({
            "threshold": threshold, "routed_share": round(len(routed) / len(rows), 4), "routed_n": len(routed),
            "fast_on_routed": round(sum(fast[i] == rows[i]["label"] for i in routed) / len(routed), 4) if routed else None,
            "accurate_on_routed": (round(sum(accurate[i] == rows[i]["label"] for i in routed) / len(routed), 4)
                                   if routed else None),
            "routed_accuracy": round(correct / len(rows), 4),
        })
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fast", required=True, help="the fast tier's model folder")
    parser.add_argument("--accurate", required=True, action="append",
                        help="model folder or hub id, or comma-separated folders (repeatable)")
    parser.add_argument("--cache-dir", default=None)
    parser.add_argument("--edgar", default=str(shared_edgar_dir()))
    parser.add_argument("--out", default=str(RESULTS / "sentiment_routing.json"))
    args = parser.parse_args()
    rows = labeled_sections(Path(args.edgar))
    texts = [row["text"] for row in rows]
    fast_labels = [p.label for p in _load(args.fast, args.cache_dir).predict(texts)]
    splits = ("validation", "test")
    result = {
        "command": "nice -n 10 python -m benchmarks.sentiment_routing " + " ".join(sys.argv[1:]),
        "what": __doc__.split("\n\n")[1].replace("\n", " "),
        "cpu_count": os.cpu_count(),
        "fast": args.fast,
        "complexity_quantiles": {split: _quantiles([r["complexity"] for r in rows if r["split"] == split])
                                 for split in splits},
        "accurate": {source: _candidate(rows, fast_labels, [p.label for p in _load(source, args.cache_dir).predict(texts)])
                     for source in args.accurate},
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps({source: {k: v for k, v in c.items() if k != "grid"} for source, c in result["accurate"].items()},
                     indent=2))
    return 0


def _candidate(rows: list[dict], fast: list[str], accurate: list[str]) -> dict:
    """Grids per split and the threshold chosen on validation, with test at that threshold."""
    grids = {}
    for split in ("validation", "test"):
        index = [i for i, row in enumerate(rows) if row["split"] == split]
        grids[split] = _grid([rows[i] for i in index], [fast[i] for i in index], [accurate[i] for i in index])
    best = max(grids["validation"], key=lambda g: (g["routed_accuracy"], g["threshold"]))
    return {"chosen_threshold_on_validation": best["threshold"], "validation_at_chosen": best,
            "test_at_chosen": next(g for g in grids["test"] if g["threshold"] == best["threshold"]), "grid": grids}


def _quantiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {f"p{q}": round(ordered[min(int(q / 100 * len(ordered)), len(ordered) - 1)], 3) for q in (10, 50, 90)}


if __name__ == "__main__":
    sys.exit(main())
