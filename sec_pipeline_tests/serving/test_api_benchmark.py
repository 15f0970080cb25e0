"""benchmarks/api.py's seeding on a few rows: COPY writes published signals the API's query reads back per
company, and the recorded plan is PostgreSQL's."""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy.engine import make_url

from benchmarks.api import cik_of, explain_page_query, seed
from sec_pipeline.store.signals_query import SignalFilter, query_signals


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_seed_writes_companies_filings_and_published_signals(store, database_url):
    with psycopg.connect(make_url(database_url).set(drivername="postgresql").render_as_string(False)) as conn:
        counts = seed(conn, companies=3, filings_per_company=2, signals_per_filing=4)
    assert counts == {"filings": 6, "signals": 24}
    page = query_signals(store.engine, SignalFilter(cik=cik_of(1)), limit=100)
    assert len(page.rows) == 8 and {row["cik"] for row in page.rows} == {cik_of(1)}
    assert len({(r["accession_no"], r["section"], r["family"], r["name"]) for r in page.rows}) == 8
    plan = "\n".join(explain_page_query(store, cik_of(1)))
    assert "Execution Time" in plan and "signals" in plan
