"""post_alert against a real local HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from sec_pipeline.quality.alerts import AlertError, AlertMessage, post_alert

MESSAGE = AlertMessage(partition="2024-03-18", check="signals:validation_pass_rate", observed="0.82",
                       threshold=">= 0.90", detail="12 of 66 outcomes failed", run_id="r1")


@pytest.fixture()
def server():
    """A webhook stand-in answering with the queued status codes (then 200), recording bodies."""
    state = {"codes": [], "bodies": [], "paths": []}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            body = self.rfile.read(int(self.headers["Content-Length"]))
            state["bodies"].append(json.loads(body))
            state["paths"].append(self.path)
            code = state["codes"].pop(0) if state["codes"] else 200
            self.send_response(code)
            self.end_headers()
            self.wfile.write(b"ok" if code == 200 else b"nope")

        def log_message(self, *args):
            pass

    httpd = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    state["url"] = f"http://127.0.0.1:{httpd.server_port}/services/T000/B000/SECRETTOKEN"
    yield state
    httpd.shutdown()
    httpd.server_close()


def test_posts_slack_payload_naming_partition_check_observed_threshold(server):
    post_alert(server["url"], MESSAGE)
    (body,) = server["bodies"]
    assert server["paths"] == ["/services/T000/B000/SECRETTOKEN"]
    for value in ("2024-03-18", "signals:validation_pass_rate", "0.82", ">= 0.90"):
        assert value in body["text"]
        assert value in json.dumps(body["blocks"])
    assert body["blocks"][0]["type"] == "header"


def test_retries_5xx_then_succeeds(server):
    server["codes"] = [503, 500]
    post_alert(server["url"], MESSAGE, backoff_s=0.01)
    assert len(server["bodies"]) == 3


def test_gives_up_after_retries_without_leaking_url(server):
    server["codes"] = [502] * 10
    with pytest.raises(AlertError) as err:
        post_alert(server["url"], MESSAGE, retries=2, backoff_s=0.01)
    assert len(server["bodies"]) == 3
    assert "SECRETTOKEN" not in str(err.value) and "HTTP 502" in str(err.value)


def test_4xx_is_not_retried(server):
    server["codes"] = [404]
    with pytest.raises(AlertError, match="refused") as err:
        post_alert(server["url"], MESSAGE, backoff_s=0.01)
    assert len(server["bodies"]) == 1 and "SECRETTOKEN" not in str(err.value)


def test_unreachable_webhook_is_a_clear_error():
    with pytest.raises(AlertError, match="failed after 2 attempts") as err:
        post_alert("http://127.0.0.1:9/hook/SECRET", MESSAGE, timeout=1, retries=1, backoff_s=0.01)
    assert "SECRET" not in str(err.value)


def test_missing_url_says_which_variable():
    with pytest.raises(AlertError, match="SEC_PIPELINE_ALERT_WEBHOOK_URL"):
        post_alert("", MESSAGE)
