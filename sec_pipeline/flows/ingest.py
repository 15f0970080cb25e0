"""raw_filings: discover a day's filings in the daily index, download each once, record it; and for the filings
whose year-over-year signals need it, the company's previous filing of the form, downloaded once and linked."""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date

from sec_pipeline.edgar.acceptance import accepted_at
from sec_pipeline.edgar.client import EdgarClient
from sec_pipeline.edgar.index import IndexEntry, entries_for_date
from sec_pipeline.edgar.sgml import Submission
from sec_pipeline.edgar.submission_check import check_full_submission, check_parsed_submission
from sec_pipeline.edgar.submissions import FilingRef, find_previous_filing
from sec_pipeline.flows.failure_share import failure_share
from sec_pipeline.flows.reference_data import ReferenceReport, store_companyfacts, store_tickers
from sec_pipeline.signals.changes import CHANGE_ITEMS
from sec_pipeline.store.blobs import BlobStore, raw_key
from sec_pipeline.store.rows import Filing, FilingUpdate
from sec_pipeline.store.schema import utcnow
from sec_pipeline.store.store import Store
from sec_pipeline.vocabulary import RAW_STORED, FilingStatus, form_family, normalize_cik


@dataclass
class PreviousReport:
    """What linking the filings to their previous filing of the form did in one run."""

    looked_up: int = 0
    linked: int = 0
    none_found: int = 0
    downloaded: int = 0
    errors: dict[str, str] = field(default_factory=dict)  # by filing (lookup) or previous filing (download)

    @property
    def failed(self) -> int:
        """Lookups and downloads that failed (retried on the next run)."""
        return len(self.errors)


@dataclass
class IngestReport:
    """What one raw_filings run did."""

    filing_date: str
    in_index: int = 0
    selected: int = 0
    downloaded: int = 0
    skipped_existing: int = 0
    failed: int = 0
    bytes: int = 0
    requests: int = 0
    throttled: int = 0
    retries: int = 0
    answers_429: int = 0
    answers_403: int = 0
    seconds: float = 0.0
    by_form: Counter[str] = field(default_factory=Counter)
    errors: dict[str, str] = field(default_factory=dict)
    previous: PreviousReport = field(default_factory=PreviousReport)
    reference: ReferenceReport = field(default_factory=ReferenceReport)
    tickers: ReferenceReport = field(default_factory=ReferenceReport)

    @property
    def failure_share(self) -> float:
        """Failed filings over selected filings (0 when nothing was selected)."""
        return failure_share(self.failed, self.selected)


def select_entries(
    entries: Iterable[IndexEntry], forms: Iterable[str], ciks: Iterable[str] = (), accessions: Iterable[str] = ()
) -> list[IndexEntry]:
    """Index entries of the configured forms, optionally limited to a CIK watchlist or accessions."""
    wanted_forms = {f.upper() for f in forms}
    wanted_ciks = {normalize_cik(c) for c in ciks}
    wanted_accessions = set(accessions)
    seen: set[str] = set()
    selected = []
    for entry in entries:
        if not entry.accession_no or entry.form_type.upper() not in wanted_forms or entry.accession_no in seen:
            continue
        if wanted_ciks and normalize_cik(entry.cik) not in wanted_ciks:
            continue
        if wanted_accessions and entry.accession_no not in wanted_accessions:
            continue
        seen.add(entry.accession_no)
        selected.append(entry)
    return selected


def requested_entries(
    selected: list[IndexEntry], day: date, ciks: Iterable[str], accessions: Iterable[str]
) -> list[IndexEntry]:
    """Entries for requested accessions that the index does not list (late index, on-demand processing).

    Their Archives path needs the company, so this works when exactly one CIK is given."""
    listed = {e.accession_no for e in selected}
    missing = [a for a in dict.fromkeys(accessions) if a not in listed]
    cik_list = [normalize_cik(c) for c in ciks]
    if not missing or len(cik_list) != 1:
        return []
    return [
        IndexEntry(form_type="", company="", cik=cik_list[0], filing_date=day.isoformat(),
                   path=f"edgar/data/{cik_list[0]}/{accession}.txt", accession_no=accession)
        for accession in missing
    ]


def download(client: EdgarClient, blobs: BlobStore, entry: IndexEntry) -> FilingUpdate:
    """Download a full submission, keep it in the blob store and return its filings row.

    A body that is not the complete submission of the entry's accession (check_full_submission) is retried
    by the client and never cached; when the retries run out it raises, and nothing is stored."""
    checked: list[Submission] = []  # the accepted body's parse, so it is parsed once
    raw = client.get(entry.url_path,
                     validate=lambda body: checked.append(check_full_submission(body, entry.accession_no)))
    uri = blobs.put(raw_key(normalize_cik(entry.cik), str(entry.accession_no), "full-submission.txt"), raw)
    return filing_row(entry, raw, uri, checked[-1])


