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
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "sections.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    (args.out / "sections.md").write_text(render_md(results), encoding="utf-8")
    print(render_md(results).split("## Misses")[0])
    return 0


if __name__ == "__main__":
    sys.exit(main())
