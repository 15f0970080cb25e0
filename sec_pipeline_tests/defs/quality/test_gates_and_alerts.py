"""Write-audit-publish: a planted defect fails the right gate, blocks publication and alerts once."""

from __future__ import annotations

import json
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, HTTPServer

import dagster as dg
import pytest

from sec_pipeline.defs.quality.failure_alerts import failure_alert_sensor
from sec_pipeline.defs.resources import AlertResource
from sec_pipeline.store.store import Store
from sec_pipeline_tests.defs.pipeline_helpers import materialize_partition, resources
from sec_pipeline_tests.signals.conftest import build_tiny_classifier

DATE = "2007-08-07"  # three 8-Ks with press releases


@pytest.fixture
def webhook():
    """A local Slack-compatible webhook that records every JSON body posted to it."""
    received: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (stdlib name)
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook", received
    server.shutdown()


def _published(store: Store) -> list[tuple]:
    return sorted((s["accession_no"], s["section"], s["family"], s["name"], s["value"])
                  for s in store.get_signals(filing_date=date.fromisoformat(DATE)))


def _tick(instance, url: str, cursor: str | None):
    context = dg.build_sensor_context(instance=instance, cursor=cursor,
                                      resources={"alerts": AlertResource(webhook_url=url)})
    failure_alert_sensor(context)
    return context.cursor


def test_random_model_fails_accuracy_gate_blocks_publication_and_alerts_once(
    shared_edgar, edgar_mirror, database_url, tmp_path, webhook
):
    url, received = webhook
    gold = str(shared_edgar / "labels/financial-phrasebank/FinancialPhraseBank-v1.0")
    # the good run publishes lexicon sentiment (explicitly configured): no transformer to measure
    good = resources(edgar_mirror, database_url, tmp_path, phrasebank_dir=gold, lexicon_sentiment=True)
    random_model = build_tiny_classifier(tmp_path / "random-model")
    bad = resources(edgar_mirror, database_url, tmp_path, phrasebank_dir=gold, accurate_model=str(random_model),
                    complexity_threshold_high=0.0, lexicon_sentiment=True)
    store = Store(database_url)
    with dg.DagsterInstance.ephemeral() as instance:
        assert materialize_partition(DATE, good, instance).success
        published = _published(store)
        assert published
        cursor = _tick(instance, url, None)
        assert received == []

        failed = materialize_partition(DATE, bad, instance)
        assert not failed.success
        gates = {e.asset_check_key.name: e for e in failed.get_asset_check_evaluations()}
        assert not gates["extraction_accuracy"].passed
        assert "accuracy" in gates["extraction_accuracy"].description
        assert not failed.asset_materializations_for_node("published_signals")
        assert _published(store) == published, "a failed gate leaves the published state untouched"
        tiers = {s["tier"] for s in store.get_staged_signals(filing_date=DATE) if s["family"] == "sentiment"}
        assert "accurate" in tiers

        cursor = _tick(instance, url, cursor)
        assert len(received) == 1, received
        text = json.dumps(received[0])
        assert DATE in text and "extraction_accuracy" in text and "0.95" in text
        _tick(instance, url, cursor)
        assert len(received) == 1, "each failure is alerted once"

        fixed = materialize_partition(DATE, good, instance)
        assert fixed.success
        assert fixed.asset_materializations_for_node("published_signals")
        assert _published(store) == published
    store.dispose()
