"""Kinds follow the configured storage; assets that write tables carry their name and column schema."""

from __future__ import annotations

import pytest

from sec_pipeline.config import PipelineConfig
from sec_pipeline.definitions import load_definitions
from sec_pipeline.defs.storage import BLOBS, DATABASE
from sec_pipeline.store import schema

TABLES = {"raw_filings": "filings", "parsed_sections": "sections", "extracted_signals": "staged_signals",
          "signal_validations": "validations", "published_signals": "signals"}


@pytest.mark.parametrize(("environ", "database", "blobs"), [
    ({}, "sqlite", "file"),
    ({"DATABASE_URL": "postgresql+psycopg://u@127.0.0.1:5432/x", "SEC_PIPELINE_S3_BUCKET": "filings"},
     "postgres", "s3"),
])
def test_kinds_name_the_configured_database_and_blob_store(tmp_path, environ, database, blobs):
    config = PipelineConfig.from_env({"SEC_PIPELINE_HOME": str(tmp_path), **environ})
    graph = load_definitions(config).resolve_asset_graph()
    kinds = {key.to_user_string(): graph.get(key).kinds for key in graph.get_all_asset_keys()}
    assert kinds["raw_filings"] == {"python", database, blobs}
    assert kinds["published_signals"] == {"python", database}
    every_kind = set().union(*kinds.values())
    assert not every_kind & {DATABASE, BLOBS}, "no placeholder kind is left"
    assert not every_kind & ({"sqlite", "postgres", "s3", "file"} - {database, blobs}), "no storage not configured"


def test_assets_that_write_tables_carry_table_name_and_column_schema(default_definitions):
    graph = default_definitions.resolve_asset_graph()
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        assert node.code_version, key
        assert node.metadata["dagster/code_references"].code_references, key
        table = TABLES.get(key.to_user_string())
        if table is None:
            continue
        assert node.metadata["dagster/table_name"] == table
        columns = node.metadata["dagster/column_schema"].columns
        assert [c.name for c in columns] == [c.name for c in schema.metadata.tables[table].columns]
    published = graph.get(next(k for k in graph.get_all_asset_keys() if k.to_user_string() == "published_signals"))
    by_name = {c.name: c for c in published.metadata["dagster/column_schema"].columns}
    assert {"available_at", "superseded_at", "value", "evidence"} <= by_name.keys()
    assert not by_name["accession_no"].constraints.nullable and by_name["value"].constraints.nullable
