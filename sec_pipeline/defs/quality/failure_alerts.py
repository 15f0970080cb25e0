"""The failure alert sensor: failed asset checks and failed runs become one webhook message each."""

import json
from datetime import datetime, timedelta
from typing import Any

import dagster as dg

from sec_pipeline.defs.resources import AlertResource
from sec_pipeline.quality.alerts import AlertMessage, post_alert

MAX_RUNS_PER_TICK = 100
REMEMBERED_KEYS = 500
OVERLAP = timedelta(seconds=5)  # runs updated this close to the cursor are read again (and skipped when done)
ALERT_EVENTS = {dg.DagsterEventType.ASSET_CHECK_EVALUATION, dg.DagsterEventType.RUN_FAILURE,
                dg.DagsterEventType.STEP_FAILURE}
FINISHED_STATUSES = [dg.DagsterRunStatus.SUCCESS, dg.DagsterRunStatus.FAILURE, dg.DagsterRunStatus.CANCELED]


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


def run_failure_alert(record, instance: dg.DagsterInstance, cause: str = "") -> tuple[str, AlertMessage]:
    """The (dedup key, AlertMessage) of a run failure record; `cause` is the first failed step's error."""
    run_id = record.event_log_entry.run_id
    run = instance.get_run_by_id(run_id)
    partition = (run.tags.get("dagster/partition") if run else None) or "unpartitioned"
    message = AlertMessage(
        partition=partition,
        check=f"run failed: {run.job_name if run else run_id}",
        observed="FAILURE",
        threshold="SUCCESS",
        severity="ERROR",
        detail=" ".join(part for part in (record.event_log_entry.message or "", cause) if part)[:500],
        run_id=run_id,
    )
    return f"run:{run_id}", message


def _finished_runs(instance: dg.DagsterInstance, updated_after: datetime | None, skip: set[str]) -> list:
    """Finished runs updated after `updated_after` (less the overlap), oldest first, without those in `skip`."""
    since = updated_after - OVERLAP if updated_after else None
    records = instance.get_run_records(
        filters=dg.RunsFilter(statuses=FINISHED_STATUSES, updated_after=since),
        limit=MAX_RUNS_PER_TICK + len(skip), order_by="update_timestamp", ascending=True,
    )
    return [r for r in records if r.dagster_run.run_id not in skip][:MAX_RUNS_PER_TICK]


def _innermost(error) -> str:
    """The first line of the innermost cause of a step's SerializableErrorInfo (the user's own exception)."""
    while error.cause is not None:
        error = error.cause
    return error.message.strip().splitlines()[0] if error.message.strip() else error.cls_name


def run_alerts(instance: dg.DagsterInstance, run_id: str) -> list[tuple[str, AlertMessage]]:
    """The alerts of one finished run: one per failed check, and one for the run's failure unless a failed ERROR
    check (a gate, which is what stopped the run) was alerted already."""
    records = instance.get_records_for_run(run_id, of_type=ALERT_EVENTS).records
    by_type: dict[dg.DagsterEventType, list] = {kind: [] for kind in ALERT_EVENTS}
    for record in records:
        event = record.event_log_entry.dagster_event
        if event is not None:
            by_type[event.event_type].append(record)
    alerts = [alert for record in by_type[dg.DagsterEventType.ASSET_CHECK_EVALUATION]
              if (alert := check_failure_alert(record, instance)) is not None]
    if by_type[dg.DagsterEventType.RUN_FAILURE] and not any(message.severity == "ERROR" for _, message in alerts):
        errors = [record.event_log_entry.dagster_event.event_specific_data.error
                  for record in by_type[dg.DagsterEventType.STEP_FAILURE]]
        cause = next((_innermost(error) for error in errors if error is not None), "")
        alerts.append(run_failure_alert(by_type[dg.DagsterEventType.RUN_FAILURE][0], instance, cause))
    return alerts


@dg.sensor(
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.STOPPED,
    description="Posts one Slack-compatible message per failed gate or failed run (SEC_PIPELINE_ALERT_WEBHOOK_URL).",
)
def failure_alert_sensor(context: dg.SensorEvaluationContext, alerts: AlertResource):
    """Read the runs finished since the cursor, run by run (every event log storage answers that, the run-sharded
    SQLite one included), and alert on each failed check or failed run once."""
    state: dict[str, Any] = json.loads(context.cursor) if context.cursor else {}
    if not alerts.webhook_url:
        return dg.SkipReason("SEC_PIPELINE_ALERT_WEBHOOK_URL is not set: no alerts are sent")
    updated_after = datetime.fromisoformat(state["updated_after"]) if state.get("updated_after") else None
    done: dict[str, str] = dict(state.get("done", {}))  # run id -> update time, within the overlap window
    sent: list[str] = list(state.get("sent", []))
    posted = 0
    runs = _finished_runs(context.instance, updated_after, set(done))

    def save() -> None:
        horizon = updated_after - OVERLAP if updated_after else None
        kept = {run_id: at for run_id, at in done.items() if horizon is None or datetime.fromisoformat(at) >= horizon}
        context.update_cursor(json.dumps({"updated_after": updated_after.isoformat() if updated_after else None,
                                          "done": kept, "sent": sent[-REMEMBERED_KEYS:]}))

    for record in runs:
        run_id = record.dagster_run.run_id
        for key, message in run_alerts(context.instance, run_id):
            if key in sent:
                continue
            try:
                post_alert(alerts.webhook_url, message)
            except Exception as exc:  # keep the cursor before this run so the next tick retries its alerts
                save()
                return dg.SkipReason(f"alert webhook failed, will retry: {type(exc).__name__}: {exc}")
            sent.append(key)
            posted += 1
        updated_after = max(updated_after or record.update_timestamp, record.update_timestamp)
        done[run_id] = record.update_timestamp.isoformat()
    save()
    if not posted:
        return dg.SkipReason(f"no new failures ({len(runs)} finished runs read)")
    return dg.SkipReason(f"posted {posted} alert(s)")
