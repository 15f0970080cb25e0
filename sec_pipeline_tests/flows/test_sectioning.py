"""parsed_sections' flow: required items by form and era, the linked previous filing, the inline-XBRL document."""

from datetime import date

from sec_pipeline.edgar.sgml import decode, parse_submission
from sec_pipeline.flows.sectioning import missing_required_items, parse_partition
from sec_pipeline_tests.flows.conftest import AMD_2018, AMD_2023, AMD_DAY


def test_required_items_follow_form_and_era():
    assert missing_required_items("10-K", date(2023, 2, 27), ["1", "1A", "2", "7", "8"]) == []
    assert missing_required_items("10-K", date(2023, 2, 27), ["1", "7"]) == ["1a", "8"]
    assert missing_required_items("10-K", date(2003, 3, 1), ["1", "7", "8"]) == [], "no 1A before 2006"
    assert missing_required_items("10-Q", date(2020, 5, 1), ["part1item1"]) == ["part1item2"]
    assert missing_required_items("10-K405", date(1997, 3, 1), []) == ["any item"]
    assert missing_required_items("8-K", date(2020, 5, 1), []) == []


class CountingBlobs:
    """A blob store that counts writes."""

    def __init__(self, blobs) -> None:
        self._blobs = blobs
        self.puts: list[str] = []

    def __getattr__(self, name: str):
        return getattr(self._blobs, name)

    def put(self, key: str, data: bytes) -> str:
        self.puts.append(key)
        return self._blobs.put(key, data)


def test_partition_and_linked_previous_are_parsed_and_the_inline_xbrl_document_stored_once(
    amd_ingested, blobs
) -> None:
    counting = CountingBlobs(blobs)
    report = parse_partition(amd_ingested, counting, AMD_DAY)
    assert (report.filings, report.parsed, report.previous_parsed, report.failed) == (1, 1, 1, 0)
    filing, previous = (amd_ingested.get_filings(accessions=[a])[0] for a in (AMD_2023, AMD_2018))
    assert filing["status"] == previous["status"] == "parsed"
    assert {"1A", "7"} <= {s["item"] for s in amd_ingested.get_sections([AMD_2018])}
    submission = parse_submission(blobs.get(filing["raw_uri"]))
    assert filing["primary_document"] == submission.primary_document.filename == filing["ixbrl_document"]
    assert blobs.get(filing["ixbrl_uri"]).decode("utf-8") == submission.primary_document.text
    assert previous["ixbrl_uri"] is None, "the 2018 10-K predates inline XBRL"
    raw = decode(blobs.get(filing["raw_uri"]))
    risk = next(s for s in amd_ingested.get_sections([AMD_2023]) if s["item"] == "1A")
    assert "RISK FACTORS" in raw[risk["source_start"]:risk["source_start"] + 3000].upper(), \
        "source offsets point into the stored submission"
    assert counting.puts == [filing["ixbrl_uri"].rsplit("/blobs/", 1)[1]]

    again = parse_partition(amd_ingested, counting, AMD_DAY)
    assert (again.parsed, again.previous_parsed) == (1, 0), "a parsed previous filing is not parsed again"
    assert len(counting.puts) == 1, "the inline-XBRL document is stored once"
