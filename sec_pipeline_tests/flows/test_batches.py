"""Sectioning and extraction write through the bulk store paths, a batch at a time, one bad filing isolated."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from sec_pipeline.edgar.sgml import Document, build_submission
from sec_pipeline.flows.batches import BATCH_FILINGS, FilingRows, batched, write_batch
from sec_pipeline.flows.extraction import Extractors, extract_partition
from sec_pipeline.flows.ingest import import_submission
from sec_pipeline.flows.sectioning import parse_partition
from sec_pipeline.signals.routing import SentimentRouter
from sec_pipeline.store import LocalBlobStore, Store

DAY = date(2024, 11, 1)
FILINGS = BATCH_FILINGS + 2  # two batches: a full one and a short one
EIGHT_K = """FORM 8-K
CURRENT REPORT

Item 2.02 Results of Operations and Financial Condition.

On November 1, 2024, Company {n} announced its results for the quarter ended September 30, 2024. Revenue grew
strongly and net income rose, while the company warned that demand may weaken and margins may decline.

Item 9.01 Financial Statements and Exhibits.

(d) Exhibits. 99.1 Press release dated November 1, 2024.
"""


def accession(n: int) -> str:
    return f"{1000 + n:010d}-24-{n:06d}"


class FailingBlobs(LocalBlobStore):
    """A local blob store that refuses to write under one folder (an S3 bucket policy, a full disk)."""

    def __init__(self, root: Path, refused: str) -> None:
        super().__init__(root)
        self.refused = refused

    def put(self, key: str, data: bytes) -> str:
        if key.startswith(self.refused):
            raise PermissionError(f"writes under {self.refused} are refused")
        return super().put(key, data)


@pytest.fixture
def bad() -> str:
    """The filing whose section text cannot be stored: in the first batch, not its first filing."""
    return accession(7)


@pytest.fixture
def store(tmp_path: Path, bad: str) -> Iterator[Store]:
    """A migrated SQLite store that keeps section text over 100 characters in a blob store refusing `bad`'s."""
    store = Store(f"sqlite:///{tmp_path / 'app.db'}", blobs=FailingBlobs(tmp_path / "text", f"sections/{bad}/"),
                  inline_text_limit=100)
    store.migrate()
    try:
        yield store
    finally:
        store.dispose()


@pytest.fixture
def imported(store: Store, tmp_path: Path) -> LocalBlobStore:
    """FILINGS 8-Ks of DAY imported as `sec-pipeline import` would; returns the blob store of their raw files."""
    blobs = LocalBlobStore(tmp_path / "raw")
    for n in range(FILINGS):
        document = Document(type="8-K", sequence=1, filename=f"doc{n}.htm", description="8-K",
                            text=EIGHT_K.format(n=n))
        raw = build_submission({"accession_no": accession(n), "form_type": "8-K", "filing_date": DAY.isoformat(),
                                "cik": 1000 + n, "company": f"Company {n}",
                                "items": ["Results of Operations and Financial Condition"]}, [document])
        import_submission(store, blobs, raw.encode("utf-8"))
    return blobs


class Spy:
    """Wraps a bulk store method, recording the accessions of each call."""

    def __init__(self, method, refuse: str | None = None) -> None:
        self.method = method
        self.refuse = refuse
        self.calls: list[list[str]] = []

    def __call__(self, rows_by_accession: Mapping[str, Sequence[object]]) -> int:
        self.calls.append(list(rows_by_accession))
        if self.refuse in rows_by_accession:
            raise ValueError(f"rows of {self.refuse} rejected")
        return self.method(rows_by_accession)


def test_batched_slices_in_order() -> None:
    assert [list(b) for b in batched(list(range(5)), 2)] == [[0, 1], [2, 3], [4]]
    assert list(batched([], 2)) == []


def test_sections_are_written_per_batch_and_a_bad_filing_is_isolated(
    store: Store, imported: LocalBlobStore, bad: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = Spy(store.replace_sections_many)
    monkeypatch.setattr(store, "replace_sections_many", spy)
    report = parse_partition(store, imported, DAY)

    assert (report.filings, report.parsed, report.failed) == (FILINGS, FILINGS - 1, 1)
    first, *alone, second = spy.calls
    assert len(first) == BATCH_FILINGS and second == [accession(n) for n in range(BATCH_FILINGS, FILINGS)]
    assert alone == [[accession(n)] for n in range(BATCH_FILINGS)], "the failed batch is retried filing by filing"
    assert report.errors == {bad: f"PermissionError: writes under sections/{bad}/ are refused"}
    assert report.sections == 2 * (FILINGS - 1), "the failed filing's sections are not counted"

    statuses = {f["accession_no"]: (f["status"], f["error"]) for f in store.get_filings(filing_date=DAY)}
    assert statuses.pop(bad) == ("parse_failed", report.errors[bad])
    assert set(statuses.values()) == {("parsed", None)}
    sectioned = {s["accession_no"] for s in store.get_sections(list(statuses) + [bad], with_text=False)}
    assert sectioned == set(statuses), "a filing says parsed exactly when its sections are stored"


def test_signals_are_staged_per_batch_and_a_bad_filing_keeps_its_status(
    store: Store, imported: LocalBlobStore, bad: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.inline_text_limit = 100_000  # every filing parses
    parse_partition(store, imported, DAY)
    spy = Spy(store.stage_signals_many, refuse=bad)
    monkeypatch.setattr(store, "stage_signals_many", spy)
    report = extract_partition(store, imported, DAY, Extractors(router=SentimentRouter(None, None, lexicon_fallback=True)))

    assert (report.filings, report.extracted, report.failed) == (FILINGS, FILINGS - 1, 1)
    assert [len(call) for call in spy.calls] == [BATCH_FILINGS] + [1] * BATCH_FILINGS + [FILINGS - BATCH_FILINGS]
    assert report.errors == {bad: f"ValueError: rows of {bad} rejected"}
    statuses = {f["accession_no"]: f["status"] for f in store.get_filings(filing_date=DAY)}
    assert statuses.pop(bad) == "parsed", "a filing whose signals were not staged is not extracted"
    assert set(statuses.values()) == {"extracted"}

    staged = store.get_staged_signals(DAY)
    assert {s["accession_no"] for s in staged} == set(statuses)
    assert report.signals == len(staged)
    events = [s for s in staged if s["family"] == "event" and s["name"] == "item_2.02"]
    assert len(events) == FILINGS - 1 and all(s["filing_date"] == DAY for s in events)
    assert sum(report.cost_per_filing) == pytest.approx(sum(s["cost_usd"] or 0.0 for s in staged))


def test_a_database_failure_is_raised_not_blamed_on_a_filing(store: Store) -> None:
    calls: list[list[str]] = []

    def unavailable(rows_by_accession: Mapping[str, Sequence[object]]) -> int:
        calls.append(list(rows_by_accession))
        raise OperationalError("INSERT INTO sections ...", {}, Exception("database is locked"))

    batch = [FilingRows[object]({"accession_no": accession(n), "status": "parsed"}, []) for n in range(3)]
    with pytest.raises(OperationalError):
        write_batch(store, unavailable, batch)
    assert calls == [[accession(n) for n in range(3)]], "no filing-by-filing retry against a failing database"
    assert write_batch(store, unavailable, []) == {}
