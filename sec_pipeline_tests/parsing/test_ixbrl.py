"""Inline XBRL parsing: scale, sign and formats, transforms, nesting, entities, encodings, bad input."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from sec_pipeline.parsing.ixbrl import IxbrlError, parse_ixbrl, transform_value, words_to_number
from sec_pipeline_tests.parsing.helpers import doc


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


def test_decoded_text_with_foreign_encoding_declaration() -> None:
    html = doc('<ix:nonFraction name="gaap:Assets" contextRef="I" unitRef="usd">5</ix:nonFraction>'
               '<p>Café</p>').replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="ISO-8859-1"?>')
    parsed = parse_ixbrl(html)
    assert [f.value for f in parsed.facts if f.name == "us-gaap:Assets"] == [5]


@pytest.mark.parametrize("bad", [
    '<ix:nonFraction name="gaap:Assets" contextRef="I" unitRef="usd" scale="999999999">5</ix:nonFraction>',
    '<ix:nonFraction name="gaap:Assets" contextRef="I" unitRef="usd" scale="abc">5</ix:nonFraction>',
    '<ix:nonFraction name="gaap:Assets" contextRef="I" unitRef="usd">five-ish</ix:nonFraction>',
])
def test_one_unreadable_fact_is_dropped_and_named(bad: str) -> None:
    parsed = parse_ixbrl(doc(bad + """
<ix:nonFraction name="gaap:Revenues" contextRef="D" unitRef="usd" scale="6">400</ix:nonFraction>
"""))
    assert [f.name for f in parsed.facts if f.numeric] == ["us-gaap:Revenues"]
    assert len(parsed.dropped) == 1 and "gaap:Assets" in parsed.dropped[0]
