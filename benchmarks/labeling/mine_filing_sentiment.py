"""Draw the candidate sentences of the filing-sentiment label set from the shared EDGAR tree (seeded, deterministic).

Sections: 10-K Items 7 and 1A, 10-Q MD&A (part1item2) and risk factors (part2item1a), 8-K press releases (EX-99*
exhibits) and news items (2.02, 7.01, 8.01; before the 2004 renumbering 5, 9, 12), as
`sec_pipeline.parsing.api.parse_path` returns them. Sentences come from `sec_pipeline.signals.text.split_sentences`
over the section text, so offsets are what the pipeline sees. Fragments are skipped: lines from tables, fewer than
8 or more than 80 words, mostly digits, starting in lower case (the tail of a bullet or of a broken sentence) or
not ending in a stop (a heading, or a plain-text line cut at a line break).
Exact repeats (a company's risk factors year after year) are kept once.

Stratification: every eligible sentence is "change" (a reported change or result: "revenue increased",
"recorded a charge", "net loss"), "directional" (another financial direction word: growth, impairment, could
increase...) or "plain". Each (form, section kind, era) cell draws a quota of each stratum,
round-robin over companies and, within a company, over its filings, with a cap per filing and per company.

Split: by company, from a hash of the CIK (see `company_split`): about 70% train, 10% validation, 20% test.

Run: .venv/bin/python -m benchmarks.labeling.mine_filing_sentiment --out candidates.jsonl
     (--stats prints the eligible and drawn counts per cell instead of writing).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from benchmarks.support.paths import shared_edgar_dir
from sec_pipeline.parsing.api import PARSER_VERSION, parse_path
from sec_pipeline.signals.text import is_table_like, split_sentences

SEED = 20240611
SHARED_EDGAR = shared_edgar_dir()
ITEMS = {
    "10-K": {"7": "mdna", "1A": "risk"},
    "10-Q": {"part1item2": "mdna", "part2item1a": "risk"},
    "8-K": {"2.02": "news", "7.01": "news", "8.01": "news", "5": "news", "9": "news", "12": "news"},
}
# Candidates drawn per (form, section kind, era) cell: (change, directional, plain).
QUOTAS: dict[tuple[str, str, str], tuple[int, int, int]] = {
    ("10-K", "mdna", "pre-2001"): (50, 25, 20),
    ("10-K", "mdna", "2001-2018"): (220, 70, 50),
    ("10-K", "mdna", "2019+"): (500, 90, 120),
    ("10-K", "risk", "2001-2018"): (15, 20, 20),
    ("10-K", "risk", "2019+"): (50, 70, 70),
    ("10-Q", "mdna", "pre-2001"): (50, 15, 15),
    ("10-Q", "mdna", "2001-2018"): (50, 15, 15),
    ("10-Q", "mdna", "2019+"): (540, 80, 120),
    ("10-Q", "risk", "pre-2001"): (3, 5, 5),
    ("10-Q", "risk", "2001-2018"): (5, 5, 5),
    ("10-Q", "risk", "2019+"): (30, 40, 50),
    ("8-K", "press", "pre-2001"): (7, 40, 25),
    ("8-K", "press", "2001-2018"): (166, 150, 80),
    ("8-K", "press", "2019+"): (54, 21, 30),
    ("8-K", "news", "pre-2001"): (3, 5, 35),
    ("8-K", "news", "2001-2018"): (44, 60, 120),
    ("8-K", "news", "2019+"): (6, 30, 60),
}
STRATA = ("change", "directional", "plain")
PER_FILING_CAP = 40
MIN_WORDS, MAX_WORDS = 8, 80
# A reported change or a recorded result ("revenue increased", "recorded a charge", "net loss"): most are polar.
CHANGE = re.compile(
    r"\b(increased|decreased|grew|declined|rose|fell|improved|deteriorated|dropped|reduced|"
    r"(?:was|were) (?:up|down|flat|higher|lower)|higher|lower|(?:growth|increase|decrease|decline) of|"
    r"record (?:revenue|sales|earnings|quarter|results|year)|"
    r"(?:recorded|recognized|incurred|took) (?:a |an )?(?:pre-tax |non-cash |net )?(?:loss|charge|gain|impairment)|"
    r"net loss|net income|earnings per)\b",
    re.I,
)
# Any financial direction word (risk language included: "could increase our costs").
DIRECTION = re.compile(
    r"\b(increas\w*|decreas\w*|grew|grow\w*|growth|declin\w*|improv\w*|impair\w*|charges?|record(?:ed)?|rose|"
    r"fell|lower|higher|gains?|loss(?:es)?|reduc\w*|rais\w*|strong\w*|weak\w*|down|up|exceed\w*|doubl\w*|"
    r"restructur\w*|write-?(?:down|off)s?|favorabl\w*|unfavorabl\w*|offset|drop\w*|surg\w*|expan\w*)\b",
    re.I,
)
_DIGIT = re.compile(r"\d")
_NUMBER_TOKEN = re.compile(r"^[-+(]?[$€£]?\d[\d,.]*%?\)?[,;]?$")
_LOWER_START = re.compile(r"^[a-z]")
_SENTENCE_END = re.compile(r"[.!?:;][\"”’')\]]*$")
_BRAND_START = re.compile(r"^[a-z]+[A-Z]")  # iPhone, eBay


@dataclass(frozen=True)
class Filing:
    """One filing of the shared tree: the file parsed (the full submission when there is one) and its metadata."""

    path: str
    form: str
    base_form: str
    cik: str  # company_key: the CIK, or the company name where the CIK is unknown
    company: str
    filing_date: str
    era: str
    accession: str


@dataclass
class Candidate:
    """One sentence to label, located by (accession, item, start, end) in the parsed section text."""

    id: str
    accession: str
    cik: str
    company: str
    form: str
    era: str
    filing_date: str
    item: str
    section_kind: str
    start: int
    end: int
    parser_version: str
    text: str
    path: str
    stratum: str
    split: str


def base_form(form: str) -> str:
    """10-K405, 10-K/A -> 10-K; 10-Q/A -> 10-Q; 8-K/A -> 8-K."""
    for base in ("10-K", "10-Q", "8-K"):
        if form.upper().startswith(base):
            return base
    return form


def company_key(cik: str, company: str) -> str:
    """The CIK without leading zeros, or the company name where the tree did not record the CIK."""
    return str(int(cik)) if cik.strip() else company


def company_split(key: str) -> str:
    """train / validation / test for a company key: sha256 of 'filing-sentiment:<key>' modulo 10 (0-6, 7, 8-9)."""
    bucket = int(hashlib.sha256(f"filing-sentiment:{key}".encode()).hexdigest(), 16) % 10
    return "train" if bucket < 7 else "validation" if bucket == 7 else "test"


def read_filings(edgar: Path) -> list[Filing]:
    """Filings of MANIFEST.tsv, one per accession (or file stem when the accession is unknown), sorted."""
    by_key: dict[str, list[dict[str, str]]] = defaultdict(list)
    with open(edgar / "MANIFEST.tsv", newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row["kind"] == "filing" and base_form(row["form"]) in ITEMS:
                by_key[row["accession"] or Path(row["path"]).name.split(".")[0]].append(row)
    filings = []
    for key, rows in sorted(by_key.items()):
        row = min(rows, key=lambda r: (not r["notes"].startswith("full submission"), r["path"]))
        filings.append(Filing(row["path"], row["form"], base_form(row["form"]), company_key(row["cik"], row["company"]),
                              row["company"], row["filing_date"], row["era"], row["accession"] or key))
    return filings


def section_kind(form: str, item: str) -> str | None:
    """mdna / risk / news / press for a sentiment section of `form`, None for the others."""
    if form == "8-K" and item.upper().startswith("EX-99"):
        return "press"
    return ITEMS.get(form, {}).get(item)


def is_fragment(text: str) -> bool:
    """True for what is not a sentence worth labeling: too short or long, table-like, digit-heavy, a tail."""
    words = text.split()
    if not MIN_WORDS <= len(words) <= MAX_WORDS or is_table_like(text):
        return True
    if _LOWER_START.match(text) and not _BRAND_START.match(text) or not _SENTENCE_END.search(text):
        return True
    chars = sum(not c.isspace() for c in text)
    numeric = sum(bool(_NUMBER_TOKEN.match(w)) for w in words)
    return len(_DIGIT.findall(text)) > 0.25 * chars or numeric > 0.4 * len(words)


def stratum(text: str) -> str:
    """change (a reported change or result), directional (a direction word only) or plain."""
    return "change" if CHANGE.search(text) else "directional" if DIRECTION.search(text) else "plain"


def _in_table(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(start < b and a < end for a, b in spans)


def _normalized(text: str) -> str:
    return " ".join(text.lower().split())


def eligible_sentences(edgar: Path, filing: Filing) -> Iterator[Candidate]:
    """Every labelable sentence of the filing's sentiment sections, in document order."""
    doc = parse_path(edgar / filing.path, filing.form)
    for section in doc.sections:
        kind = section_kind(filing.base_form, section.item)
        if kind is None:
            continue
        for s in split_sentences(section.text):
            if _in_table(s.start, s.end, section.table_spans) or is_fragment(s.text):
                continue
            key = f"{filing.accession}|{section.item}|{s.start}|{s.end}"
            yield Candidate(
                id="fs-" + hashlib.sha256(key.encode()).hexdigest()[:12], accession=filing.accession,
                cik=filing.cik, company=filing.company, form=filing.form, era=filing.era,
                filing_date=filing.filing_date, item=section.item, section_kind=kind, start=s.start, end=s.end,
                parser_version=PARSER_VERSION, text=s.text, path=filing.path,
                stratum=stratum(s.text), split=company_split(filing.cik))


