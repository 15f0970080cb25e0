"""parsed_sections reports missing required items with the validation suite's rules (form and era)."""

from datetime import date

from sec_pipeline.flows.sectioning import base_form, missing_required_items


def test_required_items_follow_form_and_era():
    assert missing_required_items("10-K", date(2023, 2, 27), ["1", "1A", "2", "7", "8"]) == []
    assert missing_required_items("10-K", date(2023, 2, 27), ["1", "7"]) == ["1a", "8"]
    assert missing_required_items("10-K", date(2003, 3, 1), ["1", "7", "8"]) == [], "no 1A before 2006"
    assert missing_required_items("10-Q", date(2020, 5, 1), ["part1item1"]) == ["part1item2"]
    assert missing_required_items("10-K405", date(1997, 3, 1), []) == ["any item"]
    assert missing_required_items("8-K", date(2020, 5, 1), []) == []


def test_base_form_folds_amendments_and_old_10k_variants():
    assert [base_form(f) for f in ("10-K405/A", "10-KT", "10-Q/A", "8-K/A")] == ["10-K", "10-K", "10-Q", "8-K"]
