"""sec-edgar-downloader against the mirror, reading its folders back, and the import command."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from sec_edgar_downloader import _orchestrator, _sec_gateway

from sec_pipeline.commands import import_dir
from sec_pipeline.config import EdgarSettings, PipelineConfig
from sec_pipeline.edgar.client import EdgarClient
from sec_pipeline.edgar.downloader import (
    DownloaderLayoutError,
    download_company,
    import_downloader_folder,
    iter_downloader_filings,
)
from sec_pipeline.edgar.submissions import company_filings
from sec_pipeline_tests.conftest import TEST_USER_AGENT


def test_download_company_from_mirror(edgar_mirror: str, edgar_client: EdgarClient, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    before = (_orchestrator.URL_SUBMISSIONS, _orchestrator.URL_FILING, _sec_gateway.URL_CIK_MAPPING,
              _sec_gateway.requests)
    settings = EdgarSettings(user_agent=TEST_USER_AGENT, edgar_url=edgar_mirror, data_url=edgar_mirror, rate_limit=10)
    saved = download_company(settings, "1000685", "8-K", limit=2, folder=tmp_path)
    assert saved == 2
    assert (_orchestrator.URL_SUBMISSIONS, _orchestrator.URL_FILING, _sec_gateway.URL_CIK_MAPPING,
            _sec_gateway.requests) == before
    expected = [r.accession_no for r in company_filings(edgar_client, 1000685, forms=["8-K"], limit=2)]
    found = list(iter_downloader_filings(tmp_path))
    assert sorted(f.accession_no for f in found) == sorted(expected)
    for filing in found:
        assert filing.submission.cik == "1000685" and filing.form_folder == "8-K"
        assert filing.primary_document_path is not None
        served = edgar_client.get(f"/Archives/edgar/data/1000685/{filing.accession_no.replace('-', '')}/"
                                  f"{filing.accession_no}.txt")
        assert filing.path.read_bytes() == served
    pairs = list(import_downloader_folder(tmp_path / "sec-edgar-filings"))
    assert [p for _, p in pairs] == [f.path for f in found]

    config = PipelineConfig.from_env({"SEC_PIPELINE_HOME": str(tmp_path / "home")})
    assert import_dir.import_command(argparse.Namespace(dir=tmp_path, list=True), config) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2 and all("\t8-K\t1000685\t" in line for line in out)

    from sec_pipeline.store.store import Store

    assert import_dir.import_command(argparse.Namespace(dir=tmp_path, list=False), config) == 0
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


def test_download_refuses_bad_user_agent(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="SEC_PIPELINE_USER_AGENT"):
        download_company(EdgarSettings(user_agent="nobody"), "320193", "8-K", 1, tmp_path)
