"""Precision and recall of the text event detectors on hand-labeled filings.

Labels: benchmarks/labels/events.jsonl, one filing-event pair per line: accession, path (relative to the shared
EDGAR tree), section, event, present, quote (an exact sentence of the filing), scope and when the label was
written (before or after the detectors were tuned). Section text: for 8-K items, EDGAR-CRAWLER's item text
(labels/edgar-crawler/8-K/<stem>.json); for 10-K/10-Q, the whole document's text ("document"), or for
"parser:<item>" the text of that Item as `sec_pipeline.parsing.api.parse_path` gives it.

Scoring: scope "section" asks whether the detector reports the event anywhere in the section; scope "sentence"
asks whether it reports the event with evidence overlapping the labeled sentence (used for long documents, where
a negative label is a claim about one sentence, not the whole filing).

Run: python -m benchmarks.events   (from the repository root; writes benchmarks/results/events.json and events.md)
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from benchmarks.support.paths import REPO_ROOT, RESULTS, shared_edgar_dir

LABELS = REPO_ROOT / "benchmarks" / "labels" / "events.jsonl"
NOTES = (
    "How to read this. Label batches: (1) `before_tuning` (98): written before the rules existed; the rules "
    "were then written and tuned with these sentences in view (first run: precision 0.969, recall 0.795), so "
    "their score is optimistic. (2) `after_tuning_round1` (64): a seeded random sample of unseen keyword "
    "sentences (10-Q documents, 8-K items) plus unseen 8-K 5.02/8.01 items, labeled blind; first score "
    "precision 0.818, recall 0.692; four of its six errors were then fixed (non-GAAP 'should not be relied upon', "
    "'J.P.' sentence split, case-sensitive names, 'assumed the duties of', Chapter 11 cases 'initiated by'), so "
    "its current score is optimistic too. (3) `after_tuning_round2` (44): a fresh blind sample drawn after those "
    "fixes; its first score was precision 0.857, recall 0.5 (officer terminations phrased as 'was terminated as "
    "...' were missed). That first blind score of round 2 is the fairest estimate here; if the table shows "
    "better numbers for round 2, the rules were changed after it (see git log). (4) `audit_round3` (45): a "
    "seeded random sample of the detectors' own hits over every shared 10-K/10-Q (parse_path sections), judged "
    "one by one; executive-officer biographies ('was elected Executive Vice President in 2011') count as false, "
    "since they are not events of the filing. Its first score, before any change, was precision 0.622 (28/45); "
    "recall is 1 by construction. (5) `audit_round4` (40): the same audit, fresh seed, drawn after the round-3 "
    "fixes: first score precision 0.575 (23/40); misses were mostly 10-K officer_change noise (retirement of "
    "debt matched 'cto' inside 'factors', governance boilerplate, signature blocks) and impairment policy text. "
    "(6) `audit_round5` (40): the audit again, fresh seed, drawn after the round-4 fixes and scored before any "
    "further change: precision 0.85 (34/40; 2 officer biographies, 2 impairment policy sentences, 1 generic cyber "
    "admission, 1 conditional). Of the hits it samples, 34/40 are impairment: the detectors fire mostly on "
    "impairment in 10-K/10-Q text. Round 5 is the current estimate of precision on 10-K/10-Q text. "
    "(7) `after_tuning_round6` (42): a fresh blind sample of keyword sentences drawn after all rule changes and "
    "never tuned on: precision 1.0 (7/7), recall 0.538 (7/13). Misses are sentence-level: remediation-plan "
    "bullets ('remediate the material weaknesses'), 'as previously disclosed, we identified material "
    "weaknesses', a 'NOTE 21 - RESTATEMENT' heading, a reverse split 'to regain compliance with NASDAQ listing "
    "rules'. Those four misses were then fixed, so round 6 now scores higher than its first blind score. "
    "(8) `blind_round7` (49): a fresh seeded sample (seed 20261127) of unseen keyword sentences, three from "
    "10-K/10-Q parser sections and three from 8-K items per event, drawn after the round-6 fixes and labeled "
    "blind, not tuned on: precision 1.0 (6/6), recall 0.667 (6/9). Misses: an auditor that 'advised the Audit "
    "Committee of a material weakness' (8-K 4.01), 'throughout the pendency of the bankruptcy proceedings', and a "
    "Nasdaq 90-day period 'to regain compliance' with the rule named before the phrase; rules for the first and "
    "third were then added (a 'pendency of the bankruptcy proceedings' rule too, removed after round 8), so "
    "round 7 now scores higher. (9) `blind_round8` (57): the same sampling, seed 20261128, four sentences per "
    "source and event, drawn after those changes and labeled blind: first score precision 0.6 (3/5), recall "
    "0.333 (3/9); two of the three hits are near-copies of round-6 sentences from the same filing. Misses: "
    "'the material weaknesses ... are summarized as follows', 'the remediation of these material weaknesses "
    "will be completed', 'none of such announced resignations is due to any disagreement', 'emerge from the "
    "Chapter 11 process', impairment losses named only in a cross-reference or a table footnote. False hits: "
    "'has not been appointed to any committee' (now vetoed) and another company's 'pendency of the Chapter 11 "
    "proceedings' (rule removed). A section signal needs only one asserting sentence, so per-section recall is "
    "higher than these per-sentence figures; the first blind scores of rounds 2, 6, 7 and 8 are the honest "
    "estimates: per-sentence recall 0.33 to 0.67, precision 0.6 to 1.0 on few hits. Precision over the other batches is over labeled pairs that include chosen "
    "hard negatives, not over all sentences of all filings; the audit is the better guide to precision in the "
    "wild."
)


def normalize(text: str) -> str:
    """Collapse whitespace (the form in which quotes are matched)."""
    return " ".join(text.split())


def _read(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def document_text(path: Path) -> str:
    """Visible text of a filing document (HTML via selectolax, plain text as is), whitespace-collapsed."""
    from selectolax.lexbor import LexborHTMLParser

    data = _read(path)
    head = data[:5000].lower()
    if b"<html" in head or b"<body" in head:
        tree = LexborHTMLParser(data)
        for node in tree.css("script, style, ix\\:header"):
            node.decompose()
        return normalize(tree.text(separator=" "))
    return normalize(data.decode("utf-8", errors="replace"))


class FilingTexts:
    """The texts of the shared EDGAR tree that labels point at, each read (and parsed) once."""

    def __init__(self, edgar: Path) -> None:
        self.edgar = edgar
        self._texts: dict[tuple[str, str], str] = {}
        self._parsed: dict[str, list[tuple[str, str]]] = {}

    def item_text(self, stem: str, section: str) -> str:
        """EDGAR-CRAWLER's text of one 8-K item (whitespace kept: items are short and line breaks matter)."""
        data = json.loads((self.edgar / "labels" / "edgar-crawler" / "8-K" / f"{stem}.json").read_text())
        return data[f"item_{section}"]

    def parser_sections(self, path: str) -> list[tuple[str, str]]:
        """(item, text) of every section `sec_pipeline.parsing.api.parse_path` finds, plus ("all", full text)."""
        if path not in self._parsed:
            from sec_pipeline.parsing.api import parse_path

            parsed = parse_path(self.edgar / path, form=Path(path).parts[1])  # filings/<form>/...
            self._parsed[path] = [(s.item, s.text) for s in parsed.sections] + [("all", parsed.text)]
        return self._parsed[path]

    def section_text(self, label: dict, mode: str = "document") -> str:
        """The text the detectors run on for one label. For 10-K/10-Q labels, mode "document" gives the whole
        document's text; mode "parser" gives the text of the parser's section (Item) that holds the quote."""
        if label["section"].startswith("parser:"):  # a section exactly as parse_path gives it
            item = label["section"].split(":", 1)[1]
            return next(text for name, text in self.parser_sections(label["path"]) if name == item)
        if label["section"] == "document" and mode == "parser":
            for item, text in self.parser_sections(label["path"]):
                if locate(text, label["quote"]) is not None:
                    label["parser_item"] = item
                    return text
            return self.parser_sections(label["path"])[-1][1]
        key = (label["path"], label["section"])
        if key not in self._texts:
            if label["section"] == "document":
                self._texts[key] = document_text(self.edgar / label["path"])
            else:
                self._texts[key] = self.item_text(Path(label["path"]).name.split(".")[0], label["section"])
        return self._texts[key]


