"""Events a sentence dates before the reported periods are not the filing's events."""

from __future__ import annotations

import pytest

from sec_pipeline.signals.event_dates import dated_before_report, latest_year

BIOGRAPHY = "Mr. Spindler was appointed Senior Vice President, International in January 1988."


@pytest.mark.parametrize(("sentence", "year"), [
    ("In January 1991 and again in 1993, he was elected.", 1993),
    ("Revenue was $2019 million, up 2,019 units or 2019.5 tons.", None),
    ("As of December 31, 2019, the Company had", 2019),
    ("The notes due 2044 bear interest", 2044),
    ("Under Section 404 of the Sarbanes-Oxley Act of 2002, we identified a material weakness.", None),
    ("He received options under the 2005 Stock Incentive Plan in March 2024.", 2024),
    ("He received options under the 2005 Stock Incentive Plan.", None),
])
def test_latest_year_reads_calendar_years_not_amounts(sentence: str, year: int | None) -> None:
    assert latest_year(sentence) == year


def test_a_biography_is_before_the_reported_periods_but_a_new_appointment_is_not() -> None:
    assert dated_before_report(BIOGRAPHY, "officer_change", 1994)
    assert not dated_before_report("Mr. Spindler was appointed Chief Executive Officer in June 1993.",
                                   "officer_change", 1994)


def test_longer_windows_and_events_without_one() -> None:
    restated = "In 2012, the Company restated its financial statements for 2011."
    assert not dated_before_report(restated, "restatement", 2014)  # two years back still counts
    assert dated_before_report(restated, "restatement", 2015)
    # an annual report's statements cover three years of impairment charges: never dated out
    assert not dated_before_report("In 2013, Alcoa recorded a goodwill impairment.", "impairment", 2015)


def test_nothing_is_dated_out_without_both_years() -> None:
    assert not dated_before_report(BIOGRAPHY, "officer_change", None)
    assert not dated_before_report("Mr. Smith was appointed Chief Financial Officer.", "officer_change", 1994)
