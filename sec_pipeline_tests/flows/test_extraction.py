"""extracted_signals' flow reads the store only: previous sections and the inline-XBRL document, no network."""

from __future__ import annotations

import socket

import pytest

from sec_pipeline.flows.extraction import Extractors, extract_partition
from sec_pipeline.flows.sectioning import parse_partition
from sec_pipeline.signals.routing import SentimentRouter
from sec_pipeline_tests.flows.conftest import AMD_2018, AMD_2023, AMD_DAY


def lexicon_extractors() -> Extractors:
    """Extractors without models or embeddings: sentiment falls back to the lexicon."""
    return Extractors(router=SentimentRouter(None, None, lexicon_fallback=True))


def test_extraction_works_with_no_network(amd_ingested, blobs, monkeypatch: pytest.MonkeyPatch) -> None:
    parse_partition(amd_ingested, blobs, AMD_DAY)

    def no_network(*_args: object) -> None:
        raise AssertionError("extraction opened a network connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    report = extract_partition(amd_ingested, blobs, AMD_DAY, lexicon_extractors())
    assert (report.filings, report.extracted, report.failed) == (1, 1, 0), report.errors
    staged = amd_ingested.get_staged_signals(filing_date=AMD_DAY)
    changes = [s for s in staged if s["family"] == "risk_change"]
    assert {s["section"] for s in changes} == {"1A", "7"}
    assert {s["label"] for s in changes if s["category"] == "similarity"} == {f"vs {AMD_2018}"}
    financial = {s["name"] for s in staged if s["family"] == "financial"}
    assert {"revenue", "net_income", "total_assets"} <= financial
    assert amd_ingested.get_filings(accessions=[AMD_2023])[0]["status"] == "extracted"
    assert amd_ingested.get_filings(accessions=[AMD_2018])[0]["status"] == "parsed", "only the partition is extracted"


def test_a_filing_never_looked_up_compares_with_the_stores_earlier_filing(amd_ingested, blobs) -> None:
    parse_partition(amd_ingested, blobs, AMD_DAY)
    amd_ingested.upsert_filings([{"accession_no": AMD_2023, "previous_accession_no": None,
                                  "previous_checked_at": None}])  # e.g. a filing loaded by `sec-pipeline import`
    extract_partition(amd_ingested, blobs, AMD_DAY, lexicon_extractors())
    labels = {s["label"] for s in amd_ingested.get_staged_signals(filing_date=AMD_DAY) if s["family"] == "risk_change"}
    assert f"vs {AMD_2018}" in labels


def test_a_filing_whose_lookup_found_nothing_gets_no_change_signals(amd_ingested, blobs) -> None:
    parse_partition(amd_ingested, blobs, AMD_DAY)
    amd_ingested.upsert_filings([{"accession_no": AMD_2023, "previous_accession_no": None}])
    extract_partition(amd_ingested, blobs, AMD_DAY, lexicon_extractors())
    assert not [s for s in amd_ingested.get_staged_signals(filing_date=AMD_DAY) if s["family"] == "risk_change"]
