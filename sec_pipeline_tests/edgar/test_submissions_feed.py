"""Submissions JSON and the getcurrent Atom feed, on real files and through the mirror."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from sec_pipeline.edgar.client import EdgarClient
from sec_pipeline.edgar.feed import (
    FeedFormatError,
    current_filings,
    getcurrent_path,
    parse_getcurrent_atom,
)
from sec_pipeline.edgar.submissions import (
    SubmissionsFormatError,
    company_filings,
    find_previous_filing,
    parse_submissions,
    previous_filing,
    submissions_path,
)


def test_parse_real_submissions(shared_edgar: Path) -> None:
    apple = json.loads((shared_edgar / "api/submissions/CIK0000320193.json").read_bytes())
    refs = parse_submissions(apple)
    assert len(refs) == len(apple["filings"]["recent"]["accessionNumber"]) == 1000
    assert refs[0].accession_no == "0000320193-23-000079" and refs[0].form_type == "4"
    assert refs[0].cik == "320193" and refs[0].report_date == "2023-08-05"
    eight_k = next(r for r in refs if r.form_type == "8-K" and r.items)
    assert all("." in item for item in eight_k.items)
    assert eight_k.submission_path.endswith(f"/{eight_k.accession_no}.txt")
    tesla = json.loads((shared_edgar / "api/submissions/CIK0001318605.pretty.json").read_bytes())
    assert {r.cik for r in parse_submissions(tesla)} == {"1318605"}
    with pytest.raises(SubmissionsFormatError, match="x.json"):
        parse_submissions({"cik": "1"}, source="x.json")


def test_company_filings_pages_through_files(edgar_client: EdgarClient) -> None:
    everything = company_filings(edgar_client, 320193)
    assert len(everything) == 1000 + 988
    assert everything[-1].filing_date < everything[0].filing_date
    all_ten_k = [r for r in everything if r.form_type == "10-K"]
    in_recent = sum(r.form_type == "10-K" for r in everything[:1000])
    ten_k = company_filings(edgar_client, "0000320193", forms=["10-k"], limit=in_recent + 2)
    assert ten_k == all_ten_k[: in_recent + 2]  # the last two came from the second page
    assert ten_k[-1].filing_date < "2013-02-08"


def test_company_filings_generated_json(edgar_client: EdgarClient) -> None:
    refs = company_filings(edgar_client, 1000685, forms=["8-K"])
    assert refs and all(r.cik == "1000685" for r in refs)
    body = edgar_client.get(refs[0].primary_document_path)
    assert body


def test_submissions_path() -> None:
    assert submissions_path("0000320193") == "/submissions/CIK0000320193.json"
    with pytest.raises(ValueError, match="not a number"):
        submissions_path("AAPL")


def test_getcurrent_through_mirror(edgar_client: EdgarClient, edgar_mirror_server: object) -> None:
    first_page = parse_getcurrent_atom(edgar_client.get(getcurrent_path("8-K", 0, 10)))
    assert len(first_page) == 10
    assert [e.filing_date for e in first_page] == sorted((e.filing_date for e in first_page), reverse=True)
    top = first_page[0]
    assert top.accession_no and top.cik.isdigit() and top.form_type.startswith("8-K") and top.role == "Filer"
    everything = current_filings(edgar_client, "8-K", page_size=100)
    held = [h for h in edgar_mirror_server.tree.filings.values() if h.form_type.startswith("8-K")]
    assert len(everything) == len(held) == len({e.accession_no for e in everything})
    assert everything[:10] == first_page
    caterpillar = next(e for e in everything if e.accession_no == "0000018230-22-000107")
    assert caterpillar.items == ["2.02", "7.01", "9.01"] and caterpillar.company == "CATERPILLAR INC"
    assert len(current_filings(edgar_client, "8-K", page_size=20, max_entries=45)) == 45


def test_feed_rejects_non_atom() -> None:
    with pytest.raises(FeedFormatError, match="output=atom"):
        parse_getcurrent_atom(b"<html><body>EDGAR Current Events</body></html>")
    with pytest.raises(FeedFormatError, match="not XML"):
        parse_getcurrent_atom(b"<feed")
    bomb = b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><feed>&a;</feed>'
    with pytest.raises(Exception, match="(?i)entit"):
        parse_getcurrent_atom(bomb)


def test_previous_filing_from_apple_submissions(shared_edgar: Path) -> None:
    refs = parse_submissions(json.loads((shared_edgar / "api/submissions/CIK0000320193.json").read_text()))
    assert previous_filing(refs, "10-K", date(2022, 10, 28)).filing_date == "2021-10-29"
    assert previous_filing(refs, "10-K", "2022-10-29").filing_date == "2022-10-28"
    assert previous_filing(refs, "10-K", "1990-01-01") is None
    with pytest.raises(ValueError, match="not a date"):
        previous_filing(refs, "10-K", "")


def test_find_previous_filing_through_mirror(edgar_client: EdgarClient) -> None:
    prev = find_previous_filing(edgar_client, 320193, "10-K", "2022-10-28")
    assert prev is not None and prev.form_type == "10-K" and prev.filing_date == "2021-10-29"
    assert prev.accession_no.startswith("0000320193-21-")
    assert find_previous_filing(edgar_client, "0000320193", "10-Q", date(1990, 1, 1)) is None
