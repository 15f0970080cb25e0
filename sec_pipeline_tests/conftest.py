"""Shared fixtures: the real EDGAR test tree, a loopback EDGAR mirror over it, and a client of it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.support.paths import shared_edgar_dir
from benchmarks.support.shared_edgar import SharedTree
from sec_pipeline.edgar.client import EdgarClient
from sec_pipeline.edgar.mirror.server import MirrorServer

pytest_plugins = ["sec_pipeline_tests.fixtures_db"]

TEST_USER_AGENT = "sec-pipeline-tests tests@example.com"


@pytest.fixture(autouse=True)
def _never_train_the_full_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests train only tiny models they build (signals/conftest.tiny_training_settings): training the packaged
    MiniLM takes minutes, so a test that would reach it fails at once, naming the setting to give."""

    def refuse() -> str:
        raise AssertionError("a test tried to train the full MiniLM (sentiment or event model): give it a tiny base "
                             "model (SEC_PIPELINE_SENTIMENT_BASE_MODEL, SEC_PIPELINE_EVENT_BASE_MODEL: see "
                             "tiny_training_settings)")

    monkeypatch.setattr("sec_pipeline.signals.training.default_base_model", refuse)
    monkeypatch.setattr("sec_pipeline.signals.event_training.default_base_model", refuse)


@pytest.fixture(scope="session")
def shared_edgar() -> Path:
    """Path to the shared EDGAR test tree (skips the test when it is absent)."""
    path = shared_edgar_dir()
    if not (path / "MANIFEST.tsv").is_file():
        pytest.skip(f"shared EDGAR test data not found at {path}; set SEC_PIPELINE_SHARED_EDGAR")
    return path


@pytest.fixture(scope="session")
def edgar_mirror_server(shared_edgar: Path) -> Iterator[MirrorServer]:
    """A MirrorServer over the shared tree on 127.0.0.1 (use its `.faults` only in your own mirror)."""
    with MirrorServer(SharedTree(shared_edgar), host="127.0.0.1") as server:
        yield server


@pytest.fixture(scope="session")
def edgar_mirror(edgar_mirror_server: MirrorServer) -> str:
    """Base URL of the session's EDGAR mirror (serves both www.sec.gov and data.sec.gov paths)."""
    return edgar_mirror_server.url


@pytest.fixture(scope="session")
def edgar_client(edgar_mirror: str) -> Iterator[EdgarClient]:
    """An EdgarClient against the session mirror (rate 10/s, 0.2 s throttle pause)."""
    with EdgarClient(TEST_USER_AGENT, edgar_url=edgar_mirror, data_url=edgar_mirror, rate_limit=10.0,
                     throttle_pause_s=0.2, backoff_s=0.05, timeout=10.0) as client:
        yield client


@pytest.fixture(scope="session")
def tiny_event_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny BERT the event model fine-tunes in tests instead of MiniLM (tests never train the full model)."""
    from sec_pipeline_tests.signals.conftest import build_tiny_classifier

    return build_tiny_classifier(tmp_path_factory.mktemp("tiny_event_base"))


@pytest.fixture
def event_model_environ(tmp_path: Path, tiny_event_base: Path) -> dict[str, str]:
    """Settings of a fresh install under the test's folder whose event model trains from the tiny BERT."""
    return {"SEC_PIPELINE_HOME": str(tmp_path / "home"), "SEC_PIPELINE_EVENT_BASE_MODEL": str(tiny_event_base),
            "SEC_PIPELINE_EVENT_EPOCHS": "1"}
