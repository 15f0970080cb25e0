"""Agreement between the first labeler (labels.jsonl) and a second one (double/second.tsv) on the double subset.

Reports raw agreement and Cohen's kappa over the three labels, for all subset sentences the second labeler
labeled, for those both labelers marked clear, and for those the first labeler marked clear, plus the confusion
matrix (rows: first labeler, columns: second). Writes `double/agreement.json`.

Run: .venv/bin/python -m benchmarks.labeling.agreement [--second PATH]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from benchmarks.labeling.merge_filing_sentiment import LABELS, read_annotations

LABEL_DIR = Path(__file__).resolve().parents[2] / "sec_pipeline" / "signals" / "labels" / "filing_sentiment"


def cohen_kappa(first: Sequence[str], second: Sequence[str]) -> float:
    """Cohen's kappa of two equally long label sequences: (p_o - p_e) / (1 - p_e); 1.0 when p_e is 1."""
    if len(first) != len(second) or not first:
        raise ValueError("cohen_kappa needs two non-empty label sequences of the same length")
    n = len(first)
    observed = sum(a == b for a, b in zip(first, second, strict=True)) / n
    a_counts, b_counts = Counter(first), Counter(second)
    expected = sum(a_counts[k] * b_counts[k] for k in set(a_counts) | set(b_counts)) / (n * n)
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def agreement(pairs: list[tuple[str, str]]) -> dict[str, float | int | None]:
    """n, raw agreement and kappa of (first, second) label pairs (None when there are none)."""
    if not pairs:
        return {"n": 0, "raw_agreement": None, "kappa": None}
    first, second = zip(*pairs, strict=True)
    return {"n": len(pairs), "raw_agreement": round(sum(a == b for a, b in pairs) / len(pairs), 4),
            "kappa": round(cohen_kappa(first, second), 4)}


def report(first: dict[str, tuple[str, str]], second: dict[str, tuple[str, str]], subset: list[str]) -> dict:
    """The agreement.json object for the subset ids the second labeler labeled."""
    missing = [i for i in second if i not in first]
    if missing:
        raise SystemExit(f"second labels name ids not in labels.jsonl (e.g. {missing[:3]}); label double/blind.tsv")
    ids = [i for i in subset if i in second]
    both_clear = [i for i in ids if first[i][1] == "clear" and second[i][1] == "clear"]
    first_clear = [i for i in ids if first[i][1] == "clear"]
    confusion = Counter((first[i][0], second[i][0]) for i in ids)
    return {
        "subset_size": len(subset),
        "second_labeled": len(ids),
        "all": agreement([(first[i][0], second[i][0]) for i in ids]),
        "clear_by_both": agreement([(first[i][0], second[i][0]) for i in both_clear]),
        "clear_by_first": agreement([(first[i][0], second[i][0]) for i in first_clear]),
        "confusion_first_rows_second_columns": {a: {b: confusion[(a, b)] for b in LABELS} for a in LABELS},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--labels", type=Path, default=LABEL_DIR / "labels.jsonl")
    parser.add_argument("--second", type=Path, default=LABEL_DIR / "double" / "second.tsv")
    parser.add_argument("--out", type=Path, default=LABEL_DIR / "double" / "agreement.json")
    args = parser.parse_args(argv)
    if not args.second.is_file():
        parser.error(f"{args.second}: no second labels yet; label double/blind.tsv as id<TAB>label<TAB>clarity")
    rows = [json.loads(line) for line in args.labels.read_text(encoding="utf-8").splitlines() if line.strip()]
    first = {r["id"]: (r["label"], r["clarity"]) for r in rows}
    subset = (args.labels.parent / "double" / "subset_ids.txt").read_text(encoding="utf-8").split()
    result = report(first, read_annotations(args.second), subset)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: result[k] for k in ("all", "clear_by_both")}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
