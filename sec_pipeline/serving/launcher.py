"""The API's one client of Dagster: on-demand processing (the code behind `sec-pipeline process`) on a
background thread against the configured instance, and run status read back from that instance.

Requests run one at a time, in order. Each gets an id at once; its Dagster runs carry the tag
`sec_pipeline/request=<id>`, so `status` finds them after a restart too. A Dagster run id is also accepted.
"""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from sec_pipeline.config import PipelineConfig
from sec_pipeline.serving.runs import FAILURE, QUEUED, RUNNING, SUCCESS, RunStatus

if TYPE_CHECKING:
    import dagster as dg

    from sec_pipeline.defs.operations.instance_probe import DagsterInstanceProbe

REQUEST_TAG = "sec_pipeline/request"


class DagsterLauncher:
    """`serving.runs.Launcher` on the instance of `config` (DAGSTER_HOME, or SEC_PIPELINE_HOME/dagster)."""

    def __init__(self, config: PipelineConfig) -> None:
        from sec_pipeline.defs.operations.instance_probe import DagsterInstanceProbe

        self.config = config
        self._probe = DagsterInstanceProbe(load=self._load_instance)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="on-demand")
        self._states: dict[str, RunStatus] = {}
        self._lock = threading.Lock()

    def _load_instance(self) -> dg.DagsterInstance:
        from sec_pipeline.commands._runtime import dagster_instance

        try:
            return dagster_instance(self.config)
        except SystemExit as exc:  # its message names the setting; a server thread must not exit
            raise RuntimeError(str(exc)) from None

    def probe(self) -> DagsterInstanceProbe:
        """The health report's view of the instance."""
        return self._probe

    def start(self) -> None:
        """Load the instance now (at most INSTANCE_LOAD_TIMEOUT_S), so that /health answers in time."""
        self._probe.preload()

    def launch(self, cik: str, form_type: str, limit: int) -> str:
        """Queue the request; returns its id at once."""
        request_id = uuid.uuid4().hex
        self._set(RunStatus(request_id, QUEUED, f"CIK {cik}, latest {limit} {form_type}"))
        self._pool.submit(self._work, request_id, cik, form_type, limit)
        return request_id

    def _set(self, state: RunStatus) -> None:
        with self._lock:
            self._states[state.id] = state

    def _work(self, request_id: str, cik: str, form_type: str, limit: int) -> None:
        from sec_pipeline.commands.process import process_company

        what = f"CIK {cik}, latest {limit} {form_type}"
        self._set(RunStatus(request_id, RUNNING, what))
        try:
            runs = process_company(self.config, cik, form_type, limit, tags={REQUEST_TAG: request_id},
                                   instance=self._probe.instance)
        except Exception as exc:  # noqa: BLE001 - reported through GET /runs/{id}
            self._set(RunStatus(request_id, FAILURE, f"{what}: {type(exc).__name__}: {exc}"[:500]))
            return
        if not runs:
            self._set(RunStatus(request_id, FAILURE, f"CIK {cik} has no {form_type} filings in its submissions JSON"))
            return
        failed = [run.filing_date for run in runs if not run.success]
        detail = f"{what}: {len(runs) - len(failed)} of {len(runs)} filing dates succeeded"
        self._set(RunStatus(request_id, FAILURE if failed else SUCCESS, detail))

    def status(self, run_id: str) -> RunStatus | None:
        """The request's state with its Dagster runs, or a Dagster run's own status; None when unknown."""
        import dagster as dg

        with self._lock:
            known = self._states.get(run_id)
        instance = self._probe.instance
        runs = [_run_dict(run) for run in instance.get_runs(filters=dg.RunsFilter(tags={REQUEST_TAG: run_id}))]
        if known is not None:
            return RunStatus(known.id, known.status, known.detail, runs)
        if runs:  # a request of an earlier server process
            statuses = {run["status"] for run in runs}
            overall = FAILURE if statuses & {"failure", "canceled"} else SUCCESS if statuses == {"success"} else RUNNING
            return RunStatus(run_id, overall, "", runs)
        run = instance.get_run_by_id(run_id)
        if run is None:
            return None
        return RunStatus(run_id, run.status.value.lower(), "", [_run_dict(run)])

    def close(self) -> None:
        """Accept no more requests (the one in progress finishes on its thread)."""
        self._pool.shutdown(wait=False)


def _run_dict(run: Any) -> dict[str, Any]:
    return {"run_id": run.run_id, "status": run.status.value.lower(),
            "filing_date": run.tags.get("dagster/partition"), "job": run.job_name}
