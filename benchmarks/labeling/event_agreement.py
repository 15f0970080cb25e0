"""Inter-labeler agreement on the double-labeled event sentences: Cohen's kappa, written to double/agreement.json.

Reads the first labels (sec_pipeline/signals/labels/events/labels.jsonl) and the second labeler's
double/second.tsv (`id<TAB>event<TAB>asserts<TAB>subject<TAB>clarity`, validated like the batch files), and
reports, over the ids of double/blind.tsv that both labeled: Cohen's kappa and raw agreement on the event type
(the main type, `none` included) and on asserts, overall and on the "clear" subset (both labelers marked the
sentence clear), with the disagreeing ids.

Run: python -m benchmarks.labeling.event_agreement
"""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter
from collections.abc import Hashable, Sequence
from pathlib import Path

from benchmarks.labeling.event_merge import LABEL_DIR, labeled_as_written, parse_label

DOUBLE = LABEL_DIR / "double"
BLIND = DOUBLE / "blind.tsv"
SECOND = DOUBLE / "second.tsv"
OUT = DOUBLE / "agreement.json"


def cohen_kappa(a: Sequence[Hashable], b: Sequence[Hashable]) -> float | None:
    """Cohen's kappa of two labelers over the same items; None when chance agreement is 1 (one shared label)."""
    if len(a) != len(b) or not a:
        raise ValueError(f"kappa needs two equally long, non-empty label lists, got {len(a)} and {len(b)}")
    n = len(a)
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    ca, cb = Counter(a), Counter(b)
    expected = sum(ca[k] * cb[k] for k in ca.keys() | cb.keys()) / (n * n)
    return None if expected == 1 else (observed - expected) / (1 - expected)


def read_second(path: Path = SECOND) -> dict[str, dict[str, object]]:
    """id -> validated second label; SystemExit naming the file when it is missing."""
    if not path.is_file():
        raise SystemExit(f"{path}: no second labels; label double/blind.tsv as double/README.md describes")
    with open(path, newline="", encoding="utf-8") as fh:
        return {f["id"]: parse_label(f, f"{path.name}:{n}")
                for n, f in enumerate(csv.DictReader(fh, delimiter="\t"), start=2)}


def measure(pairs: list[tuple[str, dict, dict]]) -> dict[str, object]:
    """Kappa, raw agreement and disagreements on event type and on asserts for (id, first, second) pairs."""
    out: dict[str, object] = {"n": len(pairs)}
    for field in ("event", "asserts"):
        a = [p[1][field] for p in pairs]
        b = [p[2][field] for p in pairs]
        kappa = cohen_kappa(a, b) if pairs else None
        out[field] = {"kappa": None if kappa is None else round(kappa, 3),
                      "agreement": round(sum(x == y for x, y in zip(a, b, strict=True)) / len(pairs), 3)
                      if pairs else None,
                      "disagreements": [p[0] for p in pairs if p[1][field] != p[2][field]]}
    return out


def agreement(first: dict[str, dict], second: dict[str, dict], ids: list[str]) -> dict[str, object]:
    """The agreement report over the blind ids that both labelers labeled."""
    both = [(i, first[i], second[i]) for i in ids if i in first and i in second]
    if not both:
        raise SystemExit(f"{SECOND}: none of the {len(ids)} ids of {BLIND} is labeled there")
    clear = [p for p in both if p[1]["clarity"] == "clear" and p[2]["clarity"] == "clear"]
    return {"labelers": [next(iter(first.values()))["labeler"], "second"], "blind_ids": len(ids),
            "labeled_by_both": len(both), "overall": measure(both), "clear_by_both": measure(clear)}


def main() -> int:
    first = {r["id"]: r for r in labeled_as_written()}
    with open(BLIND, newline="", encoding="utf-8") as fh:
        ids = [row["id"] for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)]
    report = agreement(first, read_second(), ids)
    OUT.write_text(json.dumps(report, indent=1) + "\n")
    o = report["overall"]
    print(f"{report['labeled_by_both']} sentences: kappa event {o['event']['kappa']}, asserts {o['asserts']['kappa']}"
          f" -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
