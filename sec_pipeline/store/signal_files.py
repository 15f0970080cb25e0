"""Rows of the signals view written as CSV, JSON Lines or Parquet (the API's and the CLI's encodings)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from sec_pipeline.store.signals_query import COLUMN_NAMES

FILE_FORMATS = ("csv", "jsonl", "parquet")


def _text(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def to_csv(rows: Sequence[dict[str, Any]]) -> str:
    """A header of COLUMN_NAMES, then one line a row (None as empty, dates and times in ISO 8601)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMN_NAMES, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: "" if v is None else _text(v) for k, v in row.items()} for row in rows)
    return buffer.getvalue()


def to_jsonl(rows: Sequence[dict[str, Any]]) -> str:
    """One JSON object a row, keyed by COLUMN_NAMES (dates and times in ISO 8601)."""
    return "".join(json.dumps({k: _text(v) for k, v in row.items()}) + "\n" for row in rows)


def to_parquet(rows: Sequence[dict[str, Any]]) -> bytes:
    """A Parquet file of the rows (columns COLUMN_NAMES, typed as null when there are no rows)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = (pa.Table.from_pylist(list(rows)) if rows
             else pa.table({name: pa.array([], pa.null()) for name in COLUMN_NAMES}))
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    return bytes(buffer.getvalue())