def locate(text: str, quote: str) -> tuple[int, int] | None:
    """Character span of the quote in the text, matching whitespace loosely."""
    pattern = r"\s+".join(re.escape(part) for part in quote.split())
    match = re.search(pattern, text)
    return (match.start(), match.end()) if match else None


def load_labels(path: Path = LABELS) -> list[dict]:
    """The labels, one dict per line."""
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def score(labels: list[dict], texts: FilingTexts, mode: str = "document") -> dict:
    """Run the detectors over every labeled section and count TP/FP/FN/TN per event type."""
    from sec_pipeline.signals.events import detect_text_events, scan_sentences

    detections: dict[tuple[str, str], list] = {}
    sentence_hits: dict[tuple[str, str], list] = {}
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"tp": 0, "fp": 0, "fn": 0, "tn": 0})
    errors, started = [], time.perf_counter()
    chars = 0
    unlocated = 0
    for label in labels:
        text = texts.section_text(label, mode)
        key = (label["path"], label.get("parser_item", label["section"]) if mode == "parser" else label["section"])
        if key not in detections:
            chars += len(text)
            detections[key] = detect_text_events(label["section"], text)
            sentence_hits[key] = scan_sentences(text)
        span = locate(text, label["quote"])
        if span is None and mode == "parser":  # the parser's text differs from the quote (e.g. a table cell)
            unlocated += 1
            counts[label["event"]]["fn" if label["present"] else "tn"] += 1
            errors.append({"outcome": "unlocated", "event": label["event"], "path": label["path"],
                           "section": label["section"], "quote": label["quote"][:200], "evidence": None})
            continue
        if span is None:
            raise SystemExit(f"quote not found in {label['path']} {label['section']}: {label['quote'][:80]}")
        if label.get("scope") == "sentence":
            hits = [h.sentence.text for h in sentence_hits[key] if h.event == label["event"] and h.kind == "event"
                    and h.sentence.start < span[1] and h.sentence.end > span[0]]
        else:
            hits = [s.evidence for s in detections[key] if s.category == label["event"] and s.family == "event"]
        found = bool(hits)
        outcome = ("tp" if found else "fn") if label["present"] else ("fp" if found else "tn")
        counts[label["event"]][outcome] += 1
        if outcome in {"fp", "fn"}:
            errors.append({"outcome": outcome, "event": label["event"], "path": label["path"],
                           "section": label["section"], "quote": label["quote"][:200],
                           "evidence": hits[0][:200] if hits else None})
    seconds = time.perf_counter() - started
    return {"counts": counts, "errors": errors, "seconds": seconds, "chars": chars,
            "sections": len(detections), "unlocated": unlocated}


