"""Store write throughput: bulk upserts vs a row-at-a-time baseline, and a partition's stage + publish.

Run (from the repository root):
    python -m benchmarks.store [--filings 5000] [--baseline 1000] [--signal-filings 500]
        [--signals-per-filing 20] [--out benchmarks/results]

For SQLite (a temporary file) and PostgreSQL (a fresh database on 127.0.0.1:5432, user postgres; set
SEC_PIPELINE_TEST_POSTGRES to use another server; skipped and reported when unreachable), it measures:
  * `upsert_filings` of N new filings (bulk, chunked INSERT ... ON CONFLICT), then the same N again (all
    conflicts: the re-run case), checking the table still holds exactly N rows;
  * the baseline: the same upsert statement issued one row per transaction (what a loop of
    `session.merge(); session.commit()` does), on the first `--baseline` rows;
  * `stage_signals`: `stage_signals_many` called once per filing for M filings x K signals (one replace
    transaction per filing), then `stage_signals_many` of all M at once (one transaction, what the flows do
    per batch), then `publish_signals` of the partition (one transaction), checking counts.
Writes store.json and store.md under --out.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path
from typing import Any

from benchmarks.support.paths import RESULTS
from sec_pipeline.store import Store, schema
from sec_pipeline.store.upsert import upsert_rows

DAY = date(2024, 11, 1)
ADMIN_URL = os.environ.get("SEC_PIPELINE_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")


def filing_rows(n: int) -> list[dict[str, Any]]:
    """N distinct filings of one day with realistic header fields."""
    return [
        {
            "accession_no": f"{1000 + i:010d}-24-{i:06d}", "cik": str(1000 + i), "company": f"Company {i} Inc",
            "form_type": ("10-K", "10-Q", "8-K")[i % 3], "filing_date": DAY, "period_of_report": date(2024, 9, 30),
            "sic": "3571", "fiscal_year_end": "0930", "declared_items": ["2.02", "9.01"] if i % 3 == 2 else None,
            "primary_document": f"doc{i}.htm", "raw_uri": f"file:///blobs/raw/{1000 + i}/doc{i}.htm",
            "sha256": f"{i:064x}", "bytes": 1_000_000 + i, "status": "downloaded", "attempts": 1,
        }
        for i in range(n)
    ]


def signal_rows(k: int) -> list[dict[str, Any]]:
    """K signals of one filing, as extractors return them."""
    return [
        {"section": ("1A", "7", "8")[j % 3], "family": "tone", "name": f"s{j}", "category": "negative",
         "value": j / k, "confidence": 0.9, "evidence": "Net sales decreased due to lower demand.",
         "evidence_start": 10, "evidence_end": 52, "model": "lm", "model_version": "2024", "tier": "lexicon",
         "latency_s": 0.001, "cost_usd": 0.0}
        for j in range(k)
    ]


def timed(fn: Any) -> tuple[float, Any]:
    """Seconds taken by fn() and its result."""
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def measure(store: Store, args: argparse.Namespace) -> dict[str, Any]:
    """All measurements on one migrated store."""
    rows = filing_rows(args.filings)
    first_s, _ = timed(lambda: store.upsert_filings(rows))
    again_s, _ = timed(lambda: store.upsert_filings(rows))
    assert len(store.get_filings(filing_date=DAY)) == args.filings, "re-upsert changed the row count"

    baseline_rows = [{**r, "accession_no": "9" + r["accession_no"][1:]} for r in rows[: args.baseline]]

    def row_at_a_time() -> None:
        for row in baseline_rows:
            with store.engine.begin() as conn:
                upsert_rows(conn, schema.filings, [{**row, "updated_at": schema.utcnow()}])

    baseline_s, _ = timed(row_at_a_time)

    signal_filings = [r["accession_no"] for r in rows[: args.signal_filings]]
    signals = signal_rows(args.signals_per_filing)
    stage_s, _ = timed(lambda: [store.stage_signals_many({acc: signals}) for acc in signal_filings])
    stage_many_s, _ = timed(lambda: store.stage_signals_many({acc: signals for acc in signal_filings}))
    publish_s, published = timed(lambda: store.publish_signals(DAY))
    total_signals = args.signal_filings * args.signals_per_filing
    assert published == total_signals and len(store.get_signals(filing_date=DAY)) == total_signals
    return {
        "filings_bulk_insert": {"rows": args.filings, "seconds": round(first_s, 3),
                                "rows_per_s": round(args.filings / first_s)},
        "filings_bulk_reupsert": {"rows": args.filings, "seconds": round(again_s, 3),
                                  "rows_per_s": round(args.filings / again_s)},
        "filings_row_at_a_time": {"rows": args.baseline, "seconds": round(baseline_s, 3),
                                  "rows_per_s": round(args.baseline / baseline_s)},
        "bulk_speedup_vs_row_at_a_time": round((args.filings / first_s) / (args.baseline / baseline_s), 1),
        "stage_signals": {"filings": args.signal_filings, "rows": total_signals, "seconds": round(stage_s, 3),
                          "rows_per_s": round(total_signals / stage_s)},
        "stage_signals_many": {"filings": args.signal_filings, "rows": total_signals,
                               "seconds": round(stage_many_s, 3), "rows_per_s": round(total_signals / stage_many_s)},
        "publish_signals": {"rows": total_signals, "seconds": round(publish_s, 3),
                            "rows_per_s": round(total_signals / publish_s)},
    }


def run_sqlite(args: argparse.Namespace) -> dict[str, Any]:
    """Measurements on a temporary SQLite file."""
    with tempfile.TemporaryDirectory() as folder:
        store = Store(f"sqlite:///{folder}/bench.db")
        store.migrate()
        try:
            return {"version": sqlite3.sqlite_version, **measure(store, args)}
        finally:
            store.dispose()


def run_postgres(args: argparse.Namespace) -> dict[str, Any]:
    """Measurements on a fresh PostgreSQL database, dropped afterwards."""
    import psycopg
    from psycopg import sql
    from sqlalchemy.engine import make_url

    try:
        admin = psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        return {"skipped": f"PostgreSQL unreachable at {ADMIN_URL.split('@')[-1]}: {exc}"}
    name = f"secp_bench_{uuid.uuid4().hex[:12]}"
    admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        url = make_url(ADMIN_URL).set(drivername="postgresql+psycopg", database=name)
        store = Store(url.render_as_string(hide_password=False))
        store.migrate()
        try:
            version = admin.execute("SHOW server_version").fetchone()
            return {"version": version[0] if version else "?", **measure(store, args)}
        finally:
            store.dispose()
    finally:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        admin.close()


def write_markdown(results: dict[str, Any], path: Path) -> None:
    """A table per backend."""
    lines = ["# Store write throughput", "", f"Command: `{results['command']}`", "",
             f"Machine: {results['machine']}", ""]
    for backend in ("sqlite", "postgresql"):
        data = results[backend]
        lines += [f"## {backend} {data.get('version', '')}", ""]
        if "skipped" in data:
            lines += [f"skipped: {data['skipped']}", ""]
            continue
        lines += ["| operation | rows | seconds | rows/s |", "|---|---:|---:|---:|"]
        for key, value in data.items():
            if isinstance(value, dict):
                lines.append(f"| {key} | {value['rows']} | {value['seconds']} | {value['rows_per_s']} |")
        lines += ["", f"Bulk upsert vs row-at-a-time: {data['bulk_speedup_vs_row_at_a_time']}x", ""]
    path.write_text("\n".join(lines))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--filings", type=int, default=5000)
    parser.add_argument("--baseline", type=int, default=1000)
    parser.add_argument("--signal-filings", type=int, default=500)
    parser.add_argument("--signals-per-filing", type=int, default=20)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    results = {
        "command": "python -m benchmarks.store " + " ".join(sys.argv[1:]),
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, Python "
                   f"{platform.python_version()}",
        "sqlite": run_sqlite(args),
        "postgresql": run_postgres(args),
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "store.json").write_text(json.dumps(results, indent=2) + "\n")
    write_markdown(results, args.out / "store.md")
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
