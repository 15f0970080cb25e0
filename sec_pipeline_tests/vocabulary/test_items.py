"""vocabulary.items: the Item table across eras, the 2004 renumbering, code spellings and size bands."""

from __future__ import annotations

import re
from datetime import date

import pytest

from sec_pipeline import vocabulary as v


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