def filing_row(entry: IndexEntry | None, raw: bytes, uri: str, checked: Submission | None = None) -> FilingUpdate:
    """The filings row for a full submission (header fields win over the index entry, if any).

    `checked` is `raw` already parsed by check_full_submission; without it, `raw` is checked here and
    InvalidSubmission raised when it is not the complete submission of the entry's accession."""
    sub = checked or check_full_submission(raw, entry.accession_no if entry else None)
    primary = sub.primary_document
    accession = (entry.accession_no if entry else None) or sub.accession_no
    filed = sub.filing_date or (entry.filing_date if entry else None)
    cik = sub.cik or (entry.cik if entry else None)
    if not accession or not filed or not cik:
        raise ValueError("the submission header has no accession number, CIK or filing date; is it a full submission?")
    accepted, accepted_is_fallback = accepted_at(sub.acceptance_datetime, date.fromisoformat(filed))
    return {
        "accession_no": accession,
        "cik": normalize_cik(cik),
        "company": sub.company or (entry.company if entry else ""),
        "form_type": sub.form_type or (entry.form_type if entry else ""),
        "filing_date": date.fromisoformat(filed),
        "period_of_report": date.fromisoformat(sub.period_of_report) if sub.period_of_report else None,
        "accepted_at": accepted,
        "accepted_at_is_fallback": accepted_is_fallback,
        "sic": sub.sic,
        "fiscal_year_end": sub.fiscal_year_end,
        "declared_items": list(sub.item_codes),
        "primary_document": primary.filename if primary else None,
        "raw_uri": uri,
        "sha256": hashlib.sha256(raw).hexdigest(),
        "bytes": len(raw),
        "status": FilingStatus.DOWNLOADED,
        "error": None,
    }


def failed_row(entry: IndexEntry, error: str) -> FilingUpdate:
    """The filings row recording a filing that could not be downloaded or read."""
    if not entry.accession_no:
        raise ValueError(f"index entry {entry.path!r} has no accession number; only entries with one are ingested")
    return {
        "accession_no": entry.accession_no,
        "cik": normalize_cik(entry.cik),
        "company": entry.company,
        "form_type": entry.form_type or "unknown",
        "filing_date": date.fromisoformat(entry.filing_date),
        "status": FilingStatus.FAILED,
        "error": error[:2000],
    }


def import_submission(store: Store, blobs: BlobStore, raw: bytes, parsed: Submission | None = None) -> FilingUpdate:
    """Store a full submission obtained elsewhere (e.g. sec-edgar-downloader) like raw_filings would; `parsed`
    is `raw` already parsed (it is then checked, not parsed again)."""
    sub = check_full_submission(raw, None) if parsed is None else check_parsed_submission(parsed, None)
    if not sub.accession_no or not sub.cik:
        raise ValueError("the submission header has no ACCESSION NUMBER or CIK; is it a full submission .txt?")
    uri = blobs.put(raw_key(normalize_cik(sub.cik), sub.accession_no, "full-submission.txt"), raw)
    row = filing_row(None, raw, uri, sub)
    store.upsert_filings([row])
    return row


def ingest_partition(
    client: EdgarClient,
    store: Store,
    blobs: BlobStore,
    day: date,
    *,
    forms: Iterable[str],
    ciks: Iterable[str] = (),
    accessions: Iterable[str] = (),
    workers: int = 4,
    log: Callable[[str], None] = lambda _msg: None,
) -> IngestReport:
    """Download and record every selected filing of `day`; idempotent, one bad filing never sinks it.

    Filings already stored with a good status are skipped (a retry re-downloads only failures). Failures are
    recorded, never raised: the stage_failures gate of signal_validations judges the partition.
    """
    started = time.perf_counter()
    stats_before = client.stats
    report = IngestReport(filing_date=day.isoformat())
    entries = [e for e in entries_for_date(client, day) if e.accession_no]
    report.in_index = len(entries)
    selected = select_entries(entries, forms, ciks, accessions)
    selected += requested_entries(selected, day, ciks, accessions)
    report.selected = len(selected)
    existing: dict[str, Filing] = {
        row["accession_no"]: row
        for row in store.get_filings(accessions=[e.accession_no for e in selected if e.accession_no])
    } if selected else {}
    todo = []
    for entry in selected:
        stored = existing.get(entry.accession_no or "")
        if stored is not None and stored["status"] in RAW_STORED:
            report.skipped_existing += 1
            report.by_form[stored["form_type"]] += 1
        else:
            todo.append(entry)
    log(f"{day}: {report.in_index} filings in the index, {report.selected} selected, {len(todo)} to download")

    def fetch(entry: IndexEntry) -> FilingUpdate:
        try:
            return download(client, blobs, entry)
        except Exception as exc:  # one bad filing never sinks the partition
            return failed_row(entry, f"{type(exc).__name__}: {exc}")

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for row in pool.map(fetch, todo):
            store.upsert_filings([row])
            if row["status"] == FilingStatus.FAILED:
                report.failed += 1
                report.errors[row["accession_no"]] = str(row["error"])
                log(f"failed {row['accession_no']}: {row['error']}")
            else:
                report.downloaded += 1
                report.bytes += row["bytes"] or 0
                report.by_form[row["form_type"]] += 1
    selected_accessions = [e.accession_no for e in selected if e.accession_no]
    stored_filings = store.get_filings(accessions=selected_accessions, statuses=list(RAW_STORED)
                                       ) if selected_accessions else []
    report.previous = link_previous_filings(client, store, blobs, stored_filings, workers=workers, log=log)
    store.link_amendments(selected_accessions)
    report.reference = store_companyfacts(client, blobs, stored_filings, log=log)
    report.tickers = store_tickers(client, store, utcnow().date(), log=log)
    stats = client.stats
    report.requests = stats["requests"] - stats_before["requests"]
    report.throttled = stats["throttled"] - stats_before["throttled"]
    report.retries = stats["retries"] - stats_before["retries"]
    report.answers_429 = stats["answers_429"] - stats_before["answers_429"]
    report.answers_403 = stats["answers_403"] - stats_before["answers_403"]
    report.seconds = time.perf_counter() - started
    return report


