"""The alert sensor's cursor never passes events it has not read, when one event type fills its page."""

from __future__ import annotations

import json
from types import SimpleNamespace

import dagster as dg

from sec_pipeline.defs.quality import failure_alerts as alerting
from sec_pipeline.defs.resources import AlertResource


def _record(storage_id: int, event_type: dg.DagsterEventType):
    entry = SimpleNamespace(run_id=f"run-{storage_id}", dagster_event=SimpleNamespace(event_type=event_type))
    return SimpleNamespace(storage_id=storage_id, event_log_entry=entry)


def test_cursor_stops_at_the_last_event_of_a_full_page(monkeypatch):
    checks = [_record(i, dg.DagsterEventType.ASSET_CHECK_EVALUATION) for i in (1, 2, 3, 7, 8)]
    failures = [_record(i, dg.DagsterEventType.RUN_FAILURE) for i in (4, 9)]
    monkeypatch.setattr(alerting, "MAX_EVENTS_PER_TICK", 3)
    monkeypatch.setattr(alerting, "check_failure_alert", lambda record, instance: None)
    monkeypatch.setattr(alerting, "run_failure_alert", lambda record, instance: None)
    read: list[int] = []

    def get_event_records(records_filter, limit, ascending):
        pool = checks if records_filter.event_type == dg.DagsterEventType.ASSET_CHECK_EVALUATION else failures
        page = [r for r in pool if r.storage_id > records_filter.after_cursor][:limit]
        read.extend(r.storage_id for r in page)
        return page

    with dg.instance_for_test() as instance:
        monkeypatch.setattr(instance, "get_event_records", get_event_records)
        cursor, afters = None, []
        for _ in range(3):
            context = dg.build_sensor_context(instance=instance, cursor=cursor,
                                              resources={"alerts": AlertResource(webhook_url="http://127.0.0.1:9/x")})
            alerting.failure_alert_sensor(context)
            cursor = context.cursor
            afters.append(json.loads(cursor)["after"])
    # the first check page is full and ends at 3: run failure 4 (and checks 7, 8) wait for the next tick
    assert afters == [3, 9, 9]
    assert {7, 8} <= set(read)
