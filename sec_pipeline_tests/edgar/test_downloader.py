"""`sec-pipeline import` on folders written by the real sec-edgar-downloader (run against the mirror)."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from sec_edgar_downloader import Downloader, _orchestrator, _sec_gateway

from sec_pipeline.commands import import_dir
from sec_pipeline.config import PipelineConfig
from sec_pipeline.edgar import downloader, submission_check
from sec_pipeline.edgar.client import EdgarClient
from sec_pipeline.edgar.downloader import DownloaderLayoutError, iter_downloader_filings
from sec_pipeline.edgar.submissions import company_filings
from sec_pipeline.store.store import Store


@pytest.fixture
def downloaded(edgar_mirror: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with two 8-Ks of CIK 1000685, downloaded by sec-edgar-downloader from the mirror."""
    monkeypatch.setattr(_orchestrator, "URL_SUBMISSIONS", f"{edgar_mirror}/submissions/{{submission}}")
    monkeypatch.setattr(_orchestrator, "URL_FILING",
                        f"{edgar_mirror}/Archives/edgar/data/{{cik}}/{{acc_num_no_dash}}/{{document}}")
    monkeypatch.setattr(_sec_gateway, "URL_CIK_MAPPING", f"{edgar_mirror}/files/company_tickers_exchange.json")
    folder = tmp_path / "download"
    assert Downloader("sec-pipeline-tests", "tests@example.com", folder).get(
        "8-K", "0001000685", limit=2, download_details=True) == 2
    return folder


def test_import_reads_what_the_downloader_wrote(downloaded: Path, edgar_client: EdgarClient, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    expected = [r.accession_no for r in company_filings(edgar_client, 1000685, forms=["8-K"], limit=2)]
    found = list(iter_downloader_filings(downloaded))
    assert sorted(f.accession_no for f in found) == sorted(expected)
    assert [f.path for f in iter_downloader_filings(downloaded / "sec-edgar-filings")] == [f.path for f in found]
    for filing in found:
        assert filing.submission.cik == "1000685" and filing.form_folder == "8-K"
        assert filing.primary_document_path is not None
        served = edgar_client.get(f"/Archives/edgar/data/1000685/{filing.accession_no.replace('-', '')}/"
                                  f"{filing.accession_no}.txt")
        assert filing.path.read_bytes() == served

    config = PipelineConfig.from_env({"SEC_PIPELINE_HOME": str(tmp_path / "home")})
    assert import_dir.import_command(argparse.Namespace(dir=downloaded, list=True), config) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2 and all("\t8-K\t1000685\t" in line for line in out)

    parses: list[int] = []
    counted = downloader.parse_submission
    monkeypatch.setattr(downloader, "parse_submission", lambda raw: parses.append(1) or counted(raw))
    monkeypatch.setattr(submission_check, "parse_submission", lambda raw: parses.append(1) or counted(raw))
    assert import_dir.import_command(argparse.Namespace(dir=downloaded, list=False), config) == 0
    assert len(parses) == 2  # each submission is parsed once: the checks run on the listing's parse
    store = Store(f"sqlite:///{tmp_path / 'home' / 'sec_pipeline.db'}")
    stored = store.get_filings()
    assert sorted(f["accession_no"] for f in stored) == sorted(expected)
    assert {f["status"] for f in stored} == {"downloaded"} and all(f["raw_uri"] for f in stored)
    store.dispose()


def test_layout_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(DownloaderLayoutError, match="sec-edgar-filings/<ticker or CIK>"):
        list(iter_downloader_filings(tmp_path))
    with pytest.raises(DownloaderLayoutError, match="not a folder"):
        list(iter_downloader_filings(tmp_path / "missing"))
    config = PipelineConfig.from_env({"SEC_PIPELINE_HOME": str(tmp_path / "home")})
    assert import_dir.import_command(argparse.Namespace(dir=tmp_path, list=True), config) == 2
    assert "sec-edgar-downloader's layout" in capsys.readouterr().err