def pool(edgar: Path) -> list[Candidate]:
    """All eligible sentences of the tree, exact repeats removed (first occurrence kept, filings in sorted order)."""
    seen: set[str] = set()
    out = []
    for filing in read_filings(edgar):
        for cand in eligible_sentences(edgar, filing):
            norm = _normalized(cand.text)
            if norm not in seen:
                seen.add(norm)
                out.append(cand)
    return out


def _round_robin(groups: list[list[Candidate]]) -> Iterator[Candidate]:
    """Interleave the lists: first of each, then second of each, ..."""
    depth = 0
    while any(depth < len(g) for g in groups):
        for g in groups:
            if depth < len(g):
                yield g[depth]
        depth += 1


def draw(candidates: list[Candidate], seed: int = SEED) -> list[Candidate]:
    """The seeded stratified draw: each cell's quota, round-robin over companies then filings, with caps.

    Caps hold within a cell (a filing gives at most PER_FILING_CAP sentences, a company at most a quarter of the
    quota unless the cell has fewer than four companies), so raising one cell's quota extends that cell's draw
    and leaves the others as they were.
    """
    cells: dict[tuple[str, str, str, str], list[Candidate]] = defaultdict(list)
    for c in candidates:
        cells[(base_form(c.form), c.section_kind, c.era, c.stratum)].append(c)
    chosen: list[Candidate] = []
    for (form, kind, era), quotas in QUOTAS.items():
        for name, quota in zip(STRATA, quotas, strict=True):
            chosen += _draw_cell(cells[(form, kind, era, name)], quota,
                                 random.Random(f"{seed}|{form}|{kind}|{era}|{name}"))
    return sorted(chosen, key=lambda c: (c.accession, c.item, c.start))


