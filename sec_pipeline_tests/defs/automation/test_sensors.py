"""The new-filings sensor against the mirror: it starts from now, requests new filings once and at most its cap per
tick, and skips a failing EDGAR with its cause."""

from __future__ import annotations

import json

import dagster as dg
import pytest

from sec_pipeline.defs.automation.sensors import new_filings_sensor
from sec_pipeline.defs.resources import EdgarResource, SettingsResource
from sec_pipeline_tests.defs.pipeline_helpers import TEST_USER_AGENT

SENSOR = new_filings_sensor(interval_s=300)


@pytest.fixture
def edgar_resource(edgar_mirror):
    return EdgarResource(user_agent=TEST_USER_AGENT, edgar_url=edgar_mirror, data_url=edgar_mirror,
                         rate_limit=10.0, throttle_pause_s=0.2)


def _tick(instance, edgar_resource, cursor, sensor=SENSOR):
    context = dg.build_sensor_context(instance=instance, cursor=cursor, resources={
        "edgar": edgar_resource, "settings": SettingsResource(forms=["8-K", "10-K", "10-Q"])})
    result = sensor(context)
    if isinstance(result, dg.SkipReason):
        return [], context.cursor, result
    return result.run_requests, result.cursor, None


def _accessions(request: dg.RunRequest) -> list[str]:
    return request.run_config["ops"]["raw_filings"]["config"]["accessions"]


def test_the_first_tick_starts_from_now_and_later_ticks_request_only_new_filings(edgar_resource):
    with dg.DagsterInstance.ephemeral() as instance:
        requests, cursor, skip = _tick(instance, edgar_resource, None)
        assert requests == [] and skip.skip_message.startswith("first tick: ")
        seen = json.loads(cursor)["seen"]
        assert seen, "the mirror's feed announces held filings; all of them are seen now"

        again, _, skip = _tick(instance, edgar_resource, cursor)
        assert again == [] and "no new filings" in skip.skip_message

        # forget two accessions: only those are requested
        forgotten = sorted(seen)[:2]
        partial = json.dumps({"seen": [a for a in seen if a not in forgotten]})
        requests, _, _ = _tick(instance, edgar_resource, partial)
        assert sorted(a for r in requests for a in _accessions(r)) == forgotten
        keys = [r.partition_key for r in requests]
        assert len(keys) == len(set(keys)), "one run per filing date"
        for request in requests:
            assert request.run_key.startswith(f"new-filings:{request.partition_key}:")
            assert request.run_config["ops"]["parsed_sections"]["config"]["accessions"] == _accessions(request)


def test_run_requests_per_tick_are_capped_and_the_rest_come_next_tick(edgar_resource):
    sensor = new_filings_sensor(interval_s=300, max_runs=3)
    with dg.DagsterInstance.ephemeral() as instance:
        _, everything, _ = _tick(instance, edgar_resource, None)
        all_seen = set(json.loads(everything)["seen"])
        forgotten = set(sorted(all_seen)[::3][:12])  # a bounded sample, spread over the feed's dates
        cursor, ticks, requested = json.dumps({"seen": sorted(all_seen - forgotten)}), [], []
        for _ in range(len(forgotten) + 1):  # bounded: each tick requests at least one run or ends the loop
            requests, cursor, _ = _tick(instance, edgar_resource, cursor, sensor)
            if not requests:
                break
            ticks.append(len(requests))
            requested += [a for r in requests for a in _accessions(r)]
        assert len(ticks) > 1 and max(ticks) == 3, ticks
        assert len(requested) == len(set(requested)), "no filing is requested twice"
        assert set(requested) == forgotten and set(json.loads(cursor)["seen"]) == all_seen


def test_sensor_skips_with_the_cause_when_edgar_fails():
    broken = EdgarResource(user_agent=TEST_USER_AGENT, edgar_url="http://127.0.0.1:9", data_url="http://127.0.0.1:9",
                           rate_limit=10.0, throttle_pause_s=0.1, max_retries=1)
    with dg.DagsterInstance.ephemeral() as instance:
        context = dg.build_sensor_context(instance=instance, cursor=None,
                                          resources={"edgar": broken, "settings": SettingsResource()})
        result = SENSOR(context)
    assert isinstance(result, dg.SkipReason)
    assert "getcurrent feed failed" in result.skip_message
    assert context.cursor is None
