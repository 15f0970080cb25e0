"""The serving API under load: `GET /signals?cik=...` (one company, a page of 100) over a PostgreSQL store of at
least 1,000,000 published signals.

Run (from the repository root):
    python -m benchmarks.api [--companies 2000] [--filings-per-company 10] [--signals-per-filing 50]
        [--requests 2000] [--workers 4] [--rounds 3] [--out benchmarks/results]

It creates the scratch database `sec_pipeline_api_bench` on 127.0.0.1:5432 (user postgres; set
SEC_PIPELINE_TEST_POSTGRES for another server), migrates it, seeds it with COPY (companies x filings x signals,
published), records PostgreSQL's EXPLAIN ANALYZE of the API's one-company page query, starts a real
`sec-pipeline serve` (uvicorn) on a free loopback port, and sends `--requests` requests per round from
`--workers` concurrent httpx clients, each for one of a few companies. Per round: p50 and p95 latency and
requests/s; the report gives each round and their medians. Writes api.json and api.md under --out and drops
the database at the end. Target: p95 under 100 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from benchmarks.support.paths import RESULTS
from sec_pipeline.serving.keys import KeyRing
from sec_pipeline.store import Store
from sec_pipeline.store.signals_query import SignalFilter, page_statement

ADMIN_URL = os.environ.get("SEC_PIPELINE_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
DATABASE = "sec_pipeline_api_bench"
TARGET_P95_MS = 100.0
PAGE_SIZE = 100
FIRST_CIK = 100_000
FIRST_DAY = date(2015, 1, 2)
SECTIONS = ("1", "1A", "2", "7", "7A")
FAMILIES = ("tone", "sentiment", "risk_change", "event", "financial")
FORMS = ("10-K", "10-Q", "10-Q", "10-Q", "8-K")
SERVER_START_S = 120
_FILING_COLUMNS = ("accession_no", "cik", "company", "form_type", "filing_date", "period_of_report", "status",
                   "attempts", "accepted_at", "created_at", "updated_at")
_SIGNAL_COLUMNS = ("accession_no", "section", "family", "name", "filing_date", "category", "value", "label",
                   "confidence", "evidence", "evidence_start", "evidence_end", "model", "model_version", "tier",
                   "updated_at", "published_at", "available_at")


def cik_of(company: int) -> str:
    """The CIK of the `company`-th seeded company (as the store keeps it: no leading zeros)."""
    return str(FIRST_CIK + company)


def _filings(companies: int, per_company: int, now: datetime) -> Iterator[tuple[Any, ...]]:
    for company in range(companies):
        cik = cik_of(company)
        for n in range(per_company):
            day = FIRST_DAY + timedelta(days=(company * 7 + n * 91) % 3650)
            yield (f"{int(cik):010d}-{day.year % 100:02d}-{n:06d}", cik, f"Company {cik} Inc", FORMS[n % len(FORMS)],
                   day, day - timedelta(days=30), "extracted", 1, now, now, now)


def _signals(filing: tuple[Any, ...], per_filing: int, now: datetime) -> Iterator[tuple[Any, ...]]:
    accession, day = filing[0], filing[4]
    for j in range(per_filing):
        section, family = SECTIONS[j % len(SECTIONS)], FAMILIES[(j // len(SECTIONS)) % len(FAMILIES)]
        yield (accession, section, family, f"signal_{j}", day, "negative" if j % 3 else "positive",
               (j % 17) / 17, "neutral", 0.9, "Net sales decreased due to lower demand.", 10, 52, "lm", "2024",
               "lexicon", now, now, now)


def seed(conn: Any, *, companies: int, filings_per_company: int, signals_per_filing: int) -> dict[str, int]:
    """COPY `companies` x `filings_per_company` filings and `signals_per_filing` published signals for each
    into the migrated database of the psycopg connection `conn`, then ANALYZE; the row counts written."""
    now = datetime.now(UTC)
    filings = list(_filings(companies, filings_per_company, now))
    with conn.cursor() as cur:
        with cur.copy(f"COPY filings ({', '.join(_FILING_COLUMNS)}) FROM STDIN") as copy:
            for row in filings:
                copy.write_row(row)
        with cur.copy(f"COPY signals ({', '.join(_SIGNAL_COLUMNS)}) FROM STDIN") as copy:
            for filing in filings:
                for row in _signals(filing, signals_per_filing, now):
                    copy.write_row(row)
    conn.commit()
    with conn.cursor() as cur:
        cur.execute("ANALYZE filings")
        cur.execute("ANALYZE signals")
        counts = {table: cur.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608 - fixed names
                  for table in ("filings", "signals")}
    conn.commit()
    return counts


def explain_page_query(store: Store, cik: str) -> list[str]:
    """PostgreSQL's EXPLAIN (ANALYZE, BUFFERS) of the API's first-page query for `cik`, one line per entry."""
    compiled = page_statement(SignalFilter(cik=cik), limit=PAGE_SIZE).compile(dialect=store.engine.dialect)
    with store.engine.connect() as conn:
        rows = conn.exec_driver_sql(f"EXPLAIN (ANALYZE, BUFFERS) {compiled}", compiled.params).all()
    return [row[0] for row in rows]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(database_url: str, home: Path, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    """`sec-pipeline serve` on a free loopback port, once it answers /health; the process and its base URL."""
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "SEC_PIPELINE_HOME": str(home),
           "SEC_PIPELINE_USER_AGENT": "sec-pipeline-benchmark bench@example.com",
           "SEC_PIPELINE_API_RATE": "100000", "SEC_PIPELINE_API_BURST": "100000"}
    with log.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "sec_pipeline.cli", "serve", "--port", str(port)],
                                   env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + SERVER_START_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"sec-pipeline serve exited with {process.returncode}: {log.read_text()[-2000:]}")
        try:
            httpx.get(f"{base}/health", timeout=5)
            return process, base
        except httpx.TransportError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError(f"sec-pipeline serve did not answer on {base} within {SERVER_START_S} s")


def load_round(base: str, secret: str, ciks: list[str], requests: int, workers: int) -> dict[str, float]:
    """`requests` GETs of one company's first page from `workers` threads; p50/p95 ms and requests/s."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def worker(index: int) -> None:
        mine: list[float] = []
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {secret}"}, timeout=30) as client:
            for n in range(index, requests, workers):
                started = time.perf_counter()
                answer = client.get("/signals", params={"cik": ciks[n % len(ciks)], "limit": PAGE_SIZE})
                mine.append((time.perf_counter() - started) * 1000)
                if answer.status_code != 200 or answer.json()["count"] != PAGE_SIZE:
                    errors.append(f"{answer.status_code}: {answer.text[:200]}")
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(workers)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise RuntimeError(f"{len(errors)} of {requests} requests failed; first: {errors[0]}")
    cuts = statistics.quantiles(latencies, n=100)
    return {"requests": requests, "p50_ms": round(cuts[49], 2), "p95_ms": round(cuts[94], 2),
            "requests_per_s": round(requests / elapsed, 1)}


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Create, seed and measure the scratch database; it is dropped whatever happens."""
    import psycopg
    from psycopg import sql
    from sqlalchemy.engine import make_url

    admin = psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=3)
    admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(DATABASE)))
    admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DATABASE)))
    url = make_url(ADMIN_URL).set(database=DATABASE)
    database_url = url.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    try:
        store = Store(database_url)
        store.migrate()
        started = time.perf_counter()
        with psycopg.connect(url.set(drivername="postgresql").render_as_string(hide_password=False)) as conn:
            counts = seed(conn, companies=args.companies, filings_per_company=args.filings_per_company,
                          signals_per_filing=args.signals_per_filing)
        seed_s = time.perf_counter() - started
        ciks = [cik_of(args.companies * k // 5) for k in range(1, 5)]
        plan = explain_page_query(store, ciks[0])
        indexes = sorted(set(re.findall(r"Index (?:Only )?Scan using (\w+)", "\n".join(plan))))
        secret = KeyRing(store.engine).create("api-benchmark", ["read"]).secret
        version = admin.execute("SHOW server_version").fetchone()
        store.dispose()
        with tempfile.TemporaryDirectory() as home:
            process, base = start_server(database_url, Path(home), Path(home) / "serve.log")
            try:
                load_round(base, secret, ciks, min(200, args.requests), args.workers)  # warm-up, not reported
                rounds = [load_round(base, secret, ciks, args.requests, args.workers) for _ in range(args.rounds)]
            finally:
                process.terminate()
                process.wait(30)
        medians = {key: statistics.median(r[key] for r in rounds) for key in ("p50_ms", "p95_ms", "requests_per_s")}
        return {"postgresql": version[0] if version else "?", "rows": counts, "seed_s": round(seed_s, 1),
                "companies_queried": ciks, "page_size": PAGE_SIZE, "workers": args.workers, "rounds": rounds,
                "median": medians, "target_p95_ms": TARGET_P95_MS, "meets_target": medians["p95_ms"] < TARGET_P95_MS,
                "indexes_used": indexes, "explain": plan}
    finally:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(DATABASE)))
        admin.close()


def write_markdown(results: dict[str, Any], path: Path) -> None:
    """The rounds, their medians and the query plan."""
    median = results["median"]
    lines = ["# Serving API: GET /signals for one company", "", f"Command: `{results['command']}`", "",
             f"Machine: {results['machine']}; PostgreSQL {results['postgresql']}", "",
             f"Store: {results['rows']['signals']:,} published signals over {results['rows']['filings']:,} filings "
             f"(seeded with COPY in {results['seed_s']} s). Each request asks one of {results['companies_queried']} "
             f"for a page of {results['page_size']}, from {results['workers']} concurrent httpx clients on loopback "
             "to one `sec-pipeline serve` (uvicorn) process.", "",
             "| round | requests | p50 ms | p95 ms | requests/s |", "|---|---:|---:|---:|---:|"]
    lines += [f"| {i} | {r['requests']} | {r['p50_ms']} | {r['p95_ms']} | {r['requests_per_s']} |"
              for i, r in enumerate(results["rounds"], 1)]
    lines += [f"| median | | {median['p50_ms']} | {median['p95_ms']} | {median['requests_per_s']} |", "",
              f"Target p95 under {results['target_p95_ms']:.0f} ms: {'met' if results['meets_target'] else 'MISSED'}.",
              "", "## Plan of the one-company page query (EXPLAIN ANALYZE, BUFFERS)", "",
              f"Indexes used: {', '.join(results['indexes_used']) or 'none'}.", "", "```",
              *results["explain"], "```", ""]
    path.write_text("\n".join(lines))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", type=int, default=2000)
    parser.add_argument("--filings-per-company", type=int, default=10)
    parser.add_argument("--signals-per-filing", type=int, default=50)
    parser.add_argument("--requests", type=int, default=2000, help="requests per round")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    results = {"command": "python -m benchmarks.api " + " ".join(sys.argv[1:]),
               "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, Python "
                          f"{platform.python_version()}",
               **run(args)}
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "api.json").write_text(json.dumps(results, indent=2) + "\n")
    write_markdown(results, args.out / "api.md")
    print(json.dumps({k: v for k, v in results.items() if k != "explain"}, indent=2))
    print("\n".join(results["explain"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
