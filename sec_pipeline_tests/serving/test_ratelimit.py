"""Per-key token buckets: a burst, then a steady rate; one key's traffic never spends another's tokens."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from sec_pipeline.config import ConfigError
from sec_pipeline.serving import create_app
from sec_pipeline.serving.keys import KeyRing
from sec_pipeline.serving.ratelimit import KeyRateLimiter
from sec_pipeline.store import Store
from sec_pipeline_tests.serving.conftest import FakeLauncher, api_config


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_bucket_allows_the_burst_then_the_rate():
    clock = Clock()
    limiter = KeyRateLimiter(rate_per_s=2.0, burst=3, clock=clock)
    assert [limiter.admit(1) for _ in range(3)] == [None, None, None]
    assert limiter.admit(1) == pytest.approx(0.5)
    assert limiter.admit(2) is None, "another key has its own bucket"
    clock.now += 0.5
    assert limiter.admit(1) is None and limiter.admit(1) is not None
    clock.now += 60
    assert [limiter.admit(1) for _ in range(4)].count(None) == 3, "refills up to the burst, no more"


def test_api_answers_429_with_retry_after(tmp_path):
    url = f"sqlite:///{tmp_path / 'api.db'}"
    app = create_app(api_config(tmp_path, url, SEC_PIPELINE_API_RATE="0.01", SEC_PIPELINE_API_BURST="2"),
                     launcher=FakeLauncher())
    store = Store(url)
    secret = KeyRing(store.engine).create("reader", ["read"]).secret
    store.dispose()
    with TestClient(app) as client:
        answers = [client.get("/signals", headers={"Authorization": f"Bearer {secret}"}) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert int(answers[2].headers["retry-after"]) >= 1 and "over its rate limit" in answers[2].text


@pytest.mark.parametrize("variable, value", [("SEC_PIPELINE_API_RATE", "0"), ("SEC_PIPELINE_API_BURST", "-3"),
                                             ("SEC_PIPELINE_API_PORT", "http")])
def test_bad_settings_name_the_variable(tmp_path, variable, value):
    with pytest.raises(ConfigError, match=variable):
        api_config(tmp_path, "sqlite://", **{variable: value})
