"""The failure alert sensor: failed asset checks and failed runs become one webhook message each."""

import json
from typing import Any

import dagster as dg

from sec_pipeline.defs.resources import AlertResource
from sec_pipeline.quality.alerts import AlertMessage, post_alert

MAX_EVENTS_PER_TICK = 200
REMEMBERED_KEYS = 500


def _metadata_value(metadata: dict, *names: str) -> str:
    for name in names:
        if name in metadata:
            value = metadata[name]
            return str(getattr(value, "value", value))
    return "n/a"


def run_partition(instance: dg.DagsterInstance, run_id: str) -> str | None:
    """The partition key a run was launched for, from its tags."""
    run = instance.get_run_by_id(run_id)
    return run.tags.get("dagster/partition") if run else None


def check_failure_alert(record, instance: dg.DagsterInstance) -> tuple[str, AlertMessage] | None:
    """The (dedup key, AlertMessage) of a failed check evaluation record, or None when it passed."""
    evaluation = record.event_log_entry.dagster_event.event_specific_data
    if evaluation.passed:
        return None
    partition = evaluation.partition or run_partition(instance, record.event_log_entry.run_id) or "unpartitioned"
    metadata = dict(evaluation.metadata or {})
    message = AlertMessage(
        partition=partition,
        check=f"{evaluation.asset_key.to_user_string()}:{evaluation.check_name}",
        observed=_metadata_value(metadata, "observed_value", "observed"),
        threshold=_metadata_value(metadata, "threshold"),
        severity=evaluation.severity.value,
        detail=evaluation.description or "",
        run_id=record.event_log_entry.run_id,
    )
    return f"check:{message.check}:{partition}:{record.event_log_entry.run_id}", message


def run_failure_alert(record, instance: dg.DagsterInstance) -> tuple[str, AlertMessage]:
    """The (dedup key, AlertMessage) of a run failure record."""
    run_id = record.event_log_entry.run_id
    run = instance.get_run_by_id(run_id)
    partition = (run.tags.get("dagster/partition") if run else None) or "unpartitioned"
    message = AlertMessage(
        partition=partition,
        check=f"run failed: {run.job_name if run else run_id}",
        observed="FAILURE",
        threshold="SUCCESS",
        severity="ERROR",
        detail=(record.event_log_entry.message or "")[:500],
        run_id=run_id,
    )
    return f"run:{run_id}", message


@dg.sensor(
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.STOPPED,
    description="Posts one Slack-compatible message per failed gate or failed run (SEC_PIPELINE_ALERT_WEBHOOK_URL).",
)
def failure_alert_sensor(context: dg.SensorEvaluationContext, alerts: AlertResource):
    """Read new check evaluations and run failures after the cursor and alert on each failure once."""
    state: dict[str, Any] = json.loads(context.cursor) if context.cursor else {"after": 0, "sent": []}
    if not alerts.webhook_url:
        return dg.SkipReason("SEC_PIPELINE_ALERT_WEBHOOK_URL is not set: no alerts are sent")
    sent = list(state["sent"])
    records: list[dg.EventLogRecord] = []
    horizon = None  # with a full page of one type, events of that type past its last one are still unread
    for event_type in (dg.DagsterEventType.ASSET_CHECK_EVALUATION, dg.DagsterEventType.RUN_FAILURE):
        page = context.instance.get_event_records(
            dg.EventRecordsFilter(event_type=event_type, after_cursor=state["after"]),
            limit=MAX_EVENTS_PER_TICK,
            ascending=True,
        )
        records += page
        if len(page) >= MAX_EVENTS_PER_TICK:
            horizon = min(horizon or page[-1].storage_id, page[-1].storage_id)
    # the cursor must not pass unread events: stop at the horizon, the next tick reads on from there
    records = sorted((r for r in records if horizon is None or r.storage_id <= horizon), key=lambda r: r.storage_id)
    posted = 0
    after = state["after"]
    for record in records:
        event = record.event_log_entry.dagster_event
        if event is not None and event.event_type == dg.DagsterEventType.RUN_FAILURE:
            run_id = record.event_log_entry.run_id
            # a run stopped by a failed gate was already alerted through that check: one alert per failure
            already = any(key.endswith(f":{run_id}") for key in sent)
            alert = None if already else run_failure_alert(record, context.instance)
        else:
            alert = check_failure_alert(record, context.instance)
        if alert is not None and alert[0] not in sent:
            try:
                post_alert(alerts.webhook_url, alert[1])
            except Exception as exc:  # keep the cursor here so the next tick retries this alert
                context.update_cursor(json.dumps({"after": after, "sent": sent[-REMEMBERED_KEYS:]}))
                return dg.SkipReason(f"alert webhook failed, will retry: {type(exc).__name__}: {exc}")
            sent.append(alert[0])
            posted += 1
        after = record.storage_id
    context.update_cursor(json.dumps({"after": after, "sent": sent[-REMEMBERED_KEYS:]}))
    if not posted:
        return dg.SkipReason(f"no new failures ({len(records)} events read)")
    return dg.SkipReason(f"posted {posted} alert(s)")
