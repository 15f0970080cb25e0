"""A page of signals as the client asked for it: JSON (default), CSV or Parquet. CSV and Parquet carry the
next page's cursor in the `X-Next-Cursor` header (absent on the last page)."""

from __future__ import annotations

import csv
import io
from typing import Any

from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, Response

from sec_pipeline.store.signals_query import COLUMN_NAMES, SignalPage

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
        return Response(_csv(page.rows), media_type="text/csv; charset=utf-8", headers=headers)
    return Response(_parquet(page.rows), media_type=PARQUET_MEDIA_TYPE, headers=headers)


def _csv(rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMN_NAMES, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: ("" if v is None else v.isoformat() if hasattr(v, "isoformat") else v)
                      for k, v in row.items()} for row in rows)
    return buffer.getvalue()


def _parquet(rows: list[dict[str, Any]]) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pylist(rows) if rows else pa.table({name: pa.array([], pa.null()) for name in COLUMN_NAMES})
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    return buffer.getvalue()
