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
    """One RunRequest per filing date for the unseen entries of the configured forms."""
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


def poll_new_filings(
    context: dg.SensorEvaluationContext, edgar: EdgarResource, forms: tuple[str, ...]
) -> dg.SensorResult | dg.SkipReason:
    """Request runs for filings not seen before; the cursor remembers the latest accessions seen."""
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
    valid_keys = set(daily_partitions.get_partition_keys(dynamic_partitions_store=context.instance))
    requests = new_filing_requests(entries, seen, forms, valid_keys)
    new_seen = seen_list + [e.accession_no for e in entries if e.accession_no not in seen]
    cursor = json.dumps({"seen": list(dict.fromkeys(new_seen))[-REMEMBERED_ACCESSIONS:]})
    if not requests:
        context.update_cursor(cursor)
        return dg.SkipReason(f"no new filings of the configured forms among {len(entries)} feed entries")
    return dg.SensorResult(run_requests=requests, cursor=cursor)


def new_filings_sensor(interval_s: int) -> dg.SensorDefinition:
    """The sensor, ticking at most every `interval_s` seconds (SEC_PIPELINE_SENSOR_INTERVAL)."""

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
        return poll_new_filings(context, edgar, tuple(settings.forms))

    return poll


@dg.definitions
def sensors() -> dg.Definitions:
    """The new-filings sensor on the configured interval."""
    return dg.Definitions(sensors=[new_filings_sensor(current_location().config.sensor_interval_s)])
