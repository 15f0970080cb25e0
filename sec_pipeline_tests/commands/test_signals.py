"""`sec-pipeline signals`: the GET /signals query on the command line, as a table, CSV, JSON Lines or Parquet."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from sec_pipeline.cli import main
from sec_pipeline.store import Store
from sec_pipeline_tests.store.helpers import accession, filing_row, signal_row

DAY = date(2024, 11, 1)


@pytest.fixture
def environ(tmp_path: Path) -> dict[str, str]:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    store = Store(url)
    store.migrate()
    store.replace_tickers([{"ticker": "AMD", "cik": 2488, "title": "ADVANCED MICRO DEVICES INC", "rank": 0}])
    store.upsert_filings([filing_row(2488, 1, day=DAY, accepted_at=datetime(2024, 11, 1, 21, tzinfo=UTC)),
                          filing_row(789019, 2, day=DAY, form="8-K")])
    store.stage_signals_many({accession(2488, 2024, 1): [signal_row("1A", "neg", 0.25, family="risk_change")],
                              accession(789019, 2024, 2): [signal_row("8.01", "going_concern", 1.0)]})
    store.publish_signals(DAY)
    store.dispose()
    return {"DATABASE_URL": url, "SEC_PIPELINE_HOME": str(tmp_path)}


def test_jsonl_rows_carry_the_view_columns(environ: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["signals", "--ticker", "amd", "--family", "risk_change", "--format", "jsonl"], environ) == 0
    (row,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert (row["cik"], row["ticker"], row["company"], row["value"]) == ("2488", "AMD", "Company 2488", 0.25)
    assert row["available_at"] >= row["accepted_at"] == "2024-11-01T21:00:00+00:00"


def test_table_csv_parquet_and_as_of(environ: dict[str, str], tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["signals", "--date", "2024-11-01", "--form", "8-K"], environ) == 0
    header, *lines = capsys.readouterr().out.splitlines()
    assert header.split()[:3] == ["filing_date", "ticker", "cik"] and len(lines) == 1 and "going_concern" in lines[0]
    assert main(["signals", "--cik", "0000002488", "--format", "csv"], environ) == 0
    assert len(capsys.readouterr().out.splitlines()) == 2
    target = tmp_path / "signals.parquet"
    assert main(["signals", "--format", "parquet", "--output", str(target)], environ) == 0
    assert pq.read_table(target).num_rows == 2
    assert main(["signals", "--as-of", "2024-11-01T20:00:00Z", "--format", "jsonl"], environ) == 0
    assert capsys.readouterr().out == "", "nothing was accepted and published by then"


def test_bad_input_is_one_line(environ: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["signals", "--as-of", "2004-02-11T14:30:00"], environ)
    assert "has no time zone" in capsys.readouterr().err
    assert main(["signals", "--format", "parquet"], environ) == 2
    assert "pass --output" in capsys.readouterr().err
