"""What the assets write, as Dagster shows it: kinds that match the configured storage, table metadata.

Assets name the storage they write with the placeholder kinds DATABASE and BLOBS; the code location replaces
them by `sqlite` or `postgres` and `s3` or `file`, following DATABASE_URL and SEC_PIPELINE_S3_BUCKET
(`storage_kinds`). `table_metadata` gives an app table's `dagster/table_name` and `dagster/column_schema`,
`row_counts` its `dagster/row_count` and `dagster/partition_row_count`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import dagster as dg

from sec_pipeline.config import PipelineConfig
from sec_pipeline.store import schema
from sec_pipeline.store.store import Store

DATABASE = "database"
BLOBS = "blobs"


def storage_kinds(config: PipelineConfig) -> Callable[[dg.AssetSpec], dg.AssetSpec]:
    """A spec mapper that turns the placeholder kinds into the configured database and blob store."""
    database = "postgres" if config.database_url.startswith("postgres") else "sqlite"
    blobs = "s3" if config.blobs.s3_bucket else "file"
    resolved = {DATABASE: database, BLOBS: blobs}

    def resolve(spec: dg.AssetSpec) -> dg.AssetSpec:
        if not spec.kinds & resolved.keys():
            return spec
        kinds = {resolved.get(kind, kind) for kind in spec.kinds}
        tags = {key: value for key, value in spec.tags.items() if not key.startswith("dagster/kind/")}
        return spec.replace_attributes(tags=tags, kinds=kinds)

    return resolve


def table_metadata(table: str) -> dict[str, Any]:
    """Definition metadata of an asset that writes app table `table`: its name and column schema."""
    columns = [
        dg.TableColumn(
            name=column.name,
            type=str(column.type).lower(),
            description=column.comment,
            constraints=dg.TableColumnConstraints(nullable=bool(column.nullable), unique=False),
        )
        for column in schema.metadata.tables[table].columns
    ]
    return {"dagster/table_name": table, "dagster/column_schema": dg.TableSchema(columns=columns)}


def row_counts(store: Store, table: str, partition_rows: int, **current: object) -> dict[str, Any]:
    """`dagster/row_count` (rows of app table `table`, narrowed by `current`, e.g. superseded_at=None) and
    `dagster/partition_row_count` (the rows the step wrote for its partition)."""
    return {"dagster/row_count": dg.MetadataValue.int(store.count_rows(table, **current)),
            "dagster/partition_row_count": dg.MetadataValue.int(partition_rows)}
