"""The signals API: `create_app(config)` builds the FastAPI application (OpenAPI at /openapi.json, docs at
/docs). Dagster is reached only through the launcher (`serving.launcher`, or one passed in by a test).

Scopes: `read` for signals and filings, `process` for on-demand processing and its runs, `admin` for keys
(an admin key may do everything). `/health`, `/docs` and `/openapi.json` need no key.
"""

# No `from __future__ import annotations` here: FastAPI reads the endpoints' annotations, which name the
# scope dependencies local to create_app, so they must be evaluated where they are written.
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Path, Query, Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse

from sec_pipeline.config import PipelineConfig
from sec_pipeline.factories import blob_store, open_store
from sec_pipeline.operations.health import Status, run_checks, runbook_checks
from sec_pipeline.serving import formats
from sec_pipeline.serving.auth import Authenticator
from sec_pipeline.serving.keys import KeyInfo, KeyRing
from sec_pipeline.serving.models import (
    CIK_SCHEMA,
    CreatedKeyBody,
    FilingBody,
    HealthBody,
    KeyBody,
    KeyCreateRequest,
    KeyList,
    ProcessAccepted,
    ProcessRequest,
    RunStatusBody,
    SignalPageBody,
    checked_cik,
)
from sec_pipeline.serving.ratelimit import KeyRateLimiter
from sec_pipeline.serving.runs import Launcher
from sec_pipeline.store.signals_query import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    QueryError,
    SignalFilter,
    filing_detail,
    query_signals,
)
from sec_pipeline.vocabulary import SIGNAL_FAMILIES, form_family, normalize_form

log = logging.getLogger("sec_pipeline.serving")
ACCESSION_PATTERN = r"^\d{10}-\d{2}-\d{6}$"
RUN_ID_PATTERN = r"^[0-9a-f-]{8,64}$"


def _dagster_launcher(config: PipelineConfig) -> Launcher:
    from sec_pipeline.serving.launcher import DagsterLauncher

    return DagsterLauncher(config)


