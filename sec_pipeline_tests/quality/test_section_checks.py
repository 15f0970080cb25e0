"""Rule helpers and the per-filing section derivations, without GX."""

import pandas as pd

from sec_pipeline.quality import rules
from sec_pipeline.quality.section_checks import filing_checks, parse_item_list


def test_required_items_by_form_and_era():
    assert rules.required_items("10-K", 2020) == {"1", "1a", "7", "8"}
    assert rules.required_items("10-K405", 2003) == {"1", "7", "8"}
    assert rules.required_items("10-K", 1997) == rules.RELAXED
    assert rules.required_items("10-Q", 2019) == {"part1item1", "part1item2"}
    assert rules.required_items("10-K/A", 2020) is None and rules.required_items("8-K", 2020) is None


def test_declared_items_from_list_json_or_text():
    assert parse_item_list(["2.02", "9.01"]) == ["2.02", "9.01"]
    assert parse_item_list('["9.01", "2.2"]') == ["2.02", "9.01"]
    assert parse_item_list("2.02, 9.01") == ["2.02", "9.01"]
    assert parse_item_list(None) == [] and parse_item_list(float("nan")) == []


def _check(form, date, declared, items):
    filings = pd.DataFrame([{"accession_no": "a", "form_type": form, "filing_date": date, "declared_items": declared}])
    sections = pd.DataFrame([{"accession_no": "a", "item": i, "char_count": 500} for i in items],
                            columns=["accession_no", "item", "char_count"])
    return filing_checks(filings, sections).iloc[0]


def test_old_item_12_missing_from_header_is_tolerated_only_before_renumbering():
    assert _check("8-K", "2004-02-01", ["7"], ["7", "12"]).items_match_declared is True
    assert _check("8-K", "2005-02-01", ["7"], ["7", "12"]).items_match_declared is False
    assert _check("8-K", "2004-02-01", ["7", "12"], ["7"]).items_match_declared is False


def test_exhibits_are_not_items_and_undeclared_8k_is_not_judged():
    assert _check("8-K", "2020-01-02", ["2.02", "9.01"], ["2.02", "9.01", "EX-99.1"]).items_match_declared is True
    assert _check("8-K", "2020-01-02", [], ["8.01"]).items_match_declared is None


def test_required_items_missing_and_relaxed_era():
    row = _check("10-K", "2021-03-01", [], ["1", "7", "8"])
    assert row.required_items_present is False and row.missing_items == "1a"
    assert _check("10-K", "1996-03-01", [], []).required_items_present is False
    assert _check("10-K", "1996-03-01", [], ["1"]).required_items_present is True
