"""Merge the mined candidates and the labeled batch files into labels.jsonl, and write the labels' README.

Inputs (sec_pipeline/signals/labels/events/): candidates.jsonl (benchmarks/labeling/mine_event_sentences.py) and
batches/batch_NN.tsv, one `id<TAB>event<TAB>asserts<TAB>subject<TAB>clarity` line per candidate (a header line
first; `event` may list two types, comma-separated, the main one first). Every candidate must be labeled exactly
once and every label must be valid, else the script stops naming the batch file and the line.

Outputs: labels.jsonl (candidate fields + `event`, `events`, `asserts`, `subject`, `clarity`, `labeler`; the
fragments of a hard-wrapped sentence merged into the sentence the detector reads, `benchmarks.labeling.event_units`)
and README.md (counts per event type x asserts, split, form, era, clarity, companies; agreement with the existing
benchmarks/labels/events.jsonl labels that joined; how to reproduce).

Run: python -m benchmarks.labeling.event_merge   (no network; parses the ~400 labeled filings of the shared tree
to re-cut hard-wrapped sentences: about 20 s)
"""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
LABEL_DIR = REPO / "sec_pipeline" / "signals" / "labels" / "events"
CANDIDATES = LABEL_DIR / "candidates.jsonl"
BATCHES = LABEL_DIR / "batches"
LABELS = LABEL_DIR / "labels.jsonl"
README = LABEL_DIR / "README.md"
LABELER = "L2"
CODE_COMMIT = "29f8521"  # the parser and sentence splitter whose offsets the labels record

EVENT_TYPES = ("going_concern", "material_weakness", "restatement", "cybersecurity_incident", "officer_change",
               "bankruptcy", "auditor_change", "impairment", "delisting")
SUBJECTS = ("registrant", "subsidiary", "other_company", "none")
CLARITY = ("clear", "borderline")
PRIOR_TOTAL = 479  # lines of benchmarks/labels/events.jsonl


def parse_label(fields: dict[str, str], where: str) -> dict[str, object]:
    """One validated label from a batch line; SystemExit naming the line when a value is invalid."""
    events = [e.strip() for e in fields["event"].split(",")]
    bad = [e for e in events if e not in (*EVENT_TYPES, "none")]
    if bad or ("none" in events and len(events) > 1):
        raise SystemExit(f"{where}: event {fields['event']!r} is not one of {EVENT_TYPES} or 'none'")
    if fields["asserts"] not in ("true", "false"):
        raise SystemExit(f"{where}: asserts must be true or false, got {fields['asserts']!r}")
    asserts = fields["asserts"] == "true"
    if fields["subject"] not in SUBJECTS or fields["clarity"] not in CLARITY:
        raise SystemExit(f"{where}: subject must be one of {SUBJECTS} and clarity one of {CLARITY}")
    if asserts and (events == ["none"] or fields["subject"] not in ("registrant", "subsidiary")):
        raise SystemExit(f"{where}: an asserting label needs an event type and subject registrant or subsidiary")
    return {"event": events[0], "events": events if events != ["none"] else [], "asserts": asserts,
            "subject": fields["subject"], "clarity": fields["clarity"], "labeler": LABELER}


def read_batches(batch_dir: Path = BATCHES) -> dict[str, dict[str, object]]:
    """id -> label over every batch file; SystemExit on a duplicate id."""
    labels: dict[str, dict[str, object]] = {}
    for path in sorted(batch_dir.glob("batch_*.tsv")):
        with open(path, newline="", encoding="utf-8") as fh:
            for n, fields in enumerate(csv.DictReader(fh, delimiter="\t"), start=2):
                where = f"{path.name}:{n}"
                if fields["id"] in labels:
                    raise SystemExit(f"{where}: candidate {fields['id']} is labeled twice")
                labels[fields["id"]] = parse_label(fields, where)
    return labels


def merge(candidates: list[dict], labels: dict[str, dict[str, object]]) -> list[dict]:
    """Candidate rows with their labels; SystemExit when a candidate is unlabeled or a label has no candidate."""
    ids = {c["id"] for c in candidates}
    missing = [c["id"] for c in candidates if c["id"] not in labels]
    unknown = sorted(set(labels) - ids)
    if missing or unknown:
        raise SystemExit(f"{len(missing)} candidates unlabeled (first {missing[:3]}), {len(unknown)} labels without "
                         f"candidate (first {unknown[:3]}); label every row of candidates.jsonl in {BATCHES}")
    return [{**c, **labels[c["id"]]} for c in candidates]