def create_app(config: PipelineConfig, *, launcher: Launcher | None = None) -> FastAPI:
    """The API over the app database of `config` (migrated here), launching runs through `launcher`
    (default: the Dagster instance of `config`)."""
    blobs = blob_store(config.blobs)
    store = open_store(config.database_url, blobs)
    engine = store.engine
    runner = launcher if launcher is not None else _dagster_launcher(config)
    keys = KeyRing(engine, bootstrap_admin_key=config.serving.admin_key)
    auth = Authenticator(keys, KeyRateLimiter(config.serving.rate_per_key, config.serving.burst_per_key))

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        runner.start()
        try:
            yield
        finally:
            runner.close()
            store.dispose()

    app = FastAPI(title="sec_pipeline signals API", version="1", lifespan=lifespan,
                  description="Published SEC filing signals, on-demand processing and API keys.")
    reader = Annotated[KeyInfo, Depends(auth.require("read"))]
    processor = Annotated[KeyInfo, Depends(auth.require("process"))]
    admin = Annotated[KeyInfo, Depends(auth.require("admin"))]

    @app.middleware("http")
    async def log_request(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        started = time.perf_counter()
        response = await call_next(request)
        log.info("api_request method=%s path=%s status=%d key_id=%s client=%s ms=%.1f", request.method,
                 request.url.path, response.status_code, getattr(request.state, "key_id", "-"),
                 request.client.host if request.client else "-", (time.perf_counter() - started) * 1000)
        return response

    @app.get("/health", response_model=HealthBody, responses={503: {"model": HealthBody}})
    def health() -> JSONResponse:
        """The runbook's checks (EDGAR left out: probes call this often); 503 when any is critical."""
        report = run_checks(runbook_checks(engine=engine, blobs=blobs, probe=runner.probe(), data_dir=config.home,
                                           now=datetime.now(UTC), edgar_url=None))
        status = 503 if report.status is Status.CRITICAL else 200
        return JSONResponse(jsonable_encoder(report.as_dict()), status_code=status)

    @app.get("/signals", response_model=SignalPageBody, responses={
        200: {"content": {"text/csv": {}, formats.PARQUET_MEDIA_TYPE: {}}}})
    def signals(
        _key: reader,
        cik: Annotated[str | None, Query(max_length=10, description="company CIK",
                                         json_schema_extra=CIK_SCHEMA)] = None,
        ticker: Annotated[str | None, Query(max_length=16, pattern="^[A-Za-z0-9.-]+$",
                                            description="company ticker, e.g. AMD")] = None,
        form: Annotated[str | None, Query(max_length=16, description="form type, e.g. 10-K")] = None,
        family: Annotated[str | None, Query(description=f"one of {', '.join(SIGNAL_FAMILIES)}",
                                            json_schema_extra={"enum": list(SIGNAL_FAMILIES)})] = None,
        name: Annotated[str | None, Query(max_length=128, description="signal name")] = None,
        since: Annotated[date | None, Query(description="first filing date")] = None,
        until: Annotated[date | None, Query(description="last filing date")] = None,
        as_of: Annotated[datetime | None, Query(
            description="ISO 8601 time with zone, e.g. 2004-02-11T14:30:00Z: only what was accepted and published "
                        "by then, in the version current then")] = None,
        cursor: Annotated[str | None, Query(max_length=512, description="next_cursor of the previous page")] = None,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = DEFAULT_PAGE_SIZE,
        format: Annotated[str, Query(pattern="^(json|csv|parquet)$")] = "json",
    ) -> Response:
        """Published signals with their filings, filtered, one page at a time (JSON, CSV or Parquet)."""
        try:
            filters = SignalFilter(cik=None if cik is None else checked_cik(cik), ticker=ticker,
                                   form_type=None if form is None else _checked_form(form),
                                   family=None if family is None else _checked_family(family),
                                   name=name, since=since, until=until, as_of=as_of)
            page = query_signals(engine, filters, cursor=cursor, limit=limit)
        except ValueError as exc:  # QueryError included
            raise HTTPException(422, str(exc)) from None
        return formats.render_page(page, format)

    @app.get("/filings/{accession}", response_model=FilingBody)
    def filing(_key: reader, accession: Annotated[str, Path(pattern=ACCESSION_PATTERN,
                                                             examples=["0000002488-23-000047"])]) -> JSONResponse:
        """The filing, its sections (titles, offsets, sizes, confidence) and its published signals."""
        detail = filing_detail(engine, accession)
        if detail is None:
            raise HTTPException(404, f"filing {accession} is not in the store; process its company first")
        return JSONResponse(jsonable_encoder(detail))

    @app.post("/filings/process", status_code=202, response_model=ProcessAccepted)
    def process(key: processor, body: ProcessRequest) -> ProcessAccepted:
        """Queue processing of the company's latest filings of the form; follow it at /runs/{run_id}."""
        run_id = runner.launch(body.cik, body.form_type, body.limit)
        log.info("process_queued run_id=%s cik=%s form=%s limit=%d key_id=%s", run_id, body.cik, body.form_type,
                 body.limit, key.id)
        return ProcessAccepted(run_id=run_id, status_url=f"/runs/{run_id}")

    @app.get("/runs/{run_id}", response_model=RunStatusBody)
    def run_status(_key: processor, run_id: Annotated[str, Path(pattern=RUN_ID_PATTERN)]) -> JSONResponse:
        """Where an on-demand request (or a Dagster run) stands."""
        status = runner.status(run_id)
        if status is None:
            raise HTTPException(404, f"run {run_id} is unknown; use the run_id POST /filings/process returned")
        return JSONResponse(jsonable_encoder(status.as_dict()))

    @app.post("/auth/keys", status_code=201, response_model=CreatedKeyBody)
    def create_key(key: admin, body: KeyCreateRequest) -> JSONResponse:
        """A new key; its secret is in this answer only."""
        created = keys.create(body.name, body.scopes)
        log.info("key_created id=%d name=%r scopes=%s by_key_id=%d", created.info.id, created.info.name,
                 ",".join(created.info.scopes), key.id)
        return JSONResponse(jsonable_encoder({**created.info.as_dict(), "secret": created.secret}), status_code=201)

    @app.delete("/auth/keys/{key_id}", response_model=KeyBody)
    def revoke_key(key: admin, key_id: Annotated[int, Path(ge=1, le=2**31 - 1)]) -> JSONResponse:
        """Revoke the key at once."""
        revoked = keys.revoke(key_id)
        if revoked is None:
            raise HTTPException(404, f"key {key_id} does not exist; GET /admin/keys lists them")
        log.info("key_revoked id=%d by_key_id=%d", key_id, key.id)
        return JSONResponse(jsonable_encoder(revoked.as_dict()))

    @app.get("/admin/keys", response_model=KeyList)
    def list_keys(_key: admin) -> JSONResponse:
        """Every key: id, name, scopes, prefix, created, last used, revoked; never a secret."""
        return JSONResponse(jsonable_encoder({"keys": [k.as_dict() for k in keys.list()]}))

    return app


def _checked_form(value: str) -> str:
    form = normalize_form(value)
    form_family(form)  # ValueError naming the form when it is of no family
    return form


def _checked_family(value: str) -> str:
    if value not in SIGNAL_FAMILIES:
        raise QueryError(f"family {value[:20]!r} is unknown; use one of {', '.join(SIGNAL_FAMILIES)}")
    return value
