"""Section parsing: accuracy against the shared labels, and speed side by side with edgartools.

Run (from the repository root):
    python -m benchmarks.sections [--peer-python /tmp/edgartools-venv/bin/python]
        [--edgar DIR] [--out benchmarks/results] [--skip-speed]

Accuracy: `benchmarks.support.section_scoring` (also `sec-pipeline eval sections`) on every labeled filing.
Speed: this parser and edgartools (peer, its own venv, no network) on the same labeled 10-K and 10-Q HTML
files, one subprocess per form and tool, file reading and imports excluded: median s/filing, median MB/s,
peak RSS (ru_maxrss of the worker process, interpreter and imports included), and each tool's item F1 on
the same (corrected) labels. Writes sections.json and sections.md under --out.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.support.label_corrections import corrected_gold
from benchmarks.support.paths import REPO_ROOT, RESULTS, shared_edgar_dir
from benchmarks.support.section_report import render_md
from benchmarks.support.section_scoring import (
    TEN_K_LABEL_ITEMS,
    TEN_Q_ITEMS,
    evaluate,
    filing_stem,
    find_raw,
    prf,
)

_OURS_WORKER = r"""
import gzip, json, resource, sys, time
from sec_pipeline.parsing.api import parse_document
form, files = sys.argv[1], sys.argv[2:]
out = []
for f in files:
    raw = open(f, "rb").read()
    html = (gzip.decompress(raw) if f.endswith(".gz") else raw).decode("utf-8", "replace")
    t = time.perf_counter()
    d = parse_document(html, form)
    dt = time.perf_counter() - t
    out.append({"file": f, "s": dt, "items": d.items()})
