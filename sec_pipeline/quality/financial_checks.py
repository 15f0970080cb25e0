"""Cross-checks of XBRL financial signals: balance sheet identity, EPS sign, agreement with companyfacts.

Financial signals (family "financial") are recognised by their category or name, compared after lowercasing
and dropping non-alphanumerics, so "total_assets", "Assets" and "assets" are the same metric. The result is one
row per filing with three nullable boolean columns (null = not applicable, e.g. a filing without EPS):
  - balance_sheet_balances: |assets - (liabilities + equity)| <= 0.5% of |assets|; when the equity figure
    excludes noncontrolling interest, adding the noncontrolling interest (or using equity including it)
    may close the gap, and the row says so;
  - eps_sign_consistent: basic/diluted EPS never has the opposite strict sign of net income;
  - companyfacts_consistent: each metric with facts for this accession in the companyfacts JSON
    (facts -> us-gaap -> Concept -> units -> unit -> [{accn, val, end, start, ...}]) agrees with one of them
    within 0.5% (0.011 absolute for per-share values), matched on the period end when the signal has one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pandas as pd

BALANCE_TOLERANCE = 0.005
VALUE_TOLERANCE = 0.005
PER_SHARE_ABS_TOLERANCE = 0.011

CompanyFactsLookup = Callable[[str], dict | None]


def _key(text: Any) -> str:
    return re.sub(r"[^a-z0-9]", "", str(text or "").lower())


# metric -> (aliases after _key, us-gaap concepts, companyfacts unit)
METRICS: dict[str, tuple[frozenset[str], tuple[str, ...], str]] = {
    "assets": (frozenset({"assets", "totalassets"}), ("Assets",), "USD"),
    "liabilities_and_equity": (frozenset({"liabilitiesandstockholdersequity", "liabilitiesandequity"}),
                               ("LiabilitiesAndStockholdersEquity",), "USD"),
    "liabilities": (frozenset({"liabilities", "totalliabilities"}), ("Liabilities",), "USD"),
    "equity": (frozenset({"stockholdersequity", "shareholdersequity", "equity", "totalequity",
                          "totalstockholdersequity"}), ("StockholdersEquity",), "USD"),
    "equity_incl_nci": (frozenset({"stockholdersequityincludingportionattributabletononcontrollinginterest",
                                   "equityincludingnoncontrollinginterest", "totalequityincludingnci"}),
                        ("StockholdersEquityIncludingPortionAttributableToNoncontrollingInterest",), "USD"),
    "nci": (frozenset({"minorityinterest", "noncontrollinginterest"}), ("MinorityInterest",), "USD"),
    "net_income": (frozenset({"netincome", "netincomeloss", "netloss", "profitloss"}),
                   ("NetIncomeLoss", "ProfitLoss"), "USD"),
    "eps_basic": (frozenset({"epsbasic", "earningspersharebasic", "basiceps"}), ("EarningsPerShareBasic",),
                  "USD/shares"),
    "eps_diluted": (frozenset({"epsdiluted", "earningspersharediluted", "dilutedeps"}),
                    ("EarningsPerShareDiluted",), "USD/shares"),
    "revenue": (frozenset({"revenue", "revenues", "totalrevenue", "salesrevenuenet",
                           "revenuefromcontractwithcustomerexcludingassessedtax"}),
                ("Revenues", "RevenueFromContractWithCustomerExcludingAssessedTax", "SalesRevenueNet"), "USD"),
    "operating_cash_flow": (frozenset({"operatingcashflow", "netcashprovidedbyusedinoperatingactivities"}),
                            ("NetCashProvidedByUsedInOperatingActivities",), "USD"),
}
_ALIAS = {alias: metric for metric, (aliases, _, _) in METRICS.items() for alias in aliases}

COLUMNS = ("accession_no", "balance_sheet_balances", "eps_sign_consistent", "companyfacts_consistent",
           "balance_detail", "eps_detail", "companyfacts_detail")


def metric_of(category: Any, name: Any) -> str | None:
    """The canonical metric of a financial signal, from its category or else its name."""
    return _ALIAS.get(_key(category)) or _ALIAS.get(_key(name))


def financial_checks(
    signals: pd.DataFrame,
    filings: pd.DataFrame | None = None,
    companyfacts_lookup: CompanyFactsLookup | None = None,
) -> pd.DataFrame:
    """One row per filing that has financial signals, with the three cross-check columns."""
    needed = ("accession_no", "family", "name", "category", "value")
    missing = [c for c in needed if c not in signals.columns]
    if missing:
        raise ValueError(f"signals frame lacks columns {missing} needed by the financial cross-checks")
    fin = signals[signals["family"] == "financial"]
    ciks: dict[str, str] = {}
    if filings is not None and {"accession_no", "cik"} <= set(filings.columns):
        ciks = {str(a): str(c) for a, c in zip(filings["accession_no"], filings["cik"], strict=True)
                if c is not None and not pd.isna(c)}
    empty = pd.Series([None] * len(fin), index=fin.index, dtype="object")
    periods = fin["period"] if "period" in fin.columns else empty
    labels = fin["label"] if "label" in fin.columns else empty
    rows = []
    facts_cache: dict[str, dict | None | Exception] = {}
    for accession, group in fin.groupby("accession_no", sort=True):
        values: dict[str, tuple[float, Any, str | None]] = {}
        for category, name, value, period, label in zip(group["category"], group["name"], group["value"],
                                                        periods.loc[group.index], labels.loc[group.index],
                                                        strict=True):
            metric = metric_of(category, name)
            number = pd.to_numeric(value, errors="coerce")
            if metric and not pd.isna(number) and metric not in values:
                values[metric] = (float(number), period, _concept(label))
        row: dict[str, Any] = {"accession_no": str(accession)}
        row["balance_sheet_balances"], row["balance_detail"] = _balance(values)
        row["eps_sign_consistent"], row["eps_detail"] = _eps_sign(values)
        row["companyfacts_consistent"], row["companyfacts_detail"] = _companyfacts(
            str(accession), values, ciks.get(str(accession)), companyfacts_lookup, facts_cache)
        rows.append(row)
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    for column in ("balance_sheet_balances", "eps_sign_consistent", "companyfacts_consistent"):
        frame[column] = frame[column].astype("object")
    return frame


def _close(a: float, b: float, tolerance: float = BALANCE_TOLERANCE) -> bool:
    return abs(a - b) <= tolerance * max(abs(a), abs(b), 1.0)


def _balance(values: dict[str, tuple[float, Any, str | None]]) -> tuple[bool | None, str]:
    if "assets" in values and "liabilities" not in values and "liabilities_and_equity" in values:
        assets, total = values["assets"][0], values["liabilities_and_equity"][0]
        if _close(assets, total):
            return True, f"assets {assets:,.0f} = liabilities and equity {total:,.0f}"
        return False, f"assets {assets:,.0f} != liabilities and equity {total:,.0f}"
    if "assets" not in values or "liabilities" not in values:
        return None, ""
    assets, liabilities = values["assets"][0], values["liabilities"][0]
    candidates = []
    if "equity" in values:
        candidates.append(("equity", values["equity"][0]))
        if "nci" in values:
            candidates.append(("equity + noncontrolling interest", values["equity"][0] + values["nci"][0]))
    if "equity_incl_nci" in values:
        candidates.append(("equity including noncontrolling interest", values["equity_incl_nci"][0]))
    if not candidates:
        return None, ""
    for label, equity in candidates:
        if _close(assets, liabilities + equity):
            return True, f"assets {assets:,.0f} = liabilities {liabilities:,.0f} + {label} {equity:,.0f}"
    label, equity = candidates[0]
    gap = assets - liabilities - equity
    return False, (f"assets {assets:,.0f} != liabilities {liabilities:,.0f} + {label} {equity:,.0f} "
                   f"(gap {gap:,.0f}, {abs(gap) / max(abs(assets), 1.0):.2%} > {BALANCE_TOLERANCE:.1%}, "
                   "not explained by noncontrolling interest)")


def _eps_sign(values: dict[str, tuple[float, Any, str | None]]) -> tuple[bool | None, str]:
    if "net_income" not in values:
        return None, ""
    income = values["net_income"][0]
    checked = [(m, values[m][0]) for m in ("eps_basic", "eps_diluted") if m in values]
    if not checked:
        return None, ""
    bad = [(m, v) for m, v in checked if income * v < 0]
    if bad:
        return False, "; ".join(f"{m} {v} has the opposite sign of net income {income:,.0f}" for m, v in bad)
    return True, f"net income {income:,.0f}; " + ", ".join(f"{m} {v}" for m, v in checked)


def _concept(label: Any) -> str | None:
    """The us-gaap concept named in a financial signal's label ('us-gaap:Assets [instant]' -> 'Assets')."""
    match = re.search(r"us-gaap:(\w+)", str(label or ""))
    return match.group(1) if match else None


