"""Key financials from inline XBRL: totals, quarters, derived liabilities, share classes, real shared filings."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from sec_pipeline.signals.financials import extract_financials
from sec_pipeline_tests.parsing.helpers import doc


def test_financials_pick_totals_quarter_and_derive_liabilities() -> None:
    html = doc("""
<ix:nonFraction name="gaap:Revenues" contextRef="D" unitRef="usd" scale="6">400</ix:nonFraction>
<ix:nonFraction name="gaap:Revenues" contextRef="Q" unitRef="usd" scale="6">120</ix:nonFraction>
<ix:nonFraction name="gaap:Assets" contextRef="Iseg" unitRef="usd" scale="6">10</ix:nonFraction>
<ix:nonFraction name="gaap:Assets" contextRef="I" unitRef="usd" scale="6">1,000</ix:nonFraction>
<ix:nonFraction name="gaap:LiabilitiesAndStockholdersEquity" contextRef="I" unitRef="usd" scale="6">1,000</ix:nonFraction>
<ix:nonFraction name="gaap:StockholdersEquity" contextRef="I" unitRef="usd" scale="6">300</ix:nonFraction>
<ix:nonFraction name="gaap:EarningsPerShareBasic" contextRef="Q" unitRef="usdPerShare" sign="-">0.25</ix:nonFraction>
""")
    annual = {s.name: s for s in extract_financials(html, "10-K")}
    assert annual["revenue"].value == 400e6 and annual["revenue"].period == "2023-01-01/2023-12-31"
    assert annual["total_assets"].value == 1000e6  # the segment context (10) is ignored
    liab = annual["total_liabilities"]
    assert liab.value == 700e6 and "derived" in liab.label and liab.confidence < 1
    quarter = {s.name: s for s in extract_financials(html, "10-Q")}
    assert quarter["revenue"].value == 120e6 and "quarter" in quarter["revenue"].label
    assert quarter["eps_basic"].value == -0.25 and quarter["eps_basic"].unit == "USD/shares"


def _read(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def test_apple_10q_fy23_q3(shared_edgar: Path) -> None:
    # values read off the statements of Apple's 10-Q for the quarter ended July 1, 2023 (in millions)
    sig = {s.name: s for s in extract_financials(_read(shared_edgar / "filings/10-Q/320193_0000320193-23-000077.html"),
                                                 "10-Q")}
    assert sig["revenue"].value == 81_797e6 and sig["revenue"].period == "2023-04-02/2023-07-01"
    assert sig["net_income"].value == 19_881e6
    assert (sig["eps_basic"].value, sig["eps_diluted"].value) == (1.27, 1.26)
    assert sig["total_assets"].value == 335_038e6 and sig["total_assets"].period == "2023-07-01"
    assert sig["total_liabilities"].value == 274_764e6
    assert sig["stockholders_equity"].value == 60_274e6
    assert sig["operating_cash_flow"].value == 88_945e6 and "ytd_9m" in sig["operating_cash_flow"].label
    assert sig["shares_outstanding"].value == 15_634_232_000


def test_mastercard_10k_2023_two_share_classes(shared_edgar: Path) -> None:
    sig = {s.name: s for s in extract_financials(_read(shared_edgar / "filings/10-K/1141391_0001141391-24-000022.html.gz"),
                                                 "10-K")}
    assert sig["revenue"].value == 25_098e6 and sig["revenue"].period == "2023-01-01/2023-12-31"
    assert sig["net_income"].value == 11_195e6
    assert sig["total_assets"].value == pytest.approx(sig["total_liabilities"].value
                                                      + sig["stockholders_equity"].value, rel=0.01)
    assert sig["shares_outstanding"].value == 925_723_131 + 7_168_369
    assert "sum_of_2_classes" in sig["shares_outstanding"].label


def test_eps_only_per_share_class_takes_class_a() -> None:
    html = doc("""
<ix:resources><xbrli:context id="DA"><xbrli:entity><xbrli:identifier scheme="http://www.sec.gov/CIK">1
</xbrli:identifier><xbrli:segment><xbrldi:explicitMember dimension="us-gaap:StatementClassOfStockAxis">us-gaap:CommonClassAMember</xbrldi:explicitMember></xbrli:segment></xbrli:entity>
<xbrli:period><xbrli:startDate>2023-01-01</xbrli:startDate><xbrli:endDate>2023-12-31</xbrli:endDate></xbrli:period>
</xbrli:context></ix:resources>
<ix:nonFraction name="gaap:EarningsPerShareBasic" contextRef="DA" unitRef="usdPerShare">9.74</ix:nonFraction>
""")
    eps = next(s for s in extract_financials(html, "10-K") if s.name == "eps_basic")
    assert eps.value == 9.74 and "class A" in eps.label


@pytest.mark.parametrize("scale", ["999999999", "abc", "-1000"])
def test_one_bad_fact_drops_that_fact_not_the_filings_financials(scale: str) -> None:
    html = doc(f"""
<ix:nonFraction name="gaap:Assets" contextRef="I" unitRef="usd" scale="{scale}">1,000</ix:nonFraction>
<ix:nonFraction name="gaap:Revenues" contextRef="D" unitRef="usd" scale="6">400</ix:nonFraction>
<ix:nonFraction name="gaap:StockholdersEquity" contextRef="I" unitRef="usd" scale="6">oops</ix:nonFraction>
""")
    signals = {s.name: s.value for s in extract_financials(html, "10-K")}
    assert signals == {"revenue": 400e6}
