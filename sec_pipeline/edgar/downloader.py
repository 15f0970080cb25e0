"""Folders written by sec-edgar-downloader, read back as parsed submissions (for `sec-pipeline import`).

The downloader writes `sec-edgar-filings/<ticker or CIK>/<form>/<accession>/full-submission.txt`
(plus `primary-document.*`). `iter_downloader_filings` reads such a tree back as parsed submissions.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sec_pipeline.edgar.sgml import Submission, parse_submission

ROOT_FOLDER = "sec-edgar-filings"
FULL_SUBMISSION = "full-submission.txt"


class DownloaderLayoutError(ValueError):
    """A folder without sec-edgar-downloader's layout; the message shows the expected one."""


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
