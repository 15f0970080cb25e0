"""XBRL financials check over every 2019+ 10-K/10-Q in ../shared/edgar.

For each filing: extract the key financials; cross-check total assets == total liabilities + equity
(equity including noncontrolling interests when tagged, plus temporary equity when tagged); compare
with the companyfacts JSON in ../shared/edgar/api/companyfacts/ where a filing's accession appears there.
Writes benchmarks/results/financials.json and .md.

Run: python -m benchmarks.financials   (from the repository root)
"""

from __future__ import annotations

import csv
import gzip
import json
import time
from pathlib import Path

from benchmarks.support.paths import RESULTS as OUT
from benchmarks.support.paths import shared_edgar_dir
from sec_pipeline.parsing.ixbrl import IxbrlError, parse_ixbrl
from sec_pipeline.signals.financials import period_end, pick_financials

SHARED = shared_edgar_dir()
TEMP_EQUITY = ("us-gaap:TemporaryEquityCarryingAmountAttributableToParent",
               "us-gaap:TemporaryEquityCarryingAmountIncludingPortionAttributableToNoncontrollingInterests",
               "us-gaap:RedeemableNoncontrollingInterestEquityCarryingAmount")
NCI_TOTAL = "us-gaap:StockholdersEquityIncludingPortionAttributableToNoncontrollingInterest"