def _period_end(period: Any) -> str | None:
    if period is None or (isinstance(period, float) and pd.isna(period)):
        return None
    dates = re.findall(r"\d{4}-\d{2}-\d{2}", str(period))
    return dates[-1] if dates else None


def _companyfacts(
    accession: str,
    values: dict[str, tuple[float, Any, str | None]],
    cik: str | None,
    lookup: CompanyFactsLookup | None,
    cache: dict[str, dict | None | Exception],
) -> tuple[bool | None, str]:
    if lookup is None or cik is None or not values:
        return None, ""
    if cik not in cache:
        try:
            cache[cik] = lookup(cik)
        except Exception as exc:  # the validator could not run: a failure, never a pass
            cache[cik] = exc
    facts = cache[cik]
    if isinstance(facts, Exception):
        return False, f"companyfacts lookup for CIK {cik} failed: {type(facts).__name__}: {facts}"
    if not facts:
        return None, ""
    gaap = (facts.get("facts") or {}).get("us-gaap") or {}
    compared, problems = [], []
    for metric, (value, period, concept) in sorted(values.items()):
        _, concepts, unit = METRICS[metric]
        if concept is not None:
            concepts = (concept,)
        reported = [f for c in concepts for f in ((gaap.get(c) or {}).get("units") or {}).get(unit, [])
                    if f.get("accn") == accession and f.get("val") is not None]
        end = _period_end(period)
        if end is not None:
            reported = [f for f in reported if f.get("end") == end] or []
        if not reported:
            continue
        tolerance_ok = [
            abs(value - float(f["val"])) <= PER_SHARE_ABS_TOLERANCE if unit == "USD/shares"
            else _close(value, float(f["val"]), VALUE_TOLERANCE)
            for f in reported
        ]
        compared.append(metric)
        if not any(tolerance_ok):
            problems.append(f"{metric} {value:,} vs companyfacts {sorted({f['val'] for f in reported})}")
    if not compared:
        return None, ""
    if problems:
        return False, "; ".join(problems)
    return True, "agrees on " + ", ".join(compared)
