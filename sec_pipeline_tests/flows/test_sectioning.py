"""parsed_sections reports missing required items with the validation suite's rules (form and era)."""

from datetime import date

from sec_pipeline.flows.sectioning import missing_required_items


def test_required_items_follow_form_and_era():
    assert missing_required_items("10-K", date(2023, 2, 27), ["1", "1A", "2", "7", "8"]) == []
    assert missing_required_items("10-K", date(2023, 2, 27), ["1", "7"]) == ["1a", "8"]
    assert missing_required_items("10-K", date(2003, 3, 1), ["1", "7", "8"]) == [], "no 1A before 2006"
    assert missing_required_items("10-Q", date(2020, 5, 1), ["part1item1"]) == ["part1item2"]
    assert missing_required_items("10-K405", date(1997, 3, 1), []) == ["any item"]
    assert missing_required_items("8-K", date(2020, 5, 1), []) == []
