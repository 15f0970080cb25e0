"""Key financials from the inline XBRL of a 10-K or 10-Q primary document, as `Signal` rows.

The current period is the context of `dei:DocumentPeriodEndDate`. Balance-sheet items take the total
(dimensionless) instant at that date; income and cash-flow items take the dimensionless duration ending
there: about a year for a 10-K, the three-month quarter for 10-Q income items (year-to-date when no quarter
is tagged) and year-to-date for 10-Q cash flows. The label of each signal records the concept and basis.
EPS reported only per share class (no total) is taken from class A, and the label says so.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sec_pipeline.parsing.ixbrl import PARSER_VERSION, Context, Fact, IxbrlDocument, IxbrlError, parse_ixbrl
from sec_pipeline.signals.records import Signal

FAMILY = "financial"
SECTION = "filing"
DATE_TOLERANCE_DAYS = 7

REVENUE = (
    "us-gaap:Revenues", "us-gaap:RevenueFromContractWithCustomerExcludingAssessedTax",
    "us-gaap:RevenueFromContractWithCustomerIncludingAssessedTax", "us-gaap:SalesRevenueNet",
    "us-gaap:SalesRevenueGoodsNet", "us-gaap:SalesRevenueServicesNet", "us-gaap:RevenuesNetOfInterestExpense",
)
NET_INCOME = ("us-gaap:NetIncomeLoss", "us-gaap:ProfitLoss",
              "us-gaap:NetIncomeLossAvailableToCommonStockholdersBasic")
EPS_BASIC = ("us-gaap:EarningsPerShareBasic", "us-gaap:EarningsPerShareBasicAndDiluted")
EPS_DILUTED = ("us-gaap:EarningsPerShareDiluted", "us-gaap:EarningsPerShareBasicAndDiluted")
ASSETS = ("us-gaap:Assets",)
LIABILITIES = ("us-gaap:Liabilities",)
EQUITY = ("us-gaap:StockholdersEquity",
          "us-gaap:StockholdersEquityIncludingPortionAttributableToNoncontrollingInterest")
EQUITY_TOTAL = ("us-gaap:StockholdersEquityIncludingPortionAttributableToNoncontrollingInterest",
                "us-gaap:StockholdersEquity")
LIAB_AND_EQUITY = ("us-gaap:LiabilitiesAndStockholdersEquity",)
OPERATING_CASH = ("us-gaap:NetCashProvidedByUsedInOperatingActivities",
                  "us-gaap:NetCashProvidedByUsedInOperatingActivitiesContinuingOperations")
SHARES_OUTSTANDING = "dei:EntityCommonStockSharesOutstanding"

INCOME_METRICS = {"revenue": REVENUE, "net_income": NET_INCOME, "eps_basic": EPS_BASIC,
                  "eps_diluted": EPS_DILUTED}
BALANCE_METRICS = {"total_assets": ASSETS, "stockholders_equity": EQUITY}


@dataclass(frozen=True)
class Picked:
    """A chosen fact for one metric."""

    metric: str
    value: Decimal
    concept: str
    context: Context | None
    unit: str
    basis: str
    text: str
    derived: bool = False


def period_end(doc: IxbrlDocument) -> date:
    """The filing's period end: dei:DocumentPeriodEndDate's context, else the latest dimensionless context."""
    fact = doc.dei("DocumentPeriodEndDate")
    if fact is not None and fact.context_ref in doc.contexts:
        return doc.contexts[fact.context_ref].end
    totals = [c for c in doc.contexts.values() if not c.dimensions]
    if not totals:
        raise IxbrlError("no dei:DocumentPeriodEndDate and no dimensionless context: cannot choose a period")
    return max(c.end for c in totals)


def _near(a: date, b: date) -> bool:
    return abs((a - b).days) <= DATE_TOLERANCE_DAYS


CLASS_A = (("us-gaap:StatementClassOfStockAxis", "us-gaap:CommonClassAMember"),)


def _candidates(doc: IxbrlDocument, concept: str, end: date, instant: bool,
                dimensions: tuple[tuple[str, str], ...] = ()) -> list[tuple[Fact, Context]]:
    out = []
    for fact in doc.facts_named(concept):
        ctx = doc.contexts.get(fact.context_ref)
        if fact.value is None or ctx is None or ctx.dimensions != dimensions or ctx.instant != instant:
            continue
        if _near(ctx.end, end):
            out.append((fact, ctx))
    return out


def _basis(days: int) -> str:
    if days >= 340:
        return "annual"
    if 80 <= days <= 100:
        return "quarter"
    return f"ytd_{round(days / 30.4)}m"


def _pick_duration(cands: list[tuple[Fact, Context]], form: str, prefer_quarter: bool
                   ) -> tuple[Fact, Context] | None:
    if not cands:
        return None
    exact_end = max(c.end for _, c in cands)
    cands = [(f, c) for f, c in cands if c.end == exact_end] or cands
    if form.upper().startswith("10-K"):
        annual = [(f, c) for f, c in cands if 340 <= c.days <= 380]
        return max(annual, key=lambda fc: fc[1].days) if annual else None
    if prefer_quarter:
        quarter = [(f, c) for f, c in cands if 80 <= c.days <= 100]
        if quarter:
            return quarter[0]
    return max(cands, key=lambda fc: fc[1].days)


def _pick(doc: IxbrlDocument, metric: str, concepts: tuple[str, ...], end: date, form: str,
          instant: bool, prefer_quarter: bool = True,
          dimensions: tuple[tuple[str, str], ...] = ()) -> Picked | None:
    for concept in concepts:
        cands = _candidates(doc, concept, end, instant, dimensions)
        if instant:
            chosen = min(cands, key=lambda fc: abs((fc[1].end - end).days)) if cands else None
        else:
            chosen = _pick_duration(cands, form, prefer_quarter)
        if chosen:
            fact, ctx = chosen
            assert fact.value is not None  # _candidates keeps only facts with a value
            unit = doc.units.get(fact.unit_ref or "", fact.unit_ref or "")
            basis = ("instant" if instant else _basis(ctx.days)) + (", class A" if dimensions else "")
            return Picked(metric, fact.value, concept, ctx, unit, basis, fact.text)
    return None


def _shares_outstanding(doc: IxbrlDocument) -> Picked | None:
    facts = [(f, c) for f in doc.facts_named(SHARES_OUTSTANDING)
             if f.value is not None and (c := doc.contexts.get(f.context_ref)) is not None]
    if not facts:
        return None
    latest = max(c.end for _, c in facts)
    at = [(f, c) for f, c in facts if c.end == latest]
    totals = [(f, c) for f, c in at if not c.dimensions]
    chosen = totals[:1] if totals else at
    value = sum((f.value for f, _ in chosen if f.value is not None), Decimal(0))
    basis = "instant" if len(chosen) == 1 else f"sum_of_{len(chosen)}_classes"
    unit = doc.units.get(chosen[0][0].unit_ref or "", "shares")
    return Picked("shares_outstanding", value, SHARES_OUTSTANDING, chosen[0][1], unit, basis,
                  " + ".join(f.text for f, _ in chosen))


def _liabilities(doc: IxbrlDocument, end: date, form: str) -> Picked | None:
    reported = _pick(doc, "total_liabilities", LIABILITIES, end, form, instant=True)
    if reported:
        return reported
    total = _pick(doc, "total_liabilities", LIAB_AND_EQUITY, end, form, instant=True)
    equity = _pick(doc, "total_liabilities", EQUITY_TOTAL, end, form, instant=True)
    if not total or not equity:
        return None
    return Picked("total_liabilities", total.value - equity.value,
                  f"{total.concept} - {equity.concept}", total.context, total.unit, "instant",
                  f"{total.text} - {equity.text}", derived=True)


def pick_financials(doc: IxbrlDocument, form: str) -> list[Picked]:
    """The key financials of the document's current period (metrics not tagged are left out)."""
    end = period_end(doc)
    picked: list[Picked | None] = []
    for metric, concepts in INCOME_METRICS.items():
        found = _pick(doc, metric, concepts, end, form, instant=False)
        if found is None and metric.startswith("eps"):  # EPS reported per class only: take class A's
            found = _pick(doc, metric, concepts, end, form, instant=False, dimensions=CLASS_A)
        picked.append(found)
    for metric, concepts in BALANCE_METRICS.items():
        picked.append(_pick(doc, metric, concepts, end, form, instant=True))
    picked.append(_liabilities(doc, end, form))
    picked.append(_pick(doc, "operating_cash_flow", OPERATING_CASH, end, form, instant=False,
                        prefer_quarter=False))
    picked.append(_shares_outstanding(doc))
    return [p for p in picked if p is not None]


def extract_financials(html: bytes | str, form: str) -> list[Signal]:
    """Key XBRL financials of a 10-K/10-Q primary document as `financial` signals (one per metric)."""
    started = time.perf_counter()
    doc = parse_ixbrl(html)
    picked = pick_financials(doc, form)
    latency = time.perf_counter() - started
    return [
        Signal(
            section=SECTION, family=FAMILY, name=p.metric, category=p.metric, value=float(p.value),
            label=f"{p.concept} [{p.basis}{', derived' if p.derived else ''}]",
            confidence=0.9 if p.derived else 1.0,
            evidence=f"{p.concept} = {p.text}", model="ixbrl", model_version=PARSER_VERSION,
            tier="rules", latency_s=latency, unit=p.unit,
            period=p.context.period if p.context is not None else None,
        )
        for p in picked
    ]
