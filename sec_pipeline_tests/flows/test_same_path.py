"""`sec-pipeline parse` and `rule-signals` read a file as the parsed_sections and extracted_signals flows read the
stored submission: the same sections and the same rule-based signals."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from sec_pipeline.cli import main
from sec_pipeline.commands.rule_signals import event_detector
from sec_pipeline.config import PipelineConfig
from sec_pipeline.flows.extraction import Extractors, extract_partition
from sec_pipeline.flows.ingest import ingest_partition
from sec_pipeline.flows.sectioning import parse_partition
from sec_pipeline.signals.routing import SentimentRouter
from sec_pipeline_tests.flows.conftest import AMD_2018, AMD_2023, AMD_DAY

CATERPILLAR_8K = "0000018230-22-000107"  # items 2.02, 7.01, 9.01 and an EX-99.1 press release
RULE_FAMILIES = {"event", "event_evidence", "financial", "risk_change"}
SECTION_FIELDS = {"item": "item", "title": "title", "start": "start_offset", "end": "end_offset",
                  "source_start": "source_start", "source_end": "source_end", "char_count": "char_count",
                  "confidence": "confidence", "warnings": "warnings", "text": "text"}
UNTIMED = ("section", "family", "name", "category", "value", "label", "confidence", "evidence", "evidence_start",
           "evidence_end", "model", "model_version", "tier", "unit", "period")


def cli_json(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict]:
    assert main(list(args)) == 0
    out = capsys.readouterr().out
    return json.loads(out) if args[0] == "parse" else [json.loads(line) for line in out.splitlines()]


def untimed(rows: list[dict]) -> list[tuple]:
    return sorted(tuple(row[k] for k in UNTIMED) for row in rows)


def run_flows(client, store, blobs, day: date, form: str, cik: str, environ: dict[str, str]) -> None:
    """raw_filings, parsed_sections and extracted_signals' flows for one company's filings of `day`, with the
    event detector `rule-signals` uses under `environ` (trained there once)."""
    ingest_partition(client, store, blobs, day, forms=[form], ciks=[cik])
    parse_partition(store, blobs, day)
    events = event_detector(PipelineConfig.from_env(environ))
    extract_partition(store, blobs, day,
                      Extractors(router=SentimentRouter(None, None, lexicon_fallback=True), events=events))


def stored_file(store, blobs, accession: str, folder: Path) -> Path:
    """The stored full submission of `accession`, written to a file as a user would have it."""
    path = folder / f"{accession}.txt"
    path.write_bytes(blobs.get(store.get_filings(accessions=[accession])[0]["raw_uri"]))
    return path


def assert_same_sections(capsys, store, accession: str, path: Path) -> None:
    parsed = cli_json(capsys, "parse", str(path), "--json")
    stored = {s["item"]: s for s in store.get_sections([accession])}
    assert [s["item"] for s in parsed] and len(parsed) == len(stored)
    for section in parsed:
        assert {cli: section[cli] for cli in SECTION_FIELDS} == {
            cli: stored[section["item"]][column] for cli, column in SECTION_FIELDS.items()}


def assert_same_rule_signals(capsys, store, day: date, families: set[str], environ: dict[str, str],
                             *args: str) -> None:
    assert main(["rule-signals", *args, "--no-embeddings"], environ) == 0
    printed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    staged = [s for s in store.get_staged_signals(filing_date=day) if s["family"] in RULE_FAMILIES]
    assert {s["family"] for s in staged} == families
    assert untimed(printed) == untimed(staged)


def test_10k_with_previous_filing_and_inline_xbrl(client, sqlite_store, blobs, tmp_path: Path, capsys,
                                                  event_model_environ) -> None:
    run_flows(client, sqlite_store, blobs, AMD_DAY, "10-K", "2488", event_model_environ)
    current, previous = (stored_file(sqlite_store, blobs, a, tmp_path) for a in (AMD_2023, AMD_2018))
    assert_same_sections(capsys, sqlite_store, AMD_2023, current)
    staged = {s["family"] for s in sqlite_store.get_staged_signals(filing_date=AMD_DAY)} & RULE_FAMILIES
    assert {"financial", "risk_change"} <= staged
    assert_same_rule_signals(capsys, sqlite_store, AMD_DAY, staged, event_model_environ,
                             str(current), "--previous", str(previous))


def test_8k_with_press_release(client, sqlite_store, blobs, tmp_path: Path, capsys, event_model_environ) -> None:
    day = date(2022, 4, 28)
    run_flows(client, sqlite_store, blobs, day, "8-K", "18230", event_model_environ)
    path = stored_file(sqlite_store, blobs, CATERPILLAR_8K, tmp_path)
    assert_same_sections(capsys, sqlite_store, CATERPILLAR_8K, path)
    staged = {s["family"] for s in sqlite_store.get_staged_signals(filing_date=day)} & RULE_FAMILIES
    assert "event" in staged
    assert_same_rule_signals(capsys, sqlite_store, day, staged, event_model_environ, str(path))
