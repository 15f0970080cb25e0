"""Join the mined candidates with a labeler's annotations into labels.jsonl, and refresh the README counts.

Inputs: the candidate pool (re-mined from the shared EDGAR tree with `mine_filing_sentiment`, or a candidates.jsonl
it wrote) and `sec_pipeline/signals/labels/filing_sentiment/annotations/<LABELER>.tsv` (`id<TAB>label<TAB>clarity`).
Every candidate must be labeled exactly once, with label positive|negative|neutral and clarity clear|borderline.

Output: labels.jsonl (one object per sentence: the candidate fields + label, clarity, labeler), in candidate order,
and the counts block of the folder's README.md (between the `<!-- counts:start -->` / `<!-- counts:end -->` lines).

Run: .venv/bin/python -m benchmarks.labeling.merge_filing_sentiment [--candidates candidates.jsonl]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path

from benchmarks.labeling.mine_filing_sentiment import SHARED_EDGAR, base_form, draw, pool
from benchmarks.support.paths import REPO_ROOT

LABEL_DIR = REPO_ROOT / "sec_pipeline" / "signals" / "labels" / "filing_sentiment"
LABELS = ("positive", "negative", "neutral")
CLARITY = ("clear", "borderline")
COUNTS_START, COUNTS_END = "<!-- counts:start -->", "<!-- counts:end -->"


def read_annotations(path: Path) -> dict[str, tuple[str, str]]:
    """id -> (label, clarity) from an `id<TAB>label<TAB>clarity` file; a malformed or repeated line is an error."""
    out: dict[str, tuple[str, str]] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) != 3 or parts[1] not in LABELS or parts[2] not in CLARITY:
            raise SystemExit(f"{path}:{n}: expected id<TAB>{'|'.join(LABELS)}<TAB>{'|'.join(CLARITY)}, got {line!r}")
        if parts[0] in out:
            raise SystemExit(f"{path}:{n}: {parts[0]} is labeled twice; keep one line per id")
        out[parts[0]] = (parts[1], parts[2])
    return out


def load_candidates(candidates: Path | None, edgar: Path) -> list[dict]:
    """The candidate rows: from a candidates.jsonl, or mined afresh from the shared tree."""
    if candidates is not None:
        return [json.loads(line) for line in candidates.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not (edgar / "MANIFEST.tsv").is_file():
        raise SystemExit(f"{edgar}: no MANIFEST.tsv; pass --edgar (the shared EDGAR tree) or --candidates")
    return [asdict(c) for c in draw(pool(edgar))]


def merge(candidates: list[dict], annotations: dict[str, tuple[str, str]], labeler: str) -> list[dict]:
    """Candidate rows with label, clarity and labeler; every candidate labeled, no label without a candidate."""
    ids = {c["id"] for c in candidates}
    unknown = sorted(set(annotations) - ids)
    unlabeled = sorted(ids - set(annotations))
    if unknown or unlabeled:
        raise SystemExit(f"annotations and candidates differ: {len(unknown)} labeled ids not mined (e.g. "
                         f"{unknown[:3]}), {len(unlabeled)} candidates unlabeled (e.g. {unlabeled[:3]}); "
                         "re-mine with the parser version the labels were made on, or label the rest")
    return [{**c, "label": annotations[c["id"]][0], "clarity": annotations[c["id"]][1], "labeler": labeler}
            for c in candidates]


def _table(title: str, counter: Counter, total: int, order: Iterable[str] | None = None) -> list[str]:
    keys = list(order) if order is not None else sorted(counter)
    lines = [f"| {title} | sentences | share |", "|---|---|---|"]
    lines += [f"| {k} | {counter[k]} | {counter[k] / total:.1%} |" for k in keys if counter[k]]
    return lines + [""]


def counts_markdown(rows: list[dict]) -> str:
    """The README counts block: per label, clarity, split, form, section, era, stratum; companies per split."""
    total = len(rows)
    companies = {r["cik"]: r["split"] for r in rows}
    lines = [f"{total} labeled sentences from {len({r['accession'] for r in rows})} filings of {len(companies)} "
             f"companies (train {sum(s == 'train' for s in companies.values())}, validation "
             f"{sum(s == 'validation' for s in companies.values())}, test "
             f"{sum(s == 'test' for s in companies.values())} companies).", ""]
    lines += _table("label", Counter(r["label"] for r in rows), total, LABELS)
    lines += _table("clarity", Counter(r["clarity"] for r in rows), total, CLARITY)
    by_label_clarity = Counter((r["label"], r["clarity"]) for r in rows)
    lines += ["| label | clear | borderline |", "|---|---|---|"]
    lines += [f"| {lab} | {by_label_clarity[(lab, 'clear')]} | {by_label_clarity[(lab, 'borderline')]} |"
              for lab in LABELS] + [""]
    by_split = Counter((r["split"], r["label"]) for r in rows)
    lines += ["| split | sentences | positive | negative | neutral |", "|---|---|---|---|---|"]
    for split in ("train", "validation", "test"):
        n = sum(by_split[(split, lab)] for lab in LABELS)
        lines.append(f"| {split} | {n} | " + " | ".join(str(by_split[(split, lab)]) for lab in LABELS) + " |")
    lines.append("")
    lines += _table("form", Counter(base_form(r["form"]) for r in rows), total, ("10-K", "10-Q", "8-K"))
    lines += _table("section", Counter(f"{base_form(r['form'])} {r['section_kind']}" for r in rows), total)
    lines += _table("era", Counter(r["era"] for r in rows), total, ("pre-2001", "2001-2018", "2019+"))
    lines += _table("stratum", Counter(r["stratum"] for r in rows), total, ("change", "directional", "plain"))
    return "\n".join(lines).rstrip() + "\n"


def refresh_readme(readme: Path, block: str) -> None:
    """Replace the text between the counts markers of `readme` with `block`."""
    text = readme.read_text(encoding="utf-8")
    if COUNTS_START not in text or COUNTS_END not in text:
        raise SystemExit(f"{readme}: no {COUNTS_START} ... {COUNTS_END} block to refresh; add the two marker lines")
    head, rest = text.split(COUNTS_START, 1)
    _, tail = rest.split(COUNTS_END, 1)
    readme.write_text(f"{head}{COUNTS_START}\n{block}{COUNTS_END}{tail}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--candidates", type=Path, help="candidates.jsonl (default: mine the shared tree again)")
    parser.add_argument("--edgar", type=Path, default=SHARED_EDGAR, help="the shared EDGAR tree")
    parser.add_argument("--labeler", default="L1", help="annotations/<LABELER>.tsv to merge")
    parser.add_argument("--out", type=Path, default=LABEL_DIR / "labels.jsonl")
    args = parser.parse_args(argv)
    annotations = read_annotations(LABEL_DIR / "annotations" / f"{args.labeler}.tsv")
    rows = merge(load_candidates(args.candidates, args.edgar), annotations, args.labeler)
    with open(args.out, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    refresh_readme(LABEL_DIR / "README.md", counts_markdown(rows))
    print(f"{args.out}: {len(rows)} rows; {dict(Counter(r['label'] for r in rows))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
