"""A page of signals as the client asked for it: JSON (default), CSV or Parquet. CSV and Parquet carry the
next page's cursor in the `X-Next-Cursor` header (absent on the last page)."""

from __future__ import annotations

from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, Response

from sec_pipeline.store.signal_files import to_csv, to_parquet
from sec_pipeline.store.signals_query import SignalPage

FORMATS = ("json", "csv", "parquet")
NEXT_CURSOR_HEADER = "X-Next-Cursor"
PARQUET_MEDIA_TYPE = "application/vnd.apache.parquet"


def render_page(page: SignalPage, fmt: str) -> Response:
    """The page in `fmt` (one of FORMATS)."""
    if fmt == "json":
        return JSONResponse(jsonable_encoder(
            {"signals": page.rows, "count": len(page.rows), "next_cursor": page.next_cursor}))
    headers = {NEXT_CURSOR_HEADER: page.next_cursor} if page.next_cursor else {}
    if fmt == "csv":
        return Response(to_csv(page.rows), media_type="text/csv; charset=utf-8", headers=headers)
    return Response(to_parquet(page.rows), media_type=PARQUET_MEDIA_TYPE, headers=headers)
