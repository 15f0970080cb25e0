"""Quality library: calibration of its rules on real labels, baselines of the model gate, and suite speed.

Run (from the repository root):
    python -m benchmarks.quality [--edgar DIR] [--out benchmarks/results] [--sizes 50,200]

Measures, on ../shared/edgar (env SEC_PIPELINE_SHARED_EDGAR overrides):
  * section size bands (vocabulary.quality_band): share of real labelled sections (non-empty) inside their band -
    sec-parser 10-K/10-Q section lists (character counts of the HTML source) and EDGAR-CRAWLER's 62
    extracted 10-Ks and 8-K items (text characters);
  * required items (quality.rules): share of labelled 10-K/10-Q section lists that contain every required
    item of their form and era (a rule that real filings break would make the gate cry wolf);
  * model gate baselines on the held-out PhraseBank split: majority class and uniform random accuracy;
  * `run_all` wall time on a synthetic partition of N filings (copies of the real-data test partition),
    with and without GX Data Docs.
Writes quality.json and quality.md under --out.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
import zipfile
from collections import Counter
from pathlib import Path

from benchmarks.support.paths import RESULTS, shared_edgar_dir
from sec_pipeline.quality import rules
from sec_pipeline.quality.gold import heldout_sentences
from sec_pipeline.vocabulary import EIGHT_K_QUALITY_BAND, normalize_item, quality_band


def _edgar_dir(arg: str | None) -> Path:
    return Path(arg) if arg else shared_edgar_dir()


def _year(accession: str) -> int:
    yy = int(accession.split("-")[1])
    return 1900 + yy if yy >= 90 else 2000 + yy


def band_calibration(edgar: Path) -> dict:
    """Share of non-empty labelled sections within their band, per source."""
    out = {}
    for form in ("10-K", "10-Q"):
        inside = total = 0
        misses = Counter()
        for path in sorted((edgar / "labels/sec-parser-test-data").glob(f"**/{form}/*sections.json")):
            for section in json.loads(path.read_text()):
                chars = section["character_count"]
                if chars <= 0:
                    continue
                low, high = quality_band(form, section["identifier"])
                total += 1
                if low <= chars <= high:
                    inside += 1
                else:
                    misses[normalize_item(section["identifier"])] += 1
        out[f"sec-parser {form} (HTML chars)"] = {"sections": total, "in_band": inside,
                                                  "share": round(inside / total, 4), "misses": dict(misses)}
    archive = edgar / "labels/edgar-crawler/unpaired/10-K/EXTRACTED_FILINGS_10-K.zip"
    inside = total = 0
    misses = Counter()
    with zipfile.ZipFile(archive) as zf:
        for name in zf.namelist():
            if not name.endswith(".json"):
                continue
            for key, text in json.loads(zf.read(name)).items():
                if key.startswith("item_") and text:
                    item = key.removeprefix("item_")
                    low, high = quality_band("10-K", item)
                    total += 1
                    inside += low <= len(text) <= high
                    if not low <= len(text) <= high:
                        misses[normalize_item(item)] += 1
    out["edgar-crawler 10-K (text chars)"] = {"sections": total, "in_band": inside,
                                              "share": round(inside / total, 4), "misses": dict(misses)}
    inside = total = 0
    for path in sorted((edgar / "labels/edgar-crawler/8-K").glob("*.json")):
        for key, text in json.loads(path.read_text()).items():
            if key.startswith("item_") and text:
                low, high = EIGHT_K_QUALITY_BAND
                total += 1
                inside += low <= len(text) <= high
    out["edgar-crawler 8-K (text chars)"] = {"sections": total, "in_band": inside,
                                             "share": round(inside / total, 4)}
    return out


def required_items_calibration(edgar: Path) -> dict:
    """Share of labelled 10-K/10-Q section lists that contain the required items of their form and era."""
    out = {}
    for form in ("10-K", "10-Q"):
        ok = total = 0
        failures = []
        for path in sorted((edgar / "labels/sec-parser-test-data").glob(f"**/{form}/*sections.json")):
            accession = path.name.split("_")[1].split(".")[0]
            found = {normalize_item(s["identifier"]) for s in json.loads(path.read_text())
                     if s["character_count"] > 0}
            required = rules.required_items(form, _year(accession))
            if required is None or required == rules.RELAXED:
                continue
            total += 1
            missing = sorted(set(required) - found)
            ok += not missing
            if missing:
                failures.append({"accession": accession, "missing": missing})
        out[f"sec-parser {form}"] = {"filings": total, "pass": ok, "share": round(ok / total, 4),
                                     "failures": failures}
    archive = edgar / "labels/edgar-crawler/unpaired/10-K/EXTRACTED_FILINGS_10-K.zip"
    ok = total = 0
    failures = []
    with zipfile.ZipFile(archive) as zf:
        for name in zf.namelist():
            if not name.endswith(".json"):
                continue
            label = json.loads(zf.read(name))
            year = int(str(label.get("filing_date", "0"))[:4] or 0)
            required = rules.required_items("10-K", year)
            if required is None or required == rules.RELAXED:
                continue
            found = {normalize_item(k.removeprefix("item_")) for k, v in label.items()
                     if k.startswith("item_") and v}
            total += 1
            missing = sorted(set(required) - found)
            ok += not missing
            if missing:
                failures.append({"file": name, "year": year, "missing": missing})
    out["edgar-crawler 10-K"] = {"filings": total, "pass": ok, "share": round(ok / total, 4) if total else None,
                                 "failures": failures}
    return out


def model_baselines(edgar: Path) -> dict:
    """Majority-class, uniform-random and project-lexicon accuracy on the held-out split of two agreement levels."""
    import tempfile

    from sec_pipeline.quality.gold import model_accuracy, predict_fn_for
    from sec_pipeline.signals.routing import LexiconSentiment

    folder = edgar / "labels/financial-phrasebank/FinancialPhraseBank-v1.0"
    lexicon = predict_fn_for(LexiconSentiment())
    out = {}
    for name in ("Sentences_AllAgree.txt", "Sentences_50Agree.txt"):
        pairs = heldout_sentences(folder / name)
        labels = [label for _, label in pairs]
        majority, count = Counter(labels).most_common(1)[0]
        rng = random.Random(0)
        rand = sum(rng.choice(("negative", "neutral", "positive")) == g for g in labels) / len(labels)
        out[name] = {"heldout_sentences": len(pairs), "majority_class": majority,
                     "majority_accuracy": round(count / len(labels), 4), "random_accuracy": round(rand, 4)}
        with tempfile.TemporaryDirectory() as cache:
            result = model_accuracy(lexicon, folder / name, cache, "lexicon-lm-benchmark")
        out[name].update(lexicon_accuracy=round(result.value, 4), lexicon_macro_f1=round(result.details["macro_f1"], 4))
    return out


def parser_gate(edgar: Path) -> dict:
    """quality.gold.section_accuracy of the project's own parser on every shared 10-K/10-Q/8-K filing.

    This is the value the extraction-accuracy gate would see on these filings: required items present for
    10-K/10-Q, found 8-K items equal to the SEC header's declared items (full submissions only carry them).
    """
    import csv
    import re

    import pandas as pd

    from sec_pipeline.parsing.api import parse_path
    from sec_pipeline.quality.gold import section_accuracy

    main_file = re.compile(r"^\d+_\d{10}-\d{2}-\d{6}\.(txt|htm|html|nc)(\.gz)?$")
    filings, sections, errors = [], [], []
    started = time.perf_counter()
    seen = set()
    with open(edgar / "MANIFEST.tsv", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            path = Path(row["path"])
            base = path.parts[1] if len(path.parts) > 2 else ""
            if row["kind"] != "filing" or base not in ("10-K", "10-Q", "8-K") or not main_file.match(path.name):
                continue
            accession = row["accession"] or path.name.split("_")[1].split(".")[0]
            if accession in seen:
                continue
            seen.add(accession)
            try:
                doc = parse_path(edgar / path, row["form"] or base)
            except Exception as exc:  # a parser failure counts as a disagreement (no sections)
                errors.append(f"{path.name}: {type(exc).__name__}: {exc}"[:200])
                doc = None
            filings.append({"accession_no": accession, "form_type": row["form"] or base,
                            "filing_date": row["filing_date"] or f"{_year(accession)}-06-30",
                            "declared_items": doc.declared_items if doc else [], "era": row["era"]})
            for section in doc.sections if doc else []:
                sections.append({"accession_no": accession, "item": section.item,
                                 "char_count": section.char_count})
    filings_frame = pd.DataFrame(filings)
    sections_frame = pd.DataFrame(sections, columns=["accession_no", "item", "char_count"])
    out: dict = {"filings_parsed": len(filings), "parser_errors": errors[:20], "parser_error_count": len(errors),
                 "seconds": round(time.perf_counter() - started, 1)}
    overall = section_accuracy(filings_frame, sections_frame)
    out["all"] = {"value": round(overall.value, 4), "n": overall.n, "by_form": overall.details["by_form"],
                  "disagreements": overall.details["disagreements"][:20]}
    for era, group in filings_frame.groupby("era"):
        result = section_accuracy(group, sections_frame[sections_frame.accession_no.isin(group.accession_no)])
        out[f"era {era}"] = {"value": round(result.value, 4), "n": result.n, "by_form": result.details["by_form"]}
    return out


def suite_speed(edgar: Path, sizes: list[int], signal_copies: int, repeats: int = 3) -> dict:
    """Median wall seconds of run_all on N-filing partitions, with and without Data Docs.

    Each filing's signals are repeated `signal_copies` times under suffixed names (keys stay unique), to
    reach a realistic ~100 signals per filing (tone, sentiment and routing per section, financials).
    """
    import pandas as pd

    from benchmarks.support.partition_data import companyfacts_lookup, good_partition
    from sec_pipeline.quality.suites import run_all

    started = time.perf_counter()
    import great_expectations  # noqa: F401

    out: dict = {"gx_import_s": round(time.perf_counter() - started, 2)}
    filings, sections, signals = good_partition(edgar)
    if signal_copies > 1:
        signals = pd.concat([signals.assign(name=signals["name"] + (f"_r{k}" if k else ""))
                             for k in range(signal_copies)], ignore_index=True)
    for n in sizes:
        copies = max(1, n // len(filings))
        frames = []
        for frame in (filings, sections, signals):
            parts = []
            for i in range(copies):
                part = frame.copy()
                if i:  # keep the real accession for copy 0 so companyfacts still matches
                    part["accession_no"] = part["accession_no"].str.slice(0, 11) + f"{90 + i % 10:02d}-{i:06d}"
                parts.append(part)
            frames.append(pd.concat(parts, ignore_index=True))
        row = {"filings": len(frames[0]), "sections": len(frames[1]), "signals": len(frames[2])}
        for docs in (False, True):
            times = []
            for _ in range(repeats):
                t = time.perf_counter()
                report = run_all(*frames, companyfacts_lookup=lambda cik: companyfacts_lookup(cik, edgar),
                                 build_docs=docs)
                times.append(time.perf_counter() - t)
            row[f"run_all_s_docs_{docs}"] = round(statistics.median(times), 3)
            row["outcomes"] = len(report.outcomes)
            row["pass_rate"] = report.pass_rate
        out[f"n={n}"] = row
    return out


def _pct(share: float | None) -> str:
    return "n/a" if share is None else f"{share:.2%}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edgar", default=None)
    parser.add_argument("--out", default=str(RESULTS))
    parser.add_argument("--sizes", default="40,300")
    parser.add_argument("--signal-copies", type=int, default=12, help="signals per filing multiplier")
    parser.add_argument("--skip-parser", action="store_true", help="skip parsing every shared filing")
    args = parser.parse_args()
    edgar = _edgar_dir(args.edgar)
    results = {
        "command": "python -m benchmarks.quality " + " ".join(sys.argv[1:]),
        "cpu_count": os.cpu_count(),
        "bands": band_calibration(edgar),
        "required_items": required_items_calibration(edgar),
        "model_gate_baselines": model_baselines(edgar),
        "suite_speed": suite_speed(edgar, [int(s) for s in args.sizes.split(",")], args.signal_copies),
    }
    if not args.skip_parser:
        results["parser_gate"] = parser_gate(edgar)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "quality.json").write_text(json.dumps(results, indent=1))
    lines = ["# Quality library benchmark", "", f"`{results['command']}` on {results['cpu_count']} CPUs", "",
             "## Section size bands (share of real non-empty sections inside their band)", "",
             "| source | sections | in band | share |", "|---|---|---|---|"]
    lines += [f"| {k} | {v['sections']} | {v['in_band']} | {v['share']:.2%} |" for k, v in results["bands"].items()]
    lines += ["", "## Required items present in labelled filings", "", "| source | filings | pass | share |",
              "|---|---|---|---|"]
    lines += [f"| {k} | {v['filings']} | {v['pass']} | {_pct(v['share'])} |"
              for k, v in results["required_items"].items()]
    lines += ["", "## Model gate baselines (held-out PhraseBank split)", "",
              "| file | held-out | majority class | majority acc | random acc | LM lexicon acc (macro-F1) |",
              "|---|---|---|---|---|---|"]
    lines += [f"| {k} | {v['heldout_sentences']} | {v['majority_class']} | {v['majority_accuracy']:.2%} | "
              f"{v['random_accuracy']:.2%} | {v['lexicon_accuracy']:.2%} ({v['lexicon_macro_f1']:.3f}) |"
              for k, v in results["model_gate_baselines"].items()]
    speed = results["suite_speed"]
    lines += ["", f"## run_all speed (GX import {speed['gx_import_s']} s, not included)", "",
              "| size | filings | sections | signals | outcomes | s (no docs) | s (with Data Docs) |",
              "|---|---|---|---|---|---|---|"]
    lines += [f"| {k} | {v['filings']} | {v['sections']} | {v['signals']} | {v['outcomes']} | "
              f"{v['run_all_s_docs_False']} | {v['run_all_s_docs_True']} |"
              for k, v in speed.items() if k.startswith("n=")]
    if "parser_gate" in results:
        gate = results["parser_gate"]
        lines += ["", "## Extraction-accuracy gate on the shared filings (project parser + gold.section_accuracy)",
                  "", f"{gate['filings_parsed']} filings parsed in {gate['seconds']} s, "
                  f"{gate['parser_error_count']} parser errors.", "",
                  "| scope | labelled filings | agree | by form (n / correct) |", "|---|---|---|---|"]
        for key, value in gate.items():
            if isinstance(value, dict) and "value" in value:
                forms = ", ".join(f"{f} {c['correct']}/{c['n']}" for f, c in value["by_form"].items())
                lines.append(f"| {key} | {value['n']} | {value['value']:.2%} | {forms} |")
    (out / "quality.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
