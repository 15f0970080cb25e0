"""filings: idempotent upserts, filters, status, previous_filing, concurrent writers, bad input."""

from __future__ import annotations

import threading
from datetime import date

import pytest

from sec_pipeline.store import Store

from .helpers import accession, filing_row, strip_times


def test_upsert_twice_gives_the_same_rows(store: Store) -> None:
    rows = [filing_row(320193, seq) for seq in range(1, 6)] + [filing_row(789019, 1, form="8-K")]
    assert store.upsert_filings(rows) == 6
    first = store.get_filings()
    assert store.upsert_filings(rows) == 6
    second = store.get_filings()
    assert strip_times(second) == strip_times(first)
    assert len(second) == 6
    assert [r["created_at"] for r in second] == [r["created_at"] for r in first]
    assert all(b["updated_at"] >= a["updated_at"] for a, b in zip(first, second, strict=True))
    row = second[0]
    assert row["cik"] == "320193"  # leading zeros dropped
    assert row["filing_date"] == date(2024, 11, 1) and row["bytes"] == 5_000_000_000
    assert row["created_at"].tzinfo is not None
    eight_k = next(r for r in second if r["form_type"] == "8-K")
    assert eight_k["declared_items"] == ["2.02", "9.01"]


def test_upsert_updates_only_the_columns_given(store: Store) -> None:
    row = filing_row(320193, 1)
    store.upsert_filings([row])
    created = store.get_filings()[0]["created_at"]
    store.upsert_filings([{"accession_no": row["accession_no"], "status": "failed", "error": "HTTP 503",
                           "attempts": 2}])
    (stored,) = store.get_filings()
    assert (stored["status"], stored["error"], stored["attempts"]) == ("failed", "HTTP 503", 2)
    assert stored["company"] == row["company"] and stored["sha256"] == row["sha256"]
    assert stored["created_at"] == created
    with pytest.raises(ValueError, match=r"new row\(s\).*lack required column\(s\) \['cik', 'filing_date', 'form_type'\]"):
        store.upsert_filings([{"accession_no": accession(1, 2024, 9), "status": "failed"}])


def test_duplicate_keys_in_one_call_keep_the_last(store: Store) -> None:
    # The daily index lists a co-registrant filing once per filer: one row must result.
    rows = [filing_row(320193, 1, company="First"), filing_row(320193, 1, company="Second")]
    assert store.upsert_filings(rows) == 1
    assert [r["company"] for r in store.get_filings()] == ["Second"]


def test_filters_and_status(store: Store) -> None:
    day1, day2 = date(2024, 11, 1), date(2024, 11, 4)
    store.upsert_filings([
        filing_row(320193, 1, day=day1), filing_row(320193, 2, form="8-K", day=day1),
        filing_row(789019, 3, form="10-Q", day=day2),
    ])
    assert [r["accession_no"] for r in store.get_filings(filing_date=day1)] == [
        accession(320193, 2024, 1), accession(320193, 2024, 2)]
    assert len(store.get_filings(filing_date="2024-11-04")) == 1
    assert len(store.get_filings(accessions=[accession(789019, 2024, 3), "0000000000-00-000000"])) == 1
    store.set_filing_status(accession(320193, 2024, 1), "parse_failed", "no Item 7")
    assert [r["error"] for r in store.get_filings(statuses=["parse_failed"])] == ["no Item 7"]
    store.set_filing_status(accession(320193, 2024, 1), "parsed")
    assert store.get_filings(statuses="parsed")[0]["error"] is None
    with pytest.raises(LookupError, match="0000000000-00-000000"):
        store.set_filing_status("0000000000-00-000000", "parsed")
    with pytest.raises(ValueError, match="lower-case"):
        store.set_filing_status(accession(320193, 2024, 1), "Parsed!")


def test_many_accessions_are_chunked(store: Store) -> None:
    store.upsert_filings([filing_row(1000 + i, i) for i in range(1, 1201)])
    wanted = [accession(1000 + i, 2024, i) for i in range(1, 1201, 1)]
    rows = store.get_filings(accessions=wanted)
    assert len(rows) == 1200
    assert [r["accession_no"] for r in rows] == sorted(wanted)


def test_previous_filing(store: Store) -> None:
    store.upsert_filings([
        filing_row(320193, 1, day=date(2022, 10, 28)), filing_row(320193, 2, day=date(2023, 11, 3)),
        filing_row(320193, 3, day=date(2024, 11, 1)), filing_row(320193, 4, form="10-Q", day=date(2024, 8, 2)),
        filing_row(789019, 5, day=date(2024, 7, 30)),
    ])
    previous = store.previous_filing("0000320193", "10-K", date(2024, 11, 1))
    assert previous is not None and previous["filing_date"] == date(2023, 11, 3)
    assert store.previous_filing(320193, "10-K", "2022-10-28") is None
    assert store.previous_filing(320193, "10-Q", date(2024, 11, 1))["filing_date"] == date(2024, 8, 2)


def test_concurrent_overlapping_upserts(store: Store) -> None:
    # Two writers (separate engines, as two runs would have) write overlapping keys at the same time.
    other = Store(store.url.render_as_string(hide_password=False))
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def write(target: Store, seqs: range, company: str) -> None:
        try:
            barrier.wait()
            for _ in range(3):
                target.upsert_filings([filing_row(320193, s, company=company) for s in seqs])
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(store, range(1, 301), "A")),
               threading.Thread(target=write, args=(other, range(151, 451), "B"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    other.dispose()
    assert not errors, errors
    rows = store.get_filings()
    assert len(rows) == 450
    assert len({r["accession_no"] for r in rows}) == 450
    assert {r["company"] for r in rows[:150]} == {"A"} and {r["company"] for r in rows[300:]} == {"B"}


def test_bad_input_names_the_problem(store: Store) -> None:
    with pytest.raises(ValueError, match=r"filings row 0 has unknown column\(s\) \['colour'\]"):
        store.upsert_filings([{**filing_row(), "colour": "red"}])
    with pytest.raises(ValueError, match=r"filings.filing_date='11/01/2024' is not a date"):
        store.upsert_filings([filing_row(filing_date="11/01/2024")])
    with pytest.raises(ValueError, match="lacks its key"):
        store.upsert_filings([{**filing_row(), "accession_no": ""}])
    with pytest.raises(ValueError, match="CIK 'abc'"):
        store.upsert_filings([{**filing_row(), "cik": "abc"}])
    assert store.get_filings() == []


def test_values_are_bound_not_spliced(store: Store) -> None:
    hostile = "Robert'); DROP TABLE filings;--"
    store.upsert_filings([filing_row(company=hostile)])
    assert store.get_filings(statuses=["downloaded' OR '1'='1"]) == []
    assert store.get_filings()[0]["company"] == hostile
