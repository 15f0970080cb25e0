"""Mine candidate sentences for the event labels from the shared EDGAR tree (deterministic, seeded).

Every 10-K, 10-Q and 8-K filing of `filings/` is parsed with `sec_pipeline.parsing.api.parse_path`; each Item
(and 8-K exhibit) is cut into sentences with `sec_pipeline.signals.text.split_sentences`, so offsets are those
the pipeline sees. Fragments under six words are skipped; table-like lines and hard-wrapped plain text are kept
as they come. Candidates are drawn, per event type, from:

* `rule`: every sentence the original detector (`sec_pipeline.signals.events.scan_sentences`) flags, as an
  event or a risk mention;
* `keyword`: sentences matching the type's broad keyword pattern, a "strong" stratum (assertive wording) and a
  "broad" stratum (the rest), each up to a quota, spread round-robin over (form, era, company);
* `random`: plain random sentences, the same number per form;
* `prior_label`: the sentences of benchmarks/labels/events.jsonl, where a quote can be located as a sentence;
* round 2 (`round` 2, drawn after round 1 was labeled, with its own generator so that round 1 is unchanged): the
  rest of the officer-change keyword pool in 8-K officer items and exhibits, and of the bankruptcy pool, where
  round 1 had found too few assertions.

Identical sentences (case and whitespace folded) are kept once. Companies are split by a hash of the CIK
(train 70%, validation 10%, test 20%, salted: see SPLIT_SALT); candidates are grouped by filing and Item,
shuffled by group and cut into batches of about 150 for labeling.

Run (with the parser and detector of the labels' commit on the path):
    SEC_PIPELINE_SHARED_EDGAR=/work/shared/edgar python -m benchmarks.labeling.mine_event_sentences
Writes sec_pipeline/signals/labels/events/candidates.jsonl and prints counts per source and type.
"""

from __future__ import annotations

import csv
import hashlib
import json
import random
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
LABEL_DIR = REPO / "sec_pipeline" / "signals" / "labels" / "events"
CANDIDATES = LABEL_DIR / "candidates.jsonl"
PRIOR_LABELS = REPO / "benchmarks" / "labels" / "events.jsonl"

SEED = 20260512
MIN_WORDS = 6
BATCH_SIZE = 150
RANDOM_PER_FORM = 200
FORMS = ("10-K", "10-Q", "8-K")
SPLITS = (("train", 70), ("validation", 80), ("test", 100))  # cumulative percent of companies
SPLIT_SALT = "events:"  # of a few salts tried, the one closest to 70/10/20 in companies and in sentences

EVENT_TYPES = ("going_concern", "material_weakness", "restatement", "cybersecurity_incident", "officer_change",
               "bankruptcy", "auditor_change", "impairment", "delisting")

