"""The vocabulary: forms, the Item table across eras, code spellings, CIKs, statuses and signal names."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date

import pytest

from sec_pipeline import vocabulary as v


def test_vocabulary_imports_no_dagster_and_no_other_sec_pipeline_module() -> None:
    check = (
        "import sys, sec_pipeline.vocabulary; "
        "bad = [m for m in sys.modules if m == 'dagster' or m.startswith('dagster.') or "
        "(m.startswith('sec_pipeline.') and not m.startswith('sec_pipeline.vocabulary'))]; "
        "sys.exit(f'imported {bad}' if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("form,family", [
    ("10-K405/A", "10-K"), ("10-KT", "10-K"), ("10-K", "10-K"), ("10k", "10-K"),
    ("10-Q/A", "10-Q"), ("10-Q", "10-Q"), ("8-K/A", "8-K"), ("8-K12B", "8-K"), ("8 - K", "8-K"),
])
def test_form_family_of_every_variant(form: str, family: str) -> None:
    assert v.form_family(form) == family


def test_form_family_refuses_other_forms() -> None:
    with pytest.raises(ValueError, match="'S-1' is not supported"):
        v.form_family("S-1")


def test_amendments_keep_their_suffix() -> None:
    assert v.normalize_form(" 8-k/a ") == "8-K/A" and v.normalize_form(None) == ""
    assert v.is_amendment("10-K405/A") and not v.is_amendment("10-K405")
    assert v.form_types_of("10-K", amendments=False) == {"10-K", "10-K405", "10-KT"}
    assert v.form_types_of("10-Q", amendments=False) == {"10-Q"}
    assert v.form_types_of("8-K", amendments=True) == {"8-K", "8-K/A"}
    assert {v.form_family(f) for f in v.FORM_TYPES} == set(v.FAMILIES)


def test_eight_k_items_across_the_2004_renumbering() -> None:
    results_new, results_old = v.eight_k_item("2.02"), v.eight_k_item("12")
    assert results_new is not None and results_old is not None
    assert (results_new.category, results_new.pre_2004) == ("results", False)
    assert (results_old.category, results_old.pre_2004) == ("results", True)
    assert results_new.title == results_old.title == "Results of Operations and Financial Condition"
    other = v.eight_k_item("5")
    assert other is not None and other.category == "other_event"
    assert other.sec_titles == ("Other Events", "Other Events and Regulation FD Disclosure")
    officer = v.eight_k_item("5.02")
    assert officer is not None and officer.category == "officer_change" and len(officer.sec_titles) == 2
    assert v.eight_k_item("13") is None and v.eight_k_item("Item 2.02") is None
    assert [i.code for i in v.items_of("8-K", pre_2004=True)] == [str(n) for n in range(1, 13)]
    assert v.items_of("8-K")[-3:] == tuple(v.eight_k_item(c) for c in ("7.01", "8.01", "9.01"))


def test_renumbering_date() -> None:
    assert v.RENUMBERING_DATE == "2004-08-23"
    assert v.before_renumbering("2004-08-22") and v.before_renumbering(date(2003, 5, 1))
    assert not v.before_renumbering("2004-08-23") and not v.before_renumbering(None)


def test_periodic_items_in_canonical_order_with_bands() -> None:
    ten_k = [i.code for i in v.items_of("10-K")]
    assert ten_k[:4] == ["1", "1A", "1B", "1C"] and ten_k[-2:] == ["15", "16"] and len(ten_k) == 23
    ten_q = [i.code for i in v.items_of("10-Q")]
    assert ten_q[0] == "part1item1" and ten_q[-1] == "part2item6" and "part2item1a" in ten_q
    business = v.items_of("10-K")[0]
    assert (business.title, business.parse_band, business.quality_band) == ("Business", (500, 2_000_000),
                                                                            (200, 1_500_000))
    with pytest.raises(ValueError, match="'S-1' is unknown"):
        v.items_of("S-1")


def test_item_table_is_well_formed() -> None:
    for family in v.FAMILIES:
        items = v.items_of(family) + (v.items_of(family, pre_2004=True) if family == "8-K" else ())
        assert len({i.code for i in items}) == len(items), family
        for item in items:
            assert item.form == family and item.title and item.keywords
            # headings are lower-cased before the keywords are looked up in them
            assert all(k == k.lower() and k.strip() for k in item.keywords), item.code
            low, high = item.parse_band
            assert 0 < low < high, item.code
    for item in v.EIGHT_K_ITEMS + v.EIGHT_K_PRE_2004_ITEMS:
        assert re.fullmatch(r"[a-z][a-z_]*", item.category) and item.sec_titles, item.code
        assert item.pre_2004 == ("." not in item.code) and v.eight_k_item(item.code) is item


def test_quality_bands() -> None:
    assert v.quality_band("10-K", "Item 1A") == (100, 600_000)
    assert v.quality_band("10-K405", "15") == (20, 15_000_000)
    assert v.quality_band("10-Q", "part2item1a") == (20, 600_000)
    assert v.quality_band("10-K", "9B") == v.DEFAULT_QUALITY_BAND
    assert v.quality_band("8-K", "2.02") == v.quality_band("8-k/a", "EX-99.1") == v.EIGHT_K_QUALITY_BAND
    # only 8-K and 8-K/A take the 8-K band; another form type falls back on the item's own band
    assert v.quality_band("8-K12B", "2.02") == v.DEFAULT_QUALITY_BAND


@pytest.mark.parametrize("raw,key", [
    ("Item 1A.", "1a"), ("1A", "1a"), ("Part I Item 2", "part1item2"), ("Part II Item 1A", "part2item1a"),
    ("part2item1a", "part2item1a"), ("2.2", "2.02"), ("Item 9.01", "9.01"), (" ITEM 5. ", "5"),
    ("Item 12:", "12"), ("Item 7A", "7a"), ("Other Events", "otherevents"), ("EX-99.1", "ex-99.1"),
])
def test_normalize_item(raw: str, key: str) -> None:
    assert v.normalize_item(raw) == key


@pytest.mark.parametrize("text,code", [
    ("Item 2.02", "2.02"), ("item_5.2", "5.02"), ("ITEM 5.", "5"), ("2.02", "2.02"), ("Item 12:", "12"),
    ("Other Events", None), ("1A", None), ("EX-99.1", None), ("Item 2.02: Results", None), ("", None),
])
def test_eight_k_code_of_a_code(text: str, code: str | None) -> None:
    assert v.eight_k_code(text) == code


@pytest.mark.parametrize("text,code", [
    ("Item 2.02: Results of Operations and Financial Condition", "2.02"), ("ITEM 5 Other events", "5"),
    ("9.01", "9.01"), ("Results of Operations and Financial Condition", None),
])
def test_find_eight_k_code_in_a_description(text: str, code: str | None) -> None:
    assert v.find_eight_k_code(text) == code


def test_is_eight_k_code() -> None:
    assert v.is_eight_k_code("Item 2.02") and v.is_eight_k_code("5") and v.is_eight_k_code("2.2")
    assert not v.is_eight_k_code("1A") and not v.is_eight_k_code("EX-99.1")
    assert not v.is_eight_k_code("part1item2")


def test_normalize_cik() -> None:
    assert v.normalize_cik("0000320193") == "320193"
    assert v.normalize_cik(320193) == "320193"
    assert v.normalize_cik(" 0000 ") == "0"
    for bad in ("", "AAPL", "-1", "32 0193"):
        with pytest.raises(ValueError, match="is not a number"):
            v.normalize_cik(bad)


def test_filing_status_values_are_the_stored_strings() -> None:
    assert {s.value for s in v.FilingStatus} == {"downloaded", "failed", "parsed", "parse_failed", "extracted"}
    status = v.FilingStatus.PARSE_FAILED
    assert status == "parse_failed" and f"{status}" == "parse_failed" and json.dumps(status) == '"parse_failed"'
    assert v.FilingStatus("extracted") is v.FilingStatus.EXTRACTED
    assert set(v.SECTIONS_STORED) < set(v.RAW_STORED) and v.FilingStatus.FAILED not in v.RAW_STORED


def test_signal_names_match_the_store_and_the_extractors() -> None:
    from sec_pipeline.signals import changes, events, financials
    from sec_pipeline.store import schema

    for table in (schema.staged_signals, schema.signals):
        assert tuple(c.name for c in table.primary_key.columns) == v.SIGNAL_KEY
    assert {events.FAMILY, changes.FAMILY, financials.FAMILY} <= set(v.SIGNAL_FAMILIES)
    assert "" in v.SIGNAL_TIERS and "rules" in v.SIGNAL_TIERS
