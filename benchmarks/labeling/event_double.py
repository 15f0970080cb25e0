"""Choose the 300-sentence double-labeling subset of the event labels and write it blind for a second labeler.

The subset is drawn from sec_pipeline/signals/labels/events/labels.jsonl, seeded and stratified over (event type,
asserts): every stratum gets min(its size, MIN_PER_STRATUM) sentences, the rest is shared out in proportion to
stratum size (largest remainders first). double/blind.tsv holds only `id<TAB>text<TAB>form<TAB>item` (tabs, line
breaks and backslashes in the text written as \\t, \\n and \\\\), so the first labels cannot leak; double/README.md
tells the second labeler what to write into double/second.tsv.

Run: python -m benchmarks.labeling.event_double
"""

from __future__ import annotations

import random
import sys
from collections import defaultdict

from benchmarks.labeling.event_merge import CANDIDATES, LABEL_DIR, labeled_as_written

DOUBLE = LABEL_DIR / "double"
BLIND = DOUBLE / "blind.tsv"
SEED = 20260513
SIZE = 300
MIN_PER_STRATUM = 8

INSTRUCTIONS = """# Second labeling of 300 event sentences

`blind.tsv` lists 300 sentences (`id`, `text`, `form`, `item`; in `text`, `\\n` is a line break, `\\t` a tab and
`\\\\` a backslash of the filing). Label each one under [../GUIDELINE.md](../GUIDELINE.md), without looking at
`../labels.jsonl` or `../batches/`, and write `second.tsv` here: a header line
`id<TAB>event<TAB>asserts<TAB>subject<TAB>clarity`, then one line per id, with `event` one of the nine types or
`none` (two types comma-separated, the main one first), `asserts` `true`/`false`, `subject`
`registrant`/`subsidiary`/`other_company`/`none`, `clarity` `clear`/`borderline`. Then run
`python -m benchmarks.labeling.event_agreement`, which writes `agreement.json` (Cohen's kappa on the event type and
on asserts, overall and on the sentences both labelers marked clear).
"""


def escape(text: str) -> str:
    """TSV-safe text: backslash, tab and line break written as \\\\, \\t and \\n."""
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\r", "").replace("\n", "\\n")


def allocate(sizes: dict[tuple[str, bool], int], total: int = SIZE) -> dict[tuple[str, bool], int]:
    """Sentences to draw per stratum: a floor of MIN_PER_STRATUM, the rest proportional (largest remainders)."""
    if sum(sizes.values()) < total:
        raise SystemExit(f"{CANDIDATES}: only {sum(sizes.values())} labeled candidates, fewer than the {total} to "
                         "double-label")
    quota = {k: min(n, MIN_PER_STRATUM) for k, n in sizes.items()}
    left = total - sum(quota.values())
    room = {k: sizes[k] - quota[k] for k in sizes}
    weight = sum(room.values())
    shares = {k: left * room[k] / weight for k in sizes}
    for k in sizes:
        quota[k] += int(shares[k])
    for k in sorted(sizes, key=lambda k: (-(shares[k] - int(shares[k])), k))[: total - sum(quota.values())]:
        quota[k] += 1
    return quota


def choose(rows: list[dict], seed: int = SEED) -> list[dict]:
    """The seeded, stratified subset, in id order."""
    strata: dict[tuple[str, bool], list[dict]] = defaultdict(list)
    for r in rows:
        strata[(r["event"], r["asserts"])].append(r)
    rng = random.Random(seed)
    quota = allocate({k: len(v) for k, v in strata.items()})
    picked = [r for k in sorted(strata) for r in rng.sample(sorted(strata[k], key=lambda r: r["id"]), quota[k])]
    return sorted(picked, key=lambda r: r["id"])


def main() -> int:
    subset = choose(labeled_as_written())
    DOUBLE.mkdir(parents=True, exist_ok=True)
    BLIND.write_text("id\ttext\tform\titem\n" + "".join(
        f"{r['id']}\t{escape(r['text'])}\t{r['form']}\t{r['item']}\n" for r in subset))
    (DOUBLE / "README.md").write_text(INSTRUCTIONS)
    print(f"{len(subset)} sentences -> {BLIND}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
