"""The alert sensor on the instances we ship: SQLite (deploy/local/dagster.yaml, a run-sharded event log) and
PostgreSQL. One message per failed check or failed run, with its partition; each failure is alerted once."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import dagster as dg
import pytest
from dagster._core.instance.ref import InstanceRef

from sec_pipeline.defs.quality.failure_alerts import failure_alert_sensor
from sec_pipeline.defs.resources import AlertResource

days = dg.DailyPartitionsDefinition(start_date="2024-01-01")


@dg.asset(partitions_def=days, check_specs=[dg.AssetCheckSpec("gate", asset="gated", blocking=True)])
def gated(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
    fail = context.partition_key == "2024-01-02"
    return dg.MaterializeResult(check_results=[
        dg.AssetCheckResult(check_name="gate", passed=not fail, severity=dg.AssetCheckSeverity.ERROR,
                            description="share 50% > allowed 20%" if fail else "ok",
                            metadata={"observed_value": 0.5 if fail else 0.0, "threshold": 0.2})])


@dg.asset(partitions_def=days)
def crashing(context: dg.AssetExecutionContext) -> None:
    if context.partition_key == "2024-01-03":
        raise RuntimeError("the store went away")


@pytest.fixture
def webhook():
    received: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (stdlib name)
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook", received
    server.shutdown()


def _tick(instance, url: str, cursor: str | None) -> tuple[str | None, str]:
    context = dg.build_sensor_context(instance=instance, cursor=cursor,
                                      resources={"alerts": AlertResource(webhook_url=url)})
    result = failure_alert_sensor(context)
    return context.cursor, str(getattr(result, "skip_message", result))


def _run(instance, assets, partition: str) -> bool:
    return dg.materialize(assets, partition_key=partition, instance=instance, raise_on_error=False).success


def test_one_message_per_failed_check_or_run_with_its_partition(dagster_home, webhook):
    url, received = webhook
    with dg.DagsterInstance.from_ref(InstanceRef.from_dir(str(dagster_home))) as instance:
        assert _run(instance, [gated], "2024-01-01")
        assert not _run(instance, [gated], "2024-01-02")  # the blocking gate fails the run
        assert not _run(instance, [crashing], "2024-01-03")
        cursor, said = _tick(instance, url, None)
        assert said == "posted 2 alert(s)", said
        texts = [json.dumps(body) for body in received]
        assert "gated:gate" in texts[0] and "2024-01-02" in texts[0] and "share 50%" in texts[0]
        assert "run failed" in texts[1] and "2024-01-03" in texts[1] and "the store went away" in texts[1]
        cursor, said = _tick(instance, url, cursor)
        assert len(received) == 2 and said.startswith("no new failures"), "each failure is alerted once"
        assert not _run(instance, [crashing], "2024-01-03")
        _cursor, said = _tick(instance, url, cursor)
        assert said == "posted 1 alert(s)" and len(received) == 3 and "2024-01-03" in json.dumps(received[2])


def test_a_webhook_failure_keeps_the_alert_for_the_next_tick(dagster_home, webhook):
    url, received = webhook
    with dg.DagsterInstance.from_ref(InstanceRef.from_dir(str(dagster_home))) as instance:
        assert not _run(instance, [crashing], "2024-01-03")
        cursor, said = _tick(instance, "http://127.0.0.1:9/unreachable", None)
        assert said.startswith("alert webhook failed, will retry")
        _cursor, said = _tick(instance, url, cursor)
        assert said == "posted 1 alert(s)" and len(received) == 1
