"""Whether a sentence dates its event before the periods a filing reports on.

"Mr. Smith was named Vice President in 2011" in a 2015 10-K is a biography, not an officer change of the year;
"in 2008 the Company restated" is history. A sentence whose latest year is more than `YEARS_REPORTED[event]`
years before the filing's report year (`parsing.report_year`) does not assert that event. Impairments are left
out: an annual report's statements cover three years, and their charges are reported as such.
"""

from __future__ import annotations

import re

# event -> how many years before the report year its sentences still count (the report year's and the one
# before it for point events such as appointments; two before for events a filing keeps describing)
YEARS_REPORTED = {
    "officer_change": 1,
    "auditor_change": 1,
    "restatement": 2,
    "delisting": 2,
    "bankruptcy": 2,
    "going_concern": 2,
    "material_weakness": 2,
    "cybersecurity_incident": 2,
}
# a year, not an amount ("$2019 million", "2,019"), a decimal, a statute's name ("the Sarbanes-Oxley Act of 2002")
# or an instrument's ("the 2005 Stock Incentive Plan", "2030 Senior Notes")
_YEAR = re.compile(r"(?<![\d$])(?<!\d[,.])(?<![Aa]ct of )(?:19[5-9]\d|20\d\d)(?!\d|%|[,.]\d)"
                   r"(?!(?:\s+[A-Z][\w-]*){0,3}\s+(?:Plan|Notes|Program|Agreement|Act)\b)")


def latest_year(sentence: str) -> int | None:
    """The latest calendar year a sentence names (1950-2099), else None."""
    years = [int(y) for y in _YEAR.findall(sentence)]
    return max(years) if years else None


def dated_before_report(sentence: str, event: str, report_year: int | None) -> bool:
    """True when `sentence` names only years before the periods reported for `event` (never without a
    report year, a year in the sentence, or a window for `event`)."""
    window = YEARS_REPORTED.get(event)
    if report_year is None or window is None:
        return False
    latest = latest_year(sentence)
    return latest is not None and latest < report_year - window
