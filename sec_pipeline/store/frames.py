"""pandas DataFrames of the store's partition queries, for the validation suites.

Each frame has the table's columns even when the partition is empty, so expectations can still run.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import Table

from sec_pipeline.store import schema
from sec_pipeline.store.store import Store


def _columns(table: Table, drop: tuple[str, ...] = ()) -> list[str]:
    return [c.name for c in table.columns if c.name not in drop]


def filings_frame(store: Store, filing_date: date | str) -> pd.DataFrame:
    """The filings of one partition (filing date)."""
    rows = store.get_filings(filing_date=filing_date)
    return pd.DataFrame(rows, columns=_columns(schema.filings))


def sections_frame(store: Store, filing_date: date | str, *, with_text: bool = False) -> pd.DataFrame:
    """The sections of the filings of one partition, with `form_type` and `filing_date` of their filing."""
    filings = store.get_filings(filing_date=filing_date)
    forms = {f["accession_no"]: f["form_type"] for f in filings}
    rows = store.get_sections(list(forms), with_text=with_text) if forms else []
    columns = _columns(schema.sections, () if with_text else ("text",))
    frame = pd.DataFrame(rows, columns=columns)
    frame["form_type"] = frame["form_type"].fillna(frame["accession_no"].map(forms))
    frame["filing_date"] = frame["accession_no"].map({f["accession_no"]: f["filing_date"] for f in filings})
    return frame


def signals_frame(store: Store, filing_date: date | str) -> pd.DataFrame:
    """The staged signals of one partition."""
    return pd.DataFrame(store.get_staged_signals(filing_date), columns=_columns(schema.staged_signals))