def read(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def filings() -> list[dict[str, str]]:
    with open(SHARED / "MANIFEST.tsv", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    return [r for r in rows if r["kind"] == "filing" and r["era"] == "2019+"
            and r["form"].split("/")[0] in {"10-K", "10-Q"} and ".htm" in r["path"]]


def instant_total(doc, names, end) -> float | None:
    for name in names:
        for f in doc.facts_named(name):
            ctx = doc.contexts.get(f.context_ref)
            if f.value is not None and ctx and ctx.instant and not ctx.dimensions and ctx.end == end:
                return float(f.value)
    return None


def same_context_value(doc, name: str, context_ref: str) -> float | None:
    for f in doc.facts_named(name):
        if f.context_ref == context_ref and f.value is not None:
            return float(f.value)
    return None


def eps_consistent(doc, picked) -> bool | None:
    """Net income (to common) / weighted basic shares == EPS basic, all in the EPS fact's own context (5%).

    Checks that EPS and net income were taken from the same period (quarter vs year-to-date)."""
    eps = next((p for p in picked if p.metric == "eps_basic" and ", class A" not in p.basis), None)
    income = next((p for p in picked if p.metric == "net_income"), None)
    if eps is None or income is None or eps.context is None or eps.value == 0:
        return None
    shares = same_context_value(doc, "us-gaap:WeightedAverageNumberOfSharesOutstandingBasic", eps.context.id)
    numerator = (same_context_value(doc, "us-gaap:NetIncomeLossAvailableToCommonStockholdersBasic", eps.context.id)
                 or same_context_value(doc, "us-gaap:NetIncomeLoss", eps.context.id))
    if not shares or numerator is None or income.context is None or income.context.period != eps.context.period:
        return None if not shares or numerator is None else False
    return abs(numerator / shares - float(eps.value)) <= max(0.05 * abs(float(eps.value)), 0.011)


def companyfacts_index() -> dict[str, list[tuple[str, str, float, str]]]:
    """accession -> [(concept, unit, value, end)] from every companyfacts file in shared."""
    index: dict[str, list[tuple[str, str, float, str]]] = {}
    for path in (SHARED / "api" / "companyfacts").iterdir():
        data = json.loads(read(path))
        for taxonomy, concepts in data.get("facts", {}).items():
            for concept, body in concepts.items():
                for unit, rows in body.get("units", {}).items():
                    for row in rows:
                        index.setdefault(row.get("accn", ""), []).append(
                            (f"{taxonomy}:{concept}", unit, row["val"], row["end"]))
    return index


def main() -> int:
    started = time.perf_counter()
    facts_index = companyfacts_index()
    rows = []
    for row in filings():
        path = SHARED / row["path"]
        entry = {"path": row["path"], "form": row["form"], "accession": row["accession"]}
        t0 = time.perf_counter()
        try:
            doc = parse_ixbrl(read(path))
            picked = pick_financials(doc, row["form"])
        except IxbrlError as exc:
            entry["error"] = str(exc)
            rows.append(entry)
            continue
        entry["seconds"] = round(time.perf_counter() - t0, 3)
        values = {p.metric: float(p.value) for p in picked}
        entry["metrics"] = {p.metric: [float(p.value), p.concept, p.basis, p.context.period if p.context else None]
                            for p in picked}
        entry["liabilities_derived"] = any(p.metric == "total_liabilities" and p.derived for p in picked)
        end = period_end(doc)
        a, liab, eq = values.get("total_assets"), values.get("total_liabilities"), values.get("stockholders_equity")
        if a is not None and liab is not None and eq is not None:
            nci_eq = instant_total(doc, (NCI_TOTAL,), end) or eq
            # a derived liability (L&SE - total equity) already holds temporary equity
            temp = 0.0 if entry["liabilities_derived"] else (instant_total(doc, TEMP_EQUITY, end) or 0.0)
            tol = max(abs(a) * 0.001, 1.0)
            entry["balance_exact"] = abs(a - (liab + eq)) <= tol
            entry["balance_with_nci_temp"] = abs(a - (liab + nci_eq + temp)) <= tol
        entry["eps_consistent"] = eps_consistent(doc, picked)
        cf = facts_index.get(row["accession"], [])
        if cf:
            entry["companyfacts_matches"] = sum(
                1 for p in picked for concept, _u, val, e in cf
                if concept == p.concept and e == (p.context.end.isoformat() if p.context else "")
                and abs(val - float(p.value)) <= max(1.0, abs(val) * 1e-6))
        rows.append(entry)
    parsed = [r for r in rows if "error" not in r]
    checked = [r for r in parsed if "balance_exact" in r]
    reported = [r for r in checked if not r["liabilities_derived"]]
    metrics = ("revenue", "net_income", "eps_basic", "eps_diluted", "total_assets", "total_liabilities",
               "stockholders_equity", "operating_cash_flow", "shares_outstanding")
    summary = {
        "filings": len(rows), "parsed": len(parsed),
        "errors": [{"path": r["path"], "error": r["error"]} for r in rows if "error" in r],
        "coverage": {m: sum(1 for r in parsed if m in r["metrics"]) for m in metrics},
        "balance_checked": len(checked),
        "balance_exact_agree": sum(r["balance_exact"] for r in checked),
        "balance_with_nci_temp_agree": sum(r["balance_with_nci_temp"] for r in checked),
        "balance_checked_reported_liabilities": len(reported),
        "balance_reported_liabilities_agree": sum(r["balance_with_nci_temp"] for r in reported),
        "eps_checked": sum(r.get("eps_consistent") is not None for r in parsed),
        "eps_consistent": sum(r.get("eps_consistent") is True for r in parsed),
        "companyfacts_filings_matched": sum(1 for r in parsed if "companyfacts_matches" in r),
        "seconds_total": round(time.perf_counter() - started, 2),
        "rows": rows,
    }
    secs = sorted(r["seconds"] for r in parsed)
    summary["seconds_per_filing"] = {"p50": secs[len(secs) // 2], "p95": secs[int(len(secs) * 0.95)],
                                     "max": secs[-1]}
    if checked:
        summary["balance_agreement_rate"] = round(summary["balance_with_nci_temp_agree"] / len(checked), 4)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "financials.json").write_text(json.dumps(summary, indent=1, default=str))
    lines = ["# XBRL financials over shared 2019+ 10-K/10-Q", "",
             "Command: `python -m benchmarks.financials`", "",
             f"- filings: {summary['filings']}, parsed: {summary['parsed']}, errors: {len(summary['errors'])}; "
             f"parse + pick seconds per filing: p50 {summary['seconds_per_filing']['p50']}, p95 "
             f"{summary['seconds_per_filing']['p95']}, max {summary['seconds_per_filing']['max']}",
             f"- balance check (assets == liabilities + equity [+NCI, +temporary equity], 0.1% tolerance): "
             f"{summary['balance_with_nci_temp_agree']}/{len(checked)}; strict (parent equity only): "
             f"{summary['balance_exact_agree']}/{len(checked)}",
             f"- EPS check (net income to common / weighted basic shares == EPS basic, same context as the picked "
             f"EPS, and net income picked for the same period; 5%): {summary['eps_consistent']}/"
             f"{summary['eps_checked']}",
             f"- of those with liabilities reported (not derived): "
             f"{summary['balance_reported_liabilities_agree']}/{len(reported)}",
             f"- companyfacts: {summary['companyfacts_filings_matched']} shared filings have their accession in "
             "the shared companyfacts files (they cover Snowflake and Logistic Properties of the Americas, whose "
             "filings are not in the shared tree), so no value could be checked against companyfacts",
             "- when Liabilities is not tagged it is derived as LiabilitiesAndStockholdersEquity - total equity, "
             "which makes the balance check nearly automatic for those filings: the reported-liabilities line "
             "above is the meaningful one",
             "", "| metric | filings with value |", "|---|---|"]
    lines += [f"| {m} | {n} |" for m, n in summary["coverage"].items()]
    lines += ["", "Disagreements:", ""]
    lines += [f"- {r['path']}: {r['metrics'].get('total_assets')}, {r['metrics'].get('total_liabilities')}, "
              f"{r['metrics'].get('stockholders_equity')}" for r in checked if not r["balance_with_nci_temp"]]
    lines += ["", "EPS disagreements (read the document: a filer that tags weighted shares without their scale, "
              "e.g. 727.9 for 727.9 million, fails this check although the EPS and net income picked are right):", ""]
    lines += [f"- {r['path']}: EPS {r['metrics'].get('eps_basic')}, net income {r['metrics'].get('net_income')}"
              for r in parsed if r.get("eps_consistent") is False]
    (OUT / "financials.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines[:9]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
