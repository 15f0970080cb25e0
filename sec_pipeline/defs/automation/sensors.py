"""The new-filings sensor: EDGAR's getcurrent feed -> runs for just the new accessions of a date."""

import hashlib
import json
import time
from collections import defaultdict

import dagster as dg

from sec_pipeline.defs.automation.jobs import daily_filings_job
from sec_pipeline.defs.location import current_location
from sec_pipeline.defs.partitions import daily_partitions
from sec_pipeline.defs.resources import EdgarResource, SettingsResource
from sec_pipeline.defs.selection import selection_run_config

REMEMBERED_ACCESSIONS = 5000
MAX_ENTRIES_PER_FORM = 400
MAX_EVALUATION_SECONDS = 40.0


def feed_forms(forms: tuple[str, ...]) -> list[str]:
    """The getcurrent `type` values to poll: base forms (the feed matches amendments by prefix)."""
    return sorted({form.split("/")[0] for form in forms})


def new_filing_requests(entries, seen: set[str], forms: tuple[str, ...], valid_keys: set[str]) -> list[dg.RunRequest]:
    """One RunRequest per filing date for the unseen entries of the configured forms, oldest date first."""
    wanted = {f.upper() for f in forms}
    by_date: dict[str, list] = defaultdict(list)
    for entry in entries:
        if entry.accession_no in seen or entry.form_type.upper() not in wanted:
            continue
        day = entry.filing_date or entry.updated[:10]
        if day in valid_keys:
            by_date[day].append(entry)
    requests = []
    for day, group in sorted(by_date.items()):
        accessions = sorted({e.accession_no for e in group})
        digest = hashlib.sha256(",".join(accessions).encode()).hexdigest()[:16]
        requests.append(
            dg.RunRequest(
                run_key=f"new-filings:{day}:{digest}",
                partition_key=day,
                run_config=selection_run_config(accessions=accessions),
                tags={"sec_pipeline/trigger": "new_filings_sensor", "sec_pipeline/filings": str(len(accessions))},
            )
        )
    return requests


def requested_accessions(request: dg.RunRequest) -> list[str]:
    """The accessions a new-filings RunRequest selects."""
    return list(request.run_config["ops"]["raw_filings"]["config"]["accessions"])


def poll_new_filings(
    context: dg.SensorEvaluationContext, edgar: EdgarResource, forms: tuple[str, ...], max_runs: int
) -> dg.SensorResult | dg.SkipReason:
    """Request runs (at most `max_runs` per tick) for filings not seen before; the cursor remembers the latest
    accessions seen. The first tick (empty cursor) marks the feed as seen and requests nothing: the sensor
    starts from now (the daily schedule covers whole days). Filings past the cap stay unseen for the next tick."""
    from sec_pipeline.edgar.client import EdgarError
    from sec_pipeline.edgar.feed import current_filings

    seen_list = json.loads(context.cursor)["seen"] if context.cursor else []
    seen = set(seen_list)
    started = time.monotonic()
    entries = []
    try:
        client = edgar.get_client()
        for form in feed_forms(forms):
            if time.monotonic() - started > MAX_EVALUATION_SECONDS:
                context.log.warning(f"feed polling stopped after {MAX_EVALUATION_SECONDS} s; rest next tick")
                break
            entries += current_filings(client, form=form, max_entries=MAX_ENTRIES_PER_FORM)
    except (EdgarError, ValueError, OSError) as exc:
        return dg.SkipReason(f"EDGAR getcurrent feed failed, cursor kept: {type(exc).__name__}: {exc}")

    def cursor_with(accessions: list[str]) -> str:
        return json.dumps({"seen": list(dict.fromkeys(seen_list + accessions))[-REMEMBERED_ACCESSIONS:]})

    unseen = [e.accession_no for e in entries if e.accession_no not in seen]
    if not context.cursor:
        context.update_cursor(cursor_with(unseen))
        return dg.SkipReason(f"first tick: {len(unseen)} filings in the feed marked as seen; runs are requested "
                             "for filings that appear from now on")
    valid_keys = set(daily_partitions.get_partition_keys(dynamic_partitions_store=context.instance))
    requests = new_filing_requests(entries, seen, forms, valid_keys)
    deferred = {a for request in requests[max_runs:] for a in requested_accessions(request)}
    if deferred:
        context.log.info(f"{len(requests)} filing dates are new; {max_runs} requested now, the rest next tick")
    cursor = cursor_with([a for a in unseen if a not in deferred])
    if not requests:
        context.update_cursor(cursor)
        return dg.SkipReason(f"no new filings of the configured forms among {len(entries)} feed entries")
    return dg.SensorResult(run_requests=requests[:max_runs], cursor=cursor)


def new_filings_sensor(interval_s: int, max_runs: int = 10) -> dg.SensorDefinition:
    """The sensor, ticking at most every `interval_s` seconds (SEC_PIPELINE_SENSOR_INTERVAL) and requesting at
    most `max_runs` runs per tick (SEC_PIPELINE_SENSOR_MAX_RUNS)."""

    @dg.sensor(
        name="new_filings_sensor",
        job=daily_filings_job,
        minimum_interval_seconds=interval_s,
        default_status=dg.DefaultSensorStatus.STOPPED,
        description="Polls EDGAR's current-filings feed and runs the day's partition for just the new filings.",
    )
    def poll(
        context: dg.SensorEvaluationContext, edgar: EdgarResource, settings: SettingsResource
    ) -> dg.SensorResult | dg.SkipReason:
        return poll_new_filings(context, edgar, tuple(settings.forms), max_runs)

    return poll


@dg.definitions
def sensors() -> dg.Definitions:
    """The new-filings sensor on the configured interval and cap."""
    config = current_location().config
    return dg.Definitions(sensors=[new_filings_sensor(config.sensor_interval_s, config.sensor_max_runs)])