def latency(edgar: Path, detector, filings: int, sentiment_model: str | None = None) -> dict[str, Any]:
    """Seconds per filing on every section of a sample of shared 10-Ks (parse_path; parsing excluded): the text
    event rules, the learned detector, and the whole extraction (`extract_filing` with the transformer sentiment
    model of `sentiment_model` as the fast tier, or the lexicon when none is given, the learned detector, 8-K
    items and inline-XBRL financials; no previous filing, no embeddings)."""
    import glob

    from sec_pipeline.flows.extraction import Extractors, extract_filing
    from sec_pipeline.parsing.api import parse_path
    from sec_pipeline.signals.events import detect_text_events
    from sec_pipeline.signals.routing import SentimentRouter
    from sec_pipeline.signals.sentiment import SentimentModel

    paths = sorted(glob.glob(str(edgar / "filings" / "10-K" / "*.htm*")))
    sample = paths[:: max(1, len(paths) // filings)][:filings]
    fast = SentimentModel.load(sentiment_model) if sentiment_model else None
    extractors = Extractors(router=SentimentRouter(None, fast, lexicon_fallback=fast is None), events=detector)
    times: dict[str, list[float]] = {"rules_s": [], "learned_s": [], "extraction_s": []}
    chars = 0
    for path in sample:
        doc = parse_path(path, form="10-K")
        texts = {s.item: s.text for s in doc.sections}
        chars += sum(len(t) for t in texts.values())
        started = time.perf_counter()
        for item, text in texts.items():
            detect_text_events(item, text)
        times["rules_s"].append(time.perf_counter() - started)
        started = time.perf_counter()
        detector.detect_filing("10-K", texts)
        times["learned_s"].append(time.perf_counter() - started)
        filing = {"form_type": "10-K", "declared_items": []}
        started = time.perf_counter()
        extract_filing(extractors, filing, texts, None, doc.inline_xbrl.text if doc.inline_xbrl else None)
        times["extraction_s"].append(time.perf_counter() - started)
    out: dict[str, Any] = {"filings": len(sample), "chars": chars,
                           "sentiment": "transformer (fast tier)" if fast else "lexicon fallback"}
    for name, values in times.items():
        values.sort()
        out[name] = {"p50": round(values[len(values) // 2], 3), "p95": round(values[min(len(values) - 1,
                     int(len(values) * 0.95))], 3), "max": round(values[-1], 3)}
    return out


def learned_detector(model_dir: str | None) -> tuple[Any, dict[str, Any]]:
    """The learned detector of `model_dir`, or of a model trained now with the default recipe; its metrics."""
    import tempfile

    from sec_pipeline.signals.event_detector import EventDetector
    from sec_pipeline.signals.event_model import EventClassifier
    from sec_pipeline.signals.event_training import train_event_model

    if model_dir is None:
        model_dir = tempfile.mkdtemp(prefix="event_model_")
        train_event_model(model_dir, log=print)
    metrics = json.loads((Path(model_dir) / "metrics.json").read_text())
    return EventDetector(EventClassifier.load(model_dir, version=metrics["version"])), metrics


def _rates(c: dict[str, int]) -> dict[str, float | None]:
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else None
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else None
    return {"precision": None if p is None else round(p, 3), "recall": None if r is None else round(r, 3)}


def test_split_comparison(detector) -> dict[str, Any]:
    """Rules alone vs the learned detector on the test split (companies never trained or tuned on)."""
    from benchmarks.support.event_scoring import compare, learned_verdicts, rule_verdicts
    from sec_pipeline.signals.event_training import load_event_labels

    test = [lab for lab in load_event_labels() if lab.split == "test"]
    result = compare(test, {"rules": rule_verdicts, "learned": learned_verdicts(detector)})
    return {"sentences": len(test), "asserting": sum(bool(lab.events) for lab in test),
            "filings": len({lab.path for lab in test}), **result}


def main(argv: list[str] | None = None) -> int:
    """Score every label (overall, by label batch, on parser sections), compare rules and the learned detector on
    the test split of the event labels, time the detectors, write the results."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.events")
    parser.add_argument("--model", default=None, help="a trained event model folder (default: train one now)")
    parser.add_argument("--latency-filings", type=int, default=12, help="shared 10-Ks to time")
    parser.add_argument("--sentiment-model", default=None,
                        help="a trained sentiment model folder for the whole-extraction timing (default: lexicon)")
    args = parser.parse_args(argv)
    edgar = shared_edgar_dir()
    detector, training = learned_detector(args.model)
    comparison = test_split_comparison(detector)
    texts = FilingTexts(edgar)
    labels = load_labels()
    result = score(labels, texts)
    total = {k: sum(c[k] for c in result["counts"].values()) for k in ("tp", "fp", "fn", "tn")}
    by_when: dict[str, dict[str, int]] = {}
    per_event = {ev: {**c, **_rates(c)} for ev, c in sorted(result["counts"].items())}
    for when in sorted({lab.get("labeled", "before_tuning") for lab in labels}):
        subset = [lab for lab in labels if lab.get("labeled", "before_tuning") == when]
        sub = score(subset, texts)["counts"]
        agg = {k: sum(c[k] for c in sub.values()) for k in ("tp", "fp", "fn", "tn")}
        by_when[when] = {"labels": len(subset), **agg, **_rates(agg)}
    parser_mode = score([dict(lab) for lab in labels], texts, mode="parser")
    parser_total = {k: sum(c[k] for c in parser_mode["counts"].values()) for k in ("tp", "fp", "fn", "tn")}
    timing = latency(edgar, detector, args.latency_filings, args.sentiment_model)
    summary = {
        "learned_vs_rules_test_split": comparison, "training": training,
        "latency_10k": timing,
        "labels": len(labels), "positives": sum(lab["present"] for lab in labels),
        "negatives": sum(not lab["present"] for lab in labels),
        "overall": {**total, **_rates(total)}, "per_event": per_event, "by_label_time": by_when,
        "parser_sections_mode": {**parser_total, **_rates(parser_total), "unlocated": parser_mode["unlocated"],
                                 "errors": parser_mode["errors"]},
        "notes": NOTES, "sections_scanned": result["sections"], "chars_scanned": result["chars"],
        "detector_seconds": round(result["seconds"], 2), "errors": result["errors"],
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "events.json").write_text(json.dumps(summary, indent=1))
    lines = ["## The original 479 labels: text event rules (and 8-K items) alone", "",
             "Command: `python -m benchmarks.events` (labels: `benchmarks/labels/events.jsonl`)", "",
             f"{summary['labels']} labeled filing-event pairs ({summary['positives']} present, "
             f"{summary['negatives']} hard negatives); {result['sections']} sections, "
             f"{result['chars']:,} characters scanned in {summary['detector_seconds']} s (includes text extraction).",
             "", "| event | TP | FP | FN | TN | precision | recall |", "|---|---|---|---|---|---|---|"]
    for ev, c in [*per_event.items(), ("**overall**", {**total, **_rates(total)})]:
        lines.append(f"| {ev} | {c['tp']} | {c['fp']} | {c['fn']} | {c['tn']} | {c['precision']} | {c['recall']} |")
    lines += ["", "By when the label was written:", ""]
    lines += [f"- {when}: {v['labels']} labels, precision {v['precision']}, recall {v['recall']}"
              for when, v in by_when.items()]
    pm = summary["parser_sections_mode"]
    lines += ["", "Same labels, 10-K/10-Q text taken from `sec_pipeline.parsing.api.parse_path` sections (the Item "
              f"holding the quote) instead of the whole document: precision {pm['precision']}, recall {pm['recall']}"
              f" (TP {pm['tp']}, FP {pm['fp']}, FN {pm['fn']}, TN {pm['tn']}; {pm['unlocated']} quotes not found in "
              "the parser's text, counted as not detected)."]
    lines = _comparison_lines(comparison, training, timing) + lines
    lines += ["", NOTES]
    lines += ["", "Errors:", ""] + [f"- {e['outcome']} {e['event']} {e['path']} [{e['section']}]: "
                                    f"{e['quote'][:120]}" for e in result["errors"]]
    (RESULTS / "events.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


def _comparison_lines(comparison: dict[str, Any], training: dict[str, Any], timing: dict[str, Any]) -> list[str]:
    """The markdown of the test-split comparison, the model's training and the latency sample."""
    rules, learned = comparison["rules"], comparison["learned"]
    lines = ["# Text events: rules alone vs the learned detector", "",
             f"Test split of `sec_pipeline/signals/labels/events/labels.jsonl`: {comparison['sentences']} sentences "
             f"({comparison['asserting']} asserting) of {comparison['filings']} filings, companies never trained "
             f"or tuned on. Model {training['version']} (thresholds {training['thresholds']} chosen on validation; "
             f"trained on {training['train_sentences']} sentences in {training['train_seconds']} s on "
             f"{training['device']}, {training['torch_threads']} threads).", "",
             "| measure | rules P | rules R | learned P | learned R |", "|---|---|---|---|---|"]
    for key, title in (("sentence", "per sentence"), ("sentence_clear", "per sentence, clear ones"),
                       ("filing", "per filing and event type")):
        r, m = rules[key]["overall"], learned[key]["overall"]
        lines.append(f"| {title} | {r['precision']} | {r['recall']} | {m['precision']} | {m['recall']} |")
    for key, title in (("sentence", "Per sentence"), ("filing", "Per filing")):
        lines += ["", f"{title}, per event type (TP/FP/FN):", "",
                  "| event | rules P | rules R | rules TP/FP/FN | learned P | learned R | learned TP/FP/FN |",
                  "|---|---|---|---|---|---|---|"]
        events = sorted(set(rules[key]["per_event"]) | set(learned[key]["per_event"]))
        empty = {"precision": None, "recall": None, "tp": 0, "fp": 0, "fn": 0}
        for event in events:
            r, m = rules[key]["per_event"].get(event, empty), learned[key]["per_event"].get(event, empty)
            lines.append(f"| {event} | {r['precision']} | {r['recall']} | {r['tp']}/{r['fp']}/{r['fn']} | "
                         f"{m['precision']} | {m['recall']} | {m['tp']}/{m['fp']}/{m['fn']} |")
    lines += ["", f"Seconds per filing over every section of {timing['filings']} shared 10-Ks "
              f"({timing['chars']:,} characters; parsing excluded; CPU): text event rules p50 "
              f"{timing['rules_s']['p50']}, p95 {timing['rules_s']['p95']}; learned detector p50 "
              f"{timing['learned_s']['p50']}, p95 {timing['learned_s']['p95']}, max {timing['learned_s']['max']}; "
              f"whole extraction ({timing['sentiment']} sentiment, learned events, financials) p50 "
              f"{timing['extraction_s']['p50']}, p95 {timing['extraction_s']['p95']}, max "
              f"{timing['extraction_s']['max']}.", ""]
    return lines


if __name__ == "__main__":
    raise SystemExit(main())
