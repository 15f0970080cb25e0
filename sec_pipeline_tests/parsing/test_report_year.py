"""The reported period's year of a filing: SGML header first, else its cover page."""

from __future__ import annotations

from pathlib import Path

import pytest

from sec_pipeline.parsing.api import parse_path
from sec_pipeline.parsing.report_year import cover_report_year, header_report_year


@pytest.mark.parametrize(("cover", "year"), [
    ("FORM 10-K\nANNUAL REPORT PURSUANT TO SECTION 13\nFor the fiscal year ended December 31, 2023\nor", 2023),
    ("FORM 10-Q\nFor the quarterly period ended June 30, 2019\nCommission File Number 1-1", 2019),
    ("FORM 8-K\nDate of Report (Date of earliest event reported): February 16, 2006\nPERICOM", 2006),
    # a cover laid out as a table: the date cell before its label
    ("FORM 8-K\nCURRENT REPORT\nMarch 3, 2024\n(Date of Report (Date of earliest event reported))", 2024),
    # the body's "year ended" after the 8-K label does not win
    ("Date of Report: May 9, 2019\nItem 2.02\nResults for the year ended December 31, 2018 were", 2019),
    ("CURRENT REPORT\nDecember 14, 2023\n1-800-FLOWERS.COM, INC.", 2023),
    ("no date on this cover at all", None),
])
def test_cover_page_years(cover: str, year: int | None) -> None:
    assert cover_report_year(cover) == year


def test_header_years_are_iso_dates_only() -> None:
    assert header_report_year("2015-12-31") == 2015
    assert header_report_year(None) is None and header_report_year("20151231") is None


@pytest.mark.parametrize(("path", "year"), [
    ("filings/10-K/320193_0000320193-94-000016.txt", 1994),  # full submission: CONFORMED PERIOD OF REPORT
    ("filings/10-K/100885_unp-10-k-2025-02-07.html.gz", 2024),  # HTML cover: fiscal year ended December 31, 2024
    ("filings/8-K/1001426_0001193125-06-037737.htm", 2006),  # 8-K cover: Date of Report
])
def test_real_filings_know_their_report_year(shared_edgar: Path, path: str, year: int) -> None:
    assert parse_path(shared_edgar / path).report_year == year
