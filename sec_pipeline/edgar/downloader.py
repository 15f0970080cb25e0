"""sec-edgar-downloader integration: read its folders, and run it against the configured EDGAR.

The downloader writes `sec-edgar-filings/<ticker or CIK>/<form>/<accession>/full-submission.txt`
(plus `primary-document.*`). `iter_downloader_filings` reads such a tree back as parsed submissions.
`download_company` runs the library against the configured `edgar_url`/`data_url` (a mirror, in tests): its
URLs are module constants, patched for the duration of the call and restored afterwards, and its HTTP
calls are made to wait for this process's shared rate limiter as well as its own.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Protocol
from urllib.parse import urlsplit

from sec_pipeline.edgar.client import validate_user_agent
from sec_pipeline.edgar.ratelimit import limiter_for
from sec_pipeline.edgar.sgml import Submission, parse_submission

ROOT_FOLDER = "sec-edgar-filings"
FULL_SUBMISSION = "full-submission.txt"
_patch_lock = threading.Lock()


class DownloaderLayoutError(ValueError):
    """A folder without sec-edgar-downloader's layout; the message shows the expected one."""


class EndpointSettings(Protocol):
    """What `download_company` reads of the EDGAR settings (sec_pipeline.config.EdgarSettings has it)."""

    user_agent: str
    edgar_url: str
    data_url: str
    rate_limit: float


@dataclass(frozen=True)
class DownloadedFiling:
    """One filing found in a sec-edgar-downloader folder."""

    company_folder: str
    form_folder: str
    accession_no: str
    submission: Submission
    path: Path
    primary_document_path: Path | None


def _root(folder: Path) -> Path:
    folder = Path(folder)
    if not folder.is_dir():
        raise DownloaderLayoutError(f"{folder} is not a folder; pass the folder that holds {ROOT_FOLDER}/")
    root = folder if folder.name == ROOT_FOLDER else folder / ROOT_FOLDER
    if not root.is_dir():
        raise DownloaderLayoutError(
            f"{folder} has no {ROOT_FOLDER}/ folder: expected "
            f"{ROOT_FOLDER}/<ticker or CIK>/<form>/<accession>/{FULL_SUBMISSION} (sec-edgar-downloader's layout)"
        )
    return root


def iter_downloader_filings(folder: Path) -> Iterator[DownloadedFiling]:
    """Every filing under `folder` (the download folder or its sec-edgar-filings/), in path order."""
    root = _root(folder)
    for path in sorted(root.glob(f"*/*/*/{FULL_SUBMISSION}")):
        accession_dir = path.parent
        submission = parse_submission(path.read_bytes())
        primary = sorted(accession_dir.glob("primary-document.*"))
        yield DownloadedFiling(
            company_folder=accession_dir.parent.parent.name,
            form_folder=accession_dir.parent.name,
            accession_no=submission.accession_no or accession_dir.name,
            submission=submission,
            path=path,
            primary_document_path=primary[0] if primary else None,
        )


def import_downloader_folder(path: Path) -> Iterator[tuple[Submission, Path]]:
    """(parsed submission, path of its full-submission.txt) for each filing of a downloader folder."""
    for filing in iter_downloader_filings(path):
        yield filing.submission, filing.path


def _split_user_agent(user_agent: str) -> tuple[str, str]:
    value = validate_user_agent(user_agent)
    company, _, email = value.rpartition(" ")
    return company.strip(), email


class _PacedRequests:
    """Stands in for the `requests` module inside sec_edgar_downloader: waits for our limiter first."""

    def __init__(self, real: Any, rate: float) -> None:
        self._real = real
        self._rate = rate

    def get(self, url: str, **kwargs: Any) -> Any:
        limiter_for(urlsplit(url).netloc, self._rate).acquire()
        kwargs.setdefault("timeout", 60)
        return self._real.get(url, **kwargs)


@contextmanager
def patched_downloader(edgar_url: str, data_url: str, rate: float) -> Iterator[None]:
    """Point sec_edgar_downloader at `edgar_url`/`data_url` and our rate limiter; restore on exit."""
    from sec_edgar_downloader import _orchestrator, _sec_gateway

    edgar_url, data_url = edgar_url.rstrip("/"), data_url.rstrip("/")
    with _patch_lock:
        saved = SimpleNamespace(submissions=_orchestrator.URL_SUBMISSIONS, filing=_orchestrator.URL_FILING,
                                mapping=_sec_gateway.URL_CIK_MAPPING, requests=_sec_gateway.requests)
        _orchestrator.URL_SUBMISSIONS = f"{data_url}/submissions/{{submission}}"
        _orchestrator.URL_FILING = f"{edgar_url}/Archives/edgar/data/{{cik}}/{{acc_num_no_dash}}/{{document}}"
        _sec_gateway.URL_CIK_MAPPING = f"{edgar_url}/files/company_tickers_exchange.json"
        _sec_gateway.requests = _PacedRequests(saved.requests, rate)
        try:
            yield
        finally:
            _orchestrator.URL_SUBMISSIONS = saved.submissions
            _orchestrator.URL_FILING = saved.filing
            _sec_gateway.URL_CIK_MAPPING = saved.mapping
            _sec_gateway.requests = saved.requests


def download_company(
    client_settings: EndpointSettings,
    cik: str | int,
    form: str,
    limit: int | None,
    folder: Path,
    after: dt.date | None = None,
    before: dt.date | None = None,
) -> int:
    """Download up to `limit` filings of `form` for `cik` into `folder` with sec-edgar-downloader.

    Uses the settings' User-Agent, base URLs and rate limit; returns the number of filings saved.
    The library skips (and prints) filings it fails to fetch; compare the count with `limit`.
    """
    from sec_edgar_downloader import Downloader

    company, email = _split_user_agent(client_settings.user_agent)
    with patched_downloader(client_settings.edgar_url, client_settings.data_url, client_settings.rate_limit):
        downloader = Downloader(company, email, Path(folder))
        return downloader.get(
            form,
            str(cik).lstrip("0").zfill(10),
            limit=limit,
            after=after or dt.date(1994, 1, 1),
            before=before or dt.date.today(),
            download_details=True,
        )
