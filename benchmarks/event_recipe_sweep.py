"""Event model recipes side by side: train each candidate, choose on the validation split, record the test split.

Each candidate (CANDIDATES) is an `EventTrainingConfig` change from the defaults. A run trains it with the
carried event labels and records its validation scores (per sentence and per filing, at the thresholds it chose
on validation), its training time, and, for the record only, the same scores on the company-disjoint test split.
`choose` reads validation only: the highest sum of sentence F1 and filing F1 wins (the objective the thresholds
are chosen by), but a change from the defaults must beat the defaults by MIN_GAIN (the validation split
has about 120 asserting sentences: a point of F1 is one or two sentences), and every candidate must train within
the time budget on the cores given.

Run: python -m benchmarks.event_recipe_sweep [--only NAME[,NAME]] [--threads 2]
(each run adds its candidates to benchmarks/results/event_recipe_sweep.json)
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from dataclasses import replace
from typing import Any

from benchmarks.support.paths import RESULTS

RESULT_FILE = RESULTS / "event_recipe_sweep.json"
BUDGET_SECONDS = 600
MIN_GAIN = 0.01
# the defaults before this sweep (64 tokens, 5 of 6 layers frozen, 4 epochs) and what was tried against them
CANDIDATES: dict[str, dict[str, Any]] = {
    "len64_freeze5_e4": {"max_length": 64, "freeze_layers": 5, "epochs": 4},
    "len128_freeze5_e4": {"max_length": 128, "freeze_layers": 5, "epochs": 4},
    "len128_freeze3_e4": {"max_length": 128, "freeze_layers": 3, "epochs": 4},
    "len128_freeze0_e4": {"max_length": 128, "freeze_layers": 0, "epochs": 4},
    "default": {},  # 128 tokens, 3 layers frozen, 6 epochs: chosen by this sweep
}


def objective(entry: dict[str, Any]) -> float:
    """Sentence F1 plus filing F1 on validation."""
    from sec_pipeline.signals.event_training import f1

    return round(f1(entry["validation"]["sentence"]) + f1(entry["validation"]["filing"]), 4)


def run_candidate(name: str, threads: int | None) -> dict[str, Any]:
    """Train candidate `name`, score it on validation and test."""
    from benchmarks.support.event_scoring import compare, learned_verdicts
    from sec_pipeline.signals.event_detector import EventDetector
    from sec_pipeline.signals.event_model import EventClassifier
    from sec_pipeline.signals.event_training import EventTrainingConfig, load_event_labels, train_event_model

    config = replace(EventTrainingConfig(), **CANDIDATES[name], num_threads=threads)
    out = tempfile.mkdtemp(prefix=f"event_sweep_{name}_")
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    report = train_event_model(out, config, log=lambda msg: print(f"[{name}] {msg}", flush=True))
    wall = time.perf_counter() - started
    detector = EventDetector(EventClassifier.load(out, version=report.version))
    test = [lab for lab in load_event_labels() if lab.split == "test"]
    scored = compare(test, {"learned": learned_verdicts(detector)})["learned"]
    return {
        "changes": CANDIDATES[name], "model_version": report.version, "thresholds": report.metrics["thresholds"],
        "validation": {"sentence": report.metrics["validation"]["overall"],
                       "filing": report.metrics["validation_filing"]["overall"]},
        "test_not_used_for_choosing": {"sentence": scored["sentence"]["overall"],
                                       "sentence_clear": scored["sentence_clear"]["overall"],
                                       "filing": scored["filing"]["overall"]},
        "train_seconds": report.metrics["train_seconds"], "wall_seconds": round(wall, 1),
        "load_average": {"start": round(load_before, 2), "end": round(os.getloadavg()[0], 2)},
        "torch_threads": report.metrics["torch_threads"],
    }


def choose(candidates: dict[str, dict[str, Any]]) -> str | None:
    """The candidate the validation split picks (see the module docstring); None without the default's run."""
    if "default" not in candidates:
        return None
    fits = {n: c for n, c in candidates.items() if c["train_seconds"] <= BUDGET_SECONDS}
    base = objective(candidates["default"])
    best = max(fits, key=lambda n: objective(fits[n]))
    return best if best == "default" or objective(fits[best]) >= base + MIN_GAIN else "default"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.event_recipe_sweep")
    parser.add_argument("--only", default=",".join(CANDIDATES), help="comma-separated candidate names")
    parser.add_argument("--threads", type=int, default=None, help="torch threads (default: torch's)")
    args = parser.parse_args(argv)
    names = [n for n in args.only.split(",") if n]
    unknown = [n for n in names if n not in CANDIDATES]
    if unknown:
        print(f"event_recipe_sweep: unknown candidate(s) {unknown}; choose from {list(CANDIDATES)}", file=sys.stderr)
        return 2
    saved = json.loads(RESULT_FILE.read_text()) if RESULT_FILE.is_file() else {}
    results: dict[str, Any] = saved.get("candidates", {})
    for name in names:
        results[name] = run_candidate(name, args.threads)
        print(f"[{name}] validation objective {objective(results[name])}", flush=True)
    summary = {
        "what": __doc__.split("\n\n")[1].replace("\n", " "),
        "command": "python -m benchmarks.event_recipe_sweep --only NAME[,NAME] --threads 2",
        "cpu_count": os.cpu_count(), "budget_seconds": BUDGET_SECONDS, "min_gain_over_default": MIN_GAIN,
        "candidates": results, "objective": {n: objective(c) for n, c in results.items()},
        "chosen": choose(results),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    RESULT_FILE.write_text(json.dumps(summary, indent=1))
    print(json.dumps({"objective": summary["objective"], "chosen": summary["chosen"]}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