def _draw_cell(cell: list[Candidate], quota: int, rng: random.Random) -> list[Candidate]:
    by_company: dict[str, dict[str, list[Candidate]]] = defaultdict(lambda: defaultdict(list))
    for c in cell:
        by_company[c.cik][c.accession].append(c)
    company_lists = []
    for cik in sorted(by_company):
        filings = [by_company[cik][acc] for acc in sorted(by_company[cik])]
        for sentences in filings:
            rng.shuffle(sentences)
        rng.shuffle(filings)
        company_lists.append(list(_round_robin(filings)))
    rng.shuffle(company_lists)
    company_cap = quota if len(by_company) < 4 else max(1, -(-quota // 4))
    per_filing: Counter[str] = Counter()
    per_company: Counter[str] = Counter()
    out: list[Candidate] = []
    for c in _round_robin(company_lists):
        if len(out) == quota:
            break
        if per_filing[c.accession] < PER_FILING_CAP and per_company[c.cik] < company_cap:
            per_filing[c.accession] += 1
            per_company[c.cik] += 1
            out.append(c)
    return out


def _stats(candidates: list[Candidate], chosen: list[Candidate]) -> None:
    def cell(c: Candidate) -> tuple[str, str, str, str]:
        return base_form(c.form), c.section_kind, c.era, c.stratum

    eligible, drawn = Counter(map(cell, candidates)), Counter(map(cell, chosen))
    for key in sorted(eligible):
        print("\t".join(key), eligible[key], drawn[key], sep="\t")
    print("total", len(candidates), len(chosen), "companies", len({c.cik for c in chosen}), sep="\t")
    print("largest companies", Counter(c.company for c in chosen).most_common(5))
    companies = {c.cik for c in chosen}
    print("split", dict(Counter(c.split for c in chosen)), dict(Counter(map(company_split, companies))))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--edgar", type=Path, default=SHARED_EDGAR, help="the shared EDGAR tree")
    parser.add_argument("--out", type=Path, help="candidates.jsonl to write")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--stats", action="store_true", help="print counts per cell instead of writing")
    args = parser.parse_args(argv)
    if not (args.edgar / "MANIFEST.tsv").is_file():
        parser.error(f"{args.edgar}: no MANIFEST.tsv; pass --edgar pointing at the shared EDGAR tree")
    candidates = pool(args.edgar)
    chosen = draw(candidates, args.seed)
    if args.stats or args.out is None:
        _stats(candidates, chosen)
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as fh:
        for c in chosen:
            fh.write(json.dumps(asdict(c), ensure_ascii=False) + "\n")
    print(f"{args.out}: {len(chosen)} candidates from {len({c.cik for c in chosen})} companies")
    return 0


if __name__ == "__main__":
    sys.exit(main())
