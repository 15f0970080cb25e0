"""Inline XBRL parsing and key financials: synthetic edge cases and real shared filings."""

from __future__ import annotations

import gzip
from decimal import Decimal
from pathlib import Path

import pytest

from sec_pipeline.parsing.ixbrl import IxbrlError, parse_ixbrl, transform_value, words_to_number
from sec_pipeline.signals.financials import extract_financials

HEAD = """<?xml version="1.0"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:ix="http://www.xbrl.org/2013/inlineXBRL"
 xmlns:xbrli="http://www.xbrl.org/2003/instance" xmlns:xbrldi="http://xbrl.org/2006/xbrldi"
 xmlns:gaap="http://fasb.org/us-gaap/2023" xmlns:dei="http://xbrl.sec.gov/dei/2023"
 xmlns:iso4217="http://www.xbrl.org/2003/iso4217" xmlns:ixt="http://www.xbrl.org/inlineXBRL/transformation/2020-02-12"
 xmlns:ixt-sec="http://www.sec.gov/inlineXBRL/transformation/2015-08-31"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><body>
<ix:header><ix:resources>
 <xbrli:context id="D"><xbrli:entity><xbrli:identifier scheme="http://www.sec.gov/CIK">1</xbrli:identifier>
  </xbrli:entity><xbrli:period><xbrli:startDate>2023-01-01</xbrli:startDate><xbrli:endDate>2023-12-31</xbrli:endDate>
  </xbrli:period></xbrli:context>
 <xbrli:context id="I"><xbrli:entity><xbrli:identifier scheme="http://www.sec.gov/CIK">1</xbrli:identifier>
  </xbrli:entity><xbrli:period><xbrli:instant>2023-12-31</xbrli:instant></xbrli:period></xbrli:context>
 <xbrli:context id="Iseg"><xbrli:entity><xbrli:identifier scheme="http://www.sec.gov/CIK">1</xbrli:identifier>
  <xbrli:segment><xbrldi:explicitMember dimension="us-gaap:StatementBusinessSegmentsAxis">x:EuropeMember
  </xbrldi:explicitMember></xbrli:segment></xbrli:entity><xbrli:period><xbrli:instant>2023-12-31</xbrli:instant>
  </xbrli:period></xbrli:context>
 <xbrli:context id="Q"><xbrli:entity><xbrli:identifier scheme="http://www.sec.gov/CIK">1</xbrli:identifier>
  </xbrli:entity><xbrli:period><xbrli:startDate>2023-10-01</xbrli:startDate><xbrli:endDate>2023-12-31</xbrli:endDate>
  </xbrli:period></xbrli:context>
 <xbrli:unit id="usd"><xbrli:measure>iso4217:USD</xbrli:measure></xbrli:unit>
 <xbrli:unit id="usdPerShare"><xbrli:divide><xbrli:unitNumerator><xbrli:measure>iso4217:USD</xbrli:measure>
  </xbrli:unitNumerator><xbrli:unitDenominator><xbrli:measure>xbrli:shares</xbrli:measure></xbrli:unitDenominator>
  </xbrli:divide></xbrli:unit>
 <xbrli:unit id="shares"><xbrli:measure>xbrli:shares</xbrli:measure></xbrli:unit>
</ix:resources></ix:header>
<ix:nonNumeric name="dei:DocumentPeriodEndDate" contextRef="D">December 31, 2023</ix:nonNumeric>
"""
TAIL = "</body></html>"


def doc(body: str) -> str:
    return HEAD + body + TAIL


def test_scale_sign_and_formats() -> None:
    parsed = parse_ixbrl(doc("""
<ix:nonFraction name="gaap:Revenues" contextRef="D" unitRef="usd" decimals="-5" scale="6"
 format="ixt:num-dot-decimal">1,234.5</ix:nonFraction>
<ix:nonFraction name="gaap:NetIncomeLoss" contextRef="D" unitRef="usd" scale="3" sign="-"
 format="ixt:num-dot-decimal">(2,000)</ix:nonFraction>
<ix:nonFraction name="gaap:Goodwill" contextRef="I" unitRef="usd" format="ixt:fixed-zero">—</ix:nonFraction>
<ix:nonFraction name="gaap:Other" contextRef="I" unitRef="usd" format="ixt-sec:numwordsen">twenty-five</ix:nonFraction>
<ix:nonFraction name="gaap:Euro" contextRef="I" unitRef="usd" scale="3" format="ixt:num-comma-decimal">1.234,5</ix:nonFraction>
<ix:nonFraction name="gaap:Nil" contextRef="I" unitRef="usd" xsi:nil="true"></ix:nonFraction>
"""))
    values = {f.name: f.value for f in parsed.facts if f.numeric}
    assert values["us-gaap:Revenues"] == Decimal("1234500000")
    assert values["us-gaap:NetIncomeLoss"] == Decimal("-2000000")
    assert values["us-gaap:Goodwill"] == 0
    assert values["us-gaap:Other"] == 25
    assert values["us-gaap:Euro"] == Decimal("1234500")
    assert values["us-gaap:Nil"] is None
    assert parsed.units["usdPerShare"] == "USD/shares"
    assert parsed.contexts["Iseg"].dimensions and not parsed.contexts["I"].dimensions


def test_transform_helpers() -> None:
    assert words_to_number("no") == 0
    assert words_to_number("one hundred twenty") == 120
    assert transform_value("-", "ixt-sec:numdash") == 0
    assert transform_value("12 345,6", "ixt:num-comma-decimal") == Decimal("12345.6")
    with pytest.raises(IxbrlError, match="cannot read"):
        transform_value("12abc", "ixt:num-dot-decimal")


def test_nested_fact_counts_inner_text() -> None:
    parsed = parse_ixbrl(doc("""<ix:nonFraction name="gaap:Assets" contextRef="I" unitRef="usd" scale="6"
 format="ixt:num-dot-decimal"><ix:nonFraction name="gaap:AssetsCopy" contextRef="I" unitRef="usd" scale="6"
 format="ixt:num-dot-decimal">9,876</ix:nonFraction></ix:nonFraction>"""))
    values = {f.name: f.value for f in parsed.facts}
    assert values["us-gaap:Assets"] == values["us-gaap:AssetsCopy"] == Decimal("9876000000")


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


def test_entities_are_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    html = doc("""<ix:nonNumeric name="dei:EntityRegistrantName" contextRef="D">&xxe;</ix:nonNumeric>""")
    html = html.replace('<?xml version="1.0"?>',
                        f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}">]>')
    parsed = parse_ixbrl(html)
    assert all("TOPSECRET" not in f.text for f in parsed.facts)


def test_not_ixbrl_is_a_clear_error() -> None:
    with pytest.raises(IxbrlError, match="not inline XBRL"):
        parse_ixbrl("<html><body><p>hello</p></body></html>")
    with pytest.raises(IxbrlError, match="no <html> root"):
        parse_ixbrl(b"<SEC-DOCUMENT>plain text")


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


def test_decoded_text_with_foreign_encoding_declaration() -> None:
    html = doc('<ix:nonFraction name="gaap:Assets" contextRef="I" unitRef="usd">5</ix:nonFraction>'
               '<p>Café</p>').replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="ISO-8859-1"?>')
    parsed = parse_ixbrl(html)
    assert [f.value for f in parsed.facts if f.name == "us-gaap:Assets"] == [5]


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