_ACCOUNTANT = r"(?:accountants?\b|accounting firm|auditors?\b)"
# event type -> (broad pattern, strong pattern): the strong one picks wording that usually asserts
PATTERNS: dict[str, tuple[str, str]] = {
    "going_concern": (r"going concern|substantial doubt", r"going concern|substantial doubt"),
    "material_weakness": (
        r"material weakness|significant deficienc|(?:internal control|disclosure controls)[^.]{0,120}\bnot "
        r"effective|\bineffective\b|adverse opinion",
        r"material weakness"),
    "restatement": (
        r"\brestat|relied upon|non-?reliance|misstat|previously (?:issued|reported)[^.]{0,60}(?:error|correct|revis)"
        r"|\berrors? in (?:the|our|its) (?:previously|prior)",
        r"(?:should|can|could) (?:no longer|not) be relied|non-?reliance|restat\w*[^.]{0,80}(?:correct|error|"
        r"misstat)|(?:error|misstat)\w*[^.]{0,80}restat|restatement of (?:the |our |its )?(?:previously|prior|"
        r"consolidated|financial)"),
    "cybersecurity_incident": (
        r"cyber|ransomware|malware|data breach|security (?:breach|incident)|unauthori[sz]ed (?:access|third|part)|"
        r"intrusion|hack|phishing|exfiltrat|threat actor",
        r"(?:experienced|detected|discovered|identified|became aware|suffered|was (?:the )?(?:target|subject|"
        r"victim))[^.]{0,100}(?:cyber|ransomware|breach|incident|unauthori|attack|intrusion)|(?:cyber|ransomware|"
        r"breach|incident|attack|intrusion)[^.]{0,60}(?:occurred|was detected|was discovered|was identified)"),
    "officer_change": (
        r"\bresign|\bretire|\bappoint|\belected\b|\bdepart|\bstep(?:ped|s|ping)? down|\bsucceed|\bsuccessor|"
        r"\binterim\b|\bnamed\b|\bpromot(?:ed|ion)\b|terminat\w*[^.]{0,40}employment|\bpassed away|\bdeath of|"
        r"not to stand for re-?election|\bjoin(?:s|ed)? (?:the|our) (?:company|board)",
        r"\b(?:resigned|retired|was appointed|were appointed|been appointed|was elected|were elected|been elected|"
        r"was named|been named|was promoted|been promoted|appointed|notified|will retire|will resign|intends? to "
        r"(?:retire|resign|step down)|stepp(?:ed|ing) down|passed away)\b"),
    "bankruptcy": (
        r"chapter (?:7|11|15)\b|bankrupt|receiver(?:ship)?\b|debtors?.in.possession|insolven|plan of "
        r"reorganization|creditor protection",
        r"(?:filed|commenced|emerged?|confirm\w*|petition)[^.]{0,100}(?:chapter (?:7|11|15)|bankruptcy|"
        r"receivership)|debtors?.in.possession"),
    "auditor_change": (
        rf"dismiss|certifying accountant|(?:engag|appoint|select|retain|resign|declin|replac)\w*[^.]{{0,120}}"
        rf"{_ACCOUNTANT}|{_ACCOUNTANT}[^.]{{0,120}}(?:resign|dismiss|declin|engag|appoint|replac)",
        rf"dismiss\w*[^.]{{0,120}}{_ACCOUNTANT}|{_ACCOUNTANT}[^.]{{0,160}}(?:resigned|dismissed|declined)|"
        rf"(?:engaged|approved the engagement|appointed)[^.]{{0,120}}independent (?:registered )?(?:public )?"
        rf"{_ACCOUNTANT}"),
    "impairment": (
        r"impair|write-?downs?|written down|write-?offs?|written off",
        r"(?:recorded|recognized|recognised|incurred|took|booked)\b[^.;]{0,100}impair|impair\w* (?:charges?|"
        r"loss(?:es)?|expense)[^.;]{0,60}\$|\$[\d.,]+ (?:million |billion |thousand )?[^.;]{0,40}impair|"
        r"impair[^.;]{0,80}\b(?:was|were) (?:recorded|recognized)|(?:due to|driven by|reflect\w*|includ\w*|"
        r"result\w* (?:from|in))[^.;]{0,60}impair"),
    "delisting": (
        r"delist|nasdaq|nyse|new york stock exchange|stock exchange|listing (?:rule|standard|requirement|"
        r"qualification)|continued listing|minimum bid|regain compliance|deficiency (?:letter|notice)|trading "
        r"(?:was |has been )?suspended|suspension of trading",
        r"(?:received|receipt)[^.]{0,80}(?:notice|letter|notification)[^.]{0,160}(?:nasdaq|nyse|exchange|listing)|"
        r"delisted|regain(?:ed)? compliance|not in compliance[^.]{0,80}listing|no longer (?:in compliance|meets|"
        r"satisf)|suspend\w* (?:trading|from)|minimum bid|deficiency"),
}
COMPILED = {event: (re.compile(broad, re.I), re.compile(strong, re.I)) for event, (broad, strong) in PATTERNS.items()}
# event type -> (quota of the strong stratum, quota of the broad stratum); None = every sentence
QUOTAS: dict[str, tuple[int | None, int | None]] = {
    "going_concern": (None, None), "material_weakness": (None, None), "restatement": (150, 120),
    "cybersecurity_incident": (150, 150), "officer_change": (300, 250), "bankruptcy": (150, 120),
    "auditor_change": (150, 120), "impairment": (250, 200), "delisting": (150, 120),
}


@dataclass
class Filing:
    """One filing of the shared tree, as the MANIFEST describes it."""

    path: str
    form: str
    family: str
    cik: str
    company: str
    filing_date: str
    era: str
    accession: str


@dataclass
class Candidate:
    """One sentence of one Item, with the reasons it was mined."""

    filing: Filing
    item: str
    start: int
    end: int
    text: str
    keyword_events: list[str]
    rule_hits: list[str]
    sources: list[str] = field(default_factory=list)
    strata: list[str] = field(default_factory=list)
    prior: list[dict[str, object]] = field(default_factory=list)  # the existing labels that quote this sentence
    report_year: int | None = None  # the filing's reported period's year (`ParsedDocument.report_year`)

    @property
    def key(self) -> str:
        return " ".join(self.text.lower().split())

    @property
    def bucket(self) -> tuple[str, str, str]:
        return (self.filing.family, self.filing.era, self.filing.cik)


