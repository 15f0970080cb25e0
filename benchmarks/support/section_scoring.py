"""Accuracy of section parsing against the labeled filings of the shared EDGAR tree.

Scores (reported by benchmarks.sections and `sec-pipeline eval sections`):
  * 8-K vs labels/edgar-crawler: exact item-set match on non-empty items, token F1 of each item's text;
  * 10-K / 10-Q vs labels/sec-parser-test-data: item precision / recall / F1 / exact set (within the
    labels' item list), with the labels as shipped and with documented label errors corrected, and
    `source_end - source_start` vs the label's `character_count` (within 10%, items >= 5,000 chars);
  * 8-K full submissions: items found vs the SEC header's ITEM INFORMATION;
  * plain-text (pre-2001) 10-K / 10-Q filings, which have no labels: the items found.
"""

from __future__ import annotations

import csv
import json
import re
import statistics
from collections import Counter
from pathlib import Path

from benchmarks.support.label_corrections import LABEL_CORRECTIONS, corrected_gold, correction_evidence
from sec_pipeline.parsing.api import parse_path, parse_text
from sec_pipeline.parsing.crosscheck import compare_8k_items
from sec_pipeline.parsing.source import read_path
from sec_pipeline.vocabulary import find_eight_k_code

_TOKEN = re.compile(r"\w+")
TEN_Q_ITEMS = ("part1item1", "part1item2", "part1item3", "part1item4", "part2item1", "part2item1a",
               "part2item2", "part2item3", "part2item4", "part2item5", "part2item6")

TEN_K_LABEL_ITEMS = {"1", "1A", "1B", "2", "3", "4", "5", "6", "7", "7A", "8", "9", "9A", "9B",
                     "10", "11", "12", "13", "14", "15"}


