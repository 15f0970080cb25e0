"""Schemathesis against the app's own OpenAPI document: requests generated for every operation (valid ones and
ones that break the schema), sent in process through the ASGI transport with the bootstrap admin key (which no generated
DELETE /auth/keys/{id} can revoke) on a seeded SQLite
store, never get a server error the operation does not document (so never a 500; /health documents its 503).

The operations are driven by Hypothesis here rather than by `schemathesis.pytest.from_fixture`, whose lazy
loader does not run under pytest 9.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.core.failures import FailureGroup

from sec_pipeline_tests.serving.conftest import Api

MAX_EXAMPLES = 25  # per operation and generation mode
DEADLINE_MS = 2000
OPERATIONS = {"GET /health", "GET /signals", "GET /filings/{accession}", "POST /filings/process", "GET /runs/{run_id}",
              "POST /auth/keys", "DELETE /auth/keys/{key_id}", "GET /admin/keys"}


def no_undocumented_server_error(ctx: schemathesis.CheckContext, response: schemathesis.Response,
                                 case: schemathesis.Case) -> None:
    """Fails on a 5xx status that the operation does not list among its responses."""
    status = response.status_code
    documented = case.operation.responses.status_codes
    assert status < 500 or str(status) in documented, (
        f"{case.operation.label} answered {status} (documented: {', '.join(documented)}): {response.text[:500]}")


def _modes(operation: schemathesis.APIOperation) -> tuple[GenerationMode, ...]:
    """Valid requests always; invalid ones where the operation takes something to break."""
    takes_input = any(len(part) for part in (operation.path_parameters, operation.query, operation.body))
    return (GenerationMode.POSITIVE, GenerationMode.NEGATIVE) if takes_input else (GenerationMode.POSITIVE,)


def _server_errors(operation: schemathesis.APIOperation, mode: GenerationMode, headers: dict[str, str]) -> str:
    """'' when no generated case of `operation` in `mode` gets an undocumented 5xx; else the failure's report."""

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=MAX_EXAMPLES, deadline=DEADLINE_MS, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    def check(case: schemathesis.Case) -> None:
        case.call_and_validate(headers=headers, checks=[no_undocumented_server_error])

    try:
        check()
    except (AssertionError, FailureGroup) as failure:
        return f"{type(failure).__name__}: {failure}"
    return ""


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_no_operation_answers_a_server_error(api: Api):
    schema = schemathesis.openapi.from_asgi("/openapi.json", api.client.app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.label for op in operations} == OPERATIONS
    failures = {f"{op.label} [{mode.value}]": report for op in operations
                for mode in _modes(op)
                if (report := _server_errors(op, mode, {"Authorization": f"Bearer {api.bootstrap}"}))}
    assert failures == {}
