"""Choose the double-labeling subset of labels.jsonl and write it blind for a second labeler (seeded, deterministic).

The subset is stratified over (label, split): each cell gets its proportional share of SIZE sentences (largest
remainders), drawn at random within the cell. Written: `double/subset_ids.txt` (one id per line, sorted) and
`double/blind.tsv` (`id<TAB>text<TAB>form<TAB>item`, shuffled, no labels, whitespace runs collapsed to one space).

Run: .venv/bin/python -m benchmarks.labeling.double_subset
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from pathlib import Path

LABEL_DIR = Path(__file__).resolve().parents[2] / "sec_pipeline" / "signals" / "labels" / "filing_sentiment"
SIZE = 300
SEED = 20240612


def proportional_quotas(sizes: dict[tuple[str, str], int], total: int) -> dict[tuple[str, str], int]:
    """Split `total` over the cells in proportion to their sizes, largest remainders first (ties by cell name)."""
    n = sum(sizes.values())
    exact = {cell: total * size / n for cell, size in sizes.items()}
    quotas = {cell: int(value) for cell, value in exact.items()}
    by_remainder = sorted(sizes, key=lambda cell: (-(exact[cell] - quotas[cell]), cell))
    for cell in by_remainder[: total - sum(quotas.values())]:
        quotas[cell] += 1
    return quotas


def choose_subset(rows: list[dict], size: int = SIZE, seed: int = SEED) -> list[dict]:
    """The stratified subset, in a seeded shuffled order."""
    if size > len(rows):
        raise SystemExit(f"asked for {size} sentences but labels.jsonl has {len(rows)}; pass a smaller --size")
    cells: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in rows:
        cells[(row["label"], row["split"])].append(row)
    rng = random.Random(seed)
    chosen: list[dict] = []
    for cell, quota in sorted(proportional_quotas({c: len(r) for c, r in cells.items()}, size).items()):
        chosen += rng.sample(sorted(cells[cell], key=lambda r: r["id"]), quota)
    rng.shuffle(chosen)
    return chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--labels", type=Path, default=LABEL_DIR / "labels.jsonl")
    parser.add_argument("--out", type=Path, default=LABEL_DIR / "double")
    parser.add_argument("--size", type=int, default=SIZE)
    args = parser.parse_args(argv)
    rows = [json.loads(line) for line in args.labels.read_text(encoding="utf-8").splitlines() if line.strip()]
    subset = choose_subset(rows, args.size)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "subset_ids.txt").write_text("".join(f"{i}\n" for i in sorted(r["id"] for r in subset)))
    with open(args.out / "blind.tsv", "w", encoding="utf-8") as fh:
        for r in subset:
            fh.write(f"{r['id']}\t{' '.join(r['text'].split())}\t{r['form']}\t{r['item']}\n")
    print(f"{args.out / 'blind.tsv'}: {len(subset)} sentences")
    return 0


if __name__ == "__main__":
    sys.exit(main())
