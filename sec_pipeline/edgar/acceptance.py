"""When EDGAR accepted a filing, in UTC: the moment it became public.

The SGML header's ACCEPTANCE-DATETIME is Eastern time (America/New_York, daylight saving included) written
YYYYMMDDHHMMSS. Old submissions lack it; then the end of the filing date, Eastern, stands in (no filing of that
date was public later) and the fallback is recorded.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

EDGAR_TIME_ZONE = ZoneInfo("America/New_York")
_HEADER_FORMAT = "%Y%m%d%H%M%S"


def accepted_at(acceptance_datetime: str | None, filing_date: date) -> tuple[datetime, bool]:
    """The acceptance moment in UTC and whether it is the end-of-filing-date fallback.

    Raises ValueError naming the value when the header's ACCEPTANCE-DATETIME is not YYYYMMDDHHMMSS.
    """
    if not acceptance_datetime:
        end_of_day = datetime.combine(filing_date, time(23, 59, 59), tzinfo=EDGAR_TIME_ZONE)
        return end_of_day.astimezone(UTC), True
    try:
        eastern = datetime.strptime(acceptance_datetime.strip(), _HEADER_FORMAT).replace(tzinfo=EDGAR_TIME_ZONE)
    except ValueError as exc:
        raise ValueError(f"ACCEPTANCE-DATETIME {acceptance_datetime!r} is not YYYYMMDDHHMMSS (Eastern time); "
                         "check the submission header") from exc
    return eastern.astimezone(UTC), False
