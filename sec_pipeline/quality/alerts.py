"""Slack-compatible webhook alerts for failed gates and runs.

The webhook URL is a secret setting (`SEC_PIPELINE_ALERT_WEBHOOK_URL`, read by sec_pipeline.config) and is
never logged: errors show only its scheme and host. 5xx answers and connection errors are retried with exponential backoff;
any other non-2xx answer raises AlertError at once.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

ENV_VAR = "SEC_PIPELINE_ALERT_WEBHOOK_URL"
MAX_FIELD_CHARS = 1900


class AlertError(RuntimeError):
    """The alert could not be delivered; the message carries the redacted URL and the reason."""


@dataclass(frozen=True)
class AlertMessage:
    """One alert: which partition, which check, what was observed against which threshold."""

    partition: str
    check: str
    observed: str
    threshold: str
    severity: str = "ERROR"
    detail: str = ""
    run_id: str = ""

    def text(self) -> str:
        """The one-line fallback text (notifications, clients without blocks)."""
        return (f"[{self.severity}] {self.check} failed for partition {self.partition}: "
                f"observed {self.observed}, threshold {self.threshold}")

    def payload(self) -> dict:
        """The Slack-compatible JSON body: `text` plus header, fields and detail blocks."""
        fields = [("Partition", self.partition), ("Check", self.check), ("Observed", self.observed),
                  ("Threshold", self.threshold), ("Severity", self.severity)]
        if self.run_id:
            fields.append(("Run", self.run_id))
        blocks: list[dict] = [
            {"type": "header", "text": {"type": "plain_text", "text": _cut(f"sec_pipeline: {self.check} failed", 150)}},
            {"type": "section", "fields": [{"type": "mrkdwn", "text": _cut(f"*{name}*\n{value}", 300)}
                                           for name, value in fields]},
        ]
        if self.detail:
            blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": _cut(self.detail, MAX_FIELD_CHARS)}})
        return {"text": self.text(), "blocks": blocks}




def redact_webhook(url: str) -> str:
    """scheme://host/*** : enough to tell which service, never the secret path or token."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname or '?'}{f':{parts.port}' if parts.port else ''}/***"


def post_alert(
    webhook_url: str,
    message: AlertMessage,
    timeout: float = 10,
    *,
    retries: int = 3,
    backoff_s: float = 1.0,
) -> None:
    """POST the message as Slack-compatible JSON; retry 5xx and connection errors; raise AlertError otherwise."""
    if not webhook_url or urlsplit(webhook_url).scheme not in ("http", "https"):
        raise AlertError(f"no usable alert webhook URL: set {ENV_VAR} to the http(s) URL of a Slack-compatible "
                         "incoming webhook")
    shown = redact_webhook(webhook_url)
    last = ""
    for attempt in range(retries + 1):
        try:
            response = httpx.post(webhook_url, json=message.payload(), timeout=timeout)
        except httpx.HTTPError as exc:
            last = f"{type(exc).__name__}"
        else:
            if 200 <= response.status_code < 300:
                return
            last = f"HTTP {response.status_code}: {response.text[:200]}"
            if response.status_code < 500:
                raise AlertError(f"alert webhook {shown} refused the message ({last}); check {ENV_VAR}")
        if attempt < retries:
            time.sleep(backoff_s * 2**attempt)
    raise AlertError(f"alert webhook {shown} failed after {retries + 1} attempts ({last})")


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