def manifest_eras(edgar: Path) -> dict[str, str]:
    """Era (pre-2001 / 2001-2018 / 2019+) of each filing path stem, from MANIFEST.tsv."""
    eras: dict[str, str] = {}
    with open(edgar / "MANIFEST.tsv", newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row["path"].startswith("filings/") and row.get("era"):
                eras[filing_stem(Path(row["path"]).name)] = row["era"]
    return eras


def filing_stem(name: str) -> str:
    """A shared-tree file name without its extensions ('320193_0000320193-23-000077.html.gz' -> the stem)."""
    for ext in (".gz", ".html", ".htm", ".txt", ".json", ".expected-top-level-sections"):
        name = name[: -len(ext)] if name.endswith(ext) else name
    return name


def find_raw(folder: Path, stem: str, exts: tuple[str, ...]) -> Path | None:
    """The filing file `stem` + one of `exts` (or that + .gz) in `folder`, in that order, or None."""
    for ext in exts:
        for cand in (folder / f"{stem}{ext}", folder / f"{stem}{ext}.gz"):
            if cand.is_file():
                return cand
    return None


def token_f1(pred: str, gold: str) -> float:
    """Bag-of-tokens F1 after lower-casing (whitespace and punctuation ignored)."""
    p, g = Counter(_TOKEN.findall(pred.lower())), Counter(_TOKEN.findall(gold.lower()))
    if not p and not g:
        return 1.0
    common = sum((p & g).values())
    if common == 0:
        return 0.0
    precision, recall = common / sum(p.values()), common / sum(g.values())
    return 2 * precision * recall / (precision + recall)


def eval_8k(edgar: Path, eras: dict[str, str]) -> dict[str, object]:
    """8-K item sets and item text vs edgar-crawler; found vs declared items for full submissions."""
    rows, misses, declared_rows = [], [], []
    for label_path in sorted((edgar / "labels/edgar-crawler/8-K").glob("*.json")):
        stem = label_path.stem
        raw = find_raw(edgar / "filings/8-K", stem, (".htm", ".html", ".txt"))
        if raw is None:
            continue
        label = json.loads(label_path.read_text(encoding="utf-8"))
        gold = {k[5:]: v for k, v in label.items() if k.startswith("item_") and v.strip()}
        source = read_path(raw)
        doc = parse_text(source, "8-K", name=str(raw))
        sections = {s.item: s for s in doc.sections if not s.item.startswith("EX-")}
        found = {k: s.text for k, s in sections.items()}
        f1 = {k: token_f1(found[k], gold[k]) for k in gold if k in found}
        f1s = list(f1.values())
        exact = set(found) == set(gold)
        fixed = corrected_gold("8-K", stem, set(gold))
        era = eras.get(stem, "?")
        rows.append({"filing": raw.name, "era": era, "exact": exact, "f1": f1s,
                     "corrected": {"era": era, "exact": set(found) == fixed, "f1": f1s}})
        if not exact or (f1s and min(f1s) < 0.9):
            misses.append({"filing": raw.name, "era": era, "missing": sorted(set(gold) - set(found)),
                           "extra": sorted(set(found) - set(gold)),
                           "low_f1": {k: {"f1": round(score, 3), "reason": _text_miss_reason(sections[k], gold[k])}
                                      for k, score in f1.items() if score < 0.9}})
        codes = [c for c in (find_eight_k_code(x) for x in doc.declared_items) if c]
        if raw.suffix in (".txt", ".gz") and codes:
            agreement = compare_8k_items(list(found), doc.declared_items)
            row = {"filing": raw.name, "era": era, "agree": agreement.agree,
                   "missing": agreement.missing, "extra": agreement.extra}
            if not agreement.agree:
                header = source[:20_000]
                row["evidence"] = {
                    "header_item_information": re.findall(r"ITEM INFORMATION:[ \t]*([^\n]*)", header),
                    "headings_found": [s.text.split("\n", 1)[0][:100] for s in sections.values()],
                }
            declared_rows.append(row)
    return {"rows": rows, "misses": misses, "declared": declared_rows}


def _text_miss_reason(section, gold: str) -> str:
    """Why an 8-K item's text differs from the label: tables, or where either side stops."""
    ours = section.text
    without_tables = token_f1(section.prose(), gold)
    if section.table_spans and without_tables >= 0.9:
        return (f"tables: the label drops the table lines the parser keeps (marked in table_spans); "
                f"F1 without them {without_tables:.3f}")
    n_ours, n_gold = len(_TOKEN.findall(ours)), len(_TOKEN.findall(gold))
    if n_gold > n_ours * 1.2:
        return (f"label runs further ({n_gold} vs {n_ours} tokens); label ends: ...{gold[-80:]!r}; "
                f"parser ends: ...{ours[-80:]!r}")
    if n_ours > n_gold * 1.2:
        return (f"parser runs further ({n_ours} vs {n_gold} tokens); label ends: ...{gold[-80:]!r}; "
                f"parser continues: {ours[len(gold) - 20:len(gold) + 80]!r}")
    return "different text of similar length (see the section text)"


def eval_sec_parser(edgar: Path, form: str, eras: dict[str, str]) -> dict[str, object]:
    """10-K / 10-Q item sets and source spans vs sec-parser's expected top-level sections."""
    rows, misses, spans = [], [], []
    for label_path in sorted((edgar / f"labels/sec-parser-test-data/{form}").glob("*.expected-top-level-sections.json")):
        stem = label_path.name.split(".expected-")[0]
        raw = find_raw(edgar / f"filings/{form}", stem, (".html", ".htm"))
        if raw is None:
            continue
        label = {x["identifier"]: x["character_count"] for x in json.loads(label_path.read_text("utf-8"))
                 if x["character_count"] > 0}
        vocab = TEN_K_LABEL_ITEMS if form == "10-K" else set(TEN_Q_ITEMS)
        source = read_path(raw)
        doc = parse_text(source, form, name=str(raw))
        found = {s.item: s for s in doc.sections if s.item in vocab}
        tp = len(set(found) & set(label))
        era = eras.get(stem, "?")
        fixed = corrected_gold(form, stem, set(label))
        rows.append({"filing": raw.name, "era": era, "tp": tp, "fp": len(set(found) - set(label)),
                     "fn": len(set(label) - set(found)), "exact": set(found) == set(label),
                     "corrected": {"tp": len(set(found) & fixed), "fp": len(set(found) - fixed),
                                   "fn": len(fixed - set(found)), "exact": set(found) == fixed, "era": era}})
        span = _label_spans(doc.sections, vocab)
        for item, count in label.items():
            if count >= 5000 and item in found:
                ratio = span[item] / count
                row = {"filing": raw.name, "item": item, "label": count, "found": span[item],
                       "ok": abs(ratio - 1) <= 0.10}
                if not row["ok"]:
                    row["reason"] = _span_miss_reason(found[item], span[item], count, source)
                spans.append(row)
        if set(found) != set(label):
            misses.append({"filing": raw.name, "era": era, "missing": sorted(set(label) - set(found)),
                           "label_error_evidence": correction_evidence(form, stem),
                           "extra": sorted(set(found) - set(label)),
                           "extra_headings": {k: found[k].text[:160] for k in set(found) - set(label)}})
    return {"rows": rows, "misses": misses, "spans": spans}


def _label_spans(sections, vocab: set[str]) -> dict[str, int]:
    """Source span of each item as the labels count it: sec-parser ends Item 1B and 9B at the 1C and 9C
    headings (though it does not list those items) but runs Item 15 through Item 16 to the document end,
    so a found Item 16 is merged into Item 15."""
    ordered = sorted((s for s in sections if not s.item.startswith("EX-")), key=lambda s: s.source_start)
    spans: dict[str, int] = {}
    for i, s in enumerate(ordered):
        if s.item not in vocab or s.item in spans:
            continue
        end = s.source_end
        for t in ordered[i + 1:]:
            if t.item in vocab or t.item != "16":
                break
            end = max(end, t.source_end)
        spans[s.item] = end - s.source_start
    return spans


_TAGS = re.compile(r"<[^>]*>|&[#\w]+;")


def _source_words(source: str, at: int, n: int = 12) -> str:
    at = max(at, 0)
    gt, lt = source.find(">", at, at + 4000), source.find("<", at, at + 4000)
    if gt >= 0 and (lt < 0 or gt < lt):  # inside a tag: start after it
        at = gt + 1
    return " ".join(_TAGS.sub(" ", source[at:at + 4000]).split()[:n]) or "(end of document)"


def _span_miss_reason(section, found: int, label: int, source: str) -> str:
    """Why a section's source span differs from the label's character_count by more than 10%."""
    if any("cross-reference index" in w for w in section.warnings):
        return ("cross-reference index entry: the parser's span is the index row; the label counts a span "
                "from a heading elsewhere in the document")
    if any("no Item 1 heading" in w for w in section.warnings):
        return "the filing has no Item 1 heading: parser and label start the implied Part I Item 1 differently"
    start = section.source_start
    if found < label:
        return (f"the parser ends the item at '{_source_words(source, start + found)}'; the label runs "
                f"{label - found:,} source chars further, to '{_source_words(source, start + label)}'")
    return (f"the label ends the item at '{_source_words(source, start + label)}'; the parser runs "
            f"{found - label:,} source chars further, to '{_source_words(source, start + found)}'")


def unlabeled_plain_text(edgar: Path, eras: dict[str, str]) -> list[dict[str, object]]:
    """Items found in the plain-text (pre-2001) 10-K and 10-Q filings, which have no labels."""
    out = []
    for form in ("10-K", "10-Q"):
        for raw in sorted((edgar / f"filings/{form}").iterdir()):
            era = eras.get(filing_stem(raw.name), "")
            if era != "pre-2001":
                continue
            doc = parse_path(raw, form)
            out.append({"filing": raw.name, "form": form, "items": doc.items()})
    return out


def prf(rows: list[dict[str, object]]) -> dict[str, float]:
    """Item precision, recall, F1 and exact-set share over rows of per-filing tp / fp / fn / exact counts."""
    tp = sum(r["tp"] for r in rows)
    fp = sum(r["fp"] for r in rows)
    fn = sum(r["fn"] for r in rows)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"filings": len(rows), "precision": round(p, 4), "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "exact_set": round(sum(x["exact"] for x in rows) / len(rows), 4) if rows else 0.0}


def _by_era(rows: list[dict[str, object]], fn) -> dict[str, object]:
    eras = sorted({r["era"] for r in rows})
    return {"all": fn(rows), **{e: fn([r for r in rows if r["era"] == e]) for e in eras}}


def _8k_summary(rows: list[dict[str, object]]) -> dict[str, float]:
    f1s = [f for r in rows for f in r["f1"]]
    return {"filings": len(rows), "exact_set": round(sum(r["exact"] for r in rows) / len(rows), 4),
            "items_scored": len(f1s), "text_f1_mean": round(statistics.fmean(f1s), 4) if f1s else 0.0}


def evaluate(edgar: Path) -> dict[str, object]:
    """Score the parser on every labeled filing under `edgar`; the dict that section_report.render_md prints."""
    if not (edgar / "labels").is_dir():
        raise FileNotFoundError(f"{edgar}: no labels/ folder; pass the shared EDGAR tree (--edgar DIR or "
                                f"SEC_PIPELINE_SHARED_EDGAR)")
    eras = manifest_eras(edgar)
    k8 = eval_8k(edgar, eras)
    tk = eval_sec_parser(edgar, "10-K", eras)
    tq = eval_sec_parser(edgar, "10-Q", eras)
    plain = unlabeled_plain_text(edgar, eras)
    spans = tk["spans"] + tq["spans"]
    results = {
        "8-K": {"vs_edgar_crawler": _by_era(k8["rows"], _8k_summary),
                "vs_edgar_crawler_corrected_labels": _by_era([r["corrected"] for r in k8["rows"]], _8k_summary),
                "vs_declared_header_items": {
                    "filings": len(k8["declared"]),
                    "exact": round(sum(r["agree"] for r in k8["declared"]) / max(len(k8["declared"]), 1), 4),
                    "disagreements_with_blank_header_line": sum(
                        1 for r in k8["declared"]
                        if not r["agree"] and "" in r["evidence"]["header_item_information"])}},
        "10-K": _by_era(tk["rows"], prf),
        "10-Q": _by_era(tq["rows"], prf),
        "10-K_corrected_labels": _by_era([r["corrected"] for r in tk["rows"]], prf),
        "10-Q_corrected_labels": _by_era([r["corrected"] for r in tq["rows"]], prf),
        "label_corrections": LABEL_CORRECTIONS,
        "span_within_10pct": {"items": len(spans),
                              "share": round(sum(s["ok"] for s in spans) / max(len(spans), 1), 4),
                              "10-K": round(sum(s["ok"] for s in tk["spans"]) / max(len(tk["spans"]), 1), 4),
                              "10-Q": round(sum(s["ok"] for s in tq["spans"]) / max(len(tq["spans"]), 1), 4)},
        "plain_text_pre2001": plain,
        "misses": {"8-K": k8["misses"], "10-K": tk["misses"], "10-Q": tq["misses"],
                   "8-K_vs_declared": [r for r in k8["declared"] if not r["agree"]],
                   "spans_outside_10pct": [s for s in spans if not s["ok"]]},
    }
    return results
