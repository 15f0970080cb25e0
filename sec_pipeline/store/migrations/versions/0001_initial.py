"""Initial schema: filings, sections, staged_signals, signals, validations, model_versions.

Revision ID: 0001
Revises:
Create Date: 2026-11-27 05:32:24
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIMESTAMP = sa.DateTime(timezone=True)


def _json() -> sa.JSON:
    return sa.JSON(none_as_null=True)


def _signal_columns() -> list[sa.Column[Any]]:
    return [
        sa.Column("accession_no", sa.String(length=32), nullable=False),
        sa.Column("section", sa.String(length=64), nullable=False),
        sa.Column("family", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("filing_date", sa.Date(), nullable=False),
        sa.Column("category", sa.String(length=128), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("label", sa.String(), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=True),
        sa.Column("evidence_start", sa.Integer(), nullable=True),
        sa.Column("evidence_end", sa.Integer(), nullable=True),
        sa.Column("model", sa.String(), nullable=True),
        sa.Column("model_version", sa.String(), nullable=True),
        sa.Column("tier", sa.String(length=64), nullable=True),
        sa.Column("latency_s", sa.Float(), nullable=True),
        sa.Column("cost_usd", sa.Float(), nullable=True),
        sa.Column("unit", sa.String(length=64), nullable=True),
        sa.Column("period", sa.String(length=64), nullable=True),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "filings",
        sa.Column("accession_no", sa.String(length=32), nullable=False),
        sa.Column("cik", sa.String(length=16), nullable=False),
        sa.Column("company", sa.String(), nullable=True),
        sa.Column("form_type", sa.String(length=32), nullable=False),
        sa.Column("filing_date", sa.Date(), nullable=False),
        sa.Column("period_of_report", sa.Date(), nullable=True),
        sa.Column("sic", sa.String(length=8), nullable=True),
        sa.Column("fiscal_year_end", sa.String(length=8), nullable=True),
        sa.Column("declared_items", _json(), nullable=True),
        sa.Column("primary_document", sa.String(), nullable=True),
        sa.Column("raw_uri", sa.String(), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("bytes", sa.BigInteger(), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("accession_no"),
    )
    op.create_index("ix_filings_cik_filing_date", "filings", ["cik", sa.text("filing_date DESC")])
    op.create_index("ix_filings_filing_date_form_type", "filings", ["filing_date", "form_type"])
    op.create_index("ix_filings_status", "filings", ["status"])

    op.create_table(
        "sections",
        sa.Column("accession_no", sa.String(length=32), nullable=False),
        sa.Column("item", sa.String(length=64), nullable=False),
        sa.Column("form_type", sa.String(length=32), nullable=True),
        sa.Column("title", sa.String(), nullable=True),
        sa.Column("start_offset", sa.Integer(), nullable=True),
        sa.Column("end_offset", sa.Integer(), nullable=True),
        sa.Column("source_start", sa.Integer(), nullable=True),
        sa.Column("source_end", sa.Integer(), nullable=True),
        sa.Column("char_count", sa.Integer(), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("warnings", _json(), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("text_uri", sa.String(), nullable=True),
        sa.Column("parser_version", sa.String(length=32), nullable=True),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("accession_no", "item"),
    )
    op.create_index("ix_sections_accession_no", "sections", ["accession_no"])

    op.create_table(
        "staged_signals",
        *_signal_columns(),
        sa.PrimaryKeyConstraint("accession_no", "section", "family", "name"),
    )
    op.create_index(
        "ix_staged_signals_accession_no_category", "staged_signals", ["accession_no", "category"]
    )
    op.create_index("ix_staged_signals_filing_date", "staged_signals", ["filing_date"])

    op.create_table(
        "signals",
        *_signal_columns(),
        sa.Column("published_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("accession_no", "section", "family", "name"),
    )
    op.create_index("ix_signals_accession_no_category", "signals", ["accession_no", "category"])
    op.create_index("ix_signals_filing_date", "signals", ["filing_date"])

    op.create_table(
        "validations",
        sa.Column("partition", sa.String(length=64), nullable=False),
        sa.Column("scope", sa.String(length=128), nullable=False),
        sa.Column("expectation", sa.String(length=255), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("observed_value", _json(), nullable=True),
        sa.Column("threshold", _json(), nullable=True),
        sa.Column("details", _json(), nullable=True),
        sa.Column("run_id", sa.String(length=64), nullable=True),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("partition", "scope", "expectation"),
    )

    op.create_table(
        "model_versions",
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("version", sa.String(length=64), nullable=False),
        sa.Column("uri", sa.String(), nullable=False),
        sa.Column("metrics", _json(), nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("name", "version"),
    )


def downgrade() -> None:
    for table in ("model_versions", "validations", "signals", "staged_signals", "sections", "filings"):
        op.drop_table(table)
