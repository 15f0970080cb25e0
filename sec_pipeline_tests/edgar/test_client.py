"""EdgarClient against the loopback mirror: User-Agent, routing, faults, rate limit, cache."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from benchmarks.support.shared_edgar import SharedTree
from sec_pipeline.edgar.client import (
    EdgarClient,
    EdgarHTTPError,
    NotFound,
    UserAgentError,
    parse_retry_after,
)
from sec_pipeline.edgar.mirror.faults import Fault, Faults
from sec_pipeline.edgar.mirror.server import MirrorServer
from sec_pipeline.edgar.ratelimit import limiter_for, reset_limiters
from sec_pipeline_tests.conftest import TEST_USER_AGENT

DOC = "/Archives/edgar/data/1000685/000100068597000006/0001000685-97-000006.txt"


@pytest.fixture
def mirror(shared_edgar: Path) -> Iterator[MirrorServer]:
    reset_limiters()
    with MirrorServer(SharedTree(shared_edgar)) as server:
        yield server


def _client(mirror: MirrorServer, **kwargs: object) -> EdgarClient:
    options: dict[str, object] = {"rate_limit": 10.0, "throttle_pause_s": 0.2, "backoff_s": 0.05, "timeout": 5.0}
    options.update(kwargs)
    return EdgarClient(TEST_USER_AGENT, edgar_url=mirror.url, data_url=mirror.url, **options)  # type: ignore[arg-type]


@pytest.mark.parametrize("agent", ["", "   ", "python-httpx/0.28", "Acme Corp", "admin@acme.com"])
def test_refuses_undeclared_user_agent(agent: str) -> None:
    with pytest.raises(UserAgentError, match="SEC_PIPELINE_USER_AGENT") as info:
        EdgarClient(agent)
    assert isinstance(info.value, ValueError)


def test_routing_and_absolute_urls() -> None:
    client = EdgarClient(TEST_USER_AGENT, edgar_url="http://www.test", data_url="http://data.test/")
    assert client.url_for("/submissions/CIK0000320193.json") == "http://data.test/submissions/CIK0000320193.json"
    assert client.url_for("/api/xbrl/companyfacts/CIK1.json").startswith("http://data.test/api/")
    assert client.url_for("Archives/edgar/data/1/x.txt") == "http://www.test/Archives/edgar/data/1/x.txt"
    assert client.url_for("http://data.test/submissions/x.json") == "http://data.test/submissions/x.json"
    with pytest.raises(ValueError, match="absolute URLs must start with"):
        client.url_for("https://evil.example/Archives/x")
    client.close()


def test_get_and_json(edgar_client: EdgarClient) -> None:
    body = edgar_client.get(DOC)
    assert body.startswith(b"-----BEGIN PRIVACY-ENHANCED MESSAGE-----")
    data = edgar_client.get_json("/submissions/CIK0001000685.json")
    assert "0001000685-97-000006" in data["filings"]["recent"]["accessionNumber"]


def test_not_found_is_not_retried(mirror: MirrorServer) -> None:
    with _client(mirror) as client, pytest.raises(NotFound, match="not found"):
        client.get("/Archives/edgar/data/1/000000000000000000/missing.txt")
    assert client.stats["requests"] == 1 and client.stats["retries"] == 0


@pytest.mark.parametrize(
    ("fault", "min_wait"),
    [
        (Fault("429"), 0.0),
        (Fault("429-retry-after", retry_after="1"), 0.9),
        (Fault("429-retry-after-date", retry_after="2"), 0.9),
        (Fault("403-throttle"), 0.19),
        (Fault("503"), 0.0),
        (Fault("truncate"), 0.0),
        (Fault("slow", delay_s=1.5), 0.5),
    ],
    ids=lambda v: v.kind if isinstance(v, Fault) else str(v),
)
def test_each_fault_recovered_once(mirror: MirrorServer, fault: Fault, min_wait: float) -> None:
    with _client(mirror, timeout=0.5) as client:
        expected = client.get(DOC)
        mirror.faults.reset()
        mirror.faults.script(fault)
        start = time.monotonic()
        body = client.get(DOC)
        elapsed = time.monotonic() - start
    assert body == expected
    seen = mirror.faults.snapshot()
    assert seen.injected == {fault.kind: 1} and mirror.faults.pending() == 0
    assert seen.requests == 2 and client.stats["retries"] == 1
    if fault.kind != "slow":  # a slow answer is still written after the client gave up on it
        assert seen.served_ok == {DOC: 1}
    assert elapsed >= min_wait
    if fault.kind.startswith(("429", "403")):
        assert client.stats["throttled"] == 1


def test_retries_run_out(mirror: MirrorServer) -> None:
    mirror.faults.script("503", "503", "503")
    with _client(mirror, max_retries=2) as client, pytest.raises(EdgarHTTPError, match="gave up after 3"):
        client.get(DOC)
    assert client.stats["requests"] == 3


def test_rate_never_exceeded_by_eight_threads(shared_edgar: Path) -> None:
    reset_limiters()
    faults = Faults(max_rate=10)
    with MirrorServer(SharedTree(shared_edgar), faults=faults) as mirror, _client(mirror, max_retries=0) as client:
        paths = [f"/Archives/edgar/daily-index/2009/QTR{q}/form.2009{m:02d}{d:02d}.idx"
                 for q, m in ((1, 1), (2, 4)) for d in range(1, 29)][:48]
        errors: list[BaseException] = []

        def work(chunk: list[str]) -> None:
            for path in chunk:
                try:
                    client.get(path)
                except NotFound:
                    pass
                except BaseException as exc:  # noqa: BLE001 - reported below
                    errors.append(exc)

        start = time.monotonic()
        threads = [threading.Thread(target=work, args=(paths[i::8],)) for i in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - start
    seen = faults.snapshot()
    assert not errors
    assert seen.requests == 48 and seen.rate_rejected == 0 and seen.max_in_window <= 10
    assert elapsed >= (48 - 10) / 10
    assert seen.user_agents == {TEST_USER_AGENT}


def test_cache_hits(mirror: MirrorServer, tmp_path: Path) -> None:
    with _client(mirror, cache_dir=tmp_path) as client:
        first = client.get(DOC)
        assert client.get(DOC) == first
        client.get("/submissions/CIK0001000685.json")
        client.get("/submissions/CIK0001000685.json")
    assert client.stats["cache_hits"] == 1
    assert mirror.faults.snapshot().by_path[DOC] == 1
    assert (tmp_path / DOC.lstrip("/")).read_bytes() == first
    assert not list(tmp_path.rglob(".part-*"))


def test_one_limiter_per_host_capped_at_ten() -> None:
    reset_limiters()
    fast = EdgarClient(TEST_USER_AGENT, edgar_url="http://h.test", rate_limit=50)
    assert fast.limiter("http://h.test/x").rate == 10
    slow = EdgarClient(TEST_USER_AGENT, edgar_url="http://h.test", rate_limit=4)
    assert slow.limiter("http://h.test/y") is fast.limiter("http://h.test/x")
    assert limiter_for("h.test", 8).rate == 4


def test_parse_retry_after() -> None:
    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after("Thu, 01 Jan 2026 12:00:30 GMT", now) == 30.0
    assert parse_retry_after("garbage") is None and parse_retry_after(None) is None


def test_throttle_pauses_every_thread(mirror: MirrorServer) -> None:
    pause = 0.6
    paths = [f"/submissions/CIK{cik:010d}.json" for cik in (1000685, 320193, 18230, 51253)] * 3
    with _client(mirror, throttle_pause_s=pause) as client:
        client.get(paths[0])
        mirror.faults.reset()
        mirror.faults.script("403-throttle")
        threads = [threading.Thread(target=lambda chunk=paths[i::4]: [client.get(p) for p in chunk]) for i in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    seen = mirror.faults.snapshot()
    assert seen.injected == {"403-throttle": 1} and sum(seen.served_ok.values()) == len(paths)
    throttled_at = seen.arrivals[0][0]
    during_pause = [t for t, _ in seen.arrivals[1:] if t < throttled_at + pause * 0.95]
    assert len(during_pause) <= 3  # only requests already on their way when the block answer came back
    assert client.stats["throttled"] == 1


def _accession_of_doc(body: bytes) -> None:
    from sec_pipeline.edgar.submission_check import check_full_submission

    check_full_submission(body, "0001000685-97-000006")


@pytest.mark.parametrize("kind", ["html-page", "garbage", "cut-gzip"])
def test_a_body_the_validator_rejects_is_retried_and_never_cached(
    mirror: MirrorServer, tmp_path: Path, kind: str
) -> None:
    mirror.faults.script(Fault(kind, path_contains=DOC))
    with _client(mirror, cache_dir=tmp_path) as client:
        body = client.get(DOC, validate=_accession_of_doc)
    assert b"0001000685-97-000006" in body and client.stats["retries"] == 1
    assert (tmp_path / DOC.lstrip("/")).read_bytes() == body
    mirror.faults.script(*[Fault(kind, path_contains=DOC)] * 3)
    (tmp_path / DOC.lstrip("/")).unlink()
    with _client(mirror, cache_dir=tmp_path, max_retries=2) as client, pytest.raises(EdgarHTTPError, match="last error"):
        client.get(DOC, validate=_accession_of_doc)
    assert not (tmp_path / DOC.lstrip("/")).exists(), "a rejected body is never cached"


def test_a_cached_copy_the_validator_rejects_is_dropped_and_fetched_again(mirror: MirrorServer, tmp_path: Path) -> None:
    cached = tmp_path / DOC.lstrip("/")
    cached.parent.mkdir(parents=True)
    cached.write_bytes(b"<html>an error page cached by an older version</html>")
    with _client(mirror, cache_dir=tmp_path) as client:
        body = client.get(DOC, validate=_accession_of_doc)
    assert client.stats["cache_hits"] == 0 and mirror.faults.snapshot().by_path[DOC] == 1
    assert cached.read_bytes() == body