print(json.dumps({"runs": out, "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""

# edgartools' TenK/TenQ `.document` is exactly this parser call on the filing's HTML (edgar/company_reports/
# ten_k.py); calling it directly needs no Filing object and therefore no network.
_PEER_WORKER = r"""
import gzip, json, resource, sys, time
from edgar.documents import HTMLParser, ParserConfig
form, files = sys.argv[1], sys.argv[2:]
out = []
for f in files:
    raw = open(f, "rb").read()
    html = (gzip.decompress(raw) if f.endswith(".gz") else raw).decode("utf-8", "replace")
    t = time.perf_counter()
    try:
        sections = HTMLParser(ParserConfig(form=form)).parse(html).sections
        names = []
        for s in sections.values():
            item = (getattr(s, "item", None) or "").strip()
            part = (getattr(s, "part", None) or "").strip().upper()
            if not item:
                continue
            if form == "10-Q":
                names.append("part%sitem%s" % ({"I": 1, "II": 2}.get(part, 0), item.lower()))
            else:
                names.append(item.upper())
        error = None
    except Exception as exc:
        names, error = [], f"{type(exc).__name__}: {exc}"[:200]
    dt = time.perf_counter() - t
    out.append({"file": f, "s": dt, "items": names, "error": error})
print(json.dumps({"runs": out, "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def _run_worker(cmd: list[str], cwd: Path | None = None) -> dict[str, object]:
    env = {**os.environ, "EDGAR_LOCAL_DATA_DIR": "/tmp/edgartools-offline", "EDGAR_USE_LOCAL_DATA": "1",
           "EDGAR_IDENTITY": "sec_pipeline benchmark bench@example.com", "HTTPS_PROXY": "http://127.0.0.1:9",
           "HTTP_PROXY": "http://127.0.0.1:9"}
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=cwd, timeout=1800)
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "failed"}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _speed_stats(result: dict[str, object], sizes: dict[str, int]) -> dict[str, object]:
    if "error" in result:
        return {"error": result["error"]}
    runs = result["runs"]
    secs = [r["s"] for r in runs]
    mbps = [sizes[r["file"]] / 1e6 / r["s"] for r in runs if r["s"] > 0]
    return {"filings": len(runs), "median_s": round(statistics.median(secs), 4),
            "median_mb_s": round(statistics.median(mbps), 2), "total_s": round(sum(secs), 2),
            "peak_rss_mb": round(result["maxrss_kb"] / 1024, 1)}


def _tool_accuracy(result: dict[str, object], edgar: Path, form: str) -> dict[str, float]:
    """Item precision / recall / F1 / exact set of one tool's speed run against the sec-parser labels."""
    if "error" in result:
        return {}
    rows = []
    for run in result["runs"]:
        stem = filing_stem(Path(run["file"]).name)
        label_path = edgar / f"labels/sec-parser-test-data/{form}/{stem}.expected-top-level-sections.json"
        label = {x["identifier"] for x in json.loads(label_path.read_text("utf-8")) if x["character_count"] > 0}
        vocab = TEN_K_LABEL_ITEMS if form == "10-K" else set(TEN_Q_ITEMS)
        found = {x for x in run["items"] if x in vocab}
        gold = corrected_gold(form, stem, label)
        rows.append({"tp": len(found & gold), "fp": len(found - gold), "fn": len(gold - found),
                     "exact": found == gold, "era": ""})
    return prf(rows)


def speed(edgar: Path, peer_python: str | None) -> dict[str, object]:
    """Median s/filing, MB/s and peak RSS of this parser and the peer on the same labeled HTML files."""
    import gzip

    out: dict[str, object] = {}
    for form in ("10-K", "10-Q"):
        files = []
        for label in sorted((edgar / f"labels/sec-parser-test-data/{form}").glob("*top-level*.json")):
            raw = find_raw(edgar / f"filings/{form}", label.name.split(".expected-")[0], (".html", ".htm"))
            if raw is not None:
                files.append(str(raw.resolve()))  # the worker runs in the repository root
        sizes = {}
        for f in files:
            data = Path(f).read_bytes()
            sizes[f] = len(gzip.decompress(data)) if f.endswith(".gz") else len(data)
        # run in the repository root, so that `-c` (sys.path[0] == the working folder) imports this checkout
        ours_run = _run_worker([sys.executable, "-c", _OURS_WORKER, form, *files], cwd=REPO_ROOT)
        ours = {**_speed_stats(ours_run, sizes), "accuracy_corrected_labels": _tool_accuracy(ours_run, edgar, form)}
        entry: dict[str, object] = {"files": len(files), "mb_total": round(sum(sizes.values()) / 1e6, 1),
                                    "sec_pipeline": ours}
        if peer_python and Path(peer_python).exists():
            peer = _run_worker([peer_python, "-c", _PEER_WORKER, form, *files])
            entry["edgartools"] = {**_speed_stats(peer, sizes),
                                   "accuracy_corrected_labels": _tool_accuracy(peer, edgar, form),
                                   "parse_errors": [r["file"] for r in peer.get("runs", []) if r.get("error")]}
            if "error" not in peer and "error" not in ours:
                entry["speedup_median_mb_s"] = round(ours["median_mb_s"] / entry["edgartools"]["median_mb_s"], 1)
        else:
            entry["edgartools"] = {"skipped": f"peer python {peer_python!r} not found"}
        out[form] = entry
    return out


# --- Stub share (issue 14): 10-K / 10-Q items whose text is a pointer elsewhere, before and after resolution ---

_RESOLVED = ("incorporated by reference: text taken from", "text found through the filing's cross-reference table")
_KEY_ITEMS = {"1", "1A", "7", "8", "part1item1", "part1item2"}  # the sections most signals read


def stub_shares(edgar: Path) -> dict[str, dict[str, object]]:
    """Per form and era, the share of items that are stubs as the primary document gives them ("before":
    a cross-reference stub or a cross-reference index row) and after the parser resolved them ("after": the
    text is still the stub or the row, because the pointed-to document is not in the submission, e.g. the
    proxy statement, or the row names no page). Every 10-K and 10-Q filing of the shared tree."""
    from collections import Counter

    from benchmarks.support.section_scoring import filing_stem, manifest_eras
    from sec_pipeline.parsing.api import parse_path
    from sec_pipeline.parsing.cross_reference import INDEX_ENTRY
    from sec_pipeline.parsing.segment import STUB_WARNING

    eras = manifest_eras(edgar)
    counts: Counter[tuple[str, str, str]] = Counter()
    for form in ("10-K", "10-Q"):
        for raw in sorted((edgar / f"filings/{form}").iterdir()):
            era = eras.get(filing_stem(raw.name), "?")
            for sec in parse_path(raw, form).sections:
                resolved = any(w.startswith(_RESOLVED) for w in sec.warnings)
                before = resolved or any(w in (STUB_WARNING, INDEX_ENTRY) for w in sec.warnings)
                key_item = sec.item in _KEY_ITEMS
                for key in (era, "all"):
                    counts[form, key, "items"] += 1
                    counts[form, key, "before"] += before
                    counts[form, key, "after"] += before and not resolved
                    counts[form, key, "key_items"] += key_item
                    counts[form, key, "key_before"] += key_item and before
                    counts[form, key, "key_after"] += key_item and before and not resolved
    out: dict[str, dict[str, object]] = {}
    for (form, era, kind), n in counts.items():
        if kind == "items":
            out.setdefault(form, {})[era] = {
                "items": n, "stubs_before": counts[form, era, "before"], "stubs_after": counts[form, era, "after"],
                "share_before": round(counts[form, era, "before"] / n, 4),
                "share_after": round(counts[form, era, "after"] / n, 4), "key_items": counts[form, era, "key_items"],
                "key_stubs_before": counts[form, era, "key_before"], "key_stubs_after": counts[form, era, "key_after"]}
    return out


def render_stub_shares(shares: dict[str, dict[str, object]]) -> str:
    """The stub-share table as Markdown."""
    lines = ["## 10-K / 10-Q items that are stubs, before and after resolution (every filing of the tree)", "",
             "Before: the primary document answers the item with a cross-reference stub or a cross-reference index "
             "row. After: still so once Exhibit 13 and the index's pages are read (what remains points to the "
             "proxy statement or to nothing in the submission).", "",
             "Key items: 10-K Items 1, 1A, 7, 8 and 10-Q Part I Items 1, 2.", "",
             "| form | era | items | stubs before | share before | stubs after | share after | key items | "
             "key stubs before | key stubs after |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for form, by_era in shares.items():
        for era in sorted(by_era, key=lambda e: (e == "all", e)):
            v = by_era[era]
            lines.append(f"| {form} | {era} | {v['items']} | {v['stubs_before']} | {v['share_before']} | "
                         f"{v['stubs_after']} | {v['share_after']} | {v['key_items']} | {v['key_stubs_before']} | "
                         f"{v['key_stubs_after']} |")
    return "\n".join(lines) + "\n"

# --- end of stub share ---


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and write the results files."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--edgar", type=Path, default=None, help="shared EDGAR tree (default ../shared/edgar)")
    ap.add_argument("--peer-python", default="/tmp/edgartools-venv/bin/python")
    ap.add_argument("--out", type=Path, default=RESULTS)
    ap.add_argument("--skip-speed", action="store_true")
    args = ap.parse_args(argv)
    edgar = args.edgar or shared_edgar_dir()
    t0 = time.perf_counter()
    try:
        results = evaluate(edgar)
    except FileNotFoundError as exc:
        print(exc, file=sys.stderr)
        return 2
    results["accuracy_seconds"] = round(time.perf_counter() - t0, 1)
    if not args.skip_speed:
        results["speed"] = speed(edgar, args.peer_python)
    results["stub_share"] = stub_shares(edgar)
    stubs_md = render_stub_shares(results["stub_share"])
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "sections.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    (args.out / "sections.md").write_text(render_md(results) + "\n" + stubs_md, encoding="utf-8")
    print(render_md(results).split("## Misses")[0] + stubs_md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