def prior_agreement(rows: list[dict]) -> dict[str, object]:
    """How the existing labels that joined compare with these: does this label assert the prior's event?"""
    per_event: dict[str, Counter] = defaultdict(Counter)
    for r in rows:
        for p in r.get("prior_labels") or []:
            mine = bool(r["asserts"]) and p["event"] in r["events"]
            per_event[p["event"]]["agree" if mine == bool(p["present"]) else "disagree"] += 1
            per_event[p["event"]][f"prior_{'present' if p['present'] else 'absent'}_here_{mine}"] += 1
    total = Counter()
    for c in per_event.values():
        total.update(c)
    joined = sum(len(r.get("prior_labels") or []) for r in rows)
    return {"joined": joined, "rows": sum(1 for r in rows if r.get("prior_labels")), "total": total,
            "per_event": dict(sorted(per_event.items()))}


def _table(counter: Counter, rows: list[str], cols: list[str], title: str) -> list[str]:
    out = [f"| {title} | " + " | ".join(cols) + " | total |", "|---" * (len(cols) + 2) + "|"]
    for r in rows:
        vals = [counter[(r, c)] for c in cols]
        out.append(f"| {r} | " + " | ".join(str(v) for v in vals) + f" | {sum(vals)} |")
    return out


def readme(rows: list[dict]) -> str:
    """The README of the labels: what they are, the counts, the prior-label join, how to reproduce."""
    kinds = [*EVENT_TYPES, "none"]
    by_assert = Counter((r["event"], "asserts" if r["asserts"] else "does not assert") for r in rows)
    by_split = Counter((r["event"], r["split"]) for r in rows if r["asserts"])
    by_form = Counter((r["event"], r["form_family"]) for r in rows if r["asserts"])
    by_era = Counter((r["event"], r["era"]) for r in rows if r["asserts"])
    by_clarity = Counter((r["event"], f"{'asserts' if r['asserts'] else 'not'}, {r['clarity']}") for r in rows)
    companies: dict[str, set] = defaultdict(set)
    for r in rows:
        if r["asserts"]:
            companies[r["event"]].add(r["cik"] or r["company"])
    all_companies = {r["cik"] or r["company"] for r in rows}
    split_companies = Counter()
    for key in all_companies:
        split_companies[next(r["split"] for r in rows if (r["cik"] or r["company"]) == key)] += 1
    multi = sum(1 for r in rows if len(r["events"]) > 1)
    pa = prior_agreement(rows)
    t = pa["total"]
    lines = [
        "# Event sentence labels", "",
        f"{len(rows)} sentences of {len(all_companies)} companies from the shared EDGAR tree's 10-K, 10-Q and 8-K "
        f"filings, each labeled by one labeler ({LABELER}) under [GUIDELINE.md](GUIDELINE.md): the event type the "
        "sentence is about (or `none`), whether it asserts the event for the registrant or a subsidiary in the "
        f"reported periods, whose event it is, and a clarity flag. Sentences asserting two event types: {multi} "
        "(`events` lists both; `event` is the main one).", "",
        "Files: `labels.jsonl` (one sentence per line: the candidate fields below plus `event`, `events`, "
        "`asserts`, `subject`, `clarity`, `labeler`; in hard-wrapped plain text, where the miner cut sentences at "
        "line breaks, each label is the whole sentence the detector reads (`split_prose_sentences`), merged "
        "from the labels of its fragments, whose ids it lists in `fragments`: `benchmarks/labeling/event_units.py`), "
        "`candidates.jsonl` (the mined sentences), `batches/` (the "
        "labels as written, ~150 sentences per file), `double/` (the 300-sentence subset for a second labeler), "
        "`GUIDELINE.md`.", "",
        "Candidate fields: `id`, `accession`, `cik`, `company`, `form` (as filed) and `form_family` (10-K, 10-Q, "
        "8-K), `era`, `filing_date` (empty where the MANIFEST has none), `report_year` (the year of the period the "
        "filing reports on, `ParsedDocument.report_year`: header or cover page; the detector drops events a "
        "sentence dates before it, `signals.event_dates`), `item` (the parser's Item or 8-K exhibit "
        "type), `start`/`end` (character offsets of the sentence in that section's `text` as "
        f"`sec_pipeline.parsing.api.parse_path` gives it at commit {CODE_COMMIT}, parser version in "
        "`parser_version`; the sentence is `sec_pipeline.signals.text.split_sentences` of that text), `text`, "
        "`path` (in the shared tree), `source` / `sources` / `strata` (why it was mined: `rule` = the original "
        "detector flagged it, `keyword` = a keyword pattern, `random`, `prior_label`), `keyword_events`, "
        "`rule_hits` (the original detector's `event:kind` hits on it), `prior_labels` (the existing labels that "
        "quote it), `split`, `round`, `batch`.", "",
        "## Counts", "",
        *_table(by_assert, kinds, ["asserts", "does not assert"], "event"), "",
        "Asserting sentences per split (companies are split by a salted hash of the CIK; no company is in two "
        f"splits; companies per split: {dict(sorted(split_companies.items()))}):", "",
        *_table(by_split, list(EVENT_TYPES), ["train", "validation", "test"], "event"), "",
        "Asserting sentences per form and per era:", "",
        *_table(by_form, list(EVENT_TYPES), ["10-K", "10-Q", "8-K"], "event"), "",
        *_table(by_era, list(EVENT_TYPES), ["pre-2001", "2001-2018", "2019+"], "event"), "",
        "Clarity:", "",
        *_table(by_clarity, kinds, ["asserts, clear", "asserts, borderline", "not, clear", "not, borderline"],
                "event"), "",
        "Companies with an asserting sentence: " + ", ".join(f"{e} {len(companies[e])}" for e in EVENT_TYPES) + ".",
        "",
        "Sentences per form: " + ", ".join(f"{k} {v}" for k, v in sorted(Counter(r['form_family'] for r in rows)
                                                                          .items())) +
        "; per era: " + ", ".join(f"{k} {v}" for k, v in sorted(Counter(r['era'] for r in rows).items())) +
        "; per source: " + ", ".join(f"{k} {v}" for k, v in sorted(Counter(s for r in rows for s in r['sources'])
                                                                        .items())) + ".", "",
        "## Where the tree is thin", "",
        "The shared tree has few filings that report most of these events: every going-concern, "
        "material-weakness, cybersecurity, restatement, auditor-change, bankruptcy and delisting keyword sentence "
        "with assertive wording was mined (the `strong` strata are exhausted; round 2 then took the rest of the "
        "bankruptcy pool and of the 8-K officer items), so the counts above are what the tree holds, not a quota. "
        "Only impairment and officer change reach 80 asserting sentences; the others come from a handful of "
        "companies each (see the companies line), so a model trained here will see little variety for them, and "
        "test-split figures for them rest on very few sentences.", "",
        "## The existing labels", "",
        f"Of the {PRIOR_TOTAL} labels of `benchmarks/labels/events.jsonl` (left unchanged), {pa['joined']} quote a "
        f"sentence that one parsed sentence covers (>= 80% of the quote), on {pa['rows']} rows (`prior_labels`); "
        f"the other {PRIOR_TOTAL - pa['joined']} quote text the parser does not give as one sentence (table cells, "
        "quotes spanning sentences, EDGAR-CRAWLER-only text). These rows were labeled blind to the prior label. "
        f"Agreement on whether the sentence asserts the prior label's event: {t['agree']} of "
        f"{t['agree'] + t['disagree']}; prior present but not asserting here: "
        f"{t['prior_present_here_False']}, prior absent but asserting here: {t['prior_absent_here_True']}. "
        "Per event: " + "; ".join(f"{e} {c['agree']}/{c['agree'] + c['disagree']}"
                                   for e, c in pa["per_event"].items()) + ".", "",
        "## Reproduce", "",
        "```",
        f"# 1. mine the candidates with the parser and detector of commit {CODE_COMMIT} (a checkout of it on PYTHONPATH)",
        "SEC_PIPELINE_SHARED_EDGAR=/path/to/shared/edgar python -m benchmarks.labeling.mine_event_sentences",
        "# 2. label batches/batch_NN.tsv by hand under GUIDELINE.md, then merge (validates every line)",
        "python -m benchmarks.labeling.event_merge",
        "# 3. the double-labeling subset and its agreement",
        "python -m benchmarks.labeling.event_double        # writes double/blind.tsv",
        "python -m benchmarks.labeling.event_agreement     # reads double/second.tsv, writes double/agreement.json",
        "```", "",
        "Mining is deterministic (seeded); re-running step 1 rewrites `candidates.jsonl` byte for byte while the "
        "parser and splitter are unchanged. If the parser or splitter changes, offsets no longer cut the sentence "
        "out of the new section text: re-locate by `text` within the row's `item`.", "",
    ]
    return "\n".join(lines)


def labeled_as_written() -> list[dict]:
    """Every candidate with its label as the batches give it (mined sentence units, before re-cutting)."""
    candidates = [json.loads(line) for line in CANDIDATES.read_text().splitlines() if line.strip()]
    return merge(candidates, read_batches())


def main() -> int:
    from benchmarks.labeling.event_units import detector_sentences
    from benchmarks.support.paths import shared_edgar_dir

    written = labeled_as_written()
    rows = detector_sentences(written, shared_edgar_dir())
    print(f"{len(written)} labeled candidates, {len(written) - len(rows)} fewer after merging the fragments of "
          f"{sum(1 for r in rows if r.get('fragments'))} hard-wrapped sentences")
    LABELS.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    README.write_text(readme(rows))
    pos = Counter(r["event"] for r in rows if r["asserts"])
    print(f"{len(rows)} labels -> {LABELS}; asserting per event: {dict(sorted(pos.items()))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