def shared_tree() -> Path:
    """The shared EDGAR tree (the same resolution as `sec_pipeline.parsing.evaluation.shared_edgar`)."""
    from sec_pipeline.parsing.evaluation import shared_edgar

    tree = shared_edgar()
    if not (tree / "MANIFEST.tsv").is_file():
        raise SystemExit(f"{tree}: no MANIFEST.tsv; set SEC_PIPELINE_SHARED_EDGAR to the shared EDGAR tree")
    return tree


def filings(tree: Path) -> list[Filing]:
    """One path per 10-K/10-Q/8-K filing: the full submission .txt when there is one (it holds the exhibits)."""
    by_key: dict[str, list[dict[str, str]]] = defaultdict(list)
    with open(tree / "MANIFEST.tsv", newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            family = row["path"].split("/")[1] if row["path"].startswith("filings/") else ""
            if row["kind"] == "filing" and family in FORMS:
                by_key[row["accession"] or row["path"]].append(row)
    out = []
    for rows in by_key.values():
        rows.sort(key=lambda r: (not _is_submission(tree / r["path"]), len(r["path"]), r["path"]))
        row = rows[0]
        out.append(Filing(row["path"], row["form"], row["path"].split("/")[1], row["cik"], row["company"],
                          row["filing_date"], row["era"], row["accession"]))
    return sorted(out, key=lambda f: f.path)


def _is_submission(path: Path) -> bool:
    from sec_pipeline.parsing.source import is_full_submission, read_path

    return path.name.endswith((".txt", ".txt.gz")) and is_full_submission(read_path(path)[:5000])


def split_of(cik: str, company: str) -> str:
    """train / validation / test for a company, from a hash of its CIK, or of its name when the MANIFEST has
    no CIK (about 70/10/20 of companies)."""
    key = str(int(cik)) if cik else f"name:{company}"
    bucket = int(hashlib.sha256(f"{SPLIT_SALT}{key}".encode()).hexdigest()[:8], 16) % 100
    return next(name for name, upper in SPLITS if bucket < upper)


def filing_sentences(tree: Path, filing: Filing) -> Iterator[Candidate]:
    """Every sentence of six words or more of every section of one filing, with keyword and rule flags."""
    from sec_pipeline.parsing.api import parse_path
    from sec_pipeline.signals.events import scan_sentences
    from sec_pipeline.signals.text import split_sentences

    doc = parse_path(tree / filing.path, form=filing.family)
    for section in doc.sections:
        hits: dict[tuple[int, int], list[str]] = defaultdict(list)
        for hit in scan_sentences(section.text):
            hits[(hit.sentence.start, hit.sentence.end)].append(f"{hit.event}:{hit.kind}")
        for s in split_sentences(section.text):
            if len(s.text.split()) < MIN_WORDS:
                continue
            keywords = [event for event, (broad, _) in COMPILED.items() if broad.search(s.text)]
            yield Candidate(filing, section.item, s.start, s.end, s.text, keywords, hits.get((s.start, s.end), []),
                            report_year=doc.report_year)


def round_robin(pool: list[Candidate], quota: int | None, rng: random.Random) -> list[Candidate]:
    """Up to `quota` candidates (all when None), taking one per (form, era, company) bucket in turn."""
    buckets: dict[tuple[str, str, str], list[Candidate]] = defaultdict(list)
    for c in pool:
        buckets[c.bucket].append(c)
    order = sorted(buckets)
    rng.shuffle(order)
    for key in order:
        rng.shuffle(buckets[key])
    out: list[Candidate] = []
    while order and (quota is None or len(out) < quota):
        for key in list(order):
            if quota is not None and len(out) >= quota:
                break
            if buckets[key]:
                out.append(buckets[key].pop())
            else:
                order.remove(key)
    return out


def locate(text: str, quote: str) -> tuple[int, int] | None:
    """Character span of a quote in a text, whitespace matched loosely."""
    pattern = r"\s+".join(re.escape(part) for part in quote.split())
    match = re.search(pattern, text)
    return (match.start(), match.end()) if match else None


def prior_sentences(tree: Path, by_path: dict[str, Filing]) -> tuple[list[tuple[Candidate, dict]], Counter]:
    """The sentences of the existing labels whose quote one sentence covers (>= 80% of the quote's characters)."""
    from sec_pipeline.parsing.api import parse_path
    from sec_pipeline.signals.text import split_sentences

    labels = [json.loads(line) for line in PRIOR_LABELS.read_text().splitlines() if line.strip()]
    parsed: dict[str, tuple[list[tuple[str, str]], int | None]] = {}  # path -> (item, text) sections, report year
    out, outcome = [], Counter()
    for label in labels:
        filing = by_path.get(label["path"]) or _filing_of(label["path"], by_path)
        if label["path"] not in parsed:
            doc = parse_path(tree / label["path"], form=filing.family)
            parsed[label["path"]] = ([(s.item, s.text) for s in doc.sections], doc.report_year)
        wanted = label["section"].split(":", 1)[1] if label["section"].startswith("parser:") else label["section"]
        filing_sections, report_year = parsed[label["path"]]
        sections = sorted(filing_sections, key=lambda s: s[0] != wanted)
        found = None
        for item, text in sections:
            span = locate(text, label["quote"])
            if span is None:
                continue
            best = max(split_sentences(text), key=lambda s: min(s.end, span[1]) - max(s.start, span[0]))
            if min(best.end, span[1]) - max(best.start, span[0]) >= 0.8 * (span[1] - span[0]):
                found = Candidate(filing, item, best.start, best.end, best.text, [], [], report_year=report_year)
            break
        outcome["located" if found else "not_located"] += 1
        if found:
            out.append((found, label))
    return out, outcome


def _filing_of(path: str, by_path: dict[str, Filing]) -> Filing:
    """The Filing row of a labeled path that is not the chosen path of its accession (another file of it)."""
    stem = Path(path).name.split("_")[1].split(".")[0] if "_" in Path(path).name else ""
    base = next((f for f in by_path.values() if f.accession and f.accession == stem), None)
    if base is None:
        raise SystemExit(f"{path}: a prior label names a filing missing from MANIFEST.tsv")
    return Filing(path, base.form, base.family, base.cik, base.company, base.filing_date, base.era, base.accession)


def candidate_id(c: Candidate) -> str:
    """A stable id from the filing path, Item and offsets."""
    return "e" + hashlib.sha1(f"{c.filing.path}|{c.item}|{c.start}|{c.end}".encode()).hexdigest()[:9]


def select(all_sentences: list[Candidate], prior: list[tuple[Candidate, dict]], rng: random.Random) \
        -> list[Candidate]:
    """Rule hits, keyword strata and random sentences, deduplicated by text; prior-label sentences added."""
    chosen: dict[str, Candidate] = {}
    for c, label in prior:
        kept = chosen.setdefault(c.key, c)
        _mark(kept, "prior_label", "prior_label")
        kept.prior.append({k: label.get(k) for k in ("event", "present", "scope", "labeled", "section")})
    unique: dict[str, Candidate] = {}
    for c in all_sentences:
        unique.setdefault(c.key, c)
    pool = list(unique.values())

    def take(picked: Iterable[Candidate], source: str, stratum: str) -> None:
        for c in picked:
            _mark(chosen.setdefault(c.key, c), source, stratum)

    for event in EVENT_TYPES:
        take([c for c in pool if any(h.startswith(event + ":") for h in c.rule_hits)], "rule", f"{event}/rule")
        broad_pool = [c for c in pool if event in c.keyword_events and c.key not in chosen]
        strong_quota, broad_quota = QUOTAS[event]
        strong = [c for c in broad_pool if COMPILED[event][1].search(c.text)]
        take(round_robin(strong, strong_quota, rng), "keyword", f"{event}/strong")
        rest = [c for c in broad_pool if c.key not in chosen]
        take(round_robin(rest, broad_quota, rng), "keyword", f"{event}/broad")
    for family in FORMS:
        take(round_robin([c for c in pool if c.filing.family == family and c.key not in chosen],
                         RANDOM_PER_FORM, rng), "random", f"random/{family}")
    return list(chosen.values())


def _is_8k_officer_item(c: Candidate) -> bool:
    """A sentence of an 8-K officer item (5.02, pre-2004 Items 5 and 6) or of an 8-K exhibit."""
    return c.filing.family == "8-K" and (c.item.split(".")[0] in {"5", "6"} or c.item.startswith("EX-"))


# Round 2, drawn after round 1 had been labeled: the round-1 strong strata held too few assertions for these
# types, so the rest of their keyword pools is drawn where assertions are likeliest (event, stratum, filter, quota)
ROUND2: tuple[tuple[str, str, Callable[[Candidate], bool], int | None], ...] = (
    ("officer_change", "8k_items", _is_8k_officer_item, None),
    ("bankruptcy", "rest", lambda c: True, 120),
)


def select_round2(all_sentences: list[Candidate], taken: set[str], rng: random.Random) -> list[Candidate]:
    """The ROUND2 strata: keyword sentences of round 1's pools not taken in round 1, deduplicated by text."""
    unique: dict[str, Candidate] = {}
    for c in all_sentences:
        unique.setdefault(c.key, c)
    chosen: dict[str, Candidate] = {}
    for event, name, keep, quota in ROUND2:
        pool = [c for c in unique.values() if event in c.keyword_events and c.key not in taken
                and c.key not in chosen and keep(c)]
        for c in round_robin(pool, quota, rng):
            _mark(chosen.setdefault(c.key, c), "keyword", f"{event}/{name}")
    return list(chosen.values())


def _mark(c: Candidate, source: str, stratum: str) -> None:
    if source not in c.sources:
        c.sources.append(source)
    if stratum not in c.strata:
        c.strata.append(stratum)


def batches(cands: list[Candidate], rng: random.Random, first: int = 1) -> dict[str, int]:
    """Batch number (from `first`) per candidate id: groups of one filing's Item, shuffled, cut near BATCH_SIZE."""
    groups: dict[tuple[str, str], list[Candidate]] = defaultdict(list)
    for c in cands:
        groups[(c.filing.path, c.item)].append(c)
    order = sorted(groups)
    rng.shuffle(order)
    out, batch, size = {}, first, 0
    for key in order:
        for c in sorted(groups[key], key=lambda c: c.start):
            if size >= BATCH_SIZE:
                batch, size = batch + 1, 0
            out[candidate_id(c)] = batch
            size += 1
    return out


def row(c: Candidate, batch: int, mining_round: int, parser_version: str) -> dict[str, object]:
    """The JSON record of one candidate."""
    f = c.filing
    return {"id": candidate_id(c), "accession": f.accession, "cik": str(int(f.cik)) if f.cik else "", "company": f.company,
            "form": f.form, "form_family": f.family, "era": f.era, "filing_date": f.filing_date,
            "report_year": c.report_year, "item": c.item,
            "start": c.start, "end": c.end, "parser_version": parser_version, "text": c.text, "path": f.path,
            "source": c.sources[0], "sources": c.sources, "strata": c.strata, "keyword_events": c.keyword_events,
            "rule_hits": c.rule_hits, "prior_labels": c.prior, "split": split_of(f.cik, f.company), "round": mining_round, "batch": batch}


def main() -> int:
    from sec_pipeline.parsing.api import PARSER_VERSION

    tree = shared_tree()
    rng = random.Random(SEED)
    chosen_filings = filings(tree)
    by_path = {f.path: f for f in chosen_filings}
    all_sentences = [c for f in chosen_filings for c in filing_sentences(tree, f)]
    prior, outcome = prior_sentences(tree, by_path)
    cands = select(all_sentences, prior, rng)
    batch_of = batches(cands, rng)
    rng2 = random.Random(SEED + 2)  # round 2 has its own generator, so round 1 is reproduced unchanged
    cands2 = select_round2(all_sentences, {c.key for c in cands}, rng2)
    batch_of.update(batches(cands2, rng2, first=max(batch_of.values()) + 1))
    rows = sorted([row(c, batch_of[candidate_id(c)], 1, PARSER_VERSION) for c in cands]
                  + [row(c, batch_of[candidate_id(c)], 2, PARSER_VERSION) for c in cands2],
                  key=lambda r: (r["batch"], r["path"], r["item"], r["start"]))
    if len({r["id"] for r in rows}) != len(rows):
        raise SystemExit("candidate ids collide; lengthen the id hash")
    LABEL_DIR.mkdir(parents=True, exist_ok=True)
    CANDIDATES.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    print(f"{len(chosen_filings)} filings, {len(all_sentences)} sentences of >= {MIN_WORDS} words; "
          f"prior labels {dict(outcome)}; {len(rows)} candidates in {max(batch_of.values())} batches -> {CANDIDATES}")
    print("by stratum:", dict(sorted(Counter(s for r in rows for s in r["strata"]).items())))
    print("by form:", dict(Counter(r["form_family"] for r in rows)), "by split:", dict(Counter(r["split"] for r in rows)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
