"""A realistic partition of four real filings, built from the labels and facts of the shared EDGAR tree.

Its labels and facts agree, so every quality suite passes on it; tests plant defects in copies of it, and
benchmarks.quality times the suites on copies of it. `edgar` defaults to `paths.shared_edgar_dir()`.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pandas as pd

from benchmarks.support.paths import shared_edgar_dir

TEN_K = ("0000101829-24-000008", "101829", "RTX Corporation", "2024-02-05")
TEN_Q = ("0000101829-23-000032", "101829", "RTX Corporation", "2023-04-25")
EIGHT_K = ("0001000180-10-000003", "1000180", "SANDISK CORP", "2010-01-28")
SNOW_Q = ("0001640147-25-000110", "1640147", "Snowflake Inc.", "2025-05-30")
SNOW_FACTS = "api/companyfacts/CIK0001640147.snow.pretty.json.gz"


def companyfacts_lookup(cik: str, edgar: Path | None = None) -> dict | None:
    """Companyfacts JSON from the shared tree (Snowflake only), like the EDGAR client would return."""
    if cik.lstrip("0") != "1640147":
        return None
    with gzip.open((edgar or shared_edgar_dir()) / SNOW_FACTS, "rt") as handle:
        return json.load(handle)


def _sec_parser_sections(edgar: Path, form: str, cik: str, accession: str) -> list[tuple[str, int]]:
    path = edgar / f"labels/sec-parser-test-data/{form}/{cik}_{accession}.expected-top-level-sections.json"
    return [(s["identifier"], s["character_count"]) for s in json.loads(path.read_text())
            if s["character_count"] > 0]


def _crawler_items(edgar: Path, cik: str, accession: str) -> list[tuple[str, int]]:
    path = edgar / f"labels/edgar-crawler/8-K/{cik}_{accession}.json"
    label = json.loads(path.read_text())
    return [(k.removeprefix("item_"), len(v)) for k, v in label.items() if k.startswith("item_") and v]


def _snow_fact(edgar: Path, concept: str, unit: str = "USD") -> float:
    facts = companyfacts_lookup("1640147", edgar)["facts"]["us-gaap"][concept]["units"][unit]
    return next(f["val"] for f in facts if f["accn"] == SNOW_Q[0] and f["end"] == "2025-04-30")


def good_partition(edgar: Path | None = None) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(filings, sections, signals) of four real filings whose labels and facts are consistent."""
    edgar = edgar or shared_edgar_dir()
    filings, sections, signals = [], [], []
    eight_k_items = _crawler_items(edgar, EIGHT_K[1], EIGHT_K[0])
    parts = [
        (TEN_K, "10-K", _sec_parser_sections(edgar, "10-K", TEN_K[1], TEN_K[0]), []),
        (TEN_Q, "10-Q", _sec_parser_sections(edgar, "10-Q", TEN_Q[1], TEN_Q[0]), []),
        (EIGHT_K, "8-K", eight_k_items, [i for i, _ in eight_k_items]),
        (SNOW_Q, "10-Q", [("part1item1", 250_000), ("part1item2", 120_000), ("part2item1a", 90_000)], []),
    ]
    for (accession, cik, company, date), form, items, declared in parts:
        filings.append({"accession_no": accession, "cik": cik, "company": company, "form_type": form,
                        "filing_date": date, "period_of_report": None, "declared_items": declared,
                        "status": "parsed", "error": None})
        for item, chars in items:
            sections.append({"accession_no": accession, "item": item, "form_type": form, "title": f"Item {item}",
                             "char_count": chars, "confidence": 0.9, "warnings": [], "filing_date": date})
        first = items[0][0]
        signals += [
            _signal(accession, date, first, "tone", "net_tone", "net_tone", value=0.12, tier="lexicon"),
            _signal(accession, date, first, "tone", "negative_share", "negative", value=0.018, tier="lexicon"),
            _signal(accession, date, first, "sentiment", "share_positive", "positive", value=0.31,
                    confidence=0.81, tier="fast", evidence=(10, 90)),
            _signal(accession, date, first, "sentiment", "net_score", "net", value=-0.2, confidence=0.7,
                    tier="fast"),
            _signal(accession, date, first, "sentiment", "sentences", "count", value=57.0, tier="fast"),
            _signal(accession, date, first, "risk_change", "similarity", "risk_change", value=0.93, tier=""),
            _signal(accession, date, first, "routing", "complexity", "complexity", value=0.72, tier="fast"),
        ]
    snow = {"total_assets": ("Assets", "USD"), "liabilities": ("Liabilities", "USD"),
            "stockholders_equity": ("StockholdersEquity", "USD"), "net_income": ("NetIncomeLoss", "USD"),
            "eps_basic": ("EarningsPerShareBasic", "USD/shares"),
            "eps_diluted": ("EarningsPerShareDiluted", "USD/shares")}
    for name, (concept, unit) in snow.items():
        instant = name not in ("net_income", "eps_basic", "eps_diluted")
        row = _signal(SNOW_Q[0], SNOW_Q[3], "filing", "financial", name, name, value=_snow_fact(edgar, concept, unit),
                      confidence=1.0, tier="rules", unit=unit,
                      period="2025-04-30" if instant else "2025-02-01/2025-04-30")
        row["label"] = f"us-gaap:{concept} [{'instant' if instant else 'quarter'}]"
        signals.append(row)
    return pd.DataFrame(filings), pd.DataFrame(sections), pd.DataFrame(signals)


def _signal(accession: str, date: str, section: str, family: str, name: str, category: str, *,
            value: float | None = None, confidence: float | None = None, tier: str = "",
            evidence: tuple[int, int] | None = None, unit: str | None = None,
            period: str | None = None) -> dict:
    return {"accession_no": accession, "filing_date": date, "section": section, "family": family,
            "name": name, "category": category, "value": value, "label": None, "confidence": confidence,
            "evidence": "quote" if evidence else None, "evidence_start": evidence[0] if evidence else None,
            "evidence_end": evidence[1] if evidence else None, "model": "m" if tier in ("fast", "accurate") else "",
            "model_version": "v1" if tier in ("fast", "accurate") else "", "tier": tier, "latency_s": 0.01,
            "cost_usd": 0.0, "unit": unit, "period": period}