def needs_previous(filing: Filing) -> bool:
    """Whether a filing's year-over-year signals compare it with its previous filing of the form."""
    try:
        return form_family(filing["form_type"]) in CHANGE_ITEMS
    except ValueError:
        return False


def _ref_entry(ref: FilingRef) -> IndexEntry:
    return IndexEntry(form_type=ref.form_type, company="", cik=ref.cik, filing_date=ref.filing_date,
                      path=ref.submission_path.removeprefix("/Archives/"), accession_no=ref.accession_no)


def link_previous_filings(
    client: EdgarClient,
    store: Store,
    blobs: BlobStore,
    stored_filings: Iterable[Filing],
    *,
    workers: int = 4,
    log: Callable[[str], None] = lambda _msg: None,
) -> PreviousReport:
    """Link each of `stored_filings` that needs it to the company's previous filing of the form.

    The previous filing is found in the company's submissions JSON and downloaded and stored as a filing like
    any other, unless the store has it already; its accession goes to `previous_accession_no` and the time of
    the lookup to `previous_checked_at`. Filings looked up before (found or not) whose previous filing is stored
    are left alone, so later runs reuse it. A failed lookup or download is reported, retried on the next run,
    and never fails the partition.
    """
    report = PreviousReport()
    filings = [f for f in stored_filings if needs_previous(f)]
    linked = [f["previous_accession_no"] for f in filings if f["previous_accession_no"]]
    stored = {f["accession_no"] for f in store.get_filings(accessions=linked, statuses=list(RAW_STORED))
              } if linked else set()
    todo = [f for f in filings if f["previous_checked_at"] is None
            or (f["previous_accession_no"] and f["previous_accession_no"] not in stored)]
    if not todo:
        return report

    def lookup(filing: Filing) -> FilingRef | Exception | None:
        try:
            return find_previous_filing(client, filing["cik"], filing["form_type"], filing["filing_date"])
        except Exception as exc:  # the filing simply gets no year-over-year signals this run
            return exc

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        found = list(zip(todo, pool.map(lookup, todo), strict=True))
        refs = {ref.accession_no: ref for _, ref in found if isinstance(ref, FilingRef)}
        have = {f["accession_no"] for f in store.get_filings(accessions=list(refs), statuses=list(RAW_STORED))
                } if refs else set()
        missing = [ref for accession, ref in refs.items() if accession not in have]

        def fetch(ref: FilingRef) -> FilingUpdate | Exception:
            try:
                return download(client, blobs, _ref_entry(ref))
            except Exception as exc:  # reported below; the next run tries again
                return exc

        for wanted_ref, row in zip(missing, pool.map(fetch, missing), strict=True):
            if isinstance(row, Exception):
                report.errors[wanted_ref.accession_no] = f"{type(row).__name__}: {row}"
                log(f"previous filing {wanted_ref.accession_no} not downloaded: {report.errors[wanted_ref.accession_no]}")
            else:
                store.upsert_filings([row])
                have.add(wanted_ref.accession_no)
                report.downloaded += 1
    now = utcnow()
    links: list[FilingUpdate] = []
    for filing, ref in found:
        report.looked_up += 1
        if isinstance(ref, Exception):
            report.errors[filing["accession_no"]] = f"{type(ref).__name__}: {ref}"
            log(f"previous filing of {filing['accession_no']} not looked up: {report.errors[filing['accession_no']]}")
        elif ref is None:
            report.none_found += 1
            links.append({"accession_no": filing["accession_no"], "previous_accession_no": None,
                          "previous_checked_at": now})
        elif ref.accession_no in have:
            report.linked += 1
            links.append({"accession_no": filing["accession_no"], "previous_accession_no": ref.accession_no,
                          "previous_checked_at": now})
    store.upsert_filings(links)
    return report
