"""The year of the period a filing reports on, from its SGML header or its cover page.

A 10-K's cover says "for the fiscal year ended December 31, 2023", a 10-Q's "for the quarterly period ended ...",
an 8-K's "Date of Report (Date of earliest event reported): March 3, 2023". Text event detection uses the year to
tell an event of the reported periods from one of a biography or a history ("was named Vice President in 1998").
"""

from __future__ import annotations

import re

COVER_CHARS = 20_000  # the cover page sits in the first few thousand characters of the extracted text
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DATE = rf"{_MONTH}\s+\d{{1,2}}\s*,?\s*((?:19|20)\d\d)"
_PERIOD_ENDED = re.compile(
    rf"\b(?:fiscal\s+year|year|quarterly\s+period|quarter|transition\s+period|period)\s+ended:?\s*{_DATE}", re.I)
_DATE_OF_REPORT = re.compile(r"date\s+of\s+report", re.I)
_ANY_DATE = re.compile(_DATE, re.I)
FIRST_LINES_CHARS = 3_000  # where a cover without those labels still dates itself
_NEAR = 160  # how far from "Date of Report" an 8-K cover puts its date (after it, or in a table cell before it)


def cover_report_year(text: str) -> int | None:
    """The reported period's year named on the cover page of an extracted filing text, else None: the first
    "period ended <date>" or "Date of Report ... <date>" (whichever comes first), else the first date of the
    cover's first lines."""
    cover = text[:COVER_CHARS]
    period = _PERIOD_ENDED.search(cover)
    label = _DATE_OF_REPORT.search(cover)
    if label and (period is None or label.start() < period.start()):
        if after := _ANY_DATE.search(cover, label.end(), label.end() + _NEAR):
            return int(after.group(1))
        if before := list(_ANY_DATE.finditer(cover, max(0, label.start() - _NEAR), label.start())):
            return int(before[-1].group(1))
    if period:
        return int(period.group(1))
    first = _ANY_DATE.search(cover, 0, FIRST_LINES_CHARS)
    return int(first.group(1)) if first else None


def header_report_year(period_of_report: str | None) -> int | None:
    """The year of a header's CONFORMED PERIOD OF REPORT (ISO date, as `edgar.sgml` gives it), else None."""
    if period_of_report and re.fullmatch(r"(?:19|20)\d\d-\d\d-\d\d", period_of_report):
        return int(period_of_report[:4])
    return None
