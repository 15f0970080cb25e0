"""Year-over-year similarity of Item 1A and Item 7 for every company with consecutive 10-Ks in ../shared/edgar.

For each pair (same company, consecutive 10-Ks) it reports the Lazy Prices metrics and their run time, and the
same metrics against a different company's filing of the same year as a baseline. The MiniLM embedding metric
runs on the first pair only (it dominates run time on CPU). Writes benchmarks/results/risk_changes.json and .md.

Run: python -m benchmarks.risk_changes   (from the repository root)
"""

from __future__ import annotations

import json
import time

from benchmarks.support.paths import RESULTS as OUT
from benchmarks.support.paths import shared_edgar_dir
from sec_pipeline.parsing.api import parse_path
from sec_pipeline.signals.changes import similarity_signals
from sec_pipeline.signals.embeddings import chunks

SHARED = shared_edgar_dir()
PAIRS = [  # (previous, current) 10-K of the same company, consecutive fiscal years
    ("1141391_0001141391-24-000022.html.gz", "1141391_ma-10-k-2025-02-12.html.gz"),
    ("1326801_0001326801-24-000012.html.gz", "1326801_meta-10-k-2025-01-30.html.gz"),
    ("1652044_0001652044-24-000022.html.gz", "1652044_googl-10-k-2025-02-05.html.gz"),
    ("12927_0000012927-24-000010.html.gz", "12927_ba-10-k-2025-02-03.html.gz"),
    ("1551152_0001551152-24-000011.html.gz", "1551152_abbv-10-k-2025-02-14.html.gz"),
    ("21344_0000021344-24-000009.html.gz", "21344_ko-10-k-2025-02-20.html.gz"),
    ("354950_0000354950-24-000062.html.gz", "354950_hd-10-k-2025-03-21.html.gz"),
    ("796343_0000796343-24-000006.html.gz", "796343_adbe-10-k-2025-01-13.html.gz"),
    ("2488_0000002488-23-000047.htm.gz", "2488_0000002488-24-000012.html.gz"),
]
METRICS = ("cosine_tf", "jaccard", "min_edit", "simple", "embedding_cosine")


def sections(name: str) -> dict[str, str]:
    parsed = parse_path(SHARED / "filings" / "10-K" / name, form="10-K")
    return {s.item: s.text for s in parsed.sections if s.item in {"1A", "7"}}


def main() -> int:
    rows = []
    texts = {name: sections(name) for pair in PAIRS for name in pair}
    for i, (prev, cur) in enumerate(PAIRS):
        other = PAIRS[(i + 1) % len(PAIRS)][0]  # a different company's filing, same year as `prev`
        for item in ("1A", "7"):
            if item not in texts[cur] or item not in texts[prev]:
                rows.append({"current": cur, "item": item, "missing": True})
                continue
            started = time.perf_counter()
            sigs = similarity_signals(item, texts[cur][item], texts[prev][item], embeddings=(i == 0))
            seconds = time.perf_counter() - started
            base = {s.name: s.value for s in similarity_signals(item, texts[cur][item], texts[other].get(item, ""),
                                                                 embeddings=(i == 0))
                    if s.category == "similarity"}
            ca, cb = chunks(texts[cur][item]), chunks(texts[prev][item])
            rows.append({
                "chunks_total": len(ca) + len(cb), "chunks_encoded": len(set(ca) | set(cb)),
                "current": cur, "previous": prev, "item": item, "seconds": round(seconds, 3),
                "words_current": len(texts[cur][item].split()), "words_previous": len(texts[prev][item].split()),
                "same_company": {s.name: s.value for s in sigs if s.category in {"similarity", "heading_count"}},
                "other_company": base, "other_company_filing": other,
            })
    done = [r for r in rows if "same_company" in r]
    summary = {
        "pairs": len(PAIRS), "sections_compared": len(done),
        "same_company_higher": {m: sum(r["same_company"].get(m, 0) > r["other_company"].get(m, 1) for r in done
                                       if m in r["same_company"]) for m in METRICS},
        "seconds_without_embeddings_max": max(r["seconds"] for r in done[2:]),
        "rows": rows,
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "risk_changes.json").write_text(json.dumps(summary, indent=1))
    lines = ["# Year-over-year section similarity (Lazy Prices metrics) on consecutive shared 10-Ks", "",
             "Command: `python -m benchmarks.risk_changes`", "",
             f"{len(done)} sections compared across {len(PAIRS)} companies; the same company's previous filing scores "
             "higher than another company's filing on: " + ", ".join(
                 f"{m} {n}/{sum(1 for r in done if m in r['same_company'])}"
                 for m, n in summary["same_company_higher"].items()), "",
             "| current 10-K | item | words | s | cosine_tf | jaccard | min_edit | simple | embedding | +head | -head |"
             " other co. simple |", "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in done:
        s = r["same_company"]
        lines.append(f"| {r['current'][:28]} | {r['item']} | {r['words_current']} | {r['seconds']} | "
                     f"{s['cosine_tf']:.3f} | {s['jaccard']:.3f} | {s['min_edit']:.3f} | {s['simple']:.3f} | "
                     f"{s.get('embedding_cosine', '-')} | {s.get('headings_added', '-')} | "
                     f"{s.get('headings_removed', '-')} | {r['other_company']['simple']:.3f} |")
    lines += ["", "Seconds include the embedding metric (MiniLM on CPU, 2 shared cores) on the first pair only. "
              "Chunks shared by both years (unchanged paragraphs) are encoded once: "
              + ", ".join(f"{r['item']} {r['chunks_encoded']}/{r['chunks_total']}" for r in done[:2])
              + " chunks encoded (first pair)."]
    (OUT / "risk_changes.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
