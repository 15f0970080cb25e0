"""Index parsing on real EDGAR index files, and fetching days through the mirror."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sec_pipeline.edgar.client import EdgarClient
from sec_pipeline.edgar.index import (
    IndexParseError,
    daily_index_entries,
    daily_index_path,
    entries_for_date,
    full_index_entries,
    parse_form_index,
)


def test_form_index(shared_edgar: Path) -> None:
    raw = (shared_edgar / "index/daily-index/form.20200318.idx").read_bytes()
    entries = parse_form_index(raw)
    rows = [line for line in raw.decode("latin-1").splitlines() if "edgar/data/" in line]
    assert len(entries) == len(rows) > 4000
    first = entries[0]
    assert (first.form_type, first.company, first.cik) == ("1-A", "DLP Positive Note Fund LLC", "1806014")
    assert (first.filing_date, first.accession_no) == ("2020-03-18", "0001140361-20-006155")
    assert first.url_path == "/Archives/edgar/data/1806014/0001140361-20-006155.txt"
    assert any(e.form_type == "1-A POS" and e.company == "Belpointe REIT, Inc." for e in entries)
    assert sum(e.form_type == "8-K" for e in entries) == sum(r.startswith("8-K ") for r in rows)


def test_company_index(shared_edgar: Path) -> None:
    entries = parse_form_index((shared_edgar / "index/daily-index/company.20221003.idx").read_bytes())
    assert entries[0].company == "1st stREIT Office Inc." and entries[0].form_type == "1-A POS"
    assert any(e.form_type == "SC 13D/A" and e.cik == "1779476" for e in entries)
    assert all(e.filing_date == "2022-10-03" or e.filing_date < "2022-10-03" for e in entries)


def test_master_daily_and_full_index(shared_edgar: Path) -> None:
    daily = parse_form_index((shared_edgar / "index/daily-index/master.20181231.excerpt.idx").read_bytes())
    assert daily[0].company == "HENRY SCHEIN INC" and daily[0].form_type == "4" and daily[0].cik == "1000228"
    full = parse_form_index((shared_edgar / "index/full-index/master.1993QTR4.excerpt.idx").read_bytes())
    bethlehem = next(e for e in full if e.cik == "11860")
    assert (bethlehem.form_type, bethlehem.filing_date) == ("10-Q", "1993-11-12")
    assert bethlehem.accession_no == "0000011860-94-000005"


def test_empty_and_bad_index(shared_edgar: Path) -> None:
    assert parse_form_index((shared_edgar / "index/daily-index/empty-form.idx").read_bytes()) == []
    with pytest.raises(IndexParseError, match="not-an-index"):
        parse_form_index("<html>nothing</html>", source="not-an-index")


def test_daily_index_through_mirror(edgar_client: EdgarClient) -> None:
    entries = daily_index_entries(edgar_client, dt.date(2007, 8, 7))
    assert len(entries) == 3 and all(e.filing_date == "2007-08-07" for e in entries)
    body = edgar_client.get(entries[0].url_path)
    assert entries[0].accession_no.encode() in body[:2000]
    assert daily_index_entries(edgar_client, dt.date(2007, 8, 4)) == []  # a Saturday: not even fetched
    assert daily_index_entries(edgar_client, dt.date(2007, 8, 6)) == []  # a weekday without filings: 404


def test_full_index_fallback(edgar_client: EdgarClient) -> None:
    quarter = full_index_entries(edgar_client, 1994, 1)
    assert quarter and all(e.filing_date.startswith("1994-0") for e in quarter)
    day = dt.date.fromisoformat(quarter[0].filing_date)
    assert entries_for_date(edgar_client, day) == [e for e in quarter if e.filing_date == day.isoformat()]
    assert full_index_entries(edgar_client, 1980, 1) == []


def test_daily_index_path() -> None:
    assert daily_index_path(dt.date(2020, 3, 18)) == "/Archives/edgar/daily-index/2020/QTR1/form.20200318.idx"
    assert daily_index_path(dt.date(1994, 10, 3), "master").endswith("1994/QTR4/master.19941003.idx")


def test_fixed_width_without_column_positions() -> None:
    text = ("Form Type  Company  CIK  Date Filed  File Name\n" + "-" * 40 + "\n"
            "10-K        ACME  CORP INC      12345       19960102    edgar/data/12345/0000012345-96-000001.txt\n")
    (entry,) = parse_form_index(text)
    assert (entry.form_type, entry.company, entry.cik, entry.filing_date) == ("10-K", "ACME CORP INC", "12345",
                                                                               "1996-01-02")
