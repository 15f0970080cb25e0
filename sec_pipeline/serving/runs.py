"""What the API needs from the Dagster side, as a protocol without Dagster types: launch on-demand processing,
read a run's status, and probe the instance for the health report."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from sec_pipeline.operations.probe import InstanceProbe

QUEUED, RUNNING, SUCCESS, FAILURE = "queued", "running", "success", "failure"


@dataclass(frozen=True)
class RunStatus:
    """An on-demand request (or a Dagster run) and where it stands; `runs` are its Dagster runs."""

    id: str
    status: str
    detail: str = ""
    runs: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of `GET /runs/{id}`."""
        return {"id": self.id, "status": self.status, "detail": self.detail, "runs": self.runs}


class Launcher(Protocol):
    """Starts and follows on-demand processing on the Dagster instance."""

    def launch(self, cik: str, form_type: str, limit: int) -> str:
        """Queue processing of the company's latest `limit` filings of `form_type`; returns the request's id."""
        ...

    def status(self, run_id: str) -> RunStatus | None:
        """The request's (or Dagster run's) status; None when the id is unknown."""
        ...

    def probe(self) -> InstanceProbe:
        """The instance probe of the health report."""
        ...

    def start(self) -> None:
        """Load what the first request would otherwise wait for (called once, when the server starts)."""
        ...

    def close(self) -> None:
        """Stop accepting work; a request in progress finishes in the background."""
        ...
